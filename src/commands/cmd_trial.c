/* cmd_trial.c - `hardenbench trial TARGET [POLICY] [--json] [--platform NAME] [--timeout SEC]
 * [--publish HOST:CONT] [-- CMD [ARG...]]`. */
#include "config.h"

#include "commands/commands.h"
#include "app/target.h"
#include "core/cleanup.h"
#include "core/xalloc.h"
#include "monitor/suggest.h"
#include "sandbox/trial.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct trial_values {
  bool json, no_monitor;
  const char *save_suggested;
  const char *platform;
  double timeout;
  strv publish;
} trial_values;

static const cli_option options[] = {
  { .name = "--json", .kind = CLI_FLAG, .offset = offsetof (trial_values, json),
    .help = "events as JSON lines on stdout (output included)" },
  { .name = "--no-monitor", .kind = CLI_FLAG, .offset = offsetof (trial_values, no_monitor),
    .help = "enforce only: no live report of denied writes and syscalls\n(no ptrace)" },
  { .name = "--save-suggested", .kind = CLI_STRING, .offset = offsetof (trial_values, save_suggested),
    .metavar = "FILE", .need = "a FILE",
    .help = "save the policy with the summary's suggestions applied" },
  { .name = "--platform", .kind = CLI_STRING, .offset = offsetof (trial_values, platform),
    .metavar = "NAME", .need = "docker, kubernetes or fargate",
    .help = "behave as that platform's runtime: docker (the default),\n"
            "kubernetes (containerd) or fargate; on the last two a bind\n"
            "below port 1024 needs NET_BIND_SERVICE" },
  { .name = "--timeout", .kind = CLI_SECONDS, .offset = offsetof (trial_values, timeout),
    .metavar = "SEC", .need = "SECONDS",
    .help = "stop the trial after SEC seconds (SIGTERM, then SIGKILL)" },
  { .name = "--publish", .alias = "-p", .kind = CLI_LIST, .offset = offsetof (trial_values, publish),
    .metavar = "[IP:]HOST:CONT", .need = "HOST:CONT",
    .help = "forward host TCP port HOST (on 127.0.0.1 unless IP)\n"
            "to port CONT inside the trial; repeatable" },
  { .name = NULL },
};

const cli_spec cmd_trial_spec = {
  .cmd = "trial", .options = options, .positional = "TARGET", .positional_required = true,
  .surplus_hint = "give the command after --", .takes_policy = true, .takes_command = true,
  .dashdash = "-- CMD [ARG...]", .dashdash_help = "run CMD instead of the target's entrypoint + cmd",
};

int
cmd_trial (int argc, char **argv, hb_globals *g)
{
  hb_error *err = NULL;
  trial_values v = { 0 };
  cleanup_cli_args cli_args args = { 0 };
  cli_events out = { 0 };

  if (cli_parse (&cmd_trial_spec, g, argc, argv, &v, &args, &err) < 0)
    goto fail;
  out.json = v.json;
  hb_platform platform;
  if (hb_platform_parse (v.platform, &platform, &err) < 0)
    goto fail;

  {
    cleanup_target hb_target *t = NULL;
    cleanup_policy hb_policy *p =
      app_open_target (args.positional, &g->engine, &args.policy, true, &t, &err);
    if (p == NULL)
      goto fail;
    if (t->rootfs_note)
      fprintf (stderr, "hardenbench: %s\n", t->rootfs_note);
    hb_trial_opts to = {
      .target = t, .policy = p, .command = args.has_command ? &args.command : NULL,
      .timeout = v.timeout, .publish = &v.publish, .monitor = !v.no_monitor, .learn = false,
      .capture_output = out.json, .on_event = cli_print_event, .userdata = &out,
      .platform = platform,
    };
    int status = hb_trial_run (&to, &err);
    if (status < 0)
      goto fail;
    if (v.save_suggested)
      {
        if (out.summary == NULL || json_object_get (out.summary, "suggestions") == NULL)
          {
            hb_fail (&err, HB_EXIT_FAILURE, "--save-suggested: the trial gave no suggestions (is the monitor off?)");
            goto fail;
          }
        hb_suggestions s = { 0 };
        int changes = hb_suggestions_from_json (json_object_get (out.summary, "suggestions"), &s, &err);
        if (changes == 0)
          changes = hb_suggestions_apply (p, &s, &err);
        if (changes >= 0)
          hb_suggestions_record_evidence (p, &s, out.summary);
        hb_suggestions_clear (&s);
        if (changes < 0 || hb_policy_save (p, v.save_suggested, &err) < 0)
          goto fail;
        fprintf (stderr, "hardenbench: %d suggested change%s applied, policy saved to %s\n", changes,
                 changes == 1 ? "" : "s", v.save_suggested);
      }
    json_decref (out.summary);
    return status;
  }

fail:
  json_decref (out.summary);
  if (err && err->status != HB_EXIT_USAGE && err->status != HB_EXIT_INPUT
      && err->status != HB_EXIT_NOT_FOUND && err->status != HB_EXIT_ENGINE)
    err->status = HB_EXIT_SANDBOX;
  return hb_error_report (err);
}
