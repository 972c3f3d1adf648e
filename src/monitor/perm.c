/* perm.c - a file's owner, mode and flags, read inside the container, for
 * telling which capability a failure lacked (see perm.h). */
#include "config.h"

#include "monitor/perm.h"

#include "core/cleanup.h"
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
  struct open_how how = { 0 };
  how.flags = O_PATH | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0);
  /* Absolute symlinks and ".." stay inside the container's root. */
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  return (int) syscall (SYS_openat2, root, inside_path, &how, sizeof how);
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

/* Is id inside one of the ranges of /proc/TID/<file>?  Read from the
 * supervisor's namespace, the second column is in our ids. */
static bool
id_mapped (pid_t tid, const char *file, unsigned id)
{
  char path[64];
  snprintf (path, sizeof path, "/proc/%d/%s", (int) tid, file);
  FILE *f = fopen (path, "re");
  if (f == NULL)
    return false;
  bool found = false;
  unsigned long inside, outside, count;
  while (!found && fscanf (f, "%lu %lu %lu", &inside, &outside, &count) == 3)
    found = id >= outside && (unsigned long) id - outside < count;
  fclose (f);
  return found;
}

bool
hb_perm_ids_mapped (pid_t tid, unsigned uid, unsigned gid)
{
  return id_mapped (tid, "uid_map", uid) && id_mapped (tid, "gid_map", gid);
}

char *
hb_perm_parent (const char *path)
{
  const char *slash = strrchr (path, '/');
  if (slash == NULL || slash == path)
    return xstrdup ("/");
  return xstrndup (path, (size_t) (slash - path));
}
