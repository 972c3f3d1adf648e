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

#include <stdbool.h>

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
  char *engine_product; /* the engine it was found in: "Docker", "Podman", NULL (none, or it
                           did not say) */
  char *engine_version; /* "20.10.24+dfsg1", NULL when unknown */
  /* Set by hb_target_prepare_rootfs when it just copied the files of a
   * target on a remote engine (its export): what that cost, to be said
   * once; NULL otherwise (cached, local layers, directories). */
  char *rootfs_note;
} hb_target;

/* Options of the engine connection, from GLOBAL flags (engine/endpoint.h
 * turns them, the environment and the docker CLI's contexts into an
 * address, in the docker CLI's order). */
typedef struct hb_engine_opts {
  const char *url;       /* --engine / --host / -H; NULL: see hb_endpoint_resolve */
  const char *context;   /* --context NAME */
  bool tls;              /* --tls: TLS without verifying the engine */
  bool tlsverify;        /* --tlsverify (implies --tls) */
  const char *tlscacert; /* --tlscacert FILE, --tlscert FILE, --tlskey FILE */
  const char *tlscert;
  const char *tlskey;
} hb_engine_opts;

/* Resolve TARGET as INTERFACE.md says: a path beginning with '/' or '.' is a
 * root filesystem directory; "@demo" the bundled demo; "image:REF" an image;
 * anything else a container name or id (then an image).  Not found: HB_EXIT_NOT_FOUND;
 * engine unreachable: HB_EXIT_ENGINE.
 *
 * Containers and images: t->current reproduces today's settings (an inline
 * seccomp profile is saved under hb_cache_dir()/seccomp/).  t->rootfs.layers
 * is filled here only when it costs nothing: the engine is local, its
 * storage driver is overlay(2) and every layer directory of GraphDriver.Data
 * is readable (root).  Otherwise it stays empty until
 * hb_target_prepare_rootfs.  $HARDENBENCH_ROOTFS=export skips the layer
 * directories (always the export path; for benchmarks and tests). */
hb_target *hb_target_resolve (const char *spec, const hb_engine_opts *opts, hb_error **err);

/* Make t->rootfs.layers usable (call before reading files or mounting):
 * nothing to do for directories, the demo and targets whose layers were
 * found; otherwise stream GET /containers/{id}/export (for an image, of a
 * temporary container removed afterwards) into
 * hb_cache_dir()/rootfs/<id>/root, extracted as a hostile archive
 * (engine/extract.h).  A finished extraction carries a ".complete" marker
 * and is reused by the next call; a partial one is never used.  After an
 * export from an engine that is not on this machine (tcp, ssh),
 * t->rootfs_note says what it cost. */
int hb_target_prepare_rootfs (hb_target *t, const hb_engine_opts *opts, hb_error **err);
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
