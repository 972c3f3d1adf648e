/* draw.c - colour roles, clipped UTF-8 text, boxes and the click map. */
#include "config.h"

#include "tui/draw.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static const tui_glyphs utf8_glyphs = {
  .h = "\u2500", .v = "\u2502", .tl = "\u250c", .tr = "\u2510", .bl = "\u2514", .br = "\u2518",
  .dot = "\u25cf", .times = "\u00d7", .on = "[x]", .off = "[ ]", .more = "\u2026",
};
static const tui_glyphs ascii_glyphs = {
  .h = "-", .v = "|", .tl = "+", .tr = "+", .bl = "+", .br = "+",
  .dot = "*", .times = "x", .on = "[x]", .off = "[ ]", .more = ">",
};

const tui_glyphs *tui_g = &ascii_glyphs;
static attr_t role_attrs[TUI_ROLE_COUNT];

static attr_t
attrs_of (unsigned bits)
{
  attr_t a = A_NORMAL;
  if (bits & TUI_A_BOLD)
    a |= A_BOLD;
  if (bits & TUI_A_DIM)
    a |= A_DIM;
  if (bits & TUI_A_UNDERLINE)
    a |= A_UNDERLINE;
  if (bits & TUI_A_REVERSE)
    a |= A_REVERSE;
  if (bits & TUI_A_STANDOUT)
    a |= A_STANDOUT;
  return a;
}

/* A colour the terminal has: bright colours fold to bold base colours on
 * 8-colour terminals, 256-colour numbers to their base on small palettes. */
static short
fit_color (short c, attr_t *extra)
{
  if (c < 0)
    return -1;
  if (c < COLORS)
    return c;
  if (c < 16)
    {
      *extra |= A_BOLD;
      return (short) (c - 8);
    }
  return (short) (c % 8);
}

void
tui_colors_init (const tui_theme *t, bool color, bool utf8)
{
  tui_g = utf8 ? &utf8_glyphs : &ascii_glyphs;
  if (color && has_colors ())
    {
      start_color ();
      use_default_colors ();
      for (int r = 0; r < TUI_ROLE_COUNT; r++)
        {
          const tui_style *st = &t->styles[r];
          attr_t extra = 0;
          short fg = fit_color (st->fg, &extra);
          short bg = fit_color (st->bg, &extra);
          init_pair ((short) (r + 1), fg, bg);
          role_attrs[r] = COLOR_PAIR (r + 1) | attrs_of (st->attrs) | extra;
        }
      return;
    }
  /* No colour: the monochrome theme's attributes, no pairs at all. */
  tui_theme mono = { 0 };
  hb_error *err = NULL;
  if (tui_theme_parse (&mono, tui_theme_mono_text (), "mono.theme", &err) < 0)
    hb_error_free (err);
  for (int r = 0; r < TUI_ROLE_COUNT; r++)
    role_attrs[r] = attrs_of (mono.styles[r].attrs);
  tui_theme_clear (&mono);
}

attr_t
tui_role_attr (tui_role r)
{
  return r < TUI_ROLE_COUNT ? role_attrs[r] : A_NORMAL;
}

int
tui_text (int y, int x, int cols, tui_role role, const char *s)
{
  if (s == NULL || cols <= 0 || y < 0 || y >= LINES || x < 0 || x >= COLS)
    return 0;
  if (x + cols > COLS)
    cols = COLS - x;
  wchar_t buf[512];
  int n = 0, used = 0;
  mbstate_t st;
  memset (&st, 0, sizeof st);
  size_t len = strlen (s);
  while (len > 0 && n < (int) (sizeof buf / sizeof buf[0]) - 1)
    {
      wchar_t wc;
      size_t k = mbrtowc (&wc, s, len, &st);
      if (k == (size_t) -1 || k == (size_t) -2 || k == 0)
        {
          memset (&st, 0, sizeof st);
          wc = L'?';
          k = 1;
        }
      int w = wcwidth (wc);
      if (w < 0)
        {
          wc = L'?';
          w = 1;
        }
      if (used + w > cols)
        break;
      buf[n++] = wc;
      used += w;
      s += k;
      len -= k;
    }
  buf[n] = L'\0';
  attr_t a = tui_role_attr (role);
  attron (a);
  mvaddnwstr (y, x, buf, n);
  attroff (a);
  return used;
}

int
tui_columns (const char *s)
{
  int cols = 0;
  mbstate_t st;
  memset (&st, 0, sizeof st);
  size_t len = strlen (s);
  while (len > 0)
    {
      wchar_t wc;
      size_t k = mbrtowc (&wc, s, len, &st);
      if (k == (size_t) -1 || k == (size_t) -2 || k == 0)
        {
          memset (&st, 0, sizeof st);
          k = 1;
          wc = L'?';
        }
      int w = wcwidth (wc);
      cols += w < 0 ? 1 : w;
      s += k;
      len -= k;
    }
  return cols;
}

int
tui_text_tail (int y, int x, int cols, tui_role role, const char *s)
{
  if (s == NULL || cols <= 0)
    return 0;
  int total = tui_columns (s);
  if (total <= cols)
    return tui_text (y, x, cols, role, s);
  int used = tui_text (y, x, cols, role, tui_g->more);
  /* skip characters until the rest fits */
  while (*s && tui_columns (s) > cols - used)
    {
      s++;
      while (((unsigned char) *s & 0xC0) == 0x80)
        s++;
    }
  return used + tui_text (y, x + used, cols - used, role, s);
}

int
tui_text_fit (int y, int x, int cols, tui_role role, const char *s)
{
  if (s == NULL || cols <= 0)
    return 0;
  if (tui_columns (s) <= cols)
    return tui_text (y, x, cols, role, s);
  int used = tui_text (y, x, cols - 1, role, s);
  return used + tui_text (y, x + used, 1, role, tui_g->more);
}

void
tui_fill (int y, int x, int cols, tui_role role)
{
  if (y < 0 || y >= LINES || x < 0 || x >= COLS || cols <= 0)
    return;
  if (x + cols > COLS)
    cols = COLS - x;
  attr_t a = tui_role_attr (role);
  attron (a);
  mvhline (y, x, ' ', cols);
  attroff (a);
}

void
tui_box (int y, int x, int h, int w, tui_role role, const char *title, bool focused)
{
  if (h < 2 || w < 2)
    return;
  for (int i = 1; i < w - 1; i++)
    {
      tui_text (y, x + i, 1, role, tui_g->h);
      tui_text (y + h - 1, x + i, 1, role, tui_g->h);
    }
  for (int j = 1; j < h - 1; j++)
    {
      tui_text (y + j, x, 1, role, tui_g->v);
      tui_text (y + j, x + w - 1, 1, role, tui_g->v);
    }
  tui_text (y, x, 1, role, tui_g->tl);
  tui_text (y, x + w - 1, 1, role, tui_g->tr);
  tui_text (y + h - 1, x, 1, role, tui_g->bl);
  tui_text (y + h - 1, x + w - 1, 1, role, tui_g->br);
  if (title && w > 6)
    {
      char *t = xasprintf (" %s ", title);
      tui_text (y, x + 2, w - 4, focused ? TUI_ROLE_TAB_ACTIVE : TUI_ROLE_HEADER, t);
      free (t);
    }
}

/* The bytes of the next wrapped line of s (at most cols columns, broken
 * after a word; a word wider than a line is cut); *next: where the line
 * after it begins. */
size_t
tui_wrap_line (const char *s, int cols, const char **next)
{
  size_t take = 0, last_space = 0;
  bool have_space = false;
  int used = 0;
  mbstate_t st;
  memset (&st, 0, sizeof st);
  size_t len = strlen (s);
  while (take < len && s[take] != '\n')
    {
      wchar_t wc;
      size_t k = mbrtowc (&wc, s + take, len - take, &st);
      if (k == (size_t) -1 || k == (size_t) -2 || k == 0)
        {
          memset (&st, 0, sizeof st);
          k = 1;
          wc = L'?';
        }
      int w = wcwidth (wc);
      if (w < 0)
        w = 1;
      if (used + w > cols)
        break;
      if (s[take] == ' ')
        {
          last_space = take;
          have_space = true;
        }
      used += w;
      take += k;
    }
  size_t end = take;
  if (take < len && s[take] != '\n' && s[take] != ' ' && have_space)
    end = last_space;   /* the word that does not fit goes to the next line */
  const char *n = s + end;
  while (*n == ' ')
    n++;
  if (*n == '\n')
    n++;
  *next = n;
  while (end > 0 && s[end - 1] == ' ')
    end--;
  return end;
}

int
tui_wrap_count (int cols, const char *s)
{
  if (cols < 1 || s == NULL)
    return 0;
  int lines = 0;
  while (*s == ' ')
    s++;
  while (*s)
    {
      const char *next;
      tui_wrap_line (s, cols, &next);
      if (next == s)
        break;
      s = next;
      lines++;
    }
  return lines;
}

int
tui_wrap (int y, int x, int cols, int max_lines, tui_role role, const char *s)
{
  if (cols < 4 || max_lines <= 0 || s == NULL)
    return 0;
  int line = 0;
  while (*s == ' ')
    s++;
  while (*s && line < max_lines)
    {
      const char *next;
      size_t take = tui_wrap_line (s, cols, &next);
      if (next == s)
        break;
      char *piece = xstrndup (s, take);
      tui_text (y + line, x, cols, role, piece);
      free (piece);
      s = next;
      line++;
    }
  return line;
}

/* --- click map ---------------------------------------------------------------- */

typedef struct hit {
  int y, x0, x1;
  tui_hit_kind kind;
  size_t index;
} hit;

static hit *hits;
static size_t n_hits, cap_hits;

void
tui_hits_reset (void)
{
  n_hits = 0;
}

void
tui_hit_add (int y, int x0, int x1, tui_hit_kind kind, size_t index)
{
  if (n_hits == cap_hits)
    {
      cap_hits = cap_hits ? cap_hits * 2 : 64;
      hits = xreallocarray (hits, cap_hits, sizeof *hits);
    }
  hits[n_hits++] = (hit) { y, x0, x1, kind, index };
}

bool
tui_hit_find (int y, int x, tui_hit_kind *kind, size_t *index)
{
  /* Later entries are drawn on top (dialogs), so search backwards. */
  for (size_t i = n_hits; i-- > 0;)
    if (hits[i].y == y && x >= hits[i].x0 && x < hits[i].x1)
      {
        *kind = hits[i].kind;
        *index = hits[i].index;
        return true;
      }
  return false;
}
