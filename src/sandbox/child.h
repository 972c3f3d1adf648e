/* child.h - the trial's container init, between clone and execve. */
#ifndef HB_SANDBOX_CHILD_H
#define HB_SANDBOX_CHILD_H

#include "sandbox/bpf_cache.h"
#include "sandbox/plan.h"

typedef struct hb_child_args {
  const hb_plan *plan;
  const char *rundir;        /* the run dir base (rundir.h); a private tmpfs is
                                mounted over it in the trial's namespace */
  int sync_fd;               /* read end: one byte once the supervisor is ready */
  int err_fd;                /* write end (O_CLOEXEC): "STATUS\tstep: why" on failure */
  int stdin_fd, stdout_fd, stderr_fd;
  const hb_bpf *watch;       /* the monitor's filter, loaded first (or NULL) */
  const hb_bpf *enforce;     /* the policy's filter, loaded last (or NULL) */
} hb_child_args;

/* Never returns: execs the target or exits with the status it reported. */
__attribute__ ((noreturn)) void hb_child_run (const hb_child_args *a);

#endif
