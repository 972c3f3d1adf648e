/* trial_internal.h - what trial.c (a running trial) and trial_start.c
 * (starting one) share: the trial's state and its way to emit events.
 * Not for use outside src/sandbox (trial.h is the interface). */
#ifndef HB_SANDBOX_TRIAL_INTERNAL_H
#define HB_SANDBOX_TRIAL_INTERNAL_H

#include "sandbox/trial.h"
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/paths.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "monitor/exit_hook.h"
#include "monitor/monitor.h"
#include "monitor/thread.h"
#include "policy/seccomp_merge.h"
#include "sandbox/stale.h"
#include "sandbox/cgroup.h"
#include "sandbox/child.h"
#include "sandbox/launch.h"
#include "sandbox/nshelper.h"
#include "sandbox/plan.h"
#include "sandbox/profile_cache.h"
#include "sandbox/publish.h"
#include "sandbox/rundir.h"
#include "sandbox/seccomp_filter.h"
#include "sandbox/userns.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mount.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>


enum { TAG_ERR = 1, TAG_OUT, TAG_ERRSTREAM, TAG_CHILD, TAG_TIMER, TAG_PUBLISH };

typedef struct stream {
  int fd;
  const char *name;
  char buf[4096];
  size_t len;
} stream;

struct hb_trial {
  hb_trial_opts opts;
  struct timespec t0;
  hb_plan *plan;
  hb_seccomp_profile *profile;
  hb_monitor *monitor;
  hb_monitor_thread *mthread;   /* traces the trial; the monitor is its until the end */
  hb_cgroup cgroup;
  hb_publish *publish;
  hb_nshelper *nshelper;   /* not root: sockets and /proc files from inside */
  pid_t pid;
  int pidfd;
  int epfd;
  int errfd;
  char errmsg[1200];
  size_t errlen;
  bool exec_seen;
  stream out, err;
  int timerfd;
  bool stopping;      /* SIGTERM sent, SIGKILL armed */
  bool exited;
  int wstatus;
  bool finished;
  int exit_status;
};

/* Stamp ev with the trial's time, hand it to the owner, clear it. */
void trial_emit (hb_trial *t, hb_event *ev);
/* A note event of line. */
void trial_emit_note (hb_trial *t, const char *line);
/* Watch fd for input on epfd, tagged tag (TAG_*). */
void trial_epoll_add (int epfd, int fd, int tag);
/* Close *fd when open, and mark it closed. */
void trial_close_fd (int *fd);

#endif
