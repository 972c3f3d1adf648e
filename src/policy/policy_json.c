/* policy_json.c - the policy file format of INTERFACE.md: serialising,
 * applying a file on top of a policy with precise errors, saving.
 *
 * Every error names file:line:column and the JSON path of the offending key
 * or value, so a typo never silently weakens a policy. */
#include "config.h"

#include "policy/policy.h"
#include "policy/capabilities.h"
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/json_locate.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <libgen.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

/* --- serialising ------------------------------------------------------------ */

static json_t *
strv_to_json (const strv *s)
{
  json_t *a = json_array ();
  for (size_t i = 0; i < s->n; i++)
    json_array_append_new (a, json_string (s->v[i]));
  return a;
}

static json_t *
string_or_null (const char *s)
{
  return s ? json_string (s) : json_null ();
}

json_t *
hb_policy_to_json (const hb_policy *p)
{
  json_t *o = json_object ();
  json_object_set_new (o, "version", json_integer (HB_POLICY_VERSION));
  json_t *target = json_object ();
  if (p->target_name)
    json_object_set_new (target, "name", json_string (p->target_name));
  if (p->target_image)
    json_object_set_new (target, "image", json_string (p->target_image));
  json_object_set_new (o, "target", target);
  json_object_set_new (o, "read_only_root", json_boolean (p->read_only_root));

  json_t *tmpfs = json_array ();
  for (size_t i = 0; i < p->n_tmpfs; i++)
    json_array_append_new (tmpfs, json_pack ("{s:s, s:s}", "path", p->tmpfs[i].path, "options",
                                             p->tmpfs[i].options ? p->tmpfs[i].options : ""));
  json_object_set_new (o, "tmpfs", tmpfs);

  json_t *vols = json_array ();
  for (size_t i = 0; i < p->n_volumes; i++)
    {
      json_t *v = json_pack ("{s:s, s:o, s:b}", "path", p->volumes[i].path, "source",
                             string_or_null (p->volumes[i].source), "read_only",
                             p->volumes[i].read_only);
      json_array_append_new (vols, v);
    }
  json_object_set_new (o, "volumes", vols);

  json_object_set_new (o, "capabilities", json_pack ("{s:o, s:o}", "drop", strv_to_json (&p->cap_drop),
                                                     "add", strv_to_json (&p->cap_add)));
  json_t *rules = json_array ();
  for (size_t i = 0; i < p->n_seccomp_rules; i++)
    json_array_append_new (rules, hb_scmp_rule_to_json (&p->seccomp_rules[i]));
  json_object_set_new (o, "seccomp", json_pack ("{s:s, s:o}", "profile",
                                                p->seccomp_profile ? p->seccomp_profile : "default",
                                                "rules", rules));
  json_object_set_new (o, "user", string_or_null (p->user));
  json_object_set_new (o, "no_new_privileges", json_boolean (p->no_new_privileges));

  json_t *limits = json_object ();
  if (p->memory > 0)
    {
      cleanup_free char *mem = text_format_size (p->memory);
      json_object_set_new (limits, "memory", json_string (mem));
    }
  else
    json_object_set_new (limits, "memory", json_null ());
  json_object_set_new (limits, "cpus", p->cpus > 0 ? json_real (p->cpus) : json_null ());
  json_object_set_new (limits, "pids", p->pids > 0 ? json_integer (p->pids) : json_null ());
  json_object_set_new (o, "limits", limits);

  /* Host-level settings only when they differ from Docker's defaults. */
  if (p->privileged)
    json_object_set_new (o, "privileged", json_true ());
  const struct { const char *key; const char *val; } modes[] = {
    { "network_mode", p->network_mode }, { "pid_mode", p->pid_mode },
    { "ipc_mode", p->ipc_mode }, { "uts_mode", p->uts_mode }, { "userns_mode", p->userns_mode },
  };
  for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
    if (modes[i].val)
      json_object_set_new (o, modes[i].key, json_string (modes[i].val));

  if (p->has_process)
    {
      json_t *pr = json_object ();
      json_object_set_new (pr, "entrypoint", strv_to_json (&p->process.entrypoint));
      json_object_set_new (pr, "cmd", strv_to_json (&p->process.cmd));
      json_object_set_new (pr, "env", strv_to_json (&p->process.env));
      json_object_set_new (pr, "workdir", string_or_null (p->process.workdir));
      json_object_set_new (pr, "ports", strv_to_json (&p->process.ports));
      json_object_set_new (o, "process", pr);
    }
  return o;
}

char *
hb_policy_to_text (const hb_policy *p)
{
  cleanup_json json_t *j = hb_policy_to_json (p);
  char *s = json_dumps (j, JSON_INDENT (2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION (10));
  char *out = xasprintf ("%s\n", s);
  free (s);
  return out;
}

/* --- applying a file ---------------------------------------------------------- */

typedef struct load_ctx {
  const char *file;
  const char *text;
  size_t len;
  hb_error **err;
} load_ctx;

static int __attribute__ ((format (printf, 4, 5)))
fail_at (load_ctx *c, const char *path, bool at_key, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  cleanup_free char *why = xvasprintf (fmt, ap);
  va_end (ap);
  int line = 0, col = 0;
  if (json_locate (c->text, c->len, path, at_key, &line, &col) == 0)
    return hb_fail (c->err, HB_EXIT_INPUT, "%s:%d:%d: %s: %s", c->file, line, col,
                    *path ? path : ".", why);
  return hb_fail (c->err, HB_EXIT_INPUT, "%s: %s: %s", c->file, *path ? path : ".", why);
}

/* Move an inner error (no location) to the place it concerns. */
static int
relocate (load_ctx *c, const char *path, hb_error *inner)
{
  int r = fail_at (c, path, false, "%s", inner->msg);
  hb_error_free (inner);
  return r;
}

static const char *
json_type_name (const json_t *j)
{
  switch (json_typeof (j))
    {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "a list";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number";
    case JSON_TRUE: case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "null";
    }
  return "?";
}

static int
want_type (load_ctx *c, const char *path, json_t *v, json_type type, const char *what)
{
  bool ok = json_typeof (v) == type
            || (type == JSON_TRUE && json_typeof (v) == JSON_FALSE);
  if (!ok)
    return fail_at (c, path, false, "expected %s, found %s", what, json_type_name (v));
  return 0;
}

/* Reject keys the format does not know: a typo must not weaken a policy. */
static int
check_keys (load_ctx *c, const char *path, json_t *obj, const char *const *known)
{
  const char *key;
  json_t *v;
  json_object_foreach (obj, key, v)
    {
      bool ok = false;
      for (size_t i = 0; known[i] && !ok; i++)
        ok = strcmp (key, known[i]) == 0;
      if (!ok)
        {
          cleanup_free char *kp = json_path_key (path, key);
          cleanup_free char *safe = text_sanitize (key);
          (void) safe;
          return fail_at (c, kp, true, "unknown key");
        }
    }
  return 0;
}

static int
read_strv (load_ctx *c, const char *path, json_t *arr, strv *out)
{
  if (want_type (c, path, arr, JSON_ARRAY, "a list of strings") < 0)
    return -1;
  size_t i;
  json_t *v;
  json_array_foreach (arr, i, v)
    {
      cleanup_free char *ip = json_path_index (path, i);
      if (want_type (c, ip, v, JSON_STRING, "a string") < 0)
        return -1;
      strv_push (out, json_string_value (v));
    }
  return 0;
}

static int
read_opt_string (load_ctx *c, const char *path, json_t *v, char **out)
{
  if (json_is_null (v))
    {
      free (*out);
      *out = NULL;
      return 0;
    }
  if (want_type (c, path, v, JSON_STRING, "a string") < 0)
    return -1;
  free (*out);
  *out = xstrdup (json_string_value (v));
  return 0;
}

static int
apply_target (load_ctx *c, hb_policy *p, json_t *v)
{
  static const char *const keys[] = { "name", "image", "id", NULL };
  if (want_type (c, ".target", v, JSON_OBJECT, "an object") < 0 || check_keys (c, ".target", v, keys) < 0)
    return -1;
  json_t *x;
  if ((x = json_object_get (v, "name")) && read_opt_string (c, ".target.name", x, &p->target_name) < 0)
    return -1;
  if ((x = json_object_get (v, "image")) && read_opt_string (c, ".target.image", x, &p->target_image) < 0)
    return -1;
  if ((x = json_object_get (v, "id")) && want_type (c, ".target.id", x, JSON_STRING, "a string") < 0)
    return -1;
  return 0;
}

static int
check_duplicate_mount (load_ctx *c, const char *path, const hb_policy *p, const char *mount)
{
  for (size_t i = 0; i < p->n_tmpfs; i++)
    if (strcmp (p->tmpfs[i].path, mount) == 0)
      return fail_at (c, path, false, "%s is already a tmpfs mount: one mount per path", mount);
  for (size_t i = 0; i < p->n_volumes; i++)
    if (strcmp (p->volumes[i].path, mount) == 0)
      return fail_at (c, path, false, "%s is already a volume: one mount per path", mount);
  return 0;
}

static int
apply_tmpfs (load_ctx *c, hb_policy *p, json_t *v)
{
  if (want_type (c, ".tmpfs", v, JSON_ARRAY, "a list of {path, options}") < 0)
    return -1;
  cleanup_policy hb_policy *scratch = hb_policy_new ();
  size_t i;
  json_t *e;
  json_array_foreach (v, i, e)
    {
      static const char *const keys[] = { "path", "options", NULL };
      cleanup_free char *ep = json_path_index (".tmpfs", i);
      cleanup_free char *pp = json_path_key (ep, "path");
      cleanup_free char *op = json_path_key (ep, "options");
      if (want_type (c, ep, e, JSON_OBJECT, "an object {path, options}") < 0 || check_keys (c, ep, e, keys) < 0)
        return -1;
      json_t *path = json_object_get (e, "path"), *opts = json_object_get (e, "options");
      if (path == NULL)
        return fail_at (c, ep, false, "missing key \"path\"");
      if (want_type (c, pp, path, JSON_STRING, "a string") < 0)
        return -1;
      if (opts && !json_is_null (opts) && want_type (c, op, opts, JSON_STRING, "a string") < 0)
        return -1;
      hb_error *inner = NULL;
      cleanup_free char *norm = hb_container_path_normalize (json_string_value (path), &inner);
      if (norm == NULL)
        return relocate (c, pp, inner);
      if (check_duplicate_mount (c, pp, scratch, norm) < 0)
        return -1;
      const char *o = opts && json_is_string (opts) ? json_string_value (opts) : NULL;
      cleanup_free char *no = hb_tmpfs_options_normalize (o, &inner);
      if (no == NULL)
        return relocate (c, op, inner);
      if (hb_policy_set_tmpfs (scratch, norm, o, &inner) < 0)
        return relocate (c, pp, inner);
    }
  /* Replace the list: keep the volumes that do not collide. */
  for (size_t k = 0; k < p->n_tmpfs; k++)
    {
      free (p->tmpfs[k].path);
      free (p->tmpfs[k].options);
    }
  free (p->tmpfs);
  p->tmpfs = steal_pointer (&scratch->tmpfs);
  p->n_tmpfs = scratch->n_tmpfs;
  scratch->n_tmpfs = 0;
  return 0;
}

static int
apply_volumes (load_ctx *c, hb_policy *p, json_t *v)
{
  if (want_type (c, ".volumes", v, JSON_ARRAY, "a list of {path, source, read_only}") < 0)
    return -1;
  cleanup_policy hb_policy *scratch = hb_policy_new ();
  size_t i;
  json_t *e;
  json_array_foreach (v, i, e)
    {
      static const char *const keys[] = { "path", "source", "read_only", NULL };
      cleanup_free char *ep = json_path_index (".volumes", i);
      cleanup_free char *pp = json_path_key (ep, "path");
      cleanup_free char *sp = json_path_key (ep, "source");
      cleanup_free char *rp = json_path_key (ep, "read_only");
      if (want_type (c, ep, e, JSON_OBJECT, "an object {path, source, read_only}") < 0
          || check_keys (c, ep, e, keys) < 0)
        return -1;
      json_t *path = json_object_get (e, "path"), *src = json_object_get (e, "source"),
             *ro = json_object_get (e, "read_only");
      if (path == NULL)
        return fail_at (c, ep, false, "missing key \"path\"");
      if (want_type (c, pp, path, JSON_STRING, "a string") < 0)
        return -1;
      if (src && !json_is_null (src) && want_type (c, sp, src, JSON_STRING, "a string") < 0)
        return -1;
      if (ro && want_type (c, rp, ro, JSON_TRUE, "true or false") < 0)
        return -1;
      hb_error *inner = NULL;
      cleanup_free char *norm = hb_container_path_normalize (json_string_value (path), &inner);
      if (norm == NULL)
        return relocate (c, pp, inner);
      if (check_duplicate_mount (c, pp, scratch, norm) < 0)
        return -1;
      for (size_t k = 0; k < p->n_tmpfs; k++)
        if (strcmp (p->tmpfs[k].path, norm) == 0)
          return fail_at (c, pp, false, "%s is already a tmpfs mount: one mount per path", norm);
      if (hb_policy_set_volume (scratch, norm, src && json_is_string (src) ? json_string_value (src) : NULL,
                                ro && json_is_true (ro), &inner) < 0)
        return relocate (c, src ? sp : pp, inner);
    }
  for (size_t k = 0; k < p->n_volumes; k++)
    {
      free (p->volumes[k].path);
      free (p->volumes[k].source);
    }
  free (p->volumes);
  p->volumes = steal_pointer (&scratch->volumes);
  p->n_volumes = scratch->n_volumes;
  scratch->n_volumes = 0;
  return 0;
}

static int
read_caps (load_ctx *c, const char *path, json_t *arr, strv *out)
{
  cleanup_strv strv names = { 0 };
  if (read_strv (c, path, arr, &names) < 0)
    return -1;
  strv_clear (out);
  for (size_t i = 0; i < names.n; i++)
    {
      char *norm = hb_cap_normalize (names.v[i]);
      if (norm == NULL)
        {
          cleanup_free char *ip = json_path_index (path, i);
          cleanup_free char *safe = text_sanitize (names.v[i]);
          return fail_at (c, ip, false, "unknown capability \"%s\"", safe);
        }
      if (!strv_contains (out, norm))
        strv_push_owned (out, norm);
      else
        free (norm);
    }
  return 0;
}

static int
apply_caps (load_ctx *c, hb_policy *p, json_t *v)
{
  static const char *const keys[] = { "drop", "add", NULL };
  if (want_type (c, ".capabilities", v, JSON_OBJECT, "an object {drop, add}") < 0
      || check_keys (c, ".capabilities", v, keys) < 0)
    return -1;
  json_t *x;
  if ((x = json_object_get (v, "drop")) && read_caps (c, ".capabilities.drop", x, &p->cap_drop) < 0)
    return -1;
  if ((x = json_object_get (v, "add")) && read_caps (c, ".capabilities.add", x, &p->cap_add) < 0)
    return -1;
  return 0;
}

/* A relative profile path in a policy file is relative to that file. */
static char *
profile_path_for (load_ctx *c, const char *name)
{
  bool is_file = strchr (name, '/') || text_has_suffix (name, ".json");
  if (!is_file || name[0] == '/' || strcmp (c->file, "-") == 0)
    return xstrdup (name);
  cleanup_free char *copy = xstrdup (c->file);
  return xasprintf ("%s/%s", dirname (copy), name);
}

static int
apply_seccomp (load_ctx *c, hb_policy *p, json_t *v)
{
  static const char *const keys[] = { "profile", "rules", NULL };
  if (want_type (c, ".seccomp", v, JSON_OBJECT, "an object {profile, rules}") < 0
      || check_keys (c, ".seccomp", v, keys) < 0)
    return -1;
  json_t *prof = json_object_get (v, "profile"), *rules = json_object_get (v, "rules");
  if (prof)
    {
      if (want_type (c, ".seccomp.profile", prof, JSON_STRING, "a string") < 0)
        return -1;
      cleanup_free char *name = profile_path_for (c, json_string_value (prof));
      hb_error *inner = NULL;
      if (hb_policy_set_seccomp_profile (p, name, &inner) < 0)
        return relocate (c, ".seccomp.profile", inner);
    }
  if (rules)
    {
      if (want_type (c, ".seccomp.rules", rules, JSON_ARRAY, "a list of rules") < 0)
        return -1;
      size_t n = json_array_size (rules);
      hb_scmp_rule *parsed = xcalloc (n, sizeof *parsed);
      for (size_t i = 0; i < n; i++)
        {
          cleanup_free char *rp = json_path_index (".seccomp.rules", i);
          if (hb_scmp_rule_from_json (json_array_get (rules, i), &parsed[i], c->file, c->text, rp, true,
                                      c->err) < 0)
            {
              for (size_t k = 0; k <= i; k++)
                hb_scmp_rule_clear (&parsed[k]);
              free (parsed);
              return -1;
            }
        }
      for (size_t k = 0; k < p->n_seccomp_rules; k++)
        hb_scmp_rule_clear (&p->seccomp_rules[k]);
      free (p->seccomp_rules);
      p->seccomp_rules = parsed;
      p->n_seccomp_rules = n;
    }
  return 0;
}

static int
apply_limits (load_ctx *c, hb_policy *p, json_t *v)
{
  static const char *const keys[] = { "memory", "cpus", "pids", NULL };
  if (want_type (c, ".limits", v, JSON_OBJECT, "an object {memory, cpus, pids}") < 0
      || check_keys (c, ".limits", v, keys) < 0)
    return -1;
  json_t *x;
  hb_error *inner = NULL;
  if ((x = json_object_get (v, "memory")))
    {
      if (json_is_null (x))
        p->memory = 0;
      else if (json_is_integer (x))
        {
          cleanup_free char *s = xasprintf ("%lld", (long long) json_integer_value (x));
          if (json_integer_value (x) < 0 || hb_policy_set_memory (p, s, &inner) < 0)
            return inner ? relocate (c, ".limits.memory", inner)
                         : fail_at (c, ".limits.memory", false, "must not be negative");
        }
      else if (json_is_string (x))
        {
          if (hb_policy_set_memory (p, json_string_value (x), &inner) < 0)
            return relocate (c, ".limits.memory", inner);
        }
      else
        return fail_at (c, ".limits.memory", false, "expected a size such as \"256m\", found %s",
                        json_type_name (x));
    }
  if ((x = json_object_get (v, "cpus")))
    {
      if (json_is_null (x))
        p->cpus = 0;
      else if (json_is_number (x))
        {
          double d = json_number_value (x);
          if (!isfinite (d) || d < 0 || d > 4096 || (d > 0 && d < 0.01))
            return fail_at (c, ".limits.cpus", false, "%g is out of range (0.01 to 4096, or 0)", d);
          p->cpus = d;
        }
      else if (json_is_string (x))
        {
          if (hb_policy_set_cpus (p, json_string_value (x), &inner) < 0)
            return relocate (c, ".limits.cpus", inner);
        }
      else
        return fail_at (c, ".limits.cpus", false, "expected a number, found %s", json_type_name (x));
    }
  if ((x = json_object_get (v, "pids")))
    {
      if (json_is_null (x))
        p->pids = 0;
      else if (json_is_integer (x))
        {
          json_int_t n = json_integer_value (x);
          if (n < -1 || n > 4194304)
            return fail_at (c, ".limits.pids", false, "%lld is out of range (-1 to 4194304)", (long long) n);
          p->pids = n < 0 ? 0 : n;
        }
      else
        return fail_at (c, ".limits.pids", false, "expected an integer, found %s", json_type_name (x));
    }
  return 0;
}

static int
apply_process (load_ctx *c, hb_policy *p, json_t *v)
{
  static const char *const keys[] = { "entrypoint", "cmd", "env", "workdir", "ports", NULL };
  if (want_type (c, ".process", v, JSON_OBJECT, "an object") < 0 || check_keys (c, ".process", v, keys) < 0)
    return -1;
  const struct { const char *key; strv *dst; } lists[] = {
    { "entrypoint", &p->process.entrypoint }, { "cmd", &p->process.cmd },
    { "env", &p->process.env }, { "ports", &p->process.ports },
  };
  for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
    {
      json_t *x = json_object_get (v, lists[i].key);
      if (x == NULL)
        continue;
      cleanup_free char *kp = json_path_key (".process", lists[i].key);
      cleanup_strv strv tmp = { 0 };
      if (!json_is_null (x) && read_strv (c, kp, x, &tmp) < 0)
        return -1;
      strv_clear (lists[i].dst);
      strv_copy (lists[i].dst, &tmp);
    }
  json_t *x = json_object_get (v, "workdir");
  if (x && read_opt_string (c, ".process.workdir", x, &p->process.workdir) < 0)
    return -1;
  p->has_process = true;
  return 0;
}

int
hb_policy_apply_text (hb_policy *p, const char *text, size_t len, const char *file, hb_error **err)
{
  load_ctx c = { file, text, len, err };
  json_error_t jerr;
  cleanup_json json_t *root = json_loadb (text, len, JSON_REJECT_DUPLICATES, &jerr);
  if (root == NULL)
    return hb_fail (err, HB_EXIT_INPUT, "%s:%d:%d: %s", file, jerr.line, jerr.column, jerr.text);
  if (!json_is_object (root))
    return fail_at (&c, "", false, "a policy is a JSON object, found %s", json_type_name (root));

  static const char *const keys[] = {
    "version", "target", "read_only_root", "tmpfs", "volumes", "capabilities", "seccomp",
    "user", "no_new_privileges", "limits", "privileged", "network_mode", "pid_mode",
    "ipc_mode", "uts_mode", "userns_mode", "process", NULL,
  };
  if (check_keys (&c, "", root, keys) < 0)
    return -1;

  /* Work on a copy: a file that fails half-way changes nothing. */
  cleanup_policy hb_policy *q = hb_policy_copy (p);
  json_t *v;
  if ((v = json_object_get (root, "version")))
    {
      if (!json_is_integer (v) || json_integer_value (v) != HB_POLICY_VERSION)
        return fail_at (&c, ".version", false, "unsupported version (this hardenbench reads version %d)",
                        HB_POLICY_VERSION);
    }
  if ((v = json_object_get (root, "target")) && apply_target (&c, q, v) < 0)
    return -1;
  if ((v = json_object_get (root, "read_only_root")))
    {
      if (want_type (&c, ".read_only_root", v, JSON_TRUE, "true or false") < 0)
        return -1;
      q->read_only_root = json_is_true (v);
    }
  if ((v = json_object_get (root, "tmpfs")) && apply_tmpfs (&c, q, v) < 0)
    return -1;
  if ((v = json_object_get (root, "volumes")) && apply_volumes (&c, q, v) < 0)
    return -1;
  /* tmpfs applied before volumes checks collisions one way; check the other. */
  for (size_t i = 0; i < q->n_tmpfs; i++)
    for (size_t k = 0; k < q->n_volumes; k++)
      if (strcmp (q->tmpfs[i].path, q->volumes[k].path) == 0)
        {
          cleanup_free char *ip = json_path_index (".tmpfs", i);
          return fail_at (&c, ip, false, "%s is also a volume: one mount per path", q->tmpfs[i].path);
        }
  if ((v = json_object_get (root, "capabilities")) && apply_caps (&c, q, v) < 0)
    return -1;
  if ((v = json_object_get (root, "seccomp")) && apply_seccomp (&c, q, v) < 0)
    return -1;
  if ((v = json_object_get (root, "user")))
    {
      if (json_is_null (v))
        {
          free (q->user);
          q->user = NULL;
        }
      else
        {
          hb_error *inner = NULL;
          if (want_type (&c, ".user", v, JSON_STRING, "a string \"USER[:GROUP]\"") < 0)
            return -1;
          if (hb_policy_set_user (q, json_string_value (v), &inner) < 0)
            return relocate (&c, ".user", inner);
        }
    }
  if ((v = json_object_get (root, "no_new_privileges")))
    {
      if (want_type (&c, ".no_new_privileges", v, JSON_TRUE, "true or false") < 0)
        return -1;
      q->no_new_privileges = json_is_true (v);
    }
  if ((v = json_object_get (root, "limits")) && apply_limits (&c, q, v) < 0)
    return -1;
  if ((v = json_object_get (root, "privileged")))
    {
      if (want_type (&c, ".privileged", v, JSON_TRUE, "true or false") < 0)
        return -1;
      q->privileged = json_is_true (v);
    }
  const struct { const char *key; char **dst; } modes[] = {
    { "network_mode", &q->network_mode }, { "pid_mode", &q->pid_mode },
    { "ipc_mode", &q->ipc_mode }, { "uts_mode", &q->uts_mode }, { "userns_mode", &q->userns_mode },
  };
  for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
    if ((v = json_object_get (root, modes[i].key)))
      {
        cleanup_free char *kp = json_path_key ("", modes[i].key);
        if (read_opt_string (&c, kp, v, modes[i].dst) < 0)
          return -1;
      }
  if ((v = json_object_get (root, "process")) && apply_process (&c, q, v) < 0)
    return -1;

  /* Commit: swap the contents of q into p. */
  hb_policy tmp = *p;
  *p = *q;
  *q = tmp;
  return 0;
}

int
hb_policy_apply_file (hb_policy *p, const char *path, hb_error **err)
{
  size_t len = 0;
  cleanup_free char *text = NULL;
  if (strcmp (path, "-") == 0)
    {
      hb_error *inner = NULL;
      text = fd_read_all (0, HB_MAX_INPUT_FILE, &len, &inner);
      if (text == NULL)
        {
          hb_fail (err, HB_EXIT_INPUT, "policy from standard input: %s", inner->msg);
          hb_error_free (inner);
          return -1;
        }
    }
  else
    {
      text = file_read_all (path, HB_MAX_INPUT_FILE, &len, HB_EXIT_INPUT, err);
      if (text == NULL)
        return hb_error_wrap (err, "policy");
    }
  if (len == 0)
    return hb_fail (err, HB_EXIT_INPUT, "%s: empty file, expected a JSON policy", path);
  return hb_policy_apply_text (p, text, len, path, err);
}

int
hb_policy_save (const hb_policy *p, const char *path, hb_error **err)
{
  cleanup_free char *text = hb_policy_to_text (p);
  return file_write_atomic (path, text, strlen (text), true, 0644, err);
}
