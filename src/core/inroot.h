/* inroot.h - open paths of a container root filesystem from the host side.
 *
 * Container filesystems are hostile: symlinks such as /etc/passwd -> /etc/shadow
 * or /tmp -> /root must resolve *inside* the container root, never on the
 * host.  Everything goes through openat2(RESOLVE_IN_ROOT), which the kernel
 * resolves as if the root directory were "/" (no escape through "..",
 * absolute symlinks or magic links). */
#ifndef HB_CORE_INROOT_H
#define HB_CORE_INROOT_H

#include "core/error.h"

#include <stddef.h>
#include <sys/types.h>

/* Open path (absolute or relative, resolved inside the root dirfd). */
int inroot_open (int rootfd, const char *path, int flags, mode_t mode, hb_error **err);

/* Read a regular file inside the root, at most max bytes.  Returns NULL with
 * *err set; a missing file has errnum ENOENT. */
char *inroot_read_file (int rootfd, const char *path, size_t max, size_t *len, hb_error **err);

/* Open a root filesystem directory (O_PATH|O_DIRECTORY). */
int inroot_open_root (const char *dir, hb_error **err);

#endif
