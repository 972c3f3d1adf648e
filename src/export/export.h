/* export.h - turning a policy into a deployable configuration.
 *
 * Exporters sit in one table; each writes its format for a policy to a
 * FILE*, and lists on `notes` what the format cannot express. */
#ifndef HB_EXPORT_EXPORT_H
#define HB_EXPORT_EXPORT_H

#include "core/error.h"
#include "core/strv.h"
#include "policy/policy.h"

#include <stdio.h>

typedef struct hb_export_ctx {
  const hb_policy *policy;
  const char *service_name;     /* compose service / pod / container name */
  const char *image;            /* image reference to run */
  const char *output_path;      /* -o FILE or NULL (for side files such as seccomp.json) */
  strv notes;                   /* what could not be expressed (printed on stderr) */
  strv side_files;              /* side files written (e.g. the seccomp profile) */
} hb_export_ctx;

typedef struct hb_exporter {
  const char *name;             /* "run", "compose", "ecs", "ecs-fargate", "k8s", "seccomp", "dockerfile" */
  const char *description;
  int (*write) (hb_export_ctx *ctx, FILE *out, hb_error **err);
} hb_exporter;

const hb_exporter *hb_exporters (size_t *n);
const hb_exporter *hb_exporter_lookup (const char *name);

/* Run an exporter into a newly allocated string. */
char *hb_export_to_string (const hb_exporter *ex, hb_export_ctx *ctx, hb_error **err);

#endif
