/* cmd_export.c - `hardenbench export TARGET --format FMT [POLICY] [-o FILE]
 * [--force] [--image REF] [--name NAME] [-- CMD [ARG...]]`. */
#include "config.h"

#include "commands/commands.h"
#include "app/export_files.h"
#include "app/target.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "export/export.h"

#include <errno.h>
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

typedef struct export_values {
  const char *format, *output, *image, *name;
  bool force;
} export_values;

static const cli_option options[] = {
  { .name = "--format", .alias = "-f", .kind = CLI_STRING, .offset = offsetof (export_values, format),
    .metavar = "FMT", .need = "a value",
    .help = "run          one shell-quoted `docker run` command line\n"
            "compose      a docker compose service (YAML)\n"
            "ecs          an ECS task definition (RegisterTaskDefinition JSON)\n"
            "ecs-fargate  the same for Fargate (cap add SYS_PTRACE only)\n"
            "k8s          a Kubernetes Pod manifest\n"
            "seccomp      the effective seccomp profile (Docker/OCI JSON)\n"
            "dockerfile   USER and VOLUME lines for the image's Dockerfile" },
  { .name = "--output", .alias = "-o", .kind = CLI_STRING, .offset = offsetof (export_values, output),
    .metavar = "FILE", .need = "a value",
    .help = "write FILE atomically (a seccomp profile the export refers\n"
            "to goes next to it as NAME.seccomp.json; without -o, into\n"
            "the current directory)" },
  { .name = "--force", .kind = CLI_FLAG, .offset = offsetof (export_values, force),
    .help = "replace FILE (and side files) if they exist; only\n"
            "regular files are replaced (a device, FIFO, socket\n"
            "or directory is refused)" },
  { .name = "--image", .kind = CLI_STRING, .offset = offsetof (export_values, image),
    .metavar = "REF", .need = "a value", .help = "the image to run (default: the target's image)" },
  { .name = "--name", .kind = CLI_STRING, .offset = offsetof (export_values, name),
    .metavar = "NAME", .need = "a value",
    .help = "service / container / pod name (default: from the target)" },
  { .name = NULL },
};

/* TARGET is checked after --format, so that a bare `export` lists the
 * formats first. */
const cli_spec cmd_export_spec = {
  .cmd = "export", .options = options, .positional = "TARGET",
  .takes_policy = true, .takes_command = true,
  .dashdash = "-- CMD [ARG...]", .dashdash_help = "the command to run instead of the target's",
  .note = "What a format cannot express is listed on stderr as 'hardenbench: note: ...'.",
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

    x.format = ex;
    x.policy = p;
    x.name = v.name;
    x.image = v.image ? v.image : t->image;
    x.output = v.output;
    x.force = v.force;
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
  }
  app_export_clear (&x);
  return 0;

fail:
  app_export_clear (&x);
  status = hb_error_report (err);
  return status;
}
