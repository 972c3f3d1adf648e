/* child.c - the container init between clone and execve: makes the mounts
 * of the plan inside the new root, pivots into it, sets ids, capabilities,
 * no_new_privs and seccomp, closes every inherited fd and execs the target.
 * It joins its cgroups first (the device rules' ones or it stops) and a
 * new session keyring of its own.
 *
 * Every path inside the root is resolved with openat2(RESOLVE_IN_ROOT) and
 * every mount is made by fd (fsopen/fsmount/open_tree/move_mount), so a
 * hostile symlink in the root filesystem never redirects a mount to a host
 * path.  Failures are written to err_fd as "STATUS\tstep: why"; what had to
 * be done differently in a user namespace as "note\tTEXT\n" lines.
 *
 * It runs in the supervisor's memory until execve (CLONE_VM, launch.h):
 * nothing here may change what the supervisor owns (environ, stdio, the
 * plan), and anything allocated is freed before the exec. */
#define _GNU_SOURCE
#include "config.h"

#include "sandbox/child.h"
#include "sandbox/copytree.h"
#include "sandbox/fidelity.h"
#include "sandbox/launch.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/keyctl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static const hb_child_args *args;
static int err_fd;
static bool setgroups_denied;

__attribute__ ((noreturn, format (printf, 2, 3))) static void
die_status (int status, const char *fmt, ...)
{
  int saved = errno;
  char msg[1024];
  va_list ap;
  va_start (ap, fmt);
  int n = vsnprintf (msg, sizeof msg, fmt, ap);
  va_end (ap);
  if (n < 0)
    n = 0;
  char line[1200];
  int len = snprintf (line, sizeof line, "%d\t%.*s%s%s", status, n, msg,
                      saved ? ": " : "", saved ? strerror (saved) : "");
  if (len > 0 && write (err_fd, line, (size_t) len) < 0)
    _exit (status);
  _exit (status);
}
#define die(...) die_status (125, __VA_ARGS__)

/* A line the supervisor shows as a note event (trial.c). */
__attribute__ ((format (printf, 1, 2))) static void
note (const char *fmt, ...)
{
  char msg[1000];
  va_list ap;
  va_start (ap, fmt);
  int n = vsnprintf (msg, sizeof msg, fmt, ap);
  va_end (ap);
  if (n < 0)
    return;
  char line[1100];
  int len = snprintf (line, sizeof line, "note\t%s\n", msg);
  if (len > 0 && write (err_fd, line, (size_t) len) < 0)
    return;
}

static int
openat2_fd (int dirfd, const char *path, int flags, unsigned long long resolve)
{
  struct open_how how = { 0 };
  how.flags = (unsigned long long) (flags | O_CLOEXEC);
  how.resolve = resolve;
  while (*path == '/')
    path++;
  if (*path == '\0')
    path = ".";
  int fd;
  do
    fd = (int) syscall (SYS_openat2, dirfd, path, &how, sizeof how);
  while (fd < 0 && errno == EAGAIN);
  return fd;
}

#define IN_ROOT (RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS)

/* Open (creating directories as needed) the directory path inside the root.
 * Symlinks resolve inside the root; a dangling one (say /tmp -> /host/dir,
 * missing inside the root) is replaced by a directory: only the overlay's
 * throw-away upper layer changes.  With no_symlink any symlink is refused. */
static int
inroot_mkdir_p (int rootfd, const char *path, bool no_symlink)
{
  unsigned long long res = IN_ROOT | (no_symlink ? RESOLVE_NO_SYMLINKS : 0);
  int fd = openat2_fd (rootfd, path, O_PATH | O_DIRECTORY, res);
  if (fd >= 0 || !(errno == ENOENT || (errno == ELOOP && !no_symlink)))
    return fd;
  char buf[4096];
  if (strlen (path) >= sizeof buf)
    {
      errno = ENAMETOOLONG;
      return -1;
    }
  strcpy (buf, path);
  for (char *p = buf + 1;; p++)
    if (*p == '/' || *p == '\0')
      {
        char saved = *p;
        *p = '\0';
        int have = openat2_fd (rootfd, buf, O_PATH | O_DIRECTORY, res);
        if (have >= 0)
          close (have);
        else if (errno == ENOENT || (errno == ELOOP && !no_symlink))
          {
            char *slash = strrchr (buf, '/');
            *slash = '\0';
            int parent = openat2_fd (rootfd, buf[0] ? buf : "/", O_PATH | O_DIRECTORY, res);
            *slash = '/';
            if (parent < 0)
              return -1;
            struct stat st;
            if (!no_symlink && fstatat (parent, slash + 1, &st, AT_SYMLINK_NOFOLLOW) == 0
                && S_ISLNK (st.st_mode) && unlinkat (parent, slash + 1, 0) < 0)
              {
                close (parent);
                return -1;
              }
            if (mkdirat (parent, slash + 1, 0755) < 0 && errno != EEXIST)
              {
                close (parent);
                return -1;
              }
            close (parent);
          }
        else
          return -1;
        *p = saved;
        if (saved == '\0')
          break;
      }
  return openat2_fd (rootfd, path, O_PATH | O_DIRECTORY, res);
}

/* Open the regular file path inside the root to mount a provided file on.
 * A symlink there is replaced by an empty file (in the throw-away upper
 * layer), so the mount never lands on what the link names, host path or
 * not.  RESOLVE_NO_XDEV: while the root is one filesystem, nothing leads
 * into /proc or /sys. */
static int
inroot_file (int rootfd, const char *path)
{
  char dir[4096];
  snprintf (dir, sizeof dir, "%s", path);
  char *slash = strrchr (dir, '/');
  if (slash == NULL || slash[1] == '\0')
    {
      errno = EINVAL;
      return -1;
    }
  const char *name = slash + 1;
  *slash = '\0';
  int dfd = inroot_mkdir_p (rootfd, dir[0] ? dir : "/", false);
  if (dfd < 0)
    return -1;
  /* The files come after the tmpfs mounts and volumes (plan.c), when /proc
   * and /sys are mounted too: a symlinked directory must not lead there. */
  struct statfs sfs;
  if (fstatfs (dfd, &sfs) < 0 || sfs.f_type == PROC_SUPER_MAGIC || sfs.f_type == SYSFS_MAGIC)
    {
      close (dfd);
      errno = EXDEV;
      return -1;
    }
  struct stat st;
  if (fstatat (dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK (st.st_mode)
      && unlinkat (dfd, name, 0) < 0)
    {
      close (dfd);
      return -1;
    }
  int nfd = openat (dfd, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (nfd >= 0)
    close (nfd);
  int fd = openat2_fd (dfd, name, O_PATH | O_NOFOLLOW, RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS
                                                       | RESOLVE_NO_XDEV);
  close (dfd);
  if (fd < 0)
    return -1;
  if (fstat (fd, &st) < 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      errno = EINVAL;
      return -1;
    }
  return fd;
}

static void
attach (int mntfd, int targetfd, const char *what)
{
  if (move_mount (mntfd, "", targetfd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
    die ("mount %s", what);
  close (mntfd);
}

/* A new filesystem of type fstype with "a=b,flag" options, or -1 with
 * errno and *failed naming the step (fsopen, an option, create). */
static int
try_new_fs (const char *fstype, const char *source, const char *options, unsigned attrs,
            char *failed, size_t failed_len)
{
  int fsfd = fsopen (fstype, FSOPEN_CLOEXEC);
  if (fsfd < 0)
    {
      snprintf (failed, failed_len, "fsopen %s", fstype);
      return -1;
    }
  /* The source column of mountinfo, as Docker shows it. */
  fsconfig (fsfd, FSCONFIG_SET_STRING, "source", source ? source : fstype, 0);
  if (options)
    {
      char buf[1024];
      snprintf (buf, sizeof buf, "%s", options);
      char *save = NULL;
      for (char *o = strtok_r (buf, ",", &save); o; o = strtok_r (NULL, ",", &save))
        {
          char *eq = strchr (o, '=');
          int rc;
          if (eq)
            {
              *eq = '\0';
              rc = fsconfig (fsfd, FSCONFIG_SET_STRING, o, eq + 1, 0);
            }
          else
            rc = fsconfig (fsfd, FSCONFIG_SET_FLAG, o, NULL, 0);
          if (rc < 0)
            {
              snprintf (failed, failed_len, "option %s", o);
              goto fail;
            }
        }
    }
  if (fsconfig (fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
    {
      snprintf (failed, failed_len, "create %s", fstype);
      goto fail;
    }
  int mnt = fsmount (fsfd, FSMOUNT_CLOEXEC, attrs);
  if (mnt < 0)
    {
      snprintf (failed, failed_len, "fsmount");
      goto fail;
    }
  close (fsfd);
  return mnt;
fail:;
  int saved = errno;
  close (fsfd);
  errno = saved;
  return -1;
}

static int
new_fs (const char *fstype, const char *source, const char *options, unsigned attrs,
        const char *what)
{
  char failed[200];
  int mnt = try_new_fs (fstype, source, options, attrs, failed, sizeof failed);
  if (mnt < 0)
    die ("mount %s: %s", what, failed);
  return mnt;
}

/* A detached copy of the tree at fd, with attrs set. */
static int
clone_tree (int fd, unsigned attrs, const char *what)
{
  int t = open_tree (fd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | AT_RECURSIVE);
  if (t < 0)
    die ("bind %s", what);
  if (attrs)
    {
      struct mount_attr a = { .attr_set = attrs };
      if (mount_setattr (t, "", AT_EMPTY_PATH | AT_RECURSIVE, &a, sizeof a) < 0)
        die ("bind %s: set attributes", what);
    }
  return t;
}

static void
loopback_up (void)
{
  int s = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0)
    die ("network: socket");
  struct ifreq ifr = { 0 };
  strcpy (ifr.ifr_name, "lo");
  if (ioctl (s, SIOCGIFFLAGS, &ifr) < 0)
    die ("network: loopback flags");
  ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
  if (ioctl (s, SIOCSIFFLAGS, &ifr) < 0)
    die ("network: bring loopback up");
  close (s);
}

/* In a user namespace the kernel may refuse an overlay (a lower layer on
 * overlayfs, NFS or FUSE): then a one-layer root is bound read-only, so
 * the trial still runs, with every mount point already in place. */
static int
bind_root (const hb_plan *p, const char *rundir)
{
  int saved = errno;
  if (p->layers.n != 1)
    {
      errno = saved;
      die ("root filesystem: overlay of %zu layers in a user namespace", p->layers.n);
    }
  int src = open (p->layers.v[0], O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (src < 0)
    die ("root filesystem: %s", p->layers.v[0]);
  char rt[4200];
  snprintf (rt, sizeof rt, "%s/root", rundir);
  int mnt = clone_tree (src, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NODEV, "root filesystem");
  close (src);
  if (move_mount (mnt, "", AT_FDCWD, rt, MOVE_MOUNT_F_EMPTY_PATH) < 0)
    die ("root filesystem: attach");
  close (mnt);
  note ("root filesystem: the kernel refused an overlay in the user namespace (%s): the root "
        "is %s bound read-only%s; mount points missing from it cannot be made",
        strerror (saved), p->layers.v[0],
        p->read_only_root ? "" : ", so writes to it fail with EROFS although the policy allows "
                                 "them");
  int rootfd = open (rt, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (rootfd < 0)
    die ("root filesystem: open");
  return rootfd;
}

/* gen 0: the first overlay; 1: again with the mount point layer "mp" on
 * top (mount_root), on fresh upper and work dirs. */
static int
overlay_root (const hb_plan *p, int runfd, const char *rundir, int gen)
{
  /* The target's files are never written: writes go to a tmpfs upper
   * layer that lives only in this mount namespace.  Even a read-only root
   * gets one, so that missing mount points can be created without touching
   * the target; the root is made read-only once they exist. */
  char upname[16], wkname[16];
  snprintf (upname, sizeof upname, "upper%d", gen);
  snprintf (wkname, sizeof wkname, "work%d", gen);
  if (mkdirat (runfd, upname, 0755) < 0 || mkdirat (runfd, wkname, 0700) < 0
      || (gen == 0 && mkdirat (runfd, "root", 0755) < 0))
    die ("root filesystem: run dir");
  char mp[4200];
  snprintf (mp, sizeof mp, "%s/mp", rundir);
  /* No allocation between clone and exec: the layers are indexed. */
  size_t n_lowers = p->layers.n + (gen > 0);
#define LOWER(i) (gen > 0 ? ((i) == 0 ? mp : p->layers.v[(i) - 1]) : p->layers.v[i])
  int fsfd = fsopen ("overlay", FSOPEN_CLOEXEC);
  if (fsfd < 0)
    {
      if (p->userns)
        return bind_root (p, rundir);
      die ("root filesystem: overlay");
    }
  fsconfig (fsfd, FSCONFIG_SET_STRING, "source", "overlay", 0);
  bool plus = true;
  for (size_t i = 0; i < n_lowers; i++)
    if (fsconfig (fsfd, FSCONFIG_SET_STRING, "lowerdir+", LOWER (i), 0) < 0)
      {
        if (errno != EINVAL || i > 0)
          die ("root filesystem: layer %s", LOWER (i));
        plus = false;
        break;
      }
  if (!plus)
    {
      /* Kernels before 6.8: one "lowerdir=a:b" string, so no layer path
       * may contain the separators. */
      char buf[8192] = "";
      for (size_t i = 0; i < n_lowers; i++)
        {
          if (strpbrk (LOWER (i), ":,\\"))
            {
              errno = EINVAL;
              die ("root filesystem: layer path %s has ':' or ','", LOWER (i));
            }
          if (i)
            strncat (buf, ":", sizeof buf - strlen (buf) - 1);
          strncat (buf, LOWER (i), sizeof buf - strlen (buf) - 1);
        }
      if (fsconfig (fsfd, FSCONFIG_SET_STRING, "lowerdir", buf, 0) < 0)
        die ("root filesystem: layers");
    }
  char up[4200], wk[4200], rt[4200];
  snprintf (up, sizeof up, "%s/%s", rundir, upname);
  snprintf (wk, sizeof wk, "%s/%s", rundir, wkname);
#undef LOWER
  snprintf (rt, sizeof rt, "%s/root", rundir);
  if (fsconfig (fsfd, FSCONFIG_SET_STRING, "upperdir", up, 0) < 0
      || fsconfig (fsfd, FSCONFIG_SET_STRING, "workdir", wk, 0) < 0)
    die ("root filesystem: upper layer");
  if (fsconfig (fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
    {
      if (p->userns)
        {
          close (fsfd);
          return bind_root (p, rundir);
        }
      die ("root filesystem: overlay of %s", p->layers.v[0]);
    }
  int mnt = fsmount (fsfd, FSMOUNT_CLOEXEC, 0);
  if (mnt < 0)
    die ("root filesystem: fsmount");
  close (fsfd);
  if (move_mount (mnt, "", AT_FDCWD, rt, MOVE_MOUNT_F_EMPTY_PATH) < 0)
    die ("root filesystem: attach");
  close (mnt);
  int rootfd = open (rt, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (rootfd < 0)
    die ("root filesystem: open");
  return rootfd;
}

/* Is path missing from the root, below directories that really are
 * directories (no symlink on the way, which a layer of ours would hide)? */
static bool
missing_mountpoint (int rootfd, const char *path)
{
  char buf[4096];
  if (snprintf (buf, sizeof buf, "%s", path) >= (int) sizeof buf)
    return false;
  for (char *c = buf + 1;; c++)
    if (*c == '/' || *c == '\0')
      {
        char saved = *c;
        *c = '\0';
        int fd = openat2_fd (rootfd, buf, O_PATH | O_NOFOLLOW, IN_ROOT | RESOLVE_NO_SYMLINKS);
        if (fd < 0)
          return errno == ENOENT;
        struct stat st;
        bool dir = fstat (fd, &st) == 0 && S_ISDIR (st.st_mode);
        close (fd);
        if (saved == '\0')
          return false;          /* it exists */
        if (!dir)
          return false;
        *c = saved;
      }
}

/* Make path in the mount point layer: its existing directories with the
 * root's modes, the rest as new directories, the last one a file when
 * is_file. */
static void
add_to_layer (int rootfd, int mpfd, const char *path, bool is_file)
{
  char buf[4096];
  snprintf (buf, sizeof buf, "%s", path);
  for (char *c = buf + 1;; c++)
    if (*c == '/' || *c == '\0')
      {
        char saved = *c;
        *c = '\0';
        struct stat st;
        mode_t mode = 0755;
        int fd = openat2_fd (rootfd, buf, O_PATH | O_NOFOLLOW, IN_ROOT | RESOLVE_NO_SYMLINKS);
        if (fd >= 0)
          {
            if (fstat (fd, &st) == 0)
              mode = st.st_mode & 07777;
            close (fd);
          }
        if (saved == '\0' && is_file && fd < 0)
          {
            int f = openat (mpfd, buf + 1, O_CREAT | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
            if (f < 0)
              die ("mount point %s", path);
            close (f);
            return;
          }
        if (mkdirat (mpfd, buf + 1, 0700) < 0 && errno != EEXIST)
          die ("mount point %s", path);
        if (fchmodat (mpfd, buf + 1, mode, 0) < 0)
          die ("mount point %s: mode", path);
        if (saved == '\0')
          return;
        *c = saved;
      }
}

/* In a user namespace the image's directories often belong to ids outside
 * the map (a root-owned directory target, @demo): the overlay cannot copy
 * them up to create a mount point in them.  Missing mount points then go
 * into a layer of our own put on top of the image's layers, which needs no
 * copy-up.  Returns the root, remounted with that layer if one was needed. */
static int
mount_root (const hb_plan *p, int runfd, const char *rundir)
{
  int rootfd = overlay_root (p, runfd, rundir, 0);
  if (!p->userns || p->layers.n == 0)
    return rootfd;
  int mpfd = -1;
  for (size_t i = 0; i <= p->n_mounts; i++)
    {
      const char *path = i < p->n_mounts ? p->mounts[i].target : p->cwd;
      hb_mount_kind kind = i < p->n_mounts ? p->mounts[i].kind : HB_MNT_SCRATCH;
      if (kind != HB_MNT_FILE && kind != HB_MNT_FS && kind != HB_MNT_SCRATCH)
        continue;
      if (strcmp (path, "/") == 0 || !missing_mountpoint (rootfd, path))
        continue;
      if (mpfd < 0)
        {
          if (mkdirat (runfd, "mp", 0755) < 0)
            die ("root filesystem: mount point layer");
          mpfd = openat (runfd, "mp", O_DIRECTORY | O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
          if (mpfd < 0)
            die ("root filesystem: mount point layer");
        }
      add_to_layer (rootfd, mpfd, path, kind == HB_MNT_FILE);
    }
  if (mpfd < 0)
    return rootfd;
  close (mpfd);
  close (rootfd);
  char rt[4200];
  snprintf (rt, sizeof rt, "%s/root", rundir);
  if (umount2 (rt, MNT_DETACH) < 0)
    die ("root filesystem: detach the first overlay");
  return overlay_root (p, runfd, rundir, 1);
}

/* In a user namespace mknod is refused (and nodes on our own tmpfs would
 * not open): bind the host's node instead, after checking it is the
 * device it claims to be (SECURITY.md 14), onto an empty file. */
static void
bind_device (int dev, const char *name, unsigned maj, unsigned min)
{
  char host[64];
  snprintf (host, sizeof host, "/dev/%s", name);
  int src = open (host, O_PATH | O_NOFOLLOW | O_CLOEXEC);
  struct stat st;
  if (src < 0 || fstat (src, &st) < 0)
    die ("/dev/%s: the host's %s", name, host);
  if (!S_ISCHR (st.st_mode) || major (st.st_rdev) != maj || minor (st.st_rdev) != min)
    {
      errno = EINVAL;
      die ("/dev/%s: the host's %s is not device %u:%u", name, host, maj, min);
    }
  int f = openat (dev, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (f < 0)
    die ("/dev/%s", name);
  close (f);
  int target = openat2_fd (dev, name, O_PATH | O_NOFOLLOW, RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS);
  if (target < 0)
    die ("/dev/%s", name);
  attach (clone_tree (src, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC, name), target, name);
  close (target);
  close (src);
}

static void
make_devices (int rootfd, bool userns)
{
  static const struct { const char *name; unsigned maj, min; } devs[] = {
    { "null", 1, 3 }, { "zero", 1, 5 }, { "full", 1, 7 },
    { "random", 1, 8 }, { "urandom", 1, 9 }, { "tty", 5, 0 },
  };
  static const struct { const char *name, *to; } links[] = {
    { "fd", "/proc/self/fd" }, { "stdin", "/proc/self/fd/0" },
    { "stdout", "/proc/self/fd/1" }, { "stderr", "/proc/self/fd/2" },
    { "ptmx", "pts/ptmx" },
  };
  int dev = openat2_fd (rootfd, "/dev", O_DIRECTORY | O_RDONLY, IN_ROOT | RESOLVE_NO_SYMLINKS);
  if (dev < 0)
    die ("/dev");
  for (size_t i = 0; i < sizeof devs / sizeof devs[0]; i++)
    {
      if (userns)
        {
          bind_device (dev, devs[i].name, devs[i].maj, devs[i].min);
          continue;
        }
      if (mknodat (dev, devs[i].name, S_IFCHR | 0666, makedev (devs[i].maj, devs[i].min)) < 0)
        die ("/dev/%s", devs[i].name);
      if (fchmodat (dev, devs[i].name, 0666, 0) < 0)
        die ("/dev/%s: mode", devs[i].name);
    }
  for (size_t i = 0; i < sizeof links / sizeof links[0]; i++)
    if (symlinkat (links[i].to, dev, links[i].name) < 0)
      die ("/dev/%s", links[i].name);
  close (dev);
}

/* The container's /dev/null, checked to really be the null device, so a
 * mask can never bind something else (SECURITY.md 14). */
static int
null_device (int rootfd)
{
  int fd = openat2_fd (rootfd, "/dev/null", O_PATH, IN_ROOT | RESOLVE_NO_SYMLINKS);
  if (fd < 0)
    die ("/dev/null");
  struct stat st;
  if (fstat (fd, &st) < 0 || !S_ISCHR (st.st_mode) || major (st.st_rdev) != 1
      || minor (st.st_rdev) != 3)
    {
      errno = EINVAL;
      die ("/dev/null is not the null device");
    }
  return fd;
}

/* In a user namespace the kernel refuses sysfs when the host's /sys is
 * not fully visible: bind the host's, read-only, instead. */
static int
bind_host_sys (const char *failed)
{
  int saved = errno;
  int src = open ("/sys", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (src < 0)
    die ("/sys: the host's /sys");
  int mnt = clone_tree (src, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV
                             | MOUNT_ATTR_NOEXEC, "/sys");
  close (src);
  note ("/sys: the kernel refused a new sysfs in the user namespace (%s: %s): the host's /sys "
        "is bound read-only instead, so it shows the host's network devices",
        failed, strerror (saved));
  return mnt;
}

/* Bytes a trial copies into one volume at most: the run dir is in /run, in
 * memory. */
#define VOLUME_COPY_MAX (256 << 20)

/* A new anonymous or named volume starts with the image's files at its
 * path, owners and modes included, as under Docker; what is mounted over is
 * exactly the directory target (resolved in the root) names. */
static void
fill_volume (const hb_plan *p, const char *path, int target, int runfd, const char *name)
{
  int from = openat (target, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int to = openat (runfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  struct stat st;
  if (from < 0 || to < 0 || fstat (from, &st) < 0)
    die ("volume %s: open the image's directory", path);
  hb_copy_state c = { .budget = VOLUME_COPY_MAX, .keep_owner = true, .lax_owner = p->userns };
  if (hb_copytree (from, to, &c) < 0)
    {
      if (errno == EFBIG)
        {
          errno = 0;
          die ("volume %s: the image holds more than %d MiB there, more than a trial copies "
               "into a volume; give the path as --tmpfs, or a host directory as the source",
               path, VOLUME_COPY_MAX >> 20);
        }
      die ("volume %s: copy the image's %s", path, c.where[0] ? c.where : "directory");
    }
  /* The volume's own directory too: Docker gives it the image directory's
   * owner and mode. */
  struct timespec times[2] = { st.st_atim, st.st_mtim };
  if ((fchown (to, st.st_uid, st.st_gid) < 0 && !(p->userns && (errno == EINVAL || errno == EPERM)))
      || fchmod (to, st.st_mode & 07777) < 0 || futimens (to, times) < 0)
    die ("volume %s: owner and mode of the image's directory", path);
  if (c.skipped)
    note ("volume %s: %zu device node%s, fifo%s or socket%s of the image left out of its copy",
          path, c.skipped, c.skipped == 1 ? "" : "s", c.skipped == 1 ? "" : "s",
          c.skipped == 1 ? "" : "s");
  close (from);
  close (to);
}

/* Hide path (a missing one needs no hiding): an empty read-only tmpfs
 * over a directory, the checked /dev/null over anything else. */
static void
mask_path (int rootfd, const char *path, int *nullfd)
{
  int target = openat2_fd (rootfd, path, O_PATH, IN_ROOT | RESOLVE_NO_SYMLINKS);
  if (target < 0)
    {
      if (errno == ENOENT)
        return;
      die ("mask %s", path);
    }
  struct stat st;
  if (fstat (target, &st) < 0)
    die ("mask %s", path);
  if (S_ISDIR (st.st_mode))
    /* As runc masks: read-only in the superblock and the mount, the
     * tmpfs's default size, no other flag. */
    attach (new_fs ("tmpfs", NULL, "ro", MOUNT_ATTR_RDONLY, path), target, path);
  else
    {
      if (*nullfd < 0)
        *nullfd = null_device (rootfd);
      attach (clone_tree (*nullfd, 0, path), target, path);
    }
  close (target);
}

/* HB_PLAN_MASK_EACH_CPU: thermal_throttle of every cpuN directory of the
 * trial's sysfs.  getdents64 into the stack: no allocation before exec. */
static void
mask_each_cpu (int rootfd, int *nullfd)
{
  static const char base[] = "/sys/devices/system/cpu";
  int dir = openat2_fd (rootfd, base, O_RDONLY | O_DIRECTORY, IN_ROOT | RESOLVE_NO_SYMLINKS);
  if (dir < 0)
    {
      if (errno == ENOENT)
        return;
      die ("mask %s", HB_PLAN_MASK_EACH_CPU);
    }
  char buf[8192] __attribute__ ((aligned (8)));
  for (;;)
    {
      long n = syscall (SYS_getdents64, dir, buf, sizeof buf);
      if (n < 0)
        die ("mask %s: read %s", HB_PLAN_MASK_EACH_CPU, base);
      if (n == 0)
        break;
      for (long off = 0; off < n;)
        {
          struct dirent64_s {
            unsigned long long ino;
            long long off;
            unsigned short reclen;
            unsigned char type;
            char name[];
          } *d = (struct dirent64_s *) (buf + off);
          off += d->reclen;
          const char *nm = d->name;
          if (strncmp (nm, "cpu", 3) != 0 || nm[3] == '\0' || strspn (nm + 3, "0123456789")
                                                              != strlen (nm + 3))
            continue;
          char path[128];
          snprintf (path, sizeof path, "%s/%s/thermal_throttle", base, nm);
          mask_path (rootfd, path, nullfd);
        }
    }
  close (dir);
}

/* What Docker's init layer (between the image and the container's own
 * layer) gives every container: an empty /.dockerenv, mode 0755, which
 * programs test for to know they run under Docker, and /etc/mtab as a
 * link to /proc/mounts, whatever the image had there.  Only the overlay's
 * upper layer changes.  Where it cannot (a directory at /etc/mtab; in a
 * user namespace, a root the map does not own), a note says so. */
static void
init_layer (int rootfd)
{
  int f = openat (rootfd, ".dockerenv", O_CREAT | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0755);
  if (f < 0 || fchmod (f, 0755) < 0)
    note ("/.dockerenv not created: %s", strerror (errno));
  if (f >= 0)
    close (f);
  int etc = openat2_fd (rootfd, "/etc", O_PATH | O_DIRECTORY, IN_ROOT | RESOLVE_NO_SYMLINKS);
  if (etc < 0)
    {
      if (errno != ENOENT)
        note ("/etc/mtab not linked to /proc/mounts: /etc: %s", strerror (errno));
      return;
    }
  char have[32];
  ssize_t n = readlinkat (etc, "mtab", have, sizeof have - 1);
  if (n < 0 || (size_t) n != strlen ("/proc/mounts") || memcmp (have, "/proc/mounts", (size_t) n) != 0)
    {
      if ((unlinkat (etc, "mtab", 0) < 0 && errno != ENOENT)
          || symlinkat ("/proc/mounts", etc, "mtab") < 0)
        note ("/etc/mtab not linked to /proc/mounts: %s", strerror (errno));
    }
  close (etc);
}

static void
do_mounts (const hb_plan *p, int rootfd, int runfd)
{
  int nullfd = -1;
  for (size_t i = 0; i < p->n_mounts; i++)
    {
      const hb_mount_step *m = &p->mounts[i];
      switch (m->kind)
        {
        case HB_MNT_FILE:
          {
            char name[32];
            snprintf (name, sizeof name, "file%zu", i);
            int w = openat (runfd, name, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
            size_t len = strlen (m->content);
            if (w < 0 || write (w, m->content, len) != (ssize_t) len)
              die ("%s: write", m->target);
            close (w);
            int target = inroot_file (rootfd, m->target);
            if (target < 0)
              die ("%s: not a regular file inside the root", m->target);
            int src = openat (runfd, name, O_PATH | O_CLOEXEC);
            if (src < 0)
              die ("%s", m->target);
            int bind = clone_tree (src, p->read_only_root ? MOUNT_ATTR_RDONLY : 0, m->target);
            /* Docker binds them from the engine's own disk: not the run
             * dir's nosuid and nodev. */
            struct mount_attr flags = { .attr_clr = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV };
            if (mount_setattr (bind, "", AT_EMPTY_PATH, &flags, sizeof flags) < 0)
              die ("%s: set attributes", m->target);
            attach (bind, target, m->target);
            close (src);
            close (target);
            break;
          }
        case HB_MNT_FS:
          {
            /* As runc: a tmpfs over a directory the root already has
             * gets that directory's mode once mounted, mode= or not
             * (fidelity.h); one over a new directory keeps its own. */
            bool is_tmpfs = strcmp (m->fstype, "tmpfs") == 0;
            struct stat covered;
            int target = is_tmpfs ? openat2_fd (rootfd, m->target, O_PATH | O_DIRECTORY,
                                                IN_ROOT | (m->no_symlink ? RESOLVE_NO_SYMLINKS : 0))
                                  : -1;
            bool existed = target >= 0;
            if (existed && fstat (target, &covered) < 0)
              die ("%s", m->target);
            if (!existed)
              target = inroot_mkdir_p (rootfd, m->target, m->no_symlink);
            if (target < 0)
              die ("%s%s", m->target, errno == ELOOP ? " is a symlink in the root filesystem" : "");
            const char *opts = m->options && m->options[0] ? m->options : NULL;
            unsigned attrs = existed ? m->attrs & ~(unsigned) MOUNT_ATTR_RDONLY : m->attrs;
            char failed[200];
            int mnt = try_new_fs (m->fstype, strcmp (m->target, "/dev/shm") == 0 ? "shm" : NULL,
                                  opts, attrs, failed, sizeof failed);
            if (mnt < 0 && p->userns && strcmp (m->fstype, "sysfs") == 0)
              mnt = bind_host_sys (failed);
            else if (mnt < 0 && p->userns && strcmp (m->fstype, "proc") == 0)
              die ("mount /proc: %s (in a user namespace the kernel allows a new /proc only "
                   "where the host's /proc is fully visible, not inside a container whose "
                   "/proc has masked paths; run the trial as root there)", failed);
            else if (mnt < 0)
              die ("mount %s: %s", m->target, failed);
            if (existed
                && hb_fidelity_tmpfs_mode (mnt, covered.st_mode, (m->attrs & MOUNT_ATTR_RDONLY) != 0) < 0)
              die ("tmpfs %s: the mode of the directory it covers", m->target);
            attach (mnt, target, m->target);
            close (target);
            break;
          }
        case HB_MNT_INIT_LAYER:
          init_layer (rootfd);
          break;
        case HB_MNT_DEVICES:
          make_devices (rootfd, p->userns);
          nullfd = null_device (rootfd);
          break;
        case HB_MNT_MASK:
          if (strcmp (m->target, HB_PLAN_MASK_EACH_CPU) == 0)
            mask_each_cpu (rootfd, &nullfd);
          else
            mask_path (rootfd, m->target, &nullfd);
          break;
        case HB_MNT_READONLY:
          {
            int target = openat2_fd (rootfd, m->target, O_PATH, IN_ROOT | RESOLVE_NO_SYMLINKS);
            if (target < 0)
              {
                if (errno == ENOENT)
                  break;
                die ("read-only %s", m->target);
              }
            attach (clone_tree (target, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV
                                        | MOUNT_ATTR_NOEXEC, m->target),
                    target, m->target);
            close (target);
            break;
          }
        case HB_MNT_SCRATCH:
          {
            char name[32];
            snprintf (name, sizeof name, "vol%zu", i);
            if (mkdirat (runfd, name, 0755) < 0)
              die ("volume %s", m->target);
            int src = openat (runfd, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
            int target = inroot_mkdir_p (rootfd, m->target, false);
            if (src < 0 || target < 0)
              die ("volume %s", m->target);
            if (m->copy_image)
              fill_volume (p, m->target, target, runfd, name);
            int vol = clone_tree (src, m->read_only ? MOUNT_ATTR_RDONLY : 0, m->target);
            /* Docker's volumes are neither nosuid nor nodev (the run dir
             * is both): as root the
             * device rules decide, as under docker (EPERM, not EACCES).
             * In a user namespace the kernel keeps every node closed. */
            struct mount_attr dev = { .attr_clr = MOUNT_ATTR_NOSUID
                                                  | (p->userns ? 0 : MOUNT_ATTR_NODEV) };
            if (mount_setattr (vol, "", AT_EMPTY_PATH | AT_RECURSIVE, &dev, sizeof dev) < 0)
              die ("volume %s: set attributes", m->target);
            attach (vol, target, m->target);
            close (src);
            close (target);
            break;
          }
        }
    }
  if (nullfd >= 0)
    close (nullfd);
}

static int
last_cap (void)
{
  int fd = open ("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC);
  char buf[16] = "";
  if (fd >= 0)
    {
      ssize_t n = read (fd, buf, sizeof buf - 1);
      close (fd);
      if (n > 0)
        return atoi (buf);
    }
  return 40;
}

static void
set_caps (const hb_plan *p)
{
  struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
  struct __user_cap_data_struct d[2];
  memset (d, 0, sizeof d);
  for (int i = 0; i < 2; i++)
    {
      d[i].effective = (uint32_t) (p->cap_effective >> (32 * i));
      d[i].permitted = (uint32_t) (p->cap_permitted >> (32 * i));
      d[i].inheritable = (uint32_t) (p->cap_inheritable >> (32 * i));
    }
  if (syscall (SYS_capset, &h, d) < 0)
    die ("capabilities: capset");
  if (prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
    die ("capabilities: clear ambient");
  for (int c = 0; c < 64; c++)
    if (p->cap_ambient & (1ULL << c))
      if (prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, c, 0, 0) < 0)
        die ("capabilities: ambient %d", c);
}

static void
set_user (const hb_plan *p, int lastcap)
{
  /* The bounding set needs CAP_SETPCAP: drop it before leaving root. */
  for (int c = 0; c <= lastcap; c++)
    if (!(p->cap_bounding & (1ULL << c)) && prctl (PR_CAPBSET_DROP, c, 0, 0, 0) < 0
        && errno != EINVAL)
      die ("capabilities: drop %d from the bounding set", c);
  if (prctl (PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
    die ("user: keepcaps");
  /* A single-id user namespace denies setgroups (userns.c): the
   * supervisor's note says the process keeps its groups. */
  if (!setgroups_denied && setgroups (p->n_groups, p->groups) < 0)
    die ("user: setgroups");
  if (setresgid (p->gid, p->gid, p->gid) < 0)
    die ("user: setresgid %u", (unsigned) p->gid);
  if (setresuid (p->uid, p->uid, p->uid) < 0)
    die ("user: setresuid %u", (unsigned) p->uid);
  if (prctl (PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
    die ("user: keepcaps");
  set_caps (p);
}

/* The programs were generated by libseccomp in the supervisor; loading
 * them is what seccomp_load does after generating: SECCOMP_SET_MODE_FILTER,
 * NEW_LISTENER when the filter can notify (the listener is close-on-exec,
 * as libseccomp leaves it). */
static int
load_bpf (const hb_bpf *b)
{
  struct sock_fprog prog = { .len = (unsigned short) b->n, .filter = b->insns };
  unsigned flags = (b->flags & HB_BPF_NEW_LISTENER) ? SECCOMP_FILTER_FLAG_NEW_LISTENER : 0;
  return syscall (SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog) < 0 ? -1 : 0;
}

static void
load_filters (void)
{
  if (args->watch && load_bpf (args->watch) < 0)
    die ("seccomp: load the monitor's filter");
  if (args->enforce && load_bpf (args->enforce) < 0)
    die ("seccomp: load the filter");
}

/* The container's PATH (the plan always has one), not ours: execvp would
 * search the supervisor's, and setting environ would change the
 * supervisor's (shared memory).  As runc: the first PATH entry that execs
 * wins; a file the kernel cannot run fails as "exec format error", never
 * through /bin/sh.  Returns only on failure: the exit status (127 not
 * found, 126 not runnable), errno saying why.  Deliberately not noreturn:
 * AddressSanitizer hooks every call of a noreturn function, and its hook
 * makes syscalls the target's seccomp filter, loaded by now, may deny. */
static int
exec_target (const hb_plan *p)
{
  const char *file = p->argv.v[0];
  char **envp = p->env.v;
  if (strchr (file, '/'))
    {
      execve (file, p->argv.v, envp);
      return errno == ENOENT ? 127 : 126;
    }
  const char *path = "";
  for (size_t i = 0; i < p->env.n; i++)
    if (strncmp (p->env.v[i], "PATH=", 5) == 0)
      path = p->env.v[i] + 5;
  int first_err = ENOENT;
  char full[PATH_MAX];
  for (const char *dir = path;; )
    {
      const char *end = strchrnul (dir, ':');
      size_t dlen = (size_t) (end - dir);
      /* An empty entry is the working directory, as execvp has it. */
      int n = dlen ? snprintf (full, sizeof full, "%.*s/%s", (int) dlen, dir, file)
                   : snprintf (full, sizeof full, "%s", file);
      if (n > 0 && (size_t) n < sizeof full)
        {
          execve (full, p->argv.v, envp);
          /* Keep looking past what is not there; remember a refusal. */
          if (errno != ENOENT && errno != ENOTDIR && errno != ESTALE && errno != ENODEV
              && errno != ETIMEDOUT)
            {
              if (errno != EACCES)
                return 126;
              first_err = EACCES;
            }
        }
      if (*end == '\0')
        break;
      dir = end + 1;
    }
  errno = first_err;
  return first_err == ENOENT ? 127 : 126;
}

void
hb_child_run (const hb_child_args *a)
{
  args = a;
  err_fd = a->err_fd;
  const hb_plan *p = a->plan;
  /* The supervisor blocks SIGCHLD, SIGINT, SIGTERM for its signalfds and a
   * caller may ignore SIGPIPE: the target starts with a clean slate.  Only
   * dispositions that are not SIG_DFL already are set (reading one costs
   * the kernel a third of changing it, and most are default). */
  sigset_t none;
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  struct sigaction cur, dfl = { .sa_handler = SIG_DFL };
  for (int s = 1; s < NSIG; s++)
    if (s != SIGKILL && s != SIGSTOP && sigaction (s, NULL, &cur) == 0
        && cur.sa_handler != SIG_DFL)
      sigaction (s, &dfl, NULL);
  /* glibc keeps signals 32 and 33 to itself (sigaction says EINVAL), but
   * an ignored one is inherited through exec like any other: a caller that
   * ignores them would pass that on, where runc's process starts with
   * every signal at its default (tests/fidelity: SigIgn). */
  for (int s = 32; s < SIGRTMIN; s++)
    {
      struct { void *handler; unsigned long flags; void *restorer; unsigned long mask; } k = { 0 };
      k.handler = SIG_DFL;
      if (syscall (SYS_rt_sigaction, s, &k, NULL, sizeof k.mask) < 0)
        die ("signal %d: default disposition", s);
    }
  /* Die with the supervisor. */
  if (prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
    die ("supervisor: pdeathsig");
  /* Into our cgroups first, so that everything below counts. */
  if (a->cgroup_required && a->cgroup_fds == NULL)
    die ("devices: no cgroup to join");
  if (a->cgroup_fds)
    for (size_t i = 0; i < a->cgroup_dirs->n; i++)
      {
        /* The device rules are not optional (cgroup.h): without them the
         * trial does not run. */
        bool required = i < a->cgroup_required;
        if (required && a->cgroup_fds[i] < 0 && (errno = 0) == 0)
          die ("devices: cgroup %s could not be opened", a->cgroup_dirs->v[i]);
        if (a->cgroup_fds[i] >= 0 && write (a->cgroup_fds[i], "0", 1) != 1)
          {
            if (required)
              die ("devices: join cgroup %s", a->cgroup_dirs->v[i]);
            note ("limits of %s not applied: %s", a->cgroup_dirs->v[i], strerror (errno));
          }
      }
  /* Wait until the supervisor has done its part (the id map, the
   * monitor's attach). */
  if (a->start_fd >= 0 && !hb_launch_child_wait (a->start_fd))
    _exit (125);
  if (p->userns)
    {
      /* Our ids are mapped now.  Read before /proc is replaced. */
      int fd = open ("/proc/self/setgroups", O_RDONLY | O_CLOEXEC);
      char buf[16] = "";
      if (fd < 0 || read (fd, buf, sizeof buf - 1) < 0)
        die ("user namespace: /proc/self/setgroups");
      close (fd);
      setgroups_denied = strncmp (buf, "deny", 4) == 0;
    }
  if (setsid () < 0)
    die ("session");
  /* A fresh, anonymous session keyring, as runc gives each container:
   * the caller's (the host shell's) keys are not reachable through @s.
   * No name, so no keyring of that name is ever joined instead.  A kernel
   * without keys (ENOSYS) has no keyring to share. */
  if (syscall (SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL, 0, 0, 0) < 0 && errno != ENOSYS)
    die ("session keyring");
  /* Our cgroups are now set: make them the root of our view. */
  if (unshare (CLONE_NEWCGROUP) < 0)
    die ("cgroup namespace");
  /* Nothing we mount may propagate to the host (SECURITY.md 15). */
  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
    die ("mount namespace: make private");
  loopback_up ();
  /* As Docker with a network namespace of the container's own, which a
   * trial always has (trial.c): no port is privileged, every group may
   * ping.  Kubernetes and Fargate keep the kernel's defaults (platform.h),
   * so there a bind below 1024 needs CAP_NET_BIND_SERVICE. */
  const hb_platform_facts *platform = hb_platform_facts_of (p->platform);
  if (platform->unprivileged_ports && hb_fidelity_unprivileged_ports () < 0)
    note ("net.ipv4.ip_unprivileged_port_start stays 1024 (Docker sets 0): %s", strerror (errno));
  if (platform->unprivileged_icmp && hb_fidelity_ping_group_range () < 0)
    note ("net.ipv4.ping_group_range stays \"1 0\" (Docker sets \"0 2147483647\"): %s",
          strerror (errno));
  if (sethostname (p->hostname, strlen (p->hostname)) < 0)
    die ("hostname");

  /* Everything the trial writes lives on a tmpfs private to this
   * namespace: it vanishes with the namespace, whatever happens. */
  int fsfd = new_fs ("tmpfs", NULL, "mode=700", MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, "run dir");
  int rundirfd = open (a->rundir, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (rundirfd < 0)
    die ("run dir %s", a->rundir);
  attach (fsfd, rundirfd, "run dir");
  close (rundirfd);
  int runfd = open (a->rundir, O_DIRECTORY | O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (runfd < 0)
    die ("run dir %s", a->rundir);

  int rootfd = mount_root (p, runfd, a->rundir);
  do_mounts (p, rootfd, runfd);
  int cwdfd = inroot_mkdir_p (rootfd, p->cwd, false);
  if (cwdfd < 0)
    die ("working directory %s", p->cwd);
  if (p->read_only_root)
    {
      struct mount_attr ro = { .attr_set = MOUNT_ATTR_RDONLY };
      if (mount_setattr (rootfd, "", AT_EMPTY_PATH, &ro, sizeof ro) < 0)
        die ("root filesystem: make read-only");
    }
  int lastcap = last_cap ();

  /* The standard streams, then the new root.  pivot_root(".", ".") stacks
   * the old root under the new one; detaching it leaves no host path. */
  if (dup2 (a->stdin_fd, 0) < 0 || dup2 (a->stdout_fd, 1) < 0 || dup2 (a->stderr_fd, 2) < 0)
    die ("standard streams");
  /* As runc: the container's user owns them (fidelity.h). */
  if (hb_fidelity_stdio_owner (p->uid) < 0)
    die ("standard streams: hand them to uid %u", (unsigned) p->uid);
  if (fchdir (rootfd) < 0)
    die ("pivot_root: chdir");
  if (syscall (SYS_pivot_root, ".", ".") < 0)
    die ("pivot_root");
  if (umount2 (".", MNT_DETACH) < 0)
    die ("pivot_root: detach the old root");
  if (fchdir (cwdfd) < 0)
    die ("working directory %s", p->cwd);

  /* No descriptor but 0-2 reaches the target (CVE-2024-21626); err_fd is
   * close-on-exec and moved to 3. */
  if (err_fd != 3)
    {
      if (dup3 (err_fd, 3, O_CLOEXEC) < 0)
        die ("descriptors");
      err_fd = 3;
    }
  if (syscall (SYS_close_range, 4U, ~0U, 0U) < 0)
    die ("descriptors: close_range");

  /* Without no_new_privs the kernel wants CAP_SYS_ADMIN to load a filter:
   * load it before leaving root then, as runc does. */
  if (!p->no_new_privs)
    load_filters ();
  set_user (p, lastcap);
  /* Credential changes reset the parent-death signal: set it again. */
  if (prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
    die ("supervisor: pdeathsig");
  /* The supervisor may have died while it was unset: its end of err_fd
   * is then closed. */
  struct pollfd pf = { .fd = 3, .events = POLLOUT };
  if (poll (&pf, 1, 0) < 0 || (pf.revents & POLLERR))
    _exit (125);
  if (p->no_new_privs)
    {
      if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        die ("no_new_privs");
      load_filters ();
    }
  int status = exec_target (p);
  die_status (status, "exec %s", p->argv.v[0]);
}
