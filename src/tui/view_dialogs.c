/* view_dialogs.c - dialogs drawn over the screen: help, export, user picker;
 * the bottom lines (prompt or status, key hints); the whole frame. */
#include "config.h"

#include "tui/draw.h"
#include "tui/keys.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "export/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
clear_area (int y, int x, int h, int w)
{
  for (int i = 0; i < h; i++)
    tui_fill (y + i, x, w, TUI_ROLE_NORMAL);
}

void
tui_view_help (tui_model *m, int h, int w)
{
  int bw = w - 4, bh = h - 3;
  int y = 1, x = 2;
  clear_area (y, x, bh, bw);
  tui_box (y, x, bh, bw, TUI_ROLE_BORDER, "Keys (? or Esc closes)", true);
  size_t n = tui_help_line_count ();
  tui_list *l = &m->help_scroll;
  l->height = (size_t) (bh - 2);
  /* scrolling moves the top line */
  if (l->sel + l->height > n)
    l->sel = n > l->height ? n - l->height : 0;
  l->top = l->sel;
  for (int i = 0; i < bh - 2 && l->top + (size_t) i < n; i++)
    tui_text (y + 1 + i, x + 1, bw - 2, TUI_ROLE_NORMAL, tui_help_line (l->top + (size_t) i));
}

void
tui_view_export (tui_model *m, int h, int w)
{
  int y = 1, x = 1, bh = h - 3, bw = w - 2;
  clear_area (y, x, bh, bw);
  size_t n;
  const hb_exporter *ex = hb_exporters (&n);
  const char *fmt = n ? ex[m->export_format < n ? m->export_format : 0].name : "?";
  cleanup_free char *title = xasprintf ("Export: %s", fmt);
  tui_box (y, x, bh, bw, TUI_ROLE_BORDER, title, true);
  int lw = 16;
  for (size_t i = 0; i < n && (int) i < bh - 2; i++)
    {
      bool sel = i == m->export_format;
      tui_role role = sel ? TUI_ROLE_SELECTED : TUI_ROLE_NORMAL;
      tui_fill (y + 1 + (int) i, x + 1, lw, role);
      cleanup_free char *label = xasprintf ("%s %s", sel ? ">" : " ", ex[i].name);
      tui_text (y + 1 + (int) i, x + 1, lw - 1, role, label);
      tui_hit_add (y + 1 + (int) i, x + 1, x + 1 + lw, TUI_HIT_FORMAT, i);
    }
  if (n > 0 && bh - 2 > (int) n + 1)
    tui_wrap (y + 2 + (int) n, x + 2, lw - 2, bh - 3 - (int) n, TUI_ROLE_HINT,
              ex[m->export_format < n ? m->export_format : 0].description);
  int px = x + lw + 2, pw = bw - lw - 3;
  int notes_h = m->export_notes.n ? (int) m->export_notes.n + 1 : 0;
  if (notes_h > (bh - 2) / 3)
    notes_h = (bh - 2) / 3;
  int ph = bh - 2 - notes_h;
  tui_list *l = &m->export_scroll;
  l->height = (size_t) (ph > 0 ? ph : 1);
  const char *text = m->export_text ? m->export_text : "";
  size_t line = 0;
  int row = 0;
  for (const char *p = text; *p && row < ph;)
    {
      const char *nl = strchr (p, '\n');
      size_t len = nl ? (size_t) (nl - p) : strlen (p);
      if (line >= l->top)
        {
          cleanup_free char *raw = xstrndup (p, len);
          cleanup_free char *clean = text_sanitize (raw);
          tui_text (y + 1 + row, px, pw, TUI_ROLE_NORMAL, clean);
          row++;
        }
      line++;
      p += len + (nl ? 1 : 0);
    }
  if (notes_h > 0)
    {
      int ny = y + 1 + ph;
      tui_text (ny, px, pw, TUI_ROLE_WARNING, "Notes (what this format cannot express):");
      for (int i = 0; i < notes_h - 1 && (size_t) i < m->export_notes.n; i++)
        {
          cleanup_free char *clean = text_sanitize (m->export_notes.v[i]);
          tui_text (ny + 1 + i, px, pw, TUI_ROLE_WARNING, clean);
        }
    }
}

void
tui_view_users (tui_model *m, int h, int w)
{
  int bw = w > 70 ? 66 : w - 4, bh = h - 6;
  int y = 3, x = (w - bw) / 2;
  clear_area (y, x, bh, bw);
  tui_box (y, x, bh, bw, TUI_ROLE_BORDER, "Run as (from the target's /etc/passwd)", true);
  size_t n = m->n_users + 2;
  tui_list *l = &m->users_list;
  l->height = (size_t) (bh - 2);
  tui_list_clamp (l, n);
  for (int i = 0; i < bh - 2 && l->top + (size_t) i < n; i++)
    {
      size_t idx = l->top + (size_t) i;
      cleanup_free char *line = NULL;
      if (idx == 0)
        line = xstrdup ("image default (root unless the image sets USER)");
      else if (idx == n - 1)
        line = xstrdup ("type a name or uid[:gid]...");
      else
        {
          const hb_user_entry *u = &m->users[idx - 1];
          line = xasprintf ("%-16s %5u:%-5u %s", u->name, u->uid, u->gid, u->shell ? u->shell : "");
        }
      cleanup_free char *clean = text_sanitize (line);
      bool sel = idx == l->sel;
      tui_role role = sel ? TUI_ROLE_SELECTED : idx > 0 && idx < n - 1 && m->users[idx - 1].uid == 0
                                                  ? TUI_ROLE_WARNING : TUI_ROLE_NORMAL;
      if (sel)
        tui_fill (y + 1 + i, x + 1, bw - 2, role);
      tui_text (y + 1 + i, x + 2, bw - 4, role, clean);
      tui_hit_add (y + 1 + i, x + 1, x + bw - 1, TUI_HIT_USER, idx);
    }
}

/* The hints line: "key label" pairs. */
static void
draw_hints (int y, int w, const char *hints)
{
  tui_fill (y, 0, w, TUI_ROLE_STATUS);
  int x = 0;
  cleanup_free char *copy = xstrdup (hints);
  char *save = NULL;
  for (char *pair = strtok_r (copy, "|", &save); pair && x < w; pair = strtok_r (NULL, "|", &save))
    {
      char *sp = strchr (pair, ' ');
      if (sp)
        *sp = '\0';
      x += tui_text (y, x + 1, w - x - 1, TUI_ROLE_KEY, pair) + 2;
      if (sp)
        x += tui_text (y, x, w - x, TUI_ROLE_STATUS, sp + 1);
      x += 1;
    }
}

void
tui_view_bottom (tui_model *m, int h, int w, const char *hints)
{
  int y = h - 2;
  tui_fill (y, 0, w, TUI_ROLE_NORMAL);
  if (m->prompt != TUI_PROMPT_NONE)
    {
      int x = tui_text (y, 0, w, TUI_ROLE_HEADER, m->prompt_label);
      /* the text, scrolled so the cursor stays visible */
      const char *text = m->line.buf;
      int room = w - x - 1;
      size_t start = 0;
      if (room > 0 && m->line.cursor > (size_t) room)
        start = m->line.cursor - (size_t) room;
      while (start > 0 && start < m->line.len && ((unsigned char) text[start] & 0xC0) == 0x80)
        start++;
      cleanup_free char *before = xstrndup (text + start, m->line.cursor - start);
      int cx = x + tui_text (y, x, room, TUI_ROLE_NORMAL, before);
      tui_text (y, cx, w - cx, TUI_ROLE_NORMAL, text + m->line.cursor);
      if (cx < w)
        {
          move (y, cx);
          curs_set (1);
        }
    }
  else if (m->status)
    tui_text (y, 1, w - 2, m->status_error ? TUI_ROLE_ERROR : TUI_ROLE_HINT, m->status);
  draw_hints (h - 1, w, hints);
}

static const char *
hints_for (const tui_model *m)
{
  if (m->prompt != TUI_PROMPT_NONE)
    return "Enter accept|Esc cancel|Tab complete";
  switch (m->overlay)
    {
    case TUI_OVERLAY_HELP: return "Up/Down scroll|Esc close|q close";
    case TUI_OVERLAY_EXPORT: return "Up/Down format|PgUp/PgDn scroll|w save|c copy|Esc close";
    case TUI_OVERLAY_USERS: return "Up/Down choose|Enter select|Esc cancel";
    case TUI_OVERLAY_NONE: break;
    }
  if (m->screen == TUI_SCREEN_TARGETS)
    return "Enter open|/ filter|Esc clear|? help|q quit";
  if (m->pane == TUI_PANE_SUGGEST)
    return "A apply|t re-run|Tab pane|s stop|e export|w save|? help|q quit";
  return "Space toggle|Enter edit|h/l section|Tab pane|t trial|s stop|e export|w save|? help|q quit";
}

void
tui_view_draw (tui_model *m)
{
  int h = LINES, w = COLS;
  erase ();
  curs_set (0);
  tui_hits_reset ();
  if (w < 80 || h < 24)
    {
      cleanup_free char *note = xasprintf ("(%dx%d): hardenbench needs 80x24. Enlarge the "
                                           "window; q quits.", w, h);
      int y = h > 4 ? h / 2 - 2 : 0;
      tui_text (y, 1, w - 1, TUI_ROLE_WARNING, "Terminal too small");
      tui_wrap (y + 1, 1, w - 2, h - y - 1, TUI_ROLE_WARNING, note);
      refresh ();
      return;
    }
  if (m->screen == TUI_SCREEN_TARGETS)
    tui_view_targets (m, h, w);
  else
    tui_view_bench (m, h, w);
  if (m->overlay != TUI_OVERLAY_NONE)
    tui_hits_reset ();
  switch (m->overlay)
    {
    case TUI_OVERLAY_HELP: tui_view_help (m, h, w); break;
    case TUI_OVERLAY_EXPORT: tui_view_export (m, h, w); break;
    case TUI_OVERLAY_USERS: tui_view_users (m, h, w); break;
    case TUI_OVERLAY_NONE: break;
    }
  tui_view_bottom (m, h, w, hints_for (m));
  refresh ();
}
