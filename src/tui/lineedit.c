/* lineedit.c - the one-line editor behind prompts and the filter. */
#include "config.h"

#include "tui/lineedit.h"

#include <string.h>

static bool
is_continuation (unsigned char c)
{
  return (c & 0xC0) == 0x80;
}

void
tui_line_set (tui_line *l, const char *text)
{
  l->len = 0;
  l->cursor = 0;
  l->buf[0] = '\0';
  if (text)
    tui_line_insert (l, text);
}

bool
tui_line_insert (tui_line *l, const char *s)
{
  size_t n = strlen (s);
  if (n == 0 || l->len + n >= TUI_LINE_MAX)
    return false;
  for (size_t i = 0; i < n; i++)
    if ((unsigned char) s[i] < 0x20 || s[i] == 0x7f)
      return false;
  memmove (l->buf + l->cursor + n, l->buf + l->cursor, l->len - l->cursor + 1);
  memcpy (l->buf + l->cursor, s, n);
  l->len += n;
  l->cursor += n;
  return true;
}

static size_t
prev_boundary (const tui_line *l, size_t at)
{
  if (at == 0)
    return 0;
  at--;
  while (at > 0 && is_continuation ((unsigned char) l->buf[at]))
    at--;
  return at;
}

static size_t
next_boundary (const tui_line *l, size_t at)
{
  if (at >= l->len)
    return l->len;
  at++;
  while (at < l->len && is_continuation ((unsigned char) l->buf[at]))
    at++;
  return at;
}

static void
erase_range (tui_line *l, size_t from, size_t to)
{
  memmove (l->buf + from, l->buf + to, l->len - to + 1);
  l->len -= to - from;
  l->cursor = from;
}

bool
tui_line_backspace (tui_line *l)
{
  if (l->cursor == 0)
    return false;
  erase_range (l, prev_boundary (l, l->cursor), l->cursor);
  return true;
}

bool
tui_line_delete (tui_line *l)
{
  if (l->cursor >= l->len)
    return false;
  size_t keep = l->cursor;
  erase_range (l, l->cursor, next_boundary (l, l->cursor));
  l->cursor = keep;
  return true;
}

bool
tui_line_left (tui_line *l)
{
  if (l->cursor == 0)
    return false;
  l->cursor = prev_boundary (l, l->cursor);
  return true;
}

bool
tui_line_right (tui_line *l)
{
  if (l->cursor >= l->len)
    return false;
  l->cursor = next_boundary (l, l->cursor);
  return true;
}

void
tui_line_home (tui_line *l)
{
  l->cursor = 0;
}

void
tui_line_end (tui_line *l)
{
  l->cursor = l->len;
}

bool
tui_line_kill_word (tui_line *l)
{
  if (l->cursor == 0)
    return false;
  size_t at = l->cursor;
  while (at > 0 && l->buf[at - 1] == ' ')
    at--;
  while (at > 0 && l->buf[at - 1] != ' ')
    at--;
  erase_range (l, at, l->cursor);
  return true;
}
