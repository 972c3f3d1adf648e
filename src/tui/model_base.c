/* model_base.c - what every file of the model stands on: the status
 * line (and the warnings shown there), moving in a list, opening a prompt.  It calls nothing of model.c
 * or model_*.c, so the dispatcher (model.c) calls the sections' files and
 * they call only down, here. */
#include "config.h"

#include "tui/model_base.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>

void
tui_set_status (tui_model *m, bool error, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  cleanup_free char *raw = xvasprintf (fmt, ap);
  va_end (ap);
  free (m->status);
  m->status = text_sanitize (raw);
  m->status_error = error;
}

void
tui_set_error (tui_model *m, hb_error *err)
{
  tui_set_status (m, true, "%s", err && err->msg ? err->msg : "failed");
  hb_error_free (err);
}

bool
tui_model_take_warnings (tui_model *m, hb_warnings *w)
{
  if (w->n == 0)
    return false;
  if (w->n == 1)
    tui_set_status (m, true, "warning: %s", w->lines[0]);
  else
    tui_set_status (m, true, "warning: %s (and %zu more)", w->lines[0], w->n - 1);
  hb_warnings_clear (w);
  return true;
}

/* --- lists ----------------------------------------------------------------- */

void
tui_list_clamp (tui_list *l, size_t n)
{
  if (n == 0)
    {
      l->sel = l->top = 0;
      return;
    }
  if (l->sel >= n)
    l->sel = n - 1;
  if (l->height == 0)   /* not drawn yet: the view clamps the scroll */
    return;
  size_t h = l->height;
  if (l->sel < l->top)
    l->top = l->sel;
  if (l->sel >= l->top + h)
    l->top = l->sel - h + 1;
  if (l->top + h > n)
    l->top = n > h ? n - h : 0;
}

void
tui_list_move (tui_list *l, long delta, size_t n)
{
  if (n == 0)
    return;
  long s = (long) l->sel + delta;
  if (s < 0)
    s = 0;
  if (s >= (long) n)
    s = (long) n - 1;
  l->sel = (size_t) s;
  tui_list_clamp (l, n);
}

static long
page_of (const tui_list *l)
{
  return l->height > 1 ? (long) l->height - 1 : 1;
}

/* Apply a movement action to a list; returns flags. */
int
tui_list_action (tui_list *l, tui_action a, size_t n)
{
  size_t before = l->sel;
  switch (a)
    {
    case TUI_ACT_UP: tui_list_move (l, -1, n); break;
    case TUI_ACT_DOWN: tui_list_move (l, 1, n); break;
    case TUI_ACT_PAGE_UP: tui_list_move (l, -page_of (l), n); break;
    case TUI_ACT_PAGE_DOWN: tui_list_move (l, page_of (l), n); break;
    case TUI_ACT_FIRST: tui_list_move (l, -(long) n, n); break;
    case TUI_ACT_LAST: tui_list_move (l, (long) n, n); break;
    default: return TUI_IGNORED;
    }
  return TUI_HANDLED | (l->sel != before ? TUI_REDRAW : 0);
}

/* --- prompts ---------------------------------------------------------------- */

void
tui_prompt_open (tui_model *m, tui_prompt_kind kind, const char *label, const char *initial)
{
  m->prompt = kind;
  free (m->prompt_label);
  m->prompt_label = xstrdup (label);
  free (m->prompt_error);
  m->prompt_error = NULL;
  strv_clear (&m->completions);
  tui_line_set (&m->line, initial ? initial : "");
}
