/* test_explain.c - every capability, namespace, seccomp action, listed
 * syscall, mount option, setting, security module, Kubernetes control and
 * CIS section 5 check id has a complete entry; every syscall the monitor
 * watches or a shipped profile names has one; what the default seccomp
 * profile does is never hand-written and always agrees with the profile;
 * the facts of issue 24 stay fixed; lookup is case-insensitive; typos get
 * suggestions. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "audit/audit.h"
#include "audit/explain.h"
#include "audit/explain_profile.h"
#include "audit/explain_text.h"
#include "core/cleanup.h"
#include "core/xalloc.h"
#include "monitor/watched.h"
#include "policy/capabilities.h"
#include "policy/profile_line.h"
#include "policy/seccomp_profile.h"

#include <ctype.h>
#include <seccomp.h>
#include <stdlib.h>
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
  assert_true (n >= 41 + 8 + 8 + 30 + 4 + n_checks + hb_undecided_n_checks);
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


/* --- by construction: the default profile's sentences -------------------- */

static hb_seccomp_profile *
default_profile (void)
{
  hb_error *err = NULL;
  hb_seccomp_profile *p = hb_seccomp_profile_resolve ("default", &err);
  if (p == NULL)
    fail_msg ("default profile: %s", err->msg);
  return p;
}

static char *
lower (const char *s)
{
  char *c = xstrdup (s ? s : "");
  for (char *q = c; *q; q++)
    *q = (char) tolower ((unsigned char) *q);
  return c;
}

/* A hand-written text that claims what the default profile does could
 * drift from it: only explain.c's computed sentence may. */
static void
assert_no_profile_claim (const char *where, const char *text)
{
  static const char *const claims[] = {
    "default profile", "default seccomp profile", "docker's profile", "the profile allows",
    "the profile blocks", "blocked by the default", "allowed by docker",
  };
  cleanup_free char *l = lower (text);
  for (size_t i = 0; i < sizeof claims / sizeof claims[0]; i++)
    for (const char *at = strstr (l, claims[i]); at; at = strstr (at + 1, claims[i]))
      if (at == l || at[-1] != '-')   /* "docker-default profile" names AppArmor's */
        fail_msg ("%s: hand-written claim \"%s\": %s", where, claims[i], text);
}

static void
test_no_hand_written_profile_claims (void **state)
{
  (void) state;
  for (size_t i = 0; i < hb_explain_n_texts; i++)
    {
      const hb_explain_text *t = &hb_explain_texts[i];
      assert_no_profile_claim (t->topic, t->what);
      assert_no_profile_claim (t->topic, t->risk);
      assert_no_profile_claim (t->topic, t->needed);
      assert_no_profile_claim (t->topic, t->control);
    }
  size_t n;
  const hb_capability *caps = hb_cap_table (&n);
  for (size_t i = 0; i < n; i++)
    {
      assert_no_profile_claim (caps[i].name, caps[i].summary);
      assert_no_profile_claim (caps[i].name, caps[i].risk);
      assert_no_profile_claim (caps[i].name, caps[i].needed_by);
    }
  for (size_t i = 0; i < hb_check_n_texts; i++)
    {
      assert_no_profile_claim (hb_check_texts[i].id, hb_check_texts[i].what);
      assert_no_profile_claim (hb_check_texts[i].id, hb_check_texts[i].risk);
      assert_no_profile_claim (hb_check_texts[i].id, hb_check_texts[i].needed);
    }
  for (size_t i = 0; i < hb_undecided_n_checks; i++)
    {
      const hb_undecided_check *u = &hb_undecided_checks[i];
      assert_no_profile_claim (u->id, u->why);
      assert_no_profile_claim (u->id, u->risk);
      assert_no_profile_claim (u->id, u->control);
    }
}

/* The test's own reading of the profile, for rules without architecture
 * conditions: "allowed", "always denied (EPERM)", "allowed only with CAP_X",
 * or NULL when it takes more than that. */
static const char *
simple_verdict (const hb_seccomp_profile *p, const char *name, char *buf, size_t len)
{
  const hb_scmp_rule *only = NULL;
  size_t n = 0;
  for (size_t i = 0; i < p->n_rules; i++)
    {
      const hb_scmp_rule *r = &p->rules[i];
      bool named = false;
      for (size_t k = 0; k < r->names.n; k++)
        named = named || strcmp (r->names.v[k], name) == 0;
      if (!named)
        continue;
      if (r->includes.arches.n || r->excludes.arches.n)
        return NULL;
      only = r;
      n++;
    }
  if (n == 0)
    return "always denied (EPERM)";
  if (n > 1 || only->action != HB_SCMP_ALLOW || only->n_args || only->includes.min_kernel
      || only->excludes.caps.n || only->includes.caps.n > 1)
    return NULL;
  if (only->includes.caps.n == 0)
    return "allowed";
  snprintf (buf, len, "allowed only with %s", only->includes.caps.v[0]);
  return buf;
}

static void
test_profile_sentences_agree (void **state)
{
  (void) state;
  cleanup_seccomp_profile hb_seccomp_profile *prof = default_profile ();
  size_t checked = 0;
  for (size_t i = 0; i < hb_explain_n_texts; i++)
    {
      const hb_explain_text *t = &hb_explain_texts[i];
      const char *names = t->syscalls;
      cleanup_free char *own = NULL;
      if (names == NULL && strcmp (t->kind, "syscall") == 0)
        names = own = xasprintf ("%s %s", t->topic, t->aliases ? t->aliases : "");
      if (names == NULL)
        continue;
      /* the entry as shown, found by its topic among its meanings */
      const hb_explanation *all[8], *e = NULL;
      size_t na = hb_explain_lookup_all (t->topic, all, 8);
      for (size_t k = 0; k < na && k < 8; k++)
        if (strcmp (all[k]->kind, t->kind) == 0 && strcmp (all[k]->topic, t->topic) == 0)
          e = all[k];
      assert_non_null (e);
      assert_true (strncmp (e->control, "Under Docker 25+'s default seccomp profile, ", 44) == 0);
      /* the hand-written control follows the sentence */
      assert_non_null (strstr (e->control, t->control));
      cleanup_free char *copy = xstrdup (names);
      char *save = NULL;
      for (char *w = strtok_r (copy, " ", &save); w; w = strtok_r (NULL, " ", &save))
        {
          if (!hb_syscall_known (w))
            continue;
          cleanup_free char *v = hb_profile_verdict (prof, w);
          if (strstr (e->control, v) == NULL)
            fail_msg ("%s: %s: \"%s\" not in: %s", t->topic, w, v, e->control);
          char buf[128];
          const char *mine = simple_verdict (prof, w, buf, sizeof buf);
          if (mine && strcmp (mine, v) != 0)
            fail_msg ("%s: the profile says \"%s\", the text \"%s\"", w, mine, v);
          checked++;
        }
    }
  assert_true (checked > 300);
}

static const char *
control_of (const char *topic, const char *kind)
{
  const hb_explanation *all[8];
  size_t n = hb_explain_lookup_all (topic, all, 8);
  for (size_t i = 0; i < n && i < 8; i++)
    if (strcmp (all[i]->kind, kind) == 0)
      return all[i]->control;
  fail_msg ("no %s %s", kind, topic);
  return NULL;
}

static void
assert_verdict (const hb_seccomp_profile *p, const char *name, const char *want)
{
  cleanup_free char *v = hb_profile_verdict (p, name);
  if (strcmp (v, want) != 0)
    fail_msg ("%s: \"%s\", want \"%s\"", name, v, want);
}

/* The wrong sentences of issue 24, as the profile decides them. */
static void
test_profile_facts (void **state)
{
  (void) state;
  cleanup_seccomp_profile hb_seccomp_profile *prof = default_profile ();
  /* no rule at all: --cap-add SYS_PTRACE / SYS_ADMIN does not help */
  assert_verdict (prof, "userfaultfd", "always denied (EPERM)");
  assert_verdict (prof, "swapon", "always denied (EPERM)");
  assert_verdict (prof, "swapoff", "always denied (EPERM)");
  assert_verdict (prof, "keyctl", "always denied (EPERM)");
  assert_non_null (strstr (control_of ("userfaultfd", "syscall"),
                           "userfaultfd is always denied (EPERM)"));
  assert_null (strstr (control_of ("userfaultfd", "syscall"), "allowed only with"));
  assert_non_null (strstr (control_of ("swapon", "syscall"),
                           "swapon and swapoff are always denied (EPERM)"));
  /* one barrier: the profile follows the capability */
  assert_verdict (prof, "init_module", "allowed only with CAP_SYS_MODULE");
  assert_verdict (prof, "open_by_handle_at", "allowed only with CAP_DAC_READ_SEARCH");
  assert_non_null (strstr (control_of ("open_by_handle_at", "syscall"), "one barrier"));
  assert_non_null (strstr (control_of ("init_module", "syscall"), "one barrier"));
  /* clone3 answers ENOSYS without CAP_SYS_ADMIN */
  assert_verdict (prof, "clone3", "allowed only with CAP_SYS_ADMIN, and fails with ENOSYS "
                                  "without CAP_SYS_ADMIN");
  assert_verdict (prof, "personality",
                  "allowed only when argument 0 is 0, 0x8, 0x20000, 0x20008 or 0xffffffff");
  assert_verdict (prof, "ptrace", "allowed only on Linux 4.8 and later or with CAP_SYS_PTRACE");
  /* bpf and perf_event_open: whatever the profile has, the text has */
  cleanup_free char *bpf = hb_profile_verdict (prof, "bpf");
  assert_non_null (strstr (control_of ("bpf", "syscall"), bpf));
  cleanup_free char *perf = hb_profile_verdict (prof, "perf_event_open");
  assert_non_null (strstr (control_of ("perf_event_open", "syscall"), perf));
  /* capabilities list what the profile allows only with them */
  const char *module_cap = control_of ("CAP_SYS_MODULE", "capability");
  assert_non_null (strstr (module_cap, "are allowed only with it"));
  assert_non_null (strstr (module_cap, "finit_module"));
  assert_non_null (strstr (module_cap, "delete_module"));
  const char *ptrace_cap = control_of ("CAP_SYS_PTRACE", "capability");
  assert_non_null (strstr (ptrace_cap, "pidfd_getfd"));
  assert_null (strstr (ptrace_cap, " ptrace,"));   /* allowed on 4.8+ without it */
}

/* A sentence follows the profile it is computed from: change the profile,
 * the sentence changes. */
static void
test_profile_sentences_follow_the_profile (void **state)
{
  (void) state;
  static const char text[] =
    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 38, \"syscalls\": ["
    " {\"names\": [\"read\", \"write\"], \"action\": \"SCMP_ACT_ALLOW\"},"
    " {\"names\": [\"mount\"], \"action\": \"SCMP_ACT_ALLOW\","
    "  \"includes\": {\"caps\": [\"CAP_SYS_ADMIN\"]}},"
    " {\"names\": [\"socket\"], \"action\": \"SCMP_ACT_ALLOW\","
    "  \"args\": [{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]},"
    " {\"names\": [\"socket\"], \"action\": \"SCMP_ACT_ALLOW\","
    "  \"args\": [{\"index\": 0, \"value\": 2, \"op\": \"SCMP_CMP_EQ\"}]},"
    " {\"names\": [\"kill\"], \"action\": \"SCMP_ACT_KILL_PROCESS\"}]}";
  hb_error *err = NULL;
  cleanup_seccomp_profile hb_seccomp_profile *p
      = hb_seccomp_profile_parse (text, strlen (text), "test", &err);
  assert_non_null (p);
  cleanup_free char *c = hb_profile_clause (p, "the test profile",
                                            "read write mount socket kill keyctl notasyscall");
  assert_string_equal (c, "Under the test profile, read and write are allowed; mount is "
                          "allowed only with CAP_SYS_ADMIN, otherwise denied (ENOSYS); socket "
                          "is allowed only when argument 0 is 0x1 or 0x2, otherwise denied "
                          "(ENOSYS); kill is handled by SCMP_ACT_KILL_PROCESS; keyctl is always "
                          "denied (ENOSYS).");
  cleanup_free char *cap = hb_profile_cap_clause (p, "the test profile", "SYS_ADMIN");
  assert_string_equal (cap, "Under the test profile, mount is allowed only with it.");
  assert_null (hb_profile_cap_clause (p, "the test profile", "SYS_PTRACE"));
  assert_null (hb_profile_clause (p, "x", "notasyscall"));
}

/* --- coverage: every syscall the monitor, learn or a shipped profile names - */

static void
assert_syscall_topic (const char *name, const char *from)
{
  const hb_explanation *all[8];
  size_t n = hb_explain_lookup_all (name, all, 8);
  for (size_t i = 0; i < n && i < 8; i++)
    if (strcmp (all[i]->kind, "syscall") == 0)
      return;
  fail_msg ("%s (named by %s) has no syscall topic", name, from);
}

static void
test_every_named_syscall_has_a_topic (void **state)
{
  (void) state;
  size_t n;
  const hb_watched *w = hb_watched_table (&n);
  for (size_t i = 0; i < n; i++)
    assert_syscall_topic (w[i].name, "the monitor's watch table");
  static const char *const shipped[] = { "default", "default-no-chmod", "docker-20.10",
                                         "docker-23", "docker-25", "strict-web" };
  for (size_t s = 0; s < sizeof shipped / sizeof shipped[0]; s++)
    {
      hb_error *err = NULL;
      cleanup_seccomp_profile hb_seccomp_profile *p = hb_seccomp_profile_resolve (shipped[s], &err);
      if (p == NULL)
        fail_msg ("%s: %s", shipped[s], err->msg);
      for (size_t r = 0; r < p->n_rules; r++)
        for (size_t k = 0; k < p->rules[r].names.n; k++)
          assert_syscall_topic (p->rules[r].names.v[k], shipped[s]);
    }
  /* every name the monitor can report: it names a syscall number through
   * libseccomp, on the native architecture and, on x86-64, x86 and x32 */
  static const uint32_t arches[] = { SCMP_ARCH_X86_64, SCMP_ARCH_X86, SCMP_ARCH_X32,
                                     SCMP_ARCH_AARCH64 };
  size_t named = 0;
  for (size_t a = 0; a < sizeof arches / sizeof arches[0]; a++)
    for (int nr = 0; nr < 1024; nr++)
      {
        int num = arches[a] == SCMP_ARCH_X32 ? (nr | 0x40000000) : nr;
        cleanup_free char *name = seccomp_syscall_resolve_num_arch (arches[a], num);
        if (name == NULL)
          continue;
        assert_syscall_topic (name, "libseccomp's syscall table");
        named++;
      }
  assert_true (named > 700);
  /* learn's runtime syscalls, and the ones issue 24 names */
  static const char *const more[] = {
    "execve", "write", "exit", "exit_group", "rt_sigreturn", "accept", "accept4",
    "io_uring_setup", "io_uring_enter", "io_uring_register", "clone3", "memfd_create",
    "execveat", "mbind", "set_mempolicy", "get_mempolicy", "kcmp", "pidfd_getfd",
    "process_madvise", "sethostname", "acct", "iopl", "ioperm", "vhangup", "seccomp",
  };
  for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
    assert_syscall_topic (more[i], "issue 24");
}

static void
test_new_kinds (void **state)
{
  (void) state;
  const char *lsm[] = { "apparmor", "selinux", "landlock" };
  for (size_t i = 0; i < 3; i++)
    must_find (lsm[i], "security module");
  const char *k8s[] = { "allowPrivilegeEscalation", "runAsNonRoot", "seccompProfile",
                        "securityContext.capabilities", "hostPath", "hostPort", "hostNetwork",
                        "hostPID", "hostIPC" };
  for (size_t i = 0; i < sizeof k8s / sizeof k8s[0]; i++)
    must_find (k8s[i], "Kubernetes control");
  const char *set[] = { "devices", "ulimits", "sysctls", "address-families",
                        "ip_unprivileged_port_start" };
  for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
    must_find (set[i], "setting");
  const char *opt[] = { "exec", "suid", "dev", "propagation", "rshared" };
  for (size_t i = 0; i < sizeof opt / sizeof opt[0]; i++)
    must_find (opt[i], "mount option");
  /* "seccomp" is still the setting first, the syscall second */
  const hb_explanation *all[4];
  assert_int_equal (hb_explain_lookup_all ("seccomp", all, 4), 2);
  assert_string_equal (all[0]->kind, "setting");
  assert_string_equal (all[1]->kind, "syscall");
  const hb_explanation *k = hb_explain_lookup ("securityContext.capabilities");
  assert_non_null (strstr (k->control, "restricted requires drop ALL"));
  assert_non_null (strstr (k->control, "NET_BIND_SERVICE"));
}

/* Every CIS section 5 check has an entry: audited, or saying why not. */
static void
test_every_cis_section5_check (void **state)
{
  (void) state;
  for (int i = 1; i <= 32; i++)
    {
      char id[8];
      snprintf (id, sizeof id, "5.%d", i);
      const hb_explanation *e = must_find (id, "check");
      bool audited = hb_audit_check_lookup (id) != NULL;
      bool undecided = strstr (e->what, "Not decided by a policy") != NULL;
      if (audited == undecided)
        fail_msg ("%s: audited %d, marked not decided %d", id, audited, undecided);
    }
  /* 5.12 is CIS's CPU shares: not what --cpus is, so not audited */
  assert_null (hb_audit_check_lookup ("5.12"));
  const hb_explanation *e = hb_explain_lookup ("5.12");
  assert_non_null (strstr (e->what, "CpuShares"));
  assert_null (strstr (hb_explain_lookup ("cpus")->control, "audit check 5.12"));
  /* listed in the benchmark's order */
  size_t n = hb_explain_count ();
  const char *prev = NULL;
  for (size_t i = 0; i < n; i++)
    {
      const hb_explanation *c = hb_explain_at (i);
      if (strcmp (c->kind, "check") != 0)
        continue;
      if (prev && strcmp (prev, "4.1") != 0)
        assert_true (strtoul (strchr (prev, '.') + 1, NULL, 10)
                     < strtoul (strchr (c->topic, '.') + 1, NULL, 10));
      prev = c->topic;
    }
}

/* The hand-written facts of issue 24 that words can pin. */
static void
test_issue24_facts (void **state)
{
  (void) state;
  const hb_capability *c = hb_cap_lookup ("FOWNER");
  assert_null (strstr (c->risk, "if it also has FSETID"));
  assert_non_null (strstr (c->risk, "setuid bit on a binary it does not own"));
  c = hb_cap_lookup ("SETUID");
  assert_null (strstr (c->risk, "root again after a program dropped"));
  assert_non_null (strstr (c->risk, "capabilities(7)"));
  c = hb_cap_lookup ("AUDIT_READ");
  assert_non_null (strstr (c->risk, "--network host"));
  c = hb_cap_lookup ("NET_BIND_SERVICE");
  assert_non_null (strstr (c->needed_by, "--network host"));
  assert_non_null (strstr (c->needed_by, "Docker 20.10"));
  assert_non_null (strstr (hb_explain_lookup ("capabilities")->needed, "--network host"));
  assert_non_null (strstr (hb_explain_lookup ("--user")->needed, "Docker 20.10"));
  assert_non_null (strstr (hb_explain_lookup ("4.1")->needed, "--network host"));
  const hb_explanation *e = hb_explain_lookup ("ptrace");
  assert_null (strstr (e->control, "unless it is a descendant"));
  assert_non_null (strstr (e->control, "Yama"));
  e = hb_explain_lookup ("chown");
  assert_null (strstr (e->risk, "setuid file to root"));
  assert_non_null (strstr (e->risk, "even when root calls it"));
  e = hb_explain_lookup ("pid");
  assert_null (strstr (e->risk, "command lines and environments"));
  assert_non_null (strstr (e->risk, "/proc/PID/environ"));
  e = hb_explain_lookup ("noexec");
  assert_non_null (strstr (e->risk, "sh /tmp/x.sh"));
  assert_non_null (strstr (e->risk, "memfd_create"));
  assert_non_null (strstr (e->control, "rw,nosuid,nodev,noexec"));
  assert_non_null (strstr (hb_explain_lookup ("tmpfs")->control, "rw,nosuid,nodev,noexec"));
  e = hb_explain_lookup ("io_uring_enter");
  assert_non_null (strstr (e->risk, "Docker 25.0"));
  e = hb_explain_lookup ("userfaultfd");
  assert_non_null (strstr (e->control, "vm.unprivileged_userfaultfd"));
}

/* The sentences follow the process's release line and name it; an entry
 * handed out before the line changed stays valid. */
static void
test_sentences_name_the_line (void **state)
{
  (void) state;
  hb_profile_line_set (HB_LINE_DOCKER_20_10, NULL);
  const hb_explanation *old = hb_explain_lookup ("io_uring_setup");
  assert_non_null (strstr (old->control, "Under Docker 20.10's default seccomp profile, "
                                         "io_uring_setup, io_uring_enter and io_uring_register "
                                         "are allowed."));
  assert_non_null (strstr (hb_explain_lookup ("pkey_mprotect")->control,
                           "pkey_mprotect, pkey_alloc and pkey_free are always denied (EPERM)"));
  hb_profile_line_set (HB_LINE_DOCKER_25, NULL);
  const hb_explanation *now = hb_explain_lookup ("io_uring_setup");
  assert_non_null (strstr (now->control, "Under Docker 25+'s default seccomp profile, "
                                         "io_uring_setup, io_uring_enter and io_uring_register "
                                         "are always denied (EPERM)."));
  assert_non_null (strstr (old->control, "Docker 20.10's"));
  hb_profile_line_set (HB_LINE_DOCKER_23, NULL);
  assert_non_null (strstr (hb_explain_lookup ("CAP_BPF")->control,
                           "Under Docker 23-24's default seccomp profile, bpf is allowed only "
                           "with CAP_SYS_ADMIN or with CAP_BPF."));
  /* CAP_SYS_ADMIN's own list no longer claims bpf is only with it */
  assert_null (strstr (hb_explain_lookup ("CAP_SYS_ADMIN")->control, "bpf, "));
  hb_profile_line_set (HB_LINE_NEWEST, NULL);
}

int
main (void)
{
  setenv ("HARDENBENCH_DATADIR", HB_ABS_SRCDIR, 1);
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
    cmocka_unit_test (test_no_hand_written_profile_claims),
    cmocka_unit_test (test_profile_sentences_agree),
    cmocka_unit_test (test_profile_facts),
    cmocka_unit_test (test_profile_sentences_follow_the_profile),
    cmocka_unit_test (test_every_named_syscall_has_a_topic),
    cmocka_unit_test (test_new_kinds),
    cmocka_unit_test (test_every_cis_section5_check),
    cmocka_unit_test (test_issue24_facts),
    cmocka_unit_test (test_sentences_name_the_line),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
