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

#include "monitor/monitor.h"

#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "monitor/countmap.h"
#include "monitor/exit_hook.h"
#include "monitor/perm.h"
#include "monitor/resolve.h"
#include "monitor/suggest.h"
#include "monitor/watched.h"
#include "core/seccomp_bpf.h"

#include <elf.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#define TASK_BUCKETS 1024
/* Linux 6.6: the notifying task hands its CPU to the answerer. */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW (4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif
/* The netns default of net.ipv4.ip_unprivileged_port_start: the trial has
 * its own network namespace, created with the default. */
#define UNPRIVILEGED_PORT_START 1024

typedef struct task {
  pid_t tid;
  pid_t tgid;
  int nspid;              /* the process id inside the container (NStgid) */
  int mem_fd;             /* /proc/TID/mem, opened on first use */
  int comm_fd;            /* /proc/TID/comm, opened on first use, pread at 0 */
  hb_monitor *mon;
  bool started;           /* its attach stop was seen (the init needs none) */
  bool pending;           /* a watched syscall runs; its exit stop is ours
                             (if it ends some other way, so does the task) */
  uint64_t args[6];
  const hb_watched *w;
  bool listener_load;     /* pending is the seccomp() that makes the listener */
  bool has_record;        /* the exit hook stopped it for a failure: */
  uint32_t record_nr;     /* the syscall, */
  int64_t record_ret;     /* what it returned */
  uint64_t record_args[6];
  /* A failure the exit hook reported whole (a stand-in task, never in the
   * table): judged from the record, not from the task, which may be gone
   * by now. */
  const hb_exit_record *rec;
  struct task *next;
} task;

/* A watched syscall number per architecture -> its table entry. */
typedef struct arch_map {
  uint32_t arch;
  const hb_watched **by_nr;
  size_t n;
} arch_map;

struct hb_monitor {
  const hb_seccomp_profile *enforced;
  hb_event_cb cb;
  void *userdata;
  hb_monitor_sink sink;
  void *sink_data;
  struct timespec t0;
  pid_t init_pid;
  bool init_exec_seen;
  task *tasks[TASK_BUCKETS];
  arch_map arches[3];
  size_t n_arches;
  bool learn;
  hb_countmap denied_writes;
  hb_countmap denied_mkdirs;      /* the denied writes that were mkdir */
  hb_countmap denied_syscalls;
  hb_countmap missing_caps;
  hb_countmap learned_syscalls;   /* learn: "name" */
  hb_countmap written_paths;      /* learn: successful writes */
  hb_countmap created_dirs;       /* learn: successful mkdirs */
  hb_countmap used_caps;          /* learn: privileged operations that succeeded */
  hb_monitor_stats stats;
  hb_monitor_mem_open_fn mem_open;   /* NULL: open /proc/TID/mem ourselves */
  void *mem_open_data;
  hb_exit_hook *hook;                /* ours until the init ends; NULL: ptrace only */
  bool used_hook;
  hb_exit_record ring_record;        /* the ring's record being read */
  hb_exit_record judged_record;      /* the last one missing_capability () read */
  hb_perm_root root;                 /* the init's, from its exec on: for whole records */
  pthread_mutex_t lock;              /* one public call at a time */
  hb_event *outbox;                  /* emitted, handed on by flush () */
  size_t n_outbox, cap_outbox;
  hb_bpf rules;                      /* the marked enforcing program; n 0: none */
  int listener;                      /* the enforcing filter's listener; -1: none yet */
  int answer_efd;                    /* eventfd: the answerer returns */
  pthread_t answerer;
  bool answering;                    /* created and not joined */
};

static void emit (hb_monitor *m, hb_event *ev);

/* --- the task table ----------------------------------------------------- */

static task **
task_slot (hb_monitor *m, pid_t tid)
{
  task **pp = &m->tasks[(unsigned) tid % TASK_BUCKETS];
  while (*pp && (*pp)->tid != tid)
    pp = &(*pp)->next;
  return pp;
}

static task *
task_find (hb_monitor *m, pid_t tid)
{
  return *task_slot (m, tid);
}

/* nspid > 0: the caller knows the task is a process (tgid = tid) and its
 * pid in the container; otherwise both come from /proc/TID/status. */
static task *
task_add (hb_monitor *m, pid_t tid, bool started, int nspid)
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

static void
task_free (task *t)
{
  if (t->mem_fd >= 0)
    close (t->mem_fd);
  if (t->comm_fd >= 0)
    close (t->comm_fd);
  free (t);
}

static void
task_remove (hb_monitor *m, pid_t tid)
{
  task **pp = task_slot (m, tid);
  task *t = *pp;
  if (t == NULL)
    return;
  *pp = t->next;
  task_free (t);
  m->stats.tasks_left--;
}

static int
task_mem (task *t)
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
static char *
task_comm (task *t)
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

/* --- events ------------------------------------------------------------- */

static double
elapsed (const hb_monitor *m)
{
  struct timespec now;
  clock_gettime (CLOCK_MONOTONIC, &now);
  return (double) (now.tv_sec - m->t0.tv_sec) + (double) (now.tv_nsec - m->t0.tv_nsec) / 1e9;
}

/* Take the event (its contents are the outbox's now). */
static void
emit (hb_monitor *m, hb_event *ev)
{
  ev->ts = elapsed (m);
  m->stats.events++;
  if (m->n_outbox == m->cap_outbox)
    {
      m->cap_outbox = m->cap_outbox ? 2 * m->cap_outbox : 16;
      m->outbox = xreallocarray (m->outbox, m->cap_outbox, sizeof *m->outbox);
    }
  m->outbox[m->n_outbox++] = *ev;
  memset (ev, 0, sizeof *ev);
}

/* Hand the emitted events on, in order: at the end of every public call,
 * after the task that caused them was resumed. */
static void
flush (hb_monitor *m)
{
  for (size_t i = 0; i < m->n_outbox; i++)
    {
      hb_event *ev = &m->outbox[i];
      if (m->sink)
        {
          m->sink (ev, m->sink_data);
          continue;
        }
      if (m->cb)
        m->cb (ev, m->userdata);
      hb_event_clear (ev);
    }
  m->n_outbox = 0;
}

static char *
syscall_name (uint32_t arch, int nr)
{
  char *name = seccomp_syscall_resolve_num_arch (arch, nr);
  return name ? name : xasprintf ("syscall_%d", nr);
}

/* --- architecture specifics --------------------------------------------- */

/* Skip the syscall at a seccomp stop and make it return -errnum. */
static int
skip_syscall (pid_t tid, int errnum)
{
#if defined(__x86_64__)
  struct user_regs_struct regs;
  if (ptrace (PTRACE_GETREGS, tid, 0, &regs) < 0)
    return -1;
  regs.orig_rax = (unsigned long long) -1;
  regs.rax = (unsigned long long) -(long long) errnum;
  return (int) ptrace (PTRACE_SETREGS, tid, 0, &regs);
#elif defined(__aarch64__)
  int nr = -1;
  struct iovec iov = { &nr, sizeof nr };
  if (ptrace (PTRACE_SETREGSET, tid, (void *) (long) NT_ARM_SYSTEM_CALL, &iov) < 0)
    return -1;
  struct user_pt_regs regs;
  iov.iov_base = &regs;
  iov.iov_len = sizeof regs;
  if (ptrace (PTRACE_GETREGSET, tid, (void *) (long) NT_PRSTATUS, &iov) < 0)
    return -1;
  regs.regs[0] = (unsigned long long) -(long long) errnum;
  return (int) ptrace (PTRACE_SETREGSET, tid, (void *) (long) NT_PRSTATUS, &iov);
#else
#error "the monitor supports x86_64 and aarch64"
#endif
}

static void
build_arch_maps (hb_monitor *m)
{
  uint32_t arches[3];
  size_t n = 0;
  arches[n++] = seccomp_arch_native ();
  if (arches[0] == SCMP_ARCH_X86_64)
    {
      arches[n++] = SCMP_ARCH_X86;
      arches[n++] = SCMP_ARCH_X32;
    }
  size_t nw;
  const hb_watched *tab = hb_watched_table (&nw);
  for (size_t a = 0; a < n; a++)
    {
      arch_map *am = &m->arches[m->n_arches++];
      am->arch = arches[a];
      am->n = 1024;
      am->by_nr = xcalloc (am->n, sizeof *am->by_nr);
      for (size_t i = 0; i < nw; i++)
        {
          int nr = seccomp_syscall_resolve_name_arch (arches[a], tab[i].name);
          if (nr < 0)
            continue;
          if (arches[a] == SCMP_ARCH_X32)
            nr &= ~0x40000000;
          if ((size_t) nr < am->n)
            am->by_nr[nr] = &tab[i];
        }
    }
}

static const hb_watched *
watched_lookup (const hb_monitor *m, uint32_t arch, int nr)
{
  if (arch == SCMP_ARCH_X86_64 && (nr & 0x40000000))
    {
      arch = SCMP_ARCH_X32;
      nr &= ~0x40000000;
    }
  for (size_t a = 0; a < m->n_arches; a++)
    if (m->arches[a].arch == arch)
      return nr >= 0 && (size_t) nr < m->arches[a].n ? m->arches[a].by_nr[nr] : NULL;
  return NULL;
}

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
  build_arch_maps (m);
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
  task_add (m, pid, true, 1);
  flush (m);
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
  ev.comm = task_comm (t);
  hb_proc_argv (t->tid, &ev.argv);
  emit (m, &ev);
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
      task *old = task_find (m, (pid_t) former);
      if (old)
        task_remove (m, (pid_t) former);
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
          emit (m, &ev);
        }
      return true;
    }
  emit_exec (m, t);
  return false;
}

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
static bool
filter_denies (const hb_monitor *m, uint32_t nr, const uint64_t args[6])
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
      task *t = task_find (m, (pid_t) req->pid);
      if (t == NULL)
        {
          hb_proc_status st;
          if (hb_proc_status_read (stand_in.tid, &st) == 0 && st.nstgid > 0)
            stand_in.nspid = st.nstgid;
          t = &stand_in;
        }
      hb_event ev = { .kind = HB_EV_SYSCALL_DENIED };
      ev.pid = t->nspid;
      ev.comm = task_comm (t);
      ev.syscall = syscall_name (req->data.arch, req->data.nr);
      ev.errnum = errnum;
      ev.rule = data ? rule_text (m, data) : xstrdup ("the enforcing filter");
      hb_countmap_add (&m->denied_syscalls, ev.syscall, 1);
      emit (m, &ev);
      if (stand_in.comm_fd >= 0)
        close (stand_in.comm_fd);
    }
  /* ENOENT: the task was killed meanwhile; nothing waits for the answer. */
  if (ioctl (listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) < 0 && errno != ENOENT)
    {
      hb_event ev = { .kind = HB_EV_NOTE };
      ev.line = xasprintf ("monitor: answering a denied syscall: %s", strerror (errno));
      emit (m, &ev);
    }
  flush (m);
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

static void
answerer_stop (hb_monitor *m)
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
static void
take_listener (hb_monitor *m, task *t, long fd)
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
  emit (m, &ev);
  kill (t->tid, SIGKILL);
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
          cleanup_free char *name = syscall_name (info.arch, (int) info.seccomp.nr);
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
      skip_syscall (t->tid, ENOSYS);
      resume (t, t->tid, 0);
      return;
    }
  if (data == HB_MONITOR_DATA_LEARN)
    {
      m->learn = true;
      cleanup_free char *name = syscall_name (info.arch, (int) info.seccomp.nr);
      hb_countmap_add (&m->learned_syscalls, name, 1);
    }
  const hb_watched *w = watched_lookup (m, info.arch, (int) info.seccomp.nr);
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

/* The path a watched syscall writes, inside the container. */
static char *
written_path (task *t)
{
  const hb_watched *w = t->w;
  if (t->rec)
    {
      /* The program sends a path for writes only, and keeps unix
       * sockets' for the stop. */
      if (w->kind == HB_WATCH_BIND || t->rec->path[0] != '/')
        return NULL;
      return hb_path_normalize_lexical (t->rec->path);
    }
  if (w->kind == HB_WATCH_BIND)
    {
      struct sockaddr_un sun;
      socklen_t len = (socklen_t) t->args[2];
      memset (&sun, 0, sizeof sun);
      if (len <= offsetof (struct sockaddr_un, sun_path) || len > sizeof sun)
        return NULL;
      if (hb_mem_read (task_mem (t), t->args[1], &sun, len) < 0 || sun.sun_family != AF_UNIX
          || sun.sun_path[0] == '\0')
        return NULL;   /* not a unix path (abstract sockets write nothing) */
      sun.sun_path[sizeof sun.sun_path - 1] = '\0';
      return hb_resolve_at (t->tid, AT_FDCWD, sun.sun_path);
    }
  if (w->path_arg >= 0)
    {
      cleanup_free char *p = hb_mem_read_string (task_mem (t), t->args[w->path_arg], 4096);
      int dirfd = w->dirfd_arg >= 0 ? (int) t->args[w->dirfd_arg] : AT_FDCWD;
      if (p == NULL && t->args[w->path_arg] != 0)
        return xstrdup ("?");
      return hb_resolve_at (t->tid, dirfd, p);
    }
  if (w->fd_arg >= 0)
    return hb_resolve_fd (t->tid, (int) t->args[w->fd_arg]);
  return NULL;
}

/* The address a watched bind of t asked for: from the hook's record (the
 * program copies the start: a port's worth) or the task's memory. */
static int
bind_address_of (task *t, struct sockaddr_storage *ss, socklen_t *lenp)
{
  socklen_t len = (socklen_t) t->args[2];
  memset (ss, 0, sizeof *ss);
  if (len > sizeof *ss)
    len = sizeof *ss;
  if (t->rec)
    {
      if (len > sizeof t->rec->creds.addr)
        len = sizeof t->rec->creds.addr;
      memcpy (ss, t->rec->creds.addr, len);
    }
  else if (len < sizeof (sa_family_t) || hb_mem_read (task_mem (t), t->args[1], ss, len) < 0)
    return -1;
  *lenp = len;
  return 0;
}

/* Names of the capabilities missing_capability () can tell. */
static const char *
cap_name (int cap)
{
  switch (cap)
    {
    case CAP_CHOWN: return "CHOWN";
    case CAP_DAC_OVERRIDE: return "DAC_OVERRIDE";
    case CAP_FOWNER: return "FOWNER";
    case CAP_SETGID: return "SETGID";
    case CAP_SETUID: return "SETUID";
    case CAP_NET_BIND_SERVICE: return "NET_BIND_SERVICE";
    case CAP_MKNOD: return "MKNOD";
    default: return "UNKNOWN";
    }
}

static bool
has_cap (uint64_t cap_eff, int cap)
{
  return (cap_eff >> cap) & 1;
}

/* An O_PATH fd of the file the failed syscall named, or of its parent
 * directory; opened inside the container (perm.h). */
static int
target_open (task *t, bool parent, bool nofollow)
{
  const hb_watched *w = t->w;
  if (t->rec)
    {
      /* Only in the trial's own root (a task that moved its root sees
       * other files under the same names), by the record's path (an
       * fd's too). */
      hb_perm_root *root = &t->mon->root;
      if (t->rec->creds.root_mnt_id != root->mnt_id || t->rec->path[0] != '/')
        {
          errno = EXDEV;
          return -1;
        }
      cleanup_free char *path = hb_path_normalize_lexical (t->rec->path);
      if (parent)
        {
          cleanup_free char *dir = hb_perm_parent (path);
          return hb_perm_open_in (root, dir, false);
        }
      return hb_perm_open_in (root, path, nofollow);
    }
  if (w->kind == HB_WATCH_FD)
    return parent ? -1 : hb_perm_open (t->tid, (int) t->args[w->fd_arg], NULL, false);
  /* utimensat (fd, NULL, ...): the fd itself. */
  if (!parent && w->path_arg >= 0 && t->args[w->path_arg] == 0 && w->dirfd_arg >= 0)
    return hb_perm_open (t->tid, (int) t->args[w->dirfd_arg], NULL, false);
  cleanup_free char *path = written_path (t);
  if (path == NULL || path[0] != '/')
    return -1;
  if (parent)
    {
      cleanup_free char *dir = hb_perm_parent (path);
      return hb_perm_open (t->tid, -1, dir, false);
    }
  return hb_perm_open (t->tid, -1, path, nofollow);
}

/* Does the user namespace of t map uid and gid?  A record's task is
 * judged by the init's maps, when it is in the init's namespace. */
static bool
ids_mapped (task *t, unsigned uid, unsigned gid)
{
  if (t->rec)
    return t->rec->creds.userns == t->mon->root.userns
           && hb_perm_root_ids_mapped (&t->mon->root, uid, gid);
  if (hb_perm_root_same_userns (&t->mon->root, t->tid))
    return hb_perm_root_ids_mapped (&t->mon->root, uid, gid);
  return hb_perm_ids_mapped (t->tid, uid, gid);
}

/* The flags of a failed open, creat or openat2. */
static int
open_flags (task *t)
{
  const hb_watched *w = t->w;
  if (w->kind == HB_WATCH_OPEN)
    return (int) t->args[w->flags_arg];
  if (w->kind == HB_WATCH_OPENAT2 && t->rec)
    return t->rec->creds.open_flags ? (int) t->rec->creds.open_flags : -1;   /* 0: unread */
  if (w->kind == HB_WATCH_OPENAT2)
    {
      struct open_how how;
      if (hb_mem_read (task_mem (t), t->args[2], &how, sizeof how.flags) < 0)
        return -1;
      return (int) how.flags;
    }
  return O_WRONLY | O_CREAT | O_TRUNC;   /* creat */
}

/* Failures only a file's owner or mode bits explain: CAP_FOWNER for EPERM
 * of a non-owner (chmod, explicit times), CAP_DAC_OVERRIDE for EACCES the
 * mode bits give.  Certain only when nothing else could refuse: a
 * writable mount, no chattr +i/+a, no ACL, ids the task's user namespace
 * maps, no sticky directory (fs.protected_* refuse even root there). */
static int
file_capability (task *t, int errnum, const hb_proc_status *st)
{
  const hb_watched *w = t->w;
  hb_perm_file f;
  if (w->cap_check == HB_CAPCHK_OWNER)
    {
      if (errnum != EPERM || has_cap (st->cap_eff, CAP_FOWNER))
        return -1;
      bool nofollow = w->atflags_arg >= 0 && (t->args[w->atflags_arg] & AT_SYMLINK_NOFOLLOW);
      cleanup_close int fd = target_open (t, false, nofollow);
      if (fd < 0 || hb_perm_inspect (fd, &f) < 0 || f.uid == st->fsuid || f.read_only
          || f.immutable || !ids_mapped (t, f.uid, f.gid))
        return -1;
      return CAP_FOWNER;
    }
  if (w->cap_check != HB_CAPCHK_OPEN && w->cap_check != HB_CAPCHK_DIR)
    return -1;
  if (errnum != EACCES || has_cap (st->cap_eff, CAP_DAC_OVERRIDE))
    return -1;
  /* A directory entry is made or removed: write and search on the
   * directory. */
  int want = HB_MAY_WRITE | HB_MAY_EXEC;
  bool dir = w->cap_check == HB_CAPCHK_DIR;
  cleanup_close int fd = -1;
  if (!dir)
    {
      int flags = open_flags (t);
      if (flags == -1)
        return -1;
      fd = target_open (t, false, (flags & O_NOFOLLOW) != 0);
      if (fd >= 0)
        {
          int acc = flags & O_ACCMODE;
          want = acc == O_RDONLY ? HB_MAY_READ
                 : acc == O_WRONLY ? HB_MAY_WRITE : HB_MAY_READ | HB_MAY_WRITE;
          if (flags & O_TRUNC)
            want |= HB_MAY_WRITE;
          cleanup_close int pfd = target_open (t, true, false);
          unsigned dir_mode;
          if (pfd < 0 || hb_perm_mode (pfd, &dir_mode) < 0 || (dir_mode & S_ISVTX))
            return -1;
        }
      else if (errno == ENOENT && (flags & O_CREAT))
        dir = true;
      else
        return -1;
    }
  if (dir)
    fd = target_open (t, true, false);
  if (fd < 0 || hb_perm_inspect (fd, &f) < 0 || f.read_only || f.has_acl
      || !hb_perm_mode_denies (&f, st, want) || !ids_mapped (t, f.uid, f.gid))
    return -1;
  return CAP_DAC_OVERRIDE;
}

/* What /proc/TID/status would have said when the record was made. */
static void
status_of_record (const hb_exit_record *r, hb_proc_status *st)
{
  memset (st, 0, sizeof *st);
  st->tgid = (pid_t) r->tid;
  st->nstgid = (int) r->nspid;
  st->cap_eff = r->creds.cap_eff;
  st->fsuid = r->creds.fsuid;
  st->fsgid = r->creds.fsgid;
  size_t n = r->creds.n_groups;
  if (n > HB_EXIT_GROUPS_MAX)
    n = HB_EXIT_GROUPS_MAX;   /* the program stops a task with more */
  memcpy (st->groups, r->creds.groups, n * sizeof st->groups[0]);
  st->n_groups = n;
}

/* The capability whose absence certainly caused this failure, or -1. */
static int
missing_capability (task *t, int errnum)
{
  const hb_watched *w = t->w;
  /* Most failures (EROFS, ENOENT, EEXIST ...) are no capability's
   * business: decided before reading anything. */
  if (errnum != EPERM && errnum != EACCES)
    return -1;
  bool own_rule = w->kind == HB_WATCH_SETUID || w->kind == HB_WATCH_SETGID
                  || w->kind == HB_WATCH_CHOWN || w->kind == HB_WATCH_MKNOD
                  || w->kind == HB_WATCH_BIND;
  if (!own_rule && w->cap_check == HB_CAPCHK_NONE)
    return -1;
  hb_proc_status st;
  if (t->rec)
    status_of_record (t->rec, &st);
  else if (hb_proc_status_read (t->tid, &st) < 0)
    return -1;
  switch (w->kind)
    {
    case HB_WATCH_SETUID:
      return errnum == EPERM && !has_cap (st.cap_eff, CAP_SETUID) ? CAP_SETUID : -1;
    case HB_WATCH_SETGID:
      return errnum == EPERM && !has_cap (st.cap_eff, CAP_SETGID) ? CAP_SETGID : -1;
    case HB_WATCH_CHOWN:
      {
        if (errnum != EPERM || has_cap (st.cap_eff, CAP_CHOWN))
          return -1;
        unsigned uid = (unsigned) t->args[w->uid_arg];
        unsigned gid = (unsigned) t->args[w->gid_arg];
        /* Changing the owner to anyone but ourselves, or the group to one
         * we are not in, needs CAP_CHOWN. */
        if ((uid != (unsigned) -1 && uid != st.fsuid)
            || (gid != (unsigned) -1 && !hb_proc_status_in_groups (&st, gid)))
          return CAP_CHOWN;
        return -1;
      }
    case HB_WATCH_MKNOD:
      {
        mode_t mode = (mode_t) t->args[w->mode_arg];
        if (errnum == EPERM && (S_ISCHR (mode) || S_ISBLK (mode)) && !has_cap (st.cap_eff, CAP_MKNOD))
          return CAP_MKNOD;
        return -1;
      }
    case HB_WATCH_BIND:
      {
        if (errnum != EACCES || has_cap (st.cap_eff, CAP_NET_BIND_SERVICE))
          return -1;
        struct sockaddr_storage ss;
        socklen_t len;
        if (bind_address_of (t, &ss, &len) < 0)
          return -1;
        if (len < sizeof (sa_family_t))
          return -1;
        unsigned port = 0;
        if (ss.ss_family == AF_INET && len >= sizeof (struct sockaddr_in))
          port = ntohs (((struct sockaddr_in *) &ss)->sin_port);
        else if (ss.ss_family == AF_INET6 && len >= sizeof (struct sockaddr_in6))
          port = ntohs (((struct sockaddr_in6 *) &ss)->sin6_port);
        if (port > 0 && port < UNPRIVILEGED_PORT_START)
          return CAP_NET_BIND_SERVICE;
        return -1;
      }
    default:
      return file_capability (t, errnum, &st);
    }
}

/* Did this openat2 ask for a write? (The filter cannot look into struct
 * open_how.) */
static bool
openat2_writes (task *t)
{
  if (t->rec)
    return true;   /* the program sends write-opens and those it could not read */
  struct open_how how;
  if (hb_mem_read (task_mem (t), t->args[2], &how, sizeof how.flags) < 0)
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
          && hb_mem_read (task_mem (t), t->args[1], &sin, sizeof sin) == 0
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
  cleanup_free char *path = written_path (t);
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
  emit (m, &ev);
}

/* A watched syscall of t (t->w, t->args) failed with errnum, and cap is
 * the capability missing_capability () found missing, or -1. */
/* What a refused bind asked for, as "0.0.0.0:80" or "[::]:443"; a unix
 * socket's path; NULL when the address cannot be read. */
static char *
bound_address (task *t)
{
  struct sockaddr_storage ss;
  socklen_t len;
  if (bind_address_of (t, &ss, &len) < 0)
    return NULL;
  char host[INET6_ADDRSTRLEN];
  if (ss.ss_family == AF_INET && len >= sizeof (struct sockaddr_in))
    {
      const struct sockaddr_in *in = (const struct sockaddr_in *) &ss;
      if (inet_ntop (AF_INET, &in->sin_addr, host, sizeof host) == NULL)
        return NULL;
      return xasprintf ("%s:%u", host, ntohs (in->sin_port));
    }
  if (ss.ss_family == AF_INET6 && len >= sizeof (struct sockaddr_in6))
    {
      const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *) &ss;
      if (inet_ntop (AF_INET6, &in6->sin6_addr, host, sizeof host) == NULL)
        return NULL;
      return xasprintf ("[%s]:%u", host, ntohs (in6->sin6_port));
    }
  return written_path (t);   /* a unix socket's path, or nothing */
}

static void
report_judged (hb_monitor *m, task *t, int errnum, int cap)
{
  if (cap >= 0)
    {
      hb_event ev = { .kind = HB_EV_PERM_DENIED };
      /* What was refused: the address, or the file the syscall names. */
      ev.path = t->w->kind == HB_WATCH_BIND ? bound_address (t) : written_path (t);
      ev.pid = t->nspid;
      ev.comm = task_comm (t);
      ev.syscall = xstrdup (t->w->name);   /* the table's name is this arch's */
      ev.errnum = errnum;
      ev.capability = xasprintf ("CAP_%s", cap_name (cap));
      hb_countmap_add (&m->missing_caps, ev.capability, 1);
      emit (m, &ev);
      return;
    }
  if (!hb_watched_is_write (t->w) || (errnum != EROFS && errnum != EACCES && errnum != EPERM))
    return;
  char *path = written_path (t);
  if (path == NULL)
    return;   /* bind of a non-unix socket: no file was written */
  report_write_denied (m, t->nspid, task_comm (t), t->w, path, errnum);
}

/* A watched syscall of t (t->w, t->args) failed with errnum; t is
 * stopped. */
static void
report_failure (hb_monitor *m, task *t, int errnum)
{
  /* An openat2 that asked for no write is not watched, as a read-only
   * open is not (the exit hook does not even report it). */
  if (t->w->kind == HB_WATCH_OPENAT2 && !openat2_writes (t))
    return;
  report_judged (m, t, errnum, missing_capability (t, errnum));
}

/* Would a's failure be judged as b's?  The same syscall, arguments,
 * result, credentials and path: only the task may differ. */
static bool
same_failure (const hb_exit_record *a, const hb_exit_record *b)
{
  return a->nr == b->nr && a->ret == b->ret && memcmp (a->args, b->args, sizeof a->args) == 0
         && memcmp (&a->creds, &b->creds, sizeof a->creds) == 0
         && strcmp (a->path, b->path) == 0;
}

static void
on_syscall_exit (hb_monitor *m, task *t)
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
        take_listener (m, t, (long) info.exit.rval);
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
  report_failure (m, t, (int) -info.exit.rval);
}

/* The exit hook's records: the whole events are reported, the others go
 * to their tasks (each has at most one: it stopped after writing it). */
static void
take_hook_records (hb_monitor *m)
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
          const hb_watched *w = watched_lookup (m, SCMP_ARCH_X86_64, (int) r->nr);
          if (w == NULL || filter_denies (m, r->nr, r->args))
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
              judged_cap = missing_capability (&rec_task, (int) -r->ret);
              memcpy (&m->judged_record, r, sizeof *r);
              have_judged = true;
            }
          report_judged (m, &rec_task, (int) -r->ret, judged_cap);
          continue;
        }
      task *rt = task_find (m, (pid_t) r->tid);
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
static bool
on_hook_stop (hb_monitor *m, task *t)
{
  siginfo_t si;
  if (ptrace (PTRACE_GETSIGINFO, t->tid, 0, &si) < 0 || si.si_code != SI_KERNEL)
    return false;
  take_hook_records (m);
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
  const hb_watched *w = watched_lookup (m, SCMP_ARCH_X86_64, (int) t->record_nr);
  if (w == NULL || filter_denies (m, t->record_nr, t->record_args))
    return true;
  t->w = w;
  memcpy (t->args, t->record_args, sizeof t->args);
  report_failure (m, t, (int) -t->record_ret);
  return true;
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
      task *t = task_find (m, pid);
      if (t == NULL)
        return 0;
      bool init = pid == m->init_pid;
      if (!init && t->tid == t->tgid)
        {
          hb_event ev = { .kind = HB_EV_EXIT };
          ev.pid = t->nspid;
          ev.status = WIFEXITED (wstatus) ? WEXITSTATUS (wstatus) : -1;
          ev.signal = WIFSIGNALED (wstatus) ? WTERMSIG (wstatus) : 0;
          emit (m, &ev);
        }
      task_remove (m, pid);
      return init ? 0 : 1;
    }
  if (!WIFSTOPPED (wstatus))
    return 0;
  /* Only tracees report stops to a waitpid without WUNTRACED. */
  task *t = task_find (m, pid);
  if (t == NULL)
    t = task_add (m, pid, false, 0);
  int sig = WSTOPSIG (wstatus);
  int event = (unsigned) wstatus >> 16;
  if (sig == (SIGTRAP | 0x80))
    {
      on_syscall_exit (m, t);
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
          task_add (m, (pid_t) child, false, 0);
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
      if (sig == SIGSTOP && m->hook && on_hook_stop (m, t))
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
  take_hook_records (m);
  int r = handle_wait (m, pid, wstatus);
  flush (m);
  pthread_mutex_unlock (&m->lock);
  return r;
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
  take_hook_records (m);
  flush (m);
  pthread_mutex_unlock (&m->lock);
}

/* --- summary ------------------------------------------------------------ */

static json_t *
countmap_json (const hb_countmap *cm, const char *key)
{
  json_t *a = json_array ();
  for (size_t i = 0; i < cm->n; i++)
    json_array_append_new (a, json_pack ("{s:s, s:I}", key, cm->v[i].key, "count",
                                         (json_int_t) cm->v[i].count));
  return a;
}

static void
countmap_keys (const hb_countmap *cm, strv *out)
{
  for (size_t i = 0; i < cm->n; i++)
    strv_push (out, cm->v[i].key);
}

static json_t *
keys_json (const hb_countmap *cm, bool sorted)
{
  cleanup_strv strv k = { 0 };
  countmap_keys (cm, &k);
  if (sorted)
    strv_sort (&k);
  json_t *a = json_array ();
  for (size_t i = 0; i < k.n; i++)
    json_array_append_new (a, json_string (k.v[i]));
  return a;
}

void
hb_monitor_summary (hb_monitor *m, json_t *summary)
{
  json_object_set_new (summary, "monitor", json_string (m->used_hook ? "exit-hook" : "ptrace"));
  json_object_set_new (summary, "denied_writes", countmap_json (&m->denied_writes, "path"));
  json_object_set_new (summary, "denied_syscalls",
                       countmap_json (&m->denied_syscalls, "syscall"));
  cleanup_strv strv paths = { 0 };
  cleanup_strv strv syscalls = { 0 };
  cleanup_strv strv caps = { 0 };
  cleanup_strv strv mkdirs = { 0 };
  countmap_keys (&m->denied_writes, &paths);
  countmap_keys (&m->denied_mkdirs, &mkdirs);
  countmap_keys (&m->denied_syscalls, &syscalls);
  countmap_keys (&m->missing_caps, &caps);
  hb_suggestions s = { 0 };
  hb_suggestions_build (&paths, &mkdirs, &syscalls, &caps, &s);
  json_object_set_new (summary, "suggestions", hb_suggestions_to_json (&s));
  hb_suggestions_clear (&s);
  if (m->learn)
    {
      cleanup_strv strv written = { 0 };
      cleanup_strv strv created = { 0 };
      countmap_keys (&m->created_dirs, &created);
      cleanup_strv strv dirs = { 0 };
      countmap_keys (&m->written_paths, &written);
      hb_suggest_writable_dirs (&written, &created, &dirs);
      json_t *dj = json_array ();
      for (size_t i = 0; i < dirs.n; i++)
        json_array_append_new (dj, json_string (dirs.v[i]));
      json_object_set_new (summary, "learned",
                           json_pack ("{s:o, s:o, s:o}", "syscalls",
                                      keys_json (&m->learned_syscalls, true), "written_dirs", dj,
                                      "capabilities", keys_json (&m->used_caps, true)));
    }
}

void
hb_monitor_free (hb_monitor *m)
{
  if (m == NULL)
    return;
  answerer_stop (m);
  hb_bpf_clear (&m->rules);
  for (size_t i = 0; i < TASK_BUCKETS; i++)
    while (m->tasks[i])
      {
        task *t = m->tasks[i];
        m->tasks[i] = t->next;
        task_free (t);
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
  answerer_stop (m);
  pthread_mutex_lock (&m->lock);
  if (m->hook)
    {
      /* The last whole records: from tasks the init outlived. */
      take_hook_records (m);
      uint64_t lost = hb_exit_hook_dropped (m->hook);
      /* Detached now, not when the trial is freed: while attached every
       * syscall of the host pays for it. */
      hb_exit_hook_close (m->hook);
      m->hook = NULL;
      if (lost > 0)
        {
          hb_event ev = { .kind = HB_EV_DROPPED };
          ev.count = lost;
          emit (m, &ev);
        }
    }
  /* Nothing left to judge: the trial's mounts may go. */
  hb_perm_root_clear (&m->root);
  flush (m);
  pthread_mutex_unlock (&m->lock);
}

void
hb_monitor_set_mem_open (hb_monitor *m, hb_monitor_mem_open_fn fn, void *data)
{
  m->mem_open = fn;
  m->mem_open_data = data;
}
