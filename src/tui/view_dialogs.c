/* view_dialogs.c - dialogs drawn over the screen: help, export (preview
 * wrapped and scrolled), user picker, one trial event; the bottom lines
 * (prompt with its error or completions, or status; key hints that always
 * keep the help key); the whole frame. */
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

/* The preview's lines wrapped at cols: calls fn for each visual line
 * (text, bytes, continued) and returns how many there are. */
typedef void (*line_fn) (int row, const char *s, size_t len, bool cont, void *ud);

static size_t
wrap_preview (const char *text, int cols, line_fn fn, void *ud)
{
  size_t row = 0;
  for (const char *p = text; *p;)
    {
      const char *nl = strchr (p, '\n');
      size_t len = nl ? (size_t) (nl - p) : strlen (p);
      cleanup_free char *raw = xstrndup (p, len);
      cleanup_free char *clean = text_sanitize (raw);
      /* Continued lines are indented by two columns; shell lines break
       * between arguments when they can. */
      const char *q = clean;
      bool cont = false;
      do
        {
          const char *next;
          size_t take = tui_wrap_line (q, cont ? cols - 2 : cols, &next);
          if (next == q)
            {
              take = strlen (q);
              next = q + take;
            }
          if (fn)
            fn ((int) row, q, take, cont, ud);
          row++;
          q = next;
          cont = true;
        }
      while (*q);
      p += len + (nl ? 1 : 0);
    }
  return row;
}

typedef struct preview_ctx {
  int y, x, w, top, h;
} preview_ctx;

static void
draw_preview_line (int row, const char *s, size_t len, bool cont, void *ud)
{
  preview_ctx *c = ud;
  if (row < c->top || row >= c->top + c->h)
    return;
  int y = c->y + row - c->top;
  cleanup_free char *piece = xstrndup (s, len);
  int x = c->x;
  if (cont)
    x += tui_text (y, x, 2, TUI_ROLE_HINT, "  ");
  tui_text (y, x, c->w - (x - c->x), TUI_ROLE_NORMAL, piece);
}

void
tui_view_export (tui_model *m, int h, int w)
{
  int y = 1, x = 1, bh = h - 3, bw = w - 2;
  clear_area (y, x, bh, bw);
  size_t n;
  const hb_exporter *ex = hb_exporters (&n);
  const hb_exporter *cur = n ? &ex[m->export_format < n ? m->export_format : 0] : NULL;
  const char *image = tui_export_image (m);
  cleanup_free char *title = xasprintf ("Export: %s (image: %s; i names it)", cur ? cur->name : "?",
                                        image ? image : "none");
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
  int px = x + lw + 2, pw = bw - lw - 3;
  int top = y + 1;
  /* The format's description over the preview, whole words only. */
  if (cur && cur->description)
    {
      int dl = tui_wrap_count (pw, cur->description);
      if (dl > 3)
        dl = 3;
      top += tui_wrap (top, px, pw, dl, TUI_ROLE_HINT, cur->description);
      top++;
    }
  int bottom = y + bh - 1;
  int notes_h = m->export_notes.n ? (int) m->export_notes.n + 1 : 0;
  if (notes_h > (bottom - top) / 3)
    notes_h = (bottom - top) / 3;
  int ph = bottom - top - notes_h;
  tui_list *l = &m->export_scroll;
  l->height = (size_t) (ph > 0 ? ph : 1);
  const char *text = m->export_text ? m->export_text : "";
  size_t rows = wrap_preview (text, pw, NULL, NULL);
  m->export_rows = rows;
  size_t max_top = rows > l->height ? rows - l->height : 0;
  if (l->top > max_top)
    l->top = l->sel = max_top;
  preview_ctx c = { .y = top, .x = px, .w = pw, .top = (int) l->top, .h = ph };
  wrap_preview (text, pw, draw_preview_line, &c);
  if (rows > l->height && ph > 0)
    {
      cleanup_free char *more = xasprintf (" lines %zu-%zu of %zu, PgDn/PgUp ", l->top + 1,
                                           l->top + l->height, rows);
      tui_text (y + bh - 1, x + bw - 2 - tui_columns (more), tui_columns (more), TUI_ROLE_HINT,
                more);
    }
  if (notes_h > 0)
    {
      int ny = top + ph;
      tui_text (ny, px, pw, TUI_ROLE_WARNING, "Notes (what this format cannot express):");
      for (int i = 0; i < notes_h - 1 && (size_t) i < m->export_notes.n; i++)
        {
          cleanup_free char *clean = text_sanitize (m->export_notes.v[i]);
          tui_text_fit (ny + 1 + i, px, pw, TUI_ROLE_WARNING, clean);
        }
    }
}

void
tui_view_event (tui_model *m, int h, int w)
{
  int y = 2, x = 3, bh = h - 5, bw = w - 6;
  clear_area (y, x, bh, bw);
  char *title = NULL;
  strv paras = { 0 };
  tui_model_event_detail (m, &title, &paras);
  tui_box (y, x, bh, bw, TUI_ROLE_BORDER, title ? title : "Event", true);
  free (title);
  int cw = bw - 4, ch = bh - 2;
  /* lines of every paragraph, a blank line between them */
  int total = 0;
  for (size_t i = 0; i < paras.n; i++)
    total += tui_wrap_count (cw, paras.v[i]) + (i + 1 < paras.n);
  tui_list *l = &m->event_scroll;
  l->height = (size_t) (ch > 0 ? ch : 1);
  l->sel = total > ch ? (size_t) (total - ch) : 0;   /* the last top */
  if (l->top > l->sel)
    l->top = l->sel;
  int line = 0;
  for (size_t i = 0; i < paras.n; i++)
    {
      tui_role role = i == 0 ? tui_event_role (m->log.rows[m->event_shown].kind)
                      : strncmp (paras.v[i], "Risk:", 5) == 0 ? TUI_ROLE_WARNING
                                                                : TUI_ROLE_NORMAL;
      const char *s = paras.v[i];
      while (*s == ' ')
        s++;
      while (*s)
        {
          const char *next;
          size_t take = tui_wrap_line (s, cw, &next);
          if (next == s)
            break;
          int row = line - (int) l->top;
          if (row >= 0 && row < ch)
            {
              cleanup_free char *piece = xstrndup (s, take);
              tui_text (y + 1 + row, x + 2, cw, role, piece);
            }
          line++;
          s = next;
        }
      line += i + 1 < paras.n;
    }
  strv_clear (&paras);
  if (total > ch)
    {
      cleanup_free char *more = xasprintf (" %zu-%zu of %d ", l->top + 1, l->top + l->height,
                                           total);
      tui_text (y + bh - 1, x + bw - 2 - tui_columns (more), tui_columns (more), TUI_ROLE_HINT,
                more);
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

/* The hints line: "key label" pairs.  When they do not all fit, pairs
 * are left out from the end, but the last two ("? help", "q quit") always
 * stay: the way to every other key is never cut off. */
static void
draw_hints (int y, int w, const char *hints)
{
  tui_fill (y, 0, w, TUI_ROLE_STATUS);
  strv pairs = { 0 };
  cleanup_free char *copy = xstrdup (hints);
  char *save = NULL;
  for (char *pair = strtok_r (copy, "|", &save); pair; pair = strtok_r (NULL, "|", &save))
    strv_push (&pairs, pair);
  size_t keep_tail = pairs.n >= 2 ? 2 : pairs.n;
  /* each pair takes 1 + its columns + 2 ("key label": key, two spaces) */
  int tail_w = 0;
  for (size_t i = pairs.n - keep_tail; i < pairs.n; i++)
    tail_w += tui_columns (pairs.v[i]) + 3;
  size_t head = pairs.n - keep_tail;
  int head_w = 0;
  size_t shown = 0;
  while (shown < head && head_w + tui_columns (pairs.v[shown]) + 3 + tail_w <= w)
    head_w += tui_columns (pairs.v[shown++]) + 3;
  int x = 0;
  for (size_t i = 0; i < pairs.n && x < w; i++)
    {
      if (i >= shown && i < head)
        continue;
      char *pair = pairs.v[i];
      char *sp = strchr (pair, ' ');
      if (sp)
        *sp = '\0';
      x += tui_text (y, x + 1, w - x - 1, TUI_ROLE_KEY, pair) + 2;
      if (sp)
        x += tui_text (y, x, w - x, TUI_ROLE_STATUS, sp + 1);
      x += 1;
    }
  strv_clear (&pairs);
}

void
tui_view_bottom (tui_model *m, int h, int w, const char *hints)
{
  int y = h - 2;
  tui_fill (y, 0, w, TUI_ROLE_NORMAL);
  if (m->prompt != TUI_PROMPT_NONE)
    {
      /* Above the prompt: why the last input was refused, else what Tab
       * found. */
      if (m->prompt_error)
        {
          cleanup_free char *msg = xasprintf (" %s ", m->prompt_error);
          tui_fill (y - 1, 0, w, TUI_ROLE_ERROR);
          tui_text_fit (y - 1, 0, w, TUI_ROLE_ERROR, msg);
        }
      else if (m->completions.n > 1)
        {
          cleanup_free char *list = strv_join (&m->completions, "  ");
          cleanup_free char *msg = xasprintf (" %s ", list);
          tui_fill (y - 1, 0, w, TUI_ROLE_STATUS);
          tui_text_fit (y - 1, 0, w, TUI_ROLE_STATUS, msg);
        }
      /* a question wider than the line loses its middle (the path it
       * names), never its start or its answers */
      int x;
      if (m->line.len == 0 && tui_columns (m->prompt_label) > w - 1)
        {
          int head = (w - 1) * 2 / 5;
          x = tui_text (y, 0, head, TUI_ROLE_HEADER, m->prompt_label);
          x += tui_text_tail (y, x, w - 1 - x, TUI_ROLE_HEADER, m->prompt_label);
        }
      else
        x = tui_text (y, 0, w, TUI_ROLE_HEADER, m->prompt_label);
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
  if (m->prompt == TUI_PROMPT_CONFIRM_QUIT || m->prompt == TUI_PROMPT_CONFIRM_BACK)
    return "y save|n discard|^C quit|c cancel|Esc cancel";
  if (m->prompt == TUI_PROMPT_CONFIRM_OVERWRITE)
    return "y overwrite|n keep it|Esc cancel";
  if (m->prompt != TUI_PROMPT_NONE)
    return tui_prompt_completes (m->prompt) ? "^U clear|Tab complete|Enter accept|Esc cancel"
                                            : "^U clear|Enter accept|Esc cancel";
  switch (m->overlay)
    {
    case TUI_OVERLAY_HELP: return "Up/Down scroll|Esc close|q close";
    case TUI_OVERLAY_EXPORT:
      return "Up/Down format|w save|c copy|i image|PgUp/PgDn scroll|Esc close";
    case TUI_OVERLAY_USERS: return "Up/Down choose|Enter select|Esc cancel";
    case TUI_OVERLAY_EVENT: return "Up/Down scroll|Left/Right previous/next|Enter close|Esc close";
    case TUI_OVERLAY_NONE: break;
    }
  if (m->screen == TUI_SCREEN_TARGETS)
    return "Enter open|/ filter|o sort|r reload|T theme|Esc clear|? help|q quit";
  if (m->pane == TUI_PANE_SUGGEST)
    return "A apply|t re-run|Tab pane|s stop|e export|w save|? help|q quit";
  if (m->pane == TUI_PANE_EVENTS)
    return "Enter whole event|Up/Down choose|p pause|Tab pane|t trial|s stop|e export|? help|q quit";
  if (m->section == TUI_SEC_AUDIT)
    return "Space fix|h/l section|Tab pane|t trial|e export|w save|? help|q quit";
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
    case TUI_OVERLAY_EVENT: tui_view_event (m, h, w); break;
    case TUI_OVERLAY_NONE: break;
    }
  tui_view_bottom (m, h, w, hints_for (m));
  refresh ();
}
