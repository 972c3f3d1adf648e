/* export_files.h - an export as both front ends produce it: the text of a
 * format for a policy, and written to files: the output atomically, the
 * side files it refers to (a seccomp profile) beside it, never replacing
 * anything without force and never anything but a regular file, a `run`
 * export saved as an executable script. */
#ifndef HB_APP_EXPORT_FILES_H
#define HB_APP_EXPORT_FILES_H

#include "core/error.h"
#include "core/strv.h"
#include "export/export.h"
#include "policy/policy.h"

#include <stdbool.h>

typedef struct app_export {
  /* what to export */
  const hb_exporter *format;
  const hb_policy *policy;
  const char *name;       /* --name, or NULL: named after the target */
  const char *image;      /* --image, or NULL: the target's image */
  const char *output;     /* the file to write (as the user gave it), or NULL */
  bool force;             /* replace output and side files */
  const char *target_name; /* the target's own name, for the default name (a
                            * --policy FILE's target.name does not rename it) */
  bool k8s_empty_volumes;  /* k8s: no init container filling the volumes */
  /* what came of it */
  char *text;             /* the export itself */
  strv notes;             /* what the format cannot express, what was written or kept */
  strv side_files;        /* the side files, absolute paths */
  strv side_data;         /* their contents */
} app_export;

/* The export's text and notes, side files named (beside output, or in the
 * current directory) but not written: the preview, or stdout. */
int app_export_render (app_export *x, hb_error **err);

/* app_export_render, then write the side files and output (without
 * output, the caller prints text: the side files still go to the current
 * directory).  Every refusal (an existing file without force, a file that
 * is not a regular one) is decided before anything is written.  Side files
 * that already hold the same profile are kept, with a note. */
int app_export_save (app_export *x, hb_error **err);

void app_export_clear (app_export *x);

/* The file name a save proposes: "NAME-FORMAT.EXT" ("NAME.Dockerfile"),
 * NAME as the export names the service; to be freed. */
char *app_export_default_file (const hb_exporter *format, const hb_policy *policy,
                               const char *name, const char *image);

#endif
