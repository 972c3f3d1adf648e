/* engine.h - the Docker Engine API (and Podman's compatible one).
 *
 * One connection object per engine; every call has a timeout; errors carry
 * HB_EXIT_ENGINE with a message naming the socket and the fix. */
#ifndef HB_ENGINE_ENGINE_H
#define HB_ENGINE_ENGINE_H

#include "core/error.h"
#include "engine/target.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* The newest API version we speak; the engine's, when lower, wins.  Older
 * than HB_ENGINE_API_MIN is refused. */
#define HB_ENGINE_API_OURS "1.43"
#define HB_ENGINE_API_MIN "1.24"

typedef struct hb_engine hb_engine;

/* Connect (and negotiate the API version) to the engine the docker CLI
 * would reach with the same flags and environment (engine/endpoint.h):
 * --context, --engine, $DOCKER_HOST, $DOCKER_CONTEXT, the current context,
 * the default Docker socket, then the Podman sockets. */
hb_engine *hb_engine_open (const hb_engine_opts *opts, hb_error **err);
void hb_engine_close (hb_engine *e);
/* "unix:///var/run/docker.sock" (borrowed) */
const char *hb_engine_url (const hb_engine *e);
/* The address and how it was chosen, for people: "tcp://h:2376
 * (DOCKER_HOST, TLS verified)", "unix:///var/run/docker.sock (default)"
 * (borrowed, sanitised). */
const char *hb_engine_describe (const hb_engine *e);
/* Negotiated API version, e.g. "1.41" (borrowed). */
const char *hb_engine_api_version (const hb_engine *e);

/* The engine's product ("Docker" or "Podman") and version
 * ("20.10.24+dfsg1"), borrowed; NULL when the engine does not say.  From
 * /_ping's Server header, else /version (asked once, on first use). */
const char *hb_engine_product (hb_engine *e);
const char *hb_engine_version (hb_engine *e);

/* Is the engine on this machine (a unix socket), so that the paths of
 * GraphDriver.Data are ours to read? */
bool hb_engine_is_local (const hb_engine *e);

/* GET /vX/path and parse the JSON body (bounded, hostile-checked; a new
 * reference).  404: HB_EXIT_NOT_FOUND; other non-2xx: HB_EXIT_ENGINE with
 * the engine's message. */
json_t *hb_engine_get_json (hb_engine *e, const char *path, hb_error **err);
/* GET each of paths (8 at a time, on several connections; one over ssh)
 * and call fn with each parsed body (borrowed) as it arrives, in any
 * order; j is NULL for a 404 (gone since it was listed).  fn returning -1,
 * an HTTP error or a bad body stops everything with -1. */
typedef int (*hb_engine_json_fn) (size_t i, json_t *j, void *data, hb_error **err);
int hb_engine_get_json_each (hb_engine *e, const char *const *paths, size_t n,
                             hb_engine_json_fn fn, void *data, hb_error **err);
/* GET /containers/{name}/json and /images/{name}/json. */
json_t *hb_engine_inspect_container (hb_engine *e, const char *name, hb_error **err);
json_t *hb_engine_inspect_image (hb_engine *e, const char *name, hb_error **err);
/* Create a container of image (that never runs: only to export its files);
 * *id receives its id.  Remove it with hb_engine_remove_container. */
int hb_engine_create_temporary (hb_engine *e, const char *image, char **id, hb_error **err);
/* Remove the temporary containers that a hardenbench of this machine made
 * and could not remove because it was killed (its pid is gone).  Called
 * before each new temporary container; best effort. */
void hb_engine_sweep_temporaries (hb_engine *e);
int hb_engine_remove_container (hb_engine *e, const char *id, hb_error **err);
/* Stream GET /containers/{id}/export to fd, at most max bytes. */
int hb_engine_export (hb_engine *e, const char *id, int fd, uint64_t max, hb_error **err);
/* Percent-encode a name or image reference for a URL path. */
char *hb_engine_escape (const char *name);

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
  int n_caps;          /* effective capabilities, -1 when unknown */
  char *seccomp;       /* "default", "unconfined", "custom" ("?" when unknown) */
  char *user;          /* "" when root by default */
  bool no_new_privileges;
} hb_container_summary;

/* all: also stopped containers; images: list images instead. */
int hb_engine_list (hb_engine *e, bool all, bool images, hb_container_summary **out,
                    size_t *n, hb_error **err);
void hb_container_summaries_free (hb_container_summary *v, size_t n);
void hb_container_summaries_free_one (hb_container_summary *s);

static inline void
cleanup_enginep (hb_engine **e)
{
  hb_engine_close (*e);
}
#define cleanup_engine __attribute__ ((cleanup (cleanup_enginep)))

#endif
