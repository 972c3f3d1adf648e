/* test_explain.c - every capability, namespace, seccomp action, listed
 * syscall, mount option, setting and check id has a complete entry; lookup
 * is case-insensitive; typos get suggestions. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "audit/audit.h"
#include "audit/explain.h"
#include "policy/capabilities.h"

#include <string.h>

static void
assert_complete (const hb_explanation *e, const char *kind)
{
  assert_non_null (e);
  assert_string_equal (e->kind, kind);
  assert_true (strlen (e->topic) > 0);
  assert_true (strlen (e->what) > 10);
  assert_true (strlen (e->risk) > 10);
  assert_true (strlen (e->needed) > 5);
  assert_true (strlen (e->control) > 5);
}

static const hb_explanation *
must_find (const char *topic, const char *kind)
{
  const hb_explanation *e = hb_explain_lookup (topic);
  if (e == NULL)
    fail_msg ("no entry for %s", topic);
  assert_complete (e, kind);
  return e;
}

static void
test_capabilities (void **state)
{
  (void) state;
  size_t n;
  const hb_capability *caps = hb_cap_table (&n);
  assert_int_equal (n, 41);
  for (size_t i = 0; i < n; i++)
    {
      char topic[64];
      snprintf (topic, sizeof topic, "CAP_%s", caps[i].name);
      const hb_explanation *e = must_find (topic, "capability");
      assert_string_equal (e->topic, topic);
      /* The text is the capability table's, not a second copy. */
      assert_ptr_equal (e->what, caps[i].summary);
      assert_ptr_equal (e->risk, caps[i].risk);
      assert_ptr_equal (e->needed, caps[i].needed_by);
      assert_non_null (strstr (e->control, caps[i].name));
      /* Without the prefix too (among the other meanings of "chown", "bpf" ...). */
      const hb_explanation *all[4];
      size_t n_all = hb_explain_lookup_all (caps[i].name, all, 4);
      bool found = false;
      for (size_t k = 0; k < n_all && k < 4; k++)
        found = found || all[k] == e;
      assert_true (found);
    }
}

static void
test_namespaces (void **state)
{
  (void) state;
  const char *ns[] = { "mnt", "pid", "net", "ipc", "uts", "user", "cgroup", "time" };
  for (size_t i = 0; i < 8; i++)
    assert_string_equal (must_find (ns[i], "namespace")->topic, ns[i]);
}

static void
test_seccomp_actions (void **state)
{
  (void) state;
  const char *acts[] = { "SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL_PROCESS",
                         "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP", "SCMP_ACT_TRACE",
                         "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY" };
  for (size_t i = 0; i < 8; i++)
    assert_string_equal (must_find (acts[i], "seccomp action")->topic, acts[i]);
  assert_ptr_equal (hb_explain_lookup ("SCMP_ACT_KILL"), hb_explain_lookup ("SCMP_ACT_KILL_THREAD"));
  assert_ptr_equal (hb_explain_lookup ("errno"), hb_explain_lookup ("SCMP_ACT_ERRNO"));
}

static void
test_syscalls (void **state)
{
  (void) state;
  const char *sys[] = {
    "mount", "umount2", "umount", "ptrace", "unshare", "setns", "bpf", "keyctl", "add_key",
    "request_key", "kexec_load", "kexec_file_load", "init_module", "finit_module",
    "delete_module", "clock_settime", "settimeofday", "adjtimex", "swapon", "swapoff",
    "reboot", "personality", "userfaultfd", "perf_event_open", "open_by_handle_at",
    "pivot_root", "chroot", "open", "openat", "openat2", "creat", "mkdir", "mkdirat",
    "unlink", "unlinkat", "rmdir", "rename", "renameat", "renameat2", "chmod", "fchmod",
    "fchmodat", "chown", "fchown", "lchown", "fchownat", "link", "symlink", "truncate",
    "mknod", "setxattr", "utimensat", "clone", "clone3",
    /* group names of the issue */
    "kexec", "module", "clock", "swap",
  };
  for (size_t i = 0; i < sizeof sys / sizeof sys[0]; i++)
    must_find (sys[i], "syscall");
}

static void
test_mount_options_and_settings (void **state)
{
  (void) state;
  const char *opts[] = { "ro", "rw", "noexec", "nosuid", "nodev", "size", "mode" };
  for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
    must_find (opts[i], "mount option");
  const char *set[] = { "no-new-privileges", "read-only", "tmpfs", "volume", "capabilities",
                        "seccomp", "privileged", "memory", "cpus", "pids-limit", "--user",
                        "no_new_privileges", "read_only_root" };
  for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
    must_find (set[i], "setting");
}

static void
test_checks (void **state)
{
  (void) state;
  size_t n;
  const hb_check *checks = hb_audit_checks (&n);
  for (size_t i = 0; i < n; i++)
    {
      const hb_explanation *e = must_find (checks[i].id, "check");
      assert_string_equal (e->topic, checks[i].id);
      assert_ptr_equal (e->control, checks[i].fix);
      assert_non_null (strstr (e->what, checks[i].title));
    }
  assert_ptr_equal (hb_explain_lookup ("cis-5.13"), hb_explain_lookup ("5.13"));
}

static void
test_case_insensitive (void **state)
{
  (void) state;
  const hb_explanation *e = hb_explain_lookup ("CAP_NET_BIND_SERVICE");
  assert_non_null (e);
  assert_ptr_equal (hb_explain_lookup ("cap_net_bind_service"), e);
  assert_ptr_equal (hb_explain_lookup ("Net_Bind_Service"), e);
  assert_ptr_equal (hb_explain_lookup ("PID"), hb_explain_lookup ("pid"));
  assert_ptr_equal (hb_explain_lookup ("scmp_act_log"), hb_explain_lookup ("SCMP_ACT_LOG"));
  assert_ptr_equal (hb_explain_lookup ("NOEXEC"), hb_explain_lookup ("noexec"));
  assert_null (hb_explain_lookup ("no-such-topic"));
  assert_null (hb_explain_lookup (""));
}

static void
test_ambiguous_names (void **state)
{
  (void) state;
  /* "chown" is a syscall and a capability; "user" a namespace and a setting. */
  const hb_explanation *all[8];
  size_t n = hb_explain_lookup_all ("chown", all, 8);
  assert_int_equal (n, 2);
  assert_string_equal (all[0]->kind, "syscall");
  assert_string_equal (all[1]->topic, "CAP_CHOWN");
  n = hb_explain_lookup_all ("user", all, 8);
  assert_int_equal (n, 2);
  assert_string_equal (all[0]->kind, "namespace");
  assert_string_equal (all[1]->kind, "setting");
  /* max bounds what is stored, not what is counted */
  assert_int_equal (hb_explain_lookup_all ("user", all, 1), 2);
}

static bool
suggests (const char *typo, const char *want)
{
  const char *out[5];
  size_t n = hb_explain_suggest (typo, out, 5);
  for (size_t i = 0; i < n; i++)
    if (strcmp (out[i], want) == 0)
      return true;
  return false;
}

static void
test_suggestions (void **state)
{
  (void) state;
  assert_true (suggests ("CAP_NET_BIND_SERVIC", "CAP_NET_BIND_SERVICE"));
  assert_true (suggests ("unshar", "unshare"));
  assert_true (suggests ("nosiud", "nosuid"));
  assert_true (suggests ("SCMP_ACT_ERNO", "SCMP_ACT_ERRNO"));
  assert_true (suggests ("sys_admn", "CAP_SYS_ADMIN"));
  const char *out[5];
  /* nearest first */
  assert_int_equal (hb_explain_suggest ("unshar", out, 5) > 0, 1);
  assert_string_equal (out[0], "unshare");
  assert_int_equal (hb_explain_suggest ("qqqqqqqqqqqqqqqq", out, 5), 0);
  assert_int_equal (hb_explain_suggest ("unshar", out, 0), 0);
}

static void
test_listing (void **state)
{
  (void) state;
  size_t n = hb_explain_count ();
  size_t n_checks;
  hb_audit_checks (&n_checks);
  assert_true (n >= 41 + 8 + 8 + 30 + 4 + n_checks);
  /* grouped: a kind never comes back once left */
  const char *seen[16];
  size_t n_seen = 0;
  for (size_t i = 0; i < n; i++)
    {
      const hb_explanation *e = hb_explain_at (i);
      assert_non_null (e);
      if (i > 0 && strcmp (hb_explain_at (i - 1)->kind, e->kind) == 0)
        continue;
      for (size_t k = 0; k < n_seen; k++)
        assert_string_not_equal (seen[k], e->kind);
      assert_true (n_seen < 16);
      seen[n_seen++] = e->kind;
    }
  assert_null (hb_explain_at (n));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_capabilities),
    cmocka_unit_test (test_namespaces),
    cmocka_unit_test (test_seccomp_actions),
    cmocka_unit_test (test_syscalls),
    cmocka_unit_test (test_mount_options_and_settings),
    cmocka_unit_test (test_checks),
    cmocka_unit_test (test_case_insensitive),
    cmocka_unit_test (test_ambiguous_names),
    cmocka_unit_test (test_suggestions),
    cmocka_unit_test (test_listing),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
