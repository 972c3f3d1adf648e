/* tasks.c - the monitor's task table: every thread and process it
 * follows, by host tid in a hash of TASK_BUCKETS, with its /proc/TID/mem
 * and comm opened on first use. */
#include "config.h"

#include "monitor/monitor_internal.h"

static task **
task_slot (hb_monitor *m, pid_t tid)
{
  task **pp = &m->tasks[(unsigned) tid % TASK_BUCKETS];
  while (*pp && (*pp)->tid != tid)
    pp = &(*pp)->next;
  return pp;
}

task *
mon_task_find (hb_monitor *m, pid_t tid)
{
  return *task_slot (m, tid);
}

/* nspid > 0: the caller knows the task is a process (tgid = tid) and its
 * pid in the container; otherwise both come from /proc/TID/status. */
task *
mon_task_add (hb_monitor *m, pid_t tid, bool started, int nspid)
{
  task **pp = task_slot (m, tid);
  if (*pp)
    return *pp;
  task *t = xcalloc (1, sizeof *t);
  t->tid = tid;
  t->tgid = tid;
  t->nspid = tid;
  t->mem_fd = -1;
  t->comm_fd = -1;
  t->mon = m;
  t->started = started;
  hb_proc_status st;
  if (nspid > 0)
    t->nspid = nspid;
  else if (hb_proc_status_read (tid, &st) == 0)
    {
      t->tgid = st.tgid;
      if (st.nstgid > 0)
        t->nspid = st.nstgid;
    }
  *pp = t;
  m->stats.tasks_seen++;
  m->stats.tasks_left++;
  return t;
}

void
mon_task_free (task *t)
{
  if (t->mem_fd >= 0)
    close (t->mem_fd);
  if (t->comm_fd >= 0)
    close (t->comm_fd);
  free (t);
}

void
mon_task_remove (hb_monitor *m, pid_t tid)
{
  task **pp = task_slot (m, tid);
  task *t = *pp;
  if (t == NULL)
    return;
  *pp = t->next;
  mon_task_free (t);
  m->stats.tasks_left--;
}

int
mon_task_mem (task *t)
{
  if (t->mem_fd < 0)
    {
      char path[64];
      snprintf (path, sizeof path, "/proc/%d/mem", (int) t->tid);
      t->mem_fd = t->mon->mem_open ? t->mon->mem_open (t->tid, t->mon->mem_open_data)
                                   : open (path, O_RDONLY | O_CLOEXEC);
    }
  return t->mem_fd;
}

/* The task's comm now (a thread may rename itself at any time): one pread
 * of a kept fd instead of open, read, close per event. */
char *
mon_task_comm (task *t)
{
  if (t->rec)
    return xstrdup (t->rec->comm);
  if (t->comm_fd < 0)
    {
      char path[64];
      snprintf (path, sizeof path, "/proc/%d/comm", (int) t->tid);
      t->comm_fd = open (path, O_RDONLY | O_CLOEXEC);
    }
  char buf[64];
  ssize_t n = t->comm_fd >= 0 ? pread (t->comm_fd, buf, sizeof buf - 1, 0) : -1;
  if (n <= 0)
    return xstrdup ("?");
  buf[n] = '\0';
  buf[strcspn (buf, "\n")] = '\0';
  return xstrdup (buf);
}
