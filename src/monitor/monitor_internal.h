/* monitor_internal.h - what the monitor's files share: the task table's
 * task, the monitor's state, and the functions one file calls in another.
 * Not for use outside src/monitor (monitor.h is the interface). */
#ifndef HB_MONITOR_MONITOR_INTERNAL_H
#define HB_MONITOR_MONITOR_INTERNAL_H

#include "monitor/monitor.h"

#include "monitor/monitor.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "monitor/countmap.h"
#include "monitor/exit_hook.h"
#include "monitor/perm.h"
#include "monitor/resolve.h"
#include "monitor/suggest.h"
#include "monitor/watched.h"
#include "core/seccomp_bpf.h"
#include <elf.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#define TASK_BUCKETS 1024
/* Linux 6.6: the notifying task hands its CPU to the answerer. */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW (4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif
/* The netns default of net.ipv4.ip_unprivileged_port_start: the trial has
 * its own network namespace, created with the default. */
#define UNPRIVILEGED_PORT_START 1024

typedef struct task {
  pid_t tid;
  pid_t tgid;
  int nspid;              /* the process id inside the container (NStgid) */
  int mem_fd;             /* /proc/TID/mem, opened on first use */
  int comm_fd;            /* /proc/TID/comm, opened on first use, pread at 0 */
  hb_monitor *mon;
  bool started;           /* its attach stop was seen (the init needs none) */
  bool pending;           /* a watched syscall runs; its exit stop is ours
                             (if it ends some other way, so does the task) */
  uint64_t args[6];
  const hb_watched *w;
  bool listener_load;     /* pending is the seccomp() that makes the listener */
  bool has_record;        /* the exit hook stopped it for a failure: */
  uint32_t record_nr;     /* the syscall, */
  int64_t record_ret;     /* what it returned */
  uint64_t record_args[6];
  /* A failure the exit hook reported whole (a stand-in task, never in the
   * table): judged from the record, not from the task, which may be gone
   * by now. */
  const hb_exit_record *rec;
  struct task *next;
} task;

/* A watched syscall number per architecture -> its table entry. */
typedef struct arch_map {
  uint32_t arch;
  const hb_watched **by_nr;
  size_t n;
} arch_map;

struct hb_monitor {
  const hb_seccomp_profile *enforced;
  hb_event_cb cb;
  void *userdata;
  hb_monitor_sink sink;
  void *sink_data;
  struct timespec t0;
  pid_t init_pid;
  bool init_exec_seen;
  task *tasks[TASK_BUCKETS];
  arch_map arches[3];
  size_t n_arches;
  bool learn;
  hb_countmap denied_writes;
  hb_countmap denied_mkdirs;      /* the denied writes that were mkdir */
  hb_countmap denied_syscalls;
  hb_countmap missing_caps;
  hb_countmap learned_syscalls;   /* learn: "name" */
  hb_countmap written_paths;      /* learn: successful writes */
  hb_countmap created_dirs;       /* learn: successful mkdirs */
  hb_countmap used_caps;          /* learn: privileged operations that succeeded */
  hb_monitor_stats stats;
  hb_monitor_mem_open_fn mem_open;   /* NULL: open /proc/TID/mem ourselves */
  void *mem_open_data;
  hb_exit_hook *hook;                /* ours until the init ends; NULL: ptrace only */
  bool used_hook;
  hb_exit_record ring_record;        /* the ring's record being read */
  hb_exit_record judged_record;      /* the last one missing_capability () read */
  hb_perm_root root;                 /* the init's, from its exec on: for whole records */
  pthread_mutex_t lock;              /* one public call at a time */
  hb_event *outbox;                  /* emitted, handed on by flush () */
  size_t n_outbox, cap_outbox;
  hb_bpf rules;                      /* the marked enforcing program; n 0: none */
  int listener;                      /* the enforcing filter's listener; -1: none yet */
  int answer_efd;                    /* eventfd: the answerer returns */
  pthread_t answerer;
  bool answering;                    /* created and not joined */
};

/* the events' way out (outbox.c) */
/* Take the event (its contents are the outbox's now). */
void mon_emit (hb_monitor *m, hb_event *ev);
/* Hand the emitted events on, in order: at the end of every public call,
 * after the task that caused them was resumed. */
void mon_flush (hb_monitor *m);

/* architectures (arch.c) */
/* The name of syscall nr of arch (newly allocated; "syscall_NR" when
 * libseccomp knows none). */
char *mon_syscall_name (uint32_t arch, int nr);
/* The watched table's entry of syscall nr of arch, NULL when unwatched. */
const hb_watched *mon_watched_lookup (const hb_monitor *m, uint32_t arch, int nr);
/* Skip the syscall at a seccomp stop and make it return -errnum. */
int mon_skip_syscall (pid_t tid, int errnum);
/* The watched table by syscall number, for each architecture. */
void mon_build_arch_maps (hb_monitor *m);

/* the task table (tasks.c) */
/* The task of host tid, NULL when not followed. */
task *mon_task_find (hb_monitor *m, pid_t tid);
/* nspid > 0: the caller knows the task is a process (tgid = tid) and its
 * pid in the container; otherwise both come from /proc/TID/status. */
task *mon_task_add (hb_monitor *m, pid_t tid, bool started, int nspid);
/* Close the task's fds and free it (it is out of the table). */
void mon_task_free (task *t);
/* tid has ended: out of the table, and freed. */
void mon_task_remove (hb_monitor *m, pid_t tid);
/* Its /proc/TID/mem, opened on first use (-1 when it cannot be). */
int mon_task_mem (task *t);
/* The task's comm now (a thread may rename itself at any time): one pread
 * of a kept fd instead of open, read, close per event. */
char *mon_task_comm (task *t);

/* denials: the listener and its answerer (listener.c) */
/* Does the enforcing filter deny this native syscall?  Then its failure
 * is the answerer's report, not a write or capability failure. */
bool mon_filter_denies (const hb_monitor *m, uint32_t nr, const uint64_t args[6]);
/* Stop the answerer thread, close the listener and its eventfd (may be
 * called again). */
void mon_answerer_stop (hb_monitor *m);
/* The init's seccomp() just made the listener fd: take it, before the
 * init can exec (the fd is close-on-exec), and answer it from now on.
 * If that fails the init is killed: its denials would wait for nobody. */
void mon_take_listener (hb_monitor *m, task *t, long fd);

/* judging a failure: the path written, the capability missing (judge.c) */
/* The path a watched syscall writes, inside the container. */
char *mon_written_path (task *t);
/* Names of the capabilities mon_missing_capability () can tell. */
const char *mon_cap_name (int cap);
/* The capability whose absence certainly caused this failure, or -1. */
int mon_missing_capability (task *t, int errnum);
/* What a refused bind asked for, as "0.0.0.0:80" or "[::]:443"; a unix
 * socket's path; NULL when the address cannot be read. */
char *mon_bound_address (task *t);

/* what a watched syscall's outcome reports (outcome.c) */
/* Report a judged failure: perm-denied for the missing capability cap;
 * with cap -1, write-denied when it is a write refused with EROFS, EACCES
 * or EPERM (nothing otherwise). */
void mon_report_judged (hb_monitor *m, task *t, int errnum, int cap);
/* A watched syscall of t (t->w, t->args) failed with errnum; t is
 * stopped. */
void mon_report_failure (hb_monitor *m, task *t, int errnum);
/* The exit stop of t's pending watched syscall: report its failure, or
 * with learn record its success. */
void mon_on_syscall_exit (hb_monitor *m, task *t);

/* the exit hook's records (hook_records.c) */
/* The exit hook's records: the whole events are reported, the others go
 * to their tasks (each has at most one: it stopped after writing it). */
void mon_take_hook_records (hb_monitor *m);
/* Is this SIGSTOP the exit hook's?  Then report the failure it stands
 * for; the caller resumes the task without the signal.  The hook's signal
 * comes from the kernel (SI_KERNEL), a kill() from a task never does. */
bool mon_on_hook_stop (hb_monitor *m, task *t);

#endif
