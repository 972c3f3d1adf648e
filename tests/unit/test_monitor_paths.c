/* test_monitor_paths.c - the pure parts of the monitor's /proc reading:
 * path normalisation, paths relative to a task's root, /proc/PID/status
 * parsing, the count map. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/cleanup.h"
#include "core/xalloc.h"
#include "monitor/countmap.h"
#include "monitor/resolve.h"

#include <stdio.h>
#include <string.h>

static void
test_normalize (void **state)
{
  (void) state;
  static const char *const t[][2] = {
    { "/", "/" }, { "//", "/" }, { "/a//b/", "/a/b" }, { "/a/./b", "/a/b" },
    { "/a/b/../c", "/a/c" }, { "/../..", "/" }, { "/a/../../b", "/b" },
    { "/var/lib/nginx/body/..", "/var/lib/nginx" }, { "/.hidden/..x", "/.hidden/..x" },
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
    {
      cleanup_free char *n = hb_path_normalize_lexical (t[i][0]);
      assert_string_equal (n, t[i][1]);
    }
  static const char *const j[][3] = {
    { "/srv", "x/y", "/srv/x/y" }, { "/srv", "../etc", "/etc" }, { "/srv", "/abs", "/abs" },
    { "/", "a", "/a" }, { "/a/b", "./c/../d", "/a/b/d" },
  };
  for (size_t i = 0; i < sizeof j / sizeof j[0]; i++)
    {
      cleanup_free char *n = hb_path_join_normalize (j[i][0], j[i][1]);
      assert_string_equal (n, j[i][2]);
    }
}

static void
test_inside_root (void **state)
{
  (void) state;
  static const char *const t[][3] = {
    { "/", "/var/lib", "/var/lib" },
    { "/srv/root", "/srv/root/var/lib", "/var/lib" },
    { "/srv/root", "/srv/root", "/" },
    { "/srv/root", "/srv/rootfs/x", "/srv/rootfs/x" },   /* not under the root: kept */
    { "/srv/root", "pipe:[123]", "pipe:[123]" },
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
    {
      cleanup_free char *n = hb_path_inside_root (t[i][0], t[i][1]);
      assert_string_equal (n, t[i][2]);
    }
  cleanup_free char *n = hb_path_inside_root (NULL, "/x");
  assert_string_equal (n, "/x");
}

static void
test_status_parse (void **state)
{
  (void) state;
  const char *text = "Name:\tnginx\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t4242\n"
                     "Ngid:\t0\nPid:\t4243\nPPid:\t1\nTracerPid:\t7\n"
                     "Uid:\t0\t33\t33\t33\nGid:\t0\t33\t33\t34\nFDSize:\t64\n"
                     "Groups:\t4 24 27 \nNStgid:\t4242\t12\nNSpid:\t4243\t13\n"
                     "CapInh:\t0000000000000000\nCapPrm:\t00000000a80425fb\n"
                     "CapEff:\t0000000000000401\n";
  hb_proc_status st;
  assert_int_equal (hb_proc_status_parse (text, &st), 0);
  assert_int_equal (st.tgid, 4242);
  assert_int_equal (st.nstgid, 12);
  assert_int_equal (st.fsuid, 33);
  assert_int_equal (st.fsgid, 34);
  assert_int_equal (st.n_groups, 3);
  assert_int_equal (st.groups[2], 27);
  assert_int_equal (st.cap_eff, 0x401);
  assert_int_equal (hb_proc_status_parse ("Name:\tx\n", &st), -1);
  /* Without NStgid (old kernels): unknown. */
  assert_int_equal (hb_proc_status_parse ("Tgid:\t5\n", &st), 0);
  assert_int_equal (st.nstgid, -1);
}

static void
test_countmap (void **state)
{
  (void) state;
  hb_countmap m = { 0 };
  char key[32];
  for (int round = 0; round < 3; round++)
    for (int i = 0; i < 5000; i++)
      {
        snprintf (key, sizeof key, "/p/%d", i);
        hb_countmap_add (&m, key, 1);
      }
  assert_int_equal (m.n, 5000);
  assert_string_equal (m.v[0].key, "/p/0");
  assert_string_equal (m.v[4999].key, "/p/4999");
  assert_int_equal (hb_countmap_get (&m, "/p/1234"), 3);
  assert_int_equal (hb_countmap_get (&m, "/nope"), 0);
  hb_countmap_clear (&m);
  assert_int_equal (hb_countmap_get (&m, "/p/1"), 0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_normalize),
    cmocka_unit_test (test_inside_root),
    cmocka_unit_test (test_status_parse),
    cmocka_unit_test (test_countmap),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
