/* test_export.c - the export formats against golden files, and the pieces
 * they are built from: shell quoting, YAML scalar styles, the seccomp merge,
 * names, side files.
 *
 * Golden cases: tests/golden/export/<case>/policy.json, and for each format
 * <fmt>.expected (the exact output) and <fmt>.notes (the notes, one a
 * line).  HB_GOLDEN_UPDATE=1 rewrites them from the current output. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/xalloc.h"
#include "export/export.h"
#include "export/export_common.h"
#include "export/shell_quote.h"
#include "export/yaml_out.h"
#include "policy/seccomp_merge.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define GOLDEN_DIR HB_ABS_SRCDIR "/tests/golden/export"

static char *
read_or_null (const char *path)
{
  hb_error *err = NULL;
  size_t len;
  char *s = file_read_all (path, HB_MAX_INPUT_FILE, &len, HB_EXIT_INPUT, &err);
  hb_error_free (err);
  return s;
}

static hb_policy *
load_case (const char *name)
{
  cleanup_free char *path = xasprintf ("%s/%s/policy.json", GOLDEN_DIR, name);
  hb_policy *p = hb_policy_new ();
  hb_error *err = NULL;
  if (hb_policy_apply_file (p, path, &err) < 0)
    fail_msg ("%s: %s", path, err->msg);
  return p;
}

static void
check_golden (const char *casename, const char *format)
{
  cleanup_policy hb_policy *p = load_case (casename);
  hb_export_ctx ctx = { 0 };
  ctx.policy = p;
  ctx.image = p->target_image ? NULL : "hb-test/busybox:latest";
  ctx.output_path = "/srv/deploy/app.out";
  const hb_exporter *ex = hb_exporter_lookup (format);
  assert_non_null (ex);
  hb_error *err = NULL;
  cleanup_free char *out = hb_export_to_string (ex, &ctx, &err);
  if (out == NULL)
    fail_msg ("%s/%s: %s", casename, format, err->msg);
  cleanup_free char *notes = ctx.notes.n ? strv_join (&ctx.notes, "\n") : xstrdup ("");
  cleanup_free char *notes_nl = *notes ? xasprintf ("%s\n", notes) : xstrdup ("");

  cleanup_free char *exp_path = xasprintf ("%s/%s/%s.expected", GOLDEN_DIR, casename, format);
  cleanup_free char *notes_path = xasprintf ("%s/%s/%s.notes", GOLDEN_DIR, casename, format);
  const char *update = getenv ("HB_GOLDEN_UPDATE");
  if (update && strcmp (update, "1") == 0)
    {
      assert_int_equal (file_write_atomic (exp_path, out, strlen (out), true, 0644, &err), 0);
      assert_int_equal (file_write_atomic (notes_path, notes_nl, strlen (notes_nl), true, 0644, &err), 0);
    }
  cleanup_free char *expected = read_or_null (exp_path);
  cleanup_free char *expected_notes = read_or_null (notes_path);
  if (expected == NULL)
    fail_msg ("missing golden file %s", exp_path);
  assert_string_equal (out, expected);
  assert_string_equal (notes_nl, expected_notes ? expected_notes : "");
  /* Side files are recorded, never written by an exporter. */
  for (size_t i = 0; i < ctx.side_files.n; i++)
    {
      struct stat st;
      assert_int_equal (stat (ctx.side_files.v[i], &st), -1);
    }
  hb_export_ctx_clear (&ctx);
}

static const char *const formats[] = {
  "run", "compose", "ecs", "ecs-fargate", "k8s", "seccomp", "dockerfile", NULL,
};

static void
golden_basic (void **state)
{
  (void) state;
  for (size_t i = 0; formats[i]; i++)
    if (strcmp (formats[i], "seccomp") != 0)   /* needs the shipped default profile */
      check_golden ("basic", formats[i]);
}

static void
golden_hostile (void **state)
{
  (void) state;
  for (size_t i = 0; formats[i]; i++)
    check_golden ("hostile", formats[i]);
}

static void
golden_limits (void **state)
{
  (void) state;
  for (size_t i = 0; formats[i]; i++)
    check_golden ("limits", formats[i]);
}

static void
table_lists_every_format (void **state)
{
  (void) state;
  size_t n;
  const hb_exporter *ex = hb_exporters (&n);
  assert_int_equal (n, 7);
  for (size_t i = 0; formats[i]; i++)
    {
      const hb_exporter *e = hb_exporter_lookup (formats[i]);
      assert_non_null (e);
      assert_non_null (e->description);
    }
  assert_null (hb_exporter_lookup ("yaml"));
  (void) ex;
}

static void
shell_quoting (void **state)
{
  (void) state;
  static const struct { const char *in, *out; } cases[] = {
    { "plain", "plain" },
    { "--tmpfs=/tmp:size=1m,mode=1777", "--tmpfs=/tmp:size=1m,mode=1777" },
    { "", "''" },
    { "a b", "'a b'" },
    { "$(id)", "'$(id)'" },
    { "`id`", "'`id`'" },
    { "it's", "'it'\\''s'" },
    { "line\nbreak", "'line\nbreak'" },
    { "~", "'~'" },
    { "#x", "'#x'" },
    { "ünï", "'ünï'" },
    { "*", "'*'" },
    { "a;b&c|d", "'a;b&c|d'" },
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
      cleanup_free char *q = hb_shell_quote (cases[i].in);
      assert_string_equal (q, cases[i].out);
    }
}

static void
yaml_plain_rules (void **state)
{
  (void) state;
  static const char *const must_quote[] = {
    "no", "No", "on", "OFF", "y", "yes", "true", "null", "~", "0755", "1e3", "12:30", "*a",
    "&a", "!tag", "a: #b", "a #b", "- x", "", "@x", "`x", "'x", "\"x", "%x", "x\ny", ".inf",
    "-1", "{a}", "[a]", "a,b", "ünï", "a b", "a:b",
  };
  for (size_t i = 0; i < sizeof must_quote / sizeof must_quote[0]; i++)
    if (hb_yaml_plain_safe (must_quote[i]))
      fail_msg ("'%s' must be quoted", must_quote[i]);
  static const char *const plain[] = { "web", "/tmp", "NET_BIND_SERVICE", "A=b", "nginx-cache", "x.y" };
  for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
    assert_true (hb_yaml_plain_safe (plain[i]));
}

/* --- seccomp merge -------------------------------------------------------- */

static void
rule_init (hb_scmp_rule *r, hb_scmp_action a, int errnum, const char *n1, const char *n2)
{
  memset (r, 0, sizeof *r);
  r->action = a;
  r->errno_ret = errnum;
  strv_push (&r->names, n1);
  if (n2)
    strv_push (&r->names, n2);
}

static hb_seccomp_profile *
small_base (void)
{
  hb_seccomp_profile *b = xcalloc (1, sizeof *b);
  b->default_action = HB_SCMP_ERRNO;
  b->default_errno = -1;
  b->n_rules = 2;
  b->rules = xcalloc (2, sizeof *b->rules);
  rule_init (&b->rules[0], HB_SCMP_ALLOW, -1, "mkdir", "read");
  rule_init (&b->rules[1], HB_SCMP_ALLOW, -1, "chmod", NULL);
  b->rules[1].n_args = 1;
  b->rules[1].args[0].index = 1;
  b->rules[1].args[0].value = 0755;
  b->rules[1].args[0].op = HB_SCMP_CMP_EQ;
  return b;
}

static void
merge_policy_rules_win (void **state)
{
  (void) state;
  hb_seccomp_profile *b = small_base ();
  hb_scmp_rule rules[3];
  rule_init (&rules[0], HB_SCMP_ERRNO, 13, "mkdir", NULL);       /* overrides the base allow */
  rule_init (&rules[1], HB_SCMP_ERRNO, 1, "getpid", NULL);       /* = default: redundant */
  rule_init (&rules[2], HB_SCMP_ALLOW, -1, "chmod", NULL);       /* unconditional allow */
  hb_seccomp_apply_rules (b, rules, 3);

  assert_int_equal (b->n_rules, 3);
  /* policy rules first, in order, the redundant one left out */
  assert_int_equal (b->rules[0].action, HB_SCMP_ERRNO);
  assert_int_equal (b->rules[0].errno_ret, 13);
  assert_string_equal (b->rules[0].names.v[0], "mkdir");
  assert_int_equal (b->rules[1].action, HB_SCMP_ALLOW);
  assert_string_equal (b->rules[1].names.v[0], "chmod");
  /* the base keeps read only; its chmod rule (conditional) is gone with
   * the name chmod, which an unconditional policy rule now decides */
  assert_int_equal (b->rules[2].names.n, 1);
  assert_string_equal (b->rules[2].names.v[0], "read");
  for (size_t i = 0; i < b->n_rules; i++)
    assert_false (strv_contains (&b->rules[i].names, "getpid"));
  for (size_t i = 0; i < 3; i++)
    hb_scmp_rule_clear (&rules[i]);
  hb_seccomp_profile_free (b);
}

static void
merge_conditional_rule_keeps_base (void **state)
{
  (void) state;
  hb_seccomp_profile *b = small_base ();
  hb_scmp_rule r;
  rule_init (&r, HB_SCMP_ERRNO, 13, "mkdir", NULL);
  r.n_args = 1;
  r.args[0].index = 1;
  r.args[0].value = 0777;
  r.args[0].op = HB_SCMP_CMP_EQ;
  hb_seccomp_apply_rules (b, &r, 1);
  assert_int_equal (b->n_rules, 3);
  assert_int_equal (b->rules[0].n_args, 1);
  assert_true (strv_contains (&b->rules[1].names, "mkdir"));
  hb_scmp_rule_clear (&r);
  hb_seccomp_profile_free (b);
}

static void
merge_effective_unconfined (void **state)
{
  (void) state;
  cleanup_policy hb_policy *p = hb_policy_new ();
  p->seccomp_profile = xstrdup ("unconfined");
  p->n_seccomp_rules = 2;
  p->seccomp_rules = xcalloc (2, sizeof *p->seccomp_rules);
  rule_init (&p->seccomp_rules[0], HB_SCMP_ERRNO, -1, "mkdir", NULL);
  rule_init (&p->seccomp_rules[1], HB_SCMP_ALLOW, -1, "read", NULL);   /* = default ALLOW */
  hb_error *err = NULL;
  hb_seccomp_profile *eff = hb_seccomp_effective (p, &err);
  assert_non_null (eff);
  assert_int_equal (eff->default_action, HB_SCMP_ALLOW);
  assert_int_equal (eff->n_rules, 1);
  assert_string_equal (eff->rules[0].names.v[0], "mkdir");
  hb_seccomp_profile_free (eff);
}

/* --- names, images, side files ------------------------------------------- */

static void
names_and_image (void **state)
{
  (void) state;
  cleanup_policy hb_policy *p = hb_policy_new ();
  hb_export_ctx ctx = { 0 };
  ctx.policy = p;
  hb_error *err = NULL;

  p->target_name = xstrdup ("/srv/Root FS/My_App/");
  cleanup_free char *n1 = hb_export_service_name (&ctx, &err);
  assert_string_equal (n1, "my-app");
  free (p->target_name);
  p->target_name = xstrdup ("registry.example:5000/team/web:1.25");
  cleanup_free char *n2 = hb_export_service_name (&ctx, &err);
  assert_string_equal (n2, "web");

  ctx.service_name = "Bad Name";
  assert_null (hb_export_service_name (&ctx, &err));
  assert_int_equal (err->status, HB_EXIT_USAGE);
  hb_error_free (err);
  err = NULL;

  /* no image: a clear usage error naming --image */
  assert_null (hb_export_image (&ctx, "run", &err));
  assert_int_equal (err->status, HB_EXIT_USAGE);
  assert_non_null (strstr (err->msg, "--image"));
  hb_error_free (err);
  err = NULL;
  ctx.image = "bad image";
  assert_null (hb_export_image (&ctx, "run", &err));
  hb_error_free (err);

  strv used = { 0 };
  assert_string_equal (hb_export_unique_label (&used, "/tmp", 63, "v"), "tmp");
  assert_string_equal (hb_export_unique_label (&used, "/TMP/", 63, "v"), "tmp-2");
  assert_string_equal (hb_export_unique_label (&used, "/", 63, "v"), "v");
  strv_clear (&used);
}

static void
side_file_next_to_output (void **state)
{
  (void) state;
  cleanup_policy hb_policy *p = hb_policy_new ();
  p->seccomp_profile = xstrdup ("unconfined");
  p->n_seccomp_rules = 1;
  p->seccomp_rules = xcalloc (1, sizeof *p->seccomp_rules);
  rule_init (&p->seccomp_rules[0], HB_SCMP_ERRNO, -1, "mkdir", NULL);

  char dir[] = "/tmp/hb-export-test.XXXXXX";
  assert_non_null (mkdtemp (dir));
  cleanup_free char *outp = xasprintf ("%s/web.run.sh", dir);
  hb_export_ctx ctx = { 0 };
  ctx.policy = p;
  ctx.image = "hb-test/busybox:latest";
  ctx.output_path = outp;
  hb_error *err = NULL;
  cleanup_free char *line = hb_export_to_string (hb_exporter_lookup ("run"), &ctx, &err);
  assert_non_null (line);
  cleanup_free char *side = xasprintf ("%s/web.run.seccomp.json", dir);
  assert_int_equal (ctx.side_files.n, 1);
  assert_string_equal (ctx.side_files.v[0], side);
  cleanup_free char *opt = xasprintf ("--security-opt=seccomp=%s", side);
  assert_non_null (strstr (line, opt));

  assert_int_equal (hb_export_write_side_files (&ctx, false, &err), 0);
  cleanup_free char *written = read_or_null (side);
  assert_non_null (written);
  assert_non_null (strstr (written, "\"mkdir\""));
  /* never replaced without overwrite */
  assert_int_equal (hb_export_write_side_files (&ctx, false, &err), -1);
  assert_int_equal (err->status, HB_EXIT_USAGE);
  hb_error_free (err);
  err = NULL;
  assert_int_equal (hb_export_write_side_files (&ctx, true, &err), 0);
  hb_export_ctx_clear (&ctx);
  assert_int_equal (rm_rf (dir, &err), 0);
}

static void
expect_port (const char *spec, const char *ip, unsigned host, unsigned cont, const char *proto,
             const char *canonical)
{
  hb_export_port port;
  hb_error *err = NULL;
  if (hb_export_port_parse (spec, &port, &err) < 0)
    fail_msg ("%s: %s", spec, err->msg);
  assert_string_equal (port.ip, ip);
  assert_int_equal (port.host, host);
  assert_int_equal (port.cont, cont);
  assert_string_equal (port.proto, proto);
  cleanup_free char *again = hb_export_port_spec (&port);
  assert_string_equal (again, canonical);
}

static void
publish_specs (void **state)
{
  (void) state;
  expect_port ("80", "", 0, 80, "tcp", "80/tcp");
  expect_port ("18080:80", "", 18080, 80, "tcp", "18080:80/tcp");
  expect_port ("127.0.0.1:18080:80/udp", "127.0.0.1", 18080, 80, "udp", "127.0.0.1:18080:80/udp");
  expect_port ("127.0.0.1::80", "127.0.0.1", 0, 80, "tcp", "127.0.0.1::80/tcp");
  expect_port ("[::1]:8080:80/sctp", "::1", 8080, 80, "sctp", "[::1]:8080:80/sctp");
  expect_port ("[::1]::53/udp", "::1", 0, 53, "udp", "[::1]::53/udp");
  const char *bad[] = { "", "0", "65536", "80/icmp", "80-90:80", "a:80", "1.2.3.4:80",
                        "x y:1:2", "[::1:1:2", ":1:2", "1:2:3:4", NULL };
  for (size_t i = 0; bad[i]; i++)
    {
      hb_export_port port;
      hb_error *err = NULL;
      if (hb_export_port_parse (bad[i], &port, &err) == 0)
        fail_msg ("'%s' was taken", bad[i]);
      assert_int_equal (err->status, HB_EXIT_INPUT);
      hb_error_free (err);
      err = NULL;
      assert_int_equal (hb_export_publish_check (bad[i], &err), -1);
      assert_int_equal (err->status, HB_EXIT_USAGE);
      hb_error_free (err);
    }
}

/* The export's name is the target's, not the policy file's target.name. */
static void
name_from_the_target (void **state)
{
  (void) state;
  cleanup_policy hb_policy *p = hb_policy_new ();
  p->target_name = xstrdup ("web");
  hb_export_ctx ctx = { 0 };
  ctx.policy = p;
  ctx.target_name = "web-running";
  hb_error *err = NULL;
  cleanup_free char *n = hb_export_service_name (&ctx, &err);
  assert_string_equal (n, "web-running");
  ctx.service_name = "mine";
  cleanup_free char *m = hb_export_service_name (&ctx, &err);
  assert_string_equal (m, "mine");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (table_lists_every_format),
    cmocka_unit_test (shell_quoting),
    cmocka_unit_test (yaml_plain_rules),
    cmocka_unit_test (merge_policy_rules_win),
    cmocka_unit_test (merge_conditional_rule_keeps_base),
    cmocka_unit_test (merge_effective_unconfined),
    cmocka_unit_test (names_and_image),
    cmocka_unit_test (side_file_next_to_output),
    cmocka_unit_test (publish_specs),
    cmocka_unit_test (name_from_the_target),
    cmocka_unit_test (golden_basic),
    cmocka_unit_test (golden_hostile),
    cmocka_unit_test (golden_limits),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
