/* trial.h - running a target confined by a policy.
 *
 * A trial is driven by its owner's loop: poll hb_trial_fd() together with
 * anything else (the TUI's keyboard), call hb_trial_process() when it is
 * readable; events arrive through the callback.  hb_trial_run() is the
 * blocking form the CLI uses. */
#ifndef HB_SANDBOX_TRIAL_H
#define HB_SANDBOX_TRIAL_H

#include "core/error.h"
#include "core/strv.h"
#include "engine/target.h"
#include "monitor/event.h"
#include "policy/policy.h"
#include "sandbox/platform.h"

#include <stdbool.h>

typedef struct hb_trial hb_trial;

typedef struct hb_trial_opts {
  const hb_target *target;
  const hb_policy *policy;      /* the effective policy */
  const strv *command;          /* `-- CMD ARGS`, NULL: the target's entrypoint + cmd */
  double timeout;               /* seconds, 0: none */
  const strv *publish;          /* "HOST:CONT" TCP port forwards */
  bool monitor;                 /* watch denied writes and syscalls */
  bool learn;                   /* permissive run recording every syscall */
  bool capture_output;          /* deliver output as events instead of passing it through */
  hb_platform platform;         /* the runtime defaults to behave as (0: Docker's) */
  hb_event_cb on_event;
  void *userdata;
} hb_trial_opts;

hb_trial *hb_trial_start (const hb_trial_opts *opts, hb_error **err);
/* Readable when hb_trial_process() has work. */
int hb_trial_fd (const hb_trial *t);
/* Handle what is ready; returns 1 while the trial runs, 0 once it ended
 * (the exit and summary events were delivered), -1 on error. */
int hb_trial_process (hb_trial *t, hb_error **err);
/* Ask the trial to stop: SIGTERM, then SIGKILL after a grace period. */
void hb_trial_stop (hb_trial *t);
/* The exit status as INTERFACE.md defines it (0, 1..124, 128+N). */
int hb_trial_exit_status (const hb_trial *t);
/* Kill what is left, remove mounts, cgroups and temp dirs. */
void hb_trial_free (hb_trial *t);

/* Start, loop until the end, free; returns the exit status or -1. */
int hb_trial_run (const hb_trial_opts *opts, hb_error **err);

#endif
