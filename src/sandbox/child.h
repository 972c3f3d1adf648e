/* child.h - the trial's container init, between clone and execve. */
#ifndef HB_SANDBOX_CHILD_H
#define HB_SANDBOX_CHILD_H

#include "core/strv.h"
#include "sandbox/bpf_cache.h"
#include "sandbox/plan.h"

typedef struct hb_child_args {
  const hb_plan *plan;
  const char *rundir;        /* the run dir base (rundir.h); a private tmpfs is
                                mounted over it in the trial's namespace */
  int start_fd;              /* the launch socket (launch.h): hello, then wait for
                                the go byte; -1: start at once */
  int err_fd;                /* write end (O_CLOEXEC): "STATUS\tstep: why" on failure */
  int stdin_fd, stdout_fd, stderr_fd;
  const hb_bpf *watch;       /* the monitor's filter, loaded first (or NULL) */
  const hb_bpf *enforce;     /* the policy's filter, loaded last (or NULL) */
  const int *cgroup_fds;     /* cgroup.procs of each of cgroup_dirs (-1: skip) */
  const strv *cgroup_dirs;
  size_t cgroup_required;    /* the first N hold the device rules: joined, or no trial */
} hb_child_args;

/* Never returns: execs the target or exits with the status it reported.
 * Runs in the supervisor's memory (CLONE_VM, launch.h) while the cloning
 * thread sleeps: it writes only its own statics and stack, and frees
 * whatever it allocates before it can exec. */
__attribute__ ((noreturn)) void hb_child_run (const hb_child_args *a);

#endif
