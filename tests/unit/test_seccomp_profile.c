/* test_seccomp_profile.c - parsing, validating and writing seccomp profiles,
 * and the shipped default / default-no-chmod profiles. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "policy/profile_line.h"
#include "policy/seccomp_profile.h"
#include "core/cleanup.h"
#include "core/error.h"
#include "core/fileio.h"
#include "core/xalloc.h"

#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FIXTURES HB_ABS_SRCDIR "/tests/fixtures/seccomp"
#define PROFILES HB_ABS_SRCDIR "/profiles/seccomp"

/* ---- helpers ------------------------------------------------------------ */

static int
group_setup (void **state)
{
  (void) state;
  /* Shipped profiles come from the source tree, as for the uninstalled binary. */
  setenv ("HARDENBENCH_DATADIR", HB_ABS_SRCDIR, 1);
  return 0;
}

/* Run fn with stderr going to a temporary file; return what it wrote. */
static char *
capture_stderr (void (*fn) (void *), void *arg)
{
  char tmpl[] = "/tmp/hbt-seccomp-stderr-XXXXXX";
  int fd = mkstemp (tmpl);
  assert_true (fd >= 0);
  unlink (tmpl);
  fflush (stderr);
  int saved = dup (STDERR_FILENO);
  assert_true (saved >= 0);
  assert_true (dup2 (fd, STDERR_FILENO) >= 0);
  fn (arg);
  fflush (stderr);
  assert_true (dup2 (saved, STDERR_FILENO) >= 0);
  close (saved);
  lseek (fd, 0, SEEK_SET);
  hb_error *err = NULL;
  char *out = fd_read_all (fd, 1 << 20, NULL, &err);
  assert_non_null (out);
  close (fd);
  return out;
}

static bool
rule_has_name (const hb_scmp_rule *r, const char *name)
{
  return strv_contains (&r->names, name);
}

/* The rules of p that name syscall. */
static size_t
rules_naming (const hb_seccomp_profile *p, const char *syscall, const hb_scmp_rule **out,
              size_t max)
{
  size_t n = 0;
  for (size_t i = 0; i < p->n_rules; i++)
    if (rule_has_name (&p->rules[i], syscall))
      {
        if (n < max)
          out[n] = &p->rules[i];
        n++;
      }
  return n;
}

/* ---- shipped profiles --------------------------------------------------- */

/* "default" on the current release line (each one, test_default_profile). */
static void
check_default_profile (void)
{
  hb_error *err = NULL;
  hb_seccomp_profile *p = hb_seccomp_profile_resolve ("default", &err);
  assert_null (err);
  assert_non_null (p);
  assert_string_equal (p->source, "default");
  assert_non_null (p->description);
  assert_int_equal (p->default_action, HB_SCMP_ERRNO);
  assert_int_equal (p->default_errno, 1);
  assert_true (p->n_rules > 20);

#if defined(__x86_64__)
  /* archMap: only the native entry counts, with its sub-architectures. */
  assert_int_equal (p->architectures.n, 3);
  assert_string_equal (p->architectures.v[0], "SCMP_ARCH_X86_64");
  assert_true (strv_contains (&p->architectures, "SCMP_ARCH_X86"));
  assert_true (strv_contains (&p->architectures, "SCMP_ARCH_X32"));
#elif defined(__aarch64__)
  assert_int_equal (p->architectures.n, 2);
  assert_string_equal (p->architectures.v[0], "SCMP_ARCH_AARCH64");
#endif

  size_t total = 0;
  for (size_t i = 0; i < p->n_rules; i++)
    for (size_t k = 0; k < p->rules[i].names.n; k++, total++)
      assert_true (hb_syscall_known (p->rules[i].names.v[k]));
  assert_true (total > 300);

  const hb_scmp_rule *r[8];
  /* Never allowed, whatever the capabilities (SECURITY.md, check 7). */
  const char *never[] = { "keyctl", "add_key", "request_key", "kexec_load",
                          "kexec_file_load", "userfaultfd", "swapon", "pivot_root" };
  for (size_t i = 0; i < sizeof never / sizeof *never; i++)
    assert_int_equal (rules_naming (p, never[i], r, 8), 0);

  /* Only with the capability that the kernel would check anyway. */
  const struct { const char *syscall, *cap; } gated[] = {
    { "mount", "CAP_SYS_ADMIN" }, { "umount2", "CAP_SYS_ADMIN" },
    { "setns", "CAP_SYS_ADMIN" }, { "unshare", "CAP_SYS_ADMIN" },
    { "bpf", "CAP_SYS_ADMIN" }, { "perf_event_open", "CAP_SYS_ADMIN" },
    { "init_module", "CAP_SYS_MODULE" }, { "open_by_handle_at", "CAP_DAC_READ_SEARCH" },
    { "settimeofday", "CAP_SYS_TIME" }, { "reboot", "CAP_SYS_BOOT" },
    { "process_vm_readv", "CAP_SYS_PTRACE" },
  };
  for (size_t i = 0; i < sizeof gated / sizeof *gated; i++)
    {
      /* one rule with the capability; any other has a condition of its own
       * (CAP_BPF for bpf, Linux 4.8 for process_vm_readv since 23.0) */
      size_t n = rules_naming (p, gated[i].syscall, r, 8);
      assert_true (n >= 1 && n <= 2);
      bool with_cap = false;
      for (size_t k = 0; k < n; k++)
        {
          assert_int_equal (r[k]->includes.caps.n + (r[k]->includes.min_kernel != NULL), 1);
          with_cap = with_cap || (r[k]->includes.caps.n == 1
                                  && strcmp (r[k]->includes.caps.v[0], gated[i].cap) == 0);
        }
      assert_true (with_cap);
    }

  /* clone: namespaces only with CAP_SYS_ADMIN; clone3 answers ENOSYS. */
  size_t n = rules_naming (p, "clone", r, 8);
  assert_int_equal (n, 3);
  bool masked = false;
  for (size_t i = 0; i < n; i++)
    if (r[i]->n_args == 1 && r[i]->args[0].index == 0)
      {
        assert_int_equal (r[i]->args[0].op, HB_SCMP_CMP_MASKED_EQ);
        assert_true (r[i]->args[0].value == 0x7E020000);  /* CLONE_NEW* */
        assert_true (r[i]->args[0].value_two == 0);
        assert_string_equal (r[i]->excludes.caps.v[0], "CAP_SYS_ADMIN");
        masked = true;
      }
  assert_true (masked);
  n = rules_naming (p, "clone3", r, 8);
  assert_int_equal (n, 2);
  bool enosys = false;
  for (size_t i = 0; i < n; i++)
    if (r[i]->action == HB_SCMP_ERRNO)
      {
        assert_int_equal (r[i]->errno_ret, 38);
        enosys = true;
      }
  assert_true (enosys);

  /* personality: only the harmless values. */
  n = rules_naming (p, "personality", r, 8);
  assert_int_equal (n, 5);
  for (size_t i = 0; i < n; i++)
    {
      assert_int_equal (r[i]->n_args, 1);
      assert_int_equal (r[i]->args[0].op, HB_SCMP_CMP_EQ);
    }

  /* Ordinary calls are allowed unconditionally. */
  const char *plain[] = { "read", "write", "openat", "execve", "chmod", "fchmodat" };
  for (size_t i = 0; i < sizeof plain / sizeof *plain; i++)
    {
      assert_int_equal (rules_naming (p, plain[i], r, 8), 1);
      assert_int_equal (r[0]->action, HB_SCMP_ALLOW);
      assert_int_equal (r[0]->n_args, 0);
      assert_int_equal (r[0]->includes.caps.n + r[0]->includes.arches.n, 0);
    }
  /* socket: any family on 20.10, all but AF_VSOCK (40) since 23.0 */
  assert_int_equal (rules_naming (p, "socket", r, 8), 1);
  if (hb_profile_line_current () == HB_LINE_DOCKER_20_10)
    assert_int_equal (r[0]->n_args, 0);
  else
    {
      assert_int_equal (r[0]->n_args, 1);
      assert_int_equal (r[0]->args[0].op, HB_SCMP_CMP_NE);
      assert_true (r[0]->args[0].value == 40);
    }
  hb_seccomp_profile_free (p);
}

static void
test_default_profile (void **state)
{
  (void) state;
  for (int line = 0; line < HB_N_LINES; line++)
    {
      hb_profile_line_set ((hb_profile_line) line, NULL);
      check_default_profile ();
    }
  hb_profile_line_set (HB_LINE_NEWEST, NULL);
}

static void
remove_names (json_t *profile, const char *const *names, size_t n_names, size_t *removed)
{
  json_t *rules = json_object_get (profile, "syscalls");
  size_t i;
  json_t *rule;
  json_array_foreach (rules, i, rule)
    {
      json_t *list = json_object_get (rule, "names");
      for (size_t k = json_array_size (list); k-- > 0;)
        for (size_t m = 0; m < n_names; m++)
          if (strcmp (json_string_value (json_array_get (list, k)), names[m]) == 0)
            {
              json_array_remove (list, k);
              (*removed)++;
              break;
            }
    }
}

/* default-no-chmod is derived from default on every release line: the
 * same profile without the chmod family, fchmodat2 included where the line
 * allows it (Docker 25). */
static void
test_no_chmod_differs_by_the_chmod_names (void **state)
{
  (void) state;
  const char *const chmods[] = { "chmod", "fchmod", "fchmodat", "fchmodat2" };
  for (int line = 0; line < HB_N_LINES; line++)
    {
      hb_profile_line_set ((hb_profile_line) line, NULL);
      hb_error *err = NULL;
      hb_seccomp_profile *def = hb_seccomp_profile_resolve ("default", &err);
      assert_non_null (def);
      hb_seccomp_profile *nochmod = hb_seccomp_profile_resolve ("default-no-chmod", &err);
      assert_null (err);
      assert_non_null (nochmod);
      assert_string_equal (nochmod->source, "default-no-chmod");

      const hb_scmp_rule *r[4];
      size_t in_def = 0;
      for (size_t i = 0; i < 4; i++)
        {
          in_def += rules_naming (def, chmods[i], r, 4);
          assert_int_equal (rules_naming (nochmod, chmods[i], r, 4), 0);
        }
      assert_true (in_def >= 3);
      assert_int_equal (rules_naming (def, "fchmodat2", r, 4), line == HB_LINE_DOCKER_25);

      cleanup_json json_t *a = hb_seccomp_profile_to_json (def);
      cleanup_json json_t *b = hb_seccomp_profile_to_json (nochmod);
      size_t removed = 0;
      remove_names (a, chmods, 4, &removed);
      assert_int_equal (removed, in_def);
      /* Apart from those names (and the description), the same profile. */
      json_object_del (a, "comment");
      json_object_del (b, "comment");
      assert_true (json_equal (a, b));
      hb_seccomp_profile_free (def);
      hb_seccomp_profile_free (nochmod);
    }
  hb_profile_line_set (HB_LINE_NEWEST, NULL);
}

/* ---- bad profiles -------------------------------------------------------- */

typedef struct bad_case {
  const char *file;
  const char *where;   /* "LINE:COL: PATH: what" expected after "FILE:" */
} bad_case;

static const bad_case bad_cases[] = {
  { "malformed.json", "5:5: invalid JSON: " },
  { "unknown-key.json", "5:6: .syscalls[1].nmes: unknown key (did you mean \"names\"?)" },
  { "unknown-action.json", "12:17: .syscalls[3].action: unknown action \"SCMP_ACT_DENY\"" },
  { "errno-5000.json", "4:66: .syscalls[0].errnoRet: errno 5000 out of range 0..4095" },
  { "errno-negative.json", "3:22: .defaultErrnoRet: errno -1 out of range 0..4095" },
  { "arg-index-6.json", "7:26: .syscalls[0].args[0].index: argument index 6 out of range 0..5" },
  { "dup-arg-index.json", "10:19: .syscalls[0].args[2].index: argument 0 is already compared in this rule" },
  { "wrong-type-names.json", "4:15: .syscalls[0].names: expected an array, found a string" },
  { "wrong-type-errno.json", "4:66: .syscalls[0].errnoRet: expected an integer, found a string" },
  { "unknown-op.json", "5:47: .syscalls[0].args[0].op: unknown operator \"SCMP_CMP_EQUAL\"" },
  { "unknown-arch.json", "3:41: .architectures[1]: unknown architecture \"SCMP_ARCH_Z80\"" },
  { "unknown-cap.json", "4:76: .syscalls[0].includes.caps[0]: unknown capability \"CAP_SYS_ADMN\"" },
  { "missing-default-action.json", "1:1: .: missing \"defaultAction\"" },
  { "not-an-object.json", "1:1: .: expected an object, found an array" },
  { "duplicate-key.json", "3:17: invalid JSON: duplicate object key" },
  { "invalid-utf8.json", "3:" },
  { "deep-nesting.json", "3:77: nesting deeper than 64 levels" },
};

static void
test_bad_profiles (void **state)
{
  (void) state;
  for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++)
    {
      const bad_case *c = &bad_cases[i];
      cleanup_free char *path = xasprintf ("%s/%s", FIXTURES, c->file);
      cleanup_free char *want = xasprintf ("%s:%s", path, c->where);
      hb_error *err = NULL;
      hb_seccomp_profile *p = hb_seccomp_profile_load (path, &err);
      if (p != NULL || err == NULL)
        fail_msg ("%s: accepted", c->file);
      if (strncmp (err->msg, want, strlen (want)) != 0)
        fail_msg ("%s:\n  got  %s\n  want %s...", c->file, err->msg, want);
      assert_int_equal (err->status, HB_EXIT_INPUT);
      hb_error_free (err);
    }
}

static void
test_invalid_utf8_names_the_byte (void **state)
{
  (void) state;
  hb_error *err = NULL;
  assert_null (hb_seccomp_profile_load (FIXTURES "/invalid-utf8.json", &err));
  assert_non_null (err);
  assert_int_equal (err->status, HB_EXIT_INPUT);
  assert_non_null (strstr (err->msg, "invalid JSON"));
  assert_non_null (strstr (err->msg, "0xff"));
  hb_error_free (err);
}

static hb_error *
parse_error (const char *text)
{
  hb_error *err = NULL;
  hb_seccomp_profile *p = hb_seccomp_profile_parse (text, strlen (text), "inline", &err);
  assert_null (p);
  assert_non_null (err);
  assert_int_equal (err->status, HB_EXIT_INPUT);
  return err;
}

static void
expect_parse_error (const char *text, const char *want)
{
  hb_error *err = parse_error (text);
  if (strcmp (err->msg, want) != 0)
    fail_msg ("got  %s\nwant %s", err->msg, want);
  hb_error_free (err);
}

static void
test_bad_inline (void **state)
{
  (void) state;
  expect_parse_error ("", "inline:1:1: invalid JSON: '[' or '{' expected near end of file");
  expect_parse_error ("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": "
                      "[{\"name\": \"read\", \"names\": [\"write\"], \"action\": \"SCMP_ACT_LOG\"}]}",
                      "inline:1:51: .syscalls[0].name: use either \"name\" or \"names\", not both");
  expect_parse_error ("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
                      "[{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"errnoRet\": 1}]}",
                      "inline:1:110: .syscalls[0].errnoRet: errnoRet only applies to "
                      "SCMP_ACT_ERRNO and SCMP_ACT_TRACE, not SCMP_ACT_ALLOW");
  expect_parse_error ("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": "
                      "[\"SCMP_ARCH_X86_64\"], \"archMap\": []}",
                      "inline:1:76: .archMap: use either \"architectures\" or \"archMap\", not "
                      "both (as Docker)");
  expect_parse_error ("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
                      "[{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": "
                      "[{\"index\": 0, \"value\": -5, \"op\": \"SCMP_CMP_EQ\"}]}]}",
                      "inline:1:129: .syscalls[0].args[0].value: -5 is negative: argument "
                      "values are unsigned");
  expect_parse_error ("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
                      "[{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": "
                      "[{\"index\": 0, \"op\": \"SCMP_CMP_EQ\"}]}]}",
                      "inline:1:107: .syscalls[0].args[0]: missing \"value\"");
  expect_parse_error ("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": []}]}",
                      "inline:1:50: .syscalls[0]: missing \"action\"");
  expect_parse_error ("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
                      "[{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", "
                      "\"includes\": {\"minKernel\": \"four\"}}]}",
                      "inline:1:124: .syscalls[0].includes.minKernel: kernel version \"four\" "
                      "is not MAJOR.MINOR");
  expect_parse_error ("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"listenerPath\": \"/x\"}",
                      "inline:1:37: .listenerPath: unknown key");
  /* A NUL inside a string would truncate names in C. */
  expect_parse_error ("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"comment\": \"a\\u0000b\"}",
                      "inline:1:57: invalid JSON: \\u0000 is not allowed without JSON_ALLOW_NUL "
                      "near '\"a\\u0000b\"'");
  /* Numbers that do not fit. */
  hb_error *err = parse_error ("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": "
                               "18446744073709551616}");
  assert_non_null (strstr (err->msg, "inline:1:"));
  assert_non_null (strstr (err->msg, "too big integer"));
  hb_error_free (err);
  err = parse_error ("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 1e400}");
  assert_non_null (strstr (err->msg, "real number overflow"));
  hb_error_free (err);
}

static void
test_file_limits (void **state)
{
  (void) state;
  /* Over 16 MiB: refused before reading (a sparse file costs nothing). */
  char tmpl[] = "/tmp/hbt-seccomp-big-XXXXXX";
  int fd = mkstemp (tmpl);
  assert_true (fd >= 0);
  assert_int_equal (ftruncate (fd, (off_t) HB_MAX_INPUT_FILE + 1), 0);
  close (fd);
  hb_error *err = NULL;
  assert_null (hb_seccomp_profile_load (tmpl, &err));
  assert_non_null (err);
  assert_int_equal (err->status, HB_EXIT_INPUT);
  assert_non_null (strstr (err->msg, tmpl));
  assert_non_null (strstr (err->msg, "more than the 16777216 allowed"));
  hb_error_free (err);
  unlink (tmpl);

  err = NULL;
  assert_null (hb_seccomp_profile_load (FIXTURES, &err));
  assert_int_equal (err->status, HB_EXIT_INPUT);
  assert_non_null (strstr (err->msg, "is a directory"));
  hb_error_free (err);

  err = NULL;
  assert_null (hb_seccomp_profile_load (FIXTURES "/no-such-file.json", &err));
  assert_int_equal (err->status, HB_EXIT_INPUT);
  assert_non_null (strstr (err->msg, "No such file"));
  hb_error_free (err);
}

/* ---- rules in strict and profile mode ----------------------------------- */

static json_t *
first_rule_of (const char *path, char **text)
{
  size_t len;
  hb_error *err = NULL;
  *text = file_read_all (path, HB_MAX_INPUT_FILE, &len, HB_EXIT_INPUT, &err);
  assert_non_null (*text);
  json_t *root = json_loads (*text, 0, NULL);
  assert_non_null (root);
  json_t *rule = json_incref (json_array_get (json_object_get (root, "syscalls"), 0));
  json_decref (root);
  return rule;
}

static void
test_unknown_syscall_strict (void **state)
{
  (void) state;
  cleanup_free char *text = NULL;
  const char *path = FIXTURES "/unknown-syscall.json";
  cleanup_json json_t *obj = first_rule_of (path, &text);
  hb_scmp_rule rule;
  hb_error *err = NULL;
  assert_int_equal (hb_scmp_rule_from_json (obj, &rule, path, text, ".syscalls[0]", true, &err),
                    -1);
  assert_non_null (err);
  assert_int_equal (err->status, HB_EXIT_INPUT);
  cleanup_free char *want
    = xasprintf ("%s:4:24: .syscalls[0].names[1]: unknown syscall \"frobnicate\"", path);
  assert_string_equal (err->msg, want);
  hb_error_free (err);
  /* The rule was left empty: nothing to free, nothing half-filled. */
  assert_int_equal (rule.names.n, 0);
}

struct lenient_call {
  json_t *obj;
  const char *path, *text;
  hb_scmp_rule *rule;
  int ret;
};

static void
call_lenient (void *arg)
{
  struct lenient_call *c = arg;
  hb_error *err = NULL;
  c->ret = hb_scmp_rule_from_json (c->obj, c->rule, c->path, c->text, ".syscalls[0]", false,
                                   &err);
  assert_null (err);
}

static void
load_profile_quietly (void *arg)
{
  hb_error *err = NULL;
  hb_seccomp_profile *p = hb_seccomp_profile_load (arg, &err);
  assert_null (err);
  assert_int_equal (p->n_rules, 1);
  assert_int_equal (p->rules[0].names.n, 2);
  hb_seccomp_profile_free (p);
}

static void
load_profile_silently (void *arg)
{
  hb_error *err = NULL;
  hb_seccomp_profile *p = hb_seccomp_profile_load (arg, &err);
  assert_null (err);
  hb_seccomp_profile_free (p);
}

static void
test_unknown_syscall_profile_warns (void **state)
{
  (void) state;
  cleanup_free char *text = NULL;
  const char *path = FIXTURES "/unknown-syscall.json";
  cleanup_json json_t *obj = first_rule_of (path, &text);
  hb_scmp_rule rule;
  struct lenient_call call = { obj, path, text, &rule, -1 };
  cleanup_free char *out = capture_stderr (call_lenient, &call);
  assert_int_equal (call.ret, 0);
  /* Skipped, as Docker skips names it cannot resolve. */
  assert_int_equal (rule.names.n, 2);
  assert_string_equal (rule.names.v[0], "read");
  assert_string_equal (rule.names.v[1], "write");
  assert_int_equal (rule.line, 4);
  assert_int_equal (rule.column, 5);
  hb_scmp_rule_clear (&rule);
  cleanup_free char *want
    = xasprintf ("hardenbench: warning: %s:4:24: .syscalls[0].names[1]: unknown syscall "
                 "\"frobnicate\", skipped, as Docker does\n",
                 path);
  assert_string_equal (out, want);

  char profile_path[] = FIXTURES "/unknown-syscall.json";
  cleanup_free char *out2 = capture_stderr (load_profile_quietly, profile_path);
  assert_string_equal (out2, want);
}

/* A collector takes a parse's warnings instead of stderr, nested ones
 * take theirs from the outer one, and forwarding hands them on in order:
 * what the workbench shows in its status line. */
static void
collect_warnings (void *arg)
{
  (void) arg;
  hb_warnings outer = { 0 }, inner = { 0 };
  hb_warnings_collect (&outer);
  hb_warn ("first");
  hb_warnings_collect (&inner);
  char profile_path[] = FIXTURES "/unknown-syscall.json";
  load_profile_quietly (profile_path);
  hb_warn ("evil \x1b]0;title\x07 text");
  hb_warnings_stop (&inner);
  assert_int_equal (outer.n, 1);
  assert_int_equal (inner.n, 2);
  assert_non_null (strstr (inner.lines[0], "unknown syscall \"frobnicate\", skipped"));
  assert_null (strchr (inner.lines[1], '\x1b'));   /* sanitised */
  hb_warnings_forward (&inner);
  assert_int_equal (inner.n, 0);
  hb_warn ("last");
  hb_warnings_stop (&outer);
  assert_int_equal (outer.n, 4);
  assert_string_equal (outer.lines[0], "first");
  assert_string_equal (outer.lines[3], "last");
  hb_warnings_clear (&outer);
  /* No collector: printed as the commands print them. */
  hb_warn ("after");
}

static void
test_warnings_collected (void **state)
{
  (void) state;
  cleanup_free char *out = capture_stderr (collect_warnings, NULL);
  assert_string_equal (out, "hardenbench: warning: after\n");
}

static void
load_conflicting (void *arg)
{
  hb_error *err = NULL;
  hb_seccomp_profile *p = hb_seccomp_profile_load (arg, &err);
  assert_null (err);
  assert_int_equal (p->n_rules, 4);
  hb_seccomp_profile_free (p);
}

static void
parse_chain (void *arg)
{
  hb_error *err = NULL;
  hb_seccomp_profile *p = hb_seccomp_profile_parse (arg, strlen (arg), "chain.json", &err);
  assert_null (err);
  hb_seccomp_profile_free (p);
}

static void
test_conflicting_rules_warn (void **state)
{
  (void) state;
  char path[] = FIXTURES "/conflicting-rules.json";
  cleanup_free char *out = capture_stderr (load_conflicting, path);
  /* Only the rule libseccomp would silently ignore: a same-result repeat
   * and a conditional rule are fine. */
  cleanup_free char *want
    = xasprintf ("hardenbench: warning: %s:5:5: .syscalls[1]: \"fchmod\" already has a rule "
                 "at .syscalls[0] (SCMP_ACT_ERRNO); the first rule wins, this one is "
                 "ignored\n",
                 path);
  assert_string_equal (out, want);

  /* Each later rule is compared with the first earlier rule that differs:
   * a same-result earlier rule is passed over. */
  static char chain[]
    = "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": ["
      "{\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ERRNO\"},"
      "{\"names\": [\"uname\", \"getpid\"], \"action\": \"SCMP_ACT_LOG\"},"
      "{\"names\": [\"getpid\", \"uname\"], \"action\": \"SCMP_ACT_ERRNO\"}]}";
  cleanup_free char *chained = capture_stderr (parse_chain, chain);
  assert_string_equal (chained,
                       "hardenbench: warning: chain.json:1:100: .syscalls[1]: \"getpid\" already "
                       "has a rule at .syscalls[0] (SCMP_ACT_ERRNO); the first rule wins, this "
                       "one is ignored\n"
                       "hardenbench: warning: chain.json:1:157: .syscalls[2]: \"getpid\" "
                       "already has a rule at .syscalls[1] (SCMP_ACT_LOG); the first rule "
                       "wins, this one is ignored\n"
                       "hardenbench: warning: chain.json:1:157: .syscalls[2]: \"uname\" already "
                       "has a rule at .syscalls[1] (SCMP_ACT_LOG); the first rule wins, this "
                       "one is ignored\n");

  /* The shipped profiles have no such conflicts. */
  static const char *const lines[] = { "docker-20.10", "docker-23", "docker-25", "strict-web" };
  for (size_t i = 0; i < 4; i++)
    {
      cleanup_free char *def = xasprintf ("%s/%s.json", PROFILES, lines[i]);
      cleanup_free char *quiet = capture_stderr (load_profile_silently, def);
      assert_string_equal (quiet, "");
    }
}

static void
parse_huge (void *arg)
{
  hb_error *err = NULL;
  hb_seccomp_profile *p = hb_seccomp_profile_parse (arg, strlen (arg), "huge.json", &err);
  assert_null (err);
  assert_int_equal (p->n_rules, 50000);
  assert_int_equal (p->rules[49999].errno_ret, 49999 % 4000 + 1);
  /* Each rule's place, found in one pass. */
  assert_int_equal (p->rules[49999].line, 50001);
  assert_int_equal (p->rules[49999].column, 1);
  hb_seccomp_profile_free (p);
}

static void
parse_unknowns (void *arg)
{
  hb_error *err = NULL;
  hb_seccomp_profile *p = hb_seccomp_profile_parse (arg, strlen (arg), "typos.json", &err);
  assert_null (err);
  assert_int_equal (p->n_rules, 25);
  hb_seccomp_profile_free (p);
}

static size_t
count_lines (const char *s)
{
  size_t n = 0;
  for (; *s; s++)
    n += *s == '\n';
  return n;
}

/* 50k rules for one syscall, each with another errno: they load (in a sort,
 * not in 50k squared comparisons) and give ten warnings and a count of
 * the rest, not 50k lines.  The cap is per profile. */
static void
test_warnings_capped (void **state)
{
  (void) state;
  size_t cap = 64 << 20, len = 0;
  char *text = xmalloc (cap);
  len += (size_t) snprintf (text + len, cap - len,
                            "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [\n");
  for (int i = 0; i < 50000; i++)
    len += (size_t) snprintf (text + len, cap - len,
                              "{\"names\": [\"chmod\"], \"action\": \"SCMP_ACT_ERRNO\", "
                              "\"errnoRet\": %d}%s\n",
                              i % 4000 + 1, i < 49999 ? "," : "");
  snprintf (text + len, cap - len, "]}\n");
  cleanup_free char *out = capture_stderr (parse_huge, text);
  free (text);
  assert_int_equal (count_lines (out), 11);
  assert_non_null (strstr (out, "hardenbench: warning: huge.json:3:1: .syscalls[1]: \"chmod\" "
                                "already has a rule at .syscalls[0] (SCMP_ACT_ERRNO); the first "
                                "rule wins, this one is ignored\n"));
  assert_non_null (strstr (out, ".syscalls[10]: "));
  assert_null (strstr (out, ".syscalls[11]: "));
  assert_non_null (strstr (out, "hardenbench: warning: huge.json: and 49989 more warnings like "
                                "these\n"));

  /* Unknown syscall names: the same cap. */
  char *typos = xstrdup ("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [");
  for (int i = 0; i < 25; i++)
    {
      char *more = xasprintf ("%s%s{\"names\": [\"frob%d\", \"read\"], \"action\": "
                              "\"SCMP_ACT_LOG\"}", typos, i ? "," : "", i);
      free (typos);
      typos = more;
    }
  char *closed = xasprintf ("%s]}", typos);
  free (typos);
  cleanup_free char *out2 = capture_stderr (parse_unknowns, closed);
  free (closed);
  assert_int_equal (count_lines (out2), 11);
  assert_non_null (strstr (out2, ".syscalls[9].names[0]: unknown syscall \"frob9\""));
  assert_null (strstr (out2, "frob10"));
  assert_non_null (strstr (out2, "hardenbench: warning: typos.json: and 15 more warnings like "
                                 "these\n"));
}

static void
test_rule_without_text (void **state)
{
  (void) state;
  /* Rules built in memory (policy flags) have no file to point into. */
  cleanup_json json_t *obj = json_pack ("{s:[s], s:s, s:i}", "names", "chmod", "action",
                                        "SCMP_ACT_ERRNO", "errnoRet", 99999);
  hb_scmp_rule rule;
  hb_error *err = NULL;
  assert_int_equal (hb_scmp_rule_from_json (obj, &rule, NULL, NULL, ".seccomp.rules[2]", true,
                                            &err),
                    -1);
  assert_string_equal (err->msg, ".seccomp.rules[2].errnoRet: errno 99999 out of range 0..4095");
  hb_error_free (err);
}

/* ---- round trip ---------------------------------------------------------- */

static void
test_round_trip (void **state)
{
  (void) state;
  hb_error *err = NULL;
  hb_seccomp_profile *p = hb_seccomp_profile_load (FIXTURES "/valid-all-features.json", &err);
  assert_null (err);
  assert_non_null (p);
  assert_int_equal (p->default_errno, 38);
  assert_int_equal (p->architectures.n, 3);
  assert_int_equal (p->n_rules, 10);
  assert_string_equal (p->rules[0].comment, "basic I/O");
  assert_string_equal (p->rules[1].names.v[0], "close");   /* legacy "name" */
  assert_int_equal (p->rules[2].action, HB_SCMP_KILL_THREAD);
  assert_int_equal (p->rules[3].action, HB_SCMP_KILL_PROCESS);
  assert_int_equal (p->rules[5].action, HB_SCMP_TRACE);
  assert_int_equal (p->rules[5].errno_ret, 1);
  assert_int_equal (p->rules[6].action, HB_SCMP_NOTIFY);
  const hb_scmp_rule *sock = &p->rules[8];
  assert_int_equal (sock->n_args, 6);
  for (unsigned i = 0; i < 6; i++)
    assert_int_equal (sock->args[i].index, i);
  assert_int_equal (sock->args[0].op, HB_SCMP_CMP_NE);
  assert_int_equal (sock->args[5].op, HB_SCMP_CMP_GT);
  assert_true (sock->args[5].value == 9223372036854775807ULL);
  assert_true (sock->args[5].value_two == 6);
  const hb_scmp_rule *clone = &p->rules[9];
  assert_string_equal (clone->includes.min_kernel, "4.8");
  assert_int_equal (clone->excludes.caps.n, 2);
  assert_string_equal (clone->excludes.caps.v[1], "CAP_SYS_PTRACE");   /* normalised */
  assert_string_equal (clone->excludes.arches.v[0], "s390x");

  cleanup_json json_t *j1 = hb_seccomp_profile_to_json (p);
  cleanup_free char *text = json_dumps (j1, JSON_INDENT (2));
  hb_seccomp_profile *q = hb_seccomp_profile_parse (text, strlen (text), "round-trip", &err);
  assert_null (err);
  assert_non_null (q);
  cleanup_json json_t *j2 = hb_seccomp_profile_to_json (q);
  assert_true (json_equal (j1, j2));
  assert_int_equal (q->n_rules, p->n_rules);
  for (size_t i = 0; i < p->n_rules; i++)
    {
      assert_int_equal (q->rules[i].action, p->rules[i].action);
      assert_int_equal (q->rules[i].errno_ret, p->rules[i].errno_ret);
      assert_int_equal (q->rules[i].n_args, p->rules[i].n_args);
      assert_memory_equal (q->rules[i].args, p->rules[i].args,
                           p->rules[i].n_args * sizeof (hb_scmp_arg));
    }

  /* Copying a rule gives an equal, independent rule. */
  hb_scmp_rule copy;
  hb_scmp_rule_copy (&copy, &p->rules[9]);
  cleanup_json json_t *c1 = hb_scmp_rule_to_json (&copy);
  cleanup_json json_t *c2 = hb_scmp_rule_to_json (&p->rules[9]);
  assert_true (json_equal (c1, c2));
  hb_seccomp_profile_free (p);
  assert_string_equal (copy.includes.min_kernel, "4.8");
  hb_scmp_rule_clear (&copy);
  assert_int_equal (copy.errno_ret, -1);
  hb_seccomp_profile_free (q);

  /* The shipped default survives a round trip too. */
  p = hb_seccomp_profile_resolve ("default", &err);
  cleanup_json json_t *d1 = hb_seccomp_profile_to_json (p);
  cleanup_free char *dtext = json_dumps (d1, 0);
  q = hb_seccomp_profile_parse (dtext, strlen (dtext), "round-trip", &err);
  assert_non_null (q);
  cleanup_json json_t *d2 = hb_seccomp_profile_to_json (q);
  assert_true (json_equal (d1, d2));
  hb_seccomp_profile_free (p);
  hb_seccomp_profile_free (q);
}

/* ---- names, resolving ---------------------------------------------------- */

static void
test_names (void **state)
{
  (void) state;
  for (int a = HB_SCMP_KILL_PROCESS; a <= HB_SCMP_ALLOW; a++)
    {
      hb_scmp_action back;
      assert_int_equal (hb_scmp_action_parse (hb_scmp_action_name (a), &back), 0);
      assert_int_equal (back, a);
    }
  hb_scmp_action act;
  assert_int_equal (hb_scmp_action_parse ("SCMP_ACT_KILL_THREAD", &act), 0);
  assert_int_equal (act, HB_SCMP_KILL_THREAD);
  assert_int_equal (hb_scmp_action_parse ("SCMP_ACT_DENY", &act), -1);
  assert_int_equal (hb_scmp_action_parse ("scmp_act_allow", &act), -1);
  for (int o = HB_SCMP_CMP_NE; o <= HB_SCMP_CMP_MASKED_EQ; o++)
    {
      hb_scmp_op back;
      assert_int_equal (hb_scmp_op_parse (hb_scmp_op_name (o), &back), 0);
      assert_int_equal (back, o);
    }
  hb_scmp_op op;
  assert_int_equal (hb_scmp_op_parse ("SCMP_CMP_EQUAL", &op), -1);

  assert_true (hb_syscall_known ("read"));
  assert_true (hb_syscall_known ("openat2"));
  assert_true (hb_syscall_known ("arch_prctl"));        /* x86 only */
  assert_true (hb_syscall_known ("arm_fadvise64_64"));  /* arm only */
  assert_true (hb_syscall_known ("chown32"));           /* 32-bit only */
  assert_false (hb_syscall_known ("frobnicate"));
  assert_false (hb_syscall_known (""));
  assert_false (hb_syscall_known (NULL));
}

static void
test_resolve (void **state)
{
  (void) state;
  hb_error *err = NULL;
  hb_seccomp_profile *p = hb_seccomp_profile_resolve ("unconfined", &err);
  assert_non_null (p);
  assert_int_equal (p->default_action, HB_SCMP_ALLOW);
  assert_int_equal (p->n_rules, 0);
  assert_string_equal (p->source, "unconfined");
  hb_seccomp_profile_free (p);

  p = hb_seccomp_profile_resolve (FIXTURES "/valid-all-features.json", &err);
  assert_non_null (p);
  assert_string_equal (p->source, FIXTURES "/valid-all-features.json");
  hb_seccomp_profile_free (p);

  assert_null (hb_seccomp_profile_resolve ("strict", &err));
  assert_int_equal (err->status, HB_EXIT_INPUT);
  /* The message lists what is shipped (more profiles may be added). */
  assert_non_null (strstr (err->msg, "unknown seccomp profile \"strict\" (shipped: default, "
                                     "default-no-chmod, "));
  assert_non_null (strstr (err->msg, "unconfined; or give a file path)"));
  hb_error_free (err);
  err = NULL;

  /* A relative name that is really a path goes to the file. */
  assert_null (hb_seccomp_profile_resolve ("does-not-exist.json", &err));
  assert_non_null (strstr (err->msg, "does-not-exist.json"));
  hb_error_free (err);
  err = NULL;

  assert_null (hb_seccomp_profile_resolve ("..", &err));
  assert_int_equal (err->status, HB_EXIT_INPUT);
  hb_error_free (err);
  err = NULL;
  assert_null (hb_seccomp_profile_resolve ("", &err));
  hb_error_free (err);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_default_profile),
    cmocka_unit_test (test_no_chmod_differs_by_the_chmod_names),
    cmocka_unit_test (test_bad_profiles),
    cmocka_unit_test (test_invalid_utf8_names_the_byte),
    cmocka_unit_test (test_bad_inline),
    cmocka_unit_test (test_file_limits),
    cmocka_unit_test (test_unknown_syscall_strict),
    cmocka_unit_test (test_unknown_syscall_profile_warns),
    cmocka_unit_test (test_conflicting_rules_warn),
    cmocka_unit_test (test_warnings_capped),
    cmocka_unit_test (test_warnings_collected),
    cmocka_unit_test (test_rule_without_text),
    cmocka_unit_test (test_round_trip),
    cmocka_unit_test (test_names),
    cmocka_unit_test (test_resolve),
  };
  return cmocka_run_group_tests_name ("seccomp_profile", tests, group_setup, NULL);
}
