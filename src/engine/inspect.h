/* inspect.h - a target's settings and layers from `docker inspect` JSON.
 *
 * Pure functions over the parsed JSON (no engine calls), so unit tests feed
 * them crafted documents.  Every type is checked; errors carry
 * HB_EXIT_ENGINE and the JSON path. */
#ifndef HB_ENGINE_INSPECT_H
#define HB_ENGINE_INSPECT_H

#include "core/error.h"
#include "core/strv.h"
#include "policy/policy.h"

#include <jansson.h>
#include <stdbool.h>

/* Fill p from GET /containers/{id}/json.  An inline seccomp profile in
 * SecurityOpt is written to seccomp_dir/<container id>.json (mode 0600) and
 * p->seccomp_profile points at that file; with seccomp_dir NULL it is only
 * validated and p->seccomp_profile is "custom" (for summaries). */
int hb_inspect_container_policy (json_t *inspect, const char *seccomp_dir, hb_policy *p,
                                 hb_error **err);
/* Fill p from GET /images/{name}/json (its Config: User, Volumes,
 * Entrypoint, Cmd, Env, WorkingDir, ExposedPorts). */
int hb_inspect_image_policy (json_t *inspect, hb_policy *p, hb_error **err);

/* The overlay layer directories of GraphDriver.Data, top first (UpperDir,
 * then LowerDir's entries).  Returns 1 and fills layers when the driver is
 * overlay(2) and every directory exists and is readable here; 0 when not
 * (layers left empty). */
int hb_inspect_layers (json_t *inspect, strv *layers);

#endif
