/* monitor.h - the live monitor of denied writes and syscalls (issue 5).
 *
 * The interface between the sandbox (src/sandbox/trial.c) and the monitor,
 * as agreed between both: the trial loads hb_monitor_watch_filter() before
 * its enforcing filter, attaches the monitor to the container init before it
 * execs, and passes every wait status to hb_monitor_handle_wait() first. */
#ifndef HB_MONITOR_MONITOR_H
#define HB_MONITOR_MONITOR_H

#include "core/error.h"
#include "monitor/event.h"
#include "policy/seccomp_profile.h"
#include "sandbox/trial.h"

#include <jansson.h>
#include <seccomp.h>
#include <stdbool.h>
#include <sys/types.h>
#include <time.h>

typedef struct hb_monitor hb_monitor;

/* A filter with default ALLOW that TRACEs write attempts (learn: more). */
scmp_filter_ctx hb_monitor_watch_filter (bool learn, hb_error **err);
hb_monitor *hb_monitor_new (const hb_seccomp_profile *enforced, hb_event_cb cb, void *userdata,
                            const struct timespec *t0);
/* PTRACE_SEIZE pid with TRACESECCOMP|TRACEFORK|TRACEVFORK|TRACECLONE|
 * TRACEEXEC|TRACEEXIT and EXITKILL. */
int hb_monitor_attach (hb_monitor *m, pid_t pid, hb_error **err);
/* 1: a ptrace stop was consumed (the tracee is resumed); 0: a real
 * exit/kill for the caller. */
int hb_monitor_handle_wait (hb_monitor *m, pid_t pid, int wstatus);
void hb_monitor_summary (hb_monitor *m, json_t *summary);
void hb_monitor_free (hb_monitor *m);

#endif
