/* trial.c - a trial once it runs (trial_start.c starts it): driven from
 * its owner's poll loop through one epoll fd (output pipes, the child's
 * exit (its pidfd; with the monitor, the monitor thread's eventfd, which
 * also carries its events), setup errors, the timeout, published ports),
 * stopped, and freed with everything it made. */
#define _GNU_SOURCE
#include "config.h"

#include "sandbox/trial_internal.h"

#define STOP_GRACE_SEC 3

static double
elapsed (const hb_trial *t)
{
  struct timespec now;
  clock_gettime (CLOCK_MONOTONIC, &now);
  return (double) (now.tv_sec - t->t0.tv_sec) + (double) (now.tv_nsec - t->t0.tv_nsec) / 1e9;
}

void
trial_emit (hb_trial *t, hb_event *ev)
{
  ev->ts = elapsed (t);
  if (t->opts.on_event)
    t->opts.on_event (ev, t->opts.userdata);
  hb_event_clear (ev);
}

void
trial_emit_note (hb_trial *t, const char *line)
{
  hb_event ev = { .kind = HB_EV_NOTE, .line = xstrdup (line) };
  trial_emit (t, &ev);
}

void
trial_epoll_add (int epfd, int fd, int tag)
{
  struct epoll_event e = { .events = EPOLLIN, .data.u64 = (uint64_t) tag };
  epoll_ctl (epfd, EPOLL_CTL_ADD, fd, &e);
}

void
trial_close_fd (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}

int
hb_trial_fd (const hb_trial *t)
{
  return t->epfd;
}

/* Deliver complete lines (or pass bytes through); flush the rest at EOF. */
static void
stream_emit (hb_trial *t, stream *s, bool eof)
{
  size_t start = 0;
  for (size_t i = 0; i < s->len; i++)
    if (s->buf[i] == '\n')
      {
        hb_event ev = { .kind = HB_EV_OUTPUT, .stream = xstrdup (s->name),
                        .line = xstrndup (s->buf + start, i - start) };
        trial_emit (t, &ev);
        start = i + 1;
      }
  if ((eof || start == 0) && start < s->len && (eof || s->len == sizeof s->buf))
    {
      hb_event ev = { .kind = HB_EV_OUTPUT, .stream = xstrdup (s->name),
                      .line = xstrndup (s->buf + start, s->len - start) };
      trial_emit (t, &ev);
      start = s->len;
    }
  memmove (s->buf, s->buf + start, s->len - start);
  s->len -= start;
}

static void
stream_read (hb_trial *t, stream *s)
{
  for (;;)
    {
      if (!t->opts.capture_output)
        {
          char buf[65536];
          ssize_t n = read (s->fd, buf, sizeof buf);
          if (n > 0)
            {
              int out = s == &t->out ? 1 : 2;
              for (ssize_t off = 0; off < n;)
                {
                  ssize_t w = write (out, buf + off, (size_t) (n - off));
                  if (w <= 0)
                    break;
                  off += w;
                }
              continue;
            }
          if (n < 0 && (errno == EAGAIN || errno == EINTR))
            return;
          epoll_ctl (t->epfd, EPOLL_CTL_DEL, s->fd, NULL);
          trial_close_fd (&s->fd);
          return;
        }
      ssize_t n = read (s->fd, s->buf + s->len, sizeof s->buf - s->len);
      if (n > 0)
        {
          s->len += (size_t) n;
          stream_emit (t, s, false);
          continue;
        }
      if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
      stream_emit (t, s, true);
      epoll_ctl (t->epfd, EPOLL_CTL_DEL, s->fd, NULL);
      trial_close_fd (&s->fd);
      return;
    }
}

/* "note\tTEXT\n" lines from the child: what it had to do differently
 * (child.c, in a user namespace); a failure line never starts so. */
static void
take_child_notes (hb_trial *t)
{
  char *nl;
  while (t->errlen > 5 && strncmp (t->errmsg, "note\t", 5) == 0
         && (nl = memchr (t->errmsg, '\n', t->errlen)) != NULL)
    {
      cleanup_free char *line = xstrndup (t->errmsg + 5, (size_t) (nl - t->errmsg) - 5);
      trial_emit_note (t, line);
      size_t used = (size_t) (nl - t->errmsg) + 1;
      memmove (t->errmsg, nl + 1, t->errlen - used);
      t->errlen -= used;
      t->errmsg[t->errlen] = '\0';
    }
}

static void
read_setup_errors (hb_trial *t)
{
  for (;;)
    {
      ssize_t n = read (t->errfd, t->errmsg + t->errlen, sizeof t->errmsg - 1 - t->errlen);
      if (n > 0)
        {
          t->errlen += (size_t) n;
          t->errmsg[t->errlen] = '\0';
          take_child_notes (t);
          continue;
        }
      if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
      /* EOF: the write end closed at execve (close-on-exec) or at exit. */
      epoll_ctl (t->epfd, EPOLL_CTL_DEL, t->errfd, NULL);
      trial_close_fd (&t->errfd);
      if (t->errlen == 0 && !t->exited)
        {
          t->exec_seen = true;
          hb_event ev = { .kind = HB_EV_EXEC, .pid = 1 };
          const char *a0 = t->plan->argv.v[0];
          const char *base = strrchr (a0, '/') ? strrchr (a0, '/') + 1 : a0;
          ev.comm = xstrndup (base, 15);
          strv_copy (&ev.argv, &t->plan->argv);
          trial_emit (t, &ev);
        }
      return;
    }
}

/* The child's pidfd is readable: collect its exit. */
static void
reap (hb_trial *t)
{
  for (;;)
    {
      int st;
      pid_t p = waitpid (t->pid, &st, WNOHANG | __WALL);
      if (p <= 0)
        {
          if (p < 0 && errno == EINTR)
            continue;
          return;
        }
      if (WIFEXITED (st) || WIFSIGNALED (st))
        {
          t->exited = true;
          t->wstatus = st;
          epoll_ctl (t->epfd, EPOLL_CTL_DEL, t->pidfd, NULL);
        }
    }
}

/* The monitor thread's eventfd: its events, in order, then the init's end
 * (after the thread has ended, so the monitor's summary is ours). */
static void
drain_monitor (hb_trial *t)
{
  int st;
  if (t->exited || !hb_monitor_thread_drain (t->mthread, t->opts.on_event, t->opts.userdata, &st))
    return;
  t->exited = true;
  t->wstatus = st;
  epoll_ctl (t->epfd, EPOLL_CTL_DEL, hb_monitor_thread_fd (t->mthread), NULL);
}

static void
arm_timer (hb_trial *t, double sec)
{
  if (t->timerfd < 0)
    {
      t->timerfd = timerfd_create (CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
      if (t->timerfd < 0)
        return;
      trial_epoll_add (t->epfd, t->timerfd, TAG_TIMER);
    }
  struct itimerspec its = { 0 };
  its.it_value.tv_sec = (time_t) sec;
  timerfd_settime (t->timerfd, 0, &its, NULL);
}

void
hb_trial_stop (hb_trial *t)
{
  if (t == NULL || t->pid <= 0 || t->exited)
    return;
  if (!t->stopping)
    {
      /* As `docker stop`: SIGTERM (a pid-1 target without a handler
       * ignores it), SIGKILL after the grace period. */
      t->stopping = true;
      syscall (SYS_pidfd_send_signal, t->pidfd, SIGTERM, NULL, 0);
      arm_timer (t, STOP_GRACE_SEC);
    }
  else
    syscall (SYS_pidfd_send_signal, t->pidfd, SIGKILL, NULL, 0);
}

static void
finish (hb_trial *t)
{
  int st = t->wstatus;
  hb_event ev = { .kind = HB_EV_EXIT, .pid = 1 };
  if (WIFSIGNALED (st))
    {
      ev.signal = WTERMSIG (st);
      ev.status = -1;
      t->exit_status = 128 + WTERMSIG (st);
    }
  else
    {
      ev.status = WEXITSTATUS (st);
      t->exit_status = WEXITSTATUS (st);
    }
  if (t->errlen > 0)
    {
      /* "STATUS\tstep: why" from the child */
      char *tab = strchr (t->errmsg, '\t');
      t->exit_status = tab ? atoi (t->errmsg) : HB_EXIT_SANDBOX;
      cleanup_free char *line = xasprintf ("%s", tab ? tab + 1 : t->errmsg);
      trial_emit_note (t, line);
    }
  else
    trial_emit (t, &ev);
  hb_event sum = { .kind = HB_EV_SUMMARY, .data = json_object () };
  json_object_set_new (sum.data, "exit_status", json_integer (t->exit_status));
  json_object_set_new (sum.data, "denied_writes", json_array ());
  json_object_set_new (sum.data, "denied_syscalls", json_array ());
  json_t *sugg = json_object ();
  json_object_set_new (sugg, "tmpfs", json_array ());
  json_object_set_new (sugg, "allow_syscalls", json_array ());
  json_object_set_new (sugg, "cap_add", json_array ());
  json_object_set_new (sum.data, "suggestions", sugg);
  if (t->monitor)
    hb_monitor_summary (t->monitor, sum.data);
  trial_emit (t, &sum);
  t->finished = true;
}

int
hb_trial_process (hb_trial *t, hb_error **err)
{
  if (t->finished)
    return 0;
  struct epoll_event evs[16];
  int n = epoll_wait (t->epfd, evs, 16, 0);
  if (n < 0 && errno != EINTR)
    return hb_fail_errno (err, errno, HB_EXIT_SANDBOX, "trial: epoll");
  for (int i = 0; i < n; i++)
    {
      uint64_t tag = evs[i].data.u64;
      switch (tag)
        {
        case TAG_ERR:
          read_setup_errors (t);
          break;
        case TAG_OUT:
          stream_read (t, &t->out);
          break;
        case TAG_ERRSTREAM:
          stream_read (t, &t->err);
          break;
        case TAG_CHILD:
          if (t->mthread)
            drain_monitor (t);
          else
            reap (t);
          break;
        case TAG_TIMER:
          {
            uint64_t x;
            if (read (t->timerfd, &x, sizeof x) < 0)
              break;
            if (!t->stopping)
              {
                cleanup_free char *line = xasprintf ("timeout of %g s reached: stopping the trial",
                                                     t->opts.timeout);
                trial_emit_note (t, line);
              }
            hb_trial_stop (t);
            break;
          }
        default:
          if (t->publish && (tag & 0xff) == TAG_PUBLISH)
            hb_publish_handle (t->publish, tag >> 8, evs[i].events);
          break;
        }
    }
  /* The end: the init exited (the kernel killed the rest of its pid
   * namespace) and its output is drained. */
  if (t->exited && t->out.fd < 0 && t->err.fd < 0)
    {
      if (t->errfd >= 0)
        read_setup_errors (t);
      finish (t);
      return 0;
    }
  return 1;
}

int
hb_trial_exit_status (const hb_trial *t)
{
  return t->exit_status;
}

void
hb_trial_free (hb_trial *t)
{
  if (t == NULL)
    return;
  if (t->pid > 0 && !t->exited)
    {
      syscall (SYS_pidfd_send_signal, t->pidfd, SIGKILL, NULL, 0);
      int st;
      if (t->mthread)
        hb_monitor_thread_join (t->mthread, &st);   /* it reaps the init */
      else
        while (waitpid (t->pid, &st, __WALL) < 0 && errno == EINTR)
          ;
    }
  hb_monitor_thread_free (t->mthread);
  if (t->monitor)
    hb_monitor_free (t->monitor);
  if (t->publish)
    hb_publish_free (t->publish);
  hb_nshelper_free (t->nshelper);
  trial_close_fd (&t->pidfd);
  trial_close_fd (&t->epfd);
  trial_close_fd (&t->errfd);
  trial_close_fd (&t->out.fd);
  trial_close_fd (&t->err.fd);
  trial_close_fd (&t->timerfd);
  hb_cgroup_destroy (&t->cgroup);
  hb_seccomp_profile_free (t->profile);
  hb_plan_free (t->plan);
  free (t);
}

int
hb_trial_run (const hb_trial_opts *opts, hb_error **err)
{
  /* Ctrl-C and SIGTERM stop the trial cleanly (a second one kills it). */
  sigset_t sigs, old;
  sigemptyset (&sigs);
  sigaddset (&sigs, SIGINT);
  sigaddset (&sigs, SIGTERM);
  sigaddset (&sigs, SIGHUP);
  /* An ignored signal is discarded even while blocked: a shell starts
   * background jobs with SIGINT ignored, and we still want to stop
   * cleanly on it. */
  signal (SIGINT, SIG_DFL);
  signal (SIGTERM, SIG_DFL);
  sigprocmask (SIG_BLOCK, &sigs, &old);
  int sfd = signalfd (-1, &sigs, SFD_CLOEXEC | SFD_NONBLOCK);
  hb_trial *t = hb_trial_start (opts, err);
  if (t == NULL)
    {
      if (sfd >= 0)
        close (sfd);
      sigprocmask (SIG_SETMASK, &old, NULL);
      return -1;
    }
  int status = -1;
  for (;;)
    {
      struct pollfd pf[2] = { { hb_trial_fd (t), POLLIN, 0 }, { sfd, POLLIN, 0 } };
      int r = hb_trial_process (t, err);
      if (r < 0)
        break;
      if (r == 0)
        {
          status = hb_trial_exit_status (t);
          break;
        }
      /* Event lines are written in batches: whatever the callbacks
       * buffered goes out before we wait. */
      fflush (stdout);
      if (poll (pf, sfd >= 0 ? 2 : 1, -1) < 0 && errno != EINTR)
        {
          hb_fail_errno (err, errno, HB_EXIT_SANDBOX, "trial: poll");
          break;
        }
      if (sfd >= 0 && (pf[1].revents & POLLIN))
        {
          struct signalfd_siginfo si;
          while (read (sfd, &si, sizeof si) == (ssize_t) sizeof si)
            hb_trial_stop (t);
        }
    }
  hb_trial_free (t);
  if (sfd >= 0)
    close (sfd);
  sigprocmask (SIG_SETMASK, &old, NULL);
  return status;
}
