/* rootfs.c - reading files of a (possibly layered) container root. */
#include "config.h"

#include "core/rootfs.h"
#include "core/cleanup.h"
#include "core/inroot.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <sys/sysmacros.h>

/* overlayfs marks a deleted file with a 0:0 character device of its name. */
static bool
is_whiteout (int rootfd, const char *path)
{
  hb_error *err = NULL;
  cleanup_close int fd = inroot_open (rootfd, path, O_PATH | O_NOFOLLOW, 0, &err);
  hb_error_free (err);
  if (fd < 0)
    return false;
  struct stat st;
  return fstat (fd, &st) == 0 && S_ISCHR (st.st_mode) && st.st_rdev == makedev (0, 0);
}

/* Is path, or a directory above it, deleted (whiteout) in this layer?  Or is
 * a directory above it opaque, hiding the layers below? */
static bool
hidden_below (int rootfd, const char *path, bool *opaque)
{
  cleanup_free char *copy = xstrdup (path);
  *opaque = false;
  for (char *slash = copy + strlen (copy); slash > copy; slash--)
    {
      if (*slash != '/' && slash != copy + strlen (copy))
        continue;
      char saved = *slash;
      *slash = '\0';
      if (*copy != '\0' && is_whiteout (rootfd, copy))
        return true;
      if (*copy != '\0' && saved == '/')
        {
          hb_error *err = NULL;
          cleanup_close int dfd = inroot_open (rootfd, copy, O_RDONLY | O_DIRECTORY, 0, &err);
          hb_error_free (err);
          char val[2];
          if (dfd >= 0 && fgetxattr (dfd, "trusted.overlay.opaque", val, sizeof val) == 1
              && val[0] == 'y')
            *opaque = true;
        }
      *slash = saved;
    }
  return false;
}

char *
hb_rootfs_read_file (const hb_rootfs *r, const char *path, size_t max, size_t *len,
                     hb_error **err)
{
  for (size_t i = 0; i < r->layers.n; i++)
    {
      hb_error *inner = NULL;
      cleanup_close int rootfd = inroot_open_root (r->layers.v[i], &inner);
      if (rootfd < 0)
        {
          hb_error_free (inner);
          continue;
        }
      char *data = inroot_read_file (rootfd, path, max, len, &inner);
      if (data != NULL)
        return data;
      bool opaque = false;
      if (hidden_below (rootfd, path, &opaque))
        {
          hb_error_free (inner);
          break;
        }
      if (inner->errnum != ENOENT && inner->errnum != ENOTDIR)
        {
          hb_fail (err, HB_EXIT_INPUT, "%s (in %s): %s", path, r->layers.v[i], inner->msg);
          hb_error_free (inner);
          return NULL;
        }
      hb_error_free (inner);
      if (opaque)
        break;
    }
  hb_fail (err, HB_EXIT_NOT_FOUND, "%s: not in the root filesystem", path);
  if (err && *err)
    (*err)->errnum = ENOENT;
  return NULL;
}

void
hb_rootfs_clear (hb_rootfs *r)
{
  strv_clear (&r->layers);
}
