/* test_monitor_trace.c - the tracer on its own, with a minimal launcher of
 * this test's making: clone into a new pid namespace (the probe is its
 * init, as in a trial), PTRACE_SEIZE handshake, load the watch filter
 * and (optionally) an enforcing filter: one marked the way the sandbox's
 * HB_FILTER_TRACE_DENIALS does, given to the monitor, and loaded as
 * hb_seccomp_filter_notify makes it (denials are user notifications the
 * monitor answers), then exec the probe.
 *
 * Denied writes come from a read-only tmpfs the child mounts over a
 * scratch directory in its own mount namespace (root only; skipped
 * otherwise). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/xalloc.h"
#include "monitor/exit_hook.h"
#include "monitor/monitor.h"
#include "sandbox/bpf_cache.h"
#include "sandbox/seccomp_filter.h"

#include <linux/seccomp.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define PROBE HB_ABS_BUILDDIR "/tests/probe/hb-probe-monitor"

typedef struct rec {
  hb_event_kind kind;
  int pid;
  char comm[32];
  char syscall[32];
  char path[1024];   /* the deep directory's paths are 700 bytes */
  int errnum;
  char rule[128];
  char capability[32];
  char argv1[64];
  int status;
  int signal;
} rec;

typedef struct recs {
  rec *v;
  size_t n, cap;
} recs;

static void
record (const hb_event *ev, void *userdata)
{
  recs *r = userdata;
  if (r->n == r->cap)
    {
      r->cap = r->cap ? r->cap * 2 : 64;
      r->v = xreallocarray (r->v, r->cap, sizeof *r->v);
    }
  rec *x = &r->v[r->n++];
  memset (x, 0, sizeof *x);
  x->kind = ev->kind;
  x->pid = ev->pid;
  x->errnum = ev->errnum;
  x->status = ev->status;
  x->signal = ev->signal;
  snprintf (x->comm, sizeof x->comm, "%s", ev->comm ? ev->comm : "");
  snprintf (x->syscall, sizeof x->syscall, "%s", ev->syscall ? ev->syscall : "");
  snprintf (x->path, sizeof x->path, "%s", ev->path ? ev->path : "");
  snprintf (x->rule, sizeof x->rule, "%s", ev->rule ? ev->rule : "");
  snprintf (x->capability, sizeof x->capability, "%s", ev->capability ? ev->capability : "");
  if (ev->argv.n > 1)
    snprintf (x->argv1, sizeof x->argv1, "%s", ev->argv.v[1]);
}

static size_t
count_kind (const recs *r, hb_event_kind k)
{
  size_t n = 0;
  for (size_t i = 0; i < r->n; i++)
    n += r->v[i].kind == k;
  return n;
}

static const rec *
find (const recs *r, hb_event_kind k, const char *path)
{
  for (size_t i = 0; i < r->n; i++)
    if (r->v[i].kind == k && (path == NULL || strcmp (r->v[i].path, path) == 0))
      return &r->v[i];
  return NULL;
}

static char scratch[64];   /* writable scratch dir; scratch/ro is read-only in the child */

/* scratch/ro/deep: DEEP_LEVELS directories "d" one in the other, deeper
 * than the exit hook walks (its walk_max), so a relative path there
 * falls back to a stop. */
#define DEEP_LEVELS 300

static int
make_deep (const char *ro)
{
  char path[1024];
  int n = snprintf (path, sizeof path, "%s/deep", ro);
  if (mkdir (path, 0755) < 0)
    return -1;
  for (int i = 0; i < DEEP_LEVELS; i++)
    {
      n += snprintf (path + n, sizeof path - (size_t) n, "/d");
      if (mkdir (path, 0755) < 0)
        return -1;
    }
  return 0;
}

static char *
deep_path (void)
{
  char *p = xasprintf ("%s/ro/deep", scratch);
  for (int i = 0; i < DEEP_LEVELS; i++)
    {
      char *q = xasprintf ("%s/d", p);
      free (p);
      p = q;
    }
  return p;
}
/* The group being run: native writes watched by the exit hook (as root
 * trials are) instead of the watch filter and exit stops. */
static bool with_hook;

/* Build the enforcing filter: every rule of p becomes TRACE(0x8000 | i),
 * an ERRNO default becomes TRACE(0xffff), as HB_FILTER_TRACE_DENIALS. */
static scmp_filter_ctx
enforcing_filter (const hb_seccomp_profile *p)
{
  bool deny_default = p->default_action == HB_SCMP_ERRNO;
  scmp_filter_ctx ctx = seccomp_init (deny_default ? SCMP_ACT_TRACE (0xffff) : SCMP_ACT_ALLOW);
  assert_non_null (ctx);
  seccomp_attr_set (ctx, SCMP_FLTATR_CTL_NNP, 0);
  for (size_t i = 0; i < p->n_rules; i++)
    for (size_t k = 0; k < p->rules[i].names.n; k++)
      {
        int nr = seccomp_syscall_resolve_name (p->rules[i].names.v[k]);
        uint32_t act = p->rules[i].action == HB_SCMP_ALLOW ? SCMP_ACT_ALLOW
                                                           : SCMP_ACT_TRACE (0x8000 | (unsigned) i);
        assert_int_equal (seccomp_rule_add (ctx, act, nr, 0), 0);
      }
  return ctx;
}

typedef struct run_opts {
  const hb_seccomp_profile *enforced;
  bool learn;
  scmp_filter_ctx (*custom_filter) (void);   /* instead of the profile's */
  json_t *summary;   /* filled by hb_monitor_summary when set */
} run_opts;

/* Run argv under the monitor; returns the probe's wait status. */
static int
run_traced (const run_opts *o, const char *const argv[], recs *out, hb_monitor_stats *stats)
{
  strv args = { 0 };
  for (size_t i = 0; argv[i]; i++)
    strv_push (&args, argv[i]);
  /* The marked program for the monitor, its notifying twin for the child. */
  hb_bpf marked = { 0 }, notify = { 0 };
  if (o->custom_filter || o->enforced)
    {
      scmp_filter_ctx e = o->custom_filter ? o->custom_filter () : enforcing_filter (o->enforced);
      assert_non_null (e);
      assert_int_equal (hb_bpf_from_ctx (e, &marked, NULL), 0);
      seccomp_release (e);
      hb_seccomp_filter_notify (&marked, &notify);
    }
  int sync[2];
  assert_int_equal (pipe2 (sync, O_CLOEXEC), 0);
  /* fork, but the child is pid 1 of a new pid namespace (a raw clone
   * without a stack continues on a copy of ours, as fork does). */
  pid_t pid = (pid_t) syscall (SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
  assert_true (pid >= 0);
  if (pid == 0)
    {
      char c;
      close (sync[1]);
      if (read (sync[0], &c, 1) != 1)
        _exit (120);
      cleanup_free char *ro = xasprintf ("%s/ro", scratch);
      if (unshare (CLONE_NEWNS) < 0 || mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0
          || mount ("tmpfs", ro, "tmpfs", 0, "size=1m") < 0)
        _exit (121);
      cleanup_free char *sub = xasprintf ("%s/sub", ro);
      cleanup_free char *file = xasprintf ("%s/file", ro);
      if (mkdir (sub, 0755) < 0 || close (open (file, O_CREAT | O_WRONLY, 0644)) < 0
          || make_deep (ro) < 0 || mount (NULL, ro, NULL, MS_REMOUNT | MS_RDONLY, NULL) < 0)
        _exit (122);
      if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        _exit (123);
      scmp_filter_ctx w = hb_monitor_watch_filter (o->learn, with_hook && !o->learn, NULL);
      if (w == NULL || seccomp_load (w) < 0)
        _exit (124);
      if (notify.n > 0)
        {
          struct sock_fprog prog = { .len = (unsigned short) notify.n, .filter = notify.insns };
          unsigned flags = (notify.flags & HB_BPF_NEW_LISTENER) ? SECCOMP_FILTER_FLAG_NEW_LISTENER : 0;
          if (syscall (SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog) < 0)
            _exit (125);
        }
      execv (args.v[0], args.v);
      _exit (127);
    }
  strv_clear (&args);
  close (sync[0]);
  recs dummy = { 0 };
  hb_monitor *m = hb_monitor_new (o->enforced, record, out ? out : &dummy, NULL);
  hb_monitor_set_rules (m, &marked);
  hb_bpf_clear (&marked);
  hb_bpf_clear (&notify);
  if (with_hook && !o->learn)
    {
      hb_error *herr = NULL;
      hb_exit_hook *hook = hb_exit_hook_open (&herr);
      if (hook == NULL)
        fail_msg ("%s", herr->msg);
      hb_monitor_set_exit_hook (m, hook);
    }
  assert_int_equal (hb_monitor_attach (m, pid, NULL), 0);
  assert_int_equal (write (sync[1], "x", 1), 1);
  close (sync[1]);
  int status = -1;
  for (;;)
    {
      int st;
      pid_t w = waitpid (-1, &st, __WALL);
      if (w < 0)
        {
          assert_int_equal (errno, EINTR);
          continue;
        }
      if (hb_monitor_handle_wait (m, w, st) == 1)
        continue;
      if (w == pid)
        {
          status = st;
          break;
        }
    }
  hb_monitor_finish (m);
  if (stats)
    hb_monitor_get_stats (m, stats);
  if (o->summary)
    hb_monitor_summary (m, o->summary);
  hb_monitor_free (m);
  free (dummy.v);
  return status;
}

static int
setup (void **state)
{
  (void) state;
  snprintf (scratch, sizeof scratch, "/tmp/hbt-monitor-XXXXXX");
  if (mkdtemp (scratch) == NULL)
    return -1;
  cleanup_free char *ro = xasprintf ("%s/ro", scratch);
  return mkdir (ro, 0755);
}


static int
teardown (void **state)
{
  (void) state;
  return rm_rf (scratch, NULL);
}

/* The exit-hook variant of a test, in a scratch directory of its own
 * (the ptrace variant already made its FIFOs and directories). */
static int
hook_on (void **state)
{
  with_hook = true;
  if (teardown (state) < 0)
    return -1;
  return setup (state);
}

static int
hook_off (void **state)
{
  (void) state;
  with_hook = false;
  return 0;
}

static void
skip_unless_root (void)
{
  if (geteuid () != 0)
    skip ();
}

/* The stops a run made: ptrace_stops seccomp stops under the watch filter;
 * with the exit hook, no seccomp stop (nothing here is denied by a
 * profile), one hook stop per failed watched write the hook cannot report
 * whole (stopped), and none for those it can (whole: EROFS for an
 * absolute path). */
static void
assert_stops (const hb_monitor_stats *stats, uint64_t ptrace_stops, uint64_t stopped,
              uint64_t whole)
{
  if (with_hook)
    {
      assert_int_equal (stats->seccomp_stops, 0);
      assert_int_equal (stats->syscall_exits, 0);
      assert_int_equal (stats->hook_stops, stopped);
      assert_int_equal (stats->hook_reports, whole);
    }
  else
    {
      assert_int_equal (stats->seccomp_stops, ptrace_stops);
      assert_int_equal (stats->hook_stops, 0);
    }
}

static void
test_denied_writes (void **state)
{
  (void) state;
  skip_unless_root ();
  cleanup_free char *ro = xasprintf ("%s/ro", scratch);
  cleanup_free char *newf = xasprintf ("%s/new.pid", ro);
  cleanup_free char *newdir = xasprintf ("%s/body", ro);
  cleanup_free char *file = xasprintf ("%s/file", ro);
  cleanup_free char *renamed = xasprintf ("%s/renamed", ro);
  cleanup_free char *link = xasprintf ("%s/link", ro);
  cleanup_free char *sub = xasprintf ("%s/sub", ro);
  const char *argv[] = { PROBE, "create", newf, "mkdir", newdir,
                   "unlink", file, "rename", file, renamed,
                   "symlink", "/x", link, "truncate", file,
                   "chmod", file, "fchmod", file, "openat2", newf,
                   "cd", sub, "create", "../rel",
                   "at", sub, "viadirfd", NULL };
  recs r = { 0 };
  hb_monitor_stats stats;
  int st = run_traced (&(run_opts) { 0 }, argv, &r, &stats);
  assert_true (WIFEXITED (st) && WEXITSTATUS (st) == 0);
  if (with_hook)
    {
      /* Every EROFS reported from the hook's records alone, the task
       * never stopped: the relative paths too (the program walks from
       * the cwd, or from the dirfd, to the root), the fd's path of
       * fchmod, and openat2 (its flags read from its struct open_how). */
      assert_int_equal (stats.hook_reports, 11);
      assert_int_equal (stats.hook_stops, 0);
    }

  const rec *e = find (&r, HB_EV_WRITE_DENIED, newf);
  assert_non_null (e);
  assert_string_equal (e->syscall, "openat");
  assert_int_equal (e->errnum, EROFS);
  assert_string_equal (e->comm, "hb-probe-monito");
  assert_int_equal (e->pid, 1);   /* the pid-namespace init */
  /* The init's first exec is the sandbox's to report. */
  assert_null (find (&r, HB_EV_EXEC, NULL));

  assert_string_equal (find (&r, HB_EV_WRITE_DENIED, newdir)->syscall, "mkdirat");
  assert_non_null (find (&r, HB_EV_WRITE_DENIED, file));
  assert_string_equal (find (&r, HB_EV_WRITE_DENIED, renamed)->syscall, "renameat");
  assert_string_equal (find (&r, HB_EV_WRITE_DENIED, link)->syscall, "symlinkat");
  /* Relative paths resolve against the cwd and the dirfd. */
  cleanup_free char *rel = xasprintf ("%s/rel", ro);
  cleanup_free char *viadirfd = xasprintf ("%s/viadirfd", sub);
  assert_non_null (find (&r, HB_EV_WRITE_DENIED, rel));
  assert_non_null (find (&r, HB_EV_WRITE_DENIED, viadirfd));
  /* Every syscall on the list, each once. */
  const char *want[] = { "openat", "mkdirat", "unlinkat", "renameat", "symlinkat",
                         "truncate", "fchmodat", "fchmod", "openat2" };
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
    {
      bool seen = false;
      for (size_t k = 0; k < r.n; k++)
        seen |= r.v[k].kind == HB_EV_WRITE_DENIED && strcmp (r.v[k].syscall, want[i]) == 0;
      assert_true (seen);
    }
  assert_int_equal (count_kind (&r, HB_EV_WRITE_DENIED), 11);
  /* The fd's path, as the file's. */
  bool fchmod_on_file = false;
  for (size_t k = 0; k < r.n; k++)
    fchmod_on_file |= r.v[k].kind == HB_EV_WRITE_DENIED && strcmp (r.v[k].syscall, "fchmod") == 0
                      && strcmp (r.v[k].path, file) == 0;
  assert_true (fchmod_on_file);
  free (r.v);
}

/* A relative path deeper than the hook's walk: the task stops, and the
 * tracer reads its cwd; the event is the same. */
static void
test_deep_relative_path (void **state)
{
  (void) state;
  skip_unless_root ();
  cleanup_free char *deep = deep_path ();
  cleanup_free char *sub = xasprintf ("%s/ro/sub", scratch);
  const char *argv[] = { PROBE, "cd", deep, "create", "new", "cd", sub, "create", "new", NULL };
  recs r = { 0 };
  hb_monitor_stats stats;
  int st = run_traced (&(run_opts) { 0 }, argv, &r, &stats);
  assert_true (WIFEXITED (st) && WEXITSTATUS (st) == 0);
  cleanup_free char *deep_new = xasprintf ("%s/new", deep);
  cleanup_free char *sub_new = xasprintf ("%s/new", sub);
  const rec *e = find (&r, HB_EV_WRITE_DENIED, deep_new);
  assert_non_null (e);
  assert_int_equal (e->errnum, EROFS);
  assert_non_null (find (&r, HB_EV_WRITE_DENIED, sub_new));
  assert_int_equal (count_kind (&r, HB_EV_WRITE_DENIED), 2);
  if (with_hook)
    {
      assert_int_equal (stats.hook_stops, 1);     /* the deep one */
      assert_int_equal (stats.hook_reports, 1);   /* the shallow one */
    }
  free (r.v);
}

static void
test_read_only_opens_never_stop (void **state)
{
  (void) state;
  skip_unless_root ();
  const char *argv[] = { PROBE, "rdonly", "/etc/hostname", "500",
                   NULL };
  recs r = { 0 };
  hb_monitor_stats stats;
  int st = run_traced (&(run_opts) { 0 }, argv, &r, &stats);
  assert_true (WIFEXITED (st) && WEXITSTATUS (st) == 0);
  assert_stops (&stats, 0, 0, 0);
  assert_int_equal (count_kind (&r, HB_EV_EXEC), 0);
  free (r.v);
}

static void
test_successful_writes_not_reported (void **state)
{
  (void) state;
  skip_unless_root ();
  cleanup_free char *ok = xasprintf ("%s/written", scratch);
  const char *argv[] = { PROBE, "create", ok, "unlink", ok, NULL };
  recs r = { 0 };
  hb_monitor_stats stats;
  run_traced (&(run_opts) { 0 }, argv, &r, &stats);
  /* Under the hook a write that succeeds stops nothing at all. */
  assert_stops (&stats, 2, 0, 0);
  assert_int_equal (count_kind (&r, HB_EV_WRITE_DENIED), 0);
  free (r.v);
}

static void
test_seccomp_denial_wins_tie (void **state)
{
  (void) state;
  skip_unless_root ();
  /* A profile denying the chmod family: the watch filter says TRACE for
   * fchmodat, the enforcing filter (loaded last) USER_NOTIF, which
   * outranks it: the chmod never runs, whoever traces the task, and the
   * answer carries the rule's errno. */
  cleanup_free char *target = xasprintf ("%s/keep", scratch);
  assert_int_equal (close (open (target, O_CREAT | O_WRONLY, 0600)), 0);
  hb_scmp_rule rules[2];
  memset (rules, 0, sizeof rules);
  strv_push (&rules[0].names, "mknodat");
  rules[0].action = HB_SCMP_ERRNO;
  rules[0].errno_ret = EACCES;
  strv_push (&rules[1].names, "chmod");
  strv_push (&rules[1].names, "fchmod");
  strv_push (&rules[1].names, "fchmodat");
  rules[1].action = HB_SCMP_ERRNO;
  rules[1].errno_ret = -1;
  hb_seccomp_profile prof = { .default_action = HB_SCMP_ALLOW, .default_errno = -1,
                              .rules = rules, .n_rules = 2 };
  cleanup_free char *node = xasprintf ("%s/node", scratch);
  const char *argv[] = { PROBE, "chmod", target, "mknod", node, NULL };
  recs r = { 0 };
  hb_monitor_stats stats;
  int st = run_traced (&(run_opts) { .enforced = &prof }, argv, &r, &stats);
  assert_true (WIFEXITED (st) && WEXITSTATUS (st) == 0);
  /* Both denials answered through the listener, taken at the seccomp()
   * of the load (its entry and exit stops); no denial stopped a task. */
  assert_int_equal (stats.notifications, 2);
  assert_int_equal (stats.listener_stops, 2);
  if (with_hook)
    assert_int_equal (stats.seccomp_stops, 0);
  struct stat sb;
  assert_int_equal (stat (target, &sb), 0);
  assert_int_equal (sb.st_mode & 07777, 0600);
  assert_int_equal (lstat (node, &sb), -1);
  assert_int_equal (count_kind (&r, HB_EV_SYSCALL_DENIED), 2);
  const rec *e = find (&r, HB_EV_SYSCALL_DENIED, NULL);
  assert_string_equal (e->syscall, "fchmodat");
  assert_int_equal (e->errnum, EPERM);
  assert_string_equal (e->rule, "syscalls[1] chmod,fchmod,fchmodat");
  assert_string_equal (r.v[r.n - 1].syscall, "mknodat");
  assert_int_equal (r.v[r.n - 1].errnum, EACCES);
  assert_int_equal (count_kind (&r, HB_EV_WRITE_DENIED), 0);
  free (r.v);
  for (size_t i = 0; i < 2; i++)
    strv_clear (&rules[i].names);
}

/* The sandbox's default-action data on mkdirat, as an allowlist profile
 * with default ERRNO would give it. */
static scmp_filter_ctx
default_deny_mkdirat (void)
{
  scmp_filter_ctx e = seccomp_init (SCMP_ACT_ALLOW);
  seccomp_attr_set (e, SCMP_FLTATR_CTL_NNP, 0);
  seccomp_rule_add (e, SCMP_ACT_TRACE (0xffff), SCMP_SYS (mkdirat), 0);
  return e;
}

static void
test_default_action_denial (void **state)
{
  (void) state;
  skip_unless_root ();
  hb_seccomp_profile prof = { .default_action = HB_SCMP_ERRNO, .default_errno = EACCES };
  cleanup_free char *dir = xasprintf ("%s/dflt", scratch);
  const char *argv[] = { PROBE, "mkdir", dir, NULL };
  recs r = { 0 };
  int st = run_traced (&(run_opts) { .enforced = &prof, .custom_filter = default_deny_mkdirat },
                       argv, &r, NULL);
  assert_true (WIFEXITED (st) && WEXITSTATUS (st) == 0);
  struct stat sb;
  assert_int_equal (stat (dir, &sb), -1);
  const rec *e = find (&r, HB_EV_SYSCALL_DENIED, NULL);
  assert_non_null (e);
  assert_string_equal (e->syscall, "mkdirat");
  assert_int_equal (e->errnum, EACCES);
  assert_string_equal (e->rule, "default action SCMP_ACT_ERRNO");
  free (r.v);
}

/* A learn run whose profile denies: the denial is the kernel's and is
 * reported, the learn stops (every syscall) notwithstanding. */
static void
test_learn_denial (void **state)
{
  (void) state;
  skip_unless_root ();
  hb_scmp_rule rule;
  memset (&rule, 0, sizeof rule);
  strv_push (&rule.names, "mkdirat");
  rule.action = HB_SCMP_ERRNO;
  rule.errno_ret = EACCES;
  hb_seccomp_profile prof = { .default_action = HB_SCMP_ALLOW, .default_errno = -1,
                              .rules = &rule, .n_rules = 1 };
  cleanup_free char *dir = xasprintf ("%s/learn-denied", scratch);
  const char *argv[] = { PROBE, "mkdir", dir, NULL };
  recs r = { 0 };
  int st = run_traced (&(run_opts) { .enforced = &prof, .learn = true }, argv, &r, NULL);
  assert_true (WIFEXITED (st) && WEXITSTATUS (st) == 0);
  struct stat sb;
  assert_int_equal (stat (dir, &sb), -1);
  assert_int_equal (count_kind (&r, HB_EV_SYSCALL_DENIED), 1);
  const rec *e = find (&r, HB_EV_SYSCALL_DENIED, NULL);
  assert_string_equal (e->syscall, "mkdirat");
  assert_int_equal (e->errnum, EACCES);
  assert_string_equal (e->rule, "syscalls[0] mkdirat");
  free (r.v);
  strv_clear (&rule.names);
}

static void
test_capability_denials (void **state)
{
  (void) state;
  skip_unless_root ();
  cleanup_free char *f = xasprintf ("%s/owned", scratch);
  assert_int_equal (close (open (f, O_CREAT | O_WRONLY, 0600)), 0);
  cleanup_free char *node = xasprintf ("%s/null", scratch);
  const char *argv[] = { PROBE, "dropcaps", "chown", f, "1000",
                   "-1", "setuid", "1000", "setgid",
                   "1000", "bind", "80", "mknod", node,
                   "bind", "8080", NULL };
  recs r = { 0 };
  hb_monitor_stats stats;
  int st = run_traced (&(run_opts) { 0 }, argv, &r, &stats);
  assert_true (WIFEXITED (st) && WEXITSTATUS (st) == 0);
  /* With the exit hook: whole records, no stop (the bind to 8080
   * succeeds). */
  if (with_hook)
    {
      assert_int_equal (stats.hook_reports, 5);
      assert_int_equal (stats.hook_stops, 0);
    }
  const char *want[][3] = { { "fchownat", "CAP_CHOWN", "1" },
                            { "setuid", "CAP_SETUID", "1" },
                            { "setgid", "CAP_SETGID", "1" },
                            { "bind", "CAP_NET_BIND_SERVICE", "13" },
                            { "mknodat", "CAP_MKNOD", "1" } };
  assert_int_equal (count_kind (&r, HB_EV_PERM_DENIED), 5);
  size_t k = 0;
  for (size_t i = 0; i < r.n; i++)
    if (r.v[i].kind == HB_EV_PERM_DENIED)
      {
        assert_string_equal (r.v[i].syscall, want[k][0]);
        assert_string_equal (r.v[i].capability, want[k][1]);
        assert_int_equal (r.v[i].errnum, atoi (want[k][2]));
        k++;
      }
  free (r.v);
}

/* EPERM and EACCES a file's owner or mode bits explain: as uid 0 without
 * capabilities, files of uid 1000 in a root-owned directory.  With the
 * exit hook, judged from its records alone (the task's credentials, the
 * files looked at in the root the init had at its exec): no stop, even
 * for the last one, whose task has exited when it is read. */
static void
test_file_capability_denials (void **state)
{
  (void) state;
  skip_unless_root ();
  cleanup_free char *own = xasprintf ("%s/own", scratch);
  cleanup_free char *f = xasprintf ("%s/f", own);
  cleanup_free char *g = xasprintf ("%s/g", own);
  cleanup_free char *locked = xasprintf ("%s/locked", own);
  cleanup_free char *inside = xasprintf ("%s/new", locked);
  if (mkdir (own, 0755) == 0)
    {
      assert_int_equal (close (open (f, O_CREAT | O_WRONLY, 0600)), 0);
      assert_int_equal (close (open (g, O_CREAT | O_WRONLY, 0644)), 0);
      assert_int_equal (mkdir (locked, 0755), 0);
      assert_int_equal (chown (f, 1000, 1000), 0);
      assert_int_equal (chown (g, 1000, 1000), 0);
      assert_int_equal (chown (locked, 1000, 1000), 0);
    }
  /* A burst of the same refusal: the hook's judgement of one stands for
   * those read with it; each is still an event. */
  const char *argv[] = { PROBE, "dropcaps", "chmod", f, "fchmod", g, "create", f,
                         "mkdir", inside, "burst", "300", f, "openat2", f, NULL };
  recs r = { 0 };
  hb_monitor_stats stats;
  int st = run_traced (&(run_opts) { 0 }, argv, &r, &stats);
  assert_true (WIFEXITED (st) && WEXITSTATUS (st) == 0);
  const char *want[][3] = { { "fchmodat", "CAP_FOWNER", "1" },
                            { "fchmod", "CAP_FOWNER", "1" },
                            { "openat", "CAP_DAC_OVERRIDE", "13" },
                            { "mkdirat", "CAP_DAC_OVERRIDE", "13" },
                            { "openat2", "CAP_DAC_OVERRIDE", "13" } };
  assert_int_equal (count_kind (&r, HB_EV_PERM_DENIED), 305);
  assert_int_equal (count_kind (&r, HB_EV_WRITE_DENIED), 0);
  size_t n = 0;
  for (size_t i = 0; i < r.n; i++)
    if (r.v[i].kind == HB_EV_PERM_DENIED)
      {
        /* The burst's 300 write-opens (events 4 to 303) are each like
         * the create's. */
        size_t k = n < 4 ? n : n < 304 ? 2 : 4;
        assert_string_equal (r.v[i].syscall, want[k][0]);
        assert_string_equal (r.v[i].capability, want[k][1]);
        assert_int_equal (r.v[i].errnum, atoi (want[k][2]));
        assert_string_equal (r.v[i].comm, "hb-probe-monito");
        n++;
      }
  if (with_hook)
    {
      assert_int_equal (stats.hook_reports, 305);
      assert_int_equal (stats.hook_stops, 0);
    }
  free (r.v);
}

static void
test_threads_and_forks (void **state)
{
  (void) state;
  skip_unless_root ();
  cleanup_free char *ro = xasprintf ("%s/ro", scratch);
  cleanup_free char *child = xasprintf ("%s/child", ro);
  const char *argv[] = { PROBE, "threads", "4", "50", ro,
                   "forkcreate", child, "exec", PROBE,
                   "create", child, NULL };
  recs r = { 0 };
  int st = run_traced (&(run_opts) { 0 }, argv, &r, NULL);
  assert_true (WIFEXITED (st) && WEXITSTATUS (st) == 0);
  assert_int_equal (count_kind (&r, HB_EV_WRITE_DENIED), 4 * 50 + 2);
  int main_pid = r.v[0].pid;
  assert_int_equal (r.v[0].kind, HB_EV_WRITE_DENIED);
  int forked = -1;
  for (size_t i = 0; i < r.n; i++)
    if (r.v[i].kind == HB_EV_WRITE_DENIED && strcmp (r.v[i].path, child) == 0 && forked < 0)
      forked = r.v[i].pid;
  assert_int_equal (main_pid, 1);
  assert_true (forked > 1);   /* its pid inside, from /proc/TID/status */
  /* The forked child's exit is reported; the init's is not (the sandbox's).
   * Its refused write comes first, though the hook reported it without
   * stopping the child, which exited right after. */
  size_t exits = 0;
  bool write_seen = false;
  for (size_t i = 0; i < r.n; i++)
    {
      if (r.v[i].kind == HB_EV_WRITE_DENIED && r.v[i].pid == forked)
        write_seen = true;
      if (r.v[i].kind == HB_EV_EXIT)
        {
          exits++;
          assert_int_equal (r.v[i].pid, forked);
          assert_int_equal (r.v[i].status, 3);
          assert_true (write_seen);
        }
    }
  assert_int_equal (exits, 1);
  /* The re-exec, with its argv (the first exec is the sandbox's). */
  assert_int_equal (count_kind (&r, HB_EV_EXEC), 1);
  assert_string_equal (r.v[r.n - 2].argv1, "create");
  assert_int_equal (r.v[r.n - 1].pid, main_pid);
  free (r.v);
}

/* A process killed while its write-open is pending (blocked on a FIFO
 * nobody reads, after its seccomp stop): its end is reported and it leaves
 * the table; nothing is made up for the open that never returned, and the
 * next write is reported as usual. */
static void
test_killed_while_write_pending (void **state)
{
  (void) state;
  skip_unless_root ();
  cleanup_free char *fifo = xasprintf ("%s/fifo-kill", scratch);
  assert_int_equal (mkfifo (fifo, 0600), 0);
  cleanup_free char *after = xasprintf ("%s/ro/after-kill", scratch);
  const char *argv[] = { PROBE, "killpending", fifo, "create", after, NULL };
  recs r = { 0 };
  hb_monitor_stats stats;
  int st = run_traced (&(run_opts) { 0 }, argv, &r, &stats);
  assert_true (WIFEXITED (st) && WEXITSTATUS (st) == 0);
  assert_stops (&stats, 2, 0, 1);   /* the child's open, then ours; the hook: ours */
  assert_int_equal (count_kind (&r, HB_EV_EXIT), 1);
  const rec *e = find (&r, HB_EV_EXIT, NULL);
  assert_true (e->pid > 1);
  assert_int_equal (e->status, -1);
  assert_int_equal (e->signal, SIGKILL);
  assert_int_equal (count_kind (&r, HB_EV_WRITE_DENIED), 1);
  assert_non_null (find (&r, HB_EV_WRITE_DENIED, after));
  assert_int_equal (r.v[r.n - 1].kind, HB_EV_WRITE_DENIED);
  assert_int_equal (stats.tasks_seen, 2);
  assert_int_equal (stats.tasks_left, 0);
  free (r.v);
}

/* exit_group from one thread while the leader and another thread sit in
 * pending write-opens: one exit for the process, with its status, every
 * thread out of the table. */
static void
test_exit_group_while_threads_pending (void **state)
{
  (void) state;
  skip_unless_root ();
  cleanup_free char *fifo = xasprintf ("%s/fifo-exit", scratch);
  assert_int_equal (mkfifo (fifo, 0600), 0);
  cleanup_free char *after = xasprintf ("%s/ro/after-exit", scratch);
  const char *argv[] = { PROBE, "exitpending", fifo, "create", after, NULL };
  recs r = { 0 };
  hb_monitor_stats stats;
  int st = run_traced (&(run_opts) { 0 }, argv, &r, &stats);
  assert_true (WIFEXITED (st) && WEXITSTATUS (st) == 0);
  assert_stops (&stats, 3, 0, 1);   /* two pending opens, then ours */
  assert_int_equal (count_kind (&r, HB_EV_EXIT), 1);
  const rec *e = find (&r, HB_EV_EXIT, NULL);
  assert_true (e->pid > 1);
  assert_int_equal (e->status, 4);
  assert_int_equal (e->signal, 0);
  assert_int_equal (count_kind (&r, HB_EV_WRITE_DENIED), 1);
  assert_non_null (find (&r, HB_EV_WRITE_DENIED, after));
  assert_int_equal (r.v[r.n - 1].kind, HB_EV_WRITE_DENIED);
  assert_int_equal (stats.tasks_seen, 4);   /* init, child, its two threads */
  assert_int_equal (stats.tasks_left, 0);
  free (r.v);
}

static void
test_burst_loses_nothing (void **state)
{
  (void) state;
  skip_unless_root ();
  cleanup_free char *f = xasprintf ("%s/ro/burst", scratch);
  const char *argv[] = { PROBE, "burst", "20000", f, NULL };
  recs r = { 0 };
  hb_monitor_stats stats;
  int st = run_traced (&(run_opts) { 0 }, argv, &r, &stats);
  assert_true (WIFEXITED (st) && WEXITSTATUS (st) == 0);
  assert_int_equal (count_kind (&r, HB_EV_WRITE_DENIED), 20000);
  assert_int_equal (count_kind (&r, HB_EV_DROPPED), 0);
  if (with_hook)
    {
      /* Nothing here reads the ring between stops (a trial's reader
       * thread would): once it is half full, the hook stops the writer
       * instead, and the stop drains it. */
      assert_int_equal (stats.hook_reports + stats.hook_stops, 20000);
      assert_true (stats.hook_reports > 0);
      assert_true (stats.hook_stops > 0);
    }
  free (r.v);
}

static void
test_learn_records (void **state)
{
  (void) state;
  skip_unless_root ();
  cleanup_free char *f = xasprintf ("%s/learned/x", scratch);
  cleanup_free char *d = xasprintf ("%s/learned", scratch);
  const char *argv[] = { PROBE, "mkdir", d, "create", f,
                   "setgid", "0", NULL };
  cleanup_json json_t *sum = json_object ();
  recs r = { 0 };
  int st = run_traced (&(run_opts) { .learn = true, .summary = sum }, argv, &r, NULL);
  assert_true (WIFEXITED (st) && WEXITSTATUS (st) == 0);
  if (getenv ("HB_TEST_VERBOSE"))
    json_dumpf (sum, stderr, JSON_INDENT (1));
  json_t *learned = json_object_get (sum, "learned");
  assert_non_null (learned);
  bool saw_mkdirat = false, saw_exit_group = false;
  size_t i;
  json_t *v;
  json_array_foreach (json_object_get (learned, "syscalls"), i, v)
    {
      saw_mkdirat |= strcmp (json_string_value (v), "mkdirat") == 0;
      saw_exit_group |= strcmp (json_string_value (v), "exit_group") == 0;
    }
  assert_true (saw_mkdirat && saw_exit_group);
  json_t *dirs = json_object_get (learned, "written_dirs");
  assert_int_equal (json_array_size (dirs), 1);
  /* mkdir of scratch/learned writes scratch; the file lands inside. */
  assert_string_equal (json_string_value (json_array_get (dirs, 0)), scratch);
  assert_string_equal (json_string_value (json_array_get (json_object_get (learned, "capabilities"), 0)),
                       "SETGID");
  free (r.v);
}

static void
test_summary (void **state)
{
  (void) state;
  skip_unless_root ();
  cleanup_free char *a = xasprintf ("%s/ro/sub/a", scratch);
  cleanup_free char *b = xasprintf ("%s/ro/sub/b", scratch);
  cleanup_free char *c = xasprintf ("%s/ro/c", scratch);
  const char *argv[] = { PROBE, "create", a, "create", a, "create",
                   b, "mkdir", c, "dropcaps", "setuid", "5",
                   NULL };
  cleanup_json json_t *sum = json_object ();
  int st = run_traced (&(run_opts) { .summary = sum }, argv, NULL, NULL);
  assert_true (WIFEXITED (st) && WEXITSTATUS (st) == 0);
  if (getenv ("HB_TEST_VERBOSE"))
    json_dumpf (sum, stderr, JSON_INDENT (1));
  json_t *dw = json_object_get (sum, "denied_writes");
  assert_int_equal (json_array_size (dw), 3);
  assert_string_equal (json_string_value (json_object_get (json_array_get (dw, 0), "path")), a);
  assert_int_equal (json_integer_value (json_object_get (json_array_get (dw, 0), "count")), 2);
  json_t *sg = json_object_get (sum, "suggestions");
  /* sub's files and the mkdir in ro: one directory, ro, covers both. */
  cleanup_free char *ro = xasprintf ("%s/ro", scratch);
  assert_int_equal (json_array_size (json_object_get (sg, "tmpfs")), 1);
  assert_string_equal (json_string_value (json_array_get (json_object_get (sg, "tmpfs"), 0)), ro);
  assert_string_equal (json_string_value (json_array_get (json_object_get (sg, "cap_add"), 0)),
                       "SETUID");
  assert_int_equal (json_array_size (json_object_get (sg, "allow_syscalls")), 0);
  assert_null (json_object_get (sum, "learned"));
}

#define HOOK_TEST(f) { #f " (exit hook)", f, hook_on, hook_off, NULL }

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_denied_writes),
    cmocka_unit_test (test_deep_relative_path),
    cmocka_unit_test (test_read_only_opens_never_stop),
    cmocka_unit_test (test_successful_writes_not_reported),
    cmocka_unit_test (test_seccomp_denial_wins_tie),
    cmocka_unit_test (test_default_action_denial),
    cmocka_unit_test (test_learn_denial),
    cmocka_unit_test (test_capability_denials),
    cmocka_unit_test (test_file_capability_denials),
    cmocka_unit_test (test_threads_and_forks),
    cmocka_unit_test (test_killed_while_write_pending),
    cmocka_unit_test (test_exit_group_while_threads_pending),
    cmocka_unit_test (test_burst_loses_nothing),
    cmocka_unit_test (test_learn_records),
    cmocka_unit_test (test_summary),
    /* Again with the exit hook watching native writes, as in root trials
     * (skipped when not root, like every test here). */
    HOOK_TEST (test_denied_writes),
    HOOK_TEST (test_deep_relative_path),
    HOOK_TEST (test_read_only_opens_never_stop),
    HOOK_TEST (test_successful_writes_not_reported),
    HOOK_TEST (test_seccomp_denial_wins_tie),
    HOOK_TEST (test_default_action_denial),
    HOOK_TEST (test_capability_denials),
    HOOK_TEST (test_file_capability_denials),
    HOOK_TEST (test_threads_and_forks),
    HOOK_TEST (test_killed_while_write_pending),
    HOOK_TEST (test_exit_group_while_threads_pending),
    HOOK_TEST (test_burst_loses_nothing),
    HOOK_TEST (test_learn_records),
    HOOK_TEST (test_summary),
  };
  return cmocka_run_group_tests (tests, setup, teardown);
}
