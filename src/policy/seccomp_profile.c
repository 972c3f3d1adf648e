/* seccomp_profile.c - the Docker/OCI seccomp profile: parsing, validation,
 * JSON output, copying, resolving profile names to files, and what a
 * denial report (HB_SCMP_DENIAL) of a profile means.
 *
 * libseccomp 2.5.4 accepts or misreads several mistakes silently (an unknown
 * syscall resolves to -1, an unknown arch to 0; errno > 4095, argument index
 * > 5 and one argument compared twice only fail late with EINVAL).  Every
 * one of them is caught here and reported with file:line:column and the JSON
 * path of the bad value, so the sandbox never compiles a profile that means
 * something other than what its author wrote. */
#include "config.h"

#include "policy/seccomp_profile.h"
#include "policy/capabilities.h"
#include "policy/profile_line.h"
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/json_locate.h"
#include "core/paths.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deeper nesting than this is refused before jansson builds anything: no
 * real profile goes past 5 levels. */
#define HB_JSON_MAX_DEPTH 64

/* ---------------------------------------------------------------------------
 * Names of actions, operators and architectures
 * ------------------------------------------------------------------------- */

static const struct
{
  const char *name;
  hb_scmp_action action;
} action_names[] = {
  /* The first name of an action is the one written out.  SCMP_ACT_KILL is
   * what every runtime understands for "kill the thread". */
  { "SCMP_ACT_KILL_PROCESS", HB_SCMP_KILL_PROCESS },
  { "SCMP_ACT_KILL", HB_SCMP_KILL_THREAD },
  { "SCMP_ACT_KILL_THREAD", HB_SCMP_KILL_THREAD },
  { "SCMP_ACT_TRAP", HB_SCMP_TRAP },
  { "SCMP_ACT_ERRNO", HB_SCMP_ERRNO },
  { "SCMP_ACT_NOTIFY", HB_SCMP_NOTIFY },
  { "SCMP_ACT_TRACE", HB_SCMP_TRACE },
  { "SCMP_ACT_LOG", HB_SCMP_LOG },
  { "SCMP_ACT_ALLOW", HB_SCMP_ALLOW },
};

static const char *const op_names[] = {
  [HB_SCMP_CMP_NE] = "SCMP_CMP_NE",
  [HB_SCMP_CMP_LT] = "SCMP_CMP_LT",
  [HB_SCMP_CMP_LE] = "SCMP_CMP_LE",
  [HB_SCMP_CMP_EQ] = "SCMP_CMP_EQ",
  [HB_SCMP_CMP_GE] = "SCMP_CMP_GE",
  [HB_SCMP_CMP_GT] = "SCMP_CMP_GT",
  [HB_SCMP_CMP_MASKED_EQ] = "SCMP_CMP_MASKED_EQ",
};

/* Profile architecture names and the names libseccomp resolves them by. */
static const struct
{
  const char *profile_name;
  const char *libseccomp_name;
} arch_names[] = {
  { "SCMP_ARCH_X86", "x86" },
  { "SCMP_ARCH_X86_64", "x86_64" },
  { "SCMP_ARCH_X32", "x32" },
  { "SCMP_ARCH_ARM", "arm" },
  { "SCMP_ARCH_AARCH64", "aarch64" },
  { "SCMP_ARCH_MIPS", "mips" },
  { "SCMP_ARCH_MIPS64", "mips64" },
  { "SCMP_ARCH_MIPS64N32", "mips64n32" },
  { "SCMP_ARCH_MIPSEL", "mipsel" },
  { "SCMP_ARCH_MIPSEL64", "mipsel64" },
  { "SCMP_ARCH_MIPSEL64N32", "mipsel64n32" },
  { "SCMP_ARCH_PPC", "ppc" },
  { "SCMP_ARCH_PPC64", "ppc64" },
  { "SCMP_ARCH_PPC64LE", "ppc64le" },
  { "SCMP_ARCH_S390", "s390" },
  { "SCMP_ARCH_S390X", "s390x" },
  { "SCMP_ARCH_PARISC", "parisc" },
  { "SCMP_ARCH_PARISC64", "parisc64" },
  { "SCMP_ARCH_RISCV64", "riscv64" },
};

/* Architecture names used by "includes"/"excludes": Go's GOARCH values, as
 * Docker compares them, plus the extra names Docker's own profile uses. */
static const char *const cond_arch_names[] = {
  "386", "amd64", "arm", "arm64", "loong64", "mips", "mipsle", "mips64", "mips64le",
  "mips64n32", "mips64len32", "ppc", "ppc64", "ppc64le", "riscv64", "s390", "s390x",
  "x86", "x32",
};

#define N_ELEMENTS(a) (sizeof (a) / sizeof ((a)[0]))

const char *
hb_scmp_action_name (hb_scmp_action a)
{
  for (size_t i = 0; i < N_ELEMENTS (action_names); i++)
    if (action_names[i].action == a)
      return action_names[i].name;
  return "SCMP_ACT_KILL_PROCESS";
}

int
hb_scmp_action_parse (const char *name, hb_scmp_action *out)
{
  for (size_t i = 0; name && i < N_ELEMENTS (action_names); i++)
    if (strcmp (action_names[i].name, name) == 0)
      {
        *out = action_names[i].action;
        return 0;
      }
  return -1;
}

const char *
hb_scmp_op_name (hb_scmp_op op)
{
  if ((unsigned) op < N_ELEMENTS (op_names))
    return op_names[op];
  return "SCMP_CMP_EQ";
}

int
hb_scmp_op_parse (const char *name, hb_scmp_op *out)
{
  for (size_t i = 0; name && i < N_ELEMENTS (op_names); i++)
    if (strcmp (op_names[i], name) == 0)
      {
        *out = (hb_scmp_op) i;
        return 0;
      }
  return -1;
}

static const char *
arch_libseccomp_name (const char *profile_name)
{
  for (size_t i = 0; i < N_ELEMENTS (arch_names); i++)
    if (strcmp (arch_names[i].profile_name, profile_name) == 0)
      return arch_names[i].libseccomp_name;
  return NULL;
}

static bool
arch_known (const char *profile_name)
{
  const char *lib = arch_libseccomp_name (profile_name);
  /* libseccomp resolves an unknown name to 0 instead of failing. */
  return lib != NULL && seccomp_arch_resolve_name (lib) != 0;
}

/* The profile name of the architecture this binary runs on. */
static const char *
arch_native_profile_name (void)
{
  uint32_t native = seccomp_arch_native ();
  for (size_t i = 0; i < N_ELEMENTS (arch_names); i++)
    if (seccomp_arch_resolve_name (arch_names[i].libseccomp_name) == native)
      return arch_names[i].profile_name;
  return NULL;
}

bool
hb_syscall_known (const char *name)
{
  if (name == NULL || *name == '\0')
    return false;
  const uint32_t arches[] = {
    seccomp_arch_native (), SCMP_ARCH_X86_64, SCMP_ARCH_X86, SCMP_ARCH_X32,
    SCMP_ARCH_AARCH64, SCMP_ARCH_ARM,
  };
  for (size_t i = 0; i < N_ELEMENTS (arches); i++)
    if (seccomp_syscall_resolve_name_arch (arches[i], name) != __NR_SCMP_ERROR)
      return true;
  return false;
}

/* ---------------------------------------------------------------------------
 * Located errors
 * ------------------------------------------------------------------------- */

/* A profile with thousands of bad rules gets the first few warnings and a
 * count of the rest, not one line (and one search of its text) each. */
#define HB_SCMP_MAX_WARNINGS 10

typedef struct warn_count {
  unsigned shown, more;
  bool quiet;         /* a check only: the load that follows warns */
} warn_count;

typedef struct parse_ctx {
  const char *file;   /* for messages; NULL when unknown */
  const char *text;   /* the JSON text, to locate paths; may be NULL */
  size_t len;
  bool strict;        /* unknown syscall names are errors */
  warn_count *warns;  /* of this parse */
} parse_ctx;

/* "FILE:LINE:COL: PATH: " (as much of it as is known). */
static char *
location_prefix (const parse_ctx *c, const char *path, bool want_key)
{
  int line = 0, col = 0;
  bool located = c->text != NULL
                 && json_locate (c->text, c->len, path, want_key, &line, &col) == 0;
  const char *shown = *path ? path : ".";
  if (c->file && located)
    return xasprintf ("%s:%d:%d: %s: ", c->file, line, col, shown);
  if (c->file)
    return xasprintf ("%s: %s: ", c->file, shown);
  if (located)
    return xasprintf ("%d:%d: %s: ", line, col, shown);
  return xasprintf ("%s: ", shown);
}

static int at_fail (const parse_ctx *c, const char *path, bool want_key, hb_error **err,
                    const char *fmt, ...) __attribute__ ((format (printf, 5, 6)));

static int
at_fail (const parse_ctx *c, const char *path, bool want_key, hb_error **err,
         const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  cleanup_free char *what = xvasprintf (fmt, ap);
  va_end (ap);
  cleanup_free char *where = location_prefix (c, path, want_key);
  return hb_fail (err, HB_EXIT_INPUT, "%s%s", where, what);
}

static void at_warn (const parse_ctx *c, const char *path, const char *fmt, ...)
  __attribute__ ((format (printf, 3, 4)));

static void
at_warn (const parse_ctx *c, const char *path, const char *fmt, ...)
{
  if (c->warns->quiet)
    return;
  if (c->warns->shown >= HB_SCMP_MAX_WARNINGS)
    {
      c->warns->more++;
      return;
    }
  c->warns->shown++;
  va_list ap;
  va_start (ap, fmt);
  cleanup_free char *what = xvasprintf (fmt, ap);
  va_end (ap);
  cleanup_free char *where = location_prefix (c, path, false);
  cleanup_free char *msg = xasprintf ("%s%s", where, what);
  /* The text quotes the profile: hb_warn keeps escape sequences off the
   * terminal. */
  hb_warn ("%s", msg);
}

/* After a parse: how many warnings were not shown. */
static void
warn_summary (const parse_ctx *c)
{
  if (c->warns->more == 0)
    return;
  hb_warn ("%s: and %u more warning%s like these", c->file ? c->file : "seccomp profile",
           c->warns->more, c->warns->more == 1 ? "" : "s");
}

static const char *
json_kind (const json_t *v)
{
  switch (json_typeof (v))
    {
    case JSON_OBJECT:
      return "an object";
    case JSON_ARRAY:
      return "an array";
    case JSON_STRING:
      return "a string";
    case JSON_INTEGER:
      return "an integer";
    case JSON_REAL:
      return "a number with a fraction";
    case JSON_TRUE:
    case JSON_FALSE:
      return "a boolean";
    case JSON_NULL:
    default:
      return "null";
    }
}

static int
expect_type (const parse_ctx *c, const json_t *v, json_type type, const char *path,
             hb_error **err)
{
  static const char *const wanted[] = {
    [JSON_OBJECT] = "an object", [JSON_ARRAY] = "an array", [JSON_STRING] = "a string",
    [JSON_INTEGER] = "an integer", [JSON_REAL] = "a number", [JSON_TRUE] = "a boolean",
    [JSON_FALSE] = "a boolean", [JSON_NULL] = "null",
  };
  if (json_typeof (v) == type)
    return 0;
  return at_fail (c, path, false, err, "expected %s, found %s", wanted[type], json_kind (v));
}

/* Every key of obj must be one of allowed (NULL-terminated). */
static int
check_keys (const parse_ctx *c, json_t *obj, const char *path, const char *const *allowed,
            hb_error **err)
{
  const char *key;
  json_t *value;
  json_object_foreach (obj, key, value)
    {
      bool ok = false;
      for (size_t i = 0; allowed[i] && !ok; i++)
        ok = strcmp (key, allowed[i]) == 0;
      if (ok)
        continue;
      /* Only an unknown key pays for the suggestion. */
      const char *closest = NULL;
      size_t best = 3;
      for (size_t i = 0; allowed[i]; i++)
        {
          size_t d = text_edit_distance (key, allowed[i]);
          if (d < best)
            {
              best = d;
              closest = allowed[i];
            }
        }
      cleanup_free char *kpath = json_path_key (path, key);
      if (closest)
        return at_fail (c, kpath, true, err, "unknown key (did you mean \"%s\"?)", closest);
      return at_fail (c, kpath, true, err, "unknown key");
    }
  return 0;
}

/* A member that may be absent; JSON null counts as absent, as in Docker. */
static json_t *
member (json_t *obj, const char *key)
{
  json_t *v = json_object_get (obj, key);
  return json_is_null (v) ? NULL : v;
}

static int
parse_errno (const parse_ctx *c, json_t *v, const char *path, int *out, hb_error **err)
{
  if (expect_type (c, v, JSON_INTEGER, path, err) < 0)
    return -1;
  json_int_t e = json_integer_value (v);
  if (e < 0 || e > 4095)
    return at_fail (c, path, false, err, "errno %lld out of range 0..4095", (long long) e);
  *out = (int) e;
  return 0;
}

static int
parse_u64 (const parse_ctx *c, json_t *v, const char *path, uint64_t *out, hb_error **err)
{
  if (expect_type (c, v, JSON_INTEGER, path, err) < 0)
    return -1;
  json_int_t n = json_integer_value (v);
  if (n < 0)
    return at_fail (c, path, false, err, "%lld is negative: argument values are unsigned",
                    (long long) n);
  *out = (uint64_t) n;
  return 0;
}

/* An array of strings, each checked by accept (NULL: any non-empty string). */
static int
parse_string_list (const parse_ctx *c, json_t *v, const char *path, strv *out,
                   int (*accept) (const parse_ctx *, const char *, const char *, strv *,
                                  hb_error **),
                   hb_error **err)
{
  if (expect_type (c, v, JSON_ARRAY, path, err) < 0)
    return -1;
  size_t i;
  json_t *item;
  json_array_foreach (v, i, item)
    {
      cleanup_free char *ipath = json_path_index (path, i);
      if (expect_type (c, item, JSON_STRING, ipath, err) < 0)
        return -1;
      const char *s = json_string_value (item);
      if (*s == '\0')
        return at_fail (c, ipath, false, err, "empty string");
      if (accept)
        {
          if (accept (c, s, ipath, out, err) < 0)
            return -1;
        }
      else
        strv_push (out, s);
    }
  return 0;
}

/* ---------------------------------------------------------------------------
 * Rules
 * ------------------------------------------------------------------------- */

static int
accept_syscall (const parse_ctx *c, const char *name, const char *path, strv *out,
                hb_error **err)
{
  if (hb_syscall_known (name))
    {
      strv_push (out, name);
      return 0;
    }
  if (c->strict)
    return at_fail (c, path, false, err, "unknown syscall \"%s\"", name);
  at_warn (c, path, "unknown syscall \"%s\", skipped, as Docker does", name);
  return 0;
}

static int
accept_cap (const parse_ctx *c, const char *name, const char *path, strv *out,
            hb_error **err)
{
  const hb_capability *cap = hb_cap_lookup (name);
  if (cap == NULL)
    return at_fail (c, path, false, err, "unknown capability \"%s\"", name);
  /* Docker compares these with the container's "CAP_..." names. */
  strv_push_owned (out, xasprintf ("CAP_%s", cap->name));
  return 0;
}

static int
accept_cond_arch (const parse_ctx *c, const char *name, const char *path, strv *out,
                  hb_error **err)
{
  for (size_t i = 0; i < N_ELEMENTS (cond_arch_names); i++)
    if (strcmp (cond_arch_names[i], name) == 0)
      {
        strv_push (out, name);
        return 0;
      }
  return at_fail (c, path, false, err,
                  "unknown architecture \"%s\" (use Docker's names: amd64, arm64, x86, "
                  "x32, arm, ppc64le, s390x, ...)",
                  name);
}

static int
accept_profile_arch (const parse_ctx *c, const char *name, const char *path, strv *out,
                     hb_error **err)
{
  if (!arch_known (name))
    return at_fail (c, path, false, err,
                    "unknown architecture \"%s\" (expected SCMP_ARCH_X86_64, "
                    "SCMP_ARCH_AARCH64, ...)",
                    name);
  strv_add_unique (out, name);
  return 0;
}

static bool
kernel_version_valid (const char *s)
{
  /* "MAJOR.MINOR", as Docker parses it. */
  const char *p = s;
  if (!isdigit ((unsigned char) *p))
    return false;
  while (isdigit ((unsigned char) *p))
    p++;
  if (*p++ != '.' || !isdigit ((unsigned char) *p))
    return false;
  while (isdigit ((unsigned char) *p))
    p++;
  return *p == '\0' && strlen (s) <= 16;
}

static int
parse_filter_cond (const parse_ctx *c, json_t *v, const char *path,
                   hb_scmp_filter_cond *cond, hb_error **err)
{
  static const char *const keys[] = { "caps", "arches", "minKernel", NULL };
  if (expect_type (c, v, JSON_OBJECT, path, err) < 0 || check_keys (c, v, path, keys, err) < 0)
    return -1;
  json_t *m;
  if ((m = member (v, "caps")))
    {
      cleanup_free char *p = json_path_key (path, "caps");
      if (parse_string_list (c, m, p, &cond->caps, accept_cap, err) < 0)
        return -1;
    }
  if ((m = member (v, "arches")))
    {
      cleanup_free char *p = json_path_key (path, "arches");
      if (parse_string_list (c, m, p, &cond->arches, accept_cond_arch, err) < 0)
        return -1;
    }
  if ((m = member (v, "minKernel")))
    {
      cleanup_free char *p = json_path_key (path, "minKernel");
      if (expect_type (c, m, JSON_STRING, p, err) < 0)
        return -1;
      if (!kernel_version_valid (json_string_value (m)))
        return at_fail (c, p, false, err, "kernel version \"%s\" is not MAJOR.MINOR",
                        json_string_value (m));
      cond->min_kernel = xstrdup (json_string_value (m));
    }
  return 0;
}

static int
parse_arg (const parse_ctx *c, json_t *v, const char *path, hb_scmp_rule *rule,
           hb_error **err)
{
  static const char *const keys[] = { "index", "value", "valueTwo", "op", NULL };
  if (expect_type (c, v, JSON_OBJECT, path, err) < 0 || check_keys (c, v, path, keys, err) < 0)
    return -1;
  static const char *const required[] = { "index", "value", "op" };
  for (size_t i = 0; i < N_ELEMENTS (required); i++)
    if (member (v, required[i]) == NULL)
      return at_fail (c, path, false, err, "missing \"%s\"", required[i]);

  hb_scmp_arg arg = { 0 };
  cleanup_free char *ipath = json_path_key (path, "index");
  json_t *idx = member (v, "index");
  if (expect_type (c, idx, JSON_INTEGER, ipath, err) < 0)
    return -1;
  json_int_t index = json_integer_value (idx);
  if (index < 0 || index > 5)
    return at_fail (c, ipath, false, err, "argument index %lld out of range 0..5",
                    (long long) index);
  for (size_t i = 0; i < rule->n_args; i++)
    if (rule->args[i].index == (unsigned) index)
      return at_fail (c, ipath, false, err,
                      "argument %lld is already compared in this rule (libseccomp "
                      "refuses two comparisons of one argument; use two rules)",
                      (long long) index);
  arg.index = (unsigned) index;

  cleanup_free char *vpath = json_path_key (path, "value");
  if (parse_u64 (c, member (v, "value"), vpath, &arg.value, err) < 0)
    return -1;
  json_t *two = member (v, "valueTwo");
  if (two)
    {
      cleanup_free char *tpath = json_path_key (path, "valueTwo");
      if (parse_u64 (c, two, tpath, &arg.value_two, err) < 0)
        return -1;
    }
  cleanup_free char *opath = json_path_key (path, "op");
  json_t *op = member (v, "op");
  if (expect_type (c, op, JSON_STRING, opath, err) < 0)
    return -1;
  if (hb_scmp_op_parse (json_string_value (op), &arg.op) < 0)
    return at_fail (c, opath, false, err, "unknown operator \"%s\"", json_string_value (op));
  rule->args[rule->n_args++] = arg;
  return 0;
}

static int
rule_parse (const parse_ctx *c, json_t *obj, hb_scmp_rule *rule, const char *jpath,
            hb_error **err)
{
  static const char *const keys[] = { "names", "name", "action", "errnoRet", "args",
                                       "includes", "excludes", "comment", NULL };
  if (expect_type (c, obj, JSON_OBJECT, jpath, err) < 0
      || check_keys (c, obj, jpath, keys, err) < 0)
    return -1;
  if (c->text && rule->line == 0)
    json_locate (c->text, c->len, jpath, false, &rule->line, &rule->column);

  json_t *names = member (obj, "names");
  json_t *name = member (obj, "name");
  if (names && name)
    {
      cleanup_free char *p = json_path_key (jpath, "name");
      return at_fail (c, p, true, err, "use either \"name\" or \"names\", not both");
    }
  if (!names && !name)
    return at_fail (c, jpath, false, err, "missing \"names\"");
  if (names)
    {
      cleanup_free char *p = json_path_key (jpath, "names");
      if (parse_string_list (c, names, p, &rule->names, accept_syscall, err) < 0)
        return -1;
    }
  else
    {
      cleanup_free char *p = json_path_key (jpath, "name");
      if (expect_type (c, name, JSON_STRING, p, err) < 0)
        return -1;
      if (*json_string_value (name) == '\0')
        return at_fail (c, p, false, err, "empty string");
      if (accept_syscall (c, json_string_value (name), p, &rule->names, err) < 0)
        return -1;
    }

  json_t *action = member (obj, "action");
  if (action == NULL)
    return at_fail (c, jpath, false, err, "missing \"action\"");
  cleanup_free char *apath = json_path_key (jpath, "action");
  if (expect_type (c, action, JSON_STRING, apath, err) < 0)
    return -1;
  if (hb_scmp_action_parse (json_string_value (action), &rule->action) < 0)
    return at_fail (c, apath, false, err, "unknown action \"%s\"", json_string_value (action));

  json_t *eret = member (obj, "errnoRet");
  if (eret)
    {
      cleanup_free char *p = json_path_key (jpath, "errnoRet");
      if (parse_errno (c, eret, p, &rule->errno_ret, err) < 0)
        return -1;
      if (rule->action != HB_SCMP_ERRNO && rule->action != HB_SCMP_TRACE)
        return at_fail (c, p, false, err,
                        "errnoRet only applies to SCMP_ACT_ERRNO and SCMP_ACT_TRACE, not %s",
                        json_string_value (action));
    }

  json_t *args = member (obj, "args");
  if (args)
    {
      cleanup_free char *p = json_path_key (jpath, "args");
      if (expect_type (c, args, JSON_ARRAY, p, err) < 0)
        return -1;
      size_t i;
      json_t *a;
      json_array_foreach (args, i, a)
        {
          cleanup_free char *ap = json_path_index (p, i);
          if (rule->n_args == N_ELEMENTS (rule->args))
            return at_fail (c, ap, false, err, "more than 6 argument comparisons");
          if (parse_arg (c, a, ap, rule, err) < 0)
            return -1;
        }
    }

  json_t *m;
  if ((m = member (obj, "includes")))
    {
      cleanup_free char *p = json_path_key (jpath, "includes");
      if (parse_filter_cond (c, m, p, &rule->includes, err) < 0)
        return -1;
    }
  if ((m = member (obj, "excludes")))
    {
      cleanup_free char *p = json_path_key (jpath, "excludes");
      if (parse_filter_cond (c, m, p, &rule->excludes, err) < 0)
        return -1;
    }
  if ((m = member (obj, "comment")))
    {
      cleanup_free char *p = json_path_key (jpath, "comment");
      if (expect_type (c, m, JSON_STRING, p, err) < 0)
        return -1;
      rule->comment = xstrdup (json_string_value (m));
    }
  return 0;
}

static void
rule_init (hb_scmp_rule *rule)
{
  memset (rule, 0, sizeof *rule);
  rule->errno_ret = -1;
}

int
hb_scmp_rule_from_json (json_t *obj, hb_scmp_rule *rule, const char *file,
                        const char *text, const char *jpath, bool strict, hb_error **err)
{
  warn_count warns = { 0 };
  parse_ctx c = { file, text, text ? strlen (text) : 0, strict, &warns };
  rule_init (rule);
  int r = rule_parse (&c, obj, rule, jpath ? jpath : "", err);
  warn_summary (&c);
  if (r < 0)
    {
      hb_scmp_rule_clear (rule);
      return -1;
    }
  return 0;
}

int
hb_scmp_rules_from_json (json_t *arr, hb_scmp_rule **rules, size_t *n_rules, const char *file,
                         const char *text, size_t len, const char *jpath, bool strict,
                         hb_error **err)
{
  warn_count warns = { 0 };
  parse_ctx c = { file, text, text ? len : 0, strict, &warns };
  const char *path = jpath ? jpath : "";
  *rules = NULL;
  *n_rules = 0;
  if (expect_type (&c, arr, JSON_ARRAY, path, err) < 0)
    return -1;
  size_t n = json_array_size (arr);
  hb_scmp_rule *parsed = xcalloc (n ? n : 1, sizeof *parsed);
  /* Where each rule starts, found in one pass over the text (a search per
   * rule made 20k rules take minutes). */
  cleanup_free int *lines = xcalloc (n ? n : 1, sizeof *lines);
  cleanup_free int *cols = xcalloc (n ? n : 1, sizeof *cols);
  if (text)
    json_locate_elements (text, len, path, n, lines, cols);
  for (size_t i = 0; i < n; i++)
    {
      cleanup_free char *rpath = json_path_index (path, i);
      rule_init (&parsed[i]);
      parsed[i].line = lines[i];
      parsed[i].column = cols[i];
      if (rule_parse (&c, json_array_get (arr, i), &parsed[i], rpath, err) < 0)
        {
          for (size_t k = 0; k <= i; k++)
            hb_scmp_rule_clear (&parsed[k]);
          free (parsed);
          warn_summary (&c);
          return -1;
        }
    }
  warn_summary (&c);
  *rules = parsed;
  *n_rules = n;
  return 0;
}

static void
filter_cond_clear (hb_scmp_filter_cond *cond)
{
  strv_clear (&cond->caps);
  strv_clear (&cond->arches);
  free (cond->min_kernel);
  cond->min_kernel = NULL;
}

static void
filter_cond_copy (hb_scmp_filter_cond *dst, const hb_scmp_filter_cond *src)
{
  memset (dst, 0, sizeof *dst);
  strv_copy (&dst->caps, &src->caps);
  strv_copy (&dst->arches, &src->arches);
  dst->min_kernel = src->min_kernel ? xstrdup (src->min_kernel) : NULL;
}

static bool
filter_cond_empty (const hb_scmp_filter_cond *cond)
{
  return cond->caps.n == 0 && cond->arches.n == 0 && cond->min_kernel == NULL;
}

void
hb_scmp_rule_clear (hb_scmp_rule *rule)
{
  if (rule == NULL)
    return;
  strv_clear (&rule->names);
  filter_cond_clear (&rule->includes);
  filter_cond_clear (&rule->excludes);
  free (rule->comment);
  rule_init (rule);
}

void
hb_scmp_rule_copy (hb_scmp_rule *dst, const hb_scmp_rule *src)
{
  rule_init (dst);
  strv_copy (&dst->names, &src->names);
  dst->action = src->action;
  dst->errno_ret = src->errno_ret;
  memcpy (dst->args, src->args, sizeof dst->args);
  dst->n_args = src->n_args;
  filter_cond_copy (&dst->includes, &src->includes);
  filter_cond_copy (&dst->excludes, &src->excludes);
  dst->comment = src->comment ? xstrdup (src->comment) : NULL;
  dst->line = src->line;
  dst->column = src->column;
}

static json_t *
filter_cond_to_json (const hb_scmp_filter_cond *cond)
{
  json_t *o = json_object ();
  if (cond->caps.n)
    json_object_set_new (o, "caps", strv_to_json (&cond->caps));
  if (cond->arches.n)
    json_object_set_new (o, "arches", strv_to_json (&cond->arches));
  if (cond->min_kernel)
    json_object_set_new (o, "minKernel", json_string (cond->min_kernel));
  return o;
}

json_t *
hb_scmp_rule_to_json (const hb_scmp_rule *rule)
{
  json_t *o = json_object ();
  json_object_set_new (o, "names", strv_to_json (&rule->names));
  json_object_set_new (o, "action", json_string (hb_scmp_action_name (rule->action)));
  if (rule->errno_ret >= 0)
    json_object_set_new (o, "errnoRet", json_integer (rule->errno_ret));
  if (rule->n_args)
    {
      json_t *args = json_array ();
      for (size_t i = 0; i < rule->n_args; i++)
        {
          const hb_scmp_arg *a = &rule->args[i];
          json_array_append_new (args, json_pack ("{s:I, s:I, s:I, s:s}",
                                                  "index", (json_int_t) a->index,
                                                  "value", (json_int_t) a->value,
                                                  "valueTwo", (json_int_t) a->value_two,
                                                  "op", hb_scmp_op_name (a->op)));
        }
      json_object_set_new (o, "args", args);
    }
  if (!filter_cond_empty (&rule->includes))
    json_object_set_new (o, "includes", filter_cond_to_json (&rule->includes));
  if (!filter_cond_empty (&rule->excludes))
    json_object_set_new (o, "excludes", filter_cond_to_json (&rule->excludes));
  if (rule->comment)
    json_object_set_new (o, "comment", json_string (rule->comment));
  return o;
}

/* ---------------------------------------------------------------------------
 * Profiles
 * ------------------------------------------------------------------------- */

/* Refuse nesting deeper than max before jansson builds the tree; report the
 * bracket that goes too deep. */
static int
check_depth (const char *text, size_t len, int max, int *line, int *col)
{
  int depth = 0, l = 1, cl = 1;
  bool in_string = false, escaped = false;
  for (size_t i = 0; i < len; i++)
    {
      unsigned char ch = (unsigned char) text[i];
      if (in_string)
        {
          if (escaped)
            escaped = false;
          else if (ch == '\\')
            escaped = true;
          else if (ch == '"')
            in_string = false;
        }
      else if (ch == '"')
        in_string = true;
      else if (ch == '[' || ch == '{')
        {
          if (++depth > max)
            {
              *line = l;
              *col = cl;
              return -1;
            }
        }
      else if (ch == ']' || ch == '}')
        depth--;
      if (ch == '\n')
        {
          l++;
          cl = 1;
        }
      else if ((ch & 0xc0) != 0x80)
        cl++;
    }
  return 0;
}

static hb_seccomp_profile *
profile_new (const char *source)
{
  hb_seccomp_profile *p = xcalloc (1, sizeof *p);
  p->default_action = HB_SCMP_ERRNO;
  p->default_errno = -1;
  p->source = xstrdup (source ? source : "profile");
  return p;
}

static int
parse_arch_map (const parse_ctx *c, json_t *v, const char *path, hb_seccomp_profile *p,
                hb_error **err)
{
  if (expect_type (c, v, JSON_ARRAY, path, err) < 0)
    return -1;
  const char *native = arch_native_profile_name ();
  size_t i;
  json_t *entry;
  json_array_foreach (v, i, entry)
    {
      static const char *const keys[] = { "architecture", "subArchitectures", NULL };
      cleanup_free char *epath = json_path_index (path, i);
      if (expect_type (c, entry, JSON_OBJECT, epath, err) < 0
          || check_keys (c, entry, epath, keys, err) < 0)
        return -1;
      json_t *arch = member (entry, "architecture");
      if (arch == NULL)
        return at_fail (c, epath, false, err, "missing \"architecture\"");
      cleanup_free char *apath = json_path_key (epath, "architecture");
      if (expect_type (c, arch, JSON_STRING, apath, err) < 0)
        return -1;
      cleanup_strv strv main_arch = { 0 };
      if (accept_profile_arch (c, json_string_value (arch), apath, &main_arch, err) < 0)
        return -1;
      cleanup_strv strv subs = { 0 };
      json_t *sub = member (entry, "subArchitectures");
      if (sub)
        {
          cleanup_free char *spath = json_path_key (epath, "subArchitectures");
          if (parse_string_list (c, sub, spath, &subs, accept_profile_arch, err) < 0)
            return -1;
        }
      /* As Docker does: only the entry of the architecture we run on counts;
       * it gives the architecture and its compatible sub-architectures. */
      if (native && strcmp (main_arch.v[0], native) == 0)
        {
          strv_add_unique (&p->architectures, main_arch.v[0]);
          for (size_t k = 0; k < subs.n; k++)
            strv_add_unique (&p->architectures, subs.v[k]);
        }
    }
  return 0;
}

static bool
rule_unconditional (const hb_scmp_rule *r)
{
  return r->n_args == 0 && filter_cond_empty (&r->includes) && filter_cond_empty (&r->excludes);
}

typedef struct name_rule {
  const char *name;
  size_t rule;
  size_t conflict;   /* the first earlier rule with another result, or SIZE_MAX */
} name_rule;

static int
name_rule_cmp (const void *a, const void *b)
{
  const name_rule *x = a, *y = b;
  int c = strcmp (x->name, y->name);
  return c ? c : (x->rule > y->rule) - (x->rule < y->rule);
}

static bool
same_result (const hb_scmp_rule *a, const hb_scmp_rule *b)
{
  return a->action == b->action && a->errno_ret == b->errno_ret;
}

/* Two unconditional rules for one syscall with different results: libseccomp
 * keeps the first without a word.  Docker accepts such a profile, so this is
 * a warning that names both places: each later rule and the first earlier
 * rule whose result differs from its own.  The names of unconditional rules
 * are sorted once (name, rule); in a run of one name, that earlier rule is
 * the run's first rule when the results differ, else the first rule that
 * differs from the first one.  So 50k rules for one syscall cost a sort,
 * not 50k squared comparisons. */
static void
warn_conflicting_rules (const parse_ctx *c, const hb_seccomp_profile *p)
{
  size_t n = 0;
  for (size_t i = 0; i < p->n_rules; i++)
    if (rule_unconditional (&p->rules[i]))
      n += p->rules[i].names.n;
  if (n == 0)
    return;
  cleanup_free name_rule *idx = xcalloc (n, sizeof *idx);
  size_t m = 0;
  for (size_t i = 0; i < p->n_rules; i++)
    if (rule_unconditional (&p->rules[i]))
      for (size_t k = 0; k < p->rules[i].names.n; k++)
        idx[m++] = (name_rule) { p->rules[i].names.v[k], i, SIZE_MAX };
  qsort (idx, n, sizeof *idx, name_rule_cmp);

  for (size_t lo = 0; lo < n;)
    {
      size_t hi = lo + 1;
      while (hi < n && strcmp (idx[hi].name, idx[lo].name) == 0)
        hi++;
      const hb_scmp_rule *first = &p->rules[idx[lo].rule];
      size_t differs = SIZE_MAX;   /* the first rule of the run unlike first */
      for (size_t e = lo + 1; e < hi; e++)
        {
          size_t i = idx[e].rule;
          if (i == idx[lo].rule)
            continue;
          if (!same_result (&p->rules[i], first))
            {
              idx[e].conflict = idx[lo].rule;
              if (differs == SIZE_MAX)
                differs = i;
            }
          else if (differs != SIZE_MAX && differs < i)
            idx[e].conflict = differs;
        }
      lo = hi;
    }

  /* In the order of the rules, as a reader goes through the file. */
  for (size_t i = 1; i < p->n_rules; i++)
    {
      const hb_scmp_rule *later = &p->rules[i];
      if (!rule_unconditional (later))
        continue;
      for (size_t k = 0; k < later->names.n; k++)
        {
          name_rule key = { later->names.v[k], i, 0 };
          const name_rule *e = bsearch (&key, idx, n, sizeof *idx, name_rule_cmp);
          if (e == NULL || e->conflict == SIZE_MAX)
            continue;
          size_t j = e->conflict;
          cleanup_free char *path = xasprintf (".syscalls[%zu]", i);
          at_warn (c, path,
                   "\"%s\" already has a rule at .syscalls[%zu] (%s); the first rule "
                   "wins, this one is ignored",
                   later->names.v[k], j, hb_scmp_action_name (p->rules[j].action));
        }
    }
}

static int
profile_from_json (const parse_ctx *c, json_t *root, hb_seccomp_profile *p, hb_error **err)
{
  static const char *const keys[] = { "defaultAction", "defaultErrnoRet", "architectures",
                                      "archMap", "syscalls", "comment", NULL };
  if (expect_type (c, root, JSON_OBJECT, "", err) < 0 || check_keys (c, root, "", keys, err) < 0)
    return -1;

  json_t *da = member (root, "defaultAction");
  if (da == NULL)
    return at_fail (c, "", false, err, "missing \"defaultAction\"");
  if (expect_type (c, da, JSON_STRING, ".defaultAction", err) < 0)
    return -1;
  if (hb_scmp_action_parse (json_string_value (da), &p->default_action) < 0)
    return at_fail (c, ".defaultAction", false, err, "unknown action \"%s\"",
                    json_string_value (da));

  json_t *m;
  if ((m = member (root, "defaultErrnoRet")))
    {
      if (parse_errno (c, m, ".defaultErrnoRet", &p->default_errno, err) < 0)
        return -1;
      if (p->default_action != HB_SCMP_ERRNO && p->default_action != HB_SCMP_TRACE)
        return at_fail (c, ".defaultErrnoRet", false, err,
                        "defaultErrnoRet only applies to SCMP_ACT_ERRNO and SCMP_ACT_TRACE");
    }

  json_t *arches = member (root, "architectures");
  json_t *arch_map = member (root, "archMap");
  if (arches && arch_map && json_is_array (arches) && json_array_size (arches) > 0)
    return at_fail (c, ".archMap", true, err,
                    "use either \"architectures\" or \"archMap\", not both (as Docker)");
  if (arches && parse_string_list (c, arches, ".architectures", &p->architectures,
                                   accept_profile_arch, err) < 0)
    return -1;
  if (arch_map && parse_arch_map (c, arch_map, ".archMap", p, err) < 0)
    return -1;

  if ((m = member (root, "syscalls")))
    {
      if (expect_type (c, m, JSON_ARRAY, ".syscalls", err) < 0)
        return -1;
      size_t n = json_array_size (m);
      p->rules = xcalloc (n ? n : 1, sizeof *p->rules);
      /* Where each rule starts, found in one pass over the text. */
      cleanup_free int *lines = xcalloc (n ? n : 1, sizeof *lines);
      cleanup_free int *cols = xcalloc (n ? n : 1, sizeof *cols);
      if (c->text)
        json_locate_elements (c->text, c->len, ".syscalls", n, lines, cols);
      for (size_t i = 0; i < n; i++)
        {
          cleanup_free char *rpath = json_path_index (".syscalls", i);
          rule_init (&p->rules[i]);
          p->rules[i].line = lines[i];
          p->rules[i].column = cols[i];
          p->n_rules = i + 1;
          if (rule_parse (c, json_array_get (m, i), &p->rules[i], rpath, err) < 0)
            return -1;
        }
    }

  warn_conflicting_rules (c, p);

  if ((m = member (root, "comment")))
    {
      if (expect_type (c, m, JSON_STRING, ".comment", err) < 0)
        return -1;
      p->description = xstrdup (json_string_value (m));
    }
  return 0;
}

static hb_seccomp_profile *
profile_parse (const char *text, size_t len, const char *source, const char *file_for_msgs,
               bool quiet, hb_error **err)
{
  warn_count warns = { .quiet = quiet };
  parse_ctx c = { file_for_msgs, text, len, false, &warns };
  const char *name = file_for_msgs ? file_for_msgs : "seccomp profile";
  if (len > HB_MAX_INPUT_FILE)
    {
      hb_fail (err, HB_EXIT_INPUT, "%s: %zu bytes, more than the %u allowed", name, len,
               HB_MAX_INPUT_FILE);
      return NULL;
    }
  int line = 0, col = 0;
  if (check_depth (text, len, HB_JSON_MAX_DEPTH, &line, &col) < 0)
    {
      hb_fail (err, HB_EXIT_INPUT, "%s:%d:%d: nesting deeper than %d levels", name, line, col,
               HB_JSON_MAX_DEPTH);
      return NULL;
    }
  json_error_t jerr;
  cleanup_json json_t *root = json_loadb (text, len, JSON_REJECT_DUPLICATES, &jerr);
  if (root == NULL)
    {
      /* jansson points at the last character it read; an empty text gives
       * column 0, shown as the first column. */
      hb_fail (err, HB_EXIT_INPUT, "%s:%d:%d: invalid JSON: %s", name,
               jerr.line > 0 ? jerr.line : 1, jerr.column > 0 ? jerr.column : 1, jerr.text);
      return NULL;
    }
  hb_seccomp_profile *p = profile_new (source);
  int r = profile_from_json (&c, root, p, err);
  warn_summary (&c);
  if (r < 0)
    {
      hb_seccomp_profile_free (p);
      return NULL;
    }
  return p;
}

hb_seccomp_profile *
hb_seccomp_profile_parse (const char *text, size_t len, const char *source, hb_error **err)
{
  if (text == NULL)
    {
      hb_fail (err, HB_EXIT_INPUT, "%s: no profile text", source ? source : "seccomp profile");
      return NULL;
    }
  return profile_parse (text, len, source, source, false, err);
}

int
hb_seccomp_profile_check (const char *text, size_t len, const char *file, hb_error **err)
{
  hb_seccomp_profile *p = profile_parse (text, len, file, file, true, err);
  if (p == NULL)
    return -1;
  hb_seccomp_profile_free (p);
  return 0;
}

hb_seccomp_profile *
hb_seccomp_profile_load (const char *path, hb_error **err)
{
  size_t len = 0;
  cleanup_free char *text = file_read_all (path, HB_MAX_INPUT_FILE, &len, HB_EXIT_INPUT, err);
  if (text == NULL)
    {
      hb_error_wrap (err, "seccomp profile");
      return NULL;
    }
  return profile_parse (text, len, path, path, false, err);
}

static bool
shipped_name_valid (const char *name)
{
  if (*name == '\0' || *name == '.')
    return false;
  for (const char *p = name; *p; p++)
    if (!isalnum ((unsigned char) *p) && *p != '-' && *p != '_' && *p != '.')
      return false;
  return true;
}

/* "default, default-no-chmod, docker-20.10, ..." from the shipped profile
 * directory. */
static char *
shipped_list (const char *dir)
{
  cleanup_strv strv names = { 0 };
  strv_push (&names, "default");
  strv_push (&names, HB_PROFILE_NO_CHMOD);
  cleanup_dir DIR *d = opendir (dir);
  struct dirent *de;
  while (d && (de = readdir (d)) != NULL)
    if (de->d_name[0] != '.' && text_has_suffix (de->d_name, ".json"))
      strv_push_owned (&names, xstrndup (de->d_name, strlen (de->d_name) - 5));
  strv_sort (&names);
  return names.n ? strv_join (&names, ", ") : xstrdup ("none found");
}

int
hb_seccomp_profile_locate (const char *name, char **path, hb_error **err)
{
  *path = NULL;
  if (name == NULL || *name == '\0')
    return hb_fail (err, HB_EXIT_INPUT, "empty seccomp profile name");
  if (strcmp (name, "unconfined") == 0)
    return 0;
  if (strchr (name, '/') || text_has_suffix (name, ".json"))
    {
      *path = xstrdup (name);
      return 0;
    }

  cleanup_free char *dir = xasprintf ("%s/profiles/seccomp", hb_data_dir ());
  /* "default" is the engine's line (profile_line.h); default-no-chmod is
   * derived from it when parsed (hb_seccomp_profile_named). */
  if (strcmp (name, "default") == 0 || strcmp (name, HB_PROFILE_NO_CHMOD) == 0)
    name = hb_profile_line_file (hb_profile_line_current ());
  if (!shipped_name_valid (name))
    return hb_fail (err, HB_EXIT_INPUT,
                    "seccomp profile \"%s\": not a profile name or a file path (a file path "
                    "contains '/' or ends in .json)",
                    name);
  char *file = xasprintf ("%s/%s.json", dir, name);
  if (access (file, F_OK) < 0 && errno == ENOENT)
    {
      free (file);
      cleanup_free char *known = shipped_list (dir);
      return hb_fail (err, HB_EXIT_INPUT,
                      "unknown seccomp profile \"%s\" (shipped: %s, unconfined; or give a file "
                      "path)",
                      name, known);
    }
  *path = file;
  return 0;
}

/* default-no-chmod: the line's profile without the calls that change a
 * file's mode, so that they fail with the profile's default errno (EPERM).
 * Derived here rather than shipped, so that a line that allows a new one
 * (fchmodat2, Docker 25) cannot leave it in. */
static void
without_chmod (hb_seccomp_profile *p)
{
  static const char *const chmods[] = { "chmod", "fchmod", "fchmodat", "fchmodat2" };
  size_t kept = 0;
  for (size_t i = 0; i < p->n_rules; i++)
    {
      hb_scmp_rule *r = &p->rules[i];
      for (size_t k = 0; k < sizeof chmods / sizeof chmods[0]; k++)
        strv_remove (&r->names, chmods[k]);
      if (r->names.n == 0)
        {
          hb_scmp_rule_clear (r);
          continue;
        }
      p->rules[kept++] = *r;
    }
  p->n_rules = kept;
  free (p->description);
  p->description = xasprintf ("%s's default seccomp profile without chmod, fchmod, fchmodat "
                              "and fchmodat2: changing file modes fails with EPERM.",
                              hb_profile_line_label (hb_profile_line_current ()));
}

hb_seccomp_profile *
hb_seccomp_profile_named (const char *name, const char *path, const char *text, size_t len,
                          hb_error **err)
{
  hb_seccomp_profile *p = profile_parse (text, len, path, path, false, err);
  if (p && strcmp (name, HB_PROFILE_NO_CHMOD) == 0)
    without_chmod (p);
  /* A shipped profile is known by its name. */
  if (p && strcmp (name, path) != 0)
    {
      free (p->source);
      p->source = xstrdup (name);
    }
  return p;
}

static hb_seccomp_profile *
profile_unconfined (void)
{
  hb_seccomp_profile *p = profile_new ("unconfined");
  p->default_action = HB_SCMP_ALLOW;
  p->description = xstrdup ("No seccomp filtering: every system call is allowed.");
  return p;
}

hb_seccomp_profile *
hb_seccomp_profile_resolve (const char *name, hb_error **err)
{
  cleanup_free char *path = NULL;
  if (hb_seccomp_profile_locate (name, &path, err) < 0)
    return NULL;
  if (path == NULL)
    return profile_unconfined ();
  size_t len = 0;
  cleanup_free char *text = file_read_all (path, HB_MAX_INPUT_FILE, &len, HB_EXIT_INPUT, err);
  if (text == NULL)
    {
      hb_error_wrap (err, "seccomp profile");
      return NULL;
    }
  return hb_seccomp_profile_named (name, path, text, len, err);
}

json_t *
hb_seccomp_profile_to_json (const hb_seccomp_profile *p)
{
  json_t *o = json_object ();
  if (p->description)
    json_object_set_new (o, "comment", json_string (p->description));
  json_object_set_new (o, "defaultAction", json_string (hb_scmp_action_name (p->default_action)));
  if (p->default_errno >= 0)
    json_object_set_new (o, "defaultErrnoRet", json_integer (p->default_errno));
  if (p->architectures.n)
    json_object_set_new (o, "architectures", strv_to_json (&p->architectures));
  json_t *rules = json_array ();
  for (size_t i = 0; i < p->n_rules; i++)
    json_array_append_new (rules, hb_scmp_rule_to_json (&p->rules[i]));
  json_object_set_new (o, "syscalls", rules);
  return o;
}

void
hb_seccomp_profile_free (hb_seccomp_profile *p)
{
  if (p == NULL)
    return;
  for (size_t i = 0; i < p->n_rules; i++)
    hb_scmp_rule_clear (&p->rules[i]);
  free (p->rules);
  strv_clear (&p->architectures);
  free (p->source);
  free (p->description);
  free (p);
}

int
hb_seccomp_profile_denial_errno (const hb_seccomp_profile *profile, uint32_t data)
{
  if ((data & HB_SCMP_DENIAL) == 0)
    return -1;
  uint32_t idx = data & HB_SCMP_DENIAL_INDEX;
  if (data == HB_SCMP_DENIAL_DEFAULT)
    return profile->default_errno >= 0 ? profile->default_errno : EPERM;
  if (idx >= profile->n_rules || profile->rules[idx].action != HB_SCMP_ERRNO)
    return -1;
  return profile->rules[idx].errno_ret >= 0 ? profile->rules[idx].errno_ret : EPERM;
}
