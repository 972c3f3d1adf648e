/* verify.h - `export --verify`: the exported config run on the local engine.
 *
 * The one part of src/export that runs things: the `run` line through
 * /bin/sh -c (as a user pastes it) or the compose file through
 * `docker-compose up -d`, then waiting until the container runs, then the
 * probe (a host command through /bin/sh -c, retried until it succeeds or
 * the time is up), then removing what was created: the container (or the
 * compose project) with its anonymous volumes, and named volumes that did
 * not exist before.  The docker CLI talks to opts->engine_url when set. */
#ifndef HB_EXPORT_VERIFY_H
#define HB_EXPORT_VERIFY_H

#include "core/error.h"

#include <stdbool.h>
#include <stdio.h>

typedef struct hb_verify_opts {
  const char *format;       /* "run" or "compose" */
  const char *text;         /* the export made for the check (named `name`) */
  const char *name;         /* the container (run) or compose project name */
  const char *dir;          /* a private directory: side files, the compose file; cwd */
  const char *probe;        /* host command, or NULL */
  double timeout;           /* seconds for running, then for the probe */
  const char *engine_url;   /* DOCKER_HOST for the docker CLI, or NULL */
  FILE *report;             /* progress lines ("hardenbench: verify: ...") */
} hb_verify_opts;

typedef struct hb_verify_result {
  bool started;             /* the engine ran it and it was running */
  bool answered;            /* the probe succeeded (true without a probe when it kept running) */
  char *error;              /* what went wrong, the engine's or the app's words; NULL if nothing */
} hb_verify_result;

/* 0 with *r filled (passed when r->started && r->answered), -1 when the
 * docker CLI (or docker-compose) cannot be run at all (HB_EXIT_ENGINE). */
int hb_verify_run (const hb_verify_opts *o, hb_verify_result *r, hb_error **err);
void hb_verify_result_clear (hb_verify_result *r);

#endif
