/* fileio.h - bounded reads and atomic writes.
 *
 * Nothing a user wrote is ever truncated by a failed run: every save goes to
 * a temporary file in the same directory, is fsync'ed, then renamed. */
#ifndef HB_CORE_FILEIO_H
#define HB_CORE_FILEIO_H

#include "core/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define HB_MAX_INPUT_FILE (16u * 1024 * 1024)

/* Read a whole regular file of at most max bytes; NUL-terminated.
 * Errors (status `status`) name the file and say what is wrong. */
char *file_read_all (const char *path, size_t max, size_t *len, int status, hb_error **err);
/* Read everything from an fd (regular file, pipe) up to max bytes. */
char *fd_read_all (int fd, size_t max, size_t *len, hb_error **err);

/* Write data to path atomically.  When overwrite is false and path exists,
 * fail with HB_EXIT_USAGE and leave it alone.  mode is for a new file.
 * Only a regular file is ever replaced (or a symlink to one, or a dangling
 * symlink: the link itself is replaced): a device node, FIFO, socket or
 * directory at path, or a symlink to one, is refused with HB_EXIT_USAGE
 * and left as it was, even if it appears there while the file is written
 * (the new file is swapped in with RENAME_EXCHANGE and swapped back). */
int file_write_atomic (const char *path, const char *data, size_t len, bool overwrite,
                       unsigned mode, hb_error **err);

/* 0 when file_write_atomic (path, ..., true, ...) may replace what is at
 * path (nothing, or as above); else -1 and HB_EXIT_USAGE with what is
 * there.  For refusing before anything is written. */
int file_check_replaceable (const char *path, hb_error **err);

/* All of len bytes to fd, retrying short writes and EINTR: 0, or -1
 * with errno set. */
int fd_write_all (int fd, const void *data, size_t len);
/* Exactly len bytes of fd at offset off: 0, or -1 on an error (errno) or
 * an early end of file. */
int fd_pread_all (int fd, void *buf, size_t len, off_t off);

/* mkdir -p with mode for every created component. */
int mkdir_p (const char *path, unsigned mode, hb_error **err);

/* Remove a directory tree without following symlinks or crossing mounts. */
int rm_rf (const char *path, hb_error **err);

#endif
