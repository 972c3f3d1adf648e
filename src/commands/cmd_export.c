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

/* "--name VALUE" or "--name=VALUE" (also a short alias); 1 taken, 0 not,
 * -1 missing value. */
static int
take_opt (const char *name, const char *alias, int argc, char **argv, int *i, const char **value,
          hb_error **err)
{
  const char *arg = argv[*i];
  size_t len = strlen (name);
  if (strncmp (arg, name, len) == 0 && arg[len] == '=')
    {
      *value = arg + len + 1;
      *i += 1;
      return 1;
    }
  if (strcmp (arg, name) != 0 && (alias == NULL || strcmp (arg, alias) != 0))
    return 0;
  if (*i + 1 >= argc)
    return cli_usage_error ("export", err, "%s needs a value", name);
  *value = argv[*i + 1];
  *i += 2;
  return 1;
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

static int
refuse_existing (const char *path, hb_error **err)
{
  struct stat st;
  if (lstat (path, &st) == 0)
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

int
cmd_export (int argc, char **argv, hb_globals *g)
{
  hb_error *err = NULL;
  hb_policy_opts opts = { 0 };
  const char *target_spec = NULL, *format = NULL, *output = NULL, *image = NULL, *name = NULL;
  bool force = false;
  int cmd_start = -1;
  int status = 0;
  hb_export_ctx ctx = { 0 };

  for (int i = 1; i < argc;)
    {
      if (strcmp (argv[i], "--") == 0)
        {
          cmd_start = i + 1;
          break;
        }
      int r = cli_take_global (g, argc, argv, &i, &err);
      if (r == 0)
        r = hb_policy_opts_take (&opts, argc, argv, &i, &err);
      if (r == 0)
        r = take_opt ("--format", "-f", argc, argv, &i, &format, &err);
      if (r == 0)
        r = take_opt ("--output", "-o", argc, argv, &i, &output, &err);
      if (r == 0)
        r = take_opt ("--image", NULL, argc, argv, &i, &image, &err);
      if (r == 0)
        r = take_opt ("--name", NULL, argc, argv, &i, &name, &err);
      if (r < 0)
        goto fail;
      if (r > 0)
        continue;
      if (strcmp (argv[i], "--force") == 0)
        force = true;
      else if (argv[i][0] == '-' && argv[i][1] != '\0')
        {
          cli_usage_error ("export", &err, "unknown option %s", argv[i]);
          goto fail;
        }
      else if (target_spec == NULL)
        target_spec = argv[i];
      else
        {
          cli_usage_error ("export", &err, "unexpected argument %s", argv[i]);
          goto fail;
        }
      i++;
    }
  if (format == NULL || hb_exporter_lookup (format) == NULL)
    {
      cleanup_free char *list = format_list ();
      cleanup_free char *shown = format ? text_sanitize (format) : NULL;
      if (format == NULL)
        cli_usage_error ("export", &err, "no --format given (formats: %s)", list);
      else
        cli_usage_error ("export", &err, "unknown format '%s' (formats: %s)", shown, list);
      goto fail;
    }
  if (target_spec == NULL)
    {
      cli_usage_error ("export", &err, "no TARGET given");
      goto fail;
    }

  {
    const hb_exporter *ex = hb_exporter_lookup (format);
    cleanup_target hb_target *t = hb_target_resolve (target_spec, &g->engine, &err);
    if (t == NULL)
      goto fail;
    cleanup_policy hb_policy *p = cli_effective_policy (t, &opts, &err);
    if (p == NULL)
      goto fail;
    if (cmd_start >= 0 && cmd_start < argc)
      {
        p->has_process = true;
        strv_clear (&p->process.cmd);
        for (int k = cmd_start; k < argc; k++)
          strv_push (&p->process.cmd, argv[k]);
      }

    cleanup_free char *out_abs = NULL;
    char cwd[PATH_MAX];
    if (getcwd (cwd, sizeof cwd) == NULL)
      {
        hb_fail_errno (&err, errno, HB_EXIT_FAILURE, "export: current directory");
        goto fail;
      }
    if (output)
      {
        out_abs = absolute_path (output, &err);
        if (out_abs == NULL)
          goto fail;
      }
    ctx.policy = p;
    ctx.service_name = name;
    ctx.image = image ? image : t->image;
    ctx.output_path = out_abs;
    ctx.side_dir = cwd;

    cleanup_free char *text = hb_export_to_string (ex, &ctx, &err);
    if (text == NULL)
      {
        hb_error_wrap (&err, "export %s", ex->name);
        goto fail;
      }
    /* Refuse before writing anything, so a refused run leaves no half. */
    if (!force)
      {
        if (out_abs && refuse_existing (out_abs, &err) < 0)
          goto fail;
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
            if (refuse_existing (ctx.side_files.v[k], &err) < 0)
              goto fail;
            k++;
          }
      }
    if (hb_export_write_side_files (&ctx, force, &err) < 0)
      goto fail;
    if (out_abs)
      {
        if (file_write_atomic (out_abs, text, strlen (text), force, 0644, &err) < 0)
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
  hb_policy_opts_clear (&opts);
  return 0;

fail:
  hb_export_ctx_clear (&ctx);
  hb_policy_opts_clear (&opts);
  status = hb_error_report (err);
  return status;
}
