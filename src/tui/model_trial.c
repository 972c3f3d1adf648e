/* model_trial.c - running a trial from the workbench: start, stop, events
 * into the event log, suggestions applied to the policy. */
#include "config.h"

#include "tui/model.h"
#include "tui/model_internal.h"
#include "core/cleanup.h"
#include "core/xalloc.h"
#include "monitor/suggest.h"
#include "sandbox/trial.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void
on_event (const hb_event *ev, void *userdata)
{
  tui_model *m = userdata;
  tui_eventlog_add (&m->log, ev);
  if (!m->paused && m->log.n)
    {
      m->events_list.sel = m->log.n - 1;
      tui_list_clamp (&m->events_list, m->log.n);
    }
}

int
tui_model_trial_start (tui_model *m, hb_error **err)
{
  if (m->target == NULL || m->policy == NULL)
    return hb_fail (err, HB_EXIT_USAGE, "open a target first");
  if (m->trial)
    tui_model_trial_finish (m);
  /* The files, as `trial` gets them: the engine's layers when readable,
   * else its export extracted into the cache (once; later calls reuse it). */
  if (hb_target_prepare_rootfs (m->target, &m->engine, err) < 0)
    return hb_error_wrap (err, "trial");
  tui_eventlog_clear (&m->log);
  memset (&m->events_list, 0, sizeof m->events_list);
  memset (&m->suggest_list, 0, sizeof m->suggest_list);
  m->paused = false;
  hb_trial_opts opts = {
    .target = m->target,
    .policy = m->policy,
    .monitor = true,
    .capture_output = true,
    .on_event = on_event,
    .userdata = m,
  };
  m->trial = hb_trial_start (&opts, err);
  if (m->trial == NULL)
    return hb_error_wrap (err, "trial");
  m->trial_running = true;
  m->trial_runs++;
  tui_set_status (m, false, "trial %d running: s stops it, p pauses the events, Tab moves to them",
                  m->trial_runs);
  return 0;
}

int
tui_model_trial_fd (const tui_model *m)
{
  return m->trial && m->trial_running ? hb_trial_fd (m->trial) : -1;
}

static void
trial_ended (tui_model *m)
{
  int status = hb_trial_exit_status (m->trial);
  hb_trial_free (m->trial);
  m->trial = NULL;
  m->trial_running = false;
  tui_set_status (m, false,
                  "trial ended with status %d: %llu denied writes, %llu denied syscalls, "
                  "%zu suggestions (A applies, t re-runs)",
                  status, (unsigned long long) m->log.denied_writes,
                  (unsigned long long) m->log.denied_syscalls, m->log.n_suggestions);
}

int
tui_model_trial_process (tui_model *m)
{
  if (m->trial == NULL)
    return TUI_IGNORED;
  hb_error *err = NULL;
  int r = hb_trial_process (m->trial, &err);
  if (r < 0)
    {
      tui_set_error (m, err);
      hb_trial_free (m->trial);
      m->trial = NULL;
      m->trial_running = false;
    }
  else if (r == 0)
    trial_ended (m);
  return TUI_HANDLED | TUI_REDRAW;
}

void
tui_model_trial_stop (tui_model *m)
{
  if (m->trial == NULL)
    return;
  hb_trial_stop (m->trial);
  tui_set_status (m, false, "stopping the trial...");
}

static double
now_s (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

void
tui_model_trial_finish (tui_model *m)
{
  if (m->trial == NULL)
    return;
  hb_trial_stop (m->trial);
  /* Let the trial deliver its exit (bounded); hb_trial_free kills the rest. */
  double deadline = now_s () + 5.0;
  while (m->trial && now_s () < deadline)
    {
      struct pollfd pfd = { .fd = hb_trial_fd (m->trial), .events = POLLIN };
      int n = poll (&pfd, 1, 100);
      if (n < 0 && errno != EINTR)
        break;
      if (n > 0)
        tui_model_trial_process (m);
    }
  if (m->trial)
    {
      hb_trial_free (m->trial);
      m->trial = NULL;
    }
  m->trial_running = false;
}

void
tui_suggestion_apply (tui_model *m)
{
  if (m->policy == NULL || m->log.n_suggestions == 0)
    {
      tui_set_status (m, false, "no suggestion to apply (run a trial with t)");
      return;
    }
  size_t i = m->suggest_list.sel < m->log.n_suggestions ? m->suggest_list.sel : 0;
  tui_suggestion *s = &m->log.suggestions[i];
  /* The monitor's own rules apply it (tmpfs options, no duplicates). */
  hb_suggestions one = { 0 };
  switch (s->kind)
    {
    case TUI_SUGGEST_TMPFS: strv_push (&one.tmpfs, s->value); break;
    case TUI_SUGGEST_ALLOW_SYSCALL: strv_push (&one.allow_syscalls, s->value); break;
    case TUI_SUGGEST_CAP_ADD: strv_push (&one.cap_add, s->value); break;
    }
  hb_error *err = NULL;
  int r = hb_suggestions_apply (m->policy, &one, &err);
  hb_suggestions_clear (&one);
  if (r < 0)
    {
      tui_set_error (m, err);
      return;
    }
  s->applied = true;
  tui_model_refresh (m);
  cleanup_free char *label = tui_suggestion_label (s);
  tui_set_status (m, false, "applied: %s  (t re-runs the trial)", label);
  if (i + 1 < m->log.n_suggestions)
    m->suggest_list.sel = i + 1;
}
