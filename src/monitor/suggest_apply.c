/* suggest_apply.c - applying suggestions to a policy (through the policy's
 * edit functions, shared by the CLI, learn and the TUI). */
#include "config.h"

#include "monitor/suggest.h"

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
