/* export_tar.c - extracting an export tar into the cache, treating every
 * entry as hostile (see extract.h for the rules). */
#include "config.h"

#include "engine/extract.h"
#include "engine/archive_dl.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static void
cleanup_archive_readp (struct archive **a)
{
  if (*a)
    archive_read_free (*a);
}

/* Reject absolute names, ".." components, over-long names.  Returns the
 * name without a leading "./" (borrowed), "" for the root itself. */
static int
check_name (const char *name, const char *what, const char **out, hb_error **err)
{
  if (name == NULL)
    return hb_fail (err, HB_EXIT_ENGINE, "export archive: an entry without a name");
  cleanup_free char *clean = text_sanitize (name);
  if (strlen (name) >= PATH_MAX / 2)
    return hb_fail (err, HB_EXIT_ENGINE, "export archive: %s name longer than %d bytes",
                    what, PATH_MAX / 2);
  if (name[0] == '/')
    return hb_fail (err, HB_EXIT_ENGINE, "export archive: %s %s: absolute name refused", what,
                    clean);
  const char *p = name;
  while (p[0] == '.' && p[1] == '/')
    p += 2;
  if (strcmp (p, ".") == 0)
    p += 1;
  for (const char *c = p; *c;)
    {
      size_t n = strcspn (c, "/");
      if (n == 2 && c[0] == '.' && c[1] == '.')
        return hb_fail (err, HB_EXIT_ENGINE, "export archive: %s %s: \"..\" refused", what,
                        clean);
      c += n;
      while (*c == '/')
        c++;
    }
  *out = p;
  return 0;
}

/* Open path beneath dirfd without following any symlink; -1 with errno. */
static int
open_beneath (int dirfd, const char *path, int flags)
{
  struct open_how how;
  memset (&how, 0, sizeof how);
  how.flags = (unsigned long long) (flags | O_CLOEXEC | O_NOFOLLOW);
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV;
  int fd;
  do
    fd = (int) syscall (SYS_openat2, dirfd, path, &how, sizeof how);
  while (fd < 0 && errno == EAGAIN);
  return fd;
}

/* The parent of name, if it exists, must be a directory reached without a
 * symlink (libarchive's SECURE_SYMLINKS checks this too: belt and braces). */
static int
check_parent (int destfd, const char *name, const char *clean, hb_error **err)
{
  cleanup_free char *parent = xstrdup (name);
  size_t n = strlen (parent);
  while (n > 0 && parent[n - 1] == '/')
    parent[--n] = '\0';
  char *slash = strrchr (parent, '/');
  if (slash == NULL)
    return 0;
  *slash = '\0';
  cleanup_close int fd = open_beneath (destfd, parent, O_PATH | O_DIRECTORY);
  if (fd >= 0 || errno == ENOENT)
    return 0;
  return hb_fail (err, HB_EXIT_ENGINE, "export archive: %s: its directory is a symlink or "
                  "not a directory, refused", clean);
}

static int
check_hardlink (int destfd, const char *target, const char *clean, hb_error **err)
{
  cleanup_close int fd = open_beneath (destfd, target, O_PATH);
  struct stat st;
  if (fd < 0 || fstat (fd, &st) < 0 || !S_ISREG (st.st_mode))
    return hb_fail (err, HB_EXIT_ENGINE, "export archive: hardlink %s: its target is not a "
                    "regular file extracted before it, refused", clean);
  return 0;
}

static int
archive_fail (struct archive *a, int status, const char *what, hb_error **err)
{
  cleanup_free char *why = text_sanitize (archive_error_string (a) ? archive_error_string (a)
                                          : "unknown error");
  int e = archive_errno (a);
  if (e == ENOSPC || e == EDQUOT || e == EIO || e == EROFS)
    return hb_fail_errno (err, e, HB_EXIT_FAILURE, "extracting the export: %s", what);
  return hb_fail (err, status, "export archive: %s: %s", what, why);
}

static int
copy_data (struct archive *in, struct archive *out, const char *clean, hb_error **err)
{
  for (;;)
    {
      const void *buf;
      size_t size;
      la_int64_t offset;
      int r = archive_read_data_block (in, &buf, &size, &offset);
      if (r == ARCHIVE_EOF)
        return 0;
      if (r < ARCHIVE_WARN)
        return archive_fail (in, HB_EXIT_ENGINE, clean, err);
      /* libarchive reports a failed write(2) (ENOSPC, EIO) as a mere
       * ARCHIVE_WARN and then truncates the file up to its full size: a
       * full disk left a hole where the data should be, silently. */
      if (archive_write_data_block (out, buf, size, offset) != ARCHIVE_OK)
        return archive_fail (out, HB_EXIT_FAILURE, clean, err);
    }
}

static int
extract_entries (struct archive *in, struct archive *out, int destfd,
                 const hb_extract_limits *lim, hb_extract_report *report, hb_error **err)
{
  uint64_t bytes = 0, entries = 0;
  for (;;)
    {
      struct archive_entry *entry;
      int r = archive_read_next_header (in, &entry);
      if (r == ARCHIVE_EOF)
        return 0;
      if (r < ARCHIVE_WARN)
        return archive_fail (in, HB_EXIT_ENGINE, "reading", err);
      if (++entries > lim->max_entries)
        return hb_fail (err, HB_EXIT_ENGINE, "export archive: more than %llu entries, refused",
                        (unsigned long long) lim->max_entries);

      const char *name;
      if (check_name (archive_entry_pathname (entry), "entry", &name, err) < 0)
        return -1;
      if (*name == '\0')
        continue; /* the root directory itself: ours is already there */
      cleanup_free char *rel = xstrdup (name);
      cleanup_free char *clean = text_sanitize (rel);
      name = rel;
      archive_entry_set_pathname (entry, rel);
      if (check_parent (destfd, name, clean, err) < 0)
        return -1;

      const char *link = archive_entry_hardlink (entry);
      if (link != NULL)
        {
          const char *t;
          if (check_name (link, "hardlink target of", &t, err) < 0)
            return -1;
          cleanup_free char *target = xstrdup (t);
          if (check_hardlink (destfd, target, clean, err) < 0)
            return -1;
          archive_entry_set_hardlink (entry, target);
        }

      mode_t type = archive_entry_filetype (entry);
      switch (link != NULL ? AE_IFREG : type)
        {
        case AE_IFREG:
        case AE_IFDIR:
        case AE_IFLNK:
        case AE_IFIFO:
          break;
        case AE_IFCHR:
        case AE_IFBLK:
          /* Never a device node on the host, even as root: a usable
           * crw-rw-rw- kmsg or disk node in the cache would be anyone's
           * who can reach it.  Left out, and counted for the caller. */
          report->devices_left_out++;
          continue;
        default:
          continue; /* sockets and unknown types mean nothing in a rootfs */
        }
      if (archive_entry_size_is_set (entry) && archive_entry_size (entry) > 0)
        {
          uint64_t size = (uint64_t) archive_entry_size (entry);
          if (size > lim->max_bytes - bytes)
            return hb_fail (err, HB_EXIT_ENGINE, "export archive: more than %llu bytes "
                            "(at %s), refused", (unsigned long long) lim->max_bytes, clean);
          bytes += size;
        }
      /* No setuid/setgid on the host side, no xattrs (security.capability)
       * and no ACLs. */
      archive_entry_set_perm (entry, archive_entry_perm (entry) & ~(mode_t) (S_ISUID | S_ISGID));
      archive_entry_xattr_clear (entry);
      archive_entry_acl_clear (entry);

      r = archive_write_header (out, entry);
      if (r < ARCHIVE_WARN)
        return archive_fail (out, HB_EXIT_ENGINE, clean, err);
      if (type == AE_IFREG && archive_entry_size (entry) > 0
          && copy_data (in, out, clean, err) < 0)
        return -1;
      if (archive_write_finish_entry (out) < ARCHIVE_WARN)
        return archive_fail (out, HB_EXIT_FAILURE, clean, err);
    }
}

int
hb_tar_extract_fd (int fd, const char *dest, const hb_extract_limits *limits, hb_error **err)
{
  hb_extract_report ignored;
  return hb_tar_extract_fd_report (fd, dest, limits, &ignored, err);
}

int
hb_tar_extract_fd_report (int fd, const char *dest, const hb_extract_limits *limits,
                          hb_extract_report *report, hb_error **err)
{
  memset (report, 0, sizeof *report);
  if (hb_archive_load (err) < 0)
    return -1;
  hb_extract_limits lim = { HB_EXTRACT_MAX_BYTES, HB_EXTRACT_MAX_ENTRIES };
  if (limits)
    lim = *limits;
  cleanup_close int destfd = open (dest, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
  if (destfd < 0)
    return hb_fail_errno (err, errno, HB_EXIT_FAILURE, "%s", dest);
  cleanup_close int cwd = open (".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (cwd < 0)
    return hb_fail_errno (err, errno, HB_EXIT_FAILURE, "opening the current directory");

  __attribute__ ((cleanup (cleanup_archive_readp))) struct archive *in = archive_read_new ();
  /* Plain tar only: no decompression filters (no bombs through gzip). */
  archive_read_support_format_tar (in);
  if (archive_read_open_fd (in, fd, 65536) != ARCHIVE_OK)
    return archive_fail (in, HB_EXIT_ENGINE, "opening", err);

  struct archive *out = archive_write_disk_new ();
  int flags = ARCHIVE_EXTRACT_SECURE_NODOTDOT | ARCHIVE_EXTRACT_SECURE_SYMLINKS
              | ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS | ARCHIVE_EXTRACT_PERM
              | ARCHIVE_EXTRACT_TIME;
  if (geteuid () == 0)
    flags |= ARCHIVE_EXTRACT_OWNER;
  archive_write_disk_set_options (out, flags);
  archive_write_disk_set_standard_lookup (out);

  /* libarchive writes relative to the working directory: enter dest for
   * the extraction (and for the deferred directory fix-ups at close). */
  if (fchdir (destfd) < 0)
    {
      archive_write_free (out);
      return hb_fail_errno (err, errno, HB_EXIT_FAILURE, "%s", dest);
    }
  int r = extract_entries (in, out, destfd, &lim, report, err);
  if (archive_write_close (out) < ARCHIVE_WARN && r == 0)
    r = archive_fail (out, HB_EXIT_FAILURE, "finishing", err);
  archive_write_free (out);
  if (fchdir (cwd) < 0 && r == 0)
    r = hb_fail_errno (err, errno, HB_EXIT_FAILURE, "returning to the working directory");
  return r;
}
