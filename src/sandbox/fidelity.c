/* fidelity.c - the trial's init made to behave as `docker run` (Docker
 * 20.10, runc 1.1) in a few places; fidelity.h says which and why.
 * Nothing here resolves a path of the container: the sysctl is the host's
 * procfs before pivot_root, the rest works on descriptors. */
#define _GNU_SOURCE
#include "config.h"

#include "sandbox/fidelity.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* Write value to the sysctl file path: 0; 1 when the kernel has no such
 * setting; -1 with errno. */
static int
write_sysctl (const char *path, const char *value)
{
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    return errno == ENOENT ? 1 : -1;
  size_t len = strlen (value);
  ssize_t n;
  do
    n = write (fd, value, len);
  while (n < 0 && errno == EINTR);
  int saved = errno;
  close (fd);
  if (n != (ssize_t) len)
    {
      errno = n < 0 ? saved : EIO;
      return -1;
    }
  return 0;
}

int
hb_fidelity_unprivileged_ports (void)
{
  return write_sysctl ("/proc/sys/net/ipv4/ip_unprivileged_port_start", "0\n");
}

int
hb_fidelity_ping_group_range (void)
{
  return write_sysctl ("/proc/sys/net/ipv4/ping_group_range", "0 2147483647\n");
}

int
hb_fidelity_stdio_owner (uid_t uid)
{
  for (int fd = 0; fd <= 2; fd++)
    {
      struct stat st;
      if (fstat (fd, &st) < 0)
        return -1;
      if (st.st_uid == uid
          || (S_ISCHR (st.st_mode) && major (st.st_rdev) == 1 && minor (st.st_rdev) == 3))
        continue;
      if (fchown (fd, uid, (gid_t) -1) < 0 && errno != EINVAL && errno != EPERM
          && errno != EROFS)
        return -1;
    }
  return 0;
}

int
hb_fidelity_tmpfs_mode (int mnt, mode_t mode, bool read_only)
{
  int root = openat (mnt, ".", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (root < 0)
    return -1;
  int r = fchmod (root, mode & 07777);
  int saved = errno;
  close (root);
  if (r < 0)
    {
      errno = saved;
      return -1;
    }
  if (read_only)
    {
      struct mount_attr a = { .attr_set = MOUNT_ATTR_RDONLY };
      if (mount_setattr (mnt, "", AT_EMPTY_PATH, &a, sizeof a) < 0)
        return -1;
    }
  return 0;
}
