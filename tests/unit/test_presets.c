/* test_presets.c - every shipped preset parses, explains its paths and
 * matches the images it names; matching rules; applying presets and add-ons;
 * malformed preset files are rejected; the strict-web seccomp profile loads
 * and allows none of the dangerous syscalls. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/cleanup.h"
#include "core/xalloc.h"
#include "policy/presets.h"
#include "policy/seccomp_profile.h"

#include <string.h>

static hb_preset_set set;

static int
load_shipped (void **state)
{
  (void) state;
  hb_error *err = NULL;
  cleanup_free char *dir = xasprintf ("%s/profiles/presets", HB_ABS_SRCDIR);
  if (hb_presets_load_dir (dir, &set, &err) < 0)
    {
      fprintf (stderr, "%s\n", err->msg);
      hb_error_free (err);
      return -1;
    }
  return 0;
}

static int
free_shipped (void **state)
{
  (void) state;
  hb_preset_set_clear (&set);
  return 0;
}

static void
test_all_presets_load (void **state)
{
  (void) state;
  const char *names[] = { "ecs-exec", "nginx", "nginx-unprivileged", "node", "php-fpm",
                          "phpmyadmin", "postgres", "redis" };
  assert_int_equal (set.n, sizeof names / sizeof names[0]);
  for (size_t i = 0; i < set.n; i++)
    {
      const hb_preset *p = &set.v[i];
      assert_string_equal (p->name, names[i]);
      assert_true (strlen (p->description) > 20);
      assert_true (p->paths.n > 0);
      assert_int_equal (p->paths.n, p->reasons.n);
      for (size_t k = 0; k < p->reasons.n; k++)
        assert_true (strlen (p->reasons.v[k]) > 20);
      assert_int_equal (p->addon, strcmp (p->name, "ecs-exec") == 0);
      /* A preset's policy applies to a fresh policy and opens exactly its paths. */
      cleanup_policy hb_policy *pol = hb_policy_new ();
      hb_error *err = NULL;
      assert_int_equal (hb_preset_apply_to (pol, p, &err), 0);
      assert_int_equal (pol->n_tmpfs + pol->n_volumes, p->paths.n);
      if (!p->addon)
        {
          assert_true (pol->read_only_root);
          assert_true (pol->no_new_privileges);
          assert_true (pol->cap_drop.n == 1 && strcmp (pol->cap_drop.v[0], "ALL") == 0);
        }
    }
}

static void
test_presets_match_their_images (void **state)
{
  (void) state;
  for (size_t i = 0; i < set.n; i++)
    for (size_t k = 0; k < set.v[i].images.n; k++)
      {
        const char *pattern = set.v[i].images.v[k];
        if (strpbrk (pattern, "*?[") != NULL)
          continue;
        assert_true (hb_preset_matches (&set.v[i], pattern));
        cleanup_free char *tagged = xasprintf ("%s:latest", pattern);
        assert_true (hb_preset_matches (&set.v[i], tagged));
      }
  struct { const char *image, *preset; } cases[] = {
    { "nginx:1.25", "nginx" },
    { "nginx:1.25-alpine", "nginx" },
    { "docker.io/library/nginx:latest", "nginx" },
    { "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "nginx" },
    { "nginxinc/nginx-unprivileged:1.25", "nginx-unprivileged" },
    { "php:8.3-fpm", "php-fpm" },
    { "php:fpm-alpine", "php-fpm" },
    { "phpmyadmin:5.2", "phpmyadmin" },
    { "phpmyadmin/phpmyadmin", "phpmyadmin" },
    { "node:20-bookworm", "node" },
    { "postgres:16", "postgres" },
    { "redis:7-alpine", "redis" },
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
      cleanup_strv strv names = { 0 };
      hb_presets_for_image (&set, cases[i].image, &names);
      if (names.n != 1 || strcmp (names.v[0], cases[i].preset) != 0)
        fail_msg ("%s: expected only %s, got %zu presets", cases[i].image, cases[i].preset,
                  names.n);
    }
  const char *none[] = { "php:8.3-apache", "php:8.3-cli", "bitnami/nginx", "nginxx",
                         "mynginx:1", "localhost:5000/redis-tools", "", "busybox" };
  for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
    {
      cleanup_strv strv names = { 0 };
      hb_presets_for_image (&set, none[i], &names);
      if (names.n != 0)
        fail_msg ("%s matched %s", none[i], names.v[0]);
    }
  /* An add-on matches nothing. */
  assert_false (hb_preset_matches (hb_preset_find (&set, "ecs-exec"), "nginx"));
}

static void
test_apply_preset_and_addon (void **state)
{
  (void) state;
  cleanup_policy hb_policy *p = hb_policy_new ();
  hb_error *err = NULL;
  /* What the target had stays unless the preset names it. */
  p->memory = 1 << 30;
  p->target_image = xstrdup ("nginx:1.25");
  assert_int_equal (hb_policy_set_tmpfs (p, "/srv/cache", "rw", &err), 0);
  strv_push (&p->cap_add, "SYS_ADMIN");
  assert_int_equal (hb_preset_apply_to (p, hb_preset_find (&set, "nginx"), &err), 0);
  assert_int_equal (hb_preset_apply_to (p, hb_preset_find (&set, "ecs-exec"), &err), 0);
  assert_true (p->read_only_root);
  assert_int_equal (p->memory, 1 << 30);
  assert_string_equal (p->target_image, "nginx:1.25");
  assert_false (strv_contains (&p->cap_add, "SYS_ADMIN"));
  assert_true (strv_contains (&p->cap_add, "NET_BIND_SERVICE"));
  const char *want[] = { "/srv/cache", "/var/cache/nginx", "/var/run", "/var/lib/amazon",
                         "/var/log/amazon" };
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
    {
      bool found = false;
      for (size_t k = 0; k < p->n_tmpfs; k++)
        found = found || strcmp (p->tmpfs[k].path, want[i]) == 0;
      if (!found)
        fail_msg ("no tmpfs %s", want[i]);
    }
  for (size_t k = 0; k < p->n_tmpfs; k++)
    if (strcmp (p->tmpfs[k].path, "/var/lib/amazon") == 0)
      assert_non_null (strstr (p->tmpfs[k].options, "mode=0700"));
  assert_int_equal (p->n_volumes, 1);
  assert_string_equal (p->volumes[0].path, "/etc/nginx/conf.d");
  assert_null (p->volumes[0].source);
}

static void
test_apply_by_name (void **state)
{
  (void) state;
  setenv ("HARDENBENCH_DATADIR", HB_ABS_SRCDIR, 1);
  cleanup_policy hb_policy *p = hb_policy_new ();
  hb_error *err = NULL;
  assert_int_equal (hb_preset_apply (p, "redis", &err), 0);
  assert_int_equal (p->n_volumes, 1);
  assert_string_equal (p->volumes[0].path, "/data");
  assert_int_equal (hb_preset_apply (p, "no-such-preset", &err), -1);
  assert_int_equal (err->status, HB_EXIT_NOT_FOUND);
  hb_error_free (err);
}

static void
expect_bad (const char *text, const char *needle)
{
  hb_preset p;
  hb_error *err = NULL;
  assert_int_equal (hb_preset_parse (text, strlen (text), "bad.json", &p, &err), -1);
  assert_non_null (err);
  assert_int_equal (err->status, HB_EXIT_INPUT);
  if (strstr (err->msg, needle) == NULL)
    fail_msg ("%s: expected '%s'", err->msg, needle);
  hb_error_free (err);
}

static void
test_bad_presets (void **state)
{
  (void) state;
  expect_bad ("[]", "a preset is a JSON object");
  expect_bad ("{\"preset\": {}, \"policy\": {}, \"x\": 1}", ".x: unknown key");
  expect_bad ("{\"preset\": {\"name\": \"a\", \"description\": \"d\", \"images\": [\"a\"], "
              "\"paths\": {}}, \"policy\": {\"read_only_rot\": true}}",
              "read_only_rot");
  /* a writable path nobody explained */
  expect_bad ("{\"preset\": {\"name\": \"a\", \"description\": \"d\", \"images\": [\"a\"], "
              "\"paths\": {}}, \"policy\": {\"tmpfs\": [{\"path\": \"/tmp\", \"options\": \"rw\"}]}}",
              "/tmp is writable but not explained");
  /* an explanation of a path the policy does not open */
  expect_bad ("{\"preset\": {\"name\": \"a\", \"description\": \"d\", \"images\": [\"a\"], "
              "\"paths\": {\"/data\": \"why\"}}, \"policy\": {}}",
              "/data is explained but the policy does not mount it");
  expect_bad ("{\"preset\": {\"name\": \"A b\", \"description\": \"d\", \"images\": [\"a\"], "
              "\"paths\": {}}, \"policy\": {}}", ".preset.name");
  expect_bad ("{\"preset\": {\"name\": \"a\", \"description\": \"d\", \"paths\": {}}, "
              "\"policy\": {}}", "needs at least one image pattern");
  expect_bad ("{\"preset\": {\"name\": \"a\", \"description\": \"d\", \"addon\": true, "
              "\"images\": [\"x\"], \"paths\": {}}, \"policy\": {}}", "an add-on matches no image");
  expect_bad ("{\"preset\": {\"name\": \"a\"", "bad.json:1:");
}

static void
test_strict_web_profile (void **state)
{
  (void) state;
  hb_error *err = NULL;
  cleanup_free char *path = xasprintf ("%s/profiles/seccomp/strict-web.json", HB_ABS_SRCDIR);
  hb_seccomp_profile *prof = hb_seccomp_profile_load (path, &err);
  if (prof == NULL)
    fail_msg ("%s", err->msg);
  assert_int_equal (prof->default_action, HB_SCMP_ERRNO);
  assert_non_null (prof->description);
  assert_non_null (strstr (prof->description, "static web servers"));
  const char *forbidden[] = { "mount", "umount2", "unshare", "setns", "ptrace", "bpf", "keyctl",
                              "add_key", "kexec_load", "init_module", "finit_module", "chroot",
                              "pivot_root", "clock_settime", "settimeofday", "swapon", "reboot",
                              "personality", "userfaultfd", "perf_event_open", "open_by_handle_at",
                              "chmod", "fchmod", "fchmodat", "mknod", "process_vm_writev" };
  size_t n_allow = 0;
  for (size_t r = 0; r < prof->n_rules; r++)
    {
      const hb_scmp_rule *rule = &prof->rules[r];
      for (size_t k = 0; k < rule->names.n; k++)
        {
          const char *name = rule->names.v[k];
          if (!hb_syscall_known (name))
            fail_msg ("%s: not a syscall", name);
          if (rule->action != HB_SCMP_ALLOW)
            continue;
          n_allow++;
          for (size_t f = 0; f < sizeof forbidden / sizeof forbidden[0]; f++)
            if (strcmp (name, forbidden[f]) == 0)
              fail_msg ("strict-web allows %s", name);
          /* clone only without namespace flags */
          if (strcmp (name, "clone") == 0)
            assert_int_equal (rule->n_args, 1);
        }
    }
  assert_true (n_allow > 100);
  hb_seccomp_profile_free (prof);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_all_presets_load),
    cmocka_unit_test (test_presets_match_their_images),
    cmocka_unit_test (test_apply_preset_and_addon),
    cmocka_unit_test (test_apply_by_name),
    cmocka_unit_test (test_bad_presets),
    cmocka_unit_test (test_strict_web_profile),
  };
  return cmocka_run_group_tests (tests, load_shipped, free_shipped);
}
