/* eventlog.c - trial events as coalesced display rows, and suggestions. */
#include "config.h"

#include "tui/eventlog.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "monitor/suggest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
tui_eventlog_init (tui_eventlog *log)
{
  memset (log, 0, sizeof *log);
  log->exit_status = -1;
}

void
tui_eventlog_clear (tui_eventlog *log)
{
  for (size_t i = 0; i < log->n; i++)
    {
      free (log->rows[i].text);
      free (log->rows[i].topic);
      free (log->rows[i].syscall);
      free (log->rows[i].capability);
    }
  free (log->rows);
  for (size_t i = 0; i < log->n_suggestions; i++)
    free (log->suggestions[i].value);
  free (log->suggestions);
  free (log->slots);
  strv_clear (&log->denied_paths);
  strv_clear (&log->created_dirs);
  strv_clear (&log->denied_names);
  strv_clear (&log->missing_caps);
  tui_eventlog_init (log);
}

tui_role
tui_event_role (hb_event_kind kind)
{
  switch (kind)
    {
    case HB_EV_WRITE_DENIED:
    case HB_EV_SYSCALL_DENIED:
      return TUI_ROLE_DENIED;
    case HB_EV_PERM_DENIED:
    case HB_EV_DROPPED:
      return TUI_ROLE_WARNING;
    case HB_EV_START:
    case HB_EV_EXEC:
    case HB_EV_EXIT:
      return TUI_ROLE_EXEC;
    case HB_EV_OUTPUT:
      return TUI_ROLE_OUTPUT;
    case HB_EV_SUMMARY:
    case HB_EV_NOTE:
      return TUI_ROLE_HINT;
    }
  return TUI_ROLE_NORMAL;
}

static char *
event_topic (const hb_event *ev)
{
  if (ev->kind == HB_EV_PERM_DENIED && ev->capability)
    return text_sanitize (ev->capability);
  if ((ev->kind == HB_EV_SYSCALL_DENIED || ev->kind == HB_EV_PERM_DENIED
       || ev->kind == HB_EV_WRITE_DENIED) && ev->syscall)
    return text_sanitize (ev->syscall);
  return NULL;
}

static size_t
hash_text (const char *s, hb_event_kind kind)
{
  size_t h = 1469598103934665603ULL ^ (size_t) kind;
  for (; *s; s++)
    h = (h ^ (unsigned char) *s) * 1099511628211ULL;
  return h;
}

static void
index_grow (tui_eventlog *log)
{
  size_t n = log->n_slots ? log->n_slots * 2 : 256;
  size_t *slots = xcalloc (n, sizeof *slots);
  for (size_t i = 0; i < log->n; i++)
    {
      size_t h = hash_text (log->rows[i].text, log->rows[i].kind) & (n - 1);
      while (slots[h])
        h = (h + 1) & (n - 1);
      slots[h] = i + 1;
    }
  free (log->slots);
  log->slots = slots;
  log->n_slots = n;
}

/* The slot where text is or would go. */
static size_t *
index_find (tui_eventlog *log, const char *text, hb_event_kind kind)
{
  size_t mask = log->n_slots - 1;
  size_t h = hash_text (text, kind) & mask;
  while (log->slots[h])
    {
      const tui_event_row *r = &log->rows[log->slots[h] - 1];
      if (r->kind == kind && strcmp (r->text, text) == 0)
        break;
      h = (h + 1) & mask;
    }
  return &log->slots[h];
}

static void
suggestions_reset (tui_eventlog *log, const hb_suggestions *sg)
{
  tui_suggestion *old = log->suggestions;
  size_t n_old = log->n_suggestions;
  log->suggestions = NULL;
  log->n_suggestions = 0;
  const strv *lists[] = { &sg->tmpfs, &sg->allow_syscalls, &sg->cap_add };
  const tui_suggestion_kind kinds[] = { TUI_SUGGEST_TMPFS, TUI_SUGGEST_ALLOW_SYSCALL,
                                        TUI_SUGGEST_CAP_ADD };
  for (size_t k = 0; k < 3; k++)
    for (size_t i = 0; i < lists[k]->n; i++)
      if (tui_eventlog_suggest (log, kinds[k], lists[k]->v[i]))
        for (size_t j = 0; j < n_old; j++)
          if (old[j].kind == kinds[k] && strcmp (old[j].value, log->suggestions[log->n_suggestions - 1].value) == 0)
            log->suggestions[log->n_suggestions - 1].applied = old[j].applied;
  for (size_t j = 0; j < n_old; j++)
    free (old[j].value);
  free (old);
}

void
tui_eventlog_rebuild_suggestions (tui_eventlog *log)
{
  hb_suggestions sg = { 0 };
  hb_suggestions_build (&log->denied_paths, &log->created_dirs, &log->denied_names,
                        &log->missing_caps, &sg);
  suggestions_reset (log, &sg);
  hb_suggestions_clear (&sg);
}

/* The summary's suggestions are the monitor's final word. */
static void
take_summary_suggestions (tui_eventlog *log, const hb_event *ev)
{
  json_t *sum = ev->data;
  if (!json_is_object (sum))
    return;
  json_t *es = json_object_get (sum, "exit_status");
  if (json_is_integer (es))
    log->exit_status = (int) json_integer_value (es);
  json_t *obj = json_object_get (sum, "suggestions");
  if (!json_is_object (obj))
    return;
  hb_suggestions sg = { 0 };
  hb_error *err = NULL;
  if (hb_suggestions_from_json (obj, &sg, &err) < 0)
    {
      hb_error_free (err);
      return;
    }
  if (!hb_suggestions_empty (&sg) || log->n_suggestions == 0)
    suggestions_reset (log, &sg);
  hb_suggestions_clear (&sg);
}

/* Remember what the trial was denied; returns true when it is new. */
static bool
note_denial (tui_eventlog *log, const hb_event *ev)
{
  switch (ev->kind)
    {
    case HB_EV_WRITE_DENIED:
      if (ev->path == NULL)
        return false;
      if (ev->syscall && (strcmp (ev->syscall, "mkdir") == 0 || strcmp (ev->syscall, "mkdirat") == 0))
        strv_add_unique (&log->created_dirs, ev->path);
      return strv_add_unique (&log->denied_paths, ev->path);
    case HB_EV_SYSCALL_DENIED:
      return ev->syscall && strv_add_unique (&log->denied_names, ev->syscall);
    case HB_EV_PERM_DENIED:
      return ev->capability && strv_add_unique (&log->missing_caps, ev->capability);
    default:
      return false;
    }
}

bool
tui_eventlog_add (tui_eventlog *log, const hb_event *ev)
{
  log->total++;
  switch (ev->kind)
    {
    case HB_EV_WRITE_DENIED: log->denied_writes++; break;
    case HB_EV_SYSCALL_DENIED: log->denied_syscalls++; break;
    case HB_EV_PERM_DENIED: log->perm_denied++; break;
    case HB_EV_OUTPUT: log->output_lines++; break;
    case HB_EV_DROPPED: log->dropped += ev->count; break;
    case HB_EV_SUMMARY:
      log->ended = true;
      take_summary_suggestions (log, ev);
      break;
    default: break;
    }
  if (note_denial (log, ev))
    tui_eventlog_rebuild_suggestions (log);
  cleanup_free char *text = hb_event_text (ev, HB_EVENT_TEXT_ROW);
  if (log->n_slots == 0 || (log->n + 1) * 2 > log->n_slots)
    index_grow (log);
  size_t *slot = index_find (log, text, ev->kind);
  if (*slot)
    {
      log->rows[*slot - 1].count++;
      return true;
    }
  if (log->n >= TUI_EVENTLOG_MAX)
    {
      log->hidden++;
      return true;
    }
  if (log->n == log->cap)
    {
      log->cap = log->cap ? log->cap * 2 : 128;
      log->rows = xreallocarray (log->rows, log->cap, sizeof *log->rows);
    }
  tui_event_row *r = &log->rows[log->n];
  r->kind = ev->kind;
  r->text = steal_pointer (&text);
  r->topic = event_topic (ev);
  r->syscall = ev->syscall ? text_sanitize (ev->syscall) : NULL;
  r->capability = ev->capability ? text_sanitize (ev->capability) : NULL;
  r->errnum = ev->kind == HB_EV_WRITE_DENIED || ev->kind == HB_EV_SYSCALL_DENIED
                  || ev->kind == HB_EV_PERM_DENIED ? ev->errnum : 0;
  r->count = 1;
  r->ts = ev->ts;
  *slot = ++log->n;
  return true;
}

bool
tui_eventlog_suggest (tui_eventlog *log, tui_suggestion_kind kind, const char *value)
{
  for (size_t i = 0; i < log->n_suggestions; i++)
    if (log->suggestions[i].kind == kind && strcmp (log->suggestions[i].value, value) == 0)
      return false;
  log->suggestions = xreallocarray (log->suggestions, log->n_suggestions + 1,
                                    sizeof *log->suggestions);
  tui_suggestion *s = &log->suggestions[log->n_suggestions++];
  s->kind = kind;
  s->value = text_sanitize (value);
  s->applied = false;
  return true;
}

char *
tui_suggestion_label (const tui_suggestion *s)
{
  switch (s->kind)
    {
    case TUI_SUGGEST_TMPFS:
      return xasprintf ("tmpfs %s", s->value);
    case TUI_SUGGEST_ALLOW_SYSCALL:
      return xasprintf ("allow syscall %s", s->value);
    case TUI_SUGGEST_CAP_ADD:
      return xasprintf ("add capability %s", s->value);
    }
  return xstrdup (s->value);
}
