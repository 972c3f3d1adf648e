/* shell_quote.c - POSIX shell quoting of words and command lines. */
#include "config.h"

#include "export/shell_quote.h"
#include "core/xalloc.h"

#include <stdbool.h>
#include <string.h>

static bool
is_bare_safe (const char *w)
{
  if (*w == '\0')
    return false;
  for (const char *c = w; *c; c++)
    {
      unsigned char ch = (unsigned char) *c;
      bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                || strchr ("_-./:=,@%+", ch) != NULL;
      if (!ok)
        return false;
    }
  /* '=' in the first word of a line would make it an assignment; '~' and
   * '#' are special only at the start, and are not in the safe set. */
  return true;
}

char *
hb_shell_quote (const char *word)
{
  if (is_bare_safe (word))
    return xstrdup (word);
  size_t quotes = 0;
  for (const char *c = word; *c; c++)
    quotes += *c == '\'';
  char *out = xmalloc (strlen (word) + quotes * 3 + 3), *o = out;
  *o++ = '\'';
  for (const char *c = word; *c; c++)
    {
      if (*c == '\'')
        {
          memcpy (o, "'\\''", 4);
          o += 4;
        }
      else
        *o++ = *c;
    }
  *o++ = '\'';
  *o = '\0';
  return out;
}

char *
hb_shell_join (const strv *argv)
{
  strv quoted = { 0 };
  for (size_t i = 0; i < argv->n; i++)
    strv_push_owned (&quoted, hb_shell_quote (argv->v[i]));
  char *line = strv_join (&quoted, " ");
  strv_clear (&quoted);
  return line;
}
