/* draw.h - drawing helpers shared by the views: colour roles as curses
 * attributes, clipped UTF-8 text, boxes with a UTF-8 or ASCII set, and the
 * click map that turns a mouse position back into a model item. */
#ifndef HB_TUI_DRAW_H
#define HB_TUI_DRAW_H

#include "tui/model.h"
#include "tui/theme.h"

#include <curses.h>
#include <stdbool.h>

typedef struct tui_glyphs {
  const char *h, *v, *tl, *tr, *bl, *br;
  const char *dot;       /* Docker-default mark */
  const char *times;     /* count prefix */
  const char *on, *off;  /* checkbox */
  const char *more;      /* truncated */
} tui_glyphs;

extern const tui_glyphs *tui_g;

/* Fill the role attributes; color false: attributes only, no colour pairs. */
void tui_colors_init (const tui_theme *t, bool color, bool utf8);
attr_t tui_role_attr (tui_role r);

/* Draw s at (y, x) in at most cols columns; returns columns used. */
int tui_text (int y, int x, int cols, tui_role role, const char *s);
/* Draw s at (y, x); when wider than cols, only its end, after "...". */
int tui_text_tail (int y, int x, int cols, tui_role role, const char *s);
/* Draw s in at most cols columns, its end replaced by the "more" glyph
 * when it is wider; returns columns used. */
int tui_text_fit (int y, int x, int cols, tui_role role, const char *s);
/* Display columns of s. */
int tui_columns (const char *s);
/* Blank cols cells with role's background. */
void tui_fill (int y, int x, int cols, tui_role role);
/* A box; title drawn on the top edge. */
void tui_box (int y, int x, int h, int w, tui_role role, const char *title, bool focused);
/* Word-wrap s into at most max_lines lines of width cols at (y, x);
 * returns the lines used. */
int tui_wrap (int y, int x, int cols, int max_lines, tui_role role, const char *s);
/* The lines tui_wrap would draw for s without a limit. */
int tui_wrap_count (int cols, const char *s);
/* One wrapped line: its length in bytes; *next is where the next begins. */
size_t tui_wrap_line (const char *s, int cols, const char **next);

/* The click map, rebuilt each frame. */
void tui_hits_reset (void);
void tui_hit_add (int y, int x0, int x1, tui_hit_kind kind, size_t index);
bool tui_hit_find (int y, int x, tui_hit_kind *kind, size_t *index);

/* The views (view_*.c). */
void tui_view_targets (tui_model *m, int h, int w);
void tui_view_bench (tui_model *m, int h, int w);
void tui_view_help (tui_model *m, int h, int w);
void tui_view_export (tui_model *m, int h, int w);
void tui_view_users (tui_model *m, int h, int w);
void tui_view_event (tui_model *m, int h, int w);
/* The two bottom lines: prompt or status, then key hints. */
void tui_view_bottom (tui_model *m, int h, int w, const char *hints);
/* The whole screen. */
void tui_view_draw (tui_model *m);

#endif
