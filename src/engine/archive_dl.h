/* archive_dl.h - libarchive, loaded when an export is first extracted.
 *
 * libarchive brings libxml2, ICU and libstdc++ with it: linked, they cost
 * every start of hardenbench ~5M instructions in the dynamic loader
 * (callgrind), though only the extraction of an engine's export uses it.
 * Include this instead of <archive.h> and <archive_entry.h>: the archive_*
 * names used by export_tar.c become calls through the table loaded by
 * hb_archive_load (the same scheme as curl_dl.h). */
#ifndef HB_ENGINE_ARCHIVE_DL_H
#define HB_ENGINE_ARCHIVE_DL_H

#include "core/error.h"

#include <archive.h>
#include <archive_entry.h>

#define HB_ARCHIVE_FUNCTIONS(X)                                                                \
  X (archive_entry_acl_clear)                                                           \
  X (archive_entry_filetype)                                                            \
  X (archive_entry_hardlink)                                                            \
  X (archive_entry_pathname)                                                            \
  X (archive_entry_perm)                                                                \
  X (archive_entry_set_hardlink)                                                        \
  X (archive_entry_set_pathname)                                                        \
  X (archive_entry_set_perm)                                                            \
  X (archive_entry_size)                                                                \
  X (archive_entry_size_is_set)                                                         \
  X (archive_entry_xattr_clear)                                                         \
  X (archive_errno)                                                                     \
  X (archive_error_string)                                                              \
  X (archive_read_data_block)                                                           \
  X (archive_read_free)                                                                 \
  X (archive_read_new)                                                                  \
  X (archive_read_next_header)                                                          \
  X (archive_read_open_fd)                                                              \
  X (archive_read_support_format_tar)                                                   \
  X (archive_write_close)                                                               \
  X (archive_write_data_block)                                                          \
  X (archive_write_disk_new)                                                            \
  X (archive_write_disk_set_options)                                                    \
  X (archive_write_disk_set_standard_lookup)                                            \
  X (archive_write_finish_entry)                                                        \
  X (archive_write_free)                                                                \
  X (archive_write_header)

#define HB_ARCHIVE_POINTER(name) __typeof__ (name) *name;
typedef struct hb_archive_api {
  HB_ARCHIVE_FUNCTIONS (HB_ARCHIVE_POINTER)
} hb_archive_api;
#undef HB_ARCHIVE_POINTER

extern hb_archive_api hb_archive;

/* Open libarchive and fill hb_archive (once; later calls return at once).
 * Fails with HB_EXIT_FAILURE when the library or a function is missing. */
int hb_archive_load (hb_error **err);

#ifndef HB_ARCHIVE_DL_IMPL
#define archive_entry_acl_clear (hb_archive.archive_entry_acl_clear)
#define archive_entry_filetype (hb_archive.archive_entry_filetype)
#define archive_entry_hardlink (hb_archive.archive_entry_hardlink)
#define archive_entry_pathname (hb_archive.archive_entry_pathname)
#define archive_entry_perm (hb_archive.archive_entry_perm)
#define archive_entry_set_hardlink (hb_archive.archive_entry_set_hardlink)
#define archive_entry_set_pathname (hb_archive.archive_entry_set_pathname)
#define archive_entry_set_perm (hb_archive.archive_entry_set_perm)
#define archive_entry_size (hb_archive.archive_entry_size)
#define archive_entry_size_is_set (hb_archive.archive_entry_size_is_set)
#define archive_entry_xattr_clear (hb_archive.archive_entry_xattr_clear)
#define archive_errno (hb_archive.archive_errno)
#define archive_error_string (hb_archive.archive_error_string)
#define archive_read_data_block (hb_archive.archive_read_data_block)
#define archive_read_free (hb_archive.archive_read_free)
#define archive_read_new (hb_archive.archive_read_new)
#define archive_read_next_header (hb_archive.archive_read_next_header)
#define archive_read_open_fd (hb_archive.archive_read_open_fd)
#define archive_read_support_format_tar (hb_archive.archive_read_support_format_tar)
#define archive_write_close (hb_archive.archive_write_close)
#define archive_write_data_block (hb_archive.archive_write_data_block)
#define archive_write_disk_new (hb_archive.archive_write_disk_new)
#define archive_write_disk_set_options (hb_archive.archive_write_disk_set_options)
#define archive_write_disk_set_standard_lookup (hb_archive.archive_write_disk_set_standard_lookup)
#define archive_write_finish_entry (hb_archive.archive_write_finish_entry)
#define archive_write_free (hb_archive.archive_write_free)
#define archive_write_header (hb_archive.archive_write_header)
#endif

#endif
