/* thread.h - the monitor on a thread of its own.
 *
 * Every watched syscall stops its task twice (seccomp stop, syscall-exit
 * stop); each stop waits for the tracer.  A tracer woken through SIGCHLD ->
 * signalfd -> epoll -> waitpid spends about eight syscalls per stop; this
 * thread sleeps in waitpid itself (woken directly by the stop, no signal)
 * and spends three: waitpid, PTRACE_GET_SYSCALL_INFO, the resume.
 *
 * The thread is the tracer: it attaches (ptrace requests must come from the
 * attaching thread) and handles every stop.  Events go into a queue that
 * the owner's thread drains from its poll loop (hb_monitor_thread_fd()
 * becomes readable), so callbacks never run on the monitor's thread.  The
 * queue never drops: when it is long the monitor waits for the owner,
 * keeping its stopped task stopped. */
#ifndef HB_MONITOR_THREAD_H
#define HB_MONITOR_THREAD_H

#include "core/error.h"
#include "monitor/monitor.h"

#include <stdbool.h>
#include <sys/types.h>

typedef struct hb_monitor_thread hb_monitor_thread;

/* How the thread meets the init.  Each runs on the monitor's thread:
 * await_init blocks until the init exists and returns its pid (-1 and
 * *err when it never will); once it is traced, release_init lets it go on;
 * when it cannot be traced, abort_init makes it give up (it must never run
 * untraced). */
typedef struct hb_monitor_launch {
  pid_t (*await_init) (void *data, hb_error **err);
  int (*release_init) (void *data, hb_error **err);
  void (*abort_init) (void *data);
  void *data;
} hb_monitor_launch;

/* Start the thread: it waits for the init (launch), attaches to it (see
 * hb_monitor_attach) and releases it.  Returns at once; the launch must
 * stay valid until hb_monitor_thread_attached() has returned.  The monitor
 * belongs to the thread until hb_monitor_thread_drain() reports the end or
 * hb_monitor_thread_join(). */
hb_monitor_thread *hb_monitor_thread_start (hb_monitor *m, const hb_monitor_launch *launch,
                                            hb_error **err);

/* Wait until the thread has attached to the init (0) or given up (-1 and
 * *err; the thread has ended then). */
int hb_monitor_thread_attached (hb_monitor_thread *th, hb_error **err);

/* Readable when events or the init's end are queued. */
int hb_monitor_thread_fd (const hb_monitor_thread *th);

/* Deliver the queued events to cb, in order, on the calling thread.
 * Returns true once the init's end has been delivered: *wstatus is its
 * wait status and the thread has ended (the monitor is the caller's
 * again). */
bool hb_monitor_thread_drain (hb_monitor_thread *th, hb_event_cb cb, void *userdata,
                              int *wstatus);

/* Wait for the thread to end (kill the init first), dropping queued
 * events; *wstatus (may be NULL) gets the init's wait status. */
void hb_monitor_thread_join (hb_monitor_thread *th, int *wstatus);

void hb_monitor_thread_free (hb_monitor_thread *th);

#endif
