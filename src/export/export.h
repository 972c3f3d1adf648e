/* export.h - turning a policy into a deployable configuration.
 *
 * Exporters sit in one table; each writes its format for a policy to a
 * FILE*, and lists on `notes` what the format cannot express.  Exporters
 * never touch the filesystem: a file the output refers to (the seccomp
 * profile of a run or compose export) is recorded as a side file (path and
 * contents) and written by the caller with hb_export_write_side_files. */
#ifndef HB_EXPORT_EXPORT_H
#define HB_EXPORT_EXPORT_H

#include "core/error.h"
#include "core/strv.h"
#include "policy/policy.h"

#include <stdbool.h>
#include <stdio.h>

typedef struct hb_export_ctx {
  const hb_policy *policy;
  const char *service_name;     /* compose service / pod / container name */
  const char *image;            /* image reference to run */
  const char *output_path;      /* -o FILE or NULL (for side files such as seccomp.json) */
  strv notes;                   /* what could not be expressed (printed on stderr) */
  strv side_files;              /* side files written (e.g. the seccomp profile) */
  /* Extensions (export owns this header): */
  const char *side_dir;         /* where side files go when output_path is NULL
                                 * (absolute; NULL: the current directory) */
  strv side_data;               /* contents of side_files[i] */
  const char *target_name;      /* the target's own name (a container's), for the
                                 * default service name: a --policy FILE's
                                 * target.name does not rename the export;
                                 * NULL: the policy's target name */
  bool k8s_empty_volumes;       /* k8s: no init container copying the image's
                                 * files into emptyDir volumes */
} hb_export_ctx;

typedef struct hb_exporter {
  const char *name;             /* "run", "compose", "ecs", "ecs-fargate", "k8s", "seccomp", "dockerfile" */
  const char *description;
  int (*write) (hb_export_ctx *ctx, FILE *out, hb_error **err);
  const char *extension;        /* of a file it is saved to: "sh", "yaml", "json", "Dockerfile" */
  bool script;                  /* a file of it is a shell script (#!/bin/sh, executable) */
} hb_exporter;

const hb_exporter *hb_exporters (size_t *n);
const hb_exporter *hb_exporter_lookup (const char *name);

/* Run an exporter into a newly allocated string. */
char *hb_export_to_string (const hb_exporter *ex, hb_export_ctx *ctx, hb_error **err);

/* Write every recorded side file atomically (never replacing an existing
 * file unless overwrite). */
int hb_export_write_side_files (const hb_export_ctx *ctx, bool overwrite, hb_error **err);
/* A lower-case DNS label ([a-z0-9-], at most maxlen, no leading or trailing
 * '-') made from text; fallback when nothing is left.  Newly allocated. */
char *hb_export_label (const char *text, size_t maxlen, const char *fallback);
/* The service / container / pod name: ctx->service_name when set (checked
 * to be a DNS label), else a label made from ctx->target_name, else from
 * the policy's target name. */
char *hb_export_service_name (const hb_export_ctx *ctx, hb_error **err);

/* Is spec a publish spec the exporters take ("[IP:][HOST:]CONT[/PROTO]")?
 * HB_EXIT_USAGE naming it when not (for `export --publish`). */
int hb_export_publish_check (const char *spec, hb_error **err);
/* Free notes and side files. */
void hb_export_ctx_clear (hb_export_ctx *ctx);

/* The formats, one per file (src/export/<format>.c). */
int hb_export_run (hb_export_ctx *ctx, FILE *out, hb_error **err);
int hb_export_compose (hb_export_ctx *ctx, FILE *out, hb_error **err);
int hb_export_ecs (hb_export_ctx *ctx, FILE *out, hb_error **err);
int hb_export_ecs_fargate (hb_export_ctx *ctx, FILE *out, hb_error **err);
int hb_export_k8s (hb_export_ctx *ctx, FILE *out, hb_error **err);
int hb_export_seccomp (hb_export_ctx *ctx, FILE *out, hb_error **err);
int hb_export_dockerfile (hb_export_ctx *ctx, FILE *out, hb_error **err);

#endif
