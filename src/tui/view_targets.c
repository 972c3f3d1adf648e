/* view_targets.c - the targets screen: containers, images, rootfs dirs and
 * the demo, with hardening badges, the filter and the no-engine banner. */
#include "config.h"

#include "tui/draw.h"
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

void
tui_view_targets (tui_model *m, int h, int w)
{
  tui_fill (0, 0, w, TUI_ROLE_TITLE);
  char *title = xasprintf (" hardenbench  %s targets: %zu shown of %zu%s%s", tui_g->h, m->n_shown,
                           m->n_targets, m->filter.len ? "  filter: " : "", m->filter.buf);
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
  int name_w = w >= 100 ? 30 : 24;
  int kind_w = 10;
  int state_w = 9;
  int image_w = w - name_w - kind_w - state_w - 34;
  if (image_w < 10)
    image_w = 10;
  int cols[] = { 1, 1 + name_w, 1 + name_w + kind_w, 1 + name_w + kind_w + image_w,
                 1 + name_w + kind_w + image_w + state_w };
  tui_fill (y, 0, w, TUI_ROLE_HEADER);
  tui_text (y, cols[0], name_w - 1, TUI_ROLE_HEADER, "NAME");
  tui_text (y, cols[1], kind_w - 1, TUI_ROLE_HEADER, "KIND");
  tui_text (y, cols[2], image_w - 1, TUI_ROLE_HEADER, "IMAGE");
  tui_text (y, cols[3], state_w - 1, TUI_ROLE_HEADER, "STATE");
  tui_text (y, cols[4], w - cols[4], TUI_ROLE_HEADER, "HARDENING");
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
      tui_text_tail (y + i, cols[0], name_w - 1, base, r->name);
      tui_text (y + i, cols[1], kind_w - 1, sel ? base : TUI_ROLE_HINT, hb_target_kind_name (r->kind));
      tui_text (y + i, cols[2], image_w - 1, base, r->image ? r->image : "");
      tui_text (y + i, cols[3], state_w - 1, base, r->state ? r->state : "");
      tui_text (y + i, cols[4], w - cols[4] - 1, sel ? base : badge_role (r), r->badge ? r->badge : "");
      tui_hit_add (y + i, 0, w, TUI_HIT_TARGET, idx);
    }
}
