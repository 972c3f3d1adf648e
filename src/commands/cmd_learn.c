/* cmd_learn.c - `hardenbench learn TARGET [POLICY] [--json] [--timeout SEC]
 * [--publish HOST:CONT] [--rounds N] [-o FILE] [-- CMD [ARG...]]`.
 *
 * One permissive run with every syscall recorded, then the proposed policy
 * (read-only root, tmpfs for written directories, cap_drop ALL + what was
 * used, a seccomp allowlist); then up to N verification trials of the same
 * workload under it, applying the monitor's suggestions after each, until
 * one shows no denials.  The policy is saved with its seccomp profile
 * beside it (NAME.seccomp.json). */
#include "config.h"

#include "commands/commands.h"
#include "app/target.h"
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/paths.h"
#include "core/xalloc.h"
#include "monitor/learn.h"
#include "monitor/suggest.h"
#include "sandbox/trial.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LEARN_DEFAULT_ROUNDS 3

/* A file name from the target's name: its last component, safe characters. */
static char *
default_output (const hb_policy *p)
{
  cleanup_free char *name = xstrdup (p->target_name ? p->target_name : "target");
  size_t n = strlen (name);
  while (n > 1 && name[n - 1] == '/')
    name[--n] = '\0';
  const char *slash = strrchr (name, '/');
  cleanup_free char *base = xstrdup (slash && slash[1] ? slash + 1 : name);
  for (char *c = base; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')
          || *c == '.' || *c == '-' || *c == '_'))
      *c = '_';
  if (base[0] == '.' || base[0] == '\0')
    {
      free (base);
      base = xstrdup ("target");
    }
  cleanup_free char *dir = hb_config_dir ();
  return xasprintf ("%s/policies/%s.json", dir, base);
}

static int
run_trial (const hb_trial_opts *base, const hb_policy *p, bool learn, cli_events *out,
           int *status, hb_error **err)
{
  hb_trial_opts to = *base;
  to.policy = p;
  to.monitor = true;
  to.learn = learn;
  json_decref (out->summary);
  out->summary = NULL;
  *status = hb_trial_run (&to, err);
  if (*status < 0)
    return -1;
  if (out->summary == NULL)
    return hb_fail (err, HB_EXIT_SANDBOX, "the trial ended without a summary");
  return 0;
}

static bool
summary_clean (json_t *summary)
{
  return json_array_size (json_object_get (summary, "denied_writes")) == 0
         && json_array_size (json_object_get (summary, "denied_syscalls")) == 0
         && json_array_size (json_object_get (json_object_get (summary, "suggestions"), "cap_add"))
                == 0;
}

typedef struct learn_values {
  bool json;
  double timeout;
  strv publish;
  long rounds;
  const char *output;
} learn_values;

static const cli_option options[] = {
  { .name = "--json", .kind = CLI_FLAG, .offset = offsetof (learn_values, json),
    .help = "events as JSON lines on stdout" },
  { .name = "--timeout", .kind = CLI_SECONDS, .offset = offsetof (learn_values, timeout),
    .metavar = "SEC", .need = "SECONDS", .help = "stop each run after SEC seconds (servers)" },
  { .name = "--publish", .alias = "-p", .kind = CLI_LIST, .offset = offsetof (learn_values, publish),
    .metavar = "[IP:]HOST:CONT", .need = "HOST:CONT",
    .help = "forward a host TCP port into the runs; repeatable" },
  { .name = "--rounds", .kind = CLI_INT, .offset = offsetof (learn_values, rounds),
    .metavar = "N", .need = "a number from 0 to 20", .min = 0, .max = 20,
    .help = "verification trials under the proposal, applying the\n"
            "suggestions after each (default 3; 0: none)" },
  { .name = "--output", .alias = "-o", .kind = CLI_STRING, .offset = offsetof (learn_values, output),
    .metavar = "FILE", .need = "a FILE",
    .help = "the policy file (default: the config dir's\n"
            "policies/NAME.json); the seccomp profile goes beside\n"
            "it as NAME.seccomp.json" },
  { .name = NULL },
};

const cli_spec cmd_learn_spec = {
  .cmd = "learn", .options = options, .positional = "TARGET", .positional_required = true,
  .surplus_hint = "give the command after --", .takes_policy = true, .takes_command = true,
  .dashdash = "-- CMD [ARG...]", .dashdash_help = "run CMD instead of the target's entrypoint + cmd",
};

/* Without root the trial's container root is the caller's uid: files of
 * other host ids (a rootfs directory built as root, the build's @demo)
 * cannot be written even in the throw-away layer, so the permissive run may
 * see the app give up early and learn too little.  Say so before it runs. */
static void
warn_unwritable_rootfs (const hb_target *t)
{
  if (geteuid () == 0 || t->rootfs.layers.n == 0)
    return;
  struct stat st;
  const char *top = t->rootfs.layers.v[0];   /* the root directory as mounted comes from the top layer */
  if (stat (top, &st) == 0 && st.st_uid != geteuid ())
    fprintf (stderr,
             "hardenbench: learn: not root, and %s belongs to uid %ld, outside your user "
             "namespace: the permissive run cannot write its files, so the app may stop early "
             "and the proposal miss what it needs; run learn as root, or on a copy you own\n",
             top, (long) st.st_uid);
}

int
cmd_learn (int argc, char **argv, hb_globals *g)
{
  hb_error *err = NULL;
  learn_values v = { .rounds = LEARN_DEFAULT_ROUNDS };
  cleanup_cli_args cli_args args = { 0 };
  cli_events out = { 0 };

  if (cli_parse (&cmd_learn_spec, g, argc, argv, &v, &args, &err) < 0)
    goto fail;
  out.json = v.json;

  {
    cleanup_target hb_target *t = NULL;
    cleanup_policy hb_policy *base =
      app_open_target (args.positional, &g->engine, &args.policy, true, &t, &err);
    if (base == NULL)
      goto fail;
    if (t->rootfs_note)
      fprintf (stderr, "hardenbench: %s\n", t->rootfs_note);
    cleanup_free char *policy_path = v.output ? xstrdup (v.output) : default_output (base);
    cleanup_free char *profile_path = hb_learn_profile_path (policy_path);
    /* Both files are replaced at the end, and only if they are regular
     * files: say so now, not after the trials. */
    if (file_check_replaceable (policy_path, &err) < 0
        || file_check_replaceable (profile_path, &err) < 0)
      goto fail;
    cleanup_free char *dir = xstrdup (policy_path);
    char *slash = strrchr (dir, '/');
    if (slash && slash != dir)
      {
        *slash = '\0';
        if (mkdir_p (dir, 0755, &err) < 0)
          goto fail;
      }

    hb_trial_opts to = {
      .target = t, .command = args.has_command ? &args.command : NULL, .timeout = v.timeout,
      .publish = &v.publish, .capture_output = out.json, .on_event = cli_print_event, .userdata = &out,
    };

    warn_unwritable_rootfs (t);

    /* 1. The permissive run, every syscall recorded. */
    cleanup_policy hb_policy *run_policy = hb_learn_run_policy (base, &err);
    int status;
    if (run_policy == NULL || run_trial (&to, run_policy, true, &out, &status, &err) < 0)
      goto fail;
    json_t *learned = json_object_get (out.summary, "learned");
    if (learned == NULL || json_array_size (json_object_get (learned, "syscalls")) == 0)
      {
        hb_fail (&err, HB_EXIT_SANDBOX, "learn: the run recorded no syscall (did the command start?)");
        goto fail;
      }

    /* 2. The proposal. */
    cleanup_json json_t *profile = hb_learn_profile_json (learned);
    cleanup_free char *profile_text = json_dumps (profile, JSON_INDENT (2));
    if (file_write_atomic (profile_path, profile_text, strlen (profile_text), true, 0644, &err) < 0)
      goto fail;
    cleanup_policy hb_policy *proposed = hb_learn_propose (base, learned, profile_path, &err);
    if (proposed == NULL)
      goto fail;

    /* 3. Verification: the same workload under the proposal, with the
     * suggestions applied after each round that still shows denials. */
    bool clean = v.rounds == 0;
    for (long r = 1; r <= v.rounds; r++)
      {
        if (run_trial (&to, proposed, false, &out, &status, &err) < 0)
          goto fail;
        if (summary_clean (out.summary))
          {
            fprintf (stderr, "hardenbench: learn: verification trial %ld: no denials\n", r);
            clean = true;
            break;
          }
        hb_suggestions s = { 0 };
        if (hb_suggestions_from_json (json_object_get (out.summary, "suggestions"), &s, &err) < 0)
          goto fail;
        int changes = hb_suggestions_apply (proposed, &s, &err);
        if (changes >= 0)
          hb_suggestions_record_evidence (proposed, &s, out.summary);
        hb_suggestions_clear (&s);
        if (changes < 0)
          goto fail;
        fprintf (stderr, "hardenbench: learn: verification trial %ld: denials, %d change%s applied\n",
                 r, changes, changes == 1 ? "" : "s");
        if (changes == 0)
          break;   /* nothing more to suggest: stop rather than loop */
      }

    if (hb_policy_save (proposed, policy_path, &err) < 0)
      goto fail;
    fprintf (stderr, "hardenbench: learn: policy written to %s (seccomp profile %s)\n", policy_path,
             profile_path);
    json_decref (out.summary);
    if (!clean)
      {
        fprintf (stderr, "hardenbench: learn: the last verification trial still showed denials\n");
        return HB_EXIT_FAILURE;
      }
    return 0;
  }

fail:
  json_decref (out.summary);
  if (err && err->status != HB_EXIT_USAGE && err->status != HB_EXIT_INPUT
      && err->status != HB_EXIT_NOT_FOUND && err->status != HB_EXIT_ENGINE)
    err->status = HB_EXIT_SANDBOX;
  return hb_error_report (err);
}
