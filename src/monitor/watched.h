/* watched.h - the syscalls the monitor watches and how to read their
 * arguments (which one is a path, a dirfd, an fd, a uid ...). */
#ifndef HB_MONITOR_WATCHED_H
#define HB_MONITOR_WATCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum hb_watch_kind {
  HB_WATCH_PATH,      /* a write to the path (dirfd, path) */
  HB_WATCH_OPEN,      /* open/openat: flags decide (the filter already did) */
  HB_WATCH_OPENAT2,   /* flags inside struct open_how */
  HB_WATCH_FD,        /* a write through an fd (fchmod, ftruncate ...) */
  HB_WATCH_CHOWN,     /* a path or fd write that may need CAP_CHOWN */
  HB_WATCH_MKNOD,     /* may need CAP_MKNOD */
  HB_WATCH_SETUID,    /* needs CAP_SETUID to change ids */
  HB_WATCH_SETGID,    /* needs CAP_SETGID */
  HB_WATCH_BIND,      /* unix socket path, or a privileged port */
} hb_watch_kind;

/* What a failure of the syscall can tell about a missing capability, with
 * the file's owner and mode at hand (kinds CHOWN, MKNOD, SETUID, SETGID,
 * BIND have their own rules). */
typedef enum hb_cap_check {
  HB_CAPCHK_NONE,
  HB_CAPCHK_OWNER,    /* EPERM unless the owner: chmod, explicit utimes -> CAP_FOWNER */
  HB_CAPCHK_OPEN,     /* EACCES from the mode bits of the file (or its directory
                         when created) -> CAP_DAC_OVERRIDE */
  HB_CAPCHK_DIR,      /* EACCES from the mode bits of the parent directory
                         (mkdir, unlink, rmdir) -> CAP_DAC_OVERRIDE */
} hb_cap_check;

typedef struct hb_watched {
  const char *name;
  hb_watch_kind kind;
  int dirfd_arg;      /* -1: relative to the cwd */
  int path_arg;       /* -1: no path */
  int fd_arg;         /* -1: no fd */
  int flags_arg;      /* open flags (open, openat), filtered in BPF; -1 */
  int uid_arg, gid_arg;  /* chown */
  int mode_arg;       /* mknod */
  hb_cap_check cap_check;
  int atflags_arg;    /* AT_SYMLINK_NOFOLLOW for the cap check; -1 */
} hb_watched;

/* The table (names as libseccomp knows them; unknown names on an
 * architecture are skipped). */
const hb_watched *hb_watched_table (size_t *n);
const hb_watched *hb_watched_lookup (const char *name);

/* Is this watch a write to the filesystem (reported as write-denied)? */
bool hb_watched_is_write (const hb_watched *w);

#endif
