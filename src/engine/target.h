/* target.h - what a command works on: a container, an image, a root
 * filesystem directory or the bundled demo.
 *
 * A resolved target knows how it runs today (as a policy, process included)
 * and where its files are (a rootfs view).  The TUI and every command
 * resolve targets through this one function. */
#ifndef HB_ENGINE_TARGET_H
#define HB_ENGINE_TARGET_H

#include "core/error.h"
#include "core/rootfs.h"
#include "policy/policy.h"

typedef enum hb_target_kind {
  HB_TARGET_ROOTFS,
  HB_TARGET_CONTAINER,
  HB_TARGET_IMAGE,
  HB_TARGET_DEMO,
} hb_target_kind;

typedef struct hb_target {
  hb_target_kind kind;
  char *spec;          /* as the user wrote it */
  char *name;          /* display name: container name, image ref, directory */
  char *id;            /* engine id, NULL for directories */
  char *image;         /* image reference, NULL for directories */
  hb_rootfs rootfs;    /* its files; layers top first */
  hb_policy *current;  /* the settings it runs with today */
} hb_target;

/* Options of the engine connection, from GLOBAL flags. */
typedef struct hb_engine_opts {
  const char *url;     /* --engine, NULL: $DOCKER_HOST, then the default sockets */
} hb_engine_opts;

/* Resolve TARGET as INTERFACE.md says: a path beginning with '/' or '.' is a
 * root filesystem directory; "image:REF" an image; anything else a
 * container name or id (then an image).  Not found: HB_EXIT_NOT_FOUND. */
hb_target *hb_target_resolve (const char *spec, const hb_engine_opts *opts, hb_error **err);
/* A root filesystem directory target. */
hb_target *hb_target_from_dir (const char *dir, hb_error **err);
void hb_target_free (hb_target *t);
const char *hb_target_kind_name (hb_target_kind k);

static inline void
cleanup_targetp (hb_target **t)
{
  hb_target_free (*t);
}
#define cleanup_target __attribute__ ((cleanup (cleanup_targetp)))

#endif
