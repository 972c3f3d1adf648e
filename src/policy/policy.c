/* policy.c - creating, copying and freeing policies. */
#include "config.h"

#include "policy/policy.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

static char *
dup_or_null (const char *s)
{
  return s ? xstrdup (s) : NULL;
}

hb_policy *
hb_policy_new (void)
{
  hb_policy *p = xcalloc (1, sizeof *p);
  return p;
}

static void
process_clear (hb_process *pr)
{
  strv_clear (&pr->entrypoint);
  strv_clear (&pr->cmd);
  strv_clear (&pr->env);
  strv_clear (&pr->ports);
  strv_clear (&pr->publish);
  free (pr->workdir);
  pr->workdir = NULL;
}

void
hb_policy_free (hb_policy *p)
{
  if (p == NULL)
    return;
  free (p->target_name);
  free (p->target_image);
  for (size_t i = 0; i < p->n_tmpfs; i++)
    {
      free (p->tmpfs[i].path);
      free (p->tmpfs[i].options);
    }
  free (p->tmpfs);
  for (size_t i = 0; i < p->n_volumes; i++)
    {
      free (p->volumes[i].path);
      free (p->volumes[i].source);
    }
  free (p->volumes);
  strv_clear (&p->cap_drop);
  strv_clear (&p->cap_add);
  free (p->seccomp_profile);
  for (size_t i = 0; i < p->n_seccomp_rules; i++)
    hb_scmp_rule_clear (&p->seccomp_rules[i]);
  free (p->seccomp_rules);
  free (p->user);
  free (p->network_mode);
  free (p->pid_mode);
  free (p->ipc_mode);
  free (p->uts_mode);
  free (p->userns_mode);
  process_clear (&p->process);
  strv_clear (&p->evidence_for);
  strv_clear (&p->evidence_why);
  free (p);
}

hb_policy *
hb_policy_copy (const hb_policy *src)
{
  hb_policy *p = hb_policy_new ();
  if (src == NULL)
    return p;
  p->target_name = dup_or_null (src->target_name);
  p->target_image = dup_or_null (src->target_image);
  p->read_only_root = src->read_only_root;
  p->n_tmpfs = src->n_tmpfs;
  p->tmpfs = xcalloc (src->n_tmpfs, sizeof *p->tmpfs);
  for (size_t i = 0; i < src->n_tmpfs; i++)
    {
      p->tmpfs[i].path = dup_or_null (src->tmpfs[i].path);
      p->tmpfs[i].options = dup_or_null (src->tmpfs[i].options);
    }
  p->n_volumes = src->n_volumes;
  p->volumes = xcalloc (src->n_volumes, sizeof *p->volumes);
  for (size_t i = 0; i < src->n_volumes; i++)
    {
      p->volumes[i].path = dup_or_null (src->volumes[i].path);
      p->volumes[i].source = dup_or_null (src->volumes[i].source);
      p->volumes[i].read_only = src->volumes[i].read_only;
    }
  strv_copy (&p->cap_drop, &src->cap_drop);
  strv_copy (&p->cap_add, &src->cap_add);
  p->seccomp_profile = dup_or_null (src->seccomp_profile);
  p->n_seccomp_rules = src->n_seccomp_rules;
  p->seccomp_rules = xcalloc (src->n_seccomp_rules, sizeof *p->seccomp_rules);
  for (size_t i = 0; i < src->n_seccomp_rules; i++)
    hb_scmp_rule_copy (&p->seccomp_rules[i], &src->seccomp_rules[i]);
  p->user = dup_or_null (src->user);
  p->no_new_privileges = src->no_new_privileges;
  p->memory = src->memory;
  p->cpus = src->cpus;
  p->pids = src->pids;
  p->privileged = src->privileged;
  p->network_mode = dup_or_null (src->network_mode);
  p->pid_mode = dup_or_null (src->pid_mode);
  p->ipc_mode = dup_or_null (src->ipc_mode);
  p->uts_mode = dup_or_null (src->uts_mode);
  p->userns_mode = dup_or_null (src->userns_mode);
  p->has_process = src->has_process;
  strv_copy (&p->process.entrypoint, &src->process.entrypoint);
  strv_copy (&p->process.cmd, &src->process.cmd);
  strv_copy (&p->process.env, &src->process.env);
  strv_copy (&p->process.ports, &src->process.ports);
  strv_copy (&p->process.publish, &src->process.publish);
  p->process.workdir = dup_or_null (src->process.workdir);
  strv_copy (&p->evidence_for, &src->evidence_for);
  strv_copy (&p->evidence_why, &src->evidence_why);
  return p;
}
