/* hook_records.c - the exit hook's records (exit_hook.h): the failures
 * reported whole, read from the ring by any stop or by the ring's reader,
 * and those the hook stopped a task for. */
#include "config.h"

#include "monitor/monitor_internal.h"

/* Would a's failure be judged as b's?  The same syscall, arguments,
 * result, credentials and path: only the task may differ. */
static bool
same_failure (const hb_exit_record *a, const hb_exit_record *b)
{
  return a->nr == b->nr && a->ret == b->ret && memcmp (a->args, b->args, sizeof a->args) == 0
         && memcmp (&a->creds, &b->creds, sizeof a->creds) == 0
         && strcmp (a->path, b->path) == 0;
}

/* The exit hook's records: the whole events are reported, the others go
 * to their tasks (each has at most one: it stopped after writing it). */
void
mon_take_hook_records (hb_monitor *m)
{
  /* The files a capability check reads are read after the fact, now; so
   * one reading stands for each identical failure read now (a burst of
   * them, say), not just for the first. */
  bool have_judged = false;
  int judged_cap = -1;
  hb_exit_record *r = &m->ring_record;
  while (m->hook && hb_exit_hook_next (m->hook, r) == 1)
    {
      if (!r->stopped)
        {
          /* The task may have ended since: the record says all. */
          const hb_watched *w = mon_watched_lookup (m, SCMP_ARCH_X86_64, (int) r->nr);
          if (w == NULL || mon_filter_denies (m, r->nr, r->args))
            continue;
          m->stats.hook_reports++;
          task rec_task = { .tid = (pid_t) r->tid, .tgid = (pid_t) r->tid,
                            .nspid = (int) r->nspid, .mem_fd = -1, .comm_fd = -1,
                            .mon = m, .started = true, .w = w, .rec = r };
          memcpy (rec_task.args, r->args, sizeof rec_task.args);
          if (r->ret == -EROFS)
            judged_cap = -1;   /* no capability's business: nothing read */
          else if (!have_judged || !same_failure (r, &m->judged_record))
            {
              judged_cap = mon_missing_capability (&rec_task, (int) -r->ret);
              memcpy (&m->judged_record, r, sizeof *r);
              have_judged = true;
            }
          mon_report_judged (m, &rec_task, (int) -r->ret, judged_cap);
          continue;
        }
      task *rt = mon_task_find (m, (pid_t) r->tid);
      if (rt == NULL)
        continue;   /* not traced: nothing of ours */
      rt->record_nr = r->nr;
      rt->record_ret = r->ret;
      memcpy (rt->record_args, r->args, sizeof rt->record_args);
      rt->has_record = true;
    }
}

/* Is this SIGSTOP the exit hook's?  Then report the failure it stands
 * for; the caller resumes the task without the signal.  The hook's signal
 * comes from the kernel (SI_KERNEL), a kill() from a task never does. */
bool
mon_on_hook_stop (hb_monitor *m, task *t)
{
  siginfo_t si;
  if (ptrace (PTRACE_GETSIGINFO, t->tid, 0, &si) < 0 || si.si_code != SI_KERNEL)
    return false;
  mon_take_hook_records (m);
  if (!t->has_record)
    return false;
  t->has_record = false;
  m->stats.hook_stops++;
  /* int 0x80 from 64-bit code: a compat syscall that merely looks native
   * to the hook; the watch filter's compat rules report it. */
  struct __ptrace_syscall_info info;
  memset (&info, 0, sizeof info);
  if (ptrace (PTRACE_GET_SYSCALL_INFO, t->tid, (void *) sizeof info, &info) <= 0
      || info.arch != AUDIT_ARCH_X86_64)
    return true;
  /* The runtime's own work before its exec is not the app's. */
  if (t->tid == m->init_pid && !m->init_exec_seen)
    return true;
  const hb_watched *w = mon_watched_lookup (m, SCMP_ARCH_X86_64, (int) t->record_nr);
  if (w == NULL || mon_filter_denies (m, t->record_nr, t->record_args))
    return true;
  t->w = w;
  memcpy (t->args, t->record_args, sizeof t->args);
  mon_report_failure (m, t, (int) -t->record_ret);
  return true;
}

int
hb_monitor_hook_fd (const hb_monitor *m)
{
  return hb_exit_hook_fd (m->hook);
}

void
hb_monitor_take_hook (hb_monitor *m)
{
  pthread_mutex_lock (&m->lock);
  mon_take_hook_records (m);
  mon_flush (m);
  pthread_mutex_unlock (&m->lock);
}
