/* suggest_apply.c - applying suggestions to a policy (through the policy's
 * edit functions, shared by the CLI, learn and the TUI). */
#include "config.h"

#include "monitor/suggest.h"

#include "core/cleanup.h"
#include "core/xalloc.h"

#include <string.h>

static bool
writable_mount_covers (const hb_policy *p, const char *dir)
{
  for (size_t i = 0; i < p->n_tmpfs; i++)
    if (hb_path_is_under (dir, p->tmpfs[i].path))
      return true;
  for (size_t i = 0; i < p->n_volumes; i++)
    if (!p->volumes[i].read_only && hb_path_is_under (dir, p->volumes[i].path))
      return true;
  return false;
}

static bool
syscall_allowed (const hb_policy *p, const char *name)
{
  for (size_t i = 0; i < p->n_seccomp_rules; i++)
    if (p->seccomp_rules[i].action == HB_SCMP_ALLOW && p->seccomp_rules[i].n_args == 0
        && strv_contains (&p->seccomp_rules[i].names, name))
      return true;
  return false;
}

int
hb_suggestions_apply (hb_policy *p, const hb_suggestions *s, hb_error **err)
{
  int changes = 0;
  for (size_t i = 0; i < s->tmpfs.n; i++)
    {
      if (!hb_suggest_dir_allowed (s->tmpfs.v[i]) || writable_mount_covers (p, s->tmpfs.v[i]))
        continue;
      if (hb_policy_set_tmpfs (p, s->tmpfs.v[i], HB_SUGGEST_TMPFS_OPTIONS, err) < 0)
        return hb_error_wrap (err, "suggested tmpfs %s", s->tmpfs.v[i]);
      changes++;
    }
  for (size_t i = 0; i < s->allow_syscalls.n; i++)
    {
      if (syscall_allowed (p, s->allow_syscalls.v[i]))
        continue;
      if (hb_policy_seccomp_allow (p, s->allow_syscalls.v[i], err) < 0)
        return hb_error_wrap (err, "suggested syscall %s", s->allow_syscalls.v[i]);
      changes++;
    }
  for (size_t i = 0; i < s->cap_add.n; i++)
    {
      if (hb_policy_cap_enabled (p, s->cap_add.v[i]))
        continue;
      if (hb_policy_cap_add (p, s->cap_add.v[i], err) < 0)
        return hb_error_wrap (err, "suggested capability %s", s->cap_add.v[i]);
      changes++;
    }
  return changes;
}

/* "PATH (N×)" for up to three denied writes under dir, then "and N more". */
static char *
writes_under (json_t *denied, const char *dir)
{
  cleanup_strv strv seen = { 0 };
  size_t more = 0, i;
  json_t *e;
  json_array_foreach (denied, i, e)
    {
      const char *path = json_string_value (json_object_get (e, "path"));
      json_int_t count = json_integer_value (json_object_get (e, "count"));
      if (path == NULL || !hb_path_is_under (path, dir))
        continue;
      if (seen.n == 3)
        {
          more++;
          continue;
        }
      strv_push_owned (&seen, count > 1 ? xasprintf ("%s (%lldx)", path, (long long) count)
                                        : xstrdup (path));
    }
  if (seen.n == 0)
    return NULL;
  cleanup_free char *list = strv_join (&seen, ", ");
  return more ? xasprintf ("%s and %zu more", list, more) : xstrdup (list);
}

void
hb_suggestions_record_evidence (hb_policy *p, const hb_suggestions *s, json_t *summary)
{
  json_t *writes = json_object_get (summary, "denied_writes");
  json_t *calls = json_object_get (summary, "denied_syscalls");
  for (size_t i = 0; i < s->tmpfs.n; i++)
    {
      bool has = false;
      for (size_t k = 0; k < p->n_tmpfs && !has; k++)
        has = strcmp (p->tmpfs[k].path, s->tmpfs.v[i]) == 0;
      if (!has)
        continue;
      cleanup_free char *list = writes_under (writes, s->tmpfs.v[i]);
      cleanup_free char *grant = xasprintf ("tmpfs %s", s->tmpfs.v[i]);
      cleanup_free char *why = list ? xasprintf ("a trial's writes were denied: %s", list)
                                    : xstrdup ("a trial's writes there were denied");
      hb_policy_set_evidence (p, grant, why);
    }
  for (size_t i = 0; i < s->allow_syscalls.n; i++)
    {
      if (!syscall_allowed (p, s->allow_syscalls.v[i]))
        continue;
      json_int_t count = 0;
      size_t k;
      json_t *e;
      json_array_foreach (calls, k, e)
        {
          const char *name = json_string_value (json_object_get (e, "syscall"));
          if (name && strcmp (name, s->allow_syscalls.v[i]) == 0)
            count = json_integer_value (json_object_get (e, "count"));
        }
      cleanup_free char *grant = xasprintf ("seccomp %s", s->allow_syscalls.v[i]);
      cleanup_free char *why = xasprintf ("a trial's %s calls were denied (%lldx)",
                                          s->allow_syscalls.v[i], (long long) count);
      hb_policy_set_evidence (p, grant, why);
    }
  for (size_t i = 0; i < s->cap_add.n; i++)
    {
      if (!hb_policy_cap_enabled (p, s->cap_add.v[i]))
        continue;
      cleanup_free char *grant = xasprintf ("cap_add %s", s->cap_add.v[i]);
      cleanup_free char *why = xasprintf ("a trial's operation failed for want of CAP_%s",
                                          s->cap_add.v[i]);
      hb_policy_set_evidence (p, grant, why);
    }
}
