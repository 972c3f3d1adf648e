/* policy_edit.c - every change a user can make to a policy, one function
 * each, with the validation that keeps a policy sound.  The command-line
 * flags, policy files and the TUI all go through these. */
#include "config.h"

#include "policy/policy.h"
#include "policy/capabilities.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <errno.h>
#include <math.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

char *
hb_container_path_normalize (const char *path, hb_error **err)
{
  if (path == NULL || path[0] != '/')
    {
      hb_fail (err, HB_EXIT_USAGE, "%s: a container path must be absolute",
               path ? path : "(null)");
      return NULL;
    }
  if (strlen (path) >= 4096)
    {
      hb_fail (err, HB_EXIT_USAGE, "path longer than PATH_MAX");
      return NULL;
    }
  cleanup_free char *copy = xstrdup (path);
  char *out = xmalloc (strlen (path) + 2);
  size_t n = 0;
  char *save = NULL;
  for (char *seg = strtok_r (copy, "/", &save); seg; seg = strtok_r (NULL, "/", &save))
    {
      if (strcmp (seg, ".") == 0)
        continue;
      if (strcmp (seg, "..") == 0)
        {
          free (out);
          hb_fail (err, HB_EXIT_USAGE, "%s: '..' is not allowed in a container path", path);
          return NULL;
        }
      out[n++] = '/';
      size_t l = strlen (seg);
      memcpy (out + n, seg, l);
      n += l;
    }
  if (n == 0)
    out[n++] = '/';
  out[n] = '\0';
  return out;
}

/* Options docker's --tmpfs accepts (mount(8) tmpfs options and flags). */
static const char *const tmpfs_flags[] = {
  "rw", "ro", "exec", "noexec", "suid", "nosuid", "dev", "nodev", "sync", "async",
  "dirsync", "atime", "noatime", "diratime", "nodiratime", "relatime", "norelatime",
  "strictatime", "nostrictatime", "mand", "nomand", "rprivate", "private", "rshared",
  "shared", "rslave", "slave", "tmpcopyup", "notmpcopyup", NULL,
};

char *
hb_tmpfs_options_normalize (const char *options, hb_error **err)
{
  cleanup_strv strv out = { 0 };
  if (options != NULL && *options != '\0')
    {
      cleanup_free char *copy = xstrdup (options);
      char *save = NULL;
      for (char *opt = strtok_r (copy, ",", &save); opt; opt = strtok_r (NULL, ",", &save))
        {
          char *eq = strchr (opt, '=');
          if (eq == NULL)
            {
              bool known = false;
              for (size_t i = 0; tmpfs_flags[i]; i++)
                known = known || strcmp (opt, tmpfs_flags[i]) == 0;
              if (!known)
                {
                  hb_fail (err, HB_EXIT_USAGE, "tmpfs option %s: unknown", opt);
                  return NULL;
                }
              strv_add_unique (&out, opt);
              continue;
            }
          *eq = '\0';
          const char *val = eq + 1;
          if (strcmp (opt, "size") == 0)
            {
              /* size may also be a percentage of RAM ("50%"). */
              size_t vl = strlen (val);
              bool pct = vl > 1 && val[vl - 1] == '%';
              if ((!pct && text_parse_size (val) <= 0) || (pct && atoi (val) <= 0))
                {
                  hb_fail (err, HB_EXIT_USAGE, "tmpfs option size=%s: not a size such as 64m", val);
                  return NULL;
                }
            }
          else if (strcmp (opt, "mode") == 0)
            {
              char *end = NULL;
              errno = 0;
              long mode = strtol (val, &end, 8);
              if (*val == '\0' || *end != '\0' || errno || mode < 0 || mode > 07777)
                {
                  hb_fail (err, HB_EXIT_USAGE, "tmpfs option mode=%s: not an octal mode such as 1777", val);
                  return NULL;
                }
            }
          else if (strcmp (opt, "uid") == 0 || strcmp (opt, "gid") == 0
                   || strcmp (opt, "nr_inodes") == 0 || strcmp (opt, "nr_blocks") == 0)
            {
              uint64_t v;
              if (!text_parse_u64 (val, &v) && text_parse_size (val) < 0)
                {
                  hb_fail (err, HB_EXIT_USAGE, "tmpfs option %s=%s: not a number", opt, val);
                  return NULL;
                }
            }
          else
            {
              hb_fail (err, HB_EXIT_USAGE, "tmpfs option %s: unknown", opt);
              return NULL;
            }
          strv_push_owned (&out, xasprintf ("%s=%s", opt, val));
        }
    }
  return strv_join (&out, ",");
}

/* A tmpfs and a volume at the same place would shadow each other: a path
 * names one writable mount. */
int
hb_policy_remove_mount (hb_policy *p, const char *path)
{
  int removed = 0;
  for (size_t i = 0; i < p->n_tmpfs;)
    if (strcmp (p->tmpfs[i].path, path) == 0)
      {
        free (p->tmpfs[i].path);
        free (p->tmpfs[i].options);
        memmove (&p->tmpfs[i], &p->tmpfs[i + 1], (p->n_tmpfs - i - 1) * sizeof *p->tmpfs);
        p->n_tmpfs--;
        removed = 1;
      }
    else
      i++;
  for (size_t i = 0; i < p->n_volumes;)
    if (strcmp (p->volumes[i].path, path) == 0)
      {
        free (p->volumes[i].path);
        free (p->volumes[i].source);
        memmove (&p->volumes[i], &p->volumes[i + 1], (p->n_volumes - i - 1) * sizeof *p->volumes);
        p->n_volumes--;
        removed = 1;
      }
    else
      i++;
  return removed;
}

int
hb_policy_set_tmpfs (hb_policy *p, const char *path, const char *options, hb_error **err)
{
  cleanup_free char *norm = hb_container_path_normalize (path, err);
  if (norm == NULL)
    return -1;
  if (strcmp (norm, "/") == 0)
    return hb_fail (err, HB_EXIT_USAGE, "a tmpfs over / would hide the whole image; use --no-read-only");
  cleanup_free char *opts = hb_tmpfs_options_normalize (options, err);
  if (opts == NULL)
    return -1;
  hb_policy_remove_mount (p, norm);
  p->tmpfs = xreallocarray (p->tmpfs, p->n_tmpfs + 1, sizeof *p->tmpfs);
  p->tmpfs[p->n_tmpfs].path = steal_pointer (&norm);
  p->tmpfs[p->n_tmpfs].options = steal_pointer (&opts);
  p->n_tmpfs++;
  return 0;
}

int
hb_policy_set_volume (hb_policy *p, const char *path, const char *source, bool read_only,
                      hb_error **err)
{
  cleanup_free char *norm = hb_container_path_normalize (path, err);
  if (norm == NULL)
    return -1;
  if (strcmp (norm, "/") == 0)
    return hb_fail (err, HB_EXIT_USAGE, "a volume cannot be mounted over /");
  if (source != NULL && *source == '\0')
    source = NULL;
  if (source != NULL && source[0] != '/')
    {
      /* Docker volume names: [a-zA-Z0-9][a-zA-Z0-9_.-]* */
      bool ok = (source[0] >= 'a' && source[0] <= 'z') || (source[0] >= 'A' && source[0] <= 'Z')
                || (source[0] >= '0' && source[0] <= '9');
      for (const char *c = source; *c && ok; c++)
        ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')
             || *c == '_' || *c == '.' || *c == '-';
      if (!ok)
        return hb_fail (err, HB_EXIT_USAGE,
                        "volume source %s: not a volume name ([a-zA-Z0-9][a-zA-Z0-9_.-]*) "
                        "or an absolute host path", source);
    }
  hb_policy_remove_mount (p, norm);
  p->volumes = xreallocarray (p->volumes, p->n_volumes + 1, sizeof *p->volumes);
  p->volumes[p->n_volumes].path = steal_pointer (&norm);
  p->volumes[p->n_volumes].source = source ? xstrdup (source) : NULL;
  p->volumes[p->n_volumes].read_only = read_only;
  p->n_volumes++;
  return 0;
}

static char *
cap_name_or_fail (const char *cap, hb_error **err)
{
  char *norm = hb_cap_normalize (cap);
  if (norm == NULL)
    hb_fail (err, HB_EXIT_USAGE, "%s: not a Linux capability (see 'hardenbench explain capabilities')", cap);
  return norm;
}

/* Docker applies --cap-drop, then --cap-add.  Keeping both lists minimal and
 * disjoint makes the last edit win, as a user toggling a box expects. */
int
hb_policy_cap_add (hb_policy *p, const char *cap, hb_error **err)
{
  cleanup_free char *name = cap_name_or_fail (cap, err);
  if (name == NULL)
    return -1;
  if (strcmp (name, "ALL") == 0)
    {
      strv_clear (&p->cap_drop);
      strv_clear (&p->cap_add);
      strv_push (&p->cap_add, "ALL");
      return 0;
    }
  strv_remove (&p->cap_drop, name);
  const hb_capability *c = hb_cap_lookup (name);
  bool granted_by_default = c && c->docker_default && !strv_contains (&p->cap_drop, "ALL");
  if (!granted_by_default && !strv_contains (&p->cap_add, "ALL"))
    strv_add_unique (&p->cap_add, name);
  return 0;
}

int
hb_policy_cap_drop (hb_policy *p, const char *cap, hb_error **err)
{
  cleanup_free char *name = cap_name_or_fail (cap, err);
  if (name == NULL)
    return -1;
  if (strcmp (name, "ALL") == 0)
    {
      strv_clear (&p->cap_drop);
      strv_clear (&p->cap_add);
      strv_push (&p->cap_drop, "ALL");
      return 0;
    }
  strv_remove (&p->cap_add, name);
  if (strv_contains (&p->cap_add, "ALL"))
    {
      /* "add ALL, drop X" is not expressible as Docker applies drop first:
       * spell the add list out instead. */
      strv_clear (&p->cap_add);
      size_t n;
      const hb_capability *t = hb_cap_table (&n);
      for (size_t i = 0; i < n; i++)
        if (strcmp (t[i].name, name) != 0 && !(t[i].docker_default && !strv_contains (&p->cap_drop, "ALL")))
          strv_push (&p->cap_add, t[i].name);
    }
  const hb_capability *c = hb_cap_lookup (name);
  if (c && c->docker_default && !strv_contains (&p->cap_drop, "ALL"))
    strv_add_unique (&p->cap_drop, name);
  return 0;
}

bool
hb_policy_cap_enabled (const hb_policy *p, const char *cap)
{
  const hb_capability *c = hb_cap_lookup (cap);
  if (c == NULL)
    return false;
  unsigned long long mask = hb_cap_effective_mask (&p->cap_drop, &p->cap_add);
  return (mask >> c->number) & 1ULL;
}

void
hb_policy_cap_reset (hb_policy *p)
{
  strv_clear (&p->cap_drop);
  strv_clear (&p->cap_add);
}

int
hb_policy_set_seccomp_profile (hb_policy *p, const char *profile, hb_error **err)
{
  if (profile == NULL || *profile == '\0')
    return hb_fail (err, HB_EXIT_USAGE, "--seccomp needs a profile: default, unconfined or a file");
  /* Load it now so a bad profile is reported where it is named. */
  cleanup_seccomp_profile hb_seccomp_profile *prof = hb_seccomp_profile_resolve (profile, err);
  if (prof == NULL)
    return -1;
  free (p->seccomp_profile);
  p->seccomp_profile = xstrdup (profile);
  return 0;
}

/* Replace every earlier single-syscall rule for name: the newest decision
 * about a syscall is the one that counts. */
static void
drop_rules_for (hb_policy *p, const char *name)
{
  for (size_t i = 0; i < p->n_seccomp_rules;)
    {
      hb_scmp_rule *r = &p->seccomp_rules[i];
      if (strv_contains (&r->names, name) && r->n_args == 0)
        {
          strv_remove (&r->names, name);
          if (r->names.n == 0)
            {
              hb_scmp_rule_clear (r);
              memmove (r, r + 1, (p->n_seccomp_rules - i - 1) * sizeof *r);
              p->n_seccomp_rules--;
              continue;
            }
        }
      i++;
    }
}

static int
add_rule (hb_policy *p, const char *syscall, hb_scmp_action action, int errnum, hb_error **err)
{
  if (syscall == NULL || !hb_syscall_known (syscall))
    return hb_fail (err, HB_EXIT_USAGE, "%s: not a syscall libseccomp knows",
                    syscall ? syscall : "(null)");
  drop_rules_for (p, syscall);
  p->seccomp_rules = xreallocarray (p->seccomp_rules, p->n_seccomp_rules + 1, sizeof *p->seccomp_rules);
  hb_scmp_rule *r = &p->seccomp_rules[p->n_seccomp_rules++];
  memset (r, 0, sizeof *r);
  strv_push (&r->names, syscall);
  r->action = action;
  r->errno_ret = errnum;
  return 0;
}

int
hb_policy_seccomp_deny (hb_policy *p, const char *syscall, int errnum, hb_error **err)
{
  if (errnum < 1 || errnum > 4095)
    return hb_fail (err, HB_EXIT_USAGE, "errno %d out of range 1..4095", errnum);
  return add_rule (p, syscall, HB_SCMP_ERRNO, errnum, err);
}

int
hb_policy_seccomp_allow (hb_policy *p, const char *syscall, hb_error **err)
{
  return add_rule (p, syscall, HB_SCMP_ALLOW, -1, err);
}

int
hb_policy_set_user (hb_policy *p, const char *user, hb_error **err)
{
  if (user == NULL || *user == '\0' || strlen (user) > 256)
    return hb_fail (err, HB_EXIT_USAGE, "--user needs USER[:GROUP]");
  /* No name in passwd or group has a blank or a control character (C1
   * ones, UTF-8 encoded, included), and an export would have to quote one
   * into every format. */
  for (const unsigned char *c = (const unsigned char *) user; *c; c++)
    if (*c <= ' ' || *c == 0x7f || (c[0] == 0xc2 && c[1] >= 0x80 && c[1] <= 0x9f))
      {
        cleanup_free char *shown = text_sanitize (user);
        return hb_fail (err, HB_EXIT_USAGE, "--user %s: blanks and control characters are "
                        "not allowed in USER[:GROUP]", shown);
      }
  const char *colon = strchr (user, ':');
  if (colon == user || (colon && colon[1] == '\0') || (colon && strchr (colon + 1, ':')))
    return hb_fail (err, HB_EXIT_USAGE, "--user %s: expected USER[:GROUP]", user);
  free (p->user);
  p->user = xstrdup (user);
  return 0;
}

int
hb_policy_set_memory (hb_policy *p, const char *size, hb_error **err)
{
  int64_t bytes = text_parse_size (size);
  if (bytes < 0)
    return hb_fail (err, HB_EXIT_USAGE, "--memory %s: not a size such as 256m or 1g", size ? size : "");
  /* Docker refuses less than 6 MiB; so do we, with the same reason. */
  if (bytes != 0 && bytes < 6 * 1024 * 1024)
    return hb_fail (err, HB_EXIT_USAGE, "--memory %s: the minimum is 6m", size);
  p->memory = bytes;
  return 0;
}

int
hb_policy_set_cpus (hb_policy *p, const char *cpus, hb_error **err)
{
  char *end = NULL;
  errno = 0;
  double v = cpus ? strtod (cpus, &end) : -1;
  if (cpus == NULL || end == cpus || *end != '\0' || errno || !isfinite (v) || v < 0 || v > 4096)
    return hb_fail (err, HB_EXIT_USAGE, "--cpus %s: not a number of CPUs such as 0.5", cpus ? cpus : "");
  if (v != 0 && v < 0.01)
    return hb_fail (err, HB_EXIT_USAGE, "--cpus %s: the minimum is 0.01", cpus);
  p->cpus = v;
  return 0;
}

int
hb_policy_set_pids (hb_policy *p, const char *pids, hb_error **err)
{
  uint64_t v;
  if (pids && strcmp (pids, "-1") == 0)
    v = 0;
  else if (!text_parse_u64 (pids, &v) || v > 4194304)
    return hb_fail (err, HB_EXIT_USAGE, "--pids-limit %s: not a number of processes (0 or -1: unlimited)",
                    pids ? pids : "");
  p->pids = (int64_t) v;
  return 0;
}

/* --- evidence ------------------------------------------------------------ */

const char *const hb_evidence_kinds[] = { "tmpfs", "volume", "cap_add", "seccomp", NULL };

void
hb_policy_set_evidence (hb_policy *p, const char *grant, const char *why)
{
  ssize_t i = strv_index (&p->evidence_for, grant);
  if (i >= 0)
    {
      free (p->evidence_why.v[i]);
      p->evidence_why.v[i] = xstrdup (why);
      return;
    }
  strv_push (&p->evidence_for, grant);
  strv_push (&p->evidence_why, why);
}

const char *
hb_policy_evidence (const hb_policy *p, const char *grant)
{
  ssize_t i = strv_index (&p->evidence_for, grant);
  return i >= 0 ? p->evidence_why.v[i] : NULL;
}
