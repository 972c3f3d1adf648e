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

/* Start the thread; it attaches to init (see hb_monitor_attach) before this
 * returns.  The monitor belongs to the thread until
 * hb_monitor_thread_finished() or hb_monitor_thread_join(). */
hb_monitor_thread *hb_monitor_thread_start (hb_monitor *m, pid_t init, hb_error **err);

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
