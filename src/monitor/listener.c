/* listener.c - denials through the enforcing filter's listener: which
 * rule the marked program names for a syscall, taking the listener from
 * the init when it loads its filter, and the answerer thread that replies
 * to each notification with that rule's errno and reports it
 * (monitor.c's header comment has the whole mechanism). */
#include "config.h"

#include "monitor/monitor_internal.h"

static char *
rule_text (const hb_monitor *m, unsigned data)
{
  unsigned idx = data & HB_SCMP_DENIAL_INDEX;
  if (data == HB_SCMP_DENIAL_DEFAULT)
    return xstrdup ("default action SCMP_ACT_ERRNO");
  if (m->enforced && idx < m->enforced->n_rules)
    {
      cleanup_free char *names = strv_join (&m->enforced->rules[idx].names, ",");
      return xasprintf ("syscalls[%u] %s", idx, names);
    }
  return xasprintf ("syscalls[%u]", idx);
}

/* What the marked program says of syscall d: true and *errnum, the
 * errno of the rule that denies it (*data: its marked data, 0 when the
 * program names none); false for a SCMP_ACT_NOTIFY rule of the profile's
 * own, *errnum ENOSYS, what it gets when nobody listens. */
static bool
judge_denial (const hb_monitor *m, const struct seccomp_data *d, int *errnum, unsigned *data)
{
  uint32_t ret = hb_bpf_run (&m->rules, d);
  uint32_t act = ret & SECCOMP_RET_ACTION_FULL;
  *data = 0;
  if (act == SECCOMP_RET_TRACE && (ret & HB_SCMP_DENIAL))
    {
      *data = ret & SECCOMP_RET_DATA;
      int e = m->enforced ? hb_seccomp_profile_denial_errno (m->enforced, *data) : EPERM;
      *errnum = e <= 0 || e > 4095 ? EPERM : e;
      return true;
    }
  *errnum = act == SECCOMP_RET_USER_NOTIF ? ENOSYS : EPERM;
  return act != SECCOMP_RET_USER_NOTIF;
}

/* Does the enforcing filter deny this native syscall?  Then its failure
 * is the answerer's report, not a write or capability failure. */
bool
mon_filter_denies (const hb_monitor *m, uint32_t nr, const uint64_t args[6])
{
  if (m->rules.n == 0)
    return false;
  struct seccomp_data d = { .nr = (int) nr, .arch = AUDIT_ARCH_X86_64 };
  memcpy (d.args, args, sizeof d.args);
  uint32_t ret = hb_bpf_run (&m->rules, &d);
  uint32_t act = ret & SECCOMP_RET_ACTION_FULL;
  return (act == SECCOMP_RET_TRACE && (ret & HB_SCMP_DENIAL))
         || act == SECCOMP_RET_USER_NOTIF;
}

/* One notification: the syscall waits in the kernel, denied; it gets an
 * error and nothing else (never SECCOMP_USER_NOTIF_FLAG_CONTINUE). */
static void
answer (hb_monitor *m, int listener, const struct seccomp_notif *req)
{
  int errnum;
  unsigned data;
  bool report = judge_denial (m, &req->data, &errnum, &data);
  struct seccomp_notif_resp resp = { .id = req->id, .val = 0, .error = -errnum, .flags = 0 };
  pthread_mutex_lock (&m->lock);
  m->stats.notifications++;
  if (report)
    {
      /* req->pid is in our pid namespace.  A task we do not trace (a
       * CLONE_UNTRACED child) is looked up in /proc: it waits for this
       * answer, so the pid is still its. */
      task stand_in = { .tid = (pid_t) req->pid, .tgid = (pid_t) req->pid,
                        .nspid = (int) req->pid, .mem_fd = -1, .comm_fd = -1, .mon = m,
                        .started = true };
      task *t = mon_task_find (m, (pid_t) req->pid);
      if (t == NULL)
        {
          hb_proc_status st;
          if (hb_proc_status_read (stand_in.tid, &st) == 0 && st.nstgid > 0)
            stand_in.nspid = st.nstgid;
          t = &stand_in;
        }
      hb_event ev = { .kind = HB_EV_SYSCALL_DENIED };
      ev.pid = t->nspid;
      ev.comm = mon_task_comm (t);
      ev.syscall = mon_syscall_name (req->data.arch, req->data.nr);
      ev.errnum = errnum;
      ev.rule = data ? rule_text (m, data) : xstrdup ("the enforcing filter");
      hb_countmap_add (&m->denied_syscalls, ev.syscall, 1);
      mon_emit (m, &ev);
      if (stand_in.comm_fd >= 0)
        close (stand_in.comm_fd);
    }
  /* ENOENT: the task was killed meanwhile; nothing waits for the answer. */
  if (ioctl (listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) < 0 && errno != ENOENT)
    {
      hb_event ev = { .kind = HB_EV_NOTE };
      ev.line = xasprintf ("monitor: answering a denied syscall: %s", strerror (errno));
      mon_emit (m, &ev);
    }
  mon_flush (m);
  pthread_mutex_unlock (&m->lock);
}

/* The answerer's thread: every notification of the listener, until told
 * to stop.  If the listener fails it is closed: the kernel then fails
 * every denied syscall with ENOSYS, still without running it. */
static void *
answer_loop (void *p)
{
  hb_monitor *m = p;
  size_t size = sizeof (struct seccomp_notif);
  struct seccomp_notif_sizes sizes = { 0 };
  if (syscall (SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) == 0 && sizes.seccomp_notif > size)
    size = sizes.seccomp_notif;
  struct seccomp_notif *req = xcalloc (1, size);
  struct pollfd fds[2] = {
    { .fd = m->listener, .events = POLLIN },
    { .fd = m->answer_efd, .events = POLLIN },
  };
  for (;;)
    {
      if (poll (fds, 2, -1) < 0)
        {
          if (errno == EINTR)
            continue;
          break;
        }
      if (fds[0].revents & POLLIN)
        {
          memset (req, 0, size);
          if (ioctl (fds[0].fd, SECCOMP_IOCTL_NOTIF_RECV, req) == 0)
            answer (m, fds[0].fd, req);
          else if (errno != ENOENT && errno != EINTR)
            break;
          continue;   /* the next one first, then maybe the stop */
        }
      /* POLLHUP: no task uses the filter any more. */
      if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
        fds[0].fd = -1;
      if (fds[1].revents != 0)
        break;
    }
  free (req);
  return NULL;
}

void
mon_answerer_stop (hb_monitor *m)
{
  if (m->answering)
    {
      uint64_t one = 1;
      while (write (m->answer_efd, &one, sizeof one) < 0 && errno == EINTR)
        ;
      pthread_join (m->answerer, NULL);
      m->answering = false;
    }
  if (m->answer_efd >= 0)
    close (m->answer_efd);
  m->answer_efd = -1;
  if (m->listener >= 0)
    close (m->listener);
  m->listener = -1;
}

/* The init's seccomp() just made the listener fd: take it, before the
 * init can exec (the fd is close-on-exec), and answer it from now on.
 * If that fails the init is killed: its denials would wait for nobody. */
void
mon_take_listener (hb_monitor *m, task *t, long fd)
{
  int pidfd = (int) syscall (SYS_pidfd_open, t->tid, 0);
  int l = pidfd >= 0 ? (int) syscall (SYS_pidfd_getfd, pidfd, (int) fd, 0) : -1;
  int e = errno;
  const char *what = "cannot take the filter's listener";
  if (pidfd >= 0)
    close (pidfd);
  if (l >= 0)
    {
      m->listener = l;
      /* Refused before Linux 6.6: the answer only comes a little later. */
      ioctl (l, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
      m->answer_efd = eventfd (0, EFD_CLOEXEC);
      e = errno;
      what = "eventfd";
      if (m->answer_efd >= 0)
        {
          sigset_t all, old;
          sigfillset (&all);
          pthread_sigmask (SIG_SETMASK, &all, &old);
          int r = pthread_create (&m->answerer, NULL, answer_loop, m);
          pthread_sigmask (SIG_SETMASK, &old, NULL);
          if (r == 0)
            {
              m->answering = true;
              return;
            }
          e = r;
          what = "thread";
        }
    }
  hb_event ev = { .kind = HB_EV_NOTE };
  ev.line = xasprintf ("monitor: seccomp denials cannot be answered (%s: %s); the trial is "
                       "stopped", what, strerror (e));
  mon_emit (m, &ev);
  kill (t->tid, SIGKILL);
}
