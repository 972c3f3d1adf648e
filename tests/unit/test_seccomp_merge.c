/* test_seccomp_merge.c - base profile + policy rules = effective profile. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "policy/seccomp_merge.h"
#include "core/cleanup.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void
test_policy_rules_take_precedence (void **state)
{
  (void) state;
  const char *json =
    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
    "{\"names\": [\"chmod\", \"fchmod\", \"read\"], \"action\": \"SCMP_ACT_ALLOW\"},"
    "{\"names\": [\"uname\"], \"action\": \"SCMP_ACT_ALLOW\"}]}";
  hb_error *err = NULL;
  hb_seccomp_profile *base = hb_seccomp_profile_parse (json, strlen (json), "t.json", &err);
  assert_non_null (base);
  cleanup_policy hb_policy *pol = hb_policy_new ();
  assert_int_equal (hb_policy_seccomp_deny (pol, "chmod", EACCES, &err), 0);
  assert_int_equal (hb_policy_seccomp_deny (pol, "uname", EPERM, &err), 0);
  cleanup_seccomp_profile hb_seccomp_profile *p = base;
  hb_seccomp_apply_rules (p, pol->seccomp_rules, pol->n_seccomp_rules);
  /* The policy's chmod rule comes first; the base rules lose the names the
   * policy decides.  "deny uname with EPERM" equals the default action, so
   * it is not added (libseccomp refuses it): removing uname from the base
   * allowlist is what makes the default deny it. */
  assert_int_equal (p->n_rules, 2);
  assert_string_equal (p->rules[0].names.v[0], "chmod");
  assert_int_equal (p->rules[0].action, HB_SCMP_ERRNO);
  assert_int_equal (p->rules[0].errno_ret, EACCES);
  assert_int_equal (p->rules[1].names.n, 2);
  assert_false (strv_contains (&p->rules[1].names, "chmod"));
  assert_true (strv_contains (&p->rules[1].names, "fchmod"));
  assert_true (strv_contains (&p->rules[1].names, "read"));
  for (size_t i = 0; i < p->n_rules; i++)
    assert_false (strv_contains (&p->rules[i].names, "uname"));
}

static void
test_effective_unconfined_and_default (void **state)
{
  (void) state;
  setenv ("HARDENBENCH_DATADIR", HB_ABS_SRCDIR, 1);
  hb_error *err = NULL;
  cleanup_policy hb_policy *pol = hb_policy_new ();
  assert_int_equal (hb_policy_set_seccomp_profile (pol, "unconfined", &err), 0);
  assert_int_equal (hb_policy_seccomp_deny (pol, "mount", EPERM, &err), 0);
  cleanup_seccomp_profile hb_seccomp_profile *p = hb_seccomp_effective (pol, &err);
  assert_non_null (p);
  assert_int_equal (p->default_action, HB_SCMP_ALLOW);
  assert_int_equal (p->n_rules, 1);

  cleanup_policy hb_policy *def = hb_policy_new ();
  cleanup_seccomp_profile hb_seccomp_profile *d = hb_seccomp_effective (def, &err);
  assert_non_null (d);
  assert_int_equal (d->default_action, HB_SCMP_ERRNO);
  assert_true (d->n_rules > 0);

  cleanup_policy hb_policy *bad = hb_policy_new ();
  bad->seccomp_profile = strdup ("/nonexistent/profile.json");
  assert_null (hb_seccomp_effective (bad, &err));
  assert_non_null (err);
  hb_error_free (err);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_policy_rules_take_precedence),
    cmocka_unit_test (test_effective_unconfined_and_default),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
