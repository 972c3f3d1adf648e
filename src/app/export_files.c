/* export_files.c - exports rendered and written to files (export_files.h). */
#include "config.h"

#include "app/export_files.h"

#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "export/export_common.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Without force nothing is replaced; with it, only a regular file (a
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

/* Render into x; out_abs: the absolute output path, or NULL. */
static int
render (app_export *x, const char *out_abs, hb_error **err)
{
  char cwd[PATH_MAX];
  if (getcwd (cwd, sizeof cwd) == NULL)
    return hb_fail_errno (err, errno, HB_EXIT_FAILURE, "export: current directory");
  hb_export_ctx ctx = {
    .policy = x->policy,
    .service_name = x->name,
    .image = x->image,
    .output_path = out_abs,
    .side_dir = cwd,
    .target_name = x->target_name,
    .k8s_empty_volumes = x->k8s_empty_volumes,
  };
  free (x->text);
  x->text = hb_export_to_string (x->format, &ctx, err);
  strv_clear (&x->side_files);
  strv_clear (&x->side_data);
  strv_clear (&x->notes);
  if (x->text == NULL)
    {
      hb_export_ctx_clear (&ctx);
      hb_error_wrap (err, "export %s", x->format->name);
      return -1;
    }
  /* A file of a script format runs as one: ./web-run.sh. */
  if (out_abs && x->format->script && !text_has_prefix (x->text, "#!"))
    {
      char *with = xasprintf ("#!/bin/sh\n%s", x->text);
      free (x->text);
      x->text = with;
    }
  x->side_files = ctx.side_files;
  x->side_data = ctx.side_data;
  x->notes = ctx.notes;
  return 0;
}

int
app_export_render (app_export *x, hb_error **err)
{
  cleanup_free char *out_abs = NULL;
  if (x->output && (out_abs = absolute_path (x->output, err)) == NULL)
    return -1;
  return render (x, out_abs, err);
}

/* Drop side file k (it holds its contents already). */
static void
drop_side_file (app_export *x, size_t k)
{
  free (x->side_files.v[k]);
  free (x->side_data.v[k]);
  memmove (&x->side_files.v[k], &x->side_files.v[k + 1], (x->side_files.n - k) * sizeof (char *));
  memmove (&x->side_data.v[k], &x->side_data.v[k + 1], (x->side_data.n - k) * sizeof (char *));
  x->side_files.n--;
  x->side_data.n--;
}

int
app_export_save (app_export *x, hb_error **err)
{
  cleanup_free char *out_abs = NULL;
  if (x->output && (out_abs = absolute_path (x->output, err)) == NULL)
    return -1;
  if (render (x, out_abs, err) < 0)
    return -1;

  /* Every refusal before anything is written, so a refused save leaves no
   * half behind. */
  if (out_abs && refuse_existing (out_abs, x->force, err) < 0)
    return -1;
  cleanup_strv strv kept = { 0 };
  for (size_t k = 0; k < x->side_files.n;)
    {
      if (!x->force && holds_same (x->side_files.v[k], x->side_data.v[k]))
        {
          strv_push_owned (&kept, xasprintf ("%s holds this profile already", x->side_files.v[k]));
          drop_side_file (x, k);
          continue;
        }
      if (refuse_existing (x->side_files.v[k], x->force, err) < 0)
        return -1;
      k++;
    }

  for (size_t k = 0; k < x->side_files.n; k++)
    {
      const char *data = x->side_data.v[k];
      if (file_write_atomic (x->side_files.v[k], data, strlen (data), x->force, 0644, err) < 0)
        return -1;
    }
  if (out_abs && file_write_atomic (out_abs, x->text, strlen (x->text), x->force,
                                    x->format->script ? 0755 : 0644, err) < 0)
    return -1;

  /* What was kept and written first, then what the format cannot say. */
  strv notes = kept;
  kept = (strv) { 0 };
  for (size_t k = 0; k < x->side_files.n; k++)
    strv_push_owned (&notes, xasprintf ("wrote %s, which the %s export refers to%s",
                                        x->side_files.v[k], x->format->name,
                                        strcmp (x->format->name, "k8s") == 0
                                          ? "" : ": keep it at that path"));
  for (size_t k = 0; k < x->notes.n; k++)
    strv_push (&notes, x->notes.v[k]);
  strv_clear (&x->notes);
  x->notes = notes;
  return 0;
}

void
app_export_clear (app_export *x)
{
  free (x->text);
  x->text = NULL;
  strv_clear (&x->notes);
  strv_clear (&x->side_files);
  strv_clear (&x->side_data);
}

char *
app_export_default_file (const hb_exporter *format, const hb_policy *policy, const char *name,
                         const char *image)
{
  hb_export_ctx ctx = { .policy = policy, .service_name = name, .image = image };
  hb_error *ignored = NULL;
  cleanup_free char *service = hb_export_service_name (&ctx, &ignored);
  hb_error_free (ignored);
  const char *s = service ? service : "app";
  if (strcmp (format->extension, "Dockerfile") == 0)
    return xasprintf ("%s.Dockerfile", s);
  return xasprintf ("%s-%s.%s", s, format->name, format->extension);
}
