/* cmd_trial.c - `hardenbench trial TARGET [POLICY] [--json] [--timeout SEC]
 * [--publish HOST:CONT] [-- CMD [ARG...]]`. */
#include "config.h"

#include "commands/commands.h"
#include "core/cleanup.h"
#include "core/xalloc.h"
#include "monitor/suggest.h"
#include "sandbox/trial.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct trial_out {
  bool json;
  json_t *summary;   /* the summary event's object */
} trial_out;

static void
print_event (const hb_event *ev, void *userdata)
{
  trial_out *o = userdata;
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

int
cmd_trial (int argc, char **argv, hb_globals *g)
{
  hb_error *err = NULL;
  hb_policy_opts opts = { 0 };
  const char *target_spec = NULL;
  trial_out out = { 0 };
  double timeout = 0;
  cleanup_strv strv publish = { 0 };
  cleanup_strv strv command = { 0 };
  bool has_command = false;
  bool monitor = true;
  const char *save_suggested = NULL;

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
      if ((r = cli_take_value ("trial", "--save-suggested", NULL, "a FILE", argc, argv, &i, &v, &err)))
        {
          if (r < 0)
            goto fail;
          save_suggested = v;
          continue;
        }
      if ((r = cli_take_value ("trial", "--timeout", NULL, "SECONDS", argc, argv, &i, &v, &err)))
        {
          if (r < 0 || cli_parse_seconds ("trial", v, &timeout, &err) < 0)
            goto fail;
          continue;
        }
      if ((r = cli_take_value ("trial", "--publish", "-p", "HOST:CONT", argc, argv, &i, &v, &err)))
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
      else if (strcmp (a, "--no-monitor") == 0)
        monitor = false;
      else if (a[0] == '-' && a[1] != '\0')
        {
          cli_usage_error ("trial", &err, "unknown option %s", a);
          goto fail;
        }
      else if (target_spec == NULL)
        target_spec = a;
      else
        {
          cli_usage_error ("trial", &err, "unexpected argument %s (give the command after --)", a);
          goto fail;
        }
      i++;
    }
  if (target_spec == NULL)
    {
      cli_usage_error ("trial", &err, "no TARGET given");
      goto fail;
    }
  if (has_command && command.n == 0)
    {
      cli_usage_error ("trial", &err, "no command after --");
      goto fail;
    }

  {
    cleanup_target hb_target *t = hb_target_resolve (target_spec, &g->engine, &err);
    /* The files: the engine's layers when readable (root, local engine),
     * else its export extracted into the cache. */
    if (t == NULL || hb_target_prepare_rootfs (t, &g->engine, &err) < 0)
      goto fail;
    cleanup_policy hb_policy *p = cli_effective_policy (t, &opts, &err);
    if (p == NULL)
      goto fail;
    hb_trial_opts to = {
      .target = t, .policy = p, .command = has_command ? &command : NULL,
      .timeout = timeout, .publish = &publish, .monitor = monitor, .learn = false,
      .capture_output = out.json, .on_event = print_event, .userdata = &out,
    };
    int status = hb_trial_run (&to, &err);
    if (status < 0)
      goto fail;
    if (save_suggested)
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
        hb_suggestions_clear (&s);
        if (changes < 0 || hb_policy_save (p, save_suggested, &err) < 0)
          goto fail;
        fprintf (stderr, "hardenbench: %d suggested change%s applied, policy saved to %s\n", changes,
                 changes == 1 ? "" : "s", save_suggested);
      }
    json_decref (out.summary);
    hb_policy_opts_clear (&opts);
    return status;
  }

fail:
  json_decref (out.summary);
  hb_policy_opts_clear (&opts);
  if (err && err->status != HB_EXIT_USAGE && err->status != HB_EXIT_INPUT
      && err->status != HB_EXIT_NOT_FOUND && err->status != HB_EXIT_ENGINE)
    err->status = HB_EXIT_SANDBOX;
  return hb_error_report (err);
}
