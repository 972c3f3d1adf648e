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
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/paths.h"
#include "core/xalloc.h"
#include "monitor/learn.h"
#include "monitor/suggest.h"
#include "sandbox/trial.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEARN_DEFAULT_ROUNDS 3

typedef struct learn_out {
  bool json;
  json_t *summary;   /* the last trial's summary object */
} learn_out;

static void
on_event (const hb_event *ev, void *userdata)
{
  learn_out *o = userdata;
  if (ev->kind == HB_EV_SUMMARY && ev->data)
    {
      json_decref (o->summary);
      o->summary = json_incref (ev->data);
    }
  if (o->json)
    {
      cleanup_json json_t *j = hb_event_to_json (ev);
      cleanup_free char *s = json_dumps (j, JSON_COMPACT);
      if (s)
        {
          fputs (s, stdout);
          fputc ('\n', stdout);
          fflush (stdout);
        }
      return;
    }
  cleanup_free char *line = hb_event_to_text (ev);
  fprintf (stderr, "hardenbench: %s\n", line);
}

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
run_trial (const hb_trial_opts *base, const hb_policy *p, bool learn, learn_out *out,
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

int
cmd_learn (int argc, char **argv, hb_globals *g)
{
  hb_error *err = NULL;
  hb_policy_opts opts = { 0 };
  const char *target_spec = NULL;
  const char *output = NULL;
  learn_out out = { 0 };
  double timeout = 0;
  long rounds = LEARN_DEFAULT_ROUNDS;
  cleanup_strv strv publish = { 0 };
  cleanup_strv strv command = { 0 };
  bool has_command = false;

  for (int i = 1; i < argc;)
    {
      int r = cli_take_global (g, argc, argv, &i, &err);
      if (r == 0)
        r = hb_policy_opts_take (&opts, argc, argv, &i, &err);
      if (r < 0)
        goto fail;
      if (r > 0)
        continue;
      const char *v = NULL;
      if ((r = cli_take_value ("learn", "--timeout", NULL, "SECONDS", argc, argv, &i, &v, &err)))
        {
          if (r < 0 || cli_parse_seconds ("learn", v, &timeout, &err) < 0)
            goto fail;
          continue;
        }
      if ((r = cli_take_value ("learn", "--rounds", NULL, "a number from 0 to 20", argc, argv, &i, &v,
                               &err)))
        {
          char *end = NULL;
          errno = 0;
          if (r > 0)
            rounds = strtol (v, &end, 10);
          if (r < 0 || *end || errno || rounds < 0 || rounds > 20)
            {
              if (r > 0)
                cli_usage_error ("learn", &err, "--rounds %s: needs a number from 0 to 20", v);
              goto fail;
            }
          continue;
        }
      if ((r = cli_take_value ("learn", "--output", "-o", "a FILE", argc, argv, &i, &v, &err)))
        {
          if (r < 0)
            goto fail;
          output = v;
          continue;
        }
      if ((r = cli_take_value ("learn", "--publish", "-p", "HOST:CONT", argc, argv, &i, &v, &err)))
        {
          if (r < 0)
            goto fail;
          strv_push (&publish, v);
          continue;
        }
      const char *a = argv[i];
      if (strcmp (a, "--") == 0)
        {
          for (int k = i + 1; k < argc; k++)
            strv_push (&command, argv[k]);
          has_command = true;
          break;
        }
      if (strcmp (a, "--json") == 0)
        out.json = true;
      else if (a[0] == '-' && a[1] != '\0')
        {
          cli_usage_error ("learn", &err, "unknown option %s", a);
          goto fail;
        }
      else if (target_spec == NULL)
        target_spec = a;
      else
        {
          cli_usage_error ("learn", &err, "unexpected argument %s (give the command after --)", a);
          goto fail;
        }
      i++;
    }
  if (target_spec == NULL)
    {
      cli_usage_error ("learn", &err, "no TARGET given");
      goto fail;
    }
  if (has_command && command.n == 0)
    {
      cli_usage_error ("learn", &err, "no command after --");
      goto fail;
    }

  {
    cleanup_target hb_target *t = hb_target_resolve (target_spec, &g->engine, &err);
    /* The files: the engine's layers when readable (root, local engine),
     * else its export extracted into the cache. */
    if (t == NULL || hb_target_prepare_rootfs (t, &g->engine, &err) < 0)
      goto fail;
    cleanup_policy hb_policy *base = cli_effective_policy (t, &opts, &err);
    if (base == NULL)
      goto fail;
    cleanup_free char *policy_path = output ? xstrdup (output) : default_output (base);
    cleanup_free char *profile_path = hb_learn_profile_path (policy_path);
    cleanup_free char *dir = xstrdup (policy_path);
    char *slash = strrchr (dir, '/');
    if (slash && slash != dir)
      {
        *slash = '\0';
        if (mkdir_p (dir, 0755, &err) < 0)
          goto fail;
      }

    hb_trial_opts to = {
      .target = t, .command = has_command ? &command : NULL, .timeout = timeout,
      .publish = &publish, .capture_output = out.json, .on_event = on_event, .userdata = &out,
    };

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
    bool clean = rounds == 0;
    for (long r = 1; r <= rounds; r++)
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
    hb_policy_opts_clear (&opts);
    if (!clean)
      {
        fprintf (stderr, "hardenbench: learn: the last verification trial still showed denials\n");
        return HB_EXIT_FAILURE;
      }
    return 0;
  }

fail:
  json_decref (out.summary);
  hb_policy_opts_clear (&opts);
  if (err && err->status != HB_EXIT_USAGE && err->status != HB_EXIT_INPUT
      && err->status != HB_EXIT_NOT_FOUND && err->status != HB_EXIT_ENGINE)
    err->status = HB_EXIT_SANDBOX;
  return hb_error_report (err);
}
