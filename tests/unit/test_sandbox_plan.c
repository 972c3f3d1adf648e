/* test_sandbox_plan.c - policy + target -> the trial's plan (pure). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sandbox/plan.h"
#include "sandbox/userns.h"
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

static char tmpl[] = "/tmp/hbt-sandbox-plan-XXXXXX";
static hb_target *target;

static int
setup (void **state)
{
  (void) state;
  assert_non_null (mkdtemp (tmpl));
  cleanup_free char *etc = xasprintf ("%s/etc", tmpl);
  assert_int_equal (mkdir_p (etc, 0755, NULL), 0);
  cleanup_free char *passwd = xasprintf ("%s/passwd", etc);
  cleanup_free char *group = xasprintf ("%s/group", etc);
  const char *pw = "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001:app:/srv/app:/bin/sh\n";
  const char *gr = "root:x:0:\napp:x:1001:\nextra:x:2000:app,other\nwheel:x:10:root\n";
  assert_int_equal (file_write_atomic (passwd, pw, strlen (pw), true, 0644, NULL), 0);
  assert_int_equal (file_write_atomic (group, gr, strlen (gr), true, 0644, NULL), 0);
  target = hb_target_from_dir (tmpl, NULL);
  assert_non_null (target);
  return 0;
}

static int
teardown (void **state)
{
  (void) state;
  hb_target_free (target);
  rm_rf (tmpl, NULL);
  return 0;
}

static ssize_t
find_mount (const hb_plan *p, const char *target_path, hb_mount_kind kind)
{
  for (size_t i = 0; i < p->n_mounts; i++)
    if (p->mounts[i].kind == kind && strcmp (p->mounts[i].target, target_path) == 0)
      return (ssize_t) i;
  return -1;
}

static void
test_default_plan (void **state)
{
  (void) state;
  cleanup_policy hb_policy *pol = hb_policy_new ();
  strv cmd = { 0 };
  strv_push (&cmd, "/bin/true");
  hb_error *err = NULL;
  cleanup_plan hb_plan *p = hb_plan_build (target, pol, &cmd, "nameserver 127.0.0.53\nnameserver 10.0.0.1\n", &err);
  strv_clear (&cmd);
  assert_non_null (p);
  assert_int_equal (p->caps, 0xa80425fbULL);
  assert_int_equal (p->cap_bounding, p->caps);
  assert_int_equal (p->cap_permitted, p->caps);
  assert_int_equal (p->cap_effective, p->caps);
  assert_int_equal (p->cap_inheritable, 0);
  assert_int_equal (p->cap_ambient, 0);
  assert_int_equal (p->uid, 0);
  assert_int_equal (p->gid, 0);
  /* root: primary group, then /etc/group memberships */
  assert_true (p->n_groups >= 2);
  assert_int_equal (p->groups[0], 0);
  assert_int_equal (p->groups[1], 10);
  assert_string_equal (p->cwd, "/");
  assert_string_equal (p->hostname, HB_TRIAL_HOSTNAME);
  assert_true (strv_contains (&p->env, "PATH=" HB_DEFAULT_PATH));
  assert_true (strv_contains (&p->env, "HOSTNAME=" HB_TRIAL_HOSTNAME));
  assert_true (strv_contains (&p->env, "HOME=/root"));
  /* order: Docker's init layer first, /dev before its submounts, masks
   * after /proc, the provided files last (after any tmpfs /etc) */
  ssize_t init = find_mount (p, "/", HB_MNT_INIT_LAYER);
  ssize_t hostname = find_mount (p, "/etc/hostname", HB_MNT_FILE);
  ssize_t dev = find_mount (p, "/dev", HB_MNT_FS);
  ssize_t devices = find_mount (p, "/dev", HB_MNT_DEVICES);
  ssize_t pts = find_mount (p, "/dev/pts", HB_MNT_FS);
  ssize_t proc = find_mount (p, "/proc", HB_MNT_FS);
  ssize_t kcore = find_mount (p, "/proc/kcore", HB_MNT_MASK);
  ssize_t psys = find_mount (p, "/proc/sys", HB_MNT_READONLY);
  ssize_t sys = find_mount (p, "/sys", HB_MNT_FS);
  assert_true (init == 0);
  assert_true (hostname == (ssize_t) p->n_mounts - 3);
  assert_true (dev > init && devices > dev && pts > devices);
  assert_true (proc > 0 && kcore > proc && psys > proc && sys > 0);
  /* runc's and Docker's current masked paths, after the /sys mount */
  static const char *const masked[] = {
    "/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys",
    "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
    "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap", HB_PLAN_MASK_EACH_CPU,
  };
  for (size_t i = 0; i < sizeof masked / sizeof masked[0]; i++)
    assert_true (find_mount (p, masked[i], HB_MNT_MASK) > sys);
  static const char *const readonly[] = {
    "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
  };
  for (size_t i = 0; i < sizeof readonly / sizeof readonly[0]; i++)
    assert_true (find_mount (p, readonly[i], HB_MNT_READONLY) > proc);
  assert_true (p->mounts[dev].no_symlink && p->mounts[proc].no_symlink && p->mounts[sys].no_symlink);
  assert_true (p->mounts[sys].attrs & MOUNT_ATTR_RDONLY);
  ssize_t resolv = find_mount (p, "/etc/resolv.conf", HB_MNT_FILE);
  assert_string_equal (p->mounts[resolv].content, "nameserver 10.0.0.1\n");
  ssize_t hosts = find_mount (p, "/etc/hosts", HB_MNT_FILE);
  assert_non_null (strstr (p->mounts[hosts].content, "127.0.0.1\tlocalhost\n"));
}

static void
test_user_and_caps (void **state)
{
  (void) state;
  cleanup_policy hb_policy *pol = hb_policy_new ();
  pol->user = xstrdup ("1000");
  strv_push (&pol->cap_drop, "ALL");
  strv_push (&pol->cap_add, "NET_BIND_SERVICE");
  pol->no_new_privileges = true;
  pol->has_process = true;
  strv_push (&pol->process.entrypoint, "/entry");
  strv_push (&pol->process.cmd, "serve");
  strv_push (&pol->process.env, "PATH=/opt/bin");
  pol->process.workdir = xstrdup ("/srv/app");
  hb_error *err = NULL;
  cleanup_plan hb_plan *p = hb_plan_build (target, pol, NULL, NULL, &err);
  assert_non_null (p);
  assert_int_equal (p->uid, 1000);
  assert_int_equal (p->gid, 1001);          /* from passwd */
  assert_int_equal (p->groups[0], 1001);
  assert_int_equal (p->n_groups, 2);
  assert_int_equal (p->groups[1], 2000);
  assert_int_equal (p->caps, 1ULL << 10);
  assert_int_equal (p->cap_bounding, 1ULL << 10);
  assert_int_equal (p->cap_permitted, 0);   /* non-root: as Docker */
  assert_int_equal (p->cap_effective, 0);
  assert_true (p->no_new_privs);
  assert_int_equal (p->argv.n, 2);
  assert_string_equal (p->argv.v[0], "/entry");
  assert_string_equal (p->argv.v[1], "serve");
  assert_true (strv_contains (&p->env, "PATH=/opt/bin"));
  assert_false (strv_contains (&p->env, "PATH=" HB_DEFAULT_PATH));
  assert_true (strv_contains (&p->env, "HOME=/srv/app"));
  assert_string_equal (p->cwd, "/srv/app");

  /* `-- CMD` replaces cmd, keeps the entrypoint (docker run IMAGE CMD) */
  strv cmd = { 0 };
  strv_push (&cmd, "debug");
  cleanup_plan hb_plan *q = hb_plan_build (target, pol, &cmd, NULL, &err);
  strv_clear (&cmd);
  assert_non_null (q);
  assert_int_equal (q->argv.n, 2);
  assert_string_equal (q->argv.v[1], "debug");
}

static void
test_no_command (void **state)
{
  (void) state;
  cleanup_policy hb_policy *pol = hb_policy_new ();
  hb_error *err = NULL;
  assert_null (hb_plan_build (target, pol, NULL, NULL, &err));
  assert_int_equal (err->status, HB_EXIT_SANDBOX);
  assert_non_null (strstr (err->msg, "no command"));
  hb_error_free (err);
}

static void
test_tmpfs_and_volumes (void **state)
{
  (void) state;
  cleanup_policy hb_policy *pol = hb_policy_new ();
  assert_int_equal (hb_policy_set_tmpfs (pol, "/run", "exec,size=1m,mode=0755", NULL), 0);
  assert_int_equal (hb_policy_set_volume (pol, "/data", NULL, true, NULL), 0);
  assert_int_equal (hb_policy_set_volume (pol, "/named", "cache", false, NULL), 0);
  assert_int_equal (hb_policy_set_volume (pol, "/host", "/srv/data", false, NULL), 0);
  strv cmd = { 0 };
  strv_push (&cmd, "x");
  cleanup_plan hb_plan *p = hb_plan_build (target, pol, &cmd, NULL, NULL);
  strv_clear (&cmd);
  assert_non_null (p);
  ssize_t run = find_mount (p, "/run", HB_MNT_FS);
  assert_true (run >= 0);
  assert_string_equal (p->mounts[run].fstype, "tmpfs");
  assert_non_null (strstr (p->mounts[run].options, "size=1m"));
  assert_false (p->mounts[run].attrs & MOUNT_ATTR_NOEXEC);
  assert_true (p->mounts[run].attrs & MOUNT_ATTR_NOSUID);
  ssize_t data = find_mount (p, "/data", HB_MNT_SCRATCH);
  assert_true (data > run);
  assert_true (p->mounts[data].read_only);
  /* Anonymous and named volumes start with the image's files; host paths do not. */
  assert_true (p->mounts[data].copy_image);
  assert_true (p->mounts[find_mount (p, "/named", HB_MNT_SCRATCH)].copy_image);
  assert_false (p->mounts[find_mount (p, "/host", HB_MNT_SCRATCH)].copy_image);
}

/* A tmpfs over /etc: the provided files are mounted after it (else it
 * would hide them), the user keeps the image's groups (Docker resolves
 * them in the image) but HOME is "/" (runc finds no passwd there). */
static void
test_tmpfs_etc (void **state)
{
  (void) state;
  cleanup_policy hb_policy *pol = hb_policy_new ();
  assert_int_equal (hb_policy_set_tmpfs (pol, "/etc", NULL, NULL), 0);
  pol->user = xstrdup ("1000");
  strv cmd = { 0 };
  strv_push (&cmd, "x");
  cleanup_plan hb_plan *p = hb_plan_build (target, pol, &cmd, NULL, NULL);
  strv_clear (&cmd);
  assert_non_null (p);
  ssize_t etc = find_mount (p, "/etc", HB_MNT_FS);
  assert_true (etc >= 0);
  assert_true (find_mount (p, "/etc/hostname", HB_MNT_FILE) > etc);
  assert_true (find_mount (p, "/etc/hosts", HB_MNT_FILE) > etc);
  assert_true (find_mount (p, "/etc/resolv.conf", HB_MNT_FILE) > etc);
  assert_int_equal (p->gid, 1001);
  assert_true (p->n_groups == 2 && p->groups[1] == 2000);
  assert_true (strv_contains (&p->env, "HOME=/"));
}

static void
test_tmpfs_options (void **state)
{
  (void) state;
  char *o = NULL;
  unsigned a = 0;
  assert_int_equal (hb_plan_tmpfs_options (NULL, &o, &a, NULL), 0);
  assert_null (o);
  assert_int_equal (a, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
  assert_int_equal (hb_plan_tmpfs_options ("ro,suid,dev,size=64m,mode=1777", &o, &a, NULL), 0);
  assert_string_equal (o, "size=64m,mode=1777");
  assert_int_equal (a, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOEXEC);
  free (o);
  hb_error *err = NULL;
  assert_int_equal (hb_plan_tmpfs_options ("size=1m;rm -rf", &o, &a, &err), -1);
  assert_int_equal (err->status, HB_EXIT_INPUT);
  hb_error_free (err);
  err = NULL;
  assert_int_equal (hb_plan_tmpfs_options ("lowerdir=/etc", &o, &a, &err), -1);
  hb_error_free (err);
}

static void
test_parse_user (void **state)
{
  (void) state;
  uid_t u;
  gid_t g;
  bool has;
  assert_int_equal (hb_plan_parse_user ("101:102", &u, &g, &has, NULL), 0);
  assert_int_equal (u, 101);
  assert_int_equal (g, 102);
  assert_true (has);
  assert_int_equal (hb_plan_parse_user (NULL, &u, &g, &has, NULL), 0);
  assert_int_equal (u, 0);
  assert_false (has);
  const char *bad[] = { "www", "-1", "1:", "1:x", "4294967295", "1:2:3" };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    {
      hb_error *err = NULL;
      assert_int_equal (hb_plan_parse_user (bad[i], &u, &g, &has, &err), -1);
      hb_error_free (err);
    }
}

static void
test_subid_find (void **state)
{
  (void) state;
  const char *text = "# comment\nalice:100000:65536\n1001:200000:1000\nbad:x:1\nzero:5:0\n"
                     "wrap:4294967000:1000\n";
  unsigned long start = 0, count = 0;
  assert_true (hb_subid_find (text, "alice", 999, &start, &count));
  assert_int_equal (start, 100000);
  assert_int_equal (count, 65536);
  assert_true (hb_subid_find (text, "bob", 1001, &start, &count));
  assert_int_equal (start, 200000);
  assert_int_equal (count, 1000);
  assert_false (hb_subid_find (text, "bad", 5, &start, &count));
  assert_false (hb_subid_find (text, "zero", 5, &start, &count));
  assert_false (hb_subid_find (text, "wrap", 5, &start, &count));
  assert_false (hb_subid_find (NULL, "alice", 5, &start, &count));
}

/* A single-id map: only container root exists; a range: 1..count too. */
static void
test_idmap_fit_plan (void **state)
{
  (void) state;
  hb_idmap single = { .host_uid = 1001, .host_gid = 1001 };
  hb_idmap range = { .host_uid = 1001, .host_gid = 1001, .range = true,
                     .sub_uid = 100000, .sub_uid_count = 65536,
                     .sub_gid = 100000, .sub_gid_count = 65536 };
  cleanup_policy hb_policy *pol = hb_policy_new ();
  strv cmd = { 0 };
  strv_push (&cmd, "/bin/true");
  hb_error *err = NULL;
  strv notes = { 0 };
  cleanup_plan hb_plan *p = hb_plan_build (target, pol, &cmd, NULL, &err);
  assert_non_null (p);
  assert_int_equal (hb_idmap_fit_plan (&single, p, &notes, &err), 0);
  assert_true (p->userns);
  for (size_t i = 0; i < p->n_mounts; i++)
    if (p->mounts[i].fstype && strcmp (p->mounts[i].fstype, "devpts") == 0)
      assert_null (strstr (p->mounts[i].options, "gid=5"));
  /* root's groups: 0 and wheel (10), which a single map lacks */
  assert_int_equal (p->n_groups, 1);
  assert_int_equal (notes.n, 1);
  assert_non_null (strstr (notes.v[0], "supplementary groups 10 not set"));
  strv_clear (&notes);

  pol->user = xstrdup ("1000");
  cleanup_plan hb_plan *q = hb_plan_build (target, pol, &cmd, NULL, &err);
  assert_non_null (q);
  assert_int_equal (hb_idmap_fit_plan (&single, q, &notes, &err), -1);
  assert_int_equal (err->status, HB_EXIT_SANDBOX);
  assert_non_null (strstr (err->msg, "container uid 1000 cannot exist"));
  hb_error_free (err);
  err = NULL;
  assert_int_equal (hb_idmap_fit_plan (&range, q, &notes, &err), 0);
  assert_int_equal (q->uid, 1000);
  assert_int_equal (q->n_groups, 2);   /* 1001 and extra (2000) */
  assert_int_equal (notes.n, 0);
  assert_false (hb_idmap_has_uid (&range, 65537));
  assert_true (hb_idmap_has_gid (&range, 65536));
  strv_clear (&notes);
  strv_clear (&cmd);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_default_plan),
    cmocka_unit_test (test_user_and_caps),
    cmocka_unit_test (test_no_command),
    cmocka_unit_test (test_tmpfs_etc),
    cmocka_unit_test (test_tmpfs_and_volumes),
    cmocka_unit_test (test_tmpfs_options),
    cmocka_unit_test (test_parse_user),
    cmocka_unit_test (test_subid_find),
    cmocka_unit_test (test_idmap_fit_plan),
  };
  return cmocka_run_group_tests (tests, setup, teardown);
}
