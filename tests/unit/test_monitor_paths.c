/* test_monitor_paths.c - the pure parts of the monitor's /proc reading:
 * path normalisation, paths relative to a task's root, /proc/PID/status
 * parsing, the count map; the owner and mode checks of perm-denied, and
 * that a container path is opened inside the task's root. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/cleanup.h"
#include "core/xalloc.h"
#include "core/fileio.h"
#include "monitor/countmap.h"
#include "monitor/perm.h"
#include "monitor/resolve.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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

static void
test_mode_denies (void **state)
{
  (void) state;
  hb_proc_status st = { .fsuid = 0, .fsgid = 0, .n_groups = 1, .groups = { 50 } };
  hb_perm_file f = { .uid = 1000, .gid = 1000, .mode = S_IFREG | 0600 };
  /* uid 0 is "other" to a 0600 file of uid 1000: only a capability helps. */
  assert_true (hb_perm_mode_denies (&f, &st, HB_MAY_WRITE));
  assert_true (hb_perm_mode_denies (&f, &st, HB_MAY_READ));
  f.mode = S_IFREG | 0606;
  assert_false (hb_perm_mode_denies (&f, &st, HB_MAY_READ | HB_MAY_WRITE));
  /* The owner class decides for the owner, even when "other" would allow. */
  st.fsuid = 1000;
  f.mode = S_IFREG | 0066;
  assert_true (hb_perm_mode_denies (&f, &st, HB_MAY_WRITE));
  /* A supplementary group gets the group bits. */
  st.fsuid = 0;
  f.gid = 50;
  f.mode = S_IFDIR | 0750;
  assert_true (hb_perm_mode_denies (&f, &st, HB_MAY_WRITE | HB_MAY_EXEC));
  assert_false (hb_perm_mode_denies (&f, &st, HB_MAY_READ | HB_MAY_EXEC));
  cleanup_free char *p1 = hb_perm_parent ("/tmp/d/f");
  cleanup_free char *p2 = hb_perm_parent ("/f");
  assert_string_equal (p1, "/tmp/d");
  assert_string_equal (p2, "/");
}

/* uid_map and gid_map texts: the second column is the reader's ids. */
static void
test_id_in_map (void **state)
{
  (void) state;
  const char *identity = "         0          0 4294967295\n";
  assert_true (hb_perm_id_in_map (identity, 0));
  assert_true (hb_perm_id_in_map (identity, 1000));
  const char *ranges = "0 100000 65536\n65536 1000 1\n";
  assert_true (hb_perm_id_in_map (ranges, 100000));
  assert_true (hb_perm_id_in_map (ranges, 165535));
  assert_false (hb_perm_id_in_map (ranges, 165536));
  assert_true (hb_perm_id_in_map (ranges, 1000));
  assert_false (hb_perm_id_in_map (ranges, 1001));
  assert_false (hb_perm_id_in_map (ranges, 0));
  /* Nothing mapped, unread or not a map: nothing is inside. */
  assert_false (hb_perm_id_in_map ("", 0));
  assert_false (hb_perm_id_in_map (NULL, 0));
  assert_false (hb_perm_id_in_map ("x y z\n", 0));
}

/* The root, user namespace and maps of a live task (ourselves), and
 * opening through the root kept. */
static void
test_root_read (void **state)
{
  (void) state;
  hb_perm_root r;
  assert_int_equal (hb_perm_root_read (getpid (), &r), 0);
  assert_true (r.fd >= 0 && r.mnt_id > 0 && r.userns > 0);
  assert_true (hb_perm_root_same_userns (&r, getpid ()));
  assert_true (hb_perm_root_ids_mapped (&r, getuid (), getgid ()));
  int fd = hb_perm_open_in (&r, "/proc/self/../self/..", false);
  assert_true (fd >= 0);
  unsigned mode = 0;
  assert_int_equal (hb_perm_mode (fd, &mode), 0);
  assert_true (S_ISDIR (mode));
  close (fd);
  assert_int_equal (hb_perm_open_in (&r, "relative", false), -1);
  assert_int_equal (errno, EINVAL);
  hb_perm_root_clear (&r);
  assert_int_equal (r.fd, -1);
  assert_int_equal (hb_perm_open_in (&r, "/", false), -1);
  assert_int_equal (errno, EBADF);
  assert_false (hb_perm_root_same_userns (&r, getpid ()));
  /* A task that is gone: nothing kept. */
  assert_int_equal (hb_perm_root_read (-1, &r), -1);
  assert_int_equal (r.fd, -1);
  assert_null (r.uid_map);
}

/* A symlink to an absolute path inside a task's root must lead inside that
 * root, never to the host's file of that name. */
static void
test_open_stays_inside_root (void **state)
{
  (void) state;
  char tmpl[] = "/tmp/hbt-perm-XXXXXX";
  assert_non_null (mkdtemp (tmpl));
  cleanup_free char *etc = xasprintf ("%s/etc", tmpl);
  cleanup_free char *mine = xasprintf ("%s/etc/hostname", tmpl);
  cleanup_free char *link = xasprintf ("%s/link", tmpl);
  assert_int_equal (mkdir (etc, 0755), 0);
  assert_int_equal (file_write_atomic (mine, "inside\n", 7, false, 0640, NULL), 0);
  assert_int_equal (chmod (mine, 0640), 0);
  assert_int_equal (symlink ("/etc/hostname", link), 0);
  pid_t pid = fork ();
  assert_true (pid >= 0);
  if (pid == 0)
    {
      /* A task whose root is the scratch directory (needs root; else the
       * open through /proc/PID/root below is of "/", tested as well). */
      if (chroot (tmpl) == 0)
        pause ();
      pause ();
      _exit (0);
    }
  usleep (100 * 1000);
  bool chrooted = false;
  {
    char path[64], buf[256];
    snprintf (path, sizeof path, "/proc/%d/root", (int) pid);
    ssize_t n = readlink (path, buf, sizeof buf - 1);
    chrooted = n > 0 && (buf[n] = '\0', strcmp (buf, tmpl) == 0);
  }
  if (chrooted)
    {
      int fd = hb_perm_open (pid, -1, "/link", false);
      assert_true (fd >= 0);
      hb_perm_file f;
      assert_int_equal (hb_perm_inspect (fd, &f), 0);
      assert_int_equal (f.mode & 07777, 0640);   /* ours, not the host's */
      close (fd);
      fd = hb_perm_open (pid, -1, "/link", true);
      assert_true (fd >= 0);
      assert_int_equal (hb_perm_inspect (fd, &f), 0);
      assert_true (S_ISLNK (f.mode));
      close (fd);
      /* ".." cannot climb out of it either. */
      fd = hb_perm_open (pid, -1, "/../../etc/hostname", false);
      assert_true (fd >= 0);
      assert_int_equal (hb_perm_inspect (fd, &f), 0);
      assert_int_equal (f.mode & 07777, 0640);
      close (fd);
    }
  assert_int_equal (hb_perm_open (pid, -1, "relative", false), -1);
  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
  rm_rf (tmpl, NULL);
  if (!chrooted)
    skip ();
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_normalize),
    cmocka_unit_test (test_inside_root),
    cmocka_unit_test (test_status_parse),
    cmocka_unit_test (test_countmap),
    cmocka_unit_test (test_mode_denies),
    cmocka_unit_test (test_id_in_map),
    cmocka_unit_test (test_root_read),
    cmocka_unit_test (test_open_stays_inside_root),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
