/* engine.h - the Docker Engine API (and Podman's compatible one).
 *
 * One connection object per engine; every call has a timeout; errors carry
 * HB_EXIT_ENGINE with a message naming the socket and the fix. */
#ifndef HB_ENGINE_ENGINE_H
#define HB_ENGINE_ENGINE_H

#include "core/error.h"
#include "engine/target.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct hb_engine hb_engine;

/* Connect (and negotiate the API version) to opts->url, $DOCKER_HOST, the
 * default Docker socket, then the Podman sockets. */
hb_engine *hb_engine_open (const hb_engine_opts *opts, hb_error **err);
void hb_engine_close (hb_engine *e);
/* "unix:///var/run/docker.sock" (borrowed) */
const char *hb_engine_url (const hb_engine *e);
/* Negotiated API version, e.g. "1.41" (borrowed). */
const char *hb_engine_api_version (const hb_engine *e);

/* One row of `hardenbench list`. */
typedef struct hb_container_summary {
  char *id;            /* full id */
  char *name;          /* without the leading '/' */
  char *image;
  char *state;         /* "running", "exited", "created", ... */
  bool is_image;       /* a row of --images */
  /* the one-look hardening summary */
  bool read_only_root;
  bool privileged;
  int n_caps;          /* effective capabilities */
  char *seccomp;       /* "default", "unconfined", "custom" */
  char *user;          /* "" when root by default */
  bool no_new_privileges;
} hb_container_summary;

/* all: also stopped containers; images: list images instead. */
int hb_engine_list (hb_engine *e, bool all, bool images, hb_container_summary **out,
                    size_t *n, hb_error **err);
void hb_container_summaries_free (hb_container_summary *v, size_t n);

static inline void
cleanup_enginep (hb_engine **e)
{
  hb_engine_close (*e);
}
#define cleanup_engine __attribute__ ((cleanup (cleanup_enginep)))

#endif
