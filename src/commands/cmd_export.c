/* cmd_export.c - `hardenbench export TARGET --format FMT [POLICY] [-o FILE]
 * [--force] [--image REF] [--name NAME] [--publish SPEC]...
 * [--k8s-empty-volumes] [--verify [--probe CMD] [--timeout SEC]]
 * [-- CMD [ARG...]]`.
 *
 * The name and the published ports come from the target (a --policy
 * FILE's target.name does not rename the export); --name and --publish
 * override them.  --verify runs a run or compose export on the engine
 * (export/verify.h) under a name of its own and removes it afterwards. */
#include "config.h"

#include "commands/commands.h"
#include "app/export_files.h"
#include "app/target.h"
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "export/export.h"
#include "export/verify.h"

#include <errno.h>
#include <unistd.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *
format_list (void)
{
  size_t n;
  const hb_exporter *ex = hb_exporters (&n);
  strv names = { 0 };
  for (size_t i = 0; i < n; i++)
    strv_push (&names, ex[i].name);
  char *s = strv_join (&names, ", ");
  strv_clear (&names);
  return s;
}

static void
print_notes (const app_export *x)
{
  for (size_t i = 0; i < x->notes.n; i++)
    {
      cleanup_free char *s = text_sanitize (x->notes.v[i]);
      fprintf (stderr, "hardenbench: note: %s\n", s);
    }
}

struct export_values;
static int verify (const struct export_values *v, const app_export *made, const hb_globals *g,
                   hb_error **err);

typedef struct export_values {
  const char *format, *output, *image, *name, *probe;
  bool force, k8s_empty_volumes, verify;
  strv publish;
  double timeout;
} export_values;

#define VERIFY_TIMEOUT 15.0   /* seconds, without --timeout */

static const cli_option options[] = {
  { .name = "--format", .alias = "-f", .kind = CLI_STRING, .offset = offsetof (export_values, format),
    .metavar = "FMT", .need = "a value",
    .help = "run          one shell-quoted `docker run` command line\n"
            "compose      a docker compose service (YAML)\n"
            "ecs          an ECS task definition (RegisterTaskDefinition JSON)\n"
            "ecs-fargate  the same for Fargate (no tmpfs, cap add SYS_PTRACE only)\n"
            "k8s          a Kubernetes Pod manifest\n"
            "seccomp      the effective seccomp profile (Docker/OCI JSON)\n"
            "dockerfile   USER and VOLUME lines for the image's Dockerfile" },
  { .name = "--output", .alias = "-o", .kind = CLI_STRING, .offset = offsetof (export_values, output),
    .metavar = "FILE", .need = "a value",
    .help = "write FILE atomically (a seccomp profile the export refers\n"
            "to goes next to it as NAME.seccomp.json; without -o, into\n"
            "the current directory)" },
  { .name = "--force", .kind = CLI_FLAG, .offset = offsetof (export_values, force),
    .help = "replace FILE (and side files) if they exist" },
  { .name = "--image", .kind = CLI_STRING, .offset = offsetof (export_values, image),
    .metavar = "REF", .need = "a value", .help = "the image to run (default: the target's image)" },
  { .name = "--name", .kind = CLI_STRING, .offset = offsetof (export_values, name),
    .metavar = "NAME", .need = "a value",
    .help = "service / container / pod name (default: the target's)" },
  { .name = "--publish", .alias = "-p", .kind = CLI_LIST, .offset = offsetof (export_values, publish),
    .metavar = "[IP:][HOST:]CONT[/PROTO]", .need = "a port",
    .help = "publish a port as docker -p does; repeatable; replaces\n"
            "the target's published ports (default: the target's)" },
  { .name = "--k8s-empty-volumes", .kind = CLI_FLAG,
    .offset = offsetof (export_values, k8s_empty_volumes),
    .help = "k8s: leave volumes empty (by default an init container\n"
            "copies the image's files into them, as Docker fills a\n"
            "new volume)" },
  { .name = "--verify", .kind = CLI_FLAG, .offset = offsetof (export_values, verify),
    .help = "run and compose: start the export on the local engine\n"
            "(under a name of its own), wait until it runs, run the\n"
            "probe, report, then remove what it created; exit 1 when\n"
            "it does not start, exits, or the probe fails" },
  { .name = "--probe", .kind = CLI_STRING, .offset = offsetof (export_values, probe),
    .metavar = "CMD", .need = "a command",
    .help = "with --verify: a host command (sh -c) that must succeed,\n"
            "retried until --timeout, e.g. 'curl -fsS http://127.0.0.1:8080/'" },
  { .name = "--timeout", .kind = CLI_SECONDS, .offset = offsetof (export_values, timeout),
    .metavar = "SEC", .need = "SECONDS",
    .help = "with --verify: how long to wait for it to run, and then\n"
            "for the probe (default 15)" },
  { .name = NULL },
};

/* TARGET is checked after --format, so that a bare `export` lists the
 * formats first. */
const cli_spec cmd_export_spec = {
  .cmd = "export", .options = options, .positional = "TARGET",
  .takes_policy = true, .takes_command = true,
  .dashdash = "-- CMD [ARG...]", .dashdash_help = "the command to run instead of the target's",
  .note = "What a format cannot express is listed on stderr as 'hardenbench: note: ...'.\n"
          "--verify reports on stderr as 'hardenbench: verify: ...'.",
};

int
cmd_export (int argc, char **argv, hb_globals *g)
{
  hb_error *err = NULL;
  export_values v = { 0 };
  cleanup_cli_args cli_args args = { 0 };
  int status = 0;
  app_export x = { 0 };

  if (cli_parse (&cmd_export_spec, g, argc, argv, &v, &args, &err) < 0)
    goto fail;
  if (v.format == NULL || hb_exporter_lookup (v.format) == NULL)
    {
      cleanup_free char *list = format_list ();
      cleanup_free char *shown = v.format ? text_sanitize (v.format) : NULL;
      if (v.format == NULL)
        cli_usage_error ("export", &err, "no --format given (formats: %s)", list);
      else
        cli_usage_error ("export", &err, "unknown format '%s' (formats: %s)", shown, list);
      goto fail;
    }
  if (args.positional == NULL)
    {
      cli_usage_error ("export", &err, "no TARGET given");
      goto fail;
    }
  if (v.verify && strcmp (v.format, "run") != 0 && strcmp (v.format, "compose") != 0)
    {
      cli_usage_error ("export", &err, "--verify runs run and compose exports only (not %s)",
                       v.format);
      goto fail;
    }
  if (!v.verify && (v.probe || v.timeout > 0))
    {
      cli_usage_error ("export", &err, "%s goes with --verify", v.probe ? "--probe" : "--timeout");
      goto fail;
    }
  for (size_t i = 0; i < v.publish.n; i++)
    if (hb_export_publish_check (v.publish.v[i], &err) < 0)
      {
        hb_error_wrap (&err, "export --publish");
        goto fail;
      }

  {
    const hb_exporter *ex = hb_exporter_lookup (v.format);
    cleanup_target hb_target *t = NULL;
    cleanup_policy hb_policy *p =
      app_open_target (args.positional, &g->engine, &args.policy, false, &t, &err);
    if (p == NULL)
      goto fail;
    if (args.has_command)
      {
        p->has_process = true;
        strv_clear (&p->process.cmd);
        strv_copy (&p->process.cmd, &args.command);
      }
    if (v.publish.n)
      {
        p->has_process = true;
        strv_clear (&p->process.publish);
        strv_copy (&p->process.publish, &v.publish);
      }

    x.format = ex;
    x.policy = p;
    x.name = v.name;
    x.image = v.image ? v.image : t->image;
    x.output = v.output;
    x.force = v.force;
    x.target_name = t->name;
    x.k8s_empty_volumes = v.k8s_empty_volumes;
    if (app_export_save (&x, &err) < 0)
      goto fail;
    if (v.output == NULL)
      {
        fputs (x.text, stdout);
        if (fflush (stdout) != 0)
          {
            hb_fail_errno (&err, errno, HB_EXIT_FAILURE, "export: stdout");
            goto fail;
          }
      }
    print_notes (&x);
    if (v.verify)
      {
        int r = verify (&v, &x, g, &err);
        if (r < 0)
          goto fail;
        status = r;
      }
  }
  app_export_clear (&x);
  return status;

fail:
  app_export_clear (&x);
  status = hb_error_report (err);
  return status;
}

/* The export again under a name of its own, in a private directory, run
 * on the engine.  0 passed, 1 failed (reported), -1 not run at all. */
static int
verify (const export_values *v, const app_export *made, const hb_globals *g, hb_error **err)
{
  hb_export_ctx named = { .policy = made->policy, .service_name = made->name, .image = made->image,
                          .target_name = made->target_name };
  cleanup_free char *name = hb_export_service_name (&named, err);
  if (name == NULL)
    return -1;
  cleanup_free char *raw = xasprintf ("hb-verify-%ld-%s", (long) getpid (), name);
  cleanup_free char *vname = hb_export_label (raw, 63, "hb-verify");
  const char *tmp = getenv ("TMPDIR");
  cleanup_free char *tmpl = xasprintf ("%s/hardenbench-verify-XXXXXX",
                                       tmp && tmp[0] == '/' ? tmp : "/tmp");
  if (mkdtemp (tmpl) == NULL)
    return hb_fail_errno (err, errno, HB_EXIT_FAILURE, "verify: a directory in %s",
                          tmp && tmp[0] == '/' ? tmp : "/tmp");
  bool compose = strcmp (v->format, "compose") == 0;
  cleanup_free char *compose_file = xasprintf ("%s/compose.yml", tmpl);
  hb_export_ctx vc = { 0 };
  vc.policy = made->policy;
  vc.image = made->image;
  vc.target_name = made->target_name;
  vc.side_dir = tmpl;
  /* run: the container's name is the check's own; compose: the project's
   * (the service keeps its name). */
  vc.service_name = compose ? name : vname;
  vc.output_path = compose ? compose_file : NULL;
  int status = -1;
  cleanup_free char *text = hb_export_to_string (hb_exporter_lookup (v->format), &vc, err);
  if (text == NULL || hb_export_write_side_files (&vc, false, err) < 0
      || (compose && file_write_atomic (compose_file, text, strlen (text), false, 0644, err) < 0))
    goto out;
  hb_verify_opts o = {
    .format = v->format, .text = text, .name = vname, .dir = tmpl, .probe = v->probe,
    .timeout = v->timeout > 0 ? v->timeout : VERIFY_TIMEOUT, .engine_url = g->engine.url,
    .report = stderr,
  };
  hb_verify_result r;
  if (hb_verify_run (&o, &r, err) < 0)
    goto out;
  if (r.started && r.answered && r.error == NULL)
    {
      fprintf (stderr, "hardenbench: verify: passed: the %s export started%s\n", v->format,
               v->probe ? " and answered the probe" : " and kept running");
      status = 0;
    }
  else
    {
      cleanup_free char *why = text_sanitize (r.error ? r.error : "it did not start");
      fprintf (stderr, "hardenbench: verify: FAILED: %s\n", why);
      status = 1;
    }
  hb_verify_result_clear (&r);
out:
  hb_export_ctx_clear (&vc);
  {
    hb_error *ignored = NULL;
    if (rm_rf (tmpl, &ignored) < 0)
      hb_error_free (ignored);
  }
  return status;
}
