/* test_engine_inspect.c - src/engine without an engine: inspect JSON ->
 * policy, hostile JSON, layer discovery, path escaping, extraction bounds,
 * xattrs and a full disk. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/xalloc.h"
#include "engine/engine.h"
#include "engine/engine_json.h"
#include "engine/extract.h"
#include "engine/inspect.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

static json_t *
parse (const char *text)
{
  hb_error *err = NULL;
  json_t *j = hb_engine_json_parse (text, strlen (text), "test", &err);
  if (j == NULL)
    fail_msg ("%s", err->msg);
  return j;
}

static const char *CONTAINER =
  "{\"Id\": \"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\","
  " \"Name\": \"/web\","
  " \"Config\": {\"Image\": \"nginx:1.25\", \"User\": \"101:101\", \"WorkingDir\": \"/srv\","
  "   \"Entrypoint\": [\"/docker-entrypoint.sh\"], \"Cmd\": [\"nginx\", \"-g\", \"daemon off;\"],"
  "   \"Env\": [\"PATH=/usr/bin\"], \"ExposedPorts\": {\"80/tcp\": {}, \"443/tcp\": {}}},"
  " \"HostConfig\": {\"ReadonlyRootfs\": true, \"Privileged\": false,"
  "   \"Tmpfs\": {\"/tmp\": \"rw,noexec,nosuid,size=16m\"},"
  "   \"CapAdd\": [\"CAP_NET_BIND_SERVICE\"], \"CapDrop\": [\"ALL\"],"
  "   \"SecurityOpt\": [\"no-new-privileges:true\", \"seccomp=unconfined\", \"label=disable\"],"
  "   \"Memory\": 67108864, \"NanoCpus\": 500000000, \"PidsLimit\": 50,"
  "   \"NetworkMode\": \"host\", \"PidMode\": \"\", \"IpcMode\": \"private\", \"UTSMode\": \"\","
  "   \"UsernsMode\": \"\"},"
  " \"Mounts\": [{\"Type\": \"bind\", \"Source\": \"/srv/data\", \"Destination\": \"/data\","
  "   \"RW\": false},"
  "  {\"Type\": \"volume\", \"Name\": \"cache\", \"Source\": \"/var/lib/docker/volumes/cache\","
  "   \"Destination\": \"/var/cache/nginx\", \"RW\": true},"
  "  {\"Type\": \"volume\", \"Name\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\","
  "   \"Destination\": \"/anon\", \"RW\": true}]}";

static void
test_container_policy (void **state)
{
  cleanup_json json_t *j = parse (CONTAINER);
  cleanup_policy hb_policy *p = hb_policy_new ();
  hb_error *err = NULL;
  assert_int_equal (hb_inspect_container_policy (j, NULL, p, &err), 0);
  assert_string_equal (p->target_name, "web");
  assert_string_equal (p->target_image, "nginx:1.25");
  assert_true (p->read_only_root);
  assert_int_equal (p->n_tmpfs, 1);
  assert_string_equal (p->tmpfs[0].path, "/tmp");
  assert_non_null (strstr (p->tmpfs[0].options, "noexec"));
  assert_true (strv_contains (&p->cap_drop, "ALL"));
  assert_true (strv_contains (&p->cap_add, "NET_BIND_SERVICE"));
  assert_true (p->no_new_privileges);
  assert_string_equal (p->seccomp_profile, "unconfined");
  assert_string_equal (p->user, "101:101");
  assert_int_equal (p->memory, 67108864);
  assert_true (p->cpus > 0.49 && p->cpus < 0.51);
  assert_int_equal (p->pids, 50);
  assert_string_equal (p->network_mode, "host");
  assert_null (p->pid_mode);
  assert_null (p->ipc_mode);
  assert_int_equal (p->n_volumes, 3);
  bool bind = false, named = false, anon = false;
  for (size_t i = 0; i < p->n_volumes; i++)
    {
      const hb_volume *v = &p->volumes[i];
      if (strcmp (v->path, "/data") == 0)
        bind = v->source && strcmp (v->source, "/srv/data") == 0 && v->read_only;
      if (strcmp (v->path, "/var/cache/nginx") == 0)
        named = v->source && strcmp (v->source, "cache") == 0 && !v->read_only;
      if (strcmp (v->path, "/anon") == 0)
        anon = v->source == NULL;
    }
  assert_true (bind && named && anon);
  assert_true (p->has_process);
  assert_string_equal (p->process.entrypoint.v[0], "/docker-entrypoint.sh");
  assert_int_equal (p->process.cmd.n, 3);
  assert_string_equal (p->process.workdir, "/srv");
  assert_int_equal (p->process.ports.n, 2);
  assert_string_equal (p->process.ports.v[0], "443/tcp");
}

static void
test_cpu_quota_and_unlimited_pids (void **state)
{
  cleanup_json json_t *j = parse ("{\"Id\": \"ab\", \"Config\": {}, \"HostConfig\": "
                                  "{\"CpuQuota\": 150000, \"CpuPeriod\": 100000, "
                                  "\"PidsLimit\": -1, \"SecurityOpt\": [\"no-new-privileges\"]}}");
  cleanup_policy hb_policy *p = hb_policy_new ();
  hb_error *err = NULL;
  assert_int_equal (hb_inspect_container_policy (j, NULL, p, &err), 0);
  assert_true (p->cpus > 1.49 && p->cpus < 1.51);
  assert_int_equal (p->pids, 0);
  assert_true (p->no_new_privileges);
  assert_null (p->user);
}

static void
test_inline_seccomp_saved (void **state)
{
  char dir[] = "/tmp/hb-test-seccomp-XXXXXX";
  assert_non_null (mkdtemp (dir));
  cleanup_json json_t *j = parse ("{\"Id\": \"abc123\", \"Config\": {}, \"HostConfig\": "
                                  "{\"SecurityOpt\": [\"seccomp={\\\"defaultAction\\\": "
                                  "\\\"SCMP_ACT_ERRNO\\\"}\"]}}");
  cleanup_policy hb_policy *p = hb_policy_new ();
  hb_error *err = NULL;
  cleanup_free char *sub = xasprintf ("%s/seccomp", dir);
  assert_int_equal (hb_inspect_container_policy (j, sub, p, &err), 0);
  cleanup_free char *want = xasprintf ("%s/abc123.json", sub);
  assert_string_equal (p->seccomp_profile, want);
  struct stat st;
  assert_int_equal (stat (want, &st), 0);
  assert_int_equal (st.st_mode & 0777, 0600);
  size_t len;
  cleanup_free char *text = file_read_all (want, 1 << 20, &len, 1, &err);
  assert_non_null (strstr (text, "SCMP_ACT_ERRNO"));
  /* The older "seccomp:" spelling is the same profile, under the same
   * limits (SECURITY.md, bad input). */
  cleanup_json json_t *colon = parse ("{\"Id\": \"abc124\", \"Config\": {}, \"HostConfig\": "
                                      "{\"SecurityOpt\": [\"seccomp:{\\\"defaultAction\\\": "
                                      "\\\"SCMP_ACT_LOG\\\"}\"]}}");
  cleanup_policy hb_policy *q = hb_policy_new ();
  assert_int_equal (hb_inspect_container_policy (colon, sub, q, &err), 0);
  cleanup_free char *want2 = xasprintf ("%s/abc124.json", sub);
  assert_string_equal (q->seccomp_profile, want2);
  cleanup_free char *text2 = file_read_all (want2, 1 << 20, &len, 1, &err);
  assert_non_null (strstr (text2, "SCMP_ACT_LOG"));
  cleanup_json json_t *deep = parse ("{\"Id\": \"abc125\", \"Config\": {}, \"HostConfig\": "
                                     "{\"SecurityOpt\": [\"seccomp:{\\\"a\\\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
                                     "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"]}}");
  cleanup_policy hb_policy *r = hb_policy_new ();
  assert_int_equal (hb_inspect_container_policy (deep, sub, r, &err), -1);
  assert_int_equal (err->status, HB_EXIT_ENGINE);
  assert_non_null (strstr (err->msg, "deeper than"));
  hb_error_free (err);
  err = NULL;
  rm_rf (dir, &err);
  assert_null (err);
}

/* libseccomp's limits, checked where the inline profile is read, with the
 * saved copy's file:line:column (policy and audit never loaded it, so only
 * export and trial refused it). */
static void
test_inline_seccomp_validated (void **state)
{
  char dir[] = "/tmp/hb-test-seccomp-XXXXXX";
  assert_non_null (mkdtemp (dir));
  cleanup_free char *sub = xasprintf ("%s/seccomp", dir);
  static const struct { const char *rule; const char *says; } bad[] = {
    { "{\\\"names\\\": [\\\"mkdir\\\"], \\\"action\\\": \\\"SCMP_ACT_ERRNO\\\", "
      "\\\"errnoRet\\\": 99999}",
      ".syscalls[0].errnoRet: errno 99999 out of range 0..4095" },
    { "{\\\"names\\\": [\\\"mkdir\\\"], \\\"action\\\": \\\"SCMP_ACT_ERRNO\\\", "
      "\\\"args\\\": [{\\\"index\\\": 6, \\\"value\\\": 1, \\\"op\\\": \\\"SCMP_CMP_EQ\\\"}]}",
      ".syscalls[0].args[0].index: argument index 6 out of range 0..5" },
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    {
      cleanup_free char *text
        = xasprintf ("{\"Id\": \"abc123\", \"Config\": {}, \"HostConfig\": {\"SecurityOpt\": "
                     "[\"seccomp={\\\"defaultAction\\\": \\\"SCMP_ACT_ALLOW\\\", "
                     "\\\"syscalls\\\": [%s]}\"]}}",
                     bad[i].rule);
      cleanup_json json_t *j = parse (text);
      cleanup_policy hb_policy *p = hb_policy_new ();
      hb_error *err = NULL;
      assert_int_equal (hb_inspect_container_policy (j, sub, p, &err), -1);
      assert_int_equal (err->status, HB_EXIT_INPUT);
      cleanup_free char *want = xasprintf ("inline seccomp profile in SecurityOpt: %s/abc123.json:",
                                           sub);
      if (strstr (err->msg, want) == NULL || strstr (err->msg, bad[i].says) == NULL)
        fail_msg ("'%s' lacks '%s' or '%s'", err->msg, want, bad[i].says);
      hb_error_free (err);
      assert_null (p->seccomp_profile);
    }
  hb_error *err = NULL;
  rm_rf (dir, &err);
  assert_null (err);
}

/* HostConfig.PortBindings become docker -p specs, in the engine's order. */
static void
test_published_ports (void **state)
{
  cleanup_json json_t *j = parse ("{\"Id\": \"ab\", \"Config\": {}, \"HostConfig\": "
                                  "{\"PortBindings\": {\"80/tcp\": [{\"HostIp\": \"\", "
                                  "\"HostPort\": \"18080\"}, {\"HostIp\": \"127.0.0.1\", "
                                  "\"HostPort\": \"18081\"}], \"53/udp\": [{\"HostIp\": \"::1\", "
                                  "\"HostPort\": \"\"}], \"9000/tcp\": [{\"HostPort\": \"\"}], "
                                  "\"22/tcp\": null}}}");
  cleanup_policy hb_policy *p = hb_policy_new ();
  hb_error *err = NULL;
  assert_int_equal (hb_inspect_container_policy (j, NULL, p, &err), 0);
  assert_int_equal (p->process.publish.n, 4);
  assert_string_equal (p->process.publish.v[0], "18080:80/tcp");
  assert_string_equal (p->process.publish.v[1], "127.0.0.1:18081:80/tcp");
  assert_string_equal (p->process.publish.v[2], "[::1]::53/udp");
  assert_string_equal (p->process.publish.v[3], "9000/tcp");
  /* the policy JSON carries them, and reads them back */
  cleanup_free char *text = hb_policy_to_text (p);
  assert_non_null (strstr (text, "\"publish\""));
  cleanup_policy hb_policy *q = hb_policy_new ();
  assert_int_equal (hb_policy_apply_text (q, text, strlen (text), "p.json", &err), 0);
  assert_int_equal (q->process.publish.n, 4);
  assert_string_equal (q->process.publish.v[2], "[::1]::53/udp");
}

static void
expect_failure (const char *json, const char *seccomp_dir, const char *needle)
{
  hb_error *err = NULL;
  json_t *j = hb_engine_json_parse (json, strlen (json), "test", &err);
  if (j != NULL)
    {
      cleanup_policy hb_policy *p = hb_policy_new ();
      assert_int_equal (hb_inspect_container_policy (j, seccomp_dir, p, &err), -1);
      json_decref (j);
    }
  assert_non_null (err);
  assert_int_equal (err->status, HB_EXIT_ENGINE);
  if (strstr (err->msg, needle) == NULL)
    fail_msg ("'%s' does not contain '%s'", err->msg, needle);
  hb_error_free (err);
}

static void
test_hostile_json (void **state)
{
  expect_failure ("{\"Id\": \"a\\u0000b\"}", NULL, "u0000");
  expect_failure ("{\"Id\": \"ab\", \"Config\": {}, \"HostConfig\": {\"Memory\": \"64m\"}}",
                  NULL, ".HostConfig.Memory: expected an integer");
  expect_failure ("{\"Id\": \"ab\", \"Config\": {}, \"HostConfig\": {\"CapAdd\": [1]}}", NULL,
                  "CapAdd: expected a list of strings");
  expect_failure ("{\"Id\": \"ab\", \"Config\": {}, \"HostConfig\": {\"Tmpfs\": {\"/t\": 1}}}",
                  NULL, "Tmpfs");
  expect_failure ("{\"Id\": \"ab\", \"Config\": {}, \"HostConfig\": "
                  "{\"Memory\": 18446744073709551616}}", NULL, "malformed JSON");
  expect_failure ("{\"Id\": \"ab\", \"Config\": {\"Cmd\": {}}, \"HostConfig\": {}}", NULL,
                  ".Config.Cmd: expected a list");
  expect_failure ("{\"Id\": \"ab\", \"Mounts\": 5, \"Config\": {}, \"HostConfig\": {}}", NULL,
                  ".Mounts: expected a list");
  expect_failure ("{\"Config\": {}}", NULL, "not a container");
  expect_failure ("{\"Id\": \"ab\", \"Config\": {}, \"HostConfig\": {\"PortBindings\": "
                  "{\"80/icmp\": []}}}", NULL, "PortBindings[80/icmp]: not a PORT/PROTO");
  expect_failure ("{\"Id\": \"ab\", \"Config\": {}, \"HostConfig\": {\"PortBindings\": "
                  "{\"80/tcp\": [{\"HostPort\": \"1; rm\"}]}}}", NULL, "HostPort: not a port");
  expect_failure ("{\"Id\": \"ab\", \"Config\": {}, \"HostConfig\": {\"PortBindings\": "
                  "{\"80/tcp\": [{\"HostIp\": \"a b\", \"HostPort\": \"1\"}]}}}", NULL,
                  "HostIp: not an address");
  expect_failure ("{\"Id\": \"ab\", \"Config\": {}, \"HostConfig\": "
                  "{\"SecurityOpt\": [\"seccomp={\\\"a\\\": [[[[\"]}}", "/nonexistent",
                  "inline seccomp profile");
  /* Values the policy refuses are the engine's bad answer: exit 3, not
   * the usage error (2) the same value is when typed as a flag. */
  expect_failure ("{\"Id\": \"ab\", \"Config\": {}, \"HostConfig\": {\"Tmpfs\": "
                  "{\"relative\": \"\"}}}", NULL, ".HostConfig.Tmpfs (relative)");
  expect_failure ("{\"Id\": \"ab\", \"Config\": {}, \"HostConfig\": {\"Mounts\": "
                  "[{\"Type\": \"tmpfs\", \"Target\": \"/a/../..\"}]}}", NULL,
                  ".HostConfig.Mounts[0]");
  expect_failure ("{\"Id\": \"ab\", \"Config\": {}, \"HostConfig\": {}, \"Mounts\": "
                  "[{\"Type\": \"volume\", \"Name\": \"v\", \"Destination\": \"x\"}]}", NULL,
                  ".Mounts[0] (x)");
  expect_failure ("{\"Id\": \"ab\", \"Config\": {\"User\": \"a b\\n\"}, \"HostConfig\": {}}",
                  NULL, ".Config.User: --user a b?: blanks and control characters");
  {
    cleanup_json json_t *img = parse ("{\"Id\": \"sha256:ab\", \"Config\": "
                                      "{\"Volumes\": {\"rel\": {}}}}");
    cleanup_policy hb_policy *ip = hb_policy_new ();
    hb_error *ierr = NULL;
    assert_int_equal (hb_inspect_image_policy (img, ip, &ierr), -1);
    assert_int_equal (ierr->status, HB_EXIT_ENGINE);
    assert_non_null (strstr (ierr->msg, ".Config.Volumes"));
    hb_error_free (ierr);
  }
  char deep[300];
  memset (deep, '[', 100);
  memset (deep + 100, ']', 100);
  deep[200] = '\0';
  expect_failure (deep, NULL, "deeper than");
  /* null where a list is expected is simply absent */
  cleanup_json json_t *j = parse ("{\"Id\": \"ab\", \"Config\": {\"Cmd\": null}, "
                                  "\"HostConfig\": {\"CapAdd\": null}, \"Mounts\": null}");
  cleanup_policy hb_policy *p = hb_policy_new ();
  hb_error *err = NULL;
  assert_int_equal (hb_inspect_container_policy (j, NULL, p, &err), 0);
}

static void
test_image_policy (void **state)
{
  cleanup_json json_t *j = parse ("{\"Id\": \"sha256:ab\", \"Config\": {\"User\": \"nobody\","
                                  " \"Volumes\": {\"/var/lib/x\": {}}, \"Cmd\": [\"/bin/sh\"]}}");
  cleanup_policy hb_policy *p = hb_policy_new ();
  hb_error *err = NULL;
  assert_int_equal (hb_inspect_image_policy (j, p, &err), 0);
  assert_string_equal (p->user, "nobody");
  assert_int_equal (p->n_volumes, 1);
  assert_string_equal (p->volumes[0].path, "/var/lib/x");
  assert_null (p->volumes[0].source);
  assert_string_equal (p->process.cmd.v[0], "/bin/sh");
}

static void
test_layers (void **state)
{
  char dir[] = "/tmp/hb-test-layers-XXXXXX";
  assert_non_null (mkdtemp (dir));
  cleanup_free char *a = xasprintf ("%s/a/diff", dir);
  cleanup_free char *b = xasprintf ("%s/b/diff", dir);
  hb_error *err = NULL;
  assert_int_equal (mkdir_p (a, 0755, &err), 0);
  assert_int_equal (mkdir_p (b, 0755, &err), 0);
  cleanup_free char *json = xasprintf ("{\"GraphDriver\": {\"Name\": \"overlay2\", \"Data\": "
                                       "{\"UpperDir\": \"%s\", \"LowerDir\": \"%s\"}}}", a, b);
  cleanup_json json_t *j = parse (json);
  cleanup_strv strv layers = { 0 };
  assert_int_equal (hb_inspect_layers (j, &layers), 1);
  assert_int_equal (layers.n, 2);
  assert_string_equal (layers.v[0], a);
  assert_string_equal (layers.v[1], b);

  /* A hostile engine pointing at host directories gets no layers. */
  const char *bad[] = {
    "{\"GraphDriver\": {\"Name\": \"overlay2\", \"Data\": {\"UpperDir\": \"/etc\"}}}",
    "{\"GraphDriver\": {\"Name\": \"overlay2\", \"Data\": {\"UpperDir\": \"/tmp/../etc/diff\"}}}",
    "{\"GraphDriver\": {\"Name\": \"vfs\", \"Data\": {\"UpperDir\": \"/x/diff\"}}}",
    "{\"GraphDriver\": {\"Name\": \"overlay2\", \"Data\": {\"UpperDir\": 7}}}",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    {
      cleanup_json json_t *h = parse (bad[i]);
      cleanup_strv strv none = { 0 };
      assert_int_equal (hb_inspect_layers (h, &none), 0);
      assert_int_equal (none.n, 0);
    }
  rm_rf (dir, &err);
}

static void
test_escape (void **state)
{
  cleanup_free char *a = hb_engine_escape ("hb-test/busybox:latest");
  assert_string_equal (a, "hb-test/busybox:latest");
  cleanup_free char *b = hb_engine_escape ("x?all=1#y z/../");
  assert_string_equal (b, "x%3Fall%3D1%23y%20z/../");
}

/* A tar with n small files, written with libarchive into a temp file. */
static int
make_tar (size_t n, size_t size, const char *longname)
{
  char path[] = "/tmp/hb-test-tar-XXXXXX";
  int fd = mkstemp (path);
  assert_true (fd >= 0);
  unlink (path);
  struct archive *a = archive_write_new ();
  archive_write_set_format_pax_restricted (a);
  assert_int_equal (archive_write_open_fd (a, fd), ARCHIVE_OK);
  cleanup_free char *data = xcalloc (1, size + 1);
  /* Not zeros: the extractor writes runs of zeros as holes. */
  memset (data, 'x', size);
  for (size_t i = 0; i < n; i++)
    {
      struct archive_entry *e = archive_entry_new ();
      cleanup_free char *name = longname ? xstrdup (longname) : xasprintf ("f%zu", i);
      archive_entry_set_pathname (e, name);
      archive_entry_set_filetype (e, AE_IFREG);
      archive_entry_set_perm (e, 0644);
      archive_entry_set_size (e, (la_int64_t) size);
      archive_write_header (a, e);
      archive_write_data (a, data, size);
      archive_entry_free (e);
    }
  archive_write_close (a);
  archive_write_free (a);
  lseek (fd, 0, SEEK_SET);
  return fd;
}

static void
extract_expect (int fd, const hb_extract_limits *lim, const char *needle)
{
  char dir[] = "/tmp/hb-test-dest-XXXXXX";
  assert_non_null (mkdtemp (dir));
  hb_error *err = NULL;
  int r = hb_tar_extract_fd (fd, dir, lim, &err);
  close (fd);
  if (needle == NULL)
    assert_int_equal (r, 0);
  else
    {
      assert_int_equal (r, -1);
      if (strstr (err->msg, needle) == NULL)
        fail_msg ("'%s' does not contain '%s'", err->msg, needle);
      hb_error_free (err);
    }
  err = NULL;
  rm_rf (dir, &err);
  hb_error_free (err);
}

static void
test_extract_bounds (void **state)
{
  hb_extract_limits lim = { 1000, 10 };
  extract_expect (make_tar (10, 10, NULL), &lim, NULL);
  extract_expect (make_tar (11, 10, NULL), &lim, "more than 10 entries");
  extract_expect (make_tar (2, 600, NULL), &lim, "more than 1000 bytes");
  char longname[5000];
  memset (longname, 'a', sizeof longname - 1);
  longname[sizeof longname - 1] = '\0';
  extract_expect (make_tar (1, 1, longname), NULL, "name longer than");
}

/* SECURITY.md, hostile tar: xattrs (security.capability among them) are
 * never restored on the host. */
static void
test_extract_no_xattrs (void **state)
{
  (void) state;
  char path[] = "/tmp/hb-test-tar-XXXXXX";
  int fd = mkstemp (path);
  assert_true (fd >= 0);
  unlink (path);
  struct archive *a = archive_write_new ();
  archive_write_set_format_pax (a);
  assert_int_equal (archive_write_open_fd (a, fd), ARCHIVE_OK);
  struct archive_entry *e = archive_entry_new ();
  archive_entry_set_pathname (e, "ping");
  archive_entry_set_filetype (e, AE_IFREG);
  archive_entry_set_perm (e, 0755);
  archive_entry_set_size (e, 4);
  /* cap_net_raw+ep, as ping ships it */
  static const unsigned char cap[20] = { 0x01, 0x00, 0x00, 0x02, 0x00, 0x20 };
  archive_entry_xattr_add_entry (e, "security.capability", cap, sizeof cap);
  archive_entry_xattr_add_entry (e, "user.note", "x", 1);
  assert_int_equal (archive_write_header (a, e), ARCHIVE_OK);
  archive_write_data (a, "\x7f" "ELF", 4);
  archive_entry_free (e);
  archive_write_close (a);
  archive_write_free (a);
  lseek (fd, 0, SEEK_SET);

  char dir[] = "/tmp/hb-test-dest-XXXXXX";
  assert_non_null (mkdtemp (dir));
  hb_error *err = NULL;
  assert_int_equal (hb_tar_extract_fd (fd, dir, NULL, &err), 0);
  close (fd);
  cleanup_free char *file = xasprintf ("%s/ping", dir);
  char buf[64];
  assert_int_equal (lgetxattr (file, "security.capability", buf, sizeof buf), -1);
  assert_int_equal (errno, ENODATA);
  assert_int_equal (lgetxattr (file, "user.note", buf, sizeof buf), -1);
  assert_int_equal (errno, ENODATA);
  rm_rf (dir, &err);
  hb_error_free (err);
}

/* SECURITY.md, faults survived: a full disk during extraction or a save is
 * ENOSPC reported (exit 1), and a saved file is left as it was, with no
 * temporary file beside it.  A 64 KiB tmpfs, in a mount namespace of this
 * test's own. */
static void
test_disk_full (void **state)
{
  (void) state;
  if (geteuid () != 0 || unshare (CLONE_NEWNS) < 0
      || mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
    skip ();
  char mnt[] = "/tmp/hb-test-full-XXXXXX";
  assert_non_null (mkdtemp (mnt));
  assert_int_equal (mount ("tmpfs", mnt, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k"), 0);

  cleanup_free char *dest = xasprintf ("%s/dest", mnt);
  assert_int_equal (mkdir (dest, 0700), 0);
  hb_error *err = NULL;
  int fd = make_tar (1, 1 << 20, NULL);
  assert_int_equal (hb_tar_extract_fd (fd, dest, NULL, &err), -1);
  close (fd);
  assert_int_equal (err->status, HB_EXIT_FAILURE);
  assert_int_equal (err->errnum, ENOSPC);
  hb_error_free (err);
  err = NULL;
  assert_int_equal (rm_rf (dest, &err), 0);

  cleanup_free char *saved = xasprintf ("%s/policy.json", mnt);
  cleanup_policy hb_policy *p = hb_policy_new ();
  assert_int_equal (hb_policy_save (p, saved, &err), 0);
  cleanup_free char *before = file_read_all (saved, 1 << 20, NULL, HB_EXIT_FAILURE, NULL);
  assert_non_null (before);
  /* Fill what is left, then save a bigger policy over the first. */
  cleanup_free char *fill = xasprintf ("%s/fill", mnt);
  int ffd = open (fill, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  assert_true (ffd >= 0);
  char block[4096] = { 0 };
  while (write (ffd, block, sizeof block) > 0)
    ;
  assert_int_equal (errno, ENOSPC);
  close (ffd);
  for (int i = 0; i < 200; i++)
    {
      cleanup_free char *t = xasprintf ("/tmp/t%d", i);
      assert_int_equal (hb_policy_set_tmpfs (p, t, NULL, NULL), 0);
    }
  assert_int_equal (hb_policy_save (p, saved, &err), -1);
  assert_int_equal (err->errnum, ENOSPC);
  hb_error_free (err);
  cleanup_free char *after = file_read_all (saved, 1 << 20, NULL, HB_EXIT_FAILURE, NULL);
  assert_non_null (after);
  assert_string_equal (before, after);
  DIR *d = opendir (mnt);
  assert_non_null (d);
  struct dirent *de;
  int entries = 0;
  while ((de = readdir (d)) != NULL)
    if (de->d_name[0] != '.' || (strcmp (de->d_name, ".") != 0 && strcmp (de->d_name, "..") != 0))
      {
        entries++;
        if (strcmp (de->d_name, "policy.json") != 0 && strcmp (de->d_name, "fill") != 0)
          fail_msg ("left behind: %s", de->d_name);
      }
  closedir (d);
  assert_int_equal (entries, 2);
  umount2 (mnt, MNT_DETACH);
  rmdir (mnt);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_container_policy),
    cmocka_unit_test (test_cpu_quota_and_unlimited_pids),
    cmocka_unit_test (test_inline_seccomp_saved),
    cmocka_unit_test (test_inline_seccomp_validated),
    cmocka_unit_test (test_hostile_json),
    cmocka_unit_test (test_published_ports),
    cmocka_unit_test (test_image_policy),
    cmocka_unit_test (test_layers),
    cmocka_unit_test (test_escape),
    cmocka_unit_test (test_extract_bounds),
    cmocka_unit_test (test_extract_no_xattrs),
    cmocka_unit_test (test_disk_full),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
