/* perm.h - what the monitor reads about a file to tell, with certainty,
 * that a failed operation lacked a capability: its owner, group, mode,
 * immutable/append flags, ACL, and whether its mount is read-only.
 *
 * Files are named inside the container and opened O_PATH without ever
 * leaving its root (openat2 RESOLVE_IN_ROOT against /proc/PID/root, or the
 * task's own fd through /proc/PID/fd): a container path is never looked up
 * on the host.  Reporting only, like resolve.h: the file can change after
 * the failure, so nothing here decides anything. */
#ifndef HB_MONITOR_PERM_H
#define HB_MONITOR_PERM_H

#include "monitor/resolve.h"

#include <stdbool.h>
#include <sys/types.h>

typedef struct hb_perm_file {
  unsigned uid, gid;
  unsigned mode;          /* st_mode */
  bool immutable;         /* chattr +i or +a: even the owner gets EPERM */
  bool has_acl;           /* a POSIX access ACL decides, not the mode bits */
  bool read_only;         /* its mount or filesystem is read-only */
} hb_perm_file;

/* Open the file of task tid: its fd (fd >= 0), else the absolute path
 * inside the container (nofollow: do not follow a final symlink).  An
 * O_PATH fd, or -1 with errno. */
int hb_perm_open (pid_t tid, int fd, const char *inside_path, bool nofollow);

/* Fill *out from an fd of hb_perm_open; -1 when it cannot be read. */
int hb_perm_inspect (int fd, hb_perm_file *out);

/* Permission bits, as the kernel checks them without capabilities. */
enum { HB_MAY_EXEC = 1, HB_MAY_WRITE = 2, HB_MAY_READ = 4 };

/* Do the mode bits refuse `want` (HB_MAY_* bits) to a task with these
 * fsuid, fsgid and groups?  (pure) */
bool hb_perm_mode_denies (const hb_perm_file *f, const hb_proc_status *st, int want);

/* Are uid and gid mapped in the user namespace of task tid?  A capability
 * overrides checks on a file only then. */
bool hb_perm_ids_mapped (pid_t tid, unsigned uid, unsigned gid);

/* The parent directory of an absolute path ("/a/b" -> "/a", "/a" -> "/"),
 * newly allocated (pure). */
char *hb_perm_parent (const char *path);

#endif
