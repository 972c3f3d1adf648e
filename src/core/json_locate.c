/* json_locate.c - a minimal JSON scanner that tracks the current path.
 *
 * The input was already validated by jansson, so this only has to walk the
 * structure; on anything unexpected it gives up (returns -1) and the caller
 * prints the message without a position. */
#include "config.h"

#include "core/json_locate.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct scanner {
  const char *s;
  size_t len, pos;
  int line, col;
} scanner;

static void
advance (scanner *sc)
{
  if (sc->pos >= sc->len)
    return;
  if (sc->s[sc->pos] == '\n')
    {
      sc->line++;
      sc->col = 1;
    }
  else if (((unsigned char) sc->s[sc->pos] & 0xc0) != 0x80)
    sc->col++;   /* count characters, not UTF-8 continuation bytes */
  sc->pos++;
}

static void
skip_ws (scanner *sc)
{
  while (sc->pos < sc->len && strchr (" \t\r\n", sc->s[sc->pos]) && sc->s[sc->pos])
    advance (sc);
}

/* Scan a string token; when out is not NULL, store its raw bytes (escapes
 * kept except \" and \\, enough to compare plain keys). */
static int
scan_string (scanner *sc, char **out)
{
  if (sc->pos >= sc->len || sc->s[sc->pos] != '"')
    return -1;
  advance (sc);
  size_t cap = 32, n = 0;
  char *buf = out ? xmalloc (cap) : NULL;
  while (sc->pos < sc->len && sc->s[sc->pos] != '"')
    {
      char c = sc->s[sc->pos];
      if (c == '\\')
        {
          advance (sc);
          if (sc->pos >= sc->len)
            break;
          c = sc->s[sc->pos];
          if (c != '"' && c != '\\' && c != '/' && buf)
            {
              if (n + 2 >= cap)
                buf = xrealloc (buf, cap *= 2);
              buf[n++] = '\\';
            }
        }
      if (buf)
        {
          if (n + 2 >= cap)
            buf = xrealloc (buf, cap *= 2);
          buf[n++] = c;
        }
      advance (sc);
    }
  if (sc->pos >= sc->len)
    {
      free (buf);
      return -1;
    }
  advance (sc);
  if (buf)
    {
      buf[n] = '\0';
      *out = buf;
    }
  return 0;
}

static int scan_value (scanner *sc, const char *cur, const char *want, bool want_key,
                       int *line, int *col, int depth);

static int
scan_value (scanner *sc, const char *cur, const char *want, bool want_key, int *line,
            int *col, int depth)
{
  skip_ws (sc);
  if (sc->pos >= sc->len || depth > 256)
    return -1;
  if (strcmp (cur, want) == 0 && !want_key)
    {
      *line = sc->line;
      *col = sc->col;
      return 1;
    }
  /* Only descend where the wanted path continues. */
  bool inside = strncmp (want, cur, strlen (cur)) == 0;
  char c = sc->s[sc->pos];
  if (c == '{')
    {
      advance (sc);
      skip_ws (sc);
      if (sc->pos < sc->len && sc->s[sc->pos] == '}')
        {
          advance (sc);
          return 0;
        }
      for (;;)
        {
          skip_ws (sc);
          int kline = sc->line, kcol = sc->col;
          char *key = NULL;
          if (scan_string (sc, inside ? &key : NULL) < 0)
            return -1;
          char *child = inside ? json_path_key (cur, key) : NULL;
          free (key);
          if (child && want_key && strcmp (child, want) == 0)
            {
              free (child);
              *line = kline;
              *col = kcol;
              return 1;
            }
          skip_ws (sc);
          if (sc->pos >= sc->len || sc->s[sc->pos] != ':')
            {
              free (child);
              return -1;
            }
          advance (sc);
          int r = scan_value (sc, child ? child : "\x01", want, want_key, line, col, depth + 1);
          free (child);
          if (r != 0)
            return r;
          skip_ws (sc);
          if (sc->pos < sc->len && sc->s[sc->pos] == ',')
            {
              advance (sc);
              continue;
            }
          if (sc->pos < sc->len && sc->s[sc->pos] == '}')
            {
              advance (sc);
              return 0;
            }
          return -1;
        }
    }
  if (c == '[')
    {
      advance (sc);
      skip_ws (sc);
      if (sc->pos < sc->len && sc->s[sc->pos] == ']')
        {
          advance (sc);
          return 0;
        }
      for (size_t idx = 0;; idx++)
        {
          char *child = inside ? json_path_index (cur, idx) : NULL;
          int r = scan_value (sc, child ? child : "\x01", want, want_key, line, col, depth + 1);
          free (child);
          if (r != 0)
            return r;
          skip_ws (sc);
          if (sc->pos < sc->len && sc->s[sc->pos] == ',')
            {
              advance (sc);
              continue;
            }
          if (sc->pos < sc->len && sc->s[sc->pos] == ']')
            {
              advance (sc);
              return 0;
            }
          return -1;
        }
    }
  if (c == '"')
    return scan_string (sc, NULL) < 0 ? -1 : 0;
  /* number, true, false, null */
  while (sc->pos < sc->len && !strchr (",]} \t\r\n", sc->s[sc->pos]))
    advance (sc);
  return 0;
}

int
json_locate (const char *text, size_t len, const char *path, bool want_key, int *line,
             int *column)
{
  scanner sc = { text, len, 0, 1, 1 };
  if (len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    sc.pos = 3;
  int r = scan_value (&sc, "", path, want_key, line, column, 0);
  return r == 1 ? 0 : -1;
}

int
json_locate_elements (const char *text, size_t len, const char *path, size_t n, int *lines,
                      int *columns)
{
  scanner sc = { text, len, 0, 1, 1 };
  if (len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    sc.pos = 3;
  int line, col;
  if (scan_value (&sc, "", path, false, &line, &col, 0) != 1 || sc.s[sc.pos] != '[')
    return -1;
  advance (&sc);
  skip_ws (&sc);
  if (sc.pos < sc.len && sc.s[sc.pos] == ']')
    return 0;
  for (size_t idx = 0;; idx++)
    {
      skip_ws (&sc);
      if (idx < n)
        {
          lines[idx] = sc.line;
          columns[idx] = sc.col;
        }
      /* "\x01" is never a prefix of "\x02": the element is skipped without
       * building the paths inside it. */
      if (scan_value (&sc, "\x01", "\x02", false, &line, &col, 1) != 0)
        return -1;
      skip_ws (&sc);
      if (sc.pos < sc.len && sc.s[sc.pos] == ',')
        {
          advance (&sc);
          continue;
        }
      if (sc.pos < sc.len && sc.s[sc.pos] == ']')
        return (int) (idx + 1 < n ? idx + 1 : n);
      return -1;
    }
}

/* Built by hand: parsing a profile makes one path per array element, and
 * vasprintf was a tenth of the cost of loading the default profile. */
char *
json_path_key (const char *base, const char *key)
{
  size_t b = strlen (base), k = strlen (key);
  char *p = xmalloc (b + k + 2);
  memcpy (p, base, b);
  p[b] = '.';
  memcpy (p + b + 1, key, k + 1);
  return p;
}

char *
json_path_index (const char *base, size_t index)
{
  char digits[24];
  size_t n = 0;
  do
    {
      digits[n++] = (char) ('0' + index % 10);
      index /= 10;
    }
  while (index > 0);
  size_t b = strlen (base);
  char *p = xmalloc (b + n + 3);
  memcpy (p, base, b);
  p[b] = '[';
  for (size_t i = 0; i < n; i++)
    p[b + 1 + i] = digits[n - 1 - i];
  p[b + 1 + n] = ']';
  p[b + 2 + n] = '\0';
  return p;
}
