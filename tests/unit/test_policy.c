/* test_policy.c - unit tests of the policy model and the core helpers it
 * stands on: JSON locations, paths, tmpfs options, sizes, capability edits,
 * merge order, users, atomic saves. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/json_locate.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "policy/policy.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static void
test_json_locate_keys_and_values (void **state)
{
  const char *text = "{\n  \"a\": {\"b\": [1, {\"c\": true}]},\n  \"d\": \"x\"\n}";
  int line, col;
  assert_int_equal (json_locate (text, strlen (text), ".a.b[1].c", true, &line, &col), 0);
  assert_int_equal (line, 2);
  assert_int_equal (col, 19);
  assert_int_equal (json_locate (text, strlen (text), ".a.b[1].c", false, &line, &col), 0);
  assert_int_equal (col, 24);
  assert_int_equal (json_locate (text, strlen (text), ".d", false, &line, &col), 0);
  assert_int_equal (line, 3);
  assert_int_equal (col, 8);
  assert_int_equal (json_locate (text, strlen (text), ".zz", true, &line, &col), -1);
}

static void
test_container_path_normalize (void **state)
{
  hb_error *err = NULL;
  char *p = hb_container_path_normalize ("//var///lib/./nginx/", &err);
  assert_string_equal (p, "/var/lib/nginx");
  free (p);
  p = hb_container_path_normalize ("/", &err);
  assert_string_equal (p, "/");
  free (p);
  assert_null (hb_container_path_normalize ("/var/../etc", &err));
  assert_int_equal (err->status, HB_EXIT_USAGE);
  hb_error_free (err);
  err = NULL;
  assert_null (hb_container_path_normalize ("tmp", &err));
  hb_error_free (err);
}

static void
test_tmpfs_options (void **state)
{
  hb_error *err = NULL;
  char *o = hb_tmpfs_options_normalize ("rw,noexec,nosuid,nodev,size=64m,mode=1777,noexec", &err);
  assert_string_equal (o, "rw,noexec,nosuid,nodev,size=64m,mode=1777");
  free (o);
  assert_null (hb_tmpfs_options_normalize ("mode=999", &err));
  assert_non_null (strstr (err->msg, "mode=999"));
  hb_error_free (err);
  err = NULL;
  assert_null (hb_tmpfs_options_normalize ("exec,bogus", &err));
  assert_non_null (strstr (err->msg, "bogus"));
  hb_error_free (err);
}

static void
test_sizes (void **state)
{
  assert_int_equal (text_parse_size ("64m"), 64LL << 20);
  assert_int_equal (text_parse_size ("1g"), 1LL << 30);
  assert_int_equal (text_parse_size ("512KiB"), 512LL << 10);
  assert_int_equal (text_parse_size ("100"), 100);
  assert_int_equal (text_parse_size ("-1m"), -1);
  assert_int_equal (text_parse_size ("1e30g"), -1);
  assert_int_equal (text_parse_size ("12q"), -1);
  char *s = text_format_size (256LL << 20);
  assert_string_equal (s, "256m");
  free (s);
  s = text_format_size (1000);
  assert_string_equal (s, "1000");
  free (s);
}

static void
test_sanitize_strips_escapes (void **state)
{
  char *s = text_sanitize ("ok\x1b]52;c;ZXZpbA==\x07 \xc2\x9b" "31m");
  assert_null (strchr (s, '\x1b'));
  assert_null (strchr (s, '\x07'));
  assert_null (strstr (s, "\xc2\x9b"));
  free (s);
}

static void
test_cap_edits_last_wins (void **state)
{
  hb_error *err = NULL;
  cleanup_policy hb_policy *p = hb_policy_new ();
  assert_true (hb_policy_cap_enabled (p, "CHOWN"));
  assert_false (hb_policy_cap_enabled (p, "SYS_ADMIN"));
  assert_int_equal (hb_policy_cap_drop (p, "cap_chown", &err), 0);
  assert_false (hb_policy_cap_enabled (p, "CHOWN"));
  assert_int_equal (hb_policy_cap_add (p, "CHOWN", &err), 0);
  assert_true (hb_policy_cap_enabled (p, "CHOWN"));
  assert_int_equal (p->cap_drop.n, 0);
  assert_int_equal (p->cap_add.n, 0);
  assert_int_equal (hb_policy_cap_drop (p, "ALL", &err), 0);
  assert_int_equal (hb_policy_cap_add (p, "NET_BIND_SERVICE", &err), 0);
  assert_true (hb_policy_cap_enabled (p, "NET_BIND_SERVICE"));
  assert_false (hb_policy_cap_enabled (p, "KILL"));
  assert_int_equal (hb_policy_cap_add (p, "ALL", &err), 0);
  assert_int_equal (hb_policy_cap_drop (p, "SYS_ADMIN", &err), 0);
  assert_false (hb_policy_cap_enabled (p, "SYS_ADMIN"));
  assert_true (hb_policy_cap_enabled (p, "SYS_MODULE"));
  assert_true (hb_policy_cap_enabled (p, "CHOWN"));
  assert_int_equal (hb_policy_cap_add (p, "FLYING", &err), -1);
  assert_int_equal (err->status, HB_EXIT_USAGE);
  hb_error_free (err);
}

static void
test_failed_file_changes_nothing (void **state)
{
  hb_error *err = NULL;
  cleanup_policy hb_policy *p = hb_policy_new ();
  const char *text = "{\"read_only_root\": true, \"user\": \"5:5\", \"tmpfs\": [{\"path\": \"/x\"}],"
                     " \"capabilities\": {\"drop\": [\"NOPE\"]}}";
  assert_int_equal (hb_policy_apply_text (p, text, strlen (text), "t.json", &err), -1);
  assert_int_equal (err->status, HB_EXIT_INPUT);
  assert_non_null (strstr (err->msg, "t.json:1:"));
  assert_non_null (strstr (err->msg, ".capabilities.drop[0]"));
  hb_error_free (err);
  assert_false (p->read_only_root);
  assert_null (p->user);
  assert_int_equal (p->n_tmpfs, 0);
}

static void
test_round_trip (void **state)
{
  hb_error *err = NULL;
  cleanup_policy hb_policy *p = hb_policy_new ();
  const char *text =
    "{\"version\": 1, \"target\": {\"name\": \"web\", \"image\": \"nginx:1.25\"},"
    " \"read_only_root\": true,"
    " \"tmpfs\": [{\"path\": \"/tmp\", \"options\": \"rw,noexec,nosuid,nodev,size=64m\"}],"
    " \"volumes\": [{\"path\": \"/var/cache/nginx\", \"source\": \"nginx-cache\", \"read_only\": false}],"
    " \"capabilities\": {\"drop\": [\"ALL\"], \"add\": [\"NET_BIND_SERVICE\"]},"
    " \"seccomp\": {\"profile\": \"default\", \"rules\": [{\"names\": [\"chmod\", \"fchmod\", \"fchmodat\"],"
    "   \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 1}]},"
    " \"user\": \"101:101\", \"no_new_privileges\": true,"
    " \"limits\": {\"memory\": \"256m\", \"cpus\": 0.5, \"pids\": 100},"
    " \"process\": {\"entrypoint\": [\"/docker-entrypoint.sh\"], \"cmd\": [\"nginx\", \"-g\", \"daemon off;\"],"
    "   \"env\": [\"A=b\"], \"workdir\": \"/\", \"ports\": [\"80/tcp\"]}}";
  assert_int_equal (hb_policy_apply_text (p, text, strlen (text), "ex.json", &err), 0);
  assert_string_equal (p->target_image, "nginx:1.25");
  assert_int_equal (p->memory, 256LL << 20);
  assert_int_equal (p->pids, 100);
  assert_int_equal (p->n_seccomp_rules, 1);
  assert_int_equal (p->seccomp_rules[0].errno_ret, 1);
  assert_string_equal (p->process.cmd.v[2], "daemon off;");
  cleanup_free char *once = hb_policy_to_text (p);
  cleanup_policy hb_policy *q = hb_policy_new ();
  assert_int_equal (hb_policy_apply_text (q, once, strlen (once), "once.json", &err), 0);
  cleanup_free char *twice = hb_policy_to_text (q);
  assert_string_equal (once, twice);
}

static void
test_options_order (void **state)
{
  hb_error *err = NULL;
  char dir[] = "/tmp/hbt-policy-XXXXXX";
  assert_non_null (mkdtemp (dir));
  cleanup_free char *file = xasprintf ("%s/p.json", dir);
  const char *text = "{\"read_only_root\": false, \"limits\": {\"pids\": 7}}";
  assert_int_equal (file_write_atomic (file, text, strlen (text), false, 0600, &err), 0);
  char a0[] = "x", a1[] = "--read-only", a2[] = "--pids-limit=9", a3[] = "--policy", a5[] = "--frob";
  char *argv[] = { a0, a1, a2, a3, file, a5, NULL };
  hb_policy_opts opts = { 0 };
  int i = 1;
  assert_int_equal (hb_policy_opts_take (&opts, 6, argv, &i, &err), 1);
  assert_int_equal (hb_policy_opts_take (&opts, 6, argv, &i, &err), 1);
  assert_int_equal (hb_policy_opts_take (&opts, 6, argv, &i, &err), 1);
  assert_int_equal (i, 5);
  assert_int_equal (hb_policy_opts_take (&opts, 6, argv, &i, &err), 0);
  cleanup_policy hb_policy *p = hb_policy_new ();
  assert_int_equal (hb_policy_opts_apply (p, &opts, &err), 0);
  assert_true (p->read_only_root);
  assert_int_equal (p->pids, 9);
  hb_policy_opts_clear (&opts);
  unlink (file);
  rmdir (dir);
}

static void
test_atomic_write_never_clobbers (void **state)
{
  hb_error *err = NULL;
  char dir[] = "/tmp/hbt-write-XXXXXX";
  assert_non_null (mkdtemp (dir));
  cleanup_free char *file = xasprintf ("%s/out", dir);
  assert_int_equal (file_write_atomic (file, "one", 3, false, 0644, &err), 0);
  assert_int_equal (file_write_atomic (file, "two", 3, false, 0644, &err), -1);
  assert_int_equal (err->status, HB_EXIT_USAGE);
  hb_error_free (err);
  err = NULL;
  size_t len;
  cleanup_free char *data = file_read_all (file, 100, &len, HB_EXIT_INPUT, &err);
  assert_string_equal (data, "one");
  assert_int_equal (file_write_atomic (file, "three", 5, true, 0644, &err), 0);
  cleanup_free char *data2 = file_read_all (file, 100, &len, HB_EXIT_INPUT, &err);
  assert_string_equal (data2, "three");
  unlink (file);
  rmdir (dir);
}

static void
write_file (const char *dir, const char *name, const char *content)
{
  cleanup_free char *path = xasprintf ("%s/%s", dir, name);
  FILE *f = fopen (path, "w");
  assert_non_null (f);
  fputs (content, f);
  fclose (f);
}

static void
test_users (void **state)
{
  hb_error *err = NULL;
  char dir[] = "/tmp/hbt-users-XXXXXX";
  assert_non_null (mkdtemp (dir));
  cleanup_free char *etc = xasprintf ("%s/etc", dir);
  mkdir (etc, 0755);
  write_file (dir, "etc/passwd", "root:x:0:0::/root:/bin/sh\n# comment\nbroken line\n"
                                 "nginx:x:101:101::/var/cache/nginx:/bin/false\nodd:x:abc:1::/:/\n");
  write_file (dir, "etc/group", "root:x:0:\nnginx:x:101:\nadm:x:4:nginx,root\nweb:x:33:nginx\n");
  hb_rootfs root = { 0 };
  strv_push (&root.layers, dir);
  char *out = NULL;
  assert_int_equal (hb_user_resolve (&root, "nginx", &out, &err), 0);
  assert_string_equal (out, "101:101");
  free (out);
  assert_int_equal (hb_user_resolve (&root, "nginx:adm", &out, &err), 0);
  assert_string_equal (out, "101:4");
  free (out);
  assert_int_equal (hb_user_resolve (&root, "101", &out, &err), 0);
  assert_string_equal (out, "101:101");
  free (out);
  assert_int_equal (hb_user_resolve (&root, "odd", &out, &err), -1);
  hb_error_free (err);
  err = NULL;
  assert_int_equal (hb_user_resolve (NULL, "5:6", &out, &err), 0);
  assert_string_equal (out, "5:6");
  free (out);
  cleanup_strv strv groups = { 0 };
  hb_user_groups (&root, "nginx", 101, &groups);
  assert_int_equal (groups.n, 2);
  assert_string_equal (groups.v[0], "4");
  assert_string_equal (groups.v[1], "33");
  size_t n = 0;
  hb_user_entry *users = hb_user_list (&root, &n);
  assert_int_equal (n, 2);
  assert_string_equal (users[1].name, "nginx");
  assert_int_equal (users[1].uid, 101);
  hb_user_list_free (users, n);
  hb_rootfs_clear (&root);
  hb_error *rm = NULL;
  assert_int_equal (rm_rf (dir, &rm), 0);
}

static void
test_layers_whiteout_and_order (void **state)
{
  hb_error *err = NULL;
  char top[] = "/tmp/hbt-top-XXXXXX", low[] = "/tmp/hbt-low-XXXXXX";
  assert_non_null (mkdtemp (top));
  assert_non_null (mkdtemp (low));
  cleanup_free char *tetc = xasprintf ("%s/etc", top), *letc = xasprintf ("%s/etc", low);
  mkdir (tetc, 0755);
  mkdir (letc, 0755);
  write_file (low, "etc/passwd", "low:x:1:1::/:/\n");
  write_file (low, "etc/group", "g:x:1:\n");
  write_file (low, "etc/hosts", "127.0.0.1 low\n");
  write_file (top, "etc/passwd", "top:x:2:2::/:/\n");
  /* overlayfs whiteout: the top layer deleted /etc/group */
  cleanup_free char *wh = xasprintf ("%s/etc/group", top);
  assert_int_equal (mknod (wh, S_IFCHR | 0600, makedev (0, 0)), 0);
  hb_rootfs root = { 0 };
  strv_push (&root.layers, top);
  strv_push (&root.layers, low);
  cleanup_free char *pw = hb_rootfs_read_file (&root, "/etc/passwd", 1000, NULL, &err);
  assert_string_equal (pw, "top:x:2:2::/:/\n");
  cleanup_free char *hosts = hb_rootfs_read_file (&root, "/etc/hosts", 1000, NULL, &err);
  assert_string_equal (hosts, "127.0.0.1 low\n");
  assert_null (hb_rootfs_read_file (&root, "/etc/group", 1000, NULL, &err));
  assert_int_equal (err->status, HB_EXIT_NOT_FOUND);
  hb_error_free (err);
  err = NULL;
  assert_null (hb_rootfs_read_file (&root, "/etc/shadow", 1000, NULL, &err));
  assert_int_equal (err->status, HB_EXIT_NOT_FOUND);
  hb_error_free (err);
  hb_rootfs_clear (&root);
  hb_error *rm = NULL;
  rm_rf (top, &rm);
  rm_rf (low, &rm);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_json_locate_keys_and_values),
    cmocka_unit_test (test_container_path_normalize),
    cmocka_unit_test (test_tmpfs_options),
    cmocka_unit_test (test_sizes),
    cmocka_unit_test (test_sanitize_strips_escapes),
    cmocka_unit_test (test_cap_edits_last_wins),
    cmocka_unit_test (test_failed_file_changes_nothing),
    cmocka_unit_test (test_round_trip),
    cmocka_unit_test (test_options_order),
    cmocka_unit_test (test_atomic_write_never_clobbers),
    cmocka_unit_test (test_users),
    cmocka_unit_test (test_layers_whiteout_and_order),
  };
  return cmocka_run_group_tests_name ("policy", tests, NULL, NULL);
}
