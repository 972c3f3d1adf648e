/* extract.h - unpacking an engine's export tar, which is hostile.
 *
 * libarchive writes the files with its secure flags (no "..", no absolute
 * names, never through a symlink); on top of that every entry is checked
 * here: hardlink targets must be regular files inside the destination
 * reached without symlinks, device nodes never (left out and counted:
 * even as root, no usable node is written on the host), no setuid/setgid
 * bits, xattrs or ACLs, bounded total size, entry count and name length.
 * Any violation fails the whole extraction: the caller removes the
 * partial directory. */
#ifndef HB_ENGINE_EXTRACT_H
#define HB_ENGINE_EXTRACT_H

#include "core/error.h"

#include <stdint.h>

typedef struct hb_extract_limits {
  uint64_t max_bytes;     /* sum of entry sizes */
  uint64_t max_entries;
} hb_extract_limits;

#define HB_EXTRACT_MAX_BYTES (8ull * 1024 * 1024 * 1024)
#define HB_EXTRACT_MAX_ENTRIES 500000ull

/* Extract the tar read from fd into dest (an existing, empty directory).
 * limits NULL: the defaults above.  Errors: HB_EXIT_ENGINE for a bad or
 * hostile archive, HB_EXIT_FAILURE for local I/O (ENOSPC...). */
int hb_tar_extract_fd (int fd, const char *dest, const hb_extract_limits *limits,
                       hb_error **err);

typedef struct hb_extract_report {
  uint64_t devices_left_out;  /* character and block nodes not written */
} hb_extract_report;

/* The same, saying what was left out. */
int hb_tar_extract_fd_report (int fd, const char *dest, const hb_extract_limits *limits,
                              hb_extract_report *report, hb_error **err);

#endif
