/* fileio.c - bounded reads, atomic writes that replace only regular files,
 * directory helpers. */
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
              hb_fail (err, HB_EXIT_INPUT, "larger than the limit of %zu bytes", max);
              /* so that callers tell "too big" from "missing" */
              if (err && *err && (*err)->errnum == 0)
                (*err)->errnum = EFBIG;
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

static const char *
file_kind (mode_t mode)
{
  if (S_ISDIR (mode))
    return "a directory";
  if (S_ISCHR (mode))
    return "a character device";
  if (S_ISBLK (mode))
    return "a block device";
  if (S_ISFIFO (mode))
    return "a FIFO";
  if (S_ISSOCK (mode))
    return "a socket";
  if (S_ISLNK (mode))
    return "a symlink";
  return "not a regular file";
}

/* What may be replaced: a regular file, or a symlink (the link goes, not
 * what it points to). */
static bool
replaceable (mode_t mode)
{
  return S_ISREG (mode) || S_ISLNK (mode);
}

int
file_check_replaceable (const char *path, hb_error **err)
{
  struct stat st, target;
  if (lstat (path, &st) < 0)
    {
      if (errno == ENOENT)
        return 0;
      return hb_fail_errno (err, errno, HB_EXIT_USAGE, "%s", path);
    }
  if (S_ISLNK (st.st_mode))
    {
      /* A symlink to a device or a directory: the user meant that, and
       * replacing the link would not write there either. */
      if (stat (path, &target) == 0 && !S_ISREG (target.st_mode))
        return hb_fail (err, HB_EXIT_USAGE,
                        "%s: a symlink to %s, not to a regular file: refused (only a regular "
                        "file is replaced)",
                        path, file_kind (target.st_mode));
      return 0;
    }
  if (!S_ISREG (st.st_mode))
    return hb_fail (err, HB_EXIT_USAGE,
                    "%s: %s, not a regular file: refused (only a regular file is replaced)",
                    path, file_kind (st.st_mode));
  return 0;
}

/* Put the finished temporary file tmp at path, replacing only what
 * file_check_replaceable accepts, without a window in which something else
 * put at path could be removed: swap the two names, look at what came
 * out, and swap back if it must not go.  tmp is gone afterwards, unless
 * the swap back failed (then it holds what was at path, and err says so). */
static int
install_replacing (const char *tmp, const char *path, hb_error **err)
{
  int e = 0;
  for (int attempt = 0; attempt < 8; attempt++)
    {
      if (file_check_replaceable (path, err) < 0)
        {
          unlink (tmp);
          return -1;
        }
      if (renameat2 (AT_FDCWD, tmp, AT_FDCWD, path, RENAME_EXCHANGE) == 0)
        {
          struct stat st;
          if (lstat (tmp, &st) < 0 || replaceable (st.st_mode))
            {
              unlink (tmp);
              return 0;
            }
          /* Something else was put there since the check: give it back. */
          if (renameat2 (AT_FDCWD, tmp, AT_FDCWD, path, RENAME_EXCHANGE) < 0)
            return hb_fail_errno (err, errno, HB_EXIT_FAILURE,
                                  "%s: could not put back %s that was there (it is at %s)", path,
                                  file_kind (st.st_mode), tmp);
          unlink (tmp);
          return hb_fail (err, HB_EXIT_USAGE,
                          "%s: %s, not a regular file: refused (only a regular file is "
                          "replaced)",
                          path, file_kind (st.st_mode));
        }
      e = errno;
      if (e == ENOENT)
        {
          /* Nothing there (any more): link() never replaces. */
          if (link (tmp, path) == 0)
            {
              unlink (tmp);
              return 0;
            }
          e = errno;
          if (e == EEXIST)
            continue;   /* something appeared: look at it again */
        }
      else if ((e == EINVAL || e == ENOSYS || e == EOPNOTSUPP) && rename (tmp, path) == 0)
        return 0;   /* no RENAME_EXCHANGE here: the check above is as close as it gets */
      else if (e == EINVAL || e == ENOSYS || e == EOPNOTSUPP)
        e = errno;
      unlink (tmp);
      return hb_fail_errno (err, e, HB_EXIT_FAILURE, "%s", path);
    }
  unlink (tmp);
  return hb_fail (err, HB_EXIT_FAILURE, "%s: keeps changing while it is written", path);
}

int
file_write_atomic (const char *path, const char *data, size_t len, bool overwrite,
                   unsigned mode, hb_error **err)
{
  struct stat st;
  if (lstat (path, &st) == 0)
    {
      /* Say what is wrong with a device or a directory there first: --force
       * would not help. */
      if (file_check_replaceable (path, err) < 0)
        return -1;
      if (!overwrite)
        return hb_fail (err, HB_EXIT_USAGE, "%s: exists already (use --force to replace it)",
                        path);
    }

  cleanup_free char *dir = xstrdup (path);
  cleanup_free char *base = xstrdup (path);
  cleanup_free char *tmp = xasprintf ("%s/.%s.XXXXXX", dirname (dir), basename (base));
  int fd = mkostemp (tmp, O_CLOEXEC);
  if (fd < 0)
    return hb_fail_errno (err, errno, HB_EXIT_FAILURE, "%s: cannot create a temporary file", path);
  if (fd_write_all (fd, data, len) < 0)
    {
      int e = errno;
      close (fd);
      unlink (tmp);
      return hb_fail_errno (err, e, HB_EXIT_FAILURE, "%s: write", path);
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
  if (overwrite)
    return install_replacing (tmp, path, err);
  /* link() fails with EEXIST instead of replacing a file created since
   * the check above. */
  if (link (tmp, path) < 0)
    {
      int e = errno;
      unlink (tmp);
      if (e == EEXIST)
        return hb_fail (err, HB_EXIT_USAGE, "%s: exists already (use --force to replace it)", path);
      return hb_fail_errno (err, e, HB_EXIT_FAILURE, "%s", path);
    }
  unlink (tmp);
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

int
fd_write_all (int fd, const void *data, size_t len)
{
  const char *p = data;
  while (len > 0)
    {
      ssize_t w = write (fd, p, len);
      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        return -1;
      p += w;
      len -= (size_t) w;
    }
  return 0;
}

int
fd_pread_all (int fd, void *buf, size_t len, off_t off)
{
  size_t done = 0;
  while (done < len)
    {
      ssize_t r = pread (fd, (char *) buf + done, len - done, off + (off_t) done);
      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        return -1;
      done += (size_t) r;
    }
  return 0;
}
