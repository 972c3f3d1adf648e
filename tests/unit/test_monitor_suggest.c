/* test_monitor_suggest.c - suggestions from denials (tables), their JSON
 * form, and applying them to a policy. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/cleanup.h"
#include "core/xalloc.h"
#include "monitor/suggest.h"
#include "policy/policy.h"

#include <string.h>

static void
fill (strv *s, const char *const *v)
{
  for (; v && *v; v++)
    strv_push (s, *v);
}

static void
expect (const strv *got, const char *const *want)
{
  size_t n = 0;
  for (; want[n]; n++)
    {
      assert_true (n < got->n);
      assert_string_equal (got->v[n], want[n]);
    }
  assert_int_equal (got->n, n);
}

typedef struct dir_case {
  const char *paths[8];
  const char *dirs[6];
  const char *mkdirs[4];   /* which of paths were denied mkdirs */
} dir_case;

static const dir_case dir_cases[] = {
  /* A denied create of a pid file: its directory. */
  { { "/var/run/nginx.pid" }, { "/var/run" } },
  /* A denied mkdir: the parent, not the new directory. */
  { { "/var/lib/nginx/body" }, { "/var/lib/nginx" } },
  /* Forty files under one tree: the outermost directory only. */
  { { "/var/lib/nginx/body", "/var/lib/nginx/body/0001", "/var/lib/nginx/proxy/x/y",
      "/var/lib/nginx/fastcgi" },
    { "/var/lib/nginx" } },
  /* Several apps' directories, sorted, duplicates once. */
  { { "/var/log/nginx/error.log", "/run/nginx.pid", "/var/log/nginx/access.log", "/tmp/x" },
    { "/run", "/tmp", "/var/log/nginx" } },
  /* Never /, /etc, /usr, /var, /bin, /lib, /sbin themselves. */
  { { "/etc/resolv.conf", "/core", "/usr/foo", "/var/foo", "/bin/x", "/lib/y", "/sbin/z" },
    { NULL } },
  /* Nothing under /proc, /sys, /dev; deeper directories of /etc are fine. */
  { { "/proc/sys/kernel/x", "/sys/fs/cgroup/a", "/dev/shm/q", "/etc/nginx/conf.d/a.conf" },
    { "/etc/nginx/conf.d" } },
  /* Unresolved and relative paths suggest nothing; dots are normalised. */
  { { "?cwd/x", "relative/y", "/var/cache/./app/../app/f" }, { "/var/cache/app" } },
  /* A denied mkdir whose parent is shared or a system directory: the new
   * directory itself, not /var/lib or /etc. */
  { { "/var/lib/app", "/etc/app", "/var/lib/nginx/body" },
    { "/etc/app", "/var/lib/app", "/var/lib/nginx" },
    { "/var/lib/app", "/etc/app", "/var/lib/nginx/body" } },
  /* A file written directly in /var/lib (not a mkdir): that directory. */
  { { "/var/lib/file" }, { "/var/lib" } },
  { { "/etc/x" }, { NULL } },
  /* A prefix that is not a parent directory does not absorb. */
  { { "/srv/app/a", "/srv/application/b" }, { "/srv/app", "/srv/application" } },
};

static void
test_writable_dirs (void **state)
{
  (void) state;
  for (size_t i = 0; i < sizeof dir_cases / sizeof dir_cases[0]; i++)
    {
      cleanup_strv strv in = { 0 };
      cleanup_strv strv out = { 0 };
      cleanup_strv strv mk = { 0 };
      fill (&in, dir_cases[i].paths);
      fill (&mk, dir_cases[i].mkdirs);
      hb_suggest_writable_dirs (&in, &mk, &out);
      expect (&out, dir_cases[i].dirs);
    }
}

static void
test_dir_allowed (void **state)
{
  (void) state;
  static const struct { const char *dir; bool ok; } t[] = {
    { "/", false }, { "/etc", false }, { "/usr", false }, { "/var", false }, { "/bin", false },
    { "/lib", false }, { "/sbin", false }, { "/usr/lib", false }, { "/proc", false },
    { "/proc/sys", false }, { "/dev/shm", false }, { "/sys/fs", false }, { "relative", false },
    { "/var/lib/nginx", true }, { "/run", true }, { "/tmp", true }, { "/etc/nginx", true },
    { "/devices", true }, { "/var/run", true },
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
    assert_int_equal (hb_suggest_dir_allowed (t[i].dir), t[i].ok);
}

static void
test_build_and_json (void **state)
{
  (void) state;
  static const char *const paths[] = { "/var/lib/nginx/body", "/run/nginx.pid", NULL };
  static const char *const sys[] = { "chmod", "fchmodat", "chmod", NULL };
  static const char *const caps[] = { "CAP_NET_BIND_SERVICE", "CAP_CHOWN", "cap_setuid",
                                      "CHOWN", NULL };
  cleanup_strv strv p = { 0 };
  cleanup_strv strv s = { 0 };
  cleanup_strv strv c = { 0 };
  fill (&p, paths);
  fill (&s, sys);
  fill (&c, caps);
  hb_suggestions sg = { 0 };
  hb_suggestions_build (&p, NULL, &s, &c, &sg);
  expect (&sg.tmpfs, (const char *const[]) { "/run", "/var/lib/nginx", NULL });
  expect (&sg.allow_syscalls, (const char *const[]) { "chmod", "fchmodat", NULL });
  expect (&sg.cap_add, (const char *const[]) { "CHOWN", "NET_BIND_SERVICE", "SETUID", NULL });
  assert_false (hb_suggestions_empty (&sg));
  {
    cleanup_strv strv only_gid = { 0 };
    strv_push (&only_gid, "CAP_SETGID");
    hb_suggestions pair = { 0 };
    hb_suggestions_build (NULL, NULL, NULL, &only_gid, &pair);
    expect (&pair.cap_add, (const char *const[]) { "SETGID", "SETUID", NULL });
    hb_suggestions_clear (&pair);
  }

  cleanup_json json_t *j = hb_suggestions_to_json (&sg);
  cleanup_free char *text = json_dumps (j, JSON_COMPACT);
  assert_string_equal (text, "{\"tmpfs\":[\"/run\",\"/var/lib/nginx\"],"
                             "\"allow_syscalls\":[\"chmod\",\"fchmodat\"],"
                             "\"cap_add\":[\"CHOWN\",\"NET_BIND_SERVICE\",\"SETUID\"]}");
  hb_suggestions back = { 0 };
  assert_int_equal (hb_suggestions_from_json (j, &back, NULL), 0);
  expect (&back.cap_add, (const char *const[]) { "CHOWN", "NET_BIND_SERVICE", "SETUID", NULL });
  hb_suggestions_clear (&back);
  hb_suggestions_clear (&sg);

  hb_error *err = NULL;
  cleanup_json json_t *bad = json_pack ("{s:[i]}", "tmpfs", 3);
  assert_int_equal (hb_suggestions_from_json (bad, &back, &err), -1);
  assert_non_null (strstr (err->msg, ".tmpfs[0]"));
  hb_error_free (err);
  hb_suggestions_clear (&back);
}

static void
test_apply (void **state)
{
  (void) state;
  cleanup_policy hb_policy *p = hb_policy_new ();
  p->read_only_root = true;
  strv_push (&p->cap_drop, "ALL");
  assert_int_equal (hb_policy_set_tmpfs (p, "/tmp", "rw,size=16m", NULL), 0);
  hb_suggestions sg = { 0 };
  strv_push (&sg.tmpfs, "/var/lib/nginx");
  strv_push (&sg.tmpfs, "/tmp/cache");   /* already under the /tmp tmpfs */
  strv_push (&sg.tmpfs, "/etc");         /* never */
  strv_push (&sg.allow_syscalls, "chmod");
  strv_push (&sg.cap_add, "NET_BIND_SERVICE");
  hb_error *err = NULL;
  assert_int_equal (hb_suggestions_apply (p, &sg, &err), 3);
  assert_int_equal (p->n_tmpfs, 2);
  assert_string_equal (p->tmpfs[1].path, "/var/lib/nginx");
  assert_non_null (strstr (p->tmpfs[1].options, "noexec"));
  assert_non_null (strstr (p->tmpfs[1].options, "nosuid"));
  assert_non_null (strstr (p->tmpfs[1].options, "nodev"));
  assert_true (hb_policy_cap_enabled (p, "NET_BIND_SERVICE"));
  assert_false (hb_policy_cap_enabled (p, "CHOWN"));
  bool allowed = false;
  for (size_t i = 0; i < p->n_seccomp_rules; i++)
    allowed |= p->seccomp_rules[i].action == HB_SCMP_ALLOW
               && strv_contains (&p->seccomp_rules[i].names, "chmod");
  assert_true (allowed);
  /* A second application changes nothing more: convergence is monotonic. */
  assert_int_equal (hb_suggestions_apply (p, &sg, &err), 0);
  assert_int_equal (p->n_tmpfs, 2);
  hb_suggestions_clear (&sg);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_writable_dirs),
    cmocka_unit_test (test_dir_allowed),
    cmocka_unit_test (test_build_and_json),
    cmocka_unit_test (test_apply),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
