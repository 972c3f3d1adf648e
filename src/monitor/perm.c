/* perm.c - a file's owner, mode and flags, read inside the container, for
 * telling which capability a failure lacked (see perm.h). */
#include "config.h"

#include "monitor/perm.h"

#include "core/cleanup.h"
#include "core/error.h"
#include "core/fileio.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

/* path inside the root at root_fd: absolute symlinks and ".." stay
 * inside it. */
static int
open_in_root (int root_fd, const char *inside_path, bool nofollow)
{
  if (inside_path == NULL || inside_path[0] != '/')
    {
      errno = EINVAL;
      return -1;
    }
  struct open_how how = { 0 };
  how.flags = O_PATH | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0);
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  return (int) syscall (SYS_openat2, root_fd, inside_path, &how, sizeof how);
}

int
hb_perm_open (pid_t tid, int fd, const char *inside_path, bool nofollow)
{
  char path[64];
  if (fd >= 0)
    {
      /* The task's own open file: the magic link leads to it, wherever it
       * is, without a path lookup. */
      snprintf (path, sizeof path, "/proc/%d/fd/%d", (int) tid, fd);
      return open (path, O_PATH | O_CLOEXEC);
    }
  if (inside_path == NULL || inside_path[0] != '/')
    {
      errno = EINVAL;
      return -1;
    }
  snprintf (path, sizeof path, "/proc/%d/root", (int) tid);
  cleanup_close int root = open (path, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (root < 0)
    return -1;
  return open_in_root (root, inside_path, nofollow);
}

int
hb_perm_open_in (const hb_perm_root *r, const char *inside_path, bool nofollow)
{
  if (r->fd < 0)
    {
      errno = EBADF;
      return -1;
    }
  return open_in_root (r->fd, inside_path, nofollow);
}

int
hb_perm_inspect (int fd, hb_perm_file *out)
{
  memset (out, 0, sizeof *out);
  struct statx sx;
  if (statx (fd, "", AT_EMPTY_PATH | AT_STATX_SYNC_AS_STAT,
             STATX_TYPE | STATX_MODE | STATX_UID | STATX_GID, &sx) < 0)
    return -1;
  out->uid = sx.stx_uid;
  out->gid = sx.stx_gid;
  out->mode = sx.stx_mode;
  out->immutable = (sx.stx_attributes & sx.stx_attributes_mask
                    & (STATX_ATTR_IMMUTABLE | STATX_ATTR_APPEND)) != 0;
  struct statvfs vfs;
  if (fstatvfs (fd, &vfs) < 0)
    return -1;
  out->read_only = (vfs.f_flag & ST_RDONLY) != 0;
  /* An O_PATH fd has no xattr calls; its /proc/self/fd link leads to the
   * same file. */
  char path[64];
  snprintf (path, sizeof path, "/proc/self/fd/%d", fd);
  if (getxattr (path, "system.posix_acl_access", NULL, 0) >= 0)
    out->has_acl = true;
  else if (errno != ENODATA && errno != EOPNOTSUPP)
    return -1;   /* cannot tell */
  return 0;
}

int
hb_perm_mode (int fd, unsigned *mode)
{
  struct statx sx;
  if (statx (fd, "", AT_EMPTY_PATH | AT_STATX_SYNC_AS_STAT, STATX_TYPE | STATX_MODE, &sx) < 0)
    return -1;
  *mode = sx.stx_mode;
  return 0;
}

bool
hb_perm_mode_denies (const hb_perm_file *f, const hb_proc_status *st, int want)
{
  unsigned bits;
  if (f->uid == st->fsuid)
    bits = (f->mode >> 6) & 7;
  else if (hb_proc_status_in_groups (st, f->gid))
    bits = (f->mode >> 3) & 7;
  else
    bits = f->mode & 7;
  return (bits & (unsigned) want) != (unsigned) want;
}

bool
hb_perm_id_in_map (const char *map, unsigned id)
{
  const char *line = map;
  while (line && *line)
    {
      unsigned long inside, outside, count;
      if (sscanf (line, "%lu %lu %lu", &inside, &outside, &count) == 3 && id >= outside
          && (unsigned long) id - outside < count)
        return true;
      line = strchr (line, '\n');
      if (line)
        line++;
    }
  return false;
}

/* /proc/TID/<file>, whole; NULL when unreadable. */
static char *
read_map (pid_t tid, const char *file)
{
  char path[64];
  snprintf (path, sizeof path, "/proc/%d/%s", (int) tid, file);
  hb_error *err = NULL;
  /* At most 340 lines of three numbers (user_namespaces(7)). */
  char *text = file_read_all (path, 16384, NULL, HB_EXIT_SANDBOX, &err);
  hb_error_free (err);
  return text;
}

bool
hb_perm_ids_mapped (pid_t tid, unsigned uid, unsigned gid)
{
  cleanup_free char *uids = read_map (tid, "uid_map");
  cleanup_free char *gids = read_map (tid, "gid_map");
  return hb_perm_id_in_map (uids, uid) && hb_perm_id_in_map (gids, gid);
}

int
hb_perm_root_read (pid_t tid, hb_perm_root *out)
{
  memset (out, 0, sizeof *out);
  out->fd = -1;
  char path[64];
  snprintf (path, sizeof path, "/proc/%d/ns/mnt", (int) tid);
  out->mntns_fd = open (path, O_RDONLY | O_CLOEXEC);
  snprintf (path, sizeof path, "/proc/%d/root", (int) tid);
  out->fd = out->mntns_fd < 0 ? -1 : open (path, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (out->fd < 0)
    goto fail;
  /* What needs the task alive first, then what the fds tell. */
  struct stat st;
  snprintf (path, sizeof path, "/proc/%d/ns/user", (int) tid);
  if (stat (path, &st) < 0)
    goto fail;
  out->userns = (unsigned long) st.st_ino;
  out->uid_map = read_map (tid, "uid_map");
  out->gid_map = read_map (tid, "gid_map");
  if (out->uid_map == NULL || out->gid_map == NULL)
    goto fail;
  struct statx sx;
  if (statx (out->fd, "", AT_EMPTY_PATH | AT_STATX_SYNC_AS_STAT, STATX_MNT_ID, &sx) < 0)
    goto fail;
  if (!(sx.stx_mask & STATX_MNT_ID))
    {
      errno = EOPNOTSUPP;
      goto fail;
    }
  out->mnt_id = (int) sx.stx_mnt_id;
  return 0;
fail:
  {
    int saved = errno;
    hb_perm_root_clear (out);
    errno = saved;
  }
  return -1;
}

void
hb_perm_root_clear (hb_perm_root *r)
{
  if (r->fd >= 0)
    close (r->fd);
  if (r->mntns_fd >= 0)
    close (r->mntns_fd);
  free (r->uid_map);
  free (r->gid_map);
  memset (r, 0, sizeof *r);
  r->fd = -1;
  r->mntns_fd = -1;
}

bool
hb_perm_root_same_userns (const hb_perm_root *r, pid_t tid)
{
  if (r->uid_map == NULL)
    return false;
  char path[64];
  snprintf (path, sizeof path, "/proc/%d/ns/user", (int) tid);
  struct stat st;
  return stat (path, &st) == 0 && (unsigned long) st.st_ino == r->userns;
}

bool
hb_perm_root_ids_mapped (const hb_perm_root *r, unsigned uid, unsigned gid)
{
  return hb_perm_id_in_map (r->uid_map, uid) && hb_perm_id_in_map (r->gid_map, gid);
}

char *
hb_perm_parent (const char *path)
{
  const char *slash = strrchr (path, '/');
  if (slash == NULL || slash == path)
    return xstrdup ("/");
  return xstrndup (path, (size_t) (slash - path));
}
