/* inroot.c - openat2(RESOLVE_IN_ROOT) wrappers. */
#include "config.h"

#include "core/inroot.h"
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int
inroot_open (int rootfd, const char *path, int flags, mode_t mode, hb_error **err)
{
  struct open_how how;
  memset (&how, 0, sizeof how);
  how.flags = (unsigned long long) (flags | O_CLOEXEC);
  how.mode = (flags & (O_CREAT | O_TMPFILE)) ? mode : 0;
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV;
  const char *rel = path;
  while (*rel == '/')
    rel++;
  if (*rel == '\0')
    rel = ".";
  int fd;
  do
    fd = (int) syscall (SYS_openat2, rootfd, rel, &how, sizeof how);
  while (fd < 0 && errno == EAGAIN);
  if (fd < 0 && errno == EXDEV)
    {
      /* The root may legitimately contain mount points (a bind-mounted
       * layer); retry allowing them, still confined to the root. */
      how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
      do
        fd = (int) syscall (SYS_openat2, rootfd, rel, &how, sizeof how);
      while (fd < 0 && errno == EAGAIN);
    }
  if (fd < 0)
    return hb_fail_errno (err, errno, HB_EXIT_FAILURE, "%s", path);
  return fd;
}

char *
inroot_read_file (int rootfd, const char *path, size_t max, size_t *len, hb_error **err)
{
  /* O_NONBLOCK: a FIFO planted at /etc/passwd must not hang us. */
  cleanup_close int fd = inroot_open (rootfd, path, O_RDONLY | O_NOCTTY | O_NONBLOCK, 0, err);
  if (fd < 0)
    return NULL;
  struct stat st;
  if (fstat (fd, &st) < 0)
    {
      hb_fail_errno (err, errno, HB_EXIT_FAILURE, "%s", path);
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      hb_fail (err, HB_EXIT_FAILURE, "%s: not a regular file", path);
      return NULL;
    }
  return fd_read_all (fd, max, len, err);
}

int
inroot_open_root (const char *dir, hb_error **err)
{
  int fd = open (dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return hb_fail_errno (err, errno, HB_EXIT_NOT_FOUND, "%s", dir);
  return fd;
}
