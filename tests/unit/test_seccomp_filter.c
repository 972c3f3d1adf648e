/* test_seccomp_filter.c - compiling profiles into filters (checked
 * through libseccomp's PFC and BPF export), the notifying program made
 * from a marked one, and the BPF runner the monitor tells rules with,
 * checked against the kernel running the same program in a child. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sandbox/seccomp_filter.h"
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static hb_seccomp_profile *
parse (const char *json)
{
  hb_error *err = NULL;
  hb_seccomp_profile *p = hb_seccomp_profile_parse (json, strlen (json), "test.json", &err);
  if (p == NULL)
    fail_msg ("parse: %s", err->msg);
  return p;
}

static char *
pfc (scmp_filter_ctx ctx)
{
  int fd = memfd_create ("pfc", MFD_CLOEXEC);
  assert_true (fd >= 0);
  assert_int_equal (seccomp_export_pfc (ctx, fd), 0);
  lseek (fd, 0, SEEK_SET);
  char *text = fd_read_all (fd, 1 << 22, NULL, NULL);
  close (fd);
  assert_non_null (text);
  return text;
}

static char *
build_pfc (const char *json, unsigned long long caps, unsigned flags)
{
  cleanup_seccomp_profile hb_seccomp_profile *p = parse (json);
  hb_error *err = NULL;
  scmp_filter_ctx ctx = hb_seccomp_filter_build (p, caps, flags, &err);
  if (ctx == NULL)
    fail_msg ("build: %s", err->msg);
  char *text = pfc (ctx);
  seccomp_release (ctx);
  return text;
}

static char *
nr (const char *name)
{
  /* PFC names each syscall a rule is added for */
  return xasprintf ("syscall \"%s\"", name);
}

#define ARCHES "\"architectures\": [\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\", \"SCMP_ARCH_X32\"]"

static void
test_actions_and_errno (void **state)
{
  (void) state;
  cleanup_free char *t = build_pfc (
    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 38, " ARCHES ", \"syscalls\": ["
    "{\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ALLOW\"},"
    "{\"names\": [\"uname\"], \"action\": \"SCMP_ACT_LOG\"},"
    "{\"names\": [\"chmod\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 95},"
    "{\"names\": [\"kexec_load\"], \"action\": \"SCMP_ACT_KILL_PROCESS\"}]}", 0, 0);
  assert_non_null (strstr (t, "action ERRNO(38);"));
  assert_non_null (strstr (t, "action ERRNO(95);"));
  assert_non_null (strstr (t, "action LOG;"));
  assert_non_null (strstr (t, "action KILL_PROCESS;"));
  /* architectures: the three of amd64, anything else killed */
  assert_non_null (strstr (t, "arch x86_64"));
  assert_non_null (strstr (t, "arch x86 "));
  assert_non_null (strstr (t, "arch x32"));
  cleanup_free char *g = nr ("getppid");
  assert_non_null (strstr (t, g));
}

static void
test_arguments (void **state)
{
  (void) state;
  cleanup_free char *t = build_pfc (
    "{\"defaultAction\": \"SCMP_ACT_ALLOW\", " ARCHES ", \"syscalls\": ["
    "{\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": ["
    "{\"index\": 0, \"value\": 255, \"valueTwo\": 8, \"op\": \"SCMP_CMP_MASKED_EQ\"}]},"
    "{\"names\": [\"ioctl\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": ["
    "{\"index\": 1, \"value\": 21522, \"op\": \"SCMP_CMP_EQ\"}]}]}", 0, 0);
  /* MASKED_EQ: value is the mask, valueTwo the datum, as in Docker */
  assert_non_null (strstr (t, "$a0.lo32 & 0x000000ff == 8"));
  /* EQ on a 64-bit argument compares both halves (CVE-2019-10063) */
  assert_non_null (strstr (t, "$a1.hi32 == 0"));
  assert_non_null (strstr (t, "$a1.lo32 == 21522"));
}

static void
test_includes_excludes (void **state)
{
  (void) state;
  const char *json =
    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", " ARCHES ", \"syscalls\": ["
    "{\"names\": [\"mount\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"caps\": [\"CAP_SYS_ADMIN\"]}},"
    "{\"names\": [\"reboot\"], \"action\": \"SCMP_ACT_ALLOW\", \"excludes\": {\"caps\": [\"CAP_SYS_BOOT\"]}},"
    "{\"names\": [\"uname\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"minKernel\": \"99.0\"}},"
    "{\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ALLOW\", \"excludes\": {\"arches\": [\"amd64\"]}},"
    "{\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"arches\": [\"amd64\", \"arm64\"]}}]}";
  cleanup_free char *mount = nr ("mount");
  cleanup_free char *reboot = nr ("reboot");
  cleanup_free char *uname_ = nr ("uname");
  cleanup_free char *getppid_ = nr ("getppid");
  cleanup_free char *getpid_ = nr ("getpid");
  cleanup_free char *none = build_pfc (json, 0, 0);
  assert_null (strstr (none, mount));
  assert_non_null (strstr (none, reboot));
  assert_null (strstr (none, uname_));
  if (seccomp_arch_native () == SCMP_ARCH_X86_64)
    {
      assert_null (strstr (none, getppid_));
      assert_non_null (strstr (none, getpid_));
    }
  unsigned long long caps = (1ULL << 21) | (1ULL << 22); /* SYS_ADMIN, SYS_BOOT */
  cleanup_free char *admin = build_pfc (json, caps, 0);
  assert_non_null (strstr (admin, mount));
  assert_null (strstr (admin, reboot));
}

static void
test_trace_denials (void **state)
{
  (void) state;
  const char *json =
    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", " ARCHES ", \"syscalls\": ["
    "{\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ALLOW\"},"
    "{\"names\": [\"chmod\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 13}]}";
  cleanup_free char *t = build_pfc (json, 0, HB_FILTER_TRACE_DENIALS);
  assert_non_null (strstr (t, "action TRACE(65535);"));   /* default: 0x8000|0x7fff */
  assert_non_null (strstr (t, "action TRACE(32769);"));   /* rule 1: 0x8000|1 */
  assert_null (strstr (t, "ERRNO"));
  cleanup_seccomp_profile hb_seccomp_profile *p = parse (json);
  assert_int_equal (hb_seccomp_profile_denial_errno (p, 0x8001), 13);
  assert_int_equal (hb_seccomp_profile_denial_errno (p, HB_SCMP_DENIAL_DEFAULT), EPERM);
  assert_int_equal (hb_seccomp_profile_denial_errno (p, 0x8000), -1);  /* an ALLOW rule */
  assert_int_equal (hb_seccomp_profile_denial_errno (p, 5), -1);
  assert_int_equal (hb_seccomp_profile_denial_errno (p, 0x8000 | 77), -1);
}

static void
test_rule_equal_to_default_and_bpf (void **state)
{
  (void) state;
  /* An ALLOW rule under an ALLOW default would fail with EACCES in
   * libseccomp: it changes nothing and is skipped. */
  cleanup_seccomp_profile hb_seccomp_profile *p = parse (
    "{\"defaultAction\": \"SCMP_ACT_ALLOW\", " ARCHES ", \"syscalls\": ["
    "{\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ALLOW\"},"
    "{\"names\": [\"mount\"], \"action\": \"SCMP_ACT_ERRNO\"}]}");
  hb_error *err = NULL;
  scmp_filter_ctx ctx = hb_seccomp_filter_build (p, 0, 0, &err);
  assert_non_null (ctx);
  int fd = memfd_create ("bpf", MFD_CLOEXEC);
  assert_int_equal (seccomp_export_bpf (ctx, fd), 0);
  off_t len = lseek (fd, 0, SEEK_END);
  close (fd);
  assert_true (len > 0 && len % 8 == 0);
  seccomp_release (ctx);
}

static void
test_default_profile_builds (void **state)
{
  (void) state;
  setenv ("HARDENBENCH_DATADIR", HB_ABS_SRCDIR, 1);
  hb_error *err = NULL;
  cleanup_seccomp_profile hb_seccomp_profile *p = hb_seccomp_profile_resolve ("default", &err);
  assert_non_null (p);
  scmp_filter_ctx ctx = hb_seccomp_filter_build (p, 0xa80425fbULL, 0, &err);
  assert_non_null (ctx);
  cleanup_free char *t = pfc (ctx);
  seccomp_release (ctx);
  cleanup_free char *mount = nr ("mount");
  assert_null (strstr (t, mount));   /* not allowed without CAP_SYS_ADMIN */
  ctx = hb_seccomp_filter_build (p, 0xa80425fbULL, HB_FILTER_TRACE_DENIALS, &err);
  assert_non_null (ctx);
  seccomp_release (ctx);
}

static hb_bpf
program (const hb_seccomp_profile *p, unsigned long long caps, unsigned flags)
{
  hb_error *err = NULL;
  scmp_filter_ctx ctx = hb_seccomp_filter_build (p, caps, flags, &err);
  if (ctx == NULL)
    fail_msg ("build: %s", err->msg);
  hb_bpf b = { 0 };
  assert_int_equal (hb_bpf_from_ctx (ctx, &b, NULL), 0);
  seccomp_release (ctx);
  return b;
}

static struct seccomp_data
sd (int nr, uint64_t a0, uint64_t a1)
{
  struct seccomp_data d = { .nr = nr, .arch = AUDIT_ARCH_X86_64 };
  d.args[0] = a0;
  d.args[1] = a1;
  return d;
}

static void
test_notify_program (void **state)
{
  (void) state;
  cleanup_seccomp_profile hb_seccomp_profile *p = parse (
    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", " ARCHES ", \"syscalls\": ["
    "{\"names\": [\"getppid\", \"exit_group\"], \"action\": \"SCMP_ACT_ALLOW\"},"
    "{\"names\": [\"chmod\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 13},"
    "{\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\","
    "  \"args\": [{\"index\": 0, \"value\": 8, \"op\": \"SCMP_CMP_EQ\"}]}]}");
  hb_bpf marked = program (p, 0, HB_FILTER_TRACE_DENIALS);
  struct seccomp_data d = sd (SYS_getppid, 0, 0);
  assert_int_equal (hb_bpf_run (&marked, &d), SECCOMP_RET_ALLOW);
  d = sd (SYS_chmod, 0, 0);
  assert_int_equal (hb_bpf_run (&marked, &d), SECCOMP_RET_TRACE | 0x8001);
  d = sd (SYS_mkdir, 0, 0);
  assert_int_equal (hb_bpf_run (&marked, &d), SECCOMP_RET_TRACE | HB_SCMP_DENIAL_DEFAULT);
  d = sd (SYS_personality, 8, 0);
  assert_int_equal (hb_bpf_run (&marked, &d), SECCOMP_RET_ALLOW);
  d = sd (SYS_personality, 9, 0);
  assert_int_equal (hb_bpf_run (&marked, &d), SECCOMP_RET_TRACE | HB_SCMP_DENIAL_DEFAULT);
  /* An architecture the profile does not list: killed. */
  d = sd (SYS_getppid, 0, 0);
  d.arch = AUDIT_ARCH_AARCH64;
  assert_int_equal (hb_bpf_run (&marked, &d) & SECCOMP_RET_ACTION_FULL,
                    SECCOMP_RET_KILL_PROCESS);

  hb_bpf notify = { 0 };
  assert_true (hb_seccomp_filter_notify (&marked, &notify) >= 2);
  assert_true (notify.flags & HB_BPF_NEW_LISTENER);
  assert_int_equal (notify.n, marked.n);
  d = sd (SYS_chmod, 0, 0);
  assert_int_equal (hb_bpf_run (&notify, &d), SECCOMP_RET_USER_NOTIF);
  d = sd (SYS_mkdir, 0, 0);
  assert_int_equal (hb_bpf_run (&notify, &d), SECCOMP_RET_USER_NOTIF);
  d = sd (SYS_getppid, 0, 0);
  assert_int_equal (hb_bpf_run (&notify, &d), SECCOMP_RET_ALLOW);
  /* No TRACE is left in what is loaded. */
  for (size_t i = 0; i < notify.n; i++)
    if (notify.insns[i].code == (BPF_RET | BPF_K))
      assert_int_not_equal (notify.insns[i].k & SECCOMP_RET_ACTION_FULL, SECCOMP_RET_TRACE);
  hb_bpf_clear (&notify);
  hb_bpf_clear (&marked);
}

/* The runner decides as the kernel does: the default profile's plain
 * program is loaded in a child, which makes each syscall below; the
 * errno it gets is what the runner says of the plain program, and of the
 * marked one through the rule's errno. */
static void
test_run_matches_kernel (void **state)
{
  (void) state;
  setenv ("HARDENBENCH_DATADIR", HB_ABS_SRCDIR, 1);
  hb_error *err = NULL;
  cleanup_seccomp_profile hb_seccomp_profile *p = hb_seccomp_profile_resolve ("default", &err);
  assert_non_null (p);
  hb_bpf plain = program (p, 0xa80425fbULL, 0);
  hb_bpf marked = program (p, 0xa80425fbULL, HB_FILTER_TRACE_DENIALS);
  /* Harmless arguments: an allowed call fails with EFAULT/EBADF/EINVAL. */
  static const struct { int nr; uint64_t a0, a1; } calls[] = {
    { SYS_getppid, 0, 0 }, { SYS_keyctl, (uint64_t) -1, 0 }, { SYS_unshare, CLONE_NEWUSER, 0 },
    { SYS_mount, 0, 0 }, { SYS_chmod, 0, 0 }, { SYS_clone3, 0, 0 }, { SYS_bpf, (uint64_t) -1, 0 },
    { SYS_personality, 0xffffffff, 0 }, { SYS_personality, 0x20008, 0 },
    { SYS_socket, 40 /* AF_VSOCK */, 1 }, { SYS_ptrace, (uint64_t) -1, 0 },
  };
  for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++)
    {
      struct seccomp_data d = sd (calls[i].nr, calls[i].a0, calls[i].a1);
      uint32_t want = hb_bpf_run (&plain, &d);
      uint32_t mark = hb_bpf_run (&marked, &d);
      pid_t pid = fork ();
      assert_true (pid >= 0);
      if (pid == 0)
        {
          struct sock_fprog prog = { .len = (unsigned short) plain.n, .filter = plain.insns };
          if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0
              || syscall (SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
            _exit (255);
          long r = syscall (calls[i].nr, calls[i].a0, calls[i].a1, 0, 0, 0, 0);
          _exit (r < 0 ? (errno & 0xff) : 0);
        }
      int st;
      assert_int_equal (waitpid (pid, &st, 0), pid);
      assert_true (WIFEXITED (st));
      int got = WEXITSTATUS (st);
      if ((want & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO)
        {
          assert_int_equal (got, want & SECCOMP_RET_DATA);
          assert_int_equal (mark & SECCOMP_RET_ACTION_FULL, SECCOMP_RET_TRACE);
          assert_int_equal (hb_seccomp_profile_denial_errno (p, mark & SECCOMP_RET_DATA), got);
        }
      else
        {
          assert_int_equal (want, SECCOMP_RET_ALLOW);
          assert_int_equal (mark, SECCOMP_RET_ALLOW);
          assert_int_not_equal (got, 255);
        }
    }
  hb_bpf_clear (&plain);
  hb_bpf_clear (&marked);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_actions_and_errno),
    cmocka_unit_test (test_arguments),
    cmocka_unit_test (test_includes_excludes),
    cmocka_unit_test (test_trace_denials),
    cmocka_unit_test (test_rule_equal_to_default_and_bpf),
    cmocka_unit_test (test_default_profile_builds),
    cmocka_unit_test (test_notify_program),
    cmocka_unit_test (test_run_matches_kernel),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
