/* trial.c - the supervisor of a trial: builds the plan and the filters,
 * clones the container init into new namespaces, places it in its cgroups,
 * and then runs from its owner's poll loop (one epoll fd): output pipes,
 * the child's exit (its pidfd; with the monitor, the monitor thread's
 * eventfd, which also carries its events), setup errors, the timeout, published ports.  Cleans up
 * everything it made, and what a killed earlier run left. */
#define _GNU_SOURCE
#include "config.h"

#include "sandbox/trial.h"
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/paths.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "monitor/exit_hook.h"
#include "monitor/monitor.h"
#include "monitor/thread.h"
#include "policy/seccomp_merge.h"
#include "sandbox/stale.h"
#include "sandbox/cgroup.h"
#include "sandbox/child.h"
#include "sandbox/launch.h"
#include "sandbox/nshelper.h"
#include "sandbox/plan.h"
#include "sandbox/profile_cache.h"
#include "sandbox/publish.h"
#include "sandbox/rundir.h"
#include "sandbox/seccomp_filter.h"
#include "sandbox/userns.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mount.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define STOP_GRACE_SEC 3

enum { TAG_ERR = 1, TAG_OUT, TAG_ERRSTREAM, TAG_CHILD, TAG_TIMER, TAG_PUBLISH };

typedef struct stream {
  int fd;
  const char *name;
  char buf[4096];
  size_t len;
} stream;

struct hb_trial {
  hb_trial_opts opts;
  struct timespec t0;
  hb_plan *plan;
  hb_seccomp_profile *profile;
  hb_monitor *monitor;
  hb_monitor_thread *mthread;   /* traces the trial; the monitor is its until the end */
  hb_cgroup cgroup;
  hb_publish *publish;
  hb_nshelper *nshelper;   /* not root: sockets and /proc files from inside */
  pid_t pid;
  int pidfd;
  int epfd;
  int errfd;
  char errmsg[1200];
  size_t errlen;
  bool exec_seen;
  stream out, err;
  int timerfd;
  bool stopping;      /* SIGTERM sent, SIGKILL armed */
  bool exited;
  int wstatus;
  bool finished;
  int exit_status;
};

static double
elapsed (const hb_trial *t)
{
  struct timespec now;
  clock_gettime (CLOCK_MONOTONIC, &now);
  return (double) (now.tv_sec - t->t0.tv_sec) + (double) (now.tv_nsec - t->t0.tv_nsec) / 1e9;
}

static void
emit (hb_trial *t, hb_event *ev)
{
  ev->ts = elapsed (t);
  if (t->opts.on_event)
    t->opts.on_event (ev, t->opts.userdata);
  hb_event_clear (ev);
}

static void
emit_note (hb_trial *t, const char *line)
{
  hb_event ev = { .kind = HB_EV_NOTE, .line = xstrdup (line) };
  emit (t, &ev);
}

static void
epoll_add (int epfd, int fd, int tag)
{
  struct epoll_event e = { .events = EPOLLIN, .data.u64 = (uint64_t) tag };
  epoll_ctl (epfd, EPOLL_CTL_ADD, fd, &e);
}

static void
close_fd (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}

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
  hb_bpf_key key;
  watch_kind k = { learn, compat_only };
  hb_bpf_key_init (&key, learn ? "watch-learn" : compat_only ? "watch-compat" : "watch");
  int r = hb_bpf_cached (&key, watch_build, &k, out, notes, err);
  hb_bpf_key_clear (&key);
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
  int err_pipe[2] = { -1, -1 };
  int out_pipe[2] = { -1, -1 }, errs_pipe[2] = { -1, -1 };
  cleanup_close int nullfd = -1;
  hb_bpf enforce = { 0 }, watch = { 0 }, marked = { 0 };
  strv notes = { 0 };
  cleanup_free char *name = NULL;
  cleanup_free char *runbase = NULL;
  /* Not root: a user namespace, whose map the supervisor writes while the
   * child waits for its go byte (userns.h, launch.h). */
  bool userns = geteuid () != 0;
  hb_idmap idmap = { 0 };
  int *cgroup_fds = NULL;
  trial_launch launch = { .t = t, .sock = { -1, -1 }, .userns = userns, .idmap = &idmap };

  cleanup_free char *resolv = file_read_all ("/etc/resolv.conf", 65536, NULL, 0, NULL);
  t->plan = hb_plan_build (opts->target, opts->policy, opts->command, resolv, err);
  if (t->plan)
    t->plan->platform = opts->platform;
  if (t->plan == NULL)
    goto fail;
  if (userns)
    {
      hb_idmap_init (&idmap, &notes);
      if (hb_idmap_fit_plan (&idmap, t->plan, &notes, err) < 0)
        goto fail;
      note_rootfs_source (opts->target, &idmap, &notes);
    }

  /* The filters as BPF programs now (from the BPF cache when it has
   * them): the child only loads them. */
  t->profile = hb_seccomp_effective_from (opts->policy, hb_profile_cached, &notes, err);
  if (t->profile == NULL)
    goto fail;
  /* With the monitor the program loaded is the marked one with its
   * denials turned into user notifications (seccomp_filter.h): the
   * kernel denies, the monitor only answers with the rule's errno and
   * reports; the marked program tells it which rule. */
  if (!profile_is_unconfined (t->profile) || opts->monitor)
    {
      if (hb_seccomp_filter_compile (t->profile, t->plan->caps,
                                     opts->monitor ? HB_FILTER_TRACE_DENIALS : 0,
                                     opts->monitor ? &marked : &enforce, &notes, err) < 0)
        goto fail;
      if (opts->monitor)
        hb_seccomp_filter_notify (&marked, &enforce);
    }
  if (opts->monitor)
    {
      hb_exit_hook *hook = NULL;
      if (!opts->learn && !userns)
        hook = open_exit_hook (&notes);
      if (watch_filter_bpf (opts->learn, hook != NULL, &watch, &notes, err) < 0)
        {
          hb_exit_hook_close (hook);
          goto fail;
        }
      t->monitor = hb_monitor_new (t->profile, opts->on_event, opts->userdata, &t->t0);
      hb_monitor_set_exit_hook (t->monitor, hook);
      hb_monitor_set_rules (t->monitor, &marked);
      hb_bpf_clear (&marked);
    }

  /* The run dir: the child mounts its private tmpfs over the base
   * directory, in its own mount namespace only, so nothing of the trial
   * is made on the host (no directory to create, wait for and remove). */
  runbase = hb_run_dir (err);
  if (runbase == NULL)
    goto fail;
  clean_stale_rundirs (runbase);
  hb_cgroup_clean_stale ();
  static unsigned counter;
  name = xasprintf ("trial-%d-%u", (int) getpid (), counter++);
  /* Docker's device rules first: no trial runs without them (as root). */
  if (hb_cgroup_devices (&t->cgroup, name, err) < 0)
    goto fail;
  hb_cgroup_create (&t->cgroup, name, t->plan->memory, t->plan->cpus, t->plan->pids, &notes);

  if (opts->publish && opts->publish->n)
    {
      t->publish = hb_publish_new (opts->publish, err);
      if (t->publish == NULL)
        goto fail;
    }

  nullfd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  if (nullfd < 0 || pipe2 (err_pipe, O_CLOEXEC) < 0 || pipe2 (out_pipe, O_CLOEXEC) < 0
      || pipe2 (errs_pipe, O_CLOEXEC) < 0)
    {
      hb_fail_errno (err, errno, HB_EXIT_SANDBOX, "trial: pipes");
      goto fail;
    }
  /* The init joins its cgroups itself, through these (cgroup.h). */
  cgroup_fds = hb_cgroup_open_procs (&t->cgroup, &notes);

  /* Someone must act between the clone and the init's setup: the monitor
   * attaches, a user namespace gets its id map.  The cloning thread sleeps
   * until the init execs (launch.h), so another thread does it. */
  if (t->monitor || userns)
    {
      if (hb_launch_open (&launch.sock, err) < 0)
        goto fail;
      if (t->monitor)
        {
          hb_monitor_launch ml = { launch_await, launch_release, launch_abort, &launch };
          t->mthread = hb_monitor_thread_start (t->monitor, &ml, err);
          if (t->mthread == NULL)
            goto fail;
        }
      else
        {
          int r = pthread_create (&launch.thread, NULL, launch_thread, &launch);
          if (r != 0)
            {
              hb_fail_errno (err, r, HB_EXIT_SANDBOX, "trial: start thread");
              goto fail;
            }
          launch.thread_running = true;
        }
    }

  /* New mount, pid, ipc, uts and net namespaces (all owned by the new
   * user namespace when there is one); the cgroup namespace is made by
   * the child once it is in its cgroups. */
  unsigned long flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNET;
  if (userns)
    flags |= CLONE_NEWUSER;
  hb_child_args a = {
    .plan = t->plan, .rundir = runbase, .start_fd = launch.sock.child_fd,
    .err_fd = err_pipe[1], .stdin_fd = nullfd, .stdout_fd = out_pipe[1],
    .stderr_fd = errs_pipe[1], .watch = watch.n ? &watch : NULL,
    .enforce = enforce.n ? &enforce : NULL, .cgroup_fds = cgroup_fds,
    .cgroup_dirs = &t->cgroup.dirs, .cgroup_required = t->cgroup.n_required,
  };
  /* No fflush first: the init shares our stdio buffers instead of copying
   * them, and never writes through them. */
  pid_t pid = hb_launch_clone (flags, child_main, &a, &t->pidfd);
  int clone_errno = errno;
  /* The init has exec'd or ended: our copies of its ends go, which also
   * tells a thread still waiting for its hello that none will come. */
  hb_launch_child_gone (&launch.sock);
  hb_cgroup_close_procs (cgroup_fds, &t->cgroup);
  cgroup_fds = NULL;
  close_fd (&err_pipe[1]);
  close_fd (&out_pipe[1]);
  close_fd (&errs_pipe[1]);
  hb_bpf_clear (&watch);
  hb_bpf_clear (&enforce);
  if (pid > 0)
    t->pid = pid;
  if (launch.thread_running)
    {
      pthread_join (launch.thread, NULL);
      launch.thread_running = false;
      if (launch.result < 0 && pid > 0)
        {
          if (err && *err == NULL)
            {
              *err = launch.error;
              launch.error = NULL;
            }
          goto fail;
        }
    }
  if (t->mthread && hb_monitor_thread_attached (t->mthread, pid > 0 ? err : NULL) < 0)
    {
      /* The thread has ended; the init (if any) is ours to reap. */
      hb_monitor_thread_free (t->mthread);
      t->mthread = NULL;
      if (pid > 0)
        goto fail;
    }
  t->nshelper = launch.nshelper;
  launch.nshelper = NULL;
  if (pid < 0)
    {
      hb_fail_errno (err, clone_errno, HB_EXIT_SANDBOX, "namespaces: clone");
      goto fail;
    }
  if (userns && t->publish && t->nshelper == NULL)
    {
      t->nshelper = hb_nshelper_start (t->pid, err);
      if (t->nshelper == NULL)
        goto fail;
    }
  if (t->publish && t->nshelper)
    hb_publish_use_helper (t->publish, t->nshelper);
  t->errfd = err_pipe[0];
  err_pipe[0] = -1;
  t->out.fd = out_pipe[0];
  out_pipe[0] = -1;
  t->err.fd = errs_pipe[0];
  errs_pipe[0] = -1;
  hb_launch_close (&launch.sock);

  t->epfd = epoll_create1 (EPOLL_CLOEXEC);
  if (t->epfd < 0)
    {
      hb_fail_errno (err, errno, HB_EXIT_SANDBOX, "trial: epoll");
      goto fail;
    }
  fcntl (t->errfd, F_SETFL, O_NONBLOCK);
  fcntl (t->out.fd, F_SETFL, O_NONBLOCK);
  fcntl (t->err.fd, F_SETFL, O_NONBLOCK);
  epoll_add (t->epfd, t->errfd, TAG_ERR);
  epoll_add (t->epfd, t->out.fd, TAG_OUT);
  epoll_add (t->epfd, t->err.fd, TAG_ERRSTREAM);
  epoll_add (t->epfd, t->mthread ? hb_monitor_thread_fd (t->mthread) : t->pidfd, TAG_CHILD);
  if (opts->timeout > 0)
    {
      t->timerfd = timerfd_create (CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
      struct itimerspec its = { 0 };
      its.it_value.tv_sec = (time_t) opts->timeout;
      its.it_value.tv_nsec = (long) ((opts->timeout - (double) its.it_value.tv_sec) * 1e9);
      if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0)
        its.it_value.tv_nsec = 1;
      timerfd_settime (t->timerfd, 0, &its, NULL);
      epoll_add (t->epfd, t->timerfd, TAG_TIMER);
    }
  if (t->publish && hb_publish_attach (t->publish, t->pid, t->epfd, TAG_PUBLISH, err) < 0)
    goto fail;

  hb_event ev = { .kind = HB_EV_START, .data = start_data (t) };
  emit (t, &ev);
  for (size_t i = 0; i < notes.n; i++)
    emit_note (t, notes.v[i]);
  strv_clear (&notes);
  hb_idmap_clear (&idmap);
  return t;

fail:
  hb_error_wrap (err, "trial");
  /* A thread still waiting for the init's hello sees its end (close
   * would not wake it); then it is safe to close our end. */
  hb_launch_child_gone (&launch.sock);
  if (launch.thread_running)
    pthread_join (launch.thread, NULL);
  if (t->mthread && t->pid <= 0)
    {
      hb_monitor_thread_free (t->mthread);
      t->mthread = NULL;
    }
  hb_launch_close (&launch.sock);
  hb_error_free (launch.error);
  hb_nshelper_free (launch.nshelper);
  hb_cgroup_close_procs (cgroup_fds, &t->cgroup);
  close_fd (&err_pipe[0]);
  close_fd (&err_pipe[1]);
  close_fd (&out_pipe[0]);
  close_fd (&out_pipe[1]);
  close_fd (&errs_pipe[0]);
  close_fd (&errs_pipe[1]);
  hb_bpf_clear (&watch);
  hb_bpf_clear (&enforce);
  hb_bpf_clear (&marked);
  strv_clear (&notes);
  hb_idmap_clear (&idmap);
  hb_trial_free (t);
  return NULL;
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
        emit (t, &ev);
        start = i + 1;
      }
  if ((eof || start == 0) && start < s->len && (eof || s->len == sizeof s->buf))
    {
      hb_event ev = { .kind = HB_EV_OUTPUT, .stream = xstrdup (s->name),
                      .line = xstrndup (s->buf + start, s->len - start) };
      emit (t, &ev);
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
          close_fd (&s->fd);
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
      close_fd (&s->fd);
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
      emit_note (t, line);
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
      close_fd (&t->errfd);
      if (t->errlen == 0 && !t->exited)
        {
          t->exec_seen = true;
          hb_event ev = { .kind = HB_EV_EXEC, .pid = 1 };
          const char *a0 = t->plan->argv.v[0];
          const char *base = strrchr (a0, '/') ? strrchr (a0, '/') + 1 : a0;
          ev.comm = xstrndup (base, 15);
          strv_copy (&ev.argv, &t->plan->argv);
          emit (t, &ev);
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
      epoll_add (t->epfd, t->timerfd, TAG_TIMER);
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
      emit_note (t, line);
    }
  else
    emit (t, &ev);
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
  emit (t, &sum);
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
                emit_note (t, line);
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
  close_fd (&t->pidfd);
  close_fd (&t->epfd);
  close_fd (&t->errfd);
  close_fd (&t->out.fd);
  close_fd (&t->err.fd);
  close_fd (&t->timerfd);
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
