/* rootfs.h - a read-only view of a container root filesystem on the host.
 *
 * A root filesystem is one directory (a rootfs target, an extracted export)
 * or a stack of overlay layers (top first, as GraphDriver.Data.LowerDir
 * lists them).  Files are opened inside each layer with RESOLVE_IN_ROOT, so
 * a hostile symlink never reaches a host path.  Limitation: a symlink in an
 * upper layer whose target lives only in a lower layer is not followed
 * across layers (it reads as missing); the sandbox mounts the real overlay
 * and does not depend on this. */
#ifndef HB_CORE_ROOTFS_H
#define HB_CORE_ROOTFS_H

#include "core/error.h"
#include "core/strv.h"

#include <stddef.h>

typedef struct hb_rootfs {
  strv layers;   /* directories, top first; a plain rootfs has exactly one */
} hb_rootfs;

/* Read a regular file (at most max bytes).  A missing file fails with
 * errnum ENOENT and status HB_EXIT_NOT_FOUND. */
char *hb_rootfs_read_file (const hb_rootfs *r, const char *path, size_t max, size_t *len,
                           hb_error **err);
void hb_rootfs_clear (hb_rootfs *r);

#endif
