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
#include <stddef.h>
#include <stdarg.h>
#include <string.h>

/* --- serialising ------------------------------------------------------------ */

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
      if (p->process.publish.n)
        json_object_set_new (pr, "publish", strv_to_json (&p->process.publish));
      json_object_set_new (o, "process", pr);
    }
  if (p->evidence_for.n)
    {
      json_t *ev = json_object ();
      for (size_t i = 0; i < p->evidence_for.n; i++)
        json_object_set_new (ev, p->evidence_for.v[i], json_string (p->evidence_why.v[i]));
      json_object_set_new (o, "evidence", ev);
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

/* One key of a JSON object and what reading it does.  Objects are read
 * through tables of these, in the table's order, so the first error a
 * file shows is always the same one and the keys a format knows are
 * listed once. */
typedef struct policy_field policy_field;
typedef int (*field_fn) (load_ctx *c, hb_policy *p, json_t *v, const char *path, size_t offset);
struct policy_field {
  const char *key;   /* NULL: a step that reads no key (a check across keys) */
  field_fn apply;    /* v is the key's value, path its JSON path */
  size_t offset;     /* for the shared readers: where in hb_policy it goes */
  bool required;     /* "missing key" when absent */
  /* Or, instead of apply: an object read through these fields. */
  const policy_field *sub;
  size_t n_sub;
  const char *what;  /* the object's shape, for "expected ..." */
};

#define N_FIELDS(table) (sizeof (table) / sizeof (table)[0])
#define FIELD_AT(p, offset, type) ((type *) (void *) ((char *) (p) + (offset)))

/* Reject keys the format does not know: a typo must not weaken a policy. */
static int
check_keys (load_ctx *c, const char *path, json_t *obj, const policy_field *fields, size_t n)
{
  const char *key;
  json_t *v;
  json_object_foreach (obj, key, v)
    {
      bool ok = false;
      for (size_t i = 0; i < n && !ok; i++)
        ok = fields[i].key && strcmp (key, fields[i].key) == 0;
      if (!ok)
        {
          cleanup_free char *kp = json_path_key (path, key);
          return fail_at (c, kp, true, "unknown key");
        }
    }
  return 0;
}

/* Read obj (found at path) through fields: first that it is an object
 * (what names the expected shape; NULL when the caller checked), then that
 * it has no unknown key, then each field in order. */
static int
apply_fields (load_ctx *c, hb_policy *p, json_t *obj, const char *path, const char *what,
              const policy_field *fields, size_t n)
{
  if (what && want_type (c, path, obj, JSON_OBJECT, what) < 0)
    return -1;
  if (check_keys (c, path, obj, fields, n) < 0)
    return -1;
  for (size_t i = 0; i < n; i++)
    {
      const policy_field *f = &fields[i];
      if (f->key == NULL)
        {
          if (f->apply (c, p, NULL, path, f->offset) < 0)
            return -1;
          continue;
        }
      json_t *v = json_object_get (obj, f->key);
      if (v == NULL && f->required)
        return fail_at (c, path, false, "missing key \"%s\"", f->key);
      cleanup_free char *kp = json_path_key (path, f->key);
      if (v == NULL)
        continue;
      if (f->sub ? apply_fields (c, p, v, kp, f->what, f->sub, f->n_sub) < 0
                 : f->apply (c, p, v, kp, f->offset) < 0)
        return -1;
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

/* --- field readers: checks only (p may be NULL) --- */

static int
want_string (load_ctx *c, hb_policy *p, json_t *v, const char *path, size_t offset)
{
  return want_type (c, path, v, JSON_STRING, "a string");
}

static int
want_string_or_null (load_ctx *c, hb_policy *p, json_t *v, const char *path, size_t offset)
{
  return json_is_null (v) ? 0 : want_string (c, p, v, path, offset);
}

static int
want_bool (load_ctx *c, hb_policy *p, json_t *v, const char *path, size_t offset)
{
  return want_type (c, path, v, JSON_TRUE, "true or false");
}

/* --- field readers that store at offset --- */

static int
read_bool_at (load_ctx *c, hb_policy *p, json_t *v, const char *path, size_t offset)
{
  if (want_bool (c, p, v, path, offset) < 0)
    return -1;
  *FIELD_AT (p, offset, bool) = json_is_true (v);
  return 0;
}

static int
read_opt_string_at (load_ctx *c, hb_policy *p, json_t *v, const char *path, size_t offset)
{
  return read_opt_string (c, path, v, FIELD_AT (p, offset, char *));
}

/* A list of strings or null (none), replacing what was there. */
static int
read_strv_at (load_ctx *c, hb_policy *p, json_t *v, const char *path, size_t offset)
{
  cleanup_strv strv tmp = { 0 };
  if (!json_is_null (v) && read_strv (c, path, v, &tmp) < 0)
    return -1;
  strv *dst = FIELD_AT (p, offset, strv);
  strv_clear (dst);
  strv_copy (dst, &tmp);
  return 0;
}

/* Capability names, normalised and without repeats, replacing the list. */
static int
read_caps_at (load_ctx *c, hb_policy *p, json_t *v, const char *path, size_t offset)
{
  strv *out = FIELD_AT (p, offset, strv);
  cleanup_strv strv names = { 0 };
  if (read_strv (c, path, v, &names) < 0)
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

/* --- .target, .capabilities, .process ------------------------------------- */

static const policy_field target_fields[] = {
  { "name", read_opt_string_at, offsetof (hb_policy, target_name) },
  { "image", read_opt_string_at, offsetof (hb_policy, target_image) },
  { "id", want_string },   /* the container it was read from: informative only */
};

static const policy_field caps_fields[] = {
  { "drop", read_caps_at, offsetof (hb_policy, cap_drop) },
  { "add", read_caps_at, offsetof (hb_policy, cap_add) },
};

static int
mark_process (load_ctx *c, hb_policy *p, json_t *v, const char *path, size_t offset)
{
  p->has_process = true;
  return 0;
}

static const policy_field process_fields[] = {
  { "entrypoint", read_strv_at, offsetof (hb_policy, process.entrypoint) },
  { "cmd", read_strv_at, offsetof (hb_policy, process.cmd) },
  { "env", read_strv_at, offsetof (hb_policy, process.env) },
  { "ports", read_strv_at, offsetof (hb_policy, process.ports) },
  { "publish", read_strv_at, offsetof (hb_policy, process.publish) },
  { "workdir", read_opt_string_at, offsetof (hb_policy, process.workdir) },
  { NULL, mark_process },   /* a file that names .process sets it */
};

/* --- .tmpfs and .volumes ------------------------------------------------------ */

/* Mount paths seen so far, as a set: the keys of a JSON object (jansson's
 * hash table), so that each entry of a list of 50k is checked in constant
 * time instead of against every earlier one. */
static bool
path_seen (json_t *set, const char *mount)
{
  return set != NULL && json_object_get (set, mount) != NULL;
}

static void
path_mark (json_t *set, const char *mount)
{
  /* nocheck: a path from the command line need not be UTF-8. */
  json_object_set_new_nocheck (set, mount, json_true ());
}

/* mount, normalised from value, must not be in tmpfs nor in volumes (sets
 * of paths; either may be NULL): one mount per path.  The normalised path,
 * or NULL after an error at path. */
static char *
mount_path (load_ctx *c, const char *path, const char *value, json_t *tmpfs, json_t *volumes)
{
  hb_error *inner = NULL;
  cleanup_free char *mount = hb_container_path_normalize (value, &inner);
  if (mount == NULL)
    {
      relocate (c, path, inner);
      return NULL;
    }
  if (path_seen (tmpfs, mount))
    {
      fail_at (c, path, false, "%s is already a tmpfs mount: one mount per path", mount);
      return NULL;
    }
  if (path_seen (volumes, mount))
    {
      fail_at (c, path, false, "%s is already a volume: one mount per path", mount);
      return NULL;
    }
  return steal_pointer (&mount);
}

/* An entry is checked and normalised by the one editing function
 * (hb_policy_set_tmpfs, hb_policy_set_volume) on one, an empty policy, so
 * that its scan for an earlier mount at the path costs nothing: the sets
 * above did that.  Then it is moved to the end of the list being built. */
static int
add_tmpfs (load_ctx *c, hb_policy *one, json_t *e, const char *ep, const char *pp,
           const char *mount)
{
  json_t *opts = json_object_get (e, "options");
  const char *o = opts && json_is_string (opts) ? json_string_value (opts) : NULL;
  hb_error *inner = NULL;
  cleanup_free char *norm_opts = hb_tmpfs_options_normalize (o, &inner);
  if (norm_opts == NULL)
    {
      cleanup_free char *op = json_path_key (ep, "options");
      return relocate (c, op, inner);
    }
  if (hb_policy_set_tmpfs (one, mount, o, &inner) < 0)
    return relocate (c, pp, inner);
  return 0;
}

static int
add_volume (load_ctx *c, hb_policy *one, json_t *e, const char *ep, const char *pp,
            const char *mount)
{
  json_t *src = json_object_get (e, "source"), *ro = json_object_get (e, "read_only");
  hb_error *inner = NULL;
  if (hb_policy_set_volume (one, mount, src && json_is_string (src) ? json_string_value (src) : NULL,
                            ro && json_is_true (ro), &inner) < 0)
    {
      cleanup_free char *sp = json_path_key (ep, "source");
      return relocate (c, src ? sp : pp, inner);
    }
  return 0;
}

/* .tmpfs and .volumes: a list of objects, each with a "path". */
typedef struct mount_list {
  const char *what;            /* the list, for "expected ..." */
  const char *what_entry;      /* one entry */
  const policy_field *entry;   /* an entry's keys */
  size_t n_entry;
  bool volumes;                /* else tmpfs */
  int (*add) (load_ctx *c, hb_policy *one, json_t *e, const char *ep, const char *pp,
              const char *mount);
} mount_list;

/* Move the one entry of one's list (of the kind of m) to the end of
 * scratch's, which has room for *cap. */
static void
move_mount (hb_policy *scratch, hb_policy *one, size_t *cap, bool volumes)
{
  size_t *n = volumes ? &scratch->n_volumes : &scratch->n_tmpfs;
  if (*n == *cap)
    {
      *cap = *cap ? *cap * 2 : 16;
      if (volumes)
        scratch->volumes = xreallocarray (scratch->volumes, *cap, sizeof *scratch->volumes);
      else
        scratch->tmpfs = xreallocarray (scratch->tmpfs, *cap, sizeof *scratch->tmpfs);
    }
  if (volumes)
    {
      scratch->volumes[(*n)++] = one->volumes[0];
      one->n_volumes = 0;
    }
  else
    {
      scratch->tmpfs[(*n)++] = one->tmpfs[0];
      one->n_tmpfs = 0;
    }
}

/* The list replaces the policy's list of its kind (built apart, so that a
 * bad entry changes nothing).  A path may be mounted once: volumes are read
 * after tmpfs and checked against them.  Linear in the list's length. */
static int
apply_mounts (load_ctx *c, hb_policy *p, json_t *v, const char *path, const mount_list *m)
{
  if (want_type (c, path, v, JSON_ARRAY, m->what) < 0)
    return -1;
  cleanup_policy hb_policy *scratch = hb_policy_new ();
  cleanup_policy hb_policy *one = hb_policy_new ();
  cleanup_json json_t *own = json_object ();     /* this list's paths */
  cleanup_json json_t *tmpfs = NULL;            /* for volumes: the policy's tmpfs */
  if (m->volumes)
    {
      tmpfs = json_object ();
      for (size_t k = 0; k < p->n_tmpfs; k++)
        path_mark (tmpfs, p->tmpfs[k].path);
    }
  size_t cap = 0;
  size_t i;
  json_t *e;
  json_array_foreach (v, i, e)
    {
      cleanup_free char *ep = json_path_index (path, i);
      cleanup_free char *pp = json_path_key (ep, "path");
      if (apply_fields (c, NULL, e, ep, m->what_entry, m->entry, m->n_entry) < 0)
        return -1;
      cleanup_free char *mount = mount_path (c, pp, json_string_value (json_object_get (e, "path")),
                                             m->volumes ? tmpfs : own, m->volumes ? own : NULL);
      if (mount == NULL || m->add (c, one, e, ep, pp, mount) < 0)
        return -1;
      path_mark (own, mount);
      move_mount (scratch, one, &cap, m->volumes);
    }
  /* Swap: scratch, freed on return, takes the old list. */
#define SWAP(a, b) do { __typeof__ (a) t_ = (a); (a) = (b); (b) = t_; } while (0)
  if (m->volumes)
    {
      SWAP (p->volumes, scratch->volumes);
      SWAP (p->n_volumes, scratch->n_volumes);
    }
  else
    {
      SWAP (p->tmpfs, scratch->tmpfs);
      SWAP (p->n_tmpfs, scratch->n_tmpfs);
    }
#undef SWAP
  return 0;
}

static const policy_field tmpfs_entry[] = {
  { "path", want_string, 0, true },
  { "options", want_string_or_null },
};

static int
apply_tmpfs (load_ctx *c, hb_policy *p, json_t *v, const char *path, size_t offset)
{
  static const mount_list m = {
    "a list of {path, options}", "an object {path, options}", tmpfs_entry,
    N_FIELDS (tmpfs_entry), false, add_tmpfs,
  };
  return apply_mounts (c, p, v, path, &m);
}

static const policy_field volume_entry[] = {
  { "path", want_string, 0, true },
  { "source", want_string_or_null },
  { "read_only", want_bool },
};

static int
apply_volumes (load_ctx *c, hb_policy *p, json_t *v, const char *path, size_t offset)
{
  static const mount_list m = {
    "a list of {path, source, read_only}", "an object {path, source, read_only}", volume_entry,
    N_FIELDS (volume_entry), true, add_volume,
  };
  return apply_mounts (c, p, v, path, &m);
}

/* tmpfs, read before volumes, checked one way; this is the other: the
 * policy's tmpfs against volumes the file did not replace. */
static int
check_mount_collisions (load_ctx *c, hb_policy *p, json_t *v, const char *path, size_t offset)
{
  if (p->n_tmpfs == 0 || p->n_volumes == 0)
    return 0;
  cleanup_json json_t *volumes = json_object ();
  for (size_t k = 0; k < p->n_volumes; k++)
    path_mark (volumes, p->volumes[k].path);
  for (size_t i = 0; i < p->n_tmpfs; i++)
    if (path_seen (volumes, p->tmpfs[i].path))
      {
        cleanup_free char *ip = json_path_index (".tmpfs", i);
        return fail_at (c, ip, false, "%s is also a volume: one mount per path", p->tmpfs[i].path);
      }
  return 0;
}

/* --- .seccomp ------------------------------------------------------------------ */

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
read_seccomp_profile (load_ctx *c, hb_policy *p, json_t *v, const char *path, size_t offset)
{
  if (want_string (c, p, v, path, offset) < 0)
    return -1;
  cleanup_free char *name = profile_path_for (c, json_string_value (v));
  hb_error *inner = NULL;
  if (hb_policy_set_seccomp_profile (p, name, &inner) < 0)
    return relocate (c, path, inner);
  return 0;
}

static int
read_seccomp_rules (load_ctx *c, hb_policy *p, json_t *rules, const char *path, size_t offset)
{
  if (want_type (c, path, rules, JSON_ARRAY, "a list of rules") < 0)
    return -1;
  hb_scmp_rule *parsed = NULL;
  size_t n = 0;
  if (hb_scmp_rules_from_json (rules, &parsed, &n, c->file, c->text, c->len, path, true, c->err) < 0)
    return -1;
  for (size_t k = 0; k < p->n_seccomp_rules; k++)
    hb_scmp_rule_clear (&p->seccomp_rules[k]);
  free (p->seccomp_rules);
  p->seccomp_rules = parsed;
  p->n_seccomp_rules = n;
  return 0;
}

static const policy_field seccomp_fields[] = {
  { "profile", read_seccomp_profile },
  { "rules", read_seccomp_rules },
};

/* --- .limits and .user: null for none, a number, or the command line's text --- */

static int
read_memory (load_ctx *c, hb_policy *p, json_t *x, const char *path, size_t offset)
{
  hb_error *inner = NULL;
  if (json_is_null (x))
    p->memory = 0;
  else if (json_is_integer (x))
    {
      cleanup_free char *s = xasprintf ("%lld", (long long) json_integer_value (x));
      if (json_integer_value (x) < 0)
        return fail_at (c, path, false, "must not be negative");
      if (hb_policy_set_memory (p, s, &inner) < 0)
        return relocate (c, path, inner);
    }
  else if (json_is_string (x))
    {
      if (hb_policy_set_memory (p, json_string_value (x), &inner) < 0)
        return relocate (c, path, inner);
    }
  else
    return fail_at (c, path, false, "expected a size such as \"256m\", found %s", json_type_name (x));
  return 0;
}

static int
read_cpus (load_ctx *c, hb_policy *p, json_t *x, const char *path, size_t offset)
{
  hb_error *inner = NULL;
  if (json_is_null (x))
    p->cpus = 0;
  else if (json_is_number (x))
    {
      double d = json_number_value (x);
      if (!isfinite (d) || d < 0 || d > 4096 || (d > 0 && d < 0.01))
        return fail_at (c, path, false, "%g is out of range (0.01 to 4096, or 0)", d);
      /* Then set as --cpus sets it, from the number's exact text: a saved
       * policy and the flag take the same values. */
      cleanup_free char *s = xasprintf ("%.17g", d);
      if (hb_policy_set_cpus (p, s, &inner) < 0)
        return relocate (c, path, inner);
    }
  else if (json_is_string (x))
    {
      if (hb_policy_set_cpus (p, json_string_value (x), &inner) < 0)
        return relocate (c, path, inner);
    }
  else
    return fail_at (c, path, false, "expected a number, found %s", json_type_name (x));
  return 0;
}

static int
read_pids (load_ctx *c, hb_policy *p, json_t *x, const char *path, size_t offset)
{
  hb_error *inner = NULL;
  if (json_is_null (x))
    p->pids = 0;
  else if (json_is_integer (x))
    {
      json_int_t n = json_integer_value (x);
      if (n < -1 || n > 4194304)
        return fail_at (c, path, false, "%lld is out of range (-1 to 4194304)", (long long) n);
      cleanup_free char *s = xasprintf ("%lld", (long long) n);
      if (hb_policy_set_pids (p, s, &inner) < 0)
        return relocate (c, path, inner);
    }
  else
    return fail_at (c, path, false, "expected an integer, found %s", json_type_name (x));
  return 0;
}

static const policy_field limits_fields[] = {
  { "memory", read_memory },
  { "cpus", read_cpus },
  { "pids", read_pids },
};

static int
read_user (load_ctx *c, hb_policy *p, json_t *v, const char *path, size_t offset)
{
  if (json_is_null (v))
    {
      free (p->user);
      p->user = NULL;
      return 0;
    }
  hb_error *inner = NULL;
  if (want_type (c, path, v, JSON_STRING, "a string \"USER[:GROUP]\"") < 0)
    return -1;
  if (hb_policy_set_user (p, json_string_value (v), &inner) < 0)
    return relocate (c, path, inner);
  return 0;
}

/* --- the whole file -------------------------------------------------------------- */

static int
check_version (load_ctx *c, hb_policy *p, json_t *v, const char *path, size_t offset)
{
  if (!json_is_integer (v) || json_integer_value (v) != HB_POLICY_VERSION)
    return fail_at (c, path, false, "unsupported version (this hardenbench reads version %d)",
                    HB_POLICY_VERSION);
  return 0;
}

/* .evidence {"KIND VALUE": "why", ...}: replaces what p had recorded. */
static int
read_evidence (load_ctx *c, hb_policy *p, json_t *v, const char *path, size_t offset)
{
  (void) offset;
  if (want_type (c, path, v, JSON_OBJECT, "an object {\"KIND VALUE\": \"why\"}") < 0)
    return -1;
  strv_clear (&p->evidence_for);
  strv_clear (&p->evidence_why);
  const char *key;
  json_t *why;
  json_object_foreach (v, key, why)
    {
      cleanup_free char *kp = json_path_key (path, key);
      const char *space = strchr (key, ' ');
      bool known = false;
      for (size_t i = 0; space && space[1] && hb_evidence_kinds[i] && !known; i++)
        known = strlen (hb_evidence_kinds[i]) == (size_t) (space - key)
                && strncmp (key, hb_evidence_kinds[i], (size_t) (space - key)) == 0;
      if (!known)
        return fail_at (c, kp, true, "not \"KIND VALUE\" with KIND tmpfs, volume, cap_add "
                        "or seccomp");
      if (want_type (c, kp, why, JSON_STRING, "a string") < 0)
        return -1;
      hb_policy_set_evidence (p, key, json_string_value (why));
    }
  return 0;
}

/* INTERFACE.md's format, in the order its parts are applied. */
static const policy_field policy_fields[] = {
  { "version", check_version },
  { "target", .sub = target_fields, .n_sub = N_FIELDS (target_fields), .what = "an object" },
  { "read_only_root", read_bool_at, offsetof (hb_policy, read_only_root) },
  { "tmpfs", apply_tmpfs },
  { "volumes", apply_volumes },
  { NULL, check_mount_collisions },
  { "capabilities", .sub = caps_fields, .n_sub = N_FIELDS (caps_fields),
    .what = "an object {drop, add}" },
  { "seccomp", .sub = seccomp_fields, .n_sub = N_FIELDS (seccomp_fields),
    .what = "an object {profile, rules}" },
  { "user", read_user },
  { "no_new_privileges", read_bool_at, offsetof (hb_policy, no_new_privileges) },
  { "limits", .sub = limits_fields, .n_sub = N_FIELDS (limits_fields),
    .what = "an object {memory, cpus, pids}" },
  { "privileged", read_bool_at, offsetof (hb_policy, privileged) },
  { "network_mode", read_opt_string_at, offsetof (hb_policy, network_mode) },
  { "pid_mode", read_opt_string_at, offsetof (hb_policy, pid_mode) },
  { "ipc_mode", read_opt_string_at, offsetof (hb_policy, ipc_mode) },
  { "uts_mode", read_opt_string_at, offsetof (hb_policy, uts_mode) },
  { "userns_mode", read_opt_string_at, offsetof (hb_policy, userns_mode) },
  { "process", .sub = process_fields, .n_sub = N_FIELDS (process_fields), .what = "an object" },
  { "evidence", read_evidence },
};

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

  /* Work on a copy: a file that fails half-way changes nothing. */
  cleanup_policy hb_policy *q = hb_policy_copy (p);
  if (apply_fields (&c, q, root, "", NULL, policy_fields, N_FIELDS (policy_fields)) < 0)
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
