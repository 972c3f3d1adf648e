/* copytree.c - copy the image's files at a volume's path into the trial's
 * scratch volume, as Docker fills a new anonymous or named volume (without
 * it, `/etc/nginx/conf.d` as a volume would start empty in a trial and the
 * app would behave differently than under Docker).
 *
 * The source is the target's root filesystem: hostile.  Every entry is
 * reached by name from its parent's fd with O_NOFOLLOW, checked with fstat
 * after opening, symlinks are recreated as links and never followed, and
 * device nodes, fifos and sockets are left out (a copy of a device node in
 * a volume would be a way to reach the host's devices).  Extended
 * attributes are not copied. */
#define _GNU_SOURCE
#include "config.h"

#include "sandbox/copytree.h"
#include "core/cleanup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Deeper trees fail with ELOOP rather than exhaust the stack or fds. */
#define MAX_DEPTH 64

static int
failed (hb_copy_state *c, const char *rel, const char *name)
{
  int e = errno;
  /* A path longer than where is cut: it only names the place in a message. */
  int n = snprintf (c->where, sizeof c->where, "%.400s%s%.100s", rel, *rel && *name ? "/" : "", name);
  (void) n;
  errno = e;
  return -1;
}

static int
set_owner (int fd, const char *name, const struct stat *st, const hb_copy_state *c)
{
  if (!c->keep_owner)
    return 0;
  int r = name ? fchownat (fd, name, st->st_uid, st->st_gid, AT_SYMLINK_NOFOLLOW)
               : fchown (fd, st->st_uid, st->st_gid);
  if (r < 0 && c->lax_owner && (errno == EINVAL || errno == EPERM))
    return 0;   /* an id outside the user namespace's map: keep ours */
  return r;
}

/* Owner first: chown clears the setuid and setgid bits that chmod sets. */
static int
copy_meta (int fd, const struct stat *st, const hb_copy_state *c)
{
  struct timespec times[2] = { st->st_atim, st->st_mtim };
  if (set_owner (fd, NULL, st, c) < 0 || fchmod (fd, st->st_mode & 07777) < 0
      || futimens (fd, times) < 0)
    return -1;
  return 0;
}

static int
copy_data (int from, int to, hb_copy_state *c)
{
  char buf[65536];
  for (;;)
    {
      ssize_t n = read (from, buf, sizeof buf);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return (int) n;
      if ((uint64_t) n > c->budget)
        {
          errno = EFBIG;
          return -1;
        }
      c->budget -= (uint64_t) n;
      for (ssize_t off = 0; off < n;)
        {
          ssize_t w = write (to, buf + off, (size_t) (n - off));
          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            return -1;
          off += w;
        }
    }
}

static int
copy_file (int src, int dst, const char *name, hb_copy_state *c)
{
  cleanup_close int from = openat (src, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (from < 0)
    return -1;
  struct stat st;
  if (fstat (from, &st) < 0)
    return -1;
  if (!S_ISREG (st.st_mode))
    {
      errno = EAGAIN;   /* replaced since readdir: not what was listed */
      return -1;
    }
  cleanup_close int to = openat (dst, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (to < 0 || copy_data (from, to, c) < 0 || copy_meta (to, &st, c) < 0)
    return -1;
  return 0;
}

static int
copy_symlink (int src, int dst, const char *name, const struct stat *st, const hb_copy_state *c)
{
  char target[PATH_MAX];
  ssize_t n = readlinkat (src, name, target, sizeof target);
  if (n < 0)
    return -1;
  if ((size_t) n >= sizeof target)
    {
      errno = ENAMETOOLONG;
      return -1;
    }
  target[n] = '\0';
  struct timespec times[2] = { st->st_atim, st->st_mtim };
  if (symlinkat (target, dst, name) < 0 || set_owner (dst, name, st, c) < 0
      || utimensat (dst, name, times, AT_SYMLINK_NOFOLLOW) < 0)
    return -1;
  return 0;
}

static int copy_dir (int src, int dst, const char *rel, int depth, hb_copy_state *c);

static int
copy_subdir (int src, int dst, const char *name, const char *rel, int depth, hb_copy_state *c)
{
  cleanup_close int from = openat (src, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  struct stat st;
  if (from < 0 || fstat (from, &st) < 0 || mkdirat (dst, name, 0700) < 0)
    return failed (c, rel, name);
  cleanup_close int to = openat (dst, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (to < 0)
    return failed (c, rel, name);
  char sub[PATH_MAX];
  snprintf (sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", name);
  /* The contents first, then the times: adding entries changes mtime. */
  if (copy_dir (from, to, sub, depth + 1, c) < 0)
    return -1;   /* c->where names the entry inside */
  return copy_meta (to, &st, c) < 0 ? failed (c, rel, name) : 0;
}

static int
copy_dir (int src, int dst, const char *rel, int depth, hb_copy_state *c)
{
  if (depth > MAX_DEPTH)
    {
      errno = ELOOP;
      return failed (c, rel, "");
    }
  int fd = openat (src, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  cleanup_dir DIR *d = fd >= 0 ? fdopendir (fd) : NULL;
  if (d == NULL)
    {
      if (fd >= 0)
        {
          int e = errno;
          close (fd);
          errno = e;
        }
      return failed (c, rel, "");
    }
  int r = 0;
  for (;;)
    {
      errno = 0;
      struct dirent *de = readdir (d);
      if (de == NULL)
        {
          if (errno != 0)
            r = failed (c, rel, "");
          break;
        }
      const char *name = de->d_name;
      if (strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
        continue;
      struct stat st;
      if (fstatat (src, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
        {
          r = failed (c, rel, name);
          break;
        }
      if (S_ISDIR (st.st_mode))
        {
          if (copy_subdir (src, dst, name, rel, depth, c) < 0)
            {
              r = -1;
              break;
            }
          continue;
        }
      int ok;
      if (S_ISREG (st.st_mode))
        ok = copy_file (src, dst, name, c);
      else if (S_ISLNK (st.st_mode))
        ok = copy_symlink (src, dst, name, &st, c);
      else
        {
          c->skipped++;
          continue;
        }
      if (ok < 0)
        {
          r = failed (c, rel, name);
          break;
        }
    }
  return r;
}

int
hb_copytree (int src, int dst, hb_copy_state *c)
{
  c->where[0] = '\0';
  return copy_dir (src, dst, "", 0, c);
}
