/* view_bench.c - the workbench: title with the audit score, section tabs,
 * the settings list, the explanation pane and the trial pane. */
#include "config.h"

#include "tui/draw.h"
#include "core/cleanup.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
draw_title (tui_model *m, int w)
{
  tui_fill (0, 0, w, TUI_ROLE_TITLE);
  cleanup_free char *right = xasprintf ("%sCIS audit: %d pass, %d fail of %d ",
                                        tui_model_dirty (m) ? "[modified]  " : "", m->audit.pass,
                                        m->audit.fail, m->audit.total);
  int rw = (int) strlen (right);
  int x = tui_text (0, 0, w, TUI_ROLE_TITLE, " hardenbench  ");
  cleanup_free char *kind = xasprintf (" (%s)", hb_target_kind_name (m->target->kind));
  int room = w - rw - x - (int) strlen (kind) - 1;
  x += tui_text_tail (0, x, room, TUI_ROLE_TITLE, m->target->name);
  tui_text (0, x, (int) strlen (kind), TUI_ROLE_TITLE, kind);
  tui_text (0, w - rw, rw, TUI_ROLE_TITLE, right);
}

static void
draw_tabs (tui_model *m, int y, int w)
{
  tui_fill (y, 0, w, TUI_ROLE_TAB);
  int x = 1;
  for (int s = 0; s < TUI_SEC_COUNT && x < w; s++)
    {
      cleanup_free char *t = xasprintf (" %s ", tui_section_title ((tui_section) s));
      int used = tui_text (y, x, w - x, s == (int) m->section ? TUI_ROLE_TAB_ACTIVE : TUI_ROLE_TAB, t);
      tui_hit_add (y, x, x + used, TUI_HIT_TAB, (size_t) s);
      x += used + 1;
    }
}

static void
draw_rows (tui_model *m, int y, int x, int h, int w)
{
  bool focus = m->pane == TUI_PANE_ITEMS;
  tui_box (y, x, h, w, TUI_ROLE_BORDER, tui_section_title (m->section), focus);
  tui_list *l = &m->rows_list[m->section];
  int inner = h - 2;
  if (inner < 1)
    return;
  l->height = (size_t) inner;
  tui_list_clamp (l, m->n_rows);
  /* The value column is as wide as its widest value (at most half the
   * pane), and a label never runs into it: one column between them. */
  int vw = 0, lwid = 0;
  for (size_t i = 0; i < m->n_rows; i++)
    if (m->rows[i].value && !m->rows[i].header)
      {
        int c = tui_columns (m->rows[i].value) + 1;
        if (c > vw)
          vw = c;
        c = tui_columns (m->rows[i].label) + (m->rows[i].has_check ? 5 : 1) + 1;
        if (c > lwid)
          lwid = c;
      }
  /* both whole when they fit; else the label keeps up to 3/5 of the row */
  int rw_all = w - 2;
  if (lwid + vw > rw_all)
    {
      int lmax = lwid < rw_all * 3 / 5 ? lwid : rw_all * 3 / 5;
      if (vw > rw_all - lmax)
        vw = rw_all - lmax;
    }
  for (int i = 0; i < inner && l->top + (size_t) i < m->n_rows; i++)
    {
      size_t idx = l->top + (size_t) i;
      const tui_row *r = &m->rows[idx];
      int ry = y + 1 + i, rx = x + 1, rw = w - 2;
      bool sel = idx == l->sel && !r->header;
      tui_role base = sel ? (focus ? TUI_ROLE_SELECTED : TUI_ROLE_SELECTED_DIM) : TUI_ROLE_NORMAL;
      if (sel)
        tui_fill (ry, rx, rw, base);
      if (r->header)
        {
          tui_text_fit (ry, rx, rw, r->role, r->label);
          continue;
        }
      int cx = rx + 1;
      if (r->has_check)
        {
          cx += tui_text (ry, cx, 3, sel ? base : r->role, r->checked ? tui_g->on : tui_g->off);
          cx += 1;
        }
      int label_w = r->value ? rw - (cx - rx) - vw - 1 : rw - (cx - rx) - 2;
      if (r->value == NULL && r->has_check && r->marked)
        label_w -= 2;
      tui_text_fit (ry, cx, label_w, base, r->label);
      if (r->marked)
        tui_text (ry, rx + rw - 2, 1, sel ? base : TUI_ROLE_MARK, tui_g->dot);
      if (r->value)
        tui_text_fit (ry, rx + rw - vw, vw - 1, sel ? base : r->role, r->value);
      tui_hit_add (ry, rx, rx + rw, TUI_HIT_ROW, idx);
    }
}

static void
draw_explanation (tui_model *m, int y, int x, int h, int w)
{
  tui_box (y, x, h, w, TUI_ROLE_BORDER, "Explanation", false);
  char *title = NULL;
  strv paras = { 0 };
  tui_model_explanation (m, &title, &paras);
  int line = y + 1, end = y + h - 1;
  if (title)
    {
      tui_text (line++, x + 2, w - 4, TUI_ROLE_HEADER, title);
      free (title);
    }
  else
    tui_text (line++, x + 2, w - 4, TUI_ROLE_HINT, "Highlight a setting to see what it does.");
  for (size_t i = 0; i < paras.n && line < end; i++)
    {
      tui_role role = strncmp (paras.v[i], "Risk:", 5) == 0 ? TUI_ROLE_WARNING : TUI_ROLE_NORMAL;
      line += tui_wrap (line, x + 2, w - 4, end - line, role, paras.v[i]);
    }
  strv_clear (&paras);
}

static void
draw_trial (tui_model *m, int y, int x, int h, int w)
{
  bool focus = m->pane == TUI_PANE_EVENTS || m->pane == TUI_PANE_SUGGEST;
  /* Which platform's runtime defaults the trial reproduces (trial
   * --platform; the workbench's are Docker's). */
  const char *as = hb_platform_facts_of (m->platform)->name;
  cleanup_free char *title = m->trial_running
                               ? xasprintf ("Trial %d: running%s, as %s", m->trial_runs,
                                            m->paused ? " (paused)" : "", as)
                             : m->trial_runs ? xasprintf ("Trial %d: ended, as %s", m->trial_runs, as)
                                             : xasprintf ("Trial, as %s", as);
  tui_box (y, x, h, w, TUI_ROLE_BORDER, title, focus);
  int inner_w = w - 2;
  int top = y + 1, bottom = y + h - 1;   /* exclusive */
  if (bottom - top < 2)
    return;
  if (m->trial_runs == 0)
    {
      tui_wrap (top, x + 2, w - 4, bottom - top, TUI_ROLE_HINT,
                "Press t to run the target under this policy. Denied writes and syscalls "
                "appear here live; suggestions to apply (A) follow.");
      return;
    }
  cleanup_free char *counts
    = xasprintf ("writes %llu  syscalls %llu  perms %llu  output %llu%s",
                 (unsigned long long) m->log.denied_writes,
                 (unsigned long long) m->log.denied_syscalls,
                 (unsigned long long) m->log.perm_denied,
                 (unsigned long long) m->log.output_lines,
                 m->log.dropped ? "  DROPPED" : "");
  tui_text (top, x + 1, inner_w, m->log.denied_writes + m->log.denied_syscalls ? TUI_ROLE_DENIED
                                                                              : TUI_ROLE_HINT, counts);
  top++;
  /* suggestions take up to a third of the pane */
  int sug_h = 0;
  if (m->log.n_suggestions)
    {
      sug_h = (int) m->log.n_suggestions + 1;
      int max = (bottom - top) / 3;
      if (max < 2)
        max = 2;
      if (sug_h > max)
        sug_h = max;
    }
  int ev_h = bottom - top - sug_h;
  if (ev_h < 1)
    {
      ev_h = bottom - top;
      sug_h = 0;
    }
  tui_list *l = &m->events_list;
  l->height = (size_t) ev_h;
  if (!m->paused && m->log.n)
    l->sel = m->log.n - 1;
  tui_list_clamp (l, m->log.n);
  bool ev_focus = m->pane == TUI_PANE_EVENTS;
  for (int i = 0; i < ev_h && l->top + (size_t) i < m->log.n; i++)
    {
      size_t idx = l->top + (size_t) i;
      const tui_event_row *r = &m->log.rows[idx];
      int ry = top + i;
      bool sel = ev_focus && idx == l->sel;
      if (sel)
        tui_fill (ry, x + 1, inner_w, TUI_ROLE_SELECTED);
      char cnt[32] = "";
      if (r->count > 1)
        snprintf (cnt, sizeof cnt, "%s%llu", tui_g->times, (unsigned long long) r->count);
      tui_text (ry, x + 1, 7, sel ? TUI_ROLE_SELECTED : TUI_ROLE_WARNING, cnt);
      tui_text (ry, x + 8, inner_w - 7, sel ? TUI_ROLE_SELECTED : tui_event_role (r->kind), r->text);
      tui_hit_add (ry, x + 1, x + 1 + inner_w, TUI_HIT_EVENT, idx);
    }
  if (m->log.hidden && ev_h > 0)
    {
      cleanup_free char *more = xasprintf (" +%llu not shown ", (unsigned long long) m->log.hidden);
      tui_text (top + ev_h - 1, x + w - 2 - (int) strlen (more), (int) strlen (more),
                TUI_ROLE_WARNING, more);
    }
  if (sug_h > 0)
    {
      int sy = top + ev_h;
      tui_text (sy, x + 1, inner_w, TUI_ROLE_HEADER, "Suggestions (A applies the selected one):");
      tui_list *sl = &m->suggest_list;
      sl->height = (size_t) (sug_h - 1);
      tui_list_clamp (sl, m->log.n_suggestions);
      bool sfocus = m->pane == TUI_PANE_SUGGEST;
      for (int i = 0; i < sug_h - 1 && sl->top + (size_t) i < m->log.n_suggestions; i++)
        {
          size_t idx = sl->top + (size_t) i;
          const tui_suggestion *s = &m->log.suggestions[idx];
          int ry = sy + 1 + i;
          bool sel = idx == sl->sel;
          tui_role role = sel ? (sfocus ? TUI_ROLE_SELECTED : TUI_ROLE_SELECTED_DIM)
                              : s->applied ? TUI_ROLE_HINT : TUI_ROLE_ALLOWED;
          if (sel)
            tui_fill (ry, x + 1, inner_w, role);
          cleanup_free char *label = tui_suggestion_label (s);
          cleanup_free char *line = xasprintf (" %s %s%s", sel ? ">" : " ", label,
                                               s->applied ? "  (applied)" : "");
          tui_text (ry, x + 1, inner_w, role, line);
          tui_hit_add (ry, x + 1, x + 1 + inner_w, TUI_HIT_SUGGEST, idx);
        }
    }
}

void
tui_view_bench (tui_model *m, int h, int w)
{
  draw_title (m, w);
  draw_tabs (m, 1, w);
  int top = 2, body_h = h - 4;
  int lw = w * 11 / 20;
  draw_rows (m, top, 0, body_h, lw);
  int rw = w - lw;
  int eh = body_h * 2 / 5;
  if (eh < 6)
    eh = 6;
  draw_explanation (m, top, lw, eh, rw);
  draw_trial (m, top + eh, lw, body_h - eh, rw);
}
