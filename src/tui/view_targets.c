/* view_targets.c - the targets screen: containers, images, rootfs dirs and
 * the demo, with hardening badges, columns sized from what is shown, the
 * filter, the sort column and the no-engine banner. */
#include "config.h"

#include "tui/draw.h"
#include "core/cleanup.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

static tui_role
badge_role (const tui_target_row *r)
{
  if (r->badge == NULL)
    return TUI_ROLE_HINT;
  if (strstr (r->badge, "PRIVILEGED"))
    return TUI_ROLE_DENIED;
  if (strncmp (r->badge, "RO", 2) == 0)
    return TUI_ROLE_ALLOWED;
  return r->kind == HB_TARGET_CONTAINER ? TUI_ROLE_WARNING : TUI_ROLE_HINT;
}

enum { COL_NAME, COL_KIND, COL_IMAGE, COL_STATE, COL_BADGE, N_COLS };

static const char *
cell (const tui_target_row *r, int c)
{
  switch (c)
    {
    case COL_NAME: return r->name;
    case COL_KIND: return hb_target_kind_name (r->kind);
    case COL_IMAGE: return r->image ? r->image : "";
    case COL_STATE: return r->state ? r->state : "";
    default: return r->badge ? r->badge : "";
    }
}

/* Column widths (each with one blank after it) from what the shown
 * targets hold: every column as wide as its widest cell when that fits.  When not,
 * NAME and IMAGE give up columns first (the wider of the two, down to a
 * floor; IMAGE's is small when most rows have none), then HARDENING: the
 * one-look summary is what the list is for.  HARDENING asks for the width
 * of the containers' badges; a directory's or the demo's description is
 * cut first. */
static void
column_widths (const tui_model *m, int avail, int *wd)
{
  static const char *const heads[N_COLS] = { "NAME", "KIND", "IMAGE", "STATE", "HARDENING" };
  size_t with_image = 0;
  for (int c = 0; c < N_COLS; c++)
    wd[c] = tui_columns (heads[c]) + 2;
  for (size_t i = 0; i < m->n_shown; i++)
    {
      const tui_target_row *r = &m->targets[m->shown[i]];
      with_image += r->image && *r->image;
      for (int c = 0; c < N_COLS; c++)
        {
          if (c == COL_BADGE && r->kind != HB_TARGET_CONTAINER)
            continue;
          int cw = tui_columns (cell (r, c)) + 1;
          if (cw > wd[c])
            wd[c] = cw;
        }
    }
  int floor_w[N_COLS] = { 15, 0, with_image * 2 < m->n_shown ? 9 : 13, 0, 17 };
  for (int pass = 0; pass < 2; pass++)
    for (;;)
      {
        int sum = 0;
        for (int c = 0; c < N_COLS; c++)
          sum += wd[c];
        if (sum <= avail)
          {
            wd[COL_BADGE] += avail - sum;
            return;
          }
        int widest = -1;
        for (int c = 0; c < N_COLS; c++)
          {
            bool may = pass == 0 ? (c == COL_NAME || c == COL_IMAGE) : c == COL_BADGE;
            if (may && wd[c] > floor_w[c] && (widest < 0 || wd[c] > wd[widest]))
              widest = c;
          }
        if (widest < 0)
          break;
        wd[widest]--;
      }
}

void
tui_view_targets (tui_model *m, int h, int w)
{
  tui_fill (0, 0, w, TUI_ROLE_TITLE);
  char *title = xasprintf (" hardenbench  %s targets: %zu shown of %zu%s%s%s%s%s", tui_g->h,
                           m->n_shown, m->n_targets,
                           m->sort != TUI_SORT_ENGINE ? "  sorted by " : "",
                           m->sort != TUI_SORT_ENGINE ? tui_sort_name (m->sort) : "",
                           m->filter.len ? "  filter: " : "", m->filter.buf,
                           m->reloading ? "  (reloading)" : "");
  tui_text (0, 0, w, TUI_ROLE_TITLE, title);
  free (title);
  int y = 1;
  if (m->banner)
    {
      int lines = 3;
      for (int i = 0; i < lines; i++)
        tui_fill (y + i, 0, w, TUI_ROLE_BANNER);
      tui_wrap (y, 1, w - 2, lines, TUI_ROLE_BANNER, m->banner);
      y += lines;
    }
  int wd[N_COLS], cols[N_COLS];
  column_widths (m, w - 1, wd);
  cols[0] = 1;
  for (int c = 1; c < N_COLS; c++)
    cols[c] = cols[c - 1] + wd[c - 1];
  static const char *const heads[N_COLS] = { "NAME", "KIND", "IMAGE", "STATE", "HARDENING" };
  static const int sort_col[TUI_SORT_COUNT] = { -1, COL_NAME, COL_KIND, COL_IMAGE, COL_STATE,
                                                COL_BADGE };
  tui_fill (y, 0, w, TUI_ROLE_HEADER);
  for (int c = 0; c < N_COLS; c++)
    {
      bool sorted = sort_col[m->sort] == c;
      cleanup_free char *head = xasprintf ("%s%s", heads[c], sorted ? (m->utf8 ? "\u25be" : "v") : "");
      tui_text (y, cols[c], c == COL_BADGE ? w - cols[c] : wd[c] - 1, TUI_ROLE_HEADER, head);
    }
  y++;
  int list_h = h - 2 - y;
  if (list_h < 1)
    return;
  m->targets_list.height = (size_t) list_h;
  tui_list_clamp (&m->targets_list, m->n_shown);
  if (m->n_shown == 0)
    {
      tui_text (y + 1, 2, w - 4, TUI_ROLE_HINT,
                m->n_targets ? "No target matches the filter (Esc clears it)."
                             : "No targets. Give a rootfs directory: hardenbench ./rootfs");
      return;
    }
  for (int i = 0; i < list_h && m->targets_list.top + (size_t) i < m->n_shown; i++)
    {
      size_t idx = m->targets_list.top + (size_t) i;
      const tui_target_row *r = &m->targets[m->shown[idx]];
      bool sel = idx == m->targets_list.sel;
      tui_role base = sel ? TUI_ROLE_SELECTED : TUI_ROLE_NORMAL;
      if (sel)
        tui_fill (y + i, 0, w, TUI_ROLE_SELECTED);
      tui_text_tail (y + i, cols[COL_NAME], wd[COL_NAME] - 1, base, r->name);
      tui_text (y + i, cols[COL_KIND], wd[COL_KIND] - 1, sel ? base : TUI_ROLE_HINT,
                cell (r, COL_KIND));
      tui_text_fit (y + i, cols[COL_IMAGE], wd[COL_IMAGE] - 1, base, cell (r, COL_IMAGE));
      tui_text_fit (y + i, cols[COL_STATE], wd[COL_STATE] - 1, base, cell (r, COL_STATE));
      tui_text_fit (y + i, cols[COL_BADGE], w - cols[COL_BADGE] - 1, sel ? base : badge_role (r),
                    cell (r, COL_BADGE));
      tui_hit_add (y + i, 0, w, TUI_HIT_TARGET, idx);
    }
}
