/* model_trial.c - running a trial from the workbench: start, stop, events
 * into the event log, one event opened whole with its explanations, the
 * status line at the end, suggestions applied to the policy. */
#include "config.h"

#include "tui/model.h"
#include "tui/model_base.h"
#include "tui/model_internal.h"
#include "core/cleanup.h"
#include "core/xalloc.h"
#include "audit/explain.h"
#include "monitor/suggest.h"
#include "policy/capabilities.h"
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
    .platform = m->platform,
  };
  m->trial = hb_trial_start (&opts, err);
  if (m->trial == NULL)
    return hb_error_wrap (err, "trial");
  m->trial_running = true;
  m->trial_stopping = false;
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

/* "1 denied write", "2 denied writes" (newly allocated). */
static char *
count_of (unsigned long long n, const char *one, const char *many)
{
  return xasprintf ("%llu %s", n, n == 1 ? one : many);
}

char *
tui_trial_summary (int status, bool stopped, const tui_eventlog *log)
{
  unsigned long long w = log->denied_writes, sc = log->denied_syscalls, p = log->perm_denied;
  if (w + sc + p == 0 && log->n_suggestions == 0)
    {
      if (status == 0 || stopped)
        return xasprintf ("trial %s with status %d and nothing denied: the policy holds; "
                          "e exports it, w saves it", stopped ? "stopped" : "ended", status);
      return xasprintf ("trial ended with status %d and nothing denied: the application "
                        "failed by itself (see its output); t re-runs", status);
    }
  strv parts = { 0 };
  if (w)
    strv_push_owned (&parts, count_of (w, "denied write", "denied writes"));
  if (sc)
    strv_push_owned (&parts, count_of (sc, "denied syscall", "denied syscalls"));
  if (p)
    strv_push_owned (&parts, count_of (p, "missing capability", "missing capabilities"));
  strv_push_owned (&parts, count_of (log->n_suggestions, "suggestion", "suggestions"));
  cleanup_free char *joined = strv_join (&parts, ", ");
  strv_clear (&parts);
  return xasprintf ("trial ended with status %d: %s (%s)", status, joined,
                    log->n_suggestions ? "A applies, t re-runs" : "t re-runs");
}

static void
trial_ended (tui_model *m)
{
  int status = hb_trial_exit_status (m->trial);
  hb_trial_free (m->trial);
  m->trial = NULL;
  m->trial_running = false;
  cleanup_free char *line = tui_trial_summary (status, m->trial_stopping, &m->log);
  m->trial_stopping = false;
  tui_set_status (m, false, "%s", line);
}

/* --- one event, whole ---------------------------------------------------------- */

int
tui_event_open (tui_model *m, size_t index)
{
  if (index >= m->log.n)
    return TUI_HANDLED;
  m->event_shown = index;
  memset (&m->event_scroll, 0, sizeof m->event_scroll);
  m->paused = true;
  m->overlay = TUI_OVERLAY_EVENT;
  return TUI_HANDLED | TUI_REDRAW;
}

int
tui_event_action (tui_model *m, tui_action a)
{
  switch (a)
    {
    case TUI_ACT_BACK:
    case TUI_ACT_EDIT:
    case TUI_ACT_QUIT:
      m->overlay = TUI_OVERLAY_NONE;
      return TUI_HANDLED | TUI_REDRAW;
    case TUI_ACT_LEFT:
    case TUI_ACT_RIGHT:
      /* the previous / next event */
      if (a == TUI_ACT_LEFT ? m->event_shown == 0 : m->event_shown + 1 >= m->log.n)
        return TUI_HANDLED;
      if (a == TUI_ACT_LEFT)
        m->event_shown--;
      else
        m->event_shown++;
      m->events_list.sel = m->event_shown;
      tui_list_clamp (&m->events_list, m->log.n);
      memset (&m->event_scroll, 0, sizeof m->event_scroll);
      return TUI_HANDLED | TUI_REDRAW;
    default:
      {
        /* scrolling: the view wrote the last possible top line into
         * event_scroll.sel and the page into its height */
        tui_list *l = &m->event_scroll;
        size_t before = l->top;
        size_t h = l->height ? l->height : 1;
        long page = h > 1 ? (long) h - 1 : 1;
        long top = (long) l->top;
        if (a == TUI_ACT_UP)
          top--;
        else if (a == TUI_ACT_DOWN)
          top++;
        else if (a == TUI_ACT_PAGE_UP)
          top -= page;
        else if (a == TUI_ACT_PAGE_DOWN)
          top += page;
        else if (a == TUI_ACT_FIRST)
          top = 0;
        else if (a == TUI_ACT_LAST)
          top = (long) l->sel;
        else
          return TUI_HANDLED;
        if (top > (long) l->sel)
          top = (long) l->sel;
        if (top < 0)
          top = 0;
        l->top = (size_t) top;
        return TUI_HANDLED | (l->top != before ? TUI_REDRAW : 0);
      }
    }
}

static void
push_explanation (strv *paras, const hb_explanation *e)
{
  strv_push_owned (paras, xasprintf ("%s (%s): %s", e->topic, e->kind, e->what ? e->what : ""));
  if (e->risk)
    strv_push_owned (paras, xasprintf ("Risk: %s", e->risk));
  if (e->needed)
    strv_push_owned (paras, xasprintf ("Needed when: %s", e->needed));
  if (e->control)
    strv_push_owned (paras, xasprintf ("Set with: %s", e->control));
}

void
tui_model_event_detail (tui_model *m, char **title, strv *paras)
{
  *title = NULL;
  if (m->event_shown >= m->log.n)
    return;
  const tui_event_row *r = &m->log.rows[m->event_shown];
  *title = xasprintf ("Event %zu of %zu", m->event_shown + 1, m->log.n);
  strv_push (paras, r->text);
  strv_push_owned (paras, r->count > 1
                            ? xasprintf ("Seen %llu times, first %.3f s into the trial.",
                                         (unsigned long long) r->count, r->ts)
                            : xasprintf ("Seen once, %.3f s into the trial.", r->ts));
  /* What the kernel refused and why, then the texts of what it names:
   * the capability it needed, the syscall, the read-only root. */
  const char *topics[3] = { NULL, NULL, NULL };
  size_t nt = 0;
  switch (r->kind)
    {
    case HB_EV_WRITE_DENIED:
      strv_push (paras, r->errnum == EROFS
                          ? "The file system is read-only here: the root (--read-only) or a "
                            "read-only mount.  A tmpfs or a volume at this path makes it writable."
                          : "The kernel refused the write: the file's owner and mode do not let "
                            "this user write it.");
      if (r->errnum == EROFS)
        topics[nt++] = "read-only";
      break;
    case HB_EV_SYSCALL_DENIED:
      strv_push (paras, "The seccomp filter refused this syscall; the process got the errno "
                        "shown.  Allowing it (a suggestion, or the Seccomp section) lets it run.");
      topics[nt++] = "SCMP_ACT_ERRNO";
      break;
    case HB_EV_PERM_DENIED:
      strv_push (paras, "The operation needs a capability the policy does not grant.  "
                        "Adding it (a suggestion, or the Capabilities section) lets it pass; "
                        "often the application can be configured not to need it.");
      break;
    default:
      break;
    }
  if (r->capability)
    topics[nt++] = r->capability;
  if (r->syscall && nt < 3)
    topics[nt++] = r->syscall;
  const hb_explanation *seen[6];
  size_t n_seen = 0;
  for (size_t i = 0; i < nt; i++)
    {
      const hb_explanation *found[2];
      size_t n = hb_explain_lookup_all (topics[i], found, 2);
      for (size_t j = 0; j < n && j < 2; j++)
        {
          bool dup = false;
          for (size_t k = 0; k < n_seen; k++)
            dup |= seen[k] == found[j];
          if (dup || n_seen == 6)
            continue;
          seen[n_seen++] = found[j];
          push_explanation (paras, found[j]);
        }
      const hb_capability *cap = n == 0 && topics[i] == r->capability
                                   ? hb_cap_lookup (topics[i]) : NULL;
      if (cap)
        {
          strv_push_owned (paras, xasprintf ("CAP_%s (capability): %s", cap->name,
                                             cap->summary ? cap->summary : ""));
          if (cap->risk)
            strv_push_owned (paras, xasprintf ("Risk: %s", cap->risk));
          if (cap->needed_by)
            strv_push_owned (paras, xasprintf ("Needed when: %s", cap->needed_by));
        }
      if (n == 0 && topics[i] == r->syscall)
        strv_push_owned (paras, xasprintf ("%s: see 'hardenbench explain %s'.", topics[i],
                                           topics[i]));
    }
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
  m->trial_stopping = true;
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
