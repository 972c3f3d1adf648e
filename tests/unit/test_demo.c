/* test_demo.c - the demo target: its root filesystem is built and complete,
 * and hb_demo_target describes the service that runs in it. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/cleanup.h"
#include "core/xalloc.h"
#include "engine/demo.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void
test_rootfs_built (void **state)
{
  (void) state;
  if (strcmp (HB_BUSYBOX, "no") == 0)
    skip ();  /* configure found no busybox: the demo is not built */
  setenv ("HARDENBENCH_DATADIR", HB_ABS_SRCDIR, 1);
  cleanup_free char *dir = hb_demo_rootfs_dir ();
  assert_string_equal (dir, HB_ABS_BUILDDIR "/demo-rootfs");
  const char *files[] = { "bin/busybox", "bin/sh", "bin/httpd", "bin/chmod", "bin/mktemp",
                          "app/app.sh", "etc/passwd", "etc/group", "srv/www/index.html" };
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
    {
      cleanup_free char *path = xasprintf ("%s/%s", dir, files[i]);
      struct stat st;
      if (stat (path, &st) < 0)
        fail_msg ("%s missing", path);
      assert_true (S_ISREG (st.st_mode));
    }
  const char *dirs[] = { "run", "tmp", "var/log/demo", "var/cache/demo" };
  for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
    {
      cleanup_free char *path = xasprintf ("%s/%s", dir, dirs[i]);
      struct stat st;
      assert_int_equal (stat (path, &st), 0);
      assert_true (S_ISDIR (st.st_mode));
    }
  cleanup_free char *app = xasprintf ("%s/app/app.sh", dir);
  assert_int_equal (access (app, X_OK), 0);
}

static void
test_demo_target (void **state)
{
  (void) state;
  if (strcmp (HB_BUSYBOX, "no") == 0)
    skip ();
  setenv ("HARDENBENCH_DATADIR", HB_ABS_SRCDIR, 1);
  hb_error *err = NULL;
  cleanup_target hb_target *t = hb_demo_target (&err);
  assert_non_null (t);
  assert_null (err);
  assert_int_equal (t->kind, HB_TARGET_DEMO);
  assert_string_equal (hb_target_kind_name (t->kind), "demo");
  assert_string_equal (t->name, "@demo");
  assert_int_equal (t->rootfs.layers.n, 1);
  assert_string_equal (t->rootfs.layers.v[0], HB_ABS_BUILDDIR "/demo-rootfs");
  const hb_policy *p = t->current;
  assert_string_equal (p->target_name, "@demo");
  assert_true (p->has_process);
  assert_int_equal (p->process.entrypoint.n, 1);
  assert_string_equal (p->process.entrypoint.v[0], "/app/app.sh");
  assert_true (strv_contains (&p->process.env, "DEMO_PORT=8080"));
  assert_true (strv_contains (&p->process.ports, "8080/tcp"));
  /* Today it runs like a default container: writable, root. */
  assert_false (p->read_only_root);
  assert_null (p->user);
  /* Its policy serialises with the process. */
  cleanup_json json_t *j = hb_policy_to_json (p);
  assert_string_equal (json_string_value (json_array_get (
                         json_object_get (json_object_get (j, "process"), "entrypoint"), 0)),
                       "/app/app.sh");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_rootfs_built),
    cmocka_unit_test (test_demo_target),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
