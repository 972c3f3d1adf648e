/* cmd_audit.c - `hardenbench audit TARGET [POLICY] [--json] [--fail-on
 * LEVEL]`: the CIS Docker Benchmark checks over the effective policy, as a
 * table or as JSON; with --fail-on, exit 1 when a check at or above LEVEL
 * fails. */
#include "config.h"

#include "audit/audit.h"
#include "audit/severity.h"
#include "commands/commands.h"
#include "app/target.h"
#include "core/cleanup.h"
#include "core/text.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

static void
print_json (const hb_audit *a)
{
  cleanup_json json_t *o = json_object ();
  json_object_set_new (o, "score", json_pack ("{s:i, s:i, s:i}", "pass", a->pass, "fail", a->fail,
                                              "total", a->total));
  json_t *checks = json_array ();
  for (size_t i = 0; i < a->n; i++)
    {
      const hb_check_result *r = &a->results[i];
      json_array_append_new (checks,
                             json_pack ("{s:s, s:s, s:s, s:s, s:s}", "id", r->check->id, "title",
                                        r->check->title, "status",
                                        hb_check_status_name (r->status), "severity",
                                        hb_severity_name (hb_check_severity (r->check)), "fix",
                                        r->check->fix));
    }
  json_object_set_new (o, "checks", checks);
  cleanup_free char *text = json_dumps (o, JSON_INDENT (2) | JSON_PRESERVE_ORDER);
  printf ("%s\n", text);
}

static void
print_table (const hb_target *t, const hb_audit *a, bool color)
{
  cleanup_free char *name = text_sanitize (t->name);
  printf ("CIS Docker Benchmark v1.6.0 audit of %s\n\n", name);
  printf ("%-5s %-5s %-8s %s\n", "ID", "", "SEVERITY", "CHECK");
  for (size_t i = 0; i < a->n; i++)
    {
      const hb_check_result *r = &a->results[i];
      const char *on = "", *off = "";
      if (color)
        {
          off = "\033[0m";
          on = r->status == HB_CHECK_PASS ? "\033[32m"
               : r->status == HB_CHECK_FAIL ? "\033[31m" : "\033[2m";
        }
      printf ("%-5s %s%-5s%s %-8s %s\n", r->check->id, on, hb_check_status_name (r->status), off,
              hb_severity_name (hb_check_severity (r->check)), r->check->title);
      if (r->status == HB_CHECK_FAIL || r->status == HB_CHECK_INFO)
        printf ("%-11s fix: %s\n", "", r->check->fix);
    }
  printf ("\nscore: %d of %d checks pass (%d fail; info and n/a are not scored)\n", a->pass,
          a->total, a->fail);
}

typedef struct audit_values {
  bool json;
  const char *fail_on;
} audit_values;

static const cli_option options[] = {
  { .name = "--json", .kind = CLI_FLAG, .offset = offsetof (audit_values, json),
    .help = "print {score: {pass, fail, total},\n"
            "checks: [{id, title, status, severity, fix}]}" },
  { .name = "--fail-on", .kind = CLI_STRING, .offset = offsetof (audit_values, fail_on),
    .metavar = "LEVEL", .need = "a LEVEL (" HB_SEVERITY_NAMES ")",
    .help = "exit 1 when a check of severity LEVEL or above fails\n"
            "(" HB_SEVERITY_NAMES "); without it audit exits 0" },
  { .name = NULL },
};

const cli_spec cmd_audit_spec = {
  .cmd = "audit", .options = options, .positional = "TARGET", .positional_required = true,
  .takes_policy = true,
};

int
cmd_audit (int argc, char **argv, hb_globals *g)
{
  hb_error *err = NULL;
  audit_values v = { 0 };
  cleanup_cli_args cli_args args = { 0 };
  if (cli_parse (&cmd_audit_spec, g, argc, argv, &v, &args, &err) < 0)
    return hb_error_report (err);
  hb_severity fail_on = HB_SEV_UNRANKED;
  if (v.fail_on && (fail_on = hb_severity_parse (v.fail_on)) == HB_SEV_UNRANKED)
    {
      cli_usage_error ("audit", &err, "--fail-on %s: not a level (%s)", v.fail_on,
                       HB_SEVERITY_NAMES);
      return hb_error_report (err);
    }

  cleanup_target hb_target *t = NULL;
  cleanup_policy hb_policy *p =
    app_open_target (args.positional, &g->engine, &args.policy, false, &t, &err);
  if (p == NULL)
    return hb_error_report (err);
  hb_audit a;
  hb_audit_run (p, &a);
  if (v.json)
    print_json (&a);
  else
    print_table (t, &a, cli_use_color (g, 1));
  int failing = 0;
  if (fail_on != HB_SEV_UNRANKED)
    for (size_t i = 0; i < a.n; i++)
      if (a.results[i].status == HB_CHECK_FAIL
          && hb_severity_at_least (hb_check_severity (a.results[i].check), fail_on))
        failing++;
  hb_audit_clear (&a);
  if (fflush (stdout) != 0)
    return HB_EXIT_FAILURE;
  if (failing)
    fprintf (stderr, "hardenbench: audit: %d failing check%s of severity %s or above\n", failing,
             failing == 1 ? "" : "s", hb_severity_name (fail_on));
  return failing ? HB_EXIT_FAILURE : 0;
}
