/* monitor.c - the tracer: follows every task of a trial with ptrace and
 * turns its stops into events.
 *
 * Stops and what is done with them:
 * - PTRACE_EVENT_SECCOMP of the listener's load (the init's seccomp()
 *   with SECCOMP_FILTER_FLAG_NEW_LISTENER, before its exec): at its exit
 *   stop the new fd is duplicated (pidfd_getfd) and a thread of ours, the
 *   answerer, starts on it.  Denials never stop a task: the kernel holds
 *   the denied syscall as a user notification, the answerer replies with
 *   the errno of the rule the marked program names for it (an error only:
 *   the syscall never runs) and reports it as syscall-denied.
 * - PTRACE_EVENT_SECCOMP with data 0: a TRACE rule of the profile.  It is
 *   skipped with ENOSYS, what the kernel does when nobody traces.
 * - PTRACE_EVENT_SECCOMP from the watch filter: the syscall runs; we ask
 *   for its syscall-exit stop and report it only if it failed with EROFS,
 *   EACCES or EPERM (write-denied), or with an error that certainly means
 *   a missing capability (perm-denied).  Learn runs record every syscall
 *   and the directories written.
 * - The exit hook's records (exit_hook.h; root trials): a watched native
 *   syscall just failed.  Most records are the whole event and stop
 *   nothing: read from the ring whenever the monitor is woken, by any stop
 *   or by the ring itself (thread.c's reader calls hb_monitor_take_hook()),
 *   and judged from the record alone (a stand-in task with ->rec): its
 *   path, and for EPERM and EACCES the task's credentials, with the file
 *   looked at in the root the init had at its exec (m->root).  For the
 *   others the hook sends SIGSTOP: the record gives the syscall,
 *   arguments and errno; the task is looked at as at an exit stop, and
 *   resumed without the signal.  The watch filter then watches compat
 *   syscalls only, and a watched syscall that succeeds never stops.
 *   The exit hook's record of a failure the enforcing filter caused is
 *   dropped: the answerer reported it.
 * - fork/vfork/clone/exec events: the task table, exec events.
 * - anything else is a signal: delivered as it came (group-stops listen).
 * A task's end is its final wait status (exited or killed): it leaves the
 * table there, a pending syscall with it.  No exit stops
 * (PTRACE_O_TRACEEXIT): they would cost every exiting task and thread one
 * more stop and round trip to the tracer and tell us nothing more.
 *
 * Events are queued while a stop is handled and handed on once the task
 * has been resumed, so delivering them (a queue, a wake-up of the owner's
 * thread) is not part of the stopped task's wait.  A lock makes the
 * public calls one at a time: the tracer and the ring's reader share the
 * task table, the counts and the ring. */
#include "config.h"

#include "monitor/monitor_internal.h"

/* --- public API --------------------------------------------------------- */

hb_monitor *
hb_monitor_new (const hb_seccomp_profile *enforced, hb_event_cb cb, void *userdata,
                const struct timespec *t0)
{
  hb_monitor *m = xcalloc (1, sizeof *m);
  m->enforced = enforced;
  m->cb = cb;
  m->userdata = userdata;
  if (t0)
    m->t0 = *t0;
  else
    clock_gettime (CLOCK_MONOTONIC, &m->t0);
  mon_build_arch_maps (m);
  m->listener = -1;
  m->answer_efd = -1;
  m->root.fd = -1;
  m->root.mntns_fd = -1;
  pthread_mutex_init (&m->lock, NULL);
  return m;
}

void
hb_monitor_set_rules (hb_monitor *m, const hb_bpf *marked)
{
  hb_bpf_clear (&m->rules);
  if (marked == NULL || marked->n == 0)
    return;
  m->rules.insns = xreallocarray (NULL, marked->n, sizeof *marked->insns);
  memcpy (m->rules.insns, marked->insns, marked->n * sizeof *marked->insns);
  m->rules.n = marked->n;
  m->rules.flags = marked->flags;
}

void
hb_monitor_set_sink (hb_monitor *m, hb_monitor_sink sink, void *userdata)
{
  m->sink = sink;
  m->sink_data = userdata;
}

int
hb_monitor_attach (hb_monitor *m, pid_t pid, hb_error **err)
{
  long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACESECCOMP | PTRACE_O_TRACEFORK
              | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC
              | PTRACE_O_EXITKILL;
  if (ptrace (PTRACE_SEIZE, pid, 0, (void *) opts) < 0)
    return hb_fail_errno (err, errno, HB_EXIT_SANDBOX, "monitor: cannot trace pid %d",
                          (int) pid);
  pthread_mutex_lock (&m->lock);
  m->init_pid = pid;
  /* The init is a process (its tgid is its pid) and pid 1 of the trial's
   * own pid namespace: known without reading /proc/PID/status (open, a
   * page of text made and parsed, close) on the way of every trial start. */
  mon_task_add (m, pid, true, 1);
  mon_flush (m);
  pthread_mutex_unlock (&m->lock);
  return 0;
}

void
hb_monitor_get_stats (hb_monitor *m, hb_monitor_stats *out)
{
  pthread_mutex_lock (&m->lock);
  *out = m->stats;
  pthread_mutex_unlock (&m->lock);
}

/* Resume a stopped task: to its syscall exit when one is pending. */
static void
resume (task *t, pid_t tid, int sig)
{
  enum __ptrace_request req = t && t->pending ? PTRACE_SYSCALL : PTRACE_CONT;
  /* ESRCH: it was killed meanwhile; its exit status follows. */
  ptrace (req, tid, 0, (void *) (long) sig);
}

static void
emit_exec (hb_monitor *m, task *t)
{
  hb_event ev = { .kind = HB_EV_EXEC };
  ev.pid = t->nspid;
  ev.comm = mon_task_comm (t);
  hb_proc_argv (t->tid, &ev.argv);
  mon_emit (m, &ev);
}

/* true: the init's first exec, the app's start. */
static bool
on_exec (hb_monitor *m, task *t)
{
  unsigned long former = 0;
  ptrace (PTRACE_GETEVENTMSG, t->tid, 0, &former);
  if ((pid_t) former != t->tid && former != 0)
    {
      /* A thread other than the leader exec'd and took the leader's tid. */
      task *old = mon_task_find (m, (pid_t) former);
      if (old)
        mon_task_remove (m, (pid_t) former);
    }
  /* A new address space, and maybe a new tid (above): reopen mem and comm
   * on next use. */
  if (t->mem_fd >= 0)
    {
      close (t->mem_fd);
      t->mem_fd = -1;
    }
  if (t->comm_fd >= 0)
    {
      close (t->comm_fd);
      t->comm_fd = -1;
    }
  t->pending = false;
  t->tgid = t->tid;
  /* The sandbox reports the init's first exec itself (with or without the
   * monitor); every later exec is ours. */
  if (t->tid == m->init_pid && !m->init_exec_seen)
    {
      m->init_exec_seen = true;
      /* The app's now: the hook reports its failures from here on. */
      if (m->hook && hb_exit_hook_start (m->hook, t->tid) < 0)
        {
          hb_event ev = { .kind = HB_EV_NOTE };
          ev.line = xasprintf ("monitor: the exit hook cannot watch the trial: %s; its "
                               "failed native writes go unreported", strerror (errno));
          mon_emit (m, &ev);
        }
      return true;
    }
  emit_exec (m, t);
  return false;
}

static void
on_seccomp (hb_monitor *m, task *t)
{
  struct __ptrace_syscall_info info;
  memset (&info, 0, sizeof info);
  if (ptrace (PTRACE_GET_SYSCALL_INFO, t->tid, (void *) sizeof info, &info) <= 0
      || info.op != PTRACE_SYSCALL_INFO_SECCOMP)
    {
      m->stats.seccomp_stops++;
      resume (t, t->tid, 0);
      return;
    }
  unsigned data = info.seccomp.ret_data;
  if (data == HB_MONITOR_DATA_LISTENER)
    {
      if (m->learn)
        {
          cleanup_free char *name = mon_syscall_name (info.arch, (int) info.seccomp.nr);
          hb_countmap_add (&m->learned_syscalls, name, 1);
        }
      /* Only the init's, before its exec, is the enforcing filter's;
       * any other runs as the filters allow it (the kernel refuses a
       * second listener). */
      if (t->tid == m->init_pid && !m->init_exec_seen && m->rules.n > 0 && m->listener < 0)
        {
          m->stats.listener_stops++;
          t->pending = true;
          t->listener_load = true;
          t->w = NULL;
        }
      else
        m->stats.seccomp_stops++;
      resume (t, t->tid, 0);
      return;
    }
  m->stats.seccomp_stops++;
  if (data == 0)
    {
      /* A SCMP_ACT_TRACE rule of the profile: what the kernel does when
       * nobody traces the task. */
      mon_skip_syscall (t->tid, ENOSYS);
      resume (t, t->tid, 0);
      return;
    }
  if (data == HB_MONITOR_DATA_LEARN)
    {
      m->learn = true;
      cleanup_free char *name = mon_syscall_name (info.arch, (int) info.seccomp.nr);
      hb_countmap_add (&m->learned_syscalls, name, 1);
    }
  const hb_watched *w = mon_watched_lookup (m, info.arch, (int) info.seccomp.nr);
  /* The runtime's own work between loading the filter and exec (setting
   * the user, ...) is not the app's: record its syscalls, judge nothing. */
  if (t->tid == m->init_pid && !m->init_exec_seen)
    w = NULL;
  /* A learn run stops on read-only opens too: they write nothing. */
  if (w && w->kind == HB_WATCH_OPEN
      && (info.seccomp.args[w->flags_arg] & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)) == 0)
    w = NULL;
  if (w)
    {
      t->pending = true;
      memcpy (t->args, info.seccomp.args, sizeof t->args);
      t->w = w;
    }
  resume (t, t->tid, 0);
}

static bool
is_stop_signal (int sig)
{
  return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

/* Is sig, stopping the init, a fault the kernel raised (not a kill() from
 * inside, which a pid-namespace init rightly ignores) that the init does
 * not catch? */
static bool
init_fault_is_fatal (pid_t pid, int sig)
{
  if (sig != SIGSEGV && sig != SIGBUS && sig != SIGILL && sig != SIGFPE && sig != SIGSYS)
    return false;
  siginfo_t si;
  if (ptrace (PTRACE_GETSIGINFO, pid, 0, &si) < 0 || si.si_code <= 0)
    return false;
  char path[64];
  snprintf (path, sizeof path, "/proc/%d/status", (int) pid);
  FILE *f = fopen (path, "re");
  if (f == NULL)
    return false;
  unsigned long long caught = 0;
  char line[256];
  while (fgets (line, sizeof line, f))
    if (sscanf (line, "SigCgt: %llx", &caught) == 1)
      break;
  fclose (f);
  return ((caught >> (sig - 1)) & 1ULL) == 0;
}

static int
handle_wait (hb_monitor *m, pid_t pid, int wstatus)
{
  if (WIFEXITED (wstatus) || WIFSIGNALED (wstatus))
    {
      task *t = mon_task_find (m, pid);
      if (t == NULL)
        return 0;
      bool init = pid == m->init_pid;
      if (!init && t->tid == t->tgid)
        {
          hb_event ev = { .kind = HB_EV_EXIT };
          ev.pid = t->nspid;
          ev.status = WIFEXITED (wstatus) ? WEXITSTATUS (wstatus) : -1;
          ev.signal = WIFSIGNALED (wstatus) ? WTERMSIG (wstatus) : 0;
          mon_emit (m, &ev);
        }
      mon_task_remove (m, pid);
      return init ? 0 : 1;
    }
  if (!WIFSTOPPED (wstatus))
    return 0;
  /* Only tracees report stops to a waitpid without WUNTRACED. */
  task *t = mon_task_find (m, pid);
  if (t == NULL)
    t = mon_task_add (m, pid, false, 0);
  int sig = WSTOPSIG (wstatus);
  int event = (unsigned) wstatus >> 16;
  if (sig == (SIGTRAP | 0x80))
    {
      mon_on_syscall_exit (m, t);
      resume (t, pid, 0);
      return 1;
    }
  switch (event)
    {
    case PTRACE_EVENT_SECCOMP:
      on_seccomp (m, t);
      return 1;
    case PTRACE_EVENT_FORK:
    case PTRACE_EVENT_VFORK:
    case PTRACE_EVENT_CLONE:
      {
        unsigned long child = 0;
        if (ptrace (PTRACE_GETEVENTMSG, pid, 0, &child) == 0 && child > 0)
          mon_task_add (m, (pid_t) child, false, 0);
        resume (t, pid, 0);
        return 1;
      }
    case PTRACE_EVENT_EXEC:
      {
        bool app_start = on_exec (m, t);
        resume (t, pid, 0);
        /* The root and id maps failures are judged against (unread, no
         * capability is told from the files, and each check reads the
         * task's maps): read once the app runs, off its way (~50 us, more
         * on a first read); the lock keeps records waiting until then. */
        if (app_start)
          hb_perm_root_read (pid, &m->root);
        return 1;
      }
    case PTRACE_EVENT_STOP:
      if (!t->started)
        {
          t->started = true;
          resume (t, pid, 0);
        }
      else if (is_stop_signal (sig))
        ptrace (PTRACE_LISTEN, pid, 0, 0);   /* group-stop: stay stopped until SIGCONT */
      else
        resume (t, pid, 0);
      return 1;
    default:
      /* A signal on its way to the task: deliver it. */
      t->started = true;
      if (sig == SIGSTOP && m->hook && mon_on_hook_stop (m, t))
        {
          resume (t, pid, 0);
          return 1;
        }
      if (pid == m->init_pid && init_fault_is_fatal (pid, sig))
        {
          /* The kernel keeps a traced pid-namespace init alive through a
           * fault (force_sig clears SIGNAL_UNKILLABLE only for untraced
           * tasks), so the faulting instruction would run forever.  Detach
           * and let it fault again untraced: it dies of the signal as it
           * would under docker run, and the pid namespace ends with it. */
          if (ptrace (PTRACE_DETACH, pid, 0, 0) == 0)
            return 1;
        }
      resume (t, pid, sig);
      return 1;
    }
}

int
hb_monitor_handle_wait (hb_monitor *m, pid_t pid, int wstatus)
{
  pthread_mutex_lock (&m->lock);
  /* What the ring holds happened before this stop or end: it goes first
   * (a write refused before an exit is reported before the exit). */
  mon_take_hook_records (m);
  int r = handle_wait (m, pid, wstatus);
  mon_flush (m);
  pthread_mutex_unlock (&m->lock);
  return r;
}

void
hb_monitor_free (hb_monitor *m)
{
  if (m == NULL)
    return;
  mon_answerer_stop (m);
  hb_bpf_clear (&m->rules);
  for (size_t i = 0; i < TASK_BUCKETS; i++)
    while (m->tasks[i])
      {
        task *t = m->tasks[i];
        m->tasks[i] = t->next;
        mon_task_free (t);
      }
  for (size_t a = 0; a < m->n_arches; a++)
    free (m->arches[a].by_nr);
  hb_exit_hook_close (m->hook);
  hb_perm_root_clear (&m->root);
  hb_countmap_clear (&m->denied_writes);
  hb_countmap_clear (&m->denied_mkdirs);
  hb_countmap_clear (&m->created_dirs);
  hb_countmap_clear (&m->denied_syscalls);
  hb_countmap_clear (&m->missing_caps);
  hb_countmap_clear (&m->learned_syscalls);
  hb_countmap_clear (&m->written_paths);
  hb_countmap_clear (&m->used_caps);
  /* Every public call hands its events on: nothing is left here. */
  for (size_t i = 0; i < m->n_outbox; i++)
    hb_event_clear (&m->outbox[i]);
  free (m->outbox);
  pthread_mutex_destroy (&m->lock);
  free (m);
}

void
hb_monitor_set_exit_hook (hb_monitor *m, hb_exit_hook *hook)
{
  m->hook = hook;
  m->used_hook = hook != NULL;
}

void
hb_monitor_finish (hb_monitor *m)
{
  /* The answerer first, and without the lock, which it takes: the init
   * has ended, so has every task of its pid namespace. */
  mon_answerer_stop (m);
  pthread_mutex_lock (&m->lock);
  if (m->hook)
    {
      /* The last whole records: from tasks the init outlived. */
      mon_take_hook_records (m);
      uint64_t lost = hb_exit_hook_dropped (m->hook);
      /* Detached now, not when the trial is freed: while attached every
       * syscall of the host pays for it. */
      hb_exit_hook_close (m->hook);
      m->hook = NULL;
      if (lost > 0)
        {
          hb_event ev = { .kind = HB_EV_DROPPED };
          ev.count = lost;
          mon_emit (m, &ev);
        }
    }
  /* Nothing left to judge: the trial's mounts may go. */
  hb_perm_root_clear (&m->root);
  mon_flush (m);
  pthread_mutex_unlock (&m->lock);
}

void
hb_monitor_set_mem_open (hb_monitor *m, hb_monitor_mem_open_fn fn, void *data)
{
  m->mem_open = fn;
  m->mem_open_data = data;
}
