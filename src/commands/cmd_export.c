/* cmd_export.c - `hardenbench export TARGET --format FMT [POLICY] [-o FILE]
 * [--force] [--image REF] [--name NAME] [-- CMD [ARG...]]`. */
#include "config.h"

#include "commands/commands.h"
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "export/export.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* An absolute spelling of path (its directory resolved; the file itself
 * need not exist). */
static char *
absolute_path (const char *path, hb_error **err)
{
  cleanup_free char *d = xstrdup (path);
  cleanup_free char *b = xstrdup (path);
  const char *dir = dirname (d);
  const char *base = basename (b);
  char real[PATH_MAX];
  if (realpath (dir, real) == NULL)
    {
      hb_fail_errno (err, errno, HB_EXIT_USAGE, "-o %s: directory %s", path, dir);
      return NULL;
    }
  if (strcmp (base, "/") == 0 || strcmp (base, ".") == 0 || strcmp (base, "..") == 0)
    {
      hb_fail (err, HB_EXIT_USAGE, "-o %s: not a file name", path);
      return NULL;
    }
  return xasprintf ("%s%s%s", real, strcmp (real, "/") == 0 ? "" : "/", base);
}

/* Without --force nothing is replaced; with it, only a regular file (a
 * device node, FIFO, socket or directory is refused either way: as root,
 * `-o /dev/null --force` must not remove /dev/null). */
static int
refuse_existing (const char *path, bool force, hb_error **err)
{
  if (file_check_replaceable (path, err) < 0)
    return -1;
  struct stat st;
  if (!force && lstat (path, &st) == 0)
    return hb_fail (err, HB_EXIT_USAGE, "%s: exists already (use --force to replace it)", path);
  return 0;
}

/* Does path hold exactly data already?  (Exporting run, then compose, for
 * one policy refers to the same profile: rewriting it is not needed.) */
static bool
holds_same (const char *path, const char *data)
{
  size_t len = 0;
  hb_error *ignored = NULL;
  cleanup_free char *old = file_read_all (path, HB_MAX_INPUT_FILE, &len, HB_EXIT_FAILURE, &ignored);
  hb_error_free (ignored);
  return old != NULL && len == strlen (data) && memcmp (old, data, len) == 0;
}

static void
print_notes (const hb_export_ctx *ctx)
{
  for (size_t i = 0; i < ctx->notes.n; i++)
    {
      cleanup_free char *s = text_sanitize (ctx->notes.v[i]);
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
  hb_export_ctx ctx = { 0 };

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
    cleanup_policy hb_policy *p = cli_target_policy (&args, g, false, &t, &err);
    if (p == NULL)
      goto fail;
    if (args.has_command)
      {
        p->has_process = true;
        strv_clear (&p->process.cmd);
        strv_copy (&p->process.cmd, &args.command);
      }

    cleanup_free char *out_abs = NULL;
    char cwd[PATH_MAX];
    if (getcwd (cwd, sizeof cwd) == NULL)
      {
        hb_fail_errno (&err, errno, HB_EXIT_FAILURE, "export: current directory");
        goto fail;
      }
    if (v.output)
      {
        out_abs = absolute_path (v.output, &err);
        if (out_abs == NULL)
          goto fail;
      }
    ctx.policy = p;
    ctx.service_name = v.name;
    ctx.image = v.image ? v.image : t->image;
    ctx.output_path = out_abs;
    ctx.side_dir = cwd;

    cleanup_free char *text = hb_export_to_string (ex, &ctx, &err);
    if (text == NULL)
      {
        hb_error_wrap (&err, "export %s", ex->name);
        goto fail;
      }
    /* Refuse before writing anything, so a refused run leaves no half. */
    if (out_abs && refuse_existing (out_abs, v.force, &err) < 0)
      goto fail;
    if (v.force)
      {
        for (size_t k = 0; k < ctx.side_files.n; k++)
          if (refuse_existing (ctx.side_files.v[k], true, &err) < 0)
            goto fail;
      }
    else
      {
        /* Side files that hold the same profile already are kept. */
        for (size_t k = 0; k < ctx.side_files.n;)
          {
            if (holds_same (ctx.side_files.v[k], ctx.side_data.v[k]))
              {
                cleanup_free char *shown = text_sanitize (ctx.side_files.v[k]);
                fprintf (stderr, "hardenbench: note: %s holds this profile already\n", shown);
                free (ctx.side_files.v[k]);
                free (ctx.side_data.v[k]);
                memmove (&ctx.side_files.v[k], &ctx.side_files.v[k + 1],
                         (ctx.side_files.n - k) * sizeof (char *));
                memmove (&ctx.side_data.v[k], &ctx.side_data.v[k + 1],
                         (ctx.side_data.n - k) * sizeof (char *));
                ctx.side_files.n--;
                ctx.side_data.n--;
                continue;
              }
            if (refuse_existing (ctx.side_files.v[k], false, &err) < 0)
              goto fail;
            k++;
          }
      }
    if (hb_export_write_side_files (&ctx, v.force, &err) < 0)
      goto fail;
    if (out_abs)
      {
        if (file_write_atomic (out_abs, text, strlen (text), v.force, 0644, &err) < 0)
          goto fail;
      }
    else
      {
        fputs (text, stdout);
        if (fflush (stdout) != 0)
          {
            hb_fail_errno (&err, errno, HB_EXIT_FAILURE, "export: stdout");
            goto fail;
          }
      }
    for (size_t k = 0; k < ctx.side_files.n; k++)
      {
        cleanup_free char *shown = text_sanitize (ctx.side_files.v[k]);
        fprintf (stderr, "hardenbench: note: wrote %s, which the %s export refers to%s\n", shown,
                 ex->name, strcmp (ex->name, "k8s") == 0 ? "" : ": keep it at that path");
      }
    print_notes (&ctx);
  }
  hb_export_ctx_clear (&ctx);
  return 0;

fail:
  hb_export_ctx_clear (&ctx);
  status = hb_error_report (err);
  return status;
}
