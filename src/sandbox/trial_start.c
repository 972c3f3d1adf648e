/* trial_start.c - starting a trial (hb_trial_start): the plan, the
 * filters as BPF programs (and the monitor), the run dir, cgroups,
 * published ports and pipes, the thread that attaches the monitor or maps
 * ids while the init waits, the clone of the init, and the poll set the
 * running trial (trial.c) is driven from.  Cleans what a killed earlier
 * run left. */
#define _GNU_SOURCE
#include "config.h"

#include "sandbox/trial_internal.h"
#include "policy/profile_line.h"

/* A run dir of a trial whose supervisor is gone, left by versions that
 * made one per trial on the host; its mounts lived in the trial's own
 * namespace and died with it. */
static void
remove_stale_rundir (const char *dir)
{
  umount2 (dir, MNT_DETACH | UMOUNT_NOFOLLOW);
  rm_rf (dir, NULL);
}

/* Only the caller's own base dir: another user's trials are never ours
 * to judge (rundir.h). */
static void
clean_stale_rundirs (const char *base)
{
  hb_stale_trials_remove (base, remove_stale_rundir);
}

static json_t *
start_data (const hb_trial *t)
{
  json_t *d = json_object ();
  json_object_set_new (d, "target", json_string (t->opts.target->name));
  json_object_set_new (d, "policy", hb_policy_to_json (t->opts.policy));
  json_t *ns = json_array ();
  static const char *const names[] = { "mnt", "pid", "ipc", "uts", "net", "cgroup" };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    json_array_append_new (ns, json_string (names[i]));
  if (t->plan->userns)
    json_array_append_new (ns, json_string ("user"));
  json_object_set_new (d, "namespaces", ns);
  /* What "default" seccomp means in this trial: the engine's line. */
  json_object_set_new (d, "seccomp_default",
                       json_string (hb_profile_line_file (hb_profile_line_current ())));
  const char *note = hb_profile_line_note ();
  if (note)
    json_object_set_new (d, "seccomp_default_note", json_string (note));
  return d;
}

static bool
profile_is_unconfined (const hb_seccomp_profile *p)
{
  return p->default_action == HB_SCMP_ALLOW && p->n_rules == 0;
}

/* Not root: say where an engine target's files come from, since the
 * engine's own layer directories are readable only by root. */
static void
note_rootfs_source (const hb_target *target, const hb_idmap *m, strv *notes)
{
  /* A root filesystem of someone else's (root's, for @demo built as
   * root): the kernel shows unmapped owners as nobody, and container root
   * has no power over their files. */
  struct stat st;
  if (target->rootfs.layers.n == 1 && stat (target->rootfs.layers.v[0], &st) == 0
      && st.st_uid != m->host_uid
      && !(m->range && st.st_uid >= m->sub_uid && st.st_uid - m->sub_uid < m->sub_uid_count))
    strv_push_owned (notes, xasprintf (
        "root filesystem: %s belongs to uid %u, which does not exist in the user namespace: "
        "its files show as nobody (65534) and even container root cannot change them; give "
        "the paths the target writes as --tmpfs or --volume, or use a copy you own",
        target->rootfs.layers.v[0], (unsigned) st.st_uid));
  if (target->kind != HB_TARGET_CONTAINER && target->kind != HB_TARGET_IMAGE)
    return;
  cleanup_free char *cache = hb_cache_dir ();
  if (target->rootfs.layers.n == 1 && text_has_prefix (target->rootfs.layers.v[0], cache))
    strv_push_owned (notes, xasprintf ("root filesystem: the engine's layer directories are "
                                       "readable only by root: using its export, extracted "
                                       "into %s", target->rootfs.layers.v[0]));
}

/* The monitor's /proc/TID/mem: the supervisor's own open is refused
 * when the task runs as another uid of the user namespace. */
static int
mem_open_via_helper (pid_t tid, void *data)
{
  return hb_nshelper_open_mem (data, tid);
}

/* The exit hook for a root trial's monitor (exit_hook.h), unless
 * HB_MONITOR_MECHANISM=ptrace asks for the ptrace watch; NULL, with a
 * note saying why, when this kernel or these privileges refuse it. */
static hb_exit_hook *
open_exit_hook (strv *notes)
{
  const char *want = getenv ("HB_MONITOR_MECHANISM");
  if (want && strcmp (want, "ptrace") == 0)
    return NULL;
  hb_error *herr = NULL;
  hb_exit_hook *hook = hb_exit_hook_open (&herr);
  if (hook == NULL)
    {
      strv_push_owned (notes, xasprintf ("%s; watching writes with ptrace (slower)",
                                         herr ? herr->msg : "monitor: exit hook unavailable"));
      hb_error_free (herr);
    }
  return hook;
}

typedef struct watch_kind {
  bool learn, compat_only;
} watch_kind;

static scmp_filter_ctx
watch_build (const void *data, hb_error **err)
{
  const watch_kind *k = data;
  return hb_monitor_watch_filter (k->learn, k->compat_only, err);
}

/* The monitor's watch filter, through the BPF cache (its rules are
 * compiled in: the build id in the key covers them). */
static int
watch_filter_bpf (bool learn, bool compat_only, hb_bpf *out, strv *notes, hb_error **err)
{
  hb_cache_key key;
  watch_kind k = { learn, compat_only };
  hb_cache_key_init (&key, learn ? "watch-learn" : compat_only ? "watch-compat" : "watch");
  int r = hb_bpf_cached (&key, watch_build, &k, out, notes, err);
  hb_cache_key_clear (&key);
  return r;
}

/* What the supervisor does while the init waits for its go byte (launch.h):
 * runs on the monitor's thread, or on a start thread of its own when there
 * is no monitor.  Lives on hb_trial_start's stack. */
typedef struct trial_launch {
  hb_trial *t;
  hb_launch sock;
  bool userns;
  hb_idmap *idmap;
  hb_nshelper *nshelper;   /* started here, taken by the trial */
  /* the start thread (no monitor) */
  pthread_t thread;
  bool thread_running;
  int result;
  hb_error *error;
} trial_launch;

static pid_t
launch_await (void *data, hb_error **err)
{
  trial_launch *l = data;
  pid_t pid = hb_launch_await (&l->sock, err);
  if (pid < 0)
    return -1;
  if (l->userns && hb_idmap_apply (l->idmap, pid, err) < 0)
    return -1;
  /* The monitor reads /proc/TID/mem through the helper: it must exist
   * before the first event.  Started here, on the monitor's thread, it dies
   * with that thread (its parent-death signal), after the trial.  Without
   * a monitor the helper is started after the clone, by the trial's own
   * thread: this one is about to end. */
  if (l->userns && l->t->monitor)
    {
      l->nshelper = hb_nshelper_start (pid, err);
      if (l->nshelper == NULL)
        return -1;
      hb_monitor_set_mem_open (l->t->monitor, mem_open_via_helper, l->nshelper);
    }
  return pid;
}

static int
launch_release (void *data, hb_error **err)
{
  trial_launch *l = data;
  return hb_launch_release (&l->sock, err);
}

static void
launch_abort (void *data)
{
  trial_launch *l = data;
  hb_launch_abort (&l->sock);
}

static void *
launch_thread (void *data)
{
  trial_launch *l = data;
  l->result = launch_await (l, &l->error) < 0 ? -1 : launch_release (l, &l->error);
  if (l->result < 0)
    launch_abort (l);
  return NULL;
}

/* The init, on the launch stack in our memory (launch.h). */
static int
child_main (void *data)
{
  hb_launch_child_entered ();
  hb_child_run (data);
}

/* What hb_trial_start holds until the trial runs: the ends of the pipes
 * the init writes, the programs it loads, the notes to report, and the
 * hand-over to the thread that attaches or maps ids.  On failure
 * start_abort releases all of it. */
typedef struct trial_start {
  int err_pipe[2], out_pipe[2], errs_pipe[2];
  int nullfd;
  hb_bpf enforce, watch, marked;
  strv notes;
  char *name;           /* of the cgroups */
  char *runbase;
  /* Not root: a user namespace, whose map the supervisor writes while the
   * child waits for its go byte (userns.h, launch.h). */
  bool userns;
  hb_idmap idmap;
  int *cgroup_fds;
  trial_launch launch;
} trial_start;

/* The plan, and with a user namespace the id map it needs. */
static int
start_plan (hb_trial *t, trial_start *s, hb_error **err)
{
  const hb_trial_opts *opts = &t->opts;
  cleanup_free char *resolv = file_read_all ("/etc/resolv.conf", 65536, NULL, 0, NULL);
  t->plan = hb_plan_build (opts->target, opts->policy, opts->command, resolv, err);
  if (t->plan)
    t->plan->platform = opts->platform;
  if (t->plan == NULL)
    return -1;
  if (s->userns)
    {
      hb_idmap_init (&s->idmap, &s->notes);
      if (hb_idmap_fit_plan (&s->idmap, t->plan, &s->notes, err) < 0)
        return -1;
      note_rootfs_source (opts->target, &s->idmap, &s->notes);
    }
  return 0;
}

/* The filters as BPF programs now (from the BPF cache when it has them):
 * the child only loads them.  With the monitor, the monitor too. */
static int
start_filters (hb_trial *t, trial_start *s, hb_error **err)
{
  const hb_trial_opts *opts = &t->opts;
  t->profile = hb_seccomp_effective_from (opts->policy, hb_profile_cached, &s->notes, err);
  if (t->profile == NULL)
    return -1;
  /* With the monitor the program loaded is the marked one with its
   * denials turned into user notifications (seccomp_filter.h): the
   * kernel denies, the monitor only answers with the rule's errno and
   * reports; the marked program tells it which rule. */
  if (!profile_is_unconfined (t->profile) || opts->monitor)
    {
      if (hb_seccomp_filter_compile (t->profile, t->plan->caps,
                                     opts->monitor ? HB_FILTER_TRACE_DENIALS : 0,
                                     opts->monitor ? &s->marked : &s->enforce, &s->notes, err)
          < 0)
        return -1;
      if (opts->monitor)
        hb_seccomp_filter_notify (&s->marked, &s->enforce);
    }
  if (opts->monitor)
    {
      hb_exit_hook *hook = NULL;
      if (!opts->learn && !s->userns)
        hook = open_exit_hook (&s->notes);
      if (watch_filter_bpf (opts->learn, hook != NULL, &s->watch, &s->notes, err) < 0)
        {
          hb_exit_hook_close (hook);
          return -1;
        }
      t->monitor = hb_monitor_new (t->profile, opts->on_event, opts->userdata, &t->t0);
      hb_monitor_set_exit_hook (t->monitor, hook);
      hb_monitor_set_rules (t->monitor, &s->marked);
      hb_bpf_clear (&s->marked);
    }
  return 0;
}

/* What the trial needs of the host: its run dir, its cgroups, its
 * published ports, the pipes of the init's stdio and setup errors. */
static int
start_host (hb_trial *t, trial_start *s, hb_error **err)
{
  const hb_trial_opts *opts = &t->opts;
  /* The run dir: the child mounts its private tmpfs over the base
   * directory, in its own mount namespace only, so nothing of the trial
   * is made on the host (no directory to create, wait for and remove). */
  s->runbase = hb_run_dir (err);
  if (s->runbase == NULL)
    return -1;
  clean_stale_rundirs (s->runbase);
  hb_cgroup_clean_stale ();
  static unsigned counter;
  s->name = xasprintf ("trial-%d-%u", (int) getpid (), counter++);
  /* Docker's device rules first: no trial runs without them (as root). */
  if (hb_cgroup_devices (&t->cgroup, s->name, err) < 0)
    return -1;
  hb_cgroup_create (&t->cgroup, s->name, t->plan->memory, t->plan->cpus, t->plan->pids, &s->notes);

  if (opts->publish && opts->publish->n)
    {
      t->publish = hb_publish_new (opts->publish, err);
      if (t->publish == NULL)
        return -1;
    }

  s->nullfd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  if (s->nullfd < 0 || pipe2 (s->err_pipe, O_CLOEXEC) < 0 || pipe2 (s->out_pipe, O_CLOEXEC) < 0
      || pipe2 (s->errs_pipe, O_CLOEXEC) < 0)
    return hb_fail_errno (err, errno, HB_EXIT_SANDBOX, "trial: pipes");
  /* The init joins its cgroups itself, through these (cgroup.h). */
  s->cgroup_fds = hb_cgroup_open_procs (&t->cgroup, &s->notes);
  return 0;
}

/* Someone must act between the clone and the init's setup: the monitor
 * attaches, a user namespace gets its id map.  The cloning thread sleeps
 * until the init execs (launch.h), so another thread does it. */
static int
start_helper_thread (hb_trial *t, trial_start *s, hb_error **err)
{
  if (t->monitor == NULL && !s->userns)
    return 0;
  if (hb_launch_open (&s->launch.sock, err) < 0)
    return -1;
  if (t->monitor)
    {
      hb_monitor_launch ml = { launch_await, launch_release, launch_abort, &s->launch };
      t->mthread = hb_monitor_thread_start (t->monitor, &ml, err);
      return t->mthread == NULL ? -1 : 0;
    }
  int r = pthread_create (&s->launch.thread, NULL, launch_thread, &s->launch);
  if (r != 0)
    return hb_fail_errno (err, r, HB_EXIT_SANDBOX, "trial: start thread");
  s->launch.thread_running = true;
  return 0;
}

/* Clone the init into its namespaces and wait for the helper thread's
 * part; then the init has exec'd (or failed).  t->pid is set when it was
 * cloned, even when this fails. */
static int
start_init (hb_trial *t, trial_start *s, hb_error **err)
{
  /* New mount, pid, ipc, uts and net namespaces (all owned by the new
   * user namespace when there is one); the cgroup namespace is made by
   * the child once it is in its cgroups. */
  unsigned long flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNET;
  if (s->userns)
    flags |= CLONE_NEWUSER;
  hb_child_args a = {
    .plan = t->plan, .rundir = s->runbase, .start_fd = s->launch.sock.child_fd,
    .err_fd = s->err_pipe[1], .stdin_fd = s->nullfd, .stdout_fd = s->out_pipe[1],
    .stderr_fd = s->errs_pipe[1], .watch = s->watch.n ? &s->watch : NULL,
    .enforce = s->enforce.n ? &s->enforce : NULL, .cgroup_fds = s->cgroup_fds,
    .cgroup_dirs = &t->cgroup.dirs, .cgroup_required = t->cgroup.n_required,
  };
  /* No fflush first: the init shares our stdio buffers instead of copying
   * them, and never writes through them. */
  pid_t pid = hb_launch_clone (flags, child_main, &a, &t->pidfd);
  int clone_errno = errno;
  /* The init has exec'd or ended: our copies of its ends go, which also
   * tells a thread still waiting for its hello that none will come. */
  hb_launch_child_gone (&s->launch.sock);
  hb_cgroup_close_procs (s->cgroup_fds, &t->cgroup);
  s->cgroup_fds = NULL;
  trial_close_fd (&s->err_pipe[1]);
  trial_close_fd (&s->out_pipe[1]);
  trial_close_fd (&s->errs_pipe[1]);
  hb_bpf_clear (&s->watch);
  hb_bpf_clear (&s->enforce);
  if (pid > 0)
    t->pid = pid;
  if (s->launch.thread_running)
    {
      pthread_join (s->launch.thread, NULL);
      s->launch.thread_running = false;
      if (s->launch.result < 0 && pid > 0)
        {
          if (err && *err == NULL)
            {
              *err = s->launch.error;
              s->launch.error = NULL;
            }
          return -1;
        }
    }
  if (t->mthread && hb_monitor_thread_attached (t->mthread, pid > 0 ? err : NULL) < 0)
    {
      /* The thread has ended; the init (if any) is ours to reap. */
      hb_monitor_thread_free (t->mthread);
      t->mthread = NULL;
      if (pid > 0)
        return -1;
    }
  t->nshelper = s->launch.nshelper;
  s->launch.nshelper = NULL;
  if (pid < 0)
    return hb_fail_errno (err, clone_errno, HB_EXIT_SANDBOX, "namespaces: clone");
  if (s->userns && t->publish && t->nshelper == NULL)
    {
      t->nshelper = hb_nshelper_start (t->pid, err);
      if (t->nshelper == NULL)
        return -1;
    }
  if (t->publish && t->nshelper)
    hb_publish_use_helper (t->publish, t->nshelper);
  return 0;
}

/* The one epoll fd the owner polls: the init's output and setup errors,
 * its end (or the monitor thread's), the timeout, published ports. */
static int
start_poll (hb_trial *t, trial_start *s, hb_error **err)
{
  const hb_trial_opts *opts = &t->opts;
  t->errfd = s->err_pipe[0];
  s->err_pipe[0] = -1;
  t->out.fd = s->out_pipe[0];
  s->out_pipe[0] = -1;
  t->err.fd = s->errs_pipe[0];
  s->errs_pipe[0] = -1;
  hb_launch_close (&s->launch.sock);

  t->epfd = epoll_create1 (EPOLL_CLOEXEC);
  if (t->epfd < 0)
    return hb_fail_errno (err, errno, HB_EXIT_SANDBOX, "trial: epoll");
  fcntl (t->errfd, F_SETFL, O_NONBLOCK);
  fcntl (t->out.fd, F_SETFL, O_NONBLOCK);
  fcntl (t->err.fd, F_SETFL, O_NONBLOCK);
  trial_epoll_add (t->epfd, t->errfd, TAG_ERR);
  trial_epoll_add (t->epfd, t->out.fd, TAG_OUT);
  trial_epoll_add (t->epfd, t->err.fd, TAG_ERRSTREAM);
  trial_epoll_add (t->epfd, t->mthread ? hb_monitor_thread_fd (t->mthread) : t->pidfd, TAG_CHILD);
  if (opts->timeout > 0)
    {
      t->timerfd = timerfd_create (CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
      struct itimerspec its = { 0 };
      its.it_value.tv_sec = (time_t) opts->timeout;
      its.it_value.tv_nsec = (long) ((opts->timeout - (double) its.it_value.tv_sec) * 1e9);
      if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0)
        its.it_value.tv_nsec = 1;
      timerfd_settime (t->timerfd, 0, &its, NULL);
      trial_epoll_add (t->epfd, t->timerfd, TAG_TIMER);
    }
  if (t->publish && hb_publish_attach (t->publish, t->pid, t->epfd, TAG_PUBLISH, err) < 0)
    return -1;
  return 0;
}

/* A start that failed: release what s holds, then the trial. */
static void
start_abort (hb_trial *t, trial_start *s)
{
  /* A thread still waiting for the init's hello sees its end (close
   * would not wake it); then it is safe to close our end. */
  hb_launch_child_gone (&s->launch.sock);
  if (s->launch.thread_running)
    pthread_join (s->launch.thread, NULL);
  if (t->mthread && t->pid <= 0)
    {
      hb_monitor_thread_free (t->mthread);
      t->mthread = NULL;
    }
  hb_launch_close (&s->launch.sock);
  hb_error_free (s->launch.error);
  hb_nshelper_free (s->launch.nshelper);
  hb_cgroup_close_procs (s->cgroup_fds, &t->cgroup);
  trial_close_fd (&s->err_pipe[0]);
  trial_close_fd (&s->err_pipe[1]);
  trial_close_fd (&s->out_pipe[0]);
  trial_close_fd (&s->out_pipe[1]);
  trial_close_fd (&s->errs_pipe[0]);
  trial_close_fd (&s->errs_pipe[1]);
  trial_close_fd (&s->nullfd);
  hb_bpf_clear (&s->watch);
  hb_bpf_clear (&s->enforce);
  hb_bpf_clear (&s->marked);
  strv_clear (&s->notes);
  hb_idmap_clear (&s->idmap);
  free (s->name);
  free (s->runbase);
  hb_trial_free (t);
}

hb_trial *
hb_trial_start (const hb_trial_opts *opts, hb_error **err)
{
  hb_trial *t = xcalloc (1, sizeof *t);
  t->opts = *opts;
  t->pid = -1;
  t->pidfd = t->epfd = t->errfd = t->timerfd = -1;
  t->out.fd = t->err.fd = -1;
  t->out.name = "stdout";
  t->err.name = "stderr";
  clock_gettime (CLOCK_MONOTONIC, &t->t0);
  trial_start s = {
    .err_pipe = { -1, -1 }, .out_pipe = { -1, -1 }, .errs_pipe = { -1, -1 }, .nullfd = -1,
    .userns = geteuid () != 0,
  };
  s.launch = (trial_launch) { .t = t, .sock = { -1, -1 }, .userns = s.userns, .idmap = &s.idmap };

  if (start_plan (t, &s, err) < 0 || start_filters (t, &s, err) < 0
      || start_host (t, &s, err) < 0 || start_helper_thread (t, &s, err) < 0
      || start_init (t, &s, err) < 0 || start_poll (t, &s, err) < 0)
    {
      hb_error_wrap (err, "trial");
      start_abort (t, &s);
      return NULL;
    }

  hb_event ev = { .kind = HB_EV_START, .data = start_data (t) };
  trial_emit (t, &ev);
  for (size_t i = 0; i < s.notes.n; i++)
    trial_emit_note (t, s.notes.v[i]);
  strv_clear (&s.notes);
  hb_idmap_clear (&s.idmap);
  trial_close_fd (&s.nullfd);
  free (s.name);
  free (s.runbase);
  return t;
}
