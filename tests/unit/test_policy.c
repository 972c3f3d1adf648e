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

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
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

/* One pass gives the same places as locating each element on its own. */
static void
test_json_locate_elements (void **state)
{
  (void) state;
  const char *text = "{\"s\": [\n  {\"n\": [\"a\", \"b\"]},\n  7, \"x\",\n  [[]]\n], \"t\": 1}";
  size_t len = strlen (text);
  int lines[5] = { 0 }, cols[5] = { 0 };
  assert_int_equal (json_locate_elements (text, len, ".s", 5, lines, cols), 4);
  for (size_t i = 0; i < 4; i++)
    {
      char path[16];
      int line, col;
      snprintf (path, sizeof path, ".s[%zu]", i);
      assert_int_equal (json_locate (text, len, path, false, &line, &col), 0);
      assert_int_equal (lines[i], line);
      assert_int_equal (cols[i], col);
    }
  assert_int_equal (lines[2], 3);
  assert_int_equal (cols[2], 6);
  /* fewer slots than elements: only those are filled */
  assert_int_equal (json_locate_elements (text, len, ".s", 2, lines, cols), 2);
  assert_int_equal (json_locate_elements (text, len, ".t", 2, lines, cols), -1);
  assert_int_equal (json_locate_elements (text, len, ".zz", 2, lines, cols), -1);
  assert_int_equal (json_locate_elements ("{\"s\": [ ]}", 11, ".s", 2, lines, cols), 0);
  char *p = json_path_index (".s", 0);
  assert_string_equal (p, ".s[0]");
  free (p);
  p = json_path_index ("", 1234567);
  assert_string_equal (p, "[1234567]");
  free (p);
  p = json_path_key (".a[2]", "b");
  assert_string_equal (p, ".a[2].b");
  free (p);
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

/* A policy file of n tmpfs mounts, n volumes and n seccomp rules; the
 * tmpfs entry at dup_at (if < n) repeats the first one's path. */
static char *
huge_policy_text (size_t n, size_t dup_at)
{
  json_t *tmpfs = json_array (), *vols = json_array (), *rules = json_array ();
  for (size_t i = 0; i < n; i++)
    {
      cleanup_free char *tp = xasprintf ("/t/%zu", i == dup_at ? (size_t) 0 : i);
      cleanup_free char *vp = xasprintf ("/v/%zu", i);
      json_array_append_new (tmpfs, json_pack ("{s:s, s:s}", "path", tp, "options", "rw,size=1m"));
      json_array_append_new (vols, json_pack ("{s:s, s:n, s:b}", "path", vp, "source", "read_only", 0));
      json_array_append_new (rules, json_pack ("{s:[s], s:s, s:[{s:I, s:I, s:s}]}", "names", "chmod",
                                               "action", "SCMP_ACT_ERRNO", "args", "index",
                                               (json_int_t) 1, "value", (json_int_t) i, "op",
                                               "SCMP_CMP_EQ"));
    }
  cleanup_json json_t *root = json_pack ("{s:i, s:o, s:o, s:{s:s, s:o}}", "version", 1, "tmpfs",
                                         tmpfs, "volumes", vols, "seccomp", "profile", "default",
                                         "rules", rules);
  return json_dumps (root, JSON_INDENT (1) | JSON_PRESERVE_ORDER);
}

/* Loading is linear: 50k entries of each list load, keep their order and
 * round-trip (each was checked against every earlier one before, and each
 * rule's place searched for from the start of the text: minutes). */
static void
test_huge_policy_loads (void **state)
{
  enum { N = 50000 };
  hb_error *err = NULL;
  cleanup_free char *text = huge_policy_text (N, N);
  cleanup_policy hb_policy *p = hb_policy_new ();
  assert_int_equal (hb_policy_apply_text (p, text, strlen (text), "huge.json", &err), 0);
  assert_int_equal (p->n_tmpfs, N);
  assert_int_equal (p->n_volumes, N);
  assert_int_equal (p->n_seccomp_rules, N);
  assert_string_equal (p->tmpfs[N - 1].path, "/t/49999");
  assert_string_equal (p->tmpfs[N - 1].options, "rw,size=1m");
  assert_string_equal (p->volumes[12345].path, "/v/12345");
  assert_int_equal (p->seccomp_rules[N - 1].args[0].value, N - 1);
  /* Each rule knows its place in the file, found in one pass. */
  int line = 0, col = 0;
  assert_int_equal (json_locate (text, strlen (text), ".seccomp.rules[49999]", false, &line, &col), 0);
  assert_int_equal (p->seccomp_rules[N - 1].line, line);
  assert_int_equal (p->seccomp_rules[N - 1].column, col);

  cleanup_free char *once = hb_policy_to_text (p);
  cleanup_policy hb_policy *q = hb_policy_new ();
  assert_int_equal (hb_policy_apply_text (q, once, strlen (once), "once.json", &err), 0);
  cleanup_free char *twice = hb_policy_to_text (q);
  assert_string_equal (once, twice);

  /* A repeat at the very end is still found, at its own place. */
  cleanup_free char *dup = huge_policy_text (N, N - 1);
  cleanup_policy hb_policy *r = hb_policy_new ();
  assert_int_equal (hb_policy_apply_text (r, dup, strlen (dup), "dup.json", &err), -1);
  assert_int_equal (err->status, HB_EXIT_INPUT);
  assert_non_null (strstr (err->msg, ".tmpfs[49999].path: /t/0 is already a tmpfs mount"));
  hb_error_free (err);
  err = NULL;
  assert_int_equal (r->n_tmpfs, 0);

  /* A volume at a path the file's tmpfs holds, and the other way round:
   * a tmpfs of the file at a volume the policy had. */
  const char *clash = "{\"tmpfs\": [{\"path\": \"/a\"}, {\"path\": \"/b\"}],"
                      " \"volumes\": [{\"path\": \"/c\"}, {\"path\": \"/b/\"}]}";
  cleanup_policy hb_policy *s = hb_policy_new ();
  assert_int_equal (hb_policy_apply_text (s, clash, strlen (clash), "clash.json", &err), -1);
  assert_non_null (strstr (err->msg, ".volumes[1].path: /b is already a tmpfs mount"));
  hb_error_free (err);
  err = NULL;
  assert_int_equal (hb_policy_set_volume (s, "/z", NULL, false, &err), 0);
  const char *over = "{\"tmpfs\": [{\"path\": \"/y\"}, {\"path\": \"/z\"}]}";
  assert_int_equal (hb_policy_apply_text (s, over, strlen (over), "over.json", &err), -1);
  assert_non_null (strstr (err->msg, ".tmpfs[1]: /z is also a volume"));
  hb_error_free (err);
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

/* Replacing (policy save, learn, the TUI's export, side files) replaces
 * only a regular file; anything else stays as it was, and no temporary
 * file is left beside it. */
static void
test_atomic_write_replaces_only_regular_files (void **state)
{
  hb_error *err = NULL;
  char dir[] = "/tmp/hbt-replace-XXXXXX";
  assert_non_null (mkdtemp (dir));
  cleanup_free char *fifo = xasprintf ("%s/fifo", dir);
  cleanup_free char *sub = xasprintf ("%s/dir", dir);
  cleanup_free char *sock = xasprintf ("%s/sock", dir);
  cleanup_free char *dev = xasprintf ("%s/zero", dir);
  cleanup_free char *link = xasprintf ("%s/link", dir);
  cleanup_free char *file = xasprintf ("%s/file", dir);
  assert_int_equal (mkfifo (fifo, 0644), 0);
  assert_int_equal (mkdir (sub, 0755), 0);
  int s = socket (AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un sa = { .sun_family = AF_UNIX };
  snprintf (sa.sun_path, sizeof sa.sun_path, "%s", sock);
  assert_int_equal (bind (s, (struct sockaddr *) &sa, sizeof sa), 0);
  close (s);
  bool have_dev = geteuid () == 0 && mknod (dev, S_IFCHR | 0666, makedev (1, 5)) == 0;

  const struct { const char *path; const char *says; mode_t type; } cases[] = {
    { fifo, "a FIFO, not a regular file", S_IFIFO },
    { sub, "a directory, not a regular file", S_IFDIR },
    { sock, "a socket, not a regular file", S_IFSOCK },
    { have_dev ? dev : NULL, "a character device, not a regular file", S_IFCHR },
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
      if (cases[i].path == NULL)
        continue;
      for (int overwrite = 0; overwrite < 2; overwrite++)
        {
          assert_int_equal (file_write_atomic (cases[i].path, "x", 1, overwrite, 0644, &err), -1);
          assert_int_equal (err->status, HB_EXIT_USAGE);
          assert_non_null (strstr (err->msg, cases[i].says));
          hb_error_free (err);
          err = NULL;
          struct stat st;
          assert_int_equal (lstat (cases[i].path, &st), 0);
          assert_int_equal (st.st_mode & S_IFMT, cases[i].type);
        }
      /* and a symlink to it */
      unlink (link);
      assert_int_equal (symlink (cases[i].path, link), 0);
      assert_int_equal (file_write_atomic (link, "x", 1, true, 0644, &err), -1);
      assert_non_null (strstr (err->msg, "a symlink to "));
      assert_int_equal (file_check_replaceable (link, NULL), -1);
      hb_error_free (err);
      err = NULL;
      struct stat st;
      assert_int_equal (lstat (link, &st), 0);
      assert_true (S_ISLNK (st.st_mode));
    }
  /* A regular file, a symlink to one (the link is replaced, its target
   * kept) and a dangling symlink are replaced. */
  assert_int_equal (file_write_atomic (file, "old", 3, false, 0644, &err), 0);
  unlink (link);
  assert_int_equal (symlink (file, link), 0);
  assert_int_equal (file_check_replaceable (link, NULL), 0);
  assert_int_equal (file_write_atomic (link, "new", 3, true, 0644, &err), 0);
  size_t len;
  cleanup_free char *kept = file_read_all (file, 100, &len, HB_EXIT_INPUT, &err);
  assert_string_equal (kept, "old");
  cleanup_free char *put = file_read_all (link, 100, &len, HB_EXIT_INPUT, &err);
  assert_string_equal (put, "new");
  assert_int_equal (file_write_atomic (file, "newer", 5, true, 0644, &err), 0);
  cleanup_free char *newer = file_read_all (file, 100, &len, HB_EXIT_INPUT, &err);
  assert_string_equal (newer, "newer");
  unlink (link);
  assert_int_equal (symlink ("/nonexistent/nowhere", link), 0);
  assert_int_equal (file_write_atomic (link, "d", 1, true, 0644, &err), 0);
  cleanup_free char *fresh = xasprintf ("%s/fresh", dir);
  assert_int_equal (file_write_atomic (fresh, "f", 1, true, 0644, &err), 0);

  /* nothing else in the directory: no temporary file left */
  DIR *d = opendir (dir);
  assert_non_null (d);
  struct dirent *de;
  while ((de = readdir (d)) != NULL)
    assert_false (de->d_name[0] == '.' && strcmp (de->d_name, ".") != 0
                  && strcmp (de->d_name, "..") != 0);
  closedir (d);
  unlink (fifo);
  rmdir (sub);
  unlink (sock);
  unlink (dev);
  unlink (link);
  unlink (file);
  unlink (fresh);
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

/* --user takes no blanks or control characters (C1 ones in UTF-8 too):
 * no passwd name has one, and every export would have to quote it. */
static void
test_user_refuses_blanks_and_controls (void **state)
{
  (void) state;
  static const char *const bad[] = {
    "a b", "nginx\t", "\tnginx", "101:10 1", "root\n", "x\x1b[2J", "x\x7f", "x\xc2\x9b", " ",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    {
      cleanup_policy hb_policy *p = hb_policy_new ();
      hb_error *err = NULL;
      if (hb_policy_set_user (p, bad[i], &err) == 0)
        fail_msg ("--user \"%s\" accepted", bad[i]);
      assert_int_equal (err->status, HB_EXIT_USAGE);
      /* The message shows no control character itself. */
      for (const char *c = err->msg; *c; c++)
        assert_true ((unsigned char) *c >= ' ' && *c != 0x7f);
      hb_error_free (err);
      assert_null (p->user);
    }
  static const char *const good[] = { "nginx", "101:101", "www-data:adm", "0", "us\xc3\xa9r" };
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
    {
      cleanup_policy hb_policy *p = hb_policy_new ();
      assert_int_equal (hb_policy_set_user (p, good[i], NULL), 0);
      assert_string_equal (p->user, good[i]);
    }
  /* And a policy file with one is refused where it says so. */
  cleanup_policy hb_policy *p = hb_policy_new ();
  hb_error *err = NULL;
  const char *text = "{\"user\": \"a\\tb\"}";
  assert_int_equal (hb_policy_apply_text (p, text, strlen (text), "t.json", &err), -1);
  assert_int_equal (err->status, HB_EXIT_INPUT);
  assert_non_null (strstr (err->msg, "t.json:1:10: .user: --user a?b: blanks and control"));
  hb_error_free (err);
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
  assert_string_equal (out, "101");
  free (out);
  assert_int_equal (hb_user_resolve (&root, "nginx:adm", &out, &err), 0);
  assert_string_equal (out, "101:4");
  free (out);
  assert_int_equal (hb_user_resolve (&root, "101", &out, &err), 0);
  assert_string_equal (out, "101");
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

  /* A passwd too big to read: said so, with the limit, not "no passwd". */
  size_t big = 4300000;
  char *huge = xmalloc (big + 64);
  memset (huge, '#', big);
  huge[big - 1] = '\n';
  strcpy (huge + big, "nginx:x:101:101::/:/bin/false\n");
  write_file (dir, "etc/passwd", huge);
  free (huge);
  assert_int_equal (hb_user_resolve (&root, "nginx", &out, &err), -1);
  assert_int_equal (err->status, HB_EXIT_USAGE);
  assert_non_null (strstr (err->msg, "user nginx: cannot use the target's /etc/passwd"));
  assert_non_null (strstr (err->msg, "larger than the limit of 4194304 bytes"));
  assert_null (strstr (err->msg, "has no /etc/passwd"));
  hb_error_free (err);
  err = NULL;
  assert_int_equal (hb_user_resolve (&root, "101", &out, &err), -1);
  assert_non_null (strstr (err->msg, "(give the group too: UID:GID)"));
  hb_error_free (err);
  err = NULL;
  assert_int_equal (hb_user_resolve (&root, "101:adm", &out, &err), 0);
  assert_string_equal (out, "101:4");
  free (out);
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

/* Every way a policy file can be wrong, with the exact message: file,
 * line:column, JSON path and what is wrong.  The first error in the order
 * the format is applied wins when a file has more than one. */
static void
test_file_errors_exact (void **state)
{
  static const struct {
    const char *text;
    const char *msg;
  } cases[] = {
    { "[1]",
      "t.json:1:1: .: a policy is a JSON object, found a list" },
    { "{\"x\": 1}",
      "t.json:1:2: .x: unknown key" },
    { "{\"version\": 2}",
      "t.json:1:13: .version: unsupported version (this hardenbench reads version 1)" },
    { "{\"version\": \"1\"}",
      "t.json:1:13: .version: unsupported version (this hardenbench reads version 1)" },
    { "{\"target\": 5}",
      "t.json:1:12: .target: expected an object, found an integer" },
    { "{\"target\": {\"nam\": \"a\"}}",
      "t.json:1:13: .target.nam: unknown key" },
    { "{\"target\": {\"name\": 5}}",
      "t.json:1:21: .target.name: expected a string, found an integer" },
    { "{\"target\": {\"image\": []}}",
      "t.json:1:22: .target.image: expected a string, found a list" },
    { "{\"target\": {\"id\": 1}}",
      "t.json:1:19: .target.id: expected a string, found an integer" },
    { "{\"read_only_root\": \"yes\"}",
      "t.json:1:20: .read_only_root: expected true or false, found a string" },
    { "{\"no_new_privileges\": 1}",
      "t.json:1:23: .no_new_privileges: expected true or false, found an integer" },
    { "{\"privileged\": null}",
      "t.json:1:16: .privileged: expected true or false, found null" },
    { "{\"tmpfs\": {}}",
      "t.json:1:11: .tmpfs: expected a list of {path, options}, found an object" },
    { "{\"tmpfs\": [1]}",
      "t.json:1:12: .tmpfs[0]: expected an object {path, options}, found an integer" },
    { "{\"tmpfs\": [{\"pat\": \"/x\"}]}",
      "t.json:1:13: .tmpfs[0].pat: unknown key" },
    { "{\"tmpfs\": [{}]}",
      "t.json:1:12: .tmpfs[0]: missing key \"path\"" },
    { "{\"tmpfs\": [{\"path\": 5}]}",
      "t.json:1:21: .tmpfs[0].path: expected a string, found an integer" },
    { "{\"tmpfs\": [{\"path\": \"/x\", \"options\": 5}]}",
      "t.json:1:38: .tmpfs[0].options: expected a string, found an integer" },
    { "{\"tmpfs\": [{\"path\": \"x\"}]}",
      "t.json:1:21: .tmpfs[0].path: x: a container path must be absolute" },
    { "{\"tmpfs\": [{\"path\": \"/var/../etc\"}]}",
      "t.json:1:21: .tmpfs[0].path: /var/../etc: '..' is not allowed in a container path" },
    { "{\"tmpfs\": [{\"path\": \"/x\", \"options\": \"bogus\"}]}",
      "t.json:1:38: .tmpfs[0].options: tmpfs option bogus: unknown" },
    { "{\"tmpfs\": [{\"path\": \"/x\"}, {\"path\": \"/x/\"}]}",
      "t.json:1:37: .tmpfs[1].path: /x is already a tmpfs mount: one mount per path" },
    { "{\"volumes\": 1}",
      "t.json:1:13: .volumes: expected a list of {path, source, read_only}, found an integer" },
    { "{\"volumes\": [\"/v\"]}",
      "t.json:1:14: .volumes[0]: expected an object {path, source, read_only}, found a string" },
    { "{\"volumes\": [{\"path\": \"/v\", \"source\": 5}]}",
      "t.json:1:39: .volumes[0].source: expected a string, found an integer" },
    { "{\"volumes\": [{\"path\": \"/v\", \"read_only\": \"no\"}]}",
      "t.json:1:42: .volumes[0].read_only: expected true or false, found a string" },
    { "{\"volumes\": [{\"path\": \"/v\"}, {\"path\": \"/v\"}]}",
      "t.json:1:39: .volumes[1].path: /v is already a volume: one mount per path" },
    { "{\"volumes\": [{\"path\": \"/v\", \"source\": \"../bad\"}]}",
      "t.json:1:39: .volumes[0].source: volume source ../bad: not a volume name ([a-zA-Z0-9][a-zA-Z0-9_.-]*) or an absolute host path" },
    { "{\"volumes\": [{\"path\": \"/v\", \"extra\": 1}]}",
      "t.json:1:29: .volumes[0].extra: unknown key" },
    { "{\"volumes\": [{\"source\": \"s\"}]}",
      "t.json:1:14: .volumes[0]: missing key \"path\"" },
    { "{\"volumes\": [{\"path\": \"rel\"}]}",
      "t.json:1:23: .volumes[0].path: rel: a container path must be absolute" },
    { "{\"tmpfs\": [{\"path\": \"/d\"}], \"volumes\": [{\"path\": \"/d\"}]}",
      "t.json:1:50: .volumes[0].path: /d is already a tmpfs mount: one mount per path" },
    { "{\"capabilities\": []}",
      "t.json:1:18: .capabilities: expected an object {drop, add}, found a list" },
    { "{\"capabilities\": {\"drop\": \"ALL\"}}",
      "t.json:1:27: .capabilities.drop: expected a list of strings, found a string" },
    { "{\"capabilities\": {\"add\": [1]}}",
      "t.json:1:27: .capabilities.add[0]: expected a string, found an integer" },
    { "{\"capabilities\": {\"add\": [\"CHOWN\", \"WIZ\"]}}",
      "t.json:1:36: .capabilities.add[1]: unknown capability \"WIZ\"" },
    { "{\"capabilities\": {\"ad\": []}}",
      "t.json:1:19: .capabilities.ad: unknown key" },
    { "{\"seccomp\": 1}",
      "t.json:1:13: .seccomp: expected an object {profile, rules}, found an integer" },
    { "{\"seccomp\": {\"profile\": 1}}",
      "t.json:1:25: .seccomp.profile: expected a string, found an integer" },
    { "{\"seccomp\": {\"profile\": \"nonexistent.json\"}}",
      "t.json:1:25: .seccomp.profile: seccomp profile: ./nonexistent.json: No such file or directory" },
    { "{\"seccomp\": {\"rules\": {}}}",
      "t.json:1:23: .seccomp.rules: expected a list of rules, found an object" },
    { "{\"seccomp\": {\"rules\": [{\"names\": [\"chmodd\"], \"action\": \"SCMP_ACT_ERRNO\"}]}}",
      "t.json:1:35: .seccomp.rules[0].names[0]: unknown syscall \"chmodd\"" },
    { "{\"seccomp\": {\"x\": 1}}",
      "t.json:1:14: .seccomp.x: unknown key" },
    { "{\"user\": 5}",
      "t.json:1:10: .user: expected a string \"USER[:GROUP]\", found an integer" },
    { "{\"user\": \"\"}",
      "t.json:1:10: .user: --user needs USER[:GROUP]" },
    { "{\"user\": \"a:b:c\"}",
      "t.json:1:10: .user: --user a:b:c: expected USER[:GROUP]" },
    { "{\"limits\": 1}",
      "t.json:1:12: .limits: expected an object {memory, cpus, pids}, found an integer" },
    { "{\"limits\": {\"memory\": -1}}",
      "t.json:1:23: .limits.memory: must not be negative" },
    { "{\"limits\": {\"memory\": \"abc\"}}",
      "t.json:1:23: .limits.memory: --memory abc: not a size such as 256m or 1g" },
    { "{\"limits\": {\"memory\": []}}",
      "t.json:1:23: .limits.memory: expected a size such as \"256m\", found a list" },
    { "{\"limits\": {\"memory\": true}}",
      "t.json:1:23: .limits.memory: expected a size such as \"256m\", found a boolean" },
    { "{\"limits\": {\"memory\": 1.5}}",
      "t.json:1:23: .limits.memory: expected a size such as \"256m\", found a number" },
    { "{\"limits\": {\"cpus\": -1}}",
      "t.json:1:21: .limits.cpus: -1 is out of range (0.01 to 4096, or 0)" },
    { "{\"limits\": {\"cpus\": \"x\"}}",
      "t.json:1:21: .limits.cpus: --cpus x: not a number of CPUs such as 0.5" },
    { "{\"limits\": {\"cpus\": true}}",
      "t.json:1:21: .limits.cpus: expected a number, found a boolean" },
    { "{\"limits\": {\"cpus\": 0.001}}",
      "t.json:1:21: .limits.cpus: 0.001 is out of range (0.01 to 4096, or 0)" },
    { "{\"limits\": {\"pids\": -5}}",
      "t.json:1:21: .limits.pids: -5 is out of range (-1 to 4194304)" },
    { "{\"limits\": {\"pids\": \"5\"}}",
      "t.json:1:21: .limits.pids: expected an integer, found a string" },
    { "{\"limits\": {\"pids\": 1.5}}",
      "t.json:1:21: .limits.pids: expected an integer, found a number" },
    { "{\"limits\": {\"pids\": 5000000}}",
      "t.json:1:21: .limits.pids: 5000000 is out of range (-1 to 4194304)" },
    { "{\"limits\": {\"mem\": 1}}",
      "t.json:1:13: .limits.mem: unknown key" },
    { "{\"network_mode\": 5}",
      "t.json:1:18: .network_mode: expected a string, found an integer" },
    { "{\"userns_mode\": []}",
      "t.json:1:17: .userns_mode: expected a string, found a list" },
    { "{\"process\": []}",
      "t.json:1:13: .process: expected an object, found a list" },
    { "{\"process\": {\"cmd\": \"x\"}}",
      "t.json:1:21: .process.cmd: expected a list of strings, found a string" },
    { "{\"process\": {\"env\": [1]}}",
      "t.json:1:22: .process.env[0]: expected a string, found an integer" },
    { "{\"process\": {\"workdir\": 1}}",
      "t.json:1:25: .process.workdir: expected a string, found an integer" },
    { "{\"process\": {\"x\": 1}}",
      "t.json:1:14: .process.x: unknown key" },
    { "{\"capabilities\": {\"add\": [\"WIZ\"]}, \"read_only_root\": 1}",
      "t.json:1:54: .read_only_root: expected true or false, found an integer" },
    { "{\"limits\": {\"pids\": -5}, \"target\": {\"name\": 1}}",
      "t.json:1:45: .target.name: expected a string, found an integer" },
    { "{\"process\": {\"cmd\": 1}, \"network_mode\": 2}",
      "t.json:1:41: .network_mode: expected a string, found an integer" },

  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
      hb_error *err = NULL;
      cleanup_policy hb_policy *p = hb_policy_new ();
      cleanup_free char *before = hb_policy_to_text (p);
      if (hb_policy_apply_text (p, cases[i].text, strlen (cases[i].text), "t.json", &err) == 0)
        fail_msg ("%s: accepted", cases[i].text);
      assert_int_equal (err->status, HB_EXIT_INPUT);
      if (strcmp (err->msg, cases[i].msg) != 0)
        fail_msg ("%s:\n  got  %s\n  want %s", cases[i].text, err->msg, cases[i].msg);
      hb_error_free (err);
      /* A failed file changes nothing. */
      cleanup_free char *after = hb_policy_to_text (p);
      assert_string_equal (before, after);
    }

  /* A tmpfs over a volume the policy already has, from another file. */
  hb_error *err = NULL;
  cleanup_policy hb_policy *p = hb_policy_new ();
  const char *base = "{\"volumes\": [{\"path\": \"/d\"}]}";
  const char *over = "{\"tmpfs\": [{\"path\": \"/d\"}]}";
  assert_int_equal (hb_policy_apply_text (p, base, strlen (base), "base.json", &err), 0);
  assert_int_equal (hb_policy_apply_text (p, over, strlen (over), "t.json", &err), -1);
  assert_string_equal (err->msg, "t.json:1:12: .tmpfs[0]: /d is also a volume: one mount per path");
  hb_error_free (err);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_json_locate_keys_and_values),
    cmocka_unit_test (test_json_locate_elements),
    cmocka_unit_test (test_container_path_normalize),
    cmocka_unit_test (test_tmpfs_options),
    cmocka_unit_test (test_sizes),
    cmocka_unit_test (test_sanitize_strips_escapes),
    cmocka_unit_test (test_cap_edits_last_wins),
    cmocka_unit_test (test_failed_file_changes_nothing),
    cmocka_unit_test (test_file_errors_exact),
    cmocka_unit_test (test_round_trip),
    cmocka_unit_test (test_huge_policy_loads),
    cmocka_unit_test (test_options_order),
    cmocka_unit_test (test_atomic_write_never_clobbers),
    cmocka_unit_test (test_atomic_write_replaces_only_regular_files),
    cmocka_unit_test (test_user_refuses_blanks_and_controls),
    cmocka_unit_test (test_users),
    cmocka_unit_test (test_layers_whiteout_and_order),
  };
  return cmocka_run_group_tests_name ("policy", tests, NULL, NULL);
}
