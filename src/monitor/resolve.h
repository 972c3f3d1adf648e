/* resolve.h - what the monitor reads about a traced task from /proc: ids,
 * capabilities, comm, argv, strings in its memory, and the absolute path
 * inside the container that a (dirfd, path) pair names.
 *
 * Everything read here is for reporting only: a second thread can change a
 * path after we read it, so nothing here may ever decide what is allowed. */
#ifndef HB_MONITOR_RESOLVE_H
#define HB_MONITOR_RESOLVE_H

#include "core/strv.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct hb_proc_status {
  pid_t tgid;
  int nstgid;                /* innermost NStgid (the process id inside the
                                container), -1 when unknown */
  uint64_t cap_eff;
  unsigned fsuid, fsgid;
  unsigned groups[64];
  size_t n_groups;
} hb_proc_status;

/* Parse the text of /proc/PID/status (pure, for tests). */
int hb_proc_status_parse (const char *text, hb_proc_status *out);
/* Read and parse /proc/PID/status; -1 when the task is gone. */
int hb_proc_status_read (pid_t pid, hb_proc_status *out);

/* Is gid the task's fsgid or one of its supplementary groups?  (pure) */
bool hb_proc_status_in_groups (const hb_proc_status *st, unsigned gid);

/* /proc/PID/comm without the newline, newly allocated; "?" when gone. */
char *hb_proc_comm (pid_t pid);
/* /proc/PID/cmdline split at NULs into argv. */
void hb_proc_argv (pid_t pid, strv *argv);

/* Read a NUL-terminated string of at most max bytes at addr through the
 * open /proc/PID/mem fd.  NULL when unreadable. */
char *hb_mem_read_string (int mem_fd, uint64_t addr, size_t max);
/* Read exactly len bytes; -1 when unreadable. */
int hb_mem_read (int mem_fd, uint64_t addr, void *buf, size_t len);

/* Normalise an absolute path lexically: "//a/./b/../c" -> "/a/c" (pure). */
char *hb_path_normalize_lexical (const char *path);
/* Make target (a readlink of /proc/PID/cwd or /proc/PID/fd/N) relative to
 * the task's root (readlink of /proc/PID/root): "/srv/root/x" with root
 * "/srv/root" gives "/x"; root "/" keeps it (pure). */
char *hb_path_inside_root (const char *root, const char *target);
/* Join base and a relative path, then normalise (pure). */
char *hb_path_join_normalize (const char *base, const char *rel);

/* The absolute path inside the container for (dirfd, path) of task pid.
 * path NULL or "" means the dirfd itself (AT_EMPTY_PATH, utimensat).
 * dirfd AT_FDCWD: the cwd.  Never NULL: unresolvable parts read "?". */
char *hb_resolve_at (pid_t pid, int dirfd, const char *path);
/* The path of an open fd of the task, inside the container. */
char *hb_resolve_fd (pid_t pid, int fd);

#endif
