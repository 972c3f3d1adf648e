/* monitor.h - the live monitor of a trial: denied writes, denied syscalls,
 * missing capabilities, exec and exit of every process.
 *
 * Mechanism: the supervisor ptraces the trial (hb_monitor_attach).  Root
 * trials use the exit hook (exit_hook.h): a failed watched syscall is
 * reported from the kernel right after it gave the syscall its real errno
 * (mostly without stopping the task), and one that succeeds never stops.  Otherwise a second seccomp filter
 * (hb_monitor_watch_filter) returns SECCOMP_RET_TRACE for write attempts
 * only; the monitor lets each watched syscall run and reads its real result
 * at syscall exit.  Enforcement stays with the sandbox's filter,
 * capabilities and mounts: the monitor only reports (SECURITY.md 18).
 *
 * Denials: the enforcing filter returns SECCOMP_RET_USER_NOTIF for every
 * syscall the profile's ERRNO rules or ERRNO default deny
 * (hb_seccomp_filter_notify), with a listener the monitor takes from the
 * init when it loads the filter (the watch filter stops that seccomp()
 * call; its exit stop duplicates the new fd with pidfd_getfd, before the
 * init can exec).  A thread of the monitor answers each notification with
 * an error only, the errno of the rule that denies it (run on the marked
 * program, hb_monitor_set_rules), never SECCOMP_USER_NOTIF_FLAG_CONTINUE:
 * the kernel has already decided the syscall does not run, a tracer of
 * the task cannot change that (a notification outranks TRACE), nor can a
 * filter the task stacks (a second listener is refused with EBUSY), and
 * an untraced task is answered the same.  Should the monitor die, the
 * kernel fails the syscall with ENOSYS (and the init dies with the
 * supervisor).  A denied syscall that fails is reported as
 * syscall-denied; the exit hook's record of the same failure is dropped.
 * The trial cannot create a seccomp listener of its own while the
 * monitor holds this one (EBUSY; docker run and --no-monitor allow it).
 *
 * Every function but hb_monitor_take_hook must be called from the one
 * thread that attached; the answerer (a thread of the monitor's own)
 * takes the same lock as every public call. */
#ifndef HB_MONITOR_MONITOR_H
#define HB_MONITOR_MONITOR_H

#include "core/error.h"
#include "monitor/event.h"
#include "policy/seccomp_profile.h"

#include <jansson.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

typedef struct hb_monitor hb_monitor;

/* SECCOMP_RET_DATA values of the watch filter (LISTENER: the load of a
 * filter with a new listener), all below the marked program's denial
 * reports (HB_SCMP_DENIAL, policy/seccomp_profile.h). */
#define HB_MONITOR_DATA_WATCH 1u
#define HB_MONITOR_DATA_LEARN 2u
#define HB_MONITOR_DATA_LISTENER 3u

/* The watch filter: default ALLOW, TRACE for write attempts (open/openat
 * only with a write, create or truncate flag), the capability-relevant
 * syscalls and bind, and seccomp(SET_MODE_FILTER, NEW_LISTENER); with
 * learn, TRACE for every syscall.  It does not set
 * no_new_privs (SCMP_FLTATR_CTL_NNP off): the sandbox loads it where it
 * loads its own filter.  Load it BEFORE the enforcing filter, which then
 * wins ties between equal actions.  compat_only: watch the compat
 * architectures (i386, x32) only, the exit hook watching native syscalls;
 * native syscalls then pass (ignored with learn). */
scmp_filter_ctx hb_monitor_watch_filter (bool learn, bool compat_only, hb_error **err);

/* enforced: the profile the enforcing filter was built from (rule indexes
 * of denial data refer to it), NULL when unconfined.  t0: the trial's start
 * on CLOCK_MONOTONIC (events carry seconds since it). */
hb_monitor *hb_monitor_new (const hb_seccomp_profile *enforced, hb_event_cb cb, void *userdata,
                            const struct timespec *t0);

/* The enforcing filter's marked program (HB_FILTER_TRACE_DENIALS,
 * sandbox/seccomp_filter.h), copied: which rule denies what.  With it the monitor
 * takes the listener of the filter loaded with SECCOMP_FILTER_FLAG_NEW_LISTENER
 * by the init before its exec, and answers its notifications; a trial
 * that loads hb_seccomp_filter_notify's program must set it.  Without a
 * listener to take, nothing changes.  Call before hb_monitor_attach. */
struct hb_bpf;
void hb_monitor_set_rules (hb_monitor *m, const struct hb_bpf *marked);

/* Hand every event to sink instead of the callback; the sink takes over
 * the event's contents (it hb_event_clear()s it when done).  For the
 * monitor's thread (thread.h), whose queue keeps events without copying. */
typedef void (*hb_monitor_sink) (hb_event *ev, void *userdata);
void hb_monitor_set_sink (hb_monitor *m, hb_monitor_sink sink, void *userdata);
/* How to open /proc/TID/mem when the supervisor cannot (a trial in a user
 * namespace whose task runs as another uid): returns an fd or -1. */
typedef int (*hb_monitor_mem_open_fn) (pid_t tid, void *data);
void hb_monitor_set_mem_open (hb_monitor *m, hb_monitor_mem_open_fn fn, void *data);

/* Watch native syscalls with hook instead of the watch filter, which must
 * then be built compat_only.  The monitor takes the hook: it closes it
 * when the init has ended (hb_monitor_finish) or is freed.  Call before
 * hb_monitor_attach: each task is shown to the hook as it is traced. */
typedef struct hb_exit_hook hb_exit_hook;
void hb_monitor_set_exit_hook (hb_monitor *m, hb_exit_hook *hook);

/* PTRACE_SEIZE the container init (it must not have loaded its filters
 * yet), following forks, threads and execs.  pid is the init of its own
 * pid namespace, as the sandbox starts it: its events carry pid 1. */
int hb_monitor_attach (hb_monitor *m, pid_t pid, hb_error **err);

/* Give every waitpid (-1, &st, WNOHANG | __WALL) status here first.
 * Returns 1 when the monitor consumed it (a ptrace stop, resumed; or the
 * end of a traced process other than the init, reported as an `exit`
 * event), 0 when it is for the caller (the init's exit, a pid the monitor
 * does not trace).  Emits exec for every exec but the init's first (the
 * sandbox reports that one, monitor or not), exit for every process but
 * the init. */
int hb_monitor_handle_wait (hb_monitor *m, pid_t pid, int wstatus);

/* Add monitor (its mechanism: "exit-hook" or "ptrace"), denied_writes,
 * denied_syscalls and suggestions to summary; with a
 * learn run also `learned`: {syscalls, written_dirs, capabilities}. */
void hb_monitor_summary (hb_monitor *m, json_t *summary);

/* The init has ended: report the exit hook's last records, detach it,
 * and emit a `dropped` event when it could not report some failures. */
void hb_monitor_finish (hb_monitor *m);

/* The exit hook's ring buffer: readable when it holds failures that
 * stopped no task (exit_hook.h), which hb_monitor_take_hook() reports.
 * -1 without a hook.  Valid until hb_monitor_finish(). */
int hb_monitor_hook_fd (const hb_monitor *m);
/* Report what the ring holds.  Safe from another thread than the one
 * that calls hb_monitor_handle_wait(): every public call here takes the
 * monitor's lock. */
void hb_monitor_take_hook (hb_monitor *m);

/* Counters, for tests and the benchmark. */
typedef struct hb_monitor_stats {
  uint64_t seccomp_stops;     /* SECCOMP_RET_TRACE stops handled (but the listener's) */
  uint64_t listener_stops;    /* the stops that took the listener (entry and exit) */
  uint64_t notifications;     /* denials answered through the listener */
  uint64_t syscall_exits;     /* syscall-exit stops handled */
  uint64_t hook_stops;        /* failures the exit hook stopped a task for */
  uint64_t hook_reports;      /* failures it reported whole, stopping nothing */
  uint64_t events;            /* events emitted */
  uint64_t tasks_seen;        /* threads and processes followed */
  uint64_t tasks_left;        /* of those, not yet ended (0 once all have) */
} hb_monitor_stats;
void hb_monitor_get_stats (hb_monitor *m, hb_monitor_stats *out);

void hb_monitor_free (hb_monitor *m);

#endif
