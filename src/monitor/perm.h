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

/* Only its mode (st_mode), for a sticky bit: one statx, not the three
 * reads of hb_perm_inspect().  0, or -1. */
int hb_perm_mode (int fd, unsigned *mode);

/* Permission bits, as the kernel checks them without capabilities. */
enum { HB_MAY_EXEC = 1, HB_MAY_WRITE = 2, HB_MAY_READ = 4 };

/* Do the mode bits refuse `want` (HB_MAY_* bits) to a task with these
 * fsuid, fsgid and groups?  (pure) */
bool hb_perm_mode_denies (const hb_perm_file *f, const hb_proc_status *st, int want);

/* Are uid and gid mapped in the user namespace of task tid?  A capability
 * overrides checks on a file only then. */
bool hb_perm_ids_mapped (pid_t tid, unsigned uid, unsigned gid);

/* A task's root, user namespace and id maps, kept while it lives: the
 * failures the exit hook reports without a stop are judged after the
 * fact, when the task may be gone, against the trial init's. */
typedef struct hb_perm_root {
  int fd;                 /* O_PATH of its root directory; -1: none */
  int mntns_fd;           /* its mount namespace, held: when its last task
                             exits, the mounts under fd stay (a record
                             read then still finds a tmpfs's files, not
                             the directory it covered) */
  int mnt_id;             /* the mount that is its root */
  unsigned long userns;   /* its user namespace's inode number */
  char *uid_map, *gid_map;
} hb_perm_root;

/* Fill *out from task tid (stopped, or at least alive); 0, or -1 and
 * errno with *out empty.  hb_perm_root_clear() on every outcome, as soon
 * as nothing is left to judge: it lets the namespace's mounts go. */
int hb_perm_root_read (pid_t tid, hb_perm_root *out);
void hb_perm_root_clear (hb_perm_root *r);

/* Open an absolute path inside r's root (as hb_perm_open). */
int hb_perm_open_in (const hb_perm_root *r, const char *inside_path, bool nofollow);

/* Are uid and gid mapped in r's user namespace? */
bool hb_perm_root_ids_mapped (const hb_perm_root *r, unsigned uid, unsigned gid);

/* Is task tid in r's user namespace?  Then r's maps are its own: one
 * stat instead of reading two files. */
bool hb_perm_root_same_userns (const hb_perm_root *r, pid_t tid);

/* Is id inside one of the ranges of a uid_map or gid_map's text, whose
 * second column is in the reader's ids?  (pure) */
bool hb_perm_id_in_map (const char *map, unsigned id);

/* The parent directory of an absolute path ("/a/b" -> "/a", "/a" -> "/"),
 * newly allocated (pure). */
char *hb_perm_parent (const char *path);

#endif
