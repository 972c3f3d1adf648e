/* cli.c - global options, help text and the effective-policy pipeline
 * shared by every command. */
#include "config.h"

#include "commands/cli.h"
#include "core/cleanup.h"
#include "core/xalloc.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Takes "--name VALUE" or "--name=VALUE"; sets *value, advances *i. */
static int
take_value (const char *name, int argc, char **argv, int *i, const char **value, hb_error **err)
{
  const char *arg = argv[*i];
  size_t len = strlen (name);
  if (strncmp (arg, name, len) != 0)
    return 0;
  if (arg[len] == '=')
    {
      *value = arg + len + 1;
      *i += 1;
      return 1;
    }
  if (arg[len] != '\0')
    return 0;
  if (*i + 1 >= argc)
    return hb_fail (err, HB_EXIT_USAGE, "%s needs a value", name);
  *value = argv[*i + 1];
  *i += 2;
  return 1;
}

int
cli_take_global (hb_globals *g, int argc, char **argv, int *i, hb_error **err)
{
  const char *v = NULL;
  int r;
  if ((r = take_value ("--engine", argc, argv, i, &v, err)) != 0)
    {
      if (r > 0)
        g->engine.url = v;
      return r;
    }
  if ((r = take_value ("--theme", argc, argv, i, &v, err)) != 0)
    {
      if (r > 0)
        g->theme = v;
      return r;
    }
  if (strcmp (argv[*i], "--no-color") == 0 || strcmp (argv[*i], "--no-colour") == 0)
    {
      g->no_color = true;
      *i += 1;
      return 1;
    }
  return 0;
}

int
cli_take_value (const char *cmd, const char *long_name, const char *short_name,
                const char *metavar, int argc, char **argv, int *i, const char **value,
                hb_error **err)
{
  const char *arg = argv[*i];
  size_t len = strlen (long_name);
  const char *v = NULL;
  int used;
  if (strncmp (arg, long_name, len) == 0 && arg[len] == '=')
    {
      v = arg + len + 1;
      used = 1;
    }
  else if (strcmp (arg, long_name) == 0 || (short_name && strcmp (arg, short_name) == 0))
    {
      v = *i + 1 < argc ? argv[*i + 1] : NULL;
      used = 2;
    }
  else
    return 0;
  if (v == NULL || *v == '\0')
    return cli_usage_error (cmd, err, "%s needs %s", long_name, metavar);
  *value = v;
  *i += used;
  return 1;
}

int
cli_parse_seconds (const char *cmd, const char *value, double *out, hb_error **err)
{
  char *end = NULL;
  errno = 0;
  double v = strtod (value, &end);
  if (end == value || *end != '\0' || errno != 0 || !(v > 0) || !isfinite (v) || v > 1e6)
    return cli_usage_error (cmd, err, "--timeout %s: needs a number of seconds > 0", value);
  *out = v;
  return 0;
}

void
cli_print_command_help (const hb_command *cmd)
{
  printf ("Usage: hardenbench %s %s\n\n%s\n", cmd->name, cmd->synopsis, cmd->summary);
  if (cmd->options)
    printf ("\nOptions:\n%s", cmd->options);
  if (cmd->takes_policy)
    printf ("\nPOLICY options (applied on top of the target's current settings:\n"
            "every --policy FILE first, then each flag in the order given):\n%s",
            hb_policy_options_help ());
  printf ("\nGlobal options:\n"
          "  --engine URL        unix:///path or tcp://host:port (default: $DOCKER_HOST,\n"
          "                      then /var/run/docker.sock, then the Podman sockets)\n"
          "  --theme NAME        TUI colour theme\n"
          "  --no-color          no colours (NO_COLOR is honoured too)\n");
}

int
cli_usage_error (const char *cmd, hb_error **err, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  cleanup_free char *why = xvasprintf (fmt, ap);
  va_end (ap);
  return hb_fail (err, HB_EXIT_USAGE, "%s: %s (see 'hardenbench %s --help')", cmd, why, cmd);
}

hb_policy *
cli_effective_policy (const hb_target *target, const hb_policy_opts *opts, hb_error **err)
{
  cleanup_policy hb_policy *p = hb_policy_copy (target->current);
  if (hb_policy_opts_apply (p, opts, err) < 0)
    return NULL;
  if (p->user != NULL)
    {
      char *resolved = NULL;
      if (hb_user_resolve (&target->rootfs, p->user, &resolved, err) < 0)
        return NULL;
      free (p->user);
      p->user = resolved;
    }
  return steal_pointer (&p);
}

bool
cli_use_color (const hb_globals *g, int fd)
{
  if (g->no_color)
    return false;
  const char *nc = getenv ("NO_COLOR");
  if (nc && *nc)
    return false;
  const char *term = getenv ("TERM");
  if (term && strcmp (term, "dumb") == 0)
    return false;
  return isatty (fd);
}
