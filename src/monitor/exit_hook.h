/* exit_hook.h - the monitor's kernel-side eye on failed writes: a small
 * eBPF program on the raw sys_exit tracepoint.
 *
 * Why: the ptrace watch stops every watched syscall twice (its seccomp stop
 * and its exit stop) only to learn its result, and almost all of them
 * succeed.  This program sees every result in the kernel instead.  When a
 * task the monitor traces returns EPERM, EACCES or EROFS from a
 * watched native syscall (open and openat only with a write, create or
 * truncate flag), it writes a record (the syscall, its arguments, the real
 * return value) to a ring buffer, and then one of two things:
 *
 * - Mostly the record is the whole event: the task does not stop; the
 *   monitor reads the ring when it is woken (its own thread polls
 *   hb_exit_hook_fd()).  The record carries the task's comm and pid in
 *   the container, and:
 *   - for a write, the absolute path (or, for a write through an fd, the
 *     fd's path).  A relative path is made absolute in the kernel: the
 *     program walks from the task's cwd (or from the directory of the
 *     dirfd argument) up to the task's root, dentry by dentry and mount by
 *     mount, as d_path() does, with the struct offsets the kernel's BTF
 *     gives (kernel_btf.h); an fd's path the same way from its file.
 *     openat2's flags are read from its struct open_how: one that asks
 *     for no write is not reported.
 *   - for EPERM and EACCES, also what the monitor's capability check
 *     would read from the task (hb_exit_creds): its capabilities, fsuid,
 *     fsgid and groups, its user namespace, the mount that is its root;
 *     bind's address.  The monitor looks at the file afterwards in the
 *     trial's root, so the task may be gone by then.
 *   The walk and the credentials need Linux 6.9 (may_goto) and BTF;
 *   without them those failures go the way below.
 * - Otherwise (a walk that fails or goes deeper than 256 steps, more than
 *   HB_EXIT_GROUPS_MAX groups, a unix socket's path, a path pointer that
 *   cannot be read): the program sends the task SIGSTOP.  It stops before
 *   it runs another instruction; its tracer (monitor.c) takes the record,
 *   looks at the stopped task as at an exit stop, and resumes it without
 *   the signal.  So does a report that would fill the ring past half: the
 *   stop waits for the monitor to drain it, and the other half keeps room
 *   for the stopped tasks' records, so a burst slows the app down rather
 *   than losing an event.
 *
 * A watched syscall that succeeds costs the program's few instructions,
 * and stops nothing.
 *
 * Observation only: the program changes no result and denies nothing.
 * Needs root (CAP_BPF and CAP_PERFMON) in the host's pid namespace, and
 * x86_64; hb_exit_hook_open() fails elsewhere and the monitor keeps its
 * ptrace watch.  While attached,
 * every syscall on the host pays the tracepoint (about 0.1 µs here; the
 * README's benchmark shows it). */
#ifndef HB_MONITOR_EXIT_HOOK_H
#define HB_MONITOR_EXIT_HOOK_H

#include "core/error.h"

#include <stdint.h>
#include <sys/types.h>

typedef struct hb_exit_hook hb_exit_hook;

#define HB_EXIT_PATH_MAX 4096

/* Supplementary groups a record holds; a task in more stops instead. */
#define HB_EXIT_GROUPS_MAX 32

/* Who the task was when an EPERM or EACCES was reported whole: what its
 * capability check would read from /proc/TID/status, and what tells
 * whether the trial's root and id maps are its own.  Ids are as the
 * host sees them (the supervisor's). */
typedef struct hb_exit_creds {
  uint64_t cap_eff;
  uint32_t fsuid, fsgid;
  uint32_t n_groups;            /* <= HB_EXIT_GROUPS_MAX */
  uint32_t groups[HB_EXIT_GROUPS_MAX];
  uint32_t userns;              /* its user namespace's inode number */
  int32_t root_mnt_id;          /* the mount its root is; -1: its root is
                                   inside a mount, not one's root (chroot) */
  uint64_t open_flags;          /* openat2: the flags of its struct open_how */
  uint8_t addr[28];             /* bind: the start of its address */
  uint32_t pad;
} hb_exit_creds;

/* What the program saw at the failing syscall's exit. */
typedef struct hb_exit_record {
  uint32_t tid;        /* the task, as the supervisor sees it */
  uint32_t nr;         /* native syscall number */
  int64_t ret;         /* -errno */
  uint64_t args[6];
  uint32_t nspid;      /* its process's pid in the trial's pid namespace */
  uint32_t stopped;    /* 1: the task was sent SIGSTOP, comm, creds and path are empty;
                          0: nothing stopped, comm and path (and for EPERM and
                          EACCES, creds) say all */
  char comm[16];
  hb_exit_creds creds;
  char path[HB_EXIT_PATH_MAX];   /* absolute: as the task passed it, its
                                    directory's path and the relative one,
                                    or the written fd's path; empty for a
                                    failure without a path (setuid, bind to
                                    a port) */
} hb_exit_record;

/* Load the program and attach it; it reports the tasks added below only.
 * NULL and *err (status HB_EXIT_SANDBOX) when this kernel or these
 * privileges do not allow it. */
hb_exit_hook *hb_exit_hook_open (hb_error **err);

/* Report the failures of the trial whose init is init, from now on:
 * call when it has exec'd the app, while it is stopped (its failures
 * before, the runtime's, are nobody's business).  The program knows the
 * trial's tasks in the kernel: traced, in init's pid namespace (a child
 * of the supervisor's, the host's).  0, or -1 and errno. */
int hb_exit_hook_start (hb_exit_hook *h, pid_t init);

/* The ring buffer's fd: readable (poll) when a record that stopped
 * nothing was written; -1 without a hook. */
int hb_exit_hook_fd (const hb_exit_hook *h);

/* The next record written, oldest first: 1, or 0 when there is none.
 * One consumer at a time. */
int hb_exit_hook_next (hb_exit_hook *h, hb_exit_record *out);

/* Failures the program could not report (ring buffer full, signal not
 * sent): the monitor's `dropped` count. */
uint64_t hb_exit_hook_dropped (const hb_exit_hook *h);

/* Detach and free. */
void hb_exit_hook_close (hb_exit_hook *h);

#endif
