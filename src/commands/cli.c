/* cli.c - global options, the argument parser every command uses, help
 * text and the effective-policy pipeline shared by every command. */
#include "config.h"

#include "commands/cli.h"
#include "core/cleanup.h"
#include "core/text.h"
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
  /* The engine's address and TLS, spelt as the docker CLI's flags. */
  const struct { const char *name; const char **dest; } engine_values[] = {
    { "--engine", &g->engine.url }, { "--host", &g->engine.url }, { "-H", &g->engine.url },
    { "--context", &g->engine.context }, { "--tlscacert", &g->engine.tlscacert },
    { "--tlscert", &g->engine.tlscert }, { "--tlskey", &g->engine.tlskey },
  };
  for (size_t k = 0; k < sizeof engine_values / sizeof engine_values[0]; k++)
    if ((r = take_value (engine_values[k].name, argc, argv, i, &v, err)) != 0)
      {
        if (r > 0)
          *engine_values[k].dest = v;
        return r;
      }
  if (strcmp (argv[*i], "--tlsverify") == 0 || strcmp (argv[*i], "--tls") == 0)
    {
      if (argv[*i][5] == 'v')
        g->engine.tlsverify = true;
      g->engine.tls = true;
      *i += 1;
      return 1;
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

/* --- the parser -------------------------------------------------------------- */

static const char *const global_names[] = { "--engine", "--host", "--context", "--tls",
                                            "--tlsverify", "--tlscacert", "--tlscert",
                                            "--tlskey", "--theme", "--no-color", "--help", NULL };

static int
parse_seconds (const char *cmd, const cli_option *o, const char *value, double *out, hb_error **err)
{
  char *end = NULL;
  errno = 0;
  double v = strtod (value, &end);
  if (end == value || *end != '\0' || errno != 0 || !(v > 0) || !isfinite (v) || v > 1e6)
    return cli_usage_error (cmd, err, "%s %s: needs a number of seconds > 0", o->name, value);
  *out = v;
  return 0;
}

static int
parse_int (const char *cmd, const cli_option *o, const char *value, long *out, hb_error **err)
{
  char *end = NULL;
  errno = 0;
  long v = strtol (value, &end, 10);
  if (end == value || *end != '\0' || errno != 0 || v < o->min || v > o->max)
    return cli_usage_error (cmd, err, "%s %s: needs a number from %ld to %ld", o->name, value,
                            o->min, o->max);
  *out = v;
  return 0;
}

/* Store value (NULL for a flag) where o says, as its kind says. */
static int
store (const cli_spec *spec, const cli_option *o, void *values, const char *value, hb_error **err)
{
  void *dest = (char *) values + o->offset;
  switch (o->kind)
    {
    case CLI_FLAG:
      *(bool *) dest = true;
      return 0;
    case CLI_STRING:
      *(const char **) dest = value;
      return 0;
    case CLI_LIST:
      strv_push (dest, value);
      return 0;
    case CLI_SECONDS:
      return parse_seconds (spec->cmd, o, value, dest, err);
    case CLI_INT:
      return parse_int (spec->cmd, o, value, dest, err);
    }
  return hb_fail (err, HB_EXIT_FAILURE, "%s: %s: unknown option kind", spec->cmd, o->name);
}

/* If argv[*i] is one of spec's own options, store it, advance *i past it
 * (and its value) and return 1; 0 if it is none of them; -1 on a missing,
 * empty or bad value. */
static int
take_own (const cli_spec *spec, void *values, int argc, char **argv, int *i, hb_error **err)
{
  const char *arg = argv[*i];
  for (const cli_option *o = spec->options; o && o->name; o++)
    {
      size_t len = strlen (o->name);
      bool takes_value = o->kind != CLI_FLAG;
      const char *value = NULL;
      int used;
      if (takes_value && strncmp (arg, o->name, len) == 0 && arg[len] == '=')
        {
          value = arg + len + 1;
          used = 1;
        }
      else if (strcmp (arg, o->name) == 0 || (o->alias && strcmp (arg, o->alias) == 0))
        {
          if (takes_value)
            value = *i + 1 < argc ? argv[*i + 1] : NULL;
          used = takes_value ? 2 : 1;
        }
      else
        continue;
      if (takes_value && (value == NULL || *value == '\0'))
        return cli_usage_error (spec->cmd, err, "%s needs %s", o->name, o->need);
      if (store (spec, o, values, value, err) < 0)
        return -1;
      *i += used;
      return 1;
    }
  return 0;
}

/* The known option nearest to arg (its "=VALUE" left out), or NULL when
 * none is near enough to be what was meant. */
static const char *
nearest_option (const cli_spec *spec, const char *arg)
{
  cleanup_free char *name = xstrndup (arg, strcspn (arg, "="));
  size_t letters = strlen (name + strspn (name, "-"));
  if (letters < 2)
    return NULL;
  size_t limit = letters <= 3 ? 1 : letters < 6 ? 2 : letters / 3;
  const char *best = NULL;
  size_t best_d = limit + 1;
#define CONSIDER(candidate)                                        \
  do                                                               \
    {                                                              \
      size_t d_ = text_edit_distance (name, (candidate));          \
      if (d_ < best_d)                                             \
        {                                                          \
          best_d = d_;                                             \
          best = (candidate);                                      \
        }                                                          \
    }                                                              \
  while (0)
  for (const cli_option *o = spec->options; o && o->name; o++)
    CONSIDER (o->name);
  if (spec->takes_policy)
    for (size_t k = 0; hb_policy_option_name (k); k++)
      CONSIDER (hb_policy_option_name (k));
  for (size_t k = 0; global_names[k]; k++)
    CONSIDER (global_names[k]);
#undef CONSIDER
  return best;
}

static int
unknown_option (const cli_spec *spec, const char *arg, hb_error **err)
{
  const char *near = nearest_option (spec, arg);
  if (near)
    return cli_usage_error (spec->cmd, err, "unknown option %s; did you mean %s?", arg, near);
  return cli_usage_error (spec->cmd, err, "unknown option %s", arg);
}

static int
take_positional (const cli_spec *spec, cli_args *args, const char *arg, hb_error **err)
{
  if (spec->positional != NULL && args->positional == NULL)
    {
      args->positional = arg;
      return 0;
    }
  if (spec->surplus_hint)
    return cli_usage_error (spec->cmd, err, "unexpected argument %s (%s)", arg, spec->surplus_hint);
  return cli_usage_error (spec->cmd, err, "unexpected argument %s", arg);
}

int
cli_parse (const cli_spec *spec, hb_globals *g, int argc, char **argv, void *values,
           cli_args *args, hb_error **err)
{
  memset (args, 0, sizeof *args);
  args->spec = spec;
  args->values = values;
  for (int i = 1; i < argc;)
    {
      const char *a = argv[i];
      if (strcmp (a, "--") == 0)
        {
          if (spec->takes_command)
            {
              args->has_command = true;
              for (int k = i + 1; k < argc; k++)
                strv_push (&args->command, argv[k]);
            }
          else
            for (int k = i + 1; k < argc; k++)
              if (take_positional (spec, args, argv[k], err) < 0)
                return -1;
          break;
        }
      int r = cli_take_global (g, argc, argv, &i, err);
      if (r == 0 && spec->takes_policy)
        r = hb_policy_opts_take (&args->policy, argc, argv, &i, err);
      if (r == 0)
        r = take_own (spec, values, argc, argv, &i, err);
      if (r < 0)
        return -1;
      if (r > 0)
        continue;
      if (a[0] == '-' && a[1] != '\0' && !(spec->dash_positional && spec->dash_positional (a)))
        return unknown_option (spec, a, err);
      if (take_positional (spec, args, a, err) < 0)
        return -1;
      i++;
    }
  if (spec->positional_required && args->positional == NULL)
    return cli_usage_error (spec->cmd, err, "no %s given", spec->positional);
  if (args->has_command && args->command.n == 0)
    return cli_usage_error (spec->cmd, err, "no command after --");
  return 0;
}

void
cli_args_clear (cli_args *args)
{
  if (args->spec && args->values)
    for (const cli_option *o = args->spec->options; o && o->name; o++)
      if (o->kind == CLI_LIST)
        strv_clear ((strv *) ((char *) args->values + o->offset));
  hb_policy_opts_clear (&args->policy);
  strv_clear (&args->command);
  args->positional = NULL;
  args->has_command = false;
}

/* --- help ----------------------------------------------------------------------- */

#define HELP_COLUMN 22   /* where option descriptions start */

/* One entry: left column, then text whose '\n's start aligned lines; a left
 * column too wide for the gap puts the text on the next line. */
static void
help_entry (FILE *f, const char *left, const char *text)
{
  int pad = HELP_COLUMN - 2 - (int) strlen (left);
  if (pad < 1)
    fprintf (f, "  %s\n%*s", left, HELP_COLUMN, "");
  else
    fprintf (f, "  %s%*s", left, pad, "");
  for (const char *p = text; *p;)
    {
      size_t n = strcspn (p, "\n");
      fprintf (f, "%.*s\n", (int) n, p);
      p += n;
      if (*p == '\n' && *++p)
        fprintf (f, "%*s", HELP_COLUMN, "");
    }
}

char *
cli_options_help (const cli_spec *spec)
{
  char *text = NULL;
  size_t size = 0;
  FILE *f = open_memstream (&text, &size);
  if (f == NULL)
    return xstrdup ("");
  for (const cli_option *o = spec->options; o && o->name; o++)
    {
      cleanup_free char *left = xasprintf ("%s%s%s%s%s", o->alias ? o->alias : "",
                                           o->alias ? ", " : "", o->name, o->metavar ? " " : "",
                                           o->metavar ? o->metavar : "");
      help_entry (f, left, o->help);
    }
  if (spec->dashdash)
    help_entry (f, spec->dashdash, spec->dashdash_help);
  if (spec->note)
    fprintf (f, "%s\n", spec->note);
  if (fclose (f) != 0 || text == NULL)
    {
      free (text);
      return xstrdup ("");
    }
  return text;
}

void
cli_print_command_help (const hb_command *cmd)
{
  printf ("Usage: hardenbench %s %s\n\n%s\n", cmd->name, cmd->synopsis, cmd->summary);
  cleanup_free char *own = cli_options_help (cmd->spec);
  if (*own)
    printf ("\nOptions:\n%s", own);
  if (cmd->spec->takes_policy)
    printf ("\nPOLICY options (applied on top of the target's current settings:\n"
            "every --policy FILE first, then each flag in the order given):\n%s",
            hb_policy_options_help ());
  printf ("\nGlobal options:\n"
          "  --engine URL, --host URL, -H URL\n"
          "                      unix:///path, tcp://host:port or ssh://[user@]host[:port]\n"
          "                      (default: $DOCKER_HOST, then $DOCKER_CONTEXT, the current\n"
          "                      docker context, /var/run/docker.sock, the Podman sockets)\n"
          "  --context NAME      a docker context (~/.docker/contexts)\n"
          "  --tls, --tlsverify  TLS to a tcp engine (--tlsverify: check its certificate;\n"
          "                      also DOCKER_TLS_VERIFY=1)\n"
          "  --tlscacert FILE, --tlscert FILE, --tlskey FILE\n"
          "                      default: ca.pem, cert.pem, key.pem in $DOCKER_CERT_PATH\n"
          "                      (~/.docker)\n"
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

void
cli_print_event (const hb_event *ev, void *userdata)
{
  cli_events *o = userdata;
  if (ev->kind == HB_EV_SUMMARY && ev->data)
    {
      json_decref (o->summary);
      o->summary = json_incref (ev->data);
    }
  if (o->json)
    {
      cleanup_json json_t *j = hb_event_to_json (ev);
      cleanup_free char *s = json_dumps (j, JSON_COMPACT);
      if (s)
        {
          fputs (s, stdout);
          fputc ('\n', stdout);   /* flushed per batch by hb_trial_run */
        }
      return;
    }
  cleanup_free char *line = hb_event_text (ev, HB_EVENT_TEXT_LINE);
  fprintf (stderr, "hardenbench: %s\n", line);
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
