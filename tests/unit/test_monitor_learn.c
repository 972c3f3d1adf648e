/* test_monitor_learn.c - the learn run's policy, the allowlist profile and
 * the proposed policy built from a learn record. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/xalloc.h"
#include "monitor/learn.h"
#include "policy/runtime_syscalls.h"
#include "policy/seccomp_profile.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static json_t *
learned_record (void)
{
  return json_pack ("{s:[s,s,s,s,s], s:[s,s,s,s], s:[s,s]}", "syscalls", "openat", "bind",
                    "syscall_9999", "read", "openat", "written_dirs", "/run", "/var/lib/nginx",
                    "/var/log/nginx", "/etc", "capabilities", "NET_BIND_SERVICE", "SETUID");
}

static void
test_run_policy (void **state)
{
  (void) state;
  cleanup_policy hb_policy *base = hb_policy_new ();
  base->read_only_root = true;
  strv_push (&base->cap_drop, "NET_RAW");
  strv_push (&base->cap_add, "SYS_PTRACE");
  assert_int_equal (hb_policy_seccomp_deny (base, "chmod", 1, NULL), 0);
  cleanup_policy hb_policy *p = hb_learn_run_policy (base, NULL);
  assert_non_null (p);
  assert_false (p->read_only_root);
  assert_int_equal (p->cap_drop.n, 0);
  assert_true (strv_contains (&p->cap_add, "SYS_PTRACE"));
  assert_string_equal (p->seccomp_profile, "unconfined");
  assert_int_equal (p->n_seccomp_rules, 0);
}

static void
test_profile_json (void **state)
{
  (void) state;
  cleanup_json json_t *rec = learned_record ();
  cleanup_json json_t *prof = hb_learn_profile_json (rec);
  assert_string_equal (json_string_value (json_object_get (prof, "defaultAction")),
                       "SCMP_ACT_ERRNO");
  json_t *rule = json_array_get (json_object_get (prof, "syscalls"), 0);
  assert_string_equal (json_string_value (json_object_get (rule, "action")), "SCMP_ACT_ALLOW");
  json_t *names = json_object_get (rule, "names");
  /* Sorted, unique, unknown numbers left out, the runtime's needs added. */
  strv want = { 0 };
  strv_push (&want, "bind");
  strv_push (&want, "openat");
  strv_push (&want, "read");
  for (size_t i = 0; i < hb_runtime_syscalls_n; i++)
    strv_add_unique (&want, hb_runtime_syscalls[i].name);
  strv_sort (&want);
  assert_int_equal (json_array_size (names), want.n);
  for (size_t i = 0; i < want.n; i++)
    assert_string_equal (json_string_value (json_array_get (names, i)), want.v[i]);
  strv_clear (&want);
  /* The seccomp parser takes it as a Docker profile. */
  cleanup_free char *text = json_dumps (prof, JSON_INDENT (2));
  hb_seccomp_profile *parsed = hb_seccomp_profile_parse (text, strlen (text), "learned", NULL);
  assert_non_null (parsed);
  assert_int_equal (parsed->default_action, HB_SCMP_ERRNO);
  hb_seccomp_profile_free (parsed);
}

static void
test_propose (void **state)
{
  (void) state;
  char dir[] = "/tmp/hbt-monitor-learn-XXXXXX";
  assert_non_null (mkdtemp (dir));
  cleanup_free char *policy_path = xasprintf ("%s/web.json", dir);
  cleanup_free char *profile_path = hb_learn_profile_path (policy_path);
  cleanup_free char *want_path = xasprintf ("%s/web.seccomp.json", dir);
  assert_string_equal (profile_path, want_path);

  cleanup_json json_t *rec = learned_record ();
  cleanup_json json_t *prof = hb_learn_profile_json (rec);
  cleanup_free char *text = json_dumps (prof, JSON_INDENT (2));
  assert_int_equal (file_write_atomic (profile_path, text, strlen (text), true, 0644, NULL), 0);

  cleanup_policy hb_policy *base = hb_policy_new ();
  base->user = xstrdup ("33:33");
  hb_error *err = NULL;
  cleanup_policy hb_policy *p = hb_learn_propose (base, rec, profile_path, &err);
  if (p == NULL)
    fail_msg ("%s", err->msg);
  assert_true (p->read_only_root);
  assert_int_equal (p->n_tmpfs, 3);   /* /etc is never a tmpfs */
  assert_string_equal (p->tmpfs[0].path, "/run");
  assert_string_equal (p->tmpfs[2].path, "/var/log/nginx");
  assert_true (strv_contains (&p->cap_drop, "ALL"));
  assert_int_equal (p->cap_add.n, 2);
  assert_true (hb_policy_cap_enabled (p, "NET_BIND_SERVICE"));
  assert_false (hb_policy_cap_enabled (p, "CHOWN"));
  assert_string_equal (p->seccomp_profile, profile_path);
  assert_string_equal (p->user, "33:33");
  assert_int_equal (hb_policy_save (p, policy_path, NULL), 0);
  assert_int_equal (rm_rf (dir, NULL), 0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_run_policy),
    cmocka_unit_test (test_profile_json),
    cmocka_unit_test (test_propose),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
