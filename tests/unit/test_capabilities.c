/* test_capabilities.c - the capability table and Docker's cap-drop/cap-add rules. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "policy/capabilities.h"
#include "core/strv.h"

#include <stdlib.h>
#include <string.h>

static const char *const docker_defaults[] = {
  "CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW", "SETGID",
  "SETUID", "SETFCAP", "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE",
};

static unsigned long long
bit (const char *name)
{
  const hb_capability *c = hb_cap_lookup (name);
  assert_non_null (c);
  return 1ULL << c->number;
}

static unsigned long long
default_mask (void)
{
  unsigned long long m = 0;
  for (size_t i = 0; i < sizeof docker_defaults / sizeof *docker_defaults; i++)
    m |= bit (docker_defaults[i]);
  return m;
}

static void
test_table_complete (void **state)
{
  (void) state;
  size_t n = 0;
  const hb_capability *t = hb_cap_table (&n);
  assert_int_equal (n, 41);
  assert_int_equal (HB_CAP_COUNT, 41);
  unsigned long long seen = 0;
  for (size_t i = 0; i < n; i++)
    {
      assert_true (t[i].number >= 0 && t[i].number <= 40);
      assert_false (seen & (1ULL << t[i].number));
      seen |= 1ULL << t[i].number;
      for (size_t j = 0; j < i; j++)
        assert_string_not_equal (t[i].name, t[j].name);
      /* Names are upper case without the prefix, as --cap-add takes them. */
      assert_null (strstr (t[i].name, "CAP_"));
      for (const char *p = t[i].name; *p; p++)
        assert_true ((*p >= 'A' && *p <= 'Z') || *p == '_');
      assert_ptr_equal (hb_cap_by_number (t[i].number), &t[i]);
    }
  assert_true (seen == (1ULL << 41) - 1);
  assert_string_equal (hb_cap_by_number (0)->name, "CHOWN");
  assert_string_equal (hb_cap_by_number (21)->name, "SYS_ADMIN");
  assert_string_equal (hb_cap_by_number (40)->name, "CHECKPOINT_RESTORE");
  assert_null (hb_cap_by_number (41));
  assert_null (hb_cap_by_number (-1));
}

static void
test_texts_present (void **state)
{
  (void) state;
  size_t n = 0;
  const hb_capability *t = hb_cap_table (&n);
  for (size_t i = 0; i < n; i++)
    {
      const char *texts[] = { t[i].summary, t[i].risk, t[i].needed_by };
      for (size_t k = 0; k < 3; k++)
        {
          assert_non_null (texts[k]);
          size_t len = strlen (texts[k]);
          /* A sentence: more than a word, ending with a full stop. */
          assert_true (len > 15);
          assert_int_equal (texts[k][len - 1], '.');
          assert_true (texts[k][0] >= 'A' && texts[k][0] <= 'Z');
        }
    }
}

static void
test_exactly_docker_defaults (void **state)
{
  (void) state;
  size_t n = 0, count = 0;
  const hb_capability *t = hb_cap_table (&n);
  for (size_t i = 0; i < n; i++)
    if (t[i].docker_default)
      {
        count++;
        bool listed = false;
        for (size_t k = 0; k < sizeof docker_defaults / sizeof *docker_defaults; k++)
          listed |= strcmp (docker_defaults[k], t[i].name) == 0;
        assert_true (listed);
      }
  assert_int_equal (count, 14);
  assert_true (hb_cap_effective_mask (NULL, NULL) == default_mask ());
}

static void
test_lookup (void **state)
{
  (void) state;
  assert_int_equal (hb_cap_lookup ("chown")->number, 0);
  assert_int_equal (hb_cap_lookup ("CAP_CHOWN")->number, 0);
  assert_int_equal (hb_cap_lookup ("cap_net_bind_service")->number, 10);
  assert_int_equal (hb_cap_lookup ("Sys_Admin")->number, 21);
  assert_int_equal (hb_cap_lookup ("CAP_BPF")->number, 39);
  assert_null (hb_cap_lookup ("SYS_ADMINX"));
  assert_null (hb_cap_lookup ("CAP_"));
  assert_null (hb_cap_lookup (""));
  assert_null (hb_cap_lookup ("ALL"));
  assert_null (hb_cap_lookup (NULL));
  assert_null (hb_cap_lookup ("CAPCHOWN"));
}

static void
test_normalize (void **state)
{
  (void) state;
  char *s = hb_cap_normalize ("cap_net_admin");
  assert_string_equal (s, "NET_ADMIN");
  free (s);
  s = hb_cap_normalize ("all");
  assert_string_equal (s, "ALL");
  free (s);
  s = hb_cap_normalize ("Kill");
  assert_string_equal (s, "KILL");
  free (s);
  assert_null (hb_cap_normalize ("CAP_FLY"));
  assert_null (hb_cap_normalize (NULL));
}

static void
test_drop_all_then_add (void **state)
{
  (void) state;
  strv drop = { 0 }, add = { 0 }, out = { 0 };
  strv_push (&drop, "ALL");
  strv_push (&add, "CHOWN");
  assert_true (hb_cap_effective_mask (&drop, &add) == bit ("CHOWN"));
  hb_cap_effective (&drop, &add, &out);
  assert_int_equal (out.n, 1);
  assert_string_equal (out.v[0], "CHOWN");
  strv_clear (&out);
  /* Order of the lists does not matter: drops first, then adds. */
  strv_clear (&drop);
  strv_clear (&add);
  strv_push (&add, "cap_net_bind_service");
  strv_push (&drop, "all");
  assert_true (hb_cap_effective_mask (&drop, &add) == bit ("NET_BIND_SERVICE"));
  /* Dropping and adding the same capability keeps it. */
  strv_clear (&drop);
  strv_push (&drop, "NET_BIND_SERVICE");
  assert_true (hb_cap_effective_mask (&drop, &add) == default_mask ());
  strv_clear (&drop);
  strv_clear (&add);
}

static void
test_add_all (void **state)
{
  (void) state;
  strv drop = { 0 }, add = { 0 }, out = { 0 };
  strv_push (&add, "ALL");
  assert_true (hb_cap_effective_mask (NULL, &add) == (1ULL << 41) - 1);
  strv_push (&drop, "SYS_ADMIN");
  /* add ALL wins over a drop, as in Docker. */
  assert_true (hb_cap_effective_mask (&drop, &add) == (1ULL << 41) - 1);
  hb_cap_effective (&drop, &add, &out);
  assert_int_equal (out.n, 41);
  for (size_t i = 0; i < out.n; i++)
    assert_int_equal (hb_cap_lookup (out.v[i])->number, (int) i);  /* sorted by number */
  strv_clear (&out);
  strv_clear (&drop);
  strv_clear (&add);
}

static void
test_drop_one_default (void **state)
{
  (void) state;
  strv drop = { 0 }, add = { 0 }, out = { 0 };
  strv_push (&drop, "NET_RAW");
  strv_push (&drop, "CAP_MKNOD");
  strv_push (&add, "SYS_PTRACE");
  unsigned long long m = hb_cap_effective_mask (&drop, &add);
  assert_true (m == ((default_mask () & ~bit ("NET_RAW") & ~bit ("MKNOD")) | bit ("SYS_PTRACE")));
  hb_cap_effective (&drop, &add, &out);
  assert_int_equal (out.n, 13);
  assert_false (strv_contains (&out, "NET_RAW"));
  assert_false (strv_contains (&out, "MKNOD"));
  assert_true (strv_contains (&out, "SYS_PTRACE"));
  assert_string_equal (out.v[0], "CHOWN");
  strv_clear (&out);
  /* Unknown names change nothing. */
  strv_clear (&drop);
  strv_clear (&add);
  strv_push (&drop, "NOT_A_CAP");
  assert_true (hb_cap_effective_mask (&drop, NULL) == default_mask ());
  strv_clear (&drop);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_table_complete),
    cmocka_unit_test (test_texts_present),
    cmocka_unit_test (test_exactly_docker_defaults),
    cmocka_unit_test (test_lookup),
    cmocka_unit_test (test_normalize),
    cmocka_unit_test (test_drop_all_then_add),
    cmocka_unit_test (test_add_all),
    cmocka_unit_test (test_drop_one_default),
  };
  return cmocka_run_group_tests_name ("capabilities", tests, NULL, NULL);
}
