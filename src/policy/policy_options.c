/* policy_options.c - the POLICY options of every command (INTERFACE.md),
 * as one table: name, whether it takes a value, help, and the edit it
 * makes.  Order: every --policy FILE first, then each flag as given. */
#include "config.h"

#include "policy/policy.h"
#include "policy/presets.h"
#include "core/cleanup.h"
#include "core/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef int (*option_fn) (hb_policy *p, const char *value, hb_error **err);

typedef struct option_def {
  const char *name;
  const char *metavar;   /* NULL: a flag without a value */
  const char *help;
  option_fn apply;
} option_def;

static int
opt_policy (hb_policy *p, const char *value, hb_error **err)
{
  return hb_policy_apply_file (p, value, err);
}

static int
opt_preset (hb_policy *p, const char *value, hb_error **err)
{
  return hb_preset_apply (p, value, err);
}

static int
opt_read_only (hb_policy *p, const char *value, hb_error **err)
{
  p->read_only_root = true;
  return 0;
}

static int
opt_no_read_only (hb_policy *p, const char *value, hb_error **err)
{
  p->read_only_root = false;
  return 0;
}

static int
opt_tmpfs (hb_policy *p, const char *value, hb_error **err)
{
  cleanup_free char *path = xstrdup (value);
  char *colon = strchr (path, ':');
  const char *opts = NULL;
  if (colon)
    {
      *colon = '\0';
      opts = colon + 1;
    }
  return hb_policy_set_tmpfs (p, path, opts, err);
}

/* PATH, SOURCE:PATH or SOURCE:PATH:MODE, as docker -v splits them. */
static int
opt_volume (hb_policy *p, const char *value, hb_error **err)
{
  cleanup_free char *copy = xstrdup (value);
  char *parts[4] = { 0 };
  size_t n = 0;
  char *save = NULL;
  for (char *s = strtok_r (copy, ":", &save); s && n < 4; s = strtok_r (NULL, ":", &save))
    parts[n++] = s;
  if (n == 1)
    return hb_policy_set_volume (p, parts[0], NULL, false, err);
  if (n == 2)
    return hb_policy_set_volume (p, parts[1], parts[0], false, err);
  if (n == 3 && (strcmp (parts[2], "ro") == 0 || strcmp (parts[2], "rw") == 0))
    return hb_policy_set_volume (p, parts[1], parts[0], strcmp (parts[2], "ro") == 0, err);
  return hb_fail (err, HB_EXIT_USAGE, "--volume %s: expected PATH, SOURCE:PATH or SOURCE:PATH:ro", value);
}

static int
opt_cap_drop (hb_policy *p, const char *value, hb_error **err)
{
  return hb_policy_cap_drop (p, value, err);
}

static int
opt_cap_add (hb_policy *p, const char *value, hb_error **err)
{
  return hb_policy_cap_add (p, value, err);
}

static int
opt_seccomp (hb_policy *p, const char *value, hb_error **err)
{
  return hb_policy_set_seccomp_profile (p, value, err);
}

/* "EPERM", "eacces", "13" -> errno number. */
static int
parse_errno (const char *s)
{
  char *end = NULL;
  long v = strtol (s, &end, 10);
  if (*s && *end == '\0')
    return v >= 1 && v <= 4095 ? (int) v : -1;
  for (int e = 1; e < 134; e++)
    {
      const char *name = strerrorname_np (e);
      if (name && strcasecmp (name, s) == 0)
        return e;
    }
  return -1;
}

static int
opt_deny (hb_policy *p, const char *value, hb_error **err)
{
  cleanup_free char *name = xstrdup (value);
  int errnum = EPERM;
  char *colon = strchr (name, ':');
  if (colon)
    {
      *colon = '\0';
      errnum = parse_errno (colon + 1);
      if (errnum < 0)
        return hb_fail (err, HB_EXIT_USAGE, "--deny %s: %s is not an errno name or number 1..4095",
                        value, colon + 1);
    }
  return hb_policy_seccomp_deny (p, name, errnum, err);
}

static int
opt_allow (hb_policy *p, const char *value, hb_error **err)
{
  return hb_policy_seccomp_allow (p, value, err);
}

static int
opt_user (hb_policy *p, const char *value, hb_error **err)
{
  return hb_policy_set_user (p, value, err);
}

static int
opt_nnp (hb_policy *p, const char *value, hb_error **err)
{
  p->no_new_privileges = true;
  return 0;
}

static int
opt_memory (hb_policy *p, const char *value, hb_error **err)
{
  return hb_policy_set_memory (p, value, err);
}

static int
opt_cpus (hb_policy *p, const char *value, hb_error **err)
{
  return hb_policy_set_cpus (p, value, err);
}

static int
opt_pids (hb_policy *p, const char *value, hb_error **err)
{
  return hb_policy_set_pids (p, value, err);
}

static const option_def options[] = {
  { "--policy", "FILE", "a policy file (JSON, see INTERFACE.md)", opt_policy },
  { "--preset", "NAME", "a shipped per-image preset (profiles/presets/NAME.json)", opt_preset },
  { "--read-only", NULL, "mount the root filesystem read-only", opt_read_only },
  { "--no-read-only", NULL, "keep the root filesystem writable", opt_no_read_only },
  { "--tmpfs", "PATH[:OPTS]", "writable tmpfs; OPTS as docker: rw,noexec,nosuid,nodev,size=64m", opt_tmpfs },
  { "--volume", "PATH", "writable scratch volume at PATH (or SOURCE:PATH[:ro])", opt_volume },
  { "--cap-drop", "CAP", "drop a capability (repeatable; ALL allowed)", opt_cap_drop },
  { "--cap-add", "CAP", "add a capability (repeatable; CAP_ prefix optional)", opt_cap_add },
  { "--seccomp", "PROFILE",
    "default (the engine's Docker line) | default-no-chmod | docker-20.10 | docker-23 | docker-25 | "
    "strict-web | unconfined | FILE", opt_seccomp },
  { "--deny", "SYSCALL[:ERRNO]", "add a seccomp deny rule (default errno EPERM)", opt_deny },
  { "--allow", "SYSCALL", "add a seccomp allow rule", opt_allow },
  { "--user", "USER[:GROUP]", "name or number, resolved in the target's /etc/passwd", opt_user },
  { "--no-new-privileges", NULL, "setuid binaries and file capabilities grant nothing", opt_nnp },
  { "--memory", "SIZE", "memory limit, e.g. 256m", opt_memory },
  { "--cpus", "N", "CPU limit, e.g. 0.5", opt_cpus },
  { "--pids-limit", "N", "maximum number of processes", opt_pids },
};

static const option_def *
find_option (const char *arg, const char **inline_value)
{
  *inline_value = NULL;
  for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
    {
      size_t len = strlen (options[i].name);
      if (strncmp (arg, options[i].name, len) != 0)
        continue;
      if (arg[len] == '\0')
        return &options[i];
      if (arg[len] == '=' && options[i].metavar)
        {
          *inline_value = arg + len + 1;
          return &options[i];
        }
    }
  return NULL;
}

int
hb_policy_opts_take (hb_policy_opts *opts, int argc, char **argv, int *i, hb_error **err)
{
  const char *value = NULL;
  const option_def *def = find_option (argv[*i], &value);
  if (def == NULL)
    return 0;
  int used = 1;
  if (def->metavar && value == NULL)
    {
      if (*i + 1 >= argc)
        return hb_fail (err, HB_EXIT_USAGE, "%s needs a value: %s %s", def->name, def->name,
                        def->metavar);
      value = argv[*i + 1];
      used = 2;
    }
  opts->v = xreallocarray (opts->v, opts->n + 1, sizeof *opts->v);
  opts->v[opts->n].name = xstrdup (def->name);
  opts->v[opts->n].value = value ? xstrdup (value) : NULL;
  opts->n++;
  *i += used;
  return 1;
}

int
hb_policy_apply_option (hb_policy *p, const char *name, const char *value, hb_error **err)
{
  const char *ignored;
  const option_def *def = find_option (name, &ignored);
  if (def == NULL)
    return hb_fail (err, HB_EXIT_USAGE, "%s: not a policy option", name);
  return def->apply (p, value, err);
}

int
hb_policy_opts_apply (hb_policy *p, const hb_policy_opts *opts, hb_error **err)
{
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < opts->n; i++)
      {
        bool is_file = strcmp (opts->v[i].name, "--policy") == 0;
        if ((pass == 0) != is_file)
          continue;
        if (hb_policy_apply_option (p, opts->v[i].name, opts->v[i].value, err) < 0)
          return -1;
      }
  return 0;
}

void
hb_policy_opts_clear (hb_policy_opts *opts)
{
  for (size_t i = 0; i < opts->n; i++)
    {
      free (opts->v[i].name);
      free (opts->v[i].value);
    }
  free (opts->v);
  opts->v = NULL;
  opts->n = 0;
}

const char *
hb_policy_option_name (size_t i)
{
  return i < sizeof options / sizeof options[0] ? options[i].name : NULL;
}

const char *
hb_policy_options_help (void)
{
  static char *text;
  if (text)
    return text;
  size_t cap = 4096, len = 0;
  text = xmalloc (cap);
  text[0] = '\0';
  for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
    {
      cleanup_free char *left = xasprintf ("%s%s%s", options[i].name, options[i].metavar ? " " : "",
                                           options[i].metavar ? options[i].metavar : "");
      cleanup_free char *line = xasprintf ("  %-30s %s\n", left, options[i].help);
      size_t l = strlen (line);
      if (len + l + 1 > cap)
        text = xrealloc (text, cap *= 2);
      memcpy (text + len, line, l + 1);
      len += l;
    }
  return text;
}
