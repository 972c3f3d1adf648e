/* text.c - string helpers: sanitising, sizes, suggestions. */
#include "config.h"

#include "core/text.h"
#include "core/xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *
text_sanitize (const char *s)
{
  char *out = xstrdup (s ? s : "");
  for (unsigned char *p = (unsigned char *) out; *p; p++)
    {
      if (*p < 0x20 || *p == 0x7f)
        *p = '?';
      /* UTF-8 encodes C1 controls (U+0080..U+009F) as 0xC2 0x80..0x9F. */
      else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
        {
          p[0] = '?';
          p[1] = '?';
          p++;
        }
    }
  return out;
}

const char *
text_errno_name (int e, char buf[static 16])
{
  const char *name = e > 0 ? strerrorname_np (e) : NULL;
  if (name)
    return name;
  snprintf (buf, 16, "%d", e);
  return buf;
}

bool
text_has_prefix (const char *s, const char *prefix)
{
  return strncmp (s, prefix, strlen (prefix)) == 0;
}

bool
text_has_suffix (const char *s, const char *suffix)
{
  size_t ls = strlen (s), lx = strlen (suffix);
  return ls >= lx && strcmp (s + ls - lx, suffix) == 0;
}

bool
text_ieq (const char *a, const char *b)
{
  for (; *a && *b; a++, b++)
    if (tolower ((unsigned char) *a) != tolower ((unsigned char) *b))
      return false;
  return *a == *b;
}

char *
text_upper (const char *s)
{
  char *out = xstrdup (s);
  for (char *p = out; *p; p++)
    *p = (char) toupper ((unsigned char) *p);
  return out;
}

bool
text_parse_u64 (const char *s, uint64_t *out)
{
  if (s == NULL || !isdigit ((unsigned char) *s))
    return false;
  errno = 0;
  char *end = NULL;
  unsigned long long v = strtoull (s, &end, 10);
  if (errno != 0 || *end != '\0')
    return false;
  *out = v;
  return true;
}

int64_t
text_parse_size (const char *s)
{
  if (s == NULL || !isdigit ((unsigned char) *s))
    return -1;
  errno = 0;
  char *end = NULL;
  double v = strtod (s, &end);
  if (errno != 0 || end == s || !isfinite (v) || v < 0)
    return -1;
  double mult = 1;
  switch (tolower ((unsigned char) *end))
    {
    case '\0': mult = 1; break;
    case 'b': mult = 1; break;
    case 'k': mult = 1024.0; break;
    case 'm': mult = 1024.0 * 1024; break;
    case 'g': mult = 1024.0 * 1024 * 1024; break;
    case 't': mult = 1024.0 * 1024 * 1024 * 1024; break;
    default: return -1;
    }
  if (*end != '\0')
    {
      end++;
      /* accept "kb", "mib", "mb" like docker's units package */
      if (tolower ((unsigned char) *end) == 'i')
        end++;
      if (tolower ((unsigned char) *end) == 'b')
        end++;
      if (*end != '\0')
        return -1;
    }
  double bytes = v * mult;
  if (bytes >= 9.2e18)
    return -1;
  return (int64_t) bytes;
}

char *
text_format_size (int64_t bytes)
{
  static const struct { int64_t unit; const char *suffix; } units[] = {
    { 1024LL * 1024 * 1024 * 1024, "t" },
    { 1024LL * 1024 * 1024, "g" },
    { 1024LL * 1024, "m" },
    { 1024LL, "k" },
  };
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
    if (bytes > 0 && bytes % units[i].unit == 0)
      return xasprintf ("%" PRId64 "%s", bytes / units[i].unit, units[i].suffix);
  return xasprintf ("%" PRId64, bytes);
}

size_t
text_edit_distance (const char *a, const char *b)
{
  size_t la = strlen (a), lb = strlen (b);
  size_t *row = xcalloc (lb + 1, sizeof *row);
  for (size_t j = 0; j <= lb; j++)
    row[j] = j;
  for (size_t i = 1; i <= la; i++)
    {
      size_t diag = row[0];
      row[0] = i;
      for (size_t j = 1; j <= lb; j++)
        {
          size_t up = row[j];
          size_t cost = tolower ((unsigned char) a[i - 1]) == tolower ((unsigned char) b[j - 1]) ? 0 : 1;
          size_t best = diag + cost;
          if (up + 1 < best)
            best = up + 1;
          if (row[j - 1] + 1 < best)
            best = row[j - 1] + 1;
          row[j] = best;
          diag = up;
        }
    }
  size_t d = row[lb];
  free (row);
  return d;
}
