/* fileio.c - bounded reads, atomic writes, directory helpers. */
#include "config.h"

#include "core/fileio.h"
#include "core/cleanup.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#undef basename /* the POSIX one, not glibc's string.h version */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *
fd_read_all (int fd, size_t max, size_t *len, hb_error **err)
{
  size_t cap = 4096, n = 0;
  char *buf = xmalloc (cap + 1);
  for (;;)
    {
      if (n == cap)
        {
          if (cap >= max)
            {
              free (buf);
              hb_fail (err, HB_EXIT_INPUT, "larger than %zu bytes", max);
              return NULL;
            }
          cap = cap * 2 > max ? max : cap * 2;
          buf = xrealloc (buf, cap + 1);
        }
      ssize_t r = read (fd, buf + n, cap - n);
      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        {
          int e = errno;
          free (buf);
          hb_fail_errno (err, e, HB_EXIT_INPUT, "read");
          return NULL;
        }
      if (r == 0)
        break;
      n += (size_t) r;
    }
  buf[n] = '\0';
  if (len)
    *len = n;
  return buf;
}

char *
file_read_all (const char *path, size_t max, size_t *len, int status, hb_error **err)
{
  cleanup_close int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0)
    {
      hb_fail_errno (err, errno, errno == ENOENT ? status : status, "%s", path);
      return NULL;
    }
  struct stat st;
  if (fstat (fd, &st) < 0)
    {
      hb_fail_errno (err, errno, status, "%s", path);
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      hb_fail (err, status, "%s: is a directory, not a file", path);
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      hb_fail (err, status, "%s: not a regular file", path);
      return NULL;
    }
  if ((size_t) st.st_size > max)
    {
      hb_fail (err, status, "%s: %lld bytes, more than the %zu allowed", path,
               (long long) st.st_size, max);
      return NULL;
    }
  /* O_NONBLOCK only guarded the open against FIFOs. */
  if (fcntl (fd, F_SETFL, 0) < 0)
    {
      hb_fail_errno (err, errno, status, "%s", path);
      return NULL;
    }
  hb_error *inner = NULL;
  char *data = fd_read_all (fd, max, len, &inner);
  if (data == NULL)
    {
      hb_fail (err, status, "%s: %s", path, inner->msg);
      hb_error_free (inner);
    }
  return data;
}

int
file_write_atomic (const char *path, const char *data, size_t len, bool overwrite,
                   unsigned mode, hb_error **err)
{
  struct stat st;
  if (!overwrite && lstat (path, &st) == 0)
    return hb_fail (err, HB_EXIT_USAGE, "%s: exists already (use --force to replace it)", path);
  if (lstat (path, &st) == 0 && S_ISDIR (st.st_mode))
    return hb_fail (err, HB_EXIT_USAGE, "%s: is a directory", path);

  cleanup_free char *dir = xstrdup (path);
  cleanup_free char *base = xstrdup (path);
  cleanup_free char *tmp = xasprintf ("%s/.%s.XXXXXX", dirname (dir), basename (base));
  int fd = mkostemp (tmp, O_CLOEXEC);
  if (fd < 0)
    return hb_fail_errno (err, errno, HB_EXIT_FAILURE, "%s: cannot create a temporary file", path);
  size_t off = 0;
  while (off < len)
    {
      ssize_t w = write (fd, data + off, len - off);
      if (w < 0 && errno == EINTR)
        continue;
      if (w < 0)
        {
          int e = errno;
          close (fd);
          unlink (tmp);
          return hb_fail_errno (err, e, HB_EXIT_FAILURE, "%s: write", path);
        }
      off += (size_t) w;
    }
  if (fchmod (fd, mode) < 0 || fsync (fd) < 0)
    {
      int e = errno;
      close (fd);
      unlink (tmp);
      return hb_fail_errno (err, e, HB_EXIT_FAILURE, "%s", path);
    }
  if (close (fd) < 0)
    {
      int e = errno;
      unlink (tmp);
      return hb_fail_errno (err, e, HB_EXIT_FAILURE, "%s: close", path);
    }
  int r;
  if (overwrite)
    r = rename (tmp, path);
  else
    {
      /* link() fails with EEXIST instead of replacing a file created since
       * the check above. */
      r = link (tmp, path);
      if (r == 0)
        unlink (tmp);
    }
  if (r < 0)
    {
      int e = errno;
      unlink (tmp);
      if (e == EEXIST)
        return hb_fail (err, HB_EXIT_USAGE, "%s: exists already (use --force to replace it)", path);
      return hb_fail_errno (err, e, HB_EXIT_FAILURE, "%s", path);
    }
  return 0;
}

int
mkdir_p (const char *path, unsigned mode, hb_error **err)
{
  cleanup_free char *p = xstrdup (path);
  for (char *s = p + 1; *s; s++)
    {
      if (*s != '/')
        continue;
      *s = '\0';
      if (mkdir (p, mode) < 0 && errno != EEXIST)
        return hb_fail_errno (err, errno, HB_EXIT_FAILURE, "mkdir %s", p);
      *s = '/';
    }
  if (mkdir (p, mode) < 0 && errno != EEXIST)
    return hb_fail_errno (err, errno, HB_EXIT_FAILURE, "mkdir %s", p);
  return 0;
}

static int
rm_entry (const char *fpath, const struct stat *sb, int typeflag, struct FTW *ftwbuf)
{
  (void) sb;
  (void) ftwbuf;
  int r = (typeflag == FTW_DP) ? rmdir (fpath) : unlink (fpath);
  return r < 0 && errno != ENOENT ? -1 : 0;
}

int
rm_rf (const char *path, hb_error **err)
{
  struct stat st;
  if (lstat (path, &st) < 0)
    return errno == ENOENT ? 0 : hb_fail_errno (err, errno, HB_EXIT_FAILURE, "%s", path);
  /* FTW_PHYS: never follow symlinks; FTW_MOUNT: never cross into a mount
   * that something left behind. */
  if (nftw (path, rm_entry, 32, FTW_DEPTH | FTW_PHYS | FTW_MOUNT) < 0)
    return hb_fail_errno (err, errno, HB_EXIT_FAILURE, "removing %s", path);
  return 0;
}
