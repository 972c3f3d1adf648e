/* outcome.c - the outcome of a watched syscall at its exit: a failure
 * is reported (write-denied, perm-denied) unless the enforcing filter
 * denied it; with learn, a success is recorded (syscalls, paths written,
 * directories made, privileged operations). */
#include "config.h"

#include "monitor/monitor_internal.h"

/* Did this openat2 ask for a write? (The filter cannot look into struct
 * open_how.) */
static bool
openat2_writes (task *t)
{
  if (t->rec)
    return true;   /* the program sends write-opens and those it could not read */
  struct open_how how;
  if (hb_mem_read (mon_task_mem (t), t->args[2], &how, sizeof how.flags) < 0)
    return true;   /* unreadable: report rather than hide */
  return (how.flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)) != 0;
}

static void
learn_success (hb_monitor *m, task *t)
{
  const hb_watched *w = t->w;
  if (w->kind == HB_WATCH_SETUID || w->kind == HB_WATCH_SETGID)
    {
      hb_countmap_add (&m->used_caps, w->kind == HB_WATCH_SETUID ? "SETUID" : "SETGID", 1);
      return;
    }
  if (w->kind == HB_WATCH_OPENAT2 && !openat2_writes (t))
    return;
  if (w->kind == HB_WATCH_BIND)
    {
      /* A privileged port bound: it would need CAP_NET_BIND_SERVICE. */
      struct sockaddr_in sin;
      if ((socklen_t) t->args[2] >= sizeof sin
          && hb_mem_read (mon_task_mem (t), t->args[1], &sin, sizeof sin) == 0
          && (sin.sin_family == AF_INET || sin.sin_family == AF_INET6)
          && ntohs (sin.sin_port) > 0 && ntohs (sin.sin_port) < UNPRIVILEGED_PORT_START)
        hb_countmap_add (&m->used_caps, "NET_BIND_SERVICE", 1);
    }
  if (w->kind == HB_WATCH_CHOWN)
    {
      hb_proc_status st;
      if (hb_proc_status_read (t->tid, &st) == 0)
        {
          unsigned uid = (unsigned) t->args[w->uid_arg];
          unsigned gid = (unsigned) t->args[w->gid_arg];
          if ((uid != (unsigned) -1 && uid != st.fsuid)
              || (gid != (unsigned) -1 && !hb_proc_status_in_groups (&st, gid)))
            hb_countmap_add (&m->used_caps, "CHOWN", 1);
        }
    }
  cleanup_free char *path = mon_written_path (t);
  if (path && path[0] == '/')
    {
      hb_countmap_add (&m->written_paths, path, 1);
      if (strcmp (w->name, "mkdir") == 0 || strcmp (w->name, "mkdirat") == 0)
        hb_countmap_add (&m->created_dirs, path, 1);
    }
}

/* A write failed: the event, and the counts the summary suggests from.
 * Takes comm and path. */
static void
report_write_denied (hb_monitor *m, int pid, char *comm, const hb_watched *w, char *path,
                     int errnum)
{
  hb_event ev = { .kind = HB_EV_WRITE_DENIED };
  ev.pid = pid;
  ev.comm = comm;
  ev.syscall = xstrdup (w->name);   /* the table's name is this arch's */
  ev.path = path;
  ev.errnum = errnum;
  hb_countmap_add (&m->denied_writes, ev.path, 1);
  if (strcmp (w->name, "mkdir") == 0 || strcmp (w->name, "mkdirat") == 0)
    hb_countmap_add (&m->denied_mkdirs, ev.path, 1);
  mon_emit (m, &ev);
}

void
mon_report_judged (hb_monitor *m, task *t, int errnum, int cap)
{
  if (cap >= 0)
    {
      hb_event ev = { .kind = HB_EV_PERM_DENIED };
      /* What was refused: the address, or the file the syscall names. */
      ev.path = t->w->kind == HB_WATCH_BIND ? mon_bound_address (t) : mon_written_path (t);
      ev.pid = t->nspid;
      ev.comm = mon_task_comm (t);
      ev.syscall = xstrdup (t->w->name);   /* the table's name is this arch's */
      ev.errnum = errnum;
      ev.capability = xasprintf ("CAP_%s", mon_cap_name (cap));
      hb_countmap_add (&m->missing_caps, ev.capability, 1);
      mon_emit (m, &ev);
      return;
    }
  if (!hb_watched_is_write (t->w) || (errnum != EROFS && errnum != EACCES && errnum != EPERM))
    return;
  char *path = mon_written_path (t);
  if (path == NULL)
    return;   /* bind of a non-unix socket: no file was written */
  report_write_denied (m, t->nspid, mon_task_comm (t), t->w, path, errnum);
}

/* A watched syscall of t (t->w, t->args) failed with errnum; t is
 * stopped. */
void
mon_report_failure (hb_monitor *m, task *t, int errnum)
{
  /* An openat2 that asked for no write is not watched, as a read-only
   * open is not (the exit hook does not even report it). */
  if (t->w->kind == HB_WATCH_OPENAT2 && !openat2_writes (t))
    return;
  mon_report_judged (m, t, errnum, mon_missing_capability (t, errnum));
}

void
mon_on_syscall_exit (hb_monitor *m, task *t)
{
  struct __ptrace_syscall_info info;
  memset (&info, 0, sizeof info);
  bool was_pending = t->pending;
  bool listener = t->listener_load;
  t->pending = false;
  t->listener_load = false;
  if (listener)
    {
      m->stats.listener_stops++;
      /* A failed load: the init reports it and ends. */
      if (ptrace (PTRACE_GET_SYSCALL_INFO, t->tid, (void *) sizeof info, &info) > 0
          && info.op == PTRACE_SYSCALL_INFO_EXIT && !info.exit.is_error)
        mon_take_listener (m, t, (long) info.exit.rval);
      return;
    }
  m->stats.syscall_exits++;
  if (!was_pending
      || ptrace (PTRACE_GET_SYSCALL_INFO, t->tid, (void *) sizeof info, &info) <= 0
      || info.op != PTRACE_SYSCALL_INFO_EXIT)
    return;
  if (!info.exit.is_error)
    {
      if (m->learn)
        learn_success (m, t);
      return;
    }
  mon_report_failure (m, t, (int) -info.exit.rval);
}
