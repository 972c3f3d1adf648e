/* strv.c - string vectors. */
#include "config.h"

#include "core/strv.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

void
strv_push_owned (strv *s, char *str)
{
  if (s->n + 2 > s->cap)
    {
      s->cap = s->cap ? s->cap * 2 : 8;
      s->v = xreallocarray (s->v, s->cap, sizeof *s->v);
    }
  s->v[s->n++] = str;
  s->v[s->n] = NULL;
}

void
strv_push (strv *s, const char *str)
{
  strv_push_owned (s, xstrdup (str));
}

ssize_t
strv_index (const strv *s, const char *str)
{
  for (size_t i = 0; i < s->n; i++)
    if (strcmp (s->v[i], str) == 0)
      return (ssize_t) i;
  return -1;
}

bool
strv_contains (const strv *s, const char *str)
{
  return strv_index (s, str) >= 0;
}

bool
strv_add_unique (strv *s, const char *str)
{
  if (strv_contains (s, str))
    return false;
  strv_push (s, str);
  return true;
}

size_t
strv_remove (strv *s, const char *str)
{
  size_t removed = 0, j = 0;
  for (size_t i = 0; i < s->n; i++)
    {
      if (strcmp (s->v[i], str) == 0)
        {
          free (s->v[i]);
          removed++;
        }
      else
        s->v[j++] = s->v[i];
    }
  s->n = j;
  if (s->v)
    s->v[s->n] = NULL;
  return removed;
}

void
strv_copy (strv *dst, const strv *src)
{
  for (size_t i = 0; i < src->n; i++)
    strv_push (dst, src->v[i]);
}

void
strv_clear (strv *s)
{
  for (size_t i = 0; i < s->n; i++)
    free (s->v[i]);
  free (s->v);
  s->v = NULL;
  s->n = s->cap = 0;
}

static int
cmp_str (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

void
strv_sort (strv *s)
{
  if (s->n > 1)
    qsort (s->v, s->n, sizeof *s->v, cmp_str);
}

char *
strv_join (const strv *s, const char *sep)
{
  size_t len = 1, seplen = strlen (sep);
  for (size_t i = 0; i < s->n; i++)
    len += strlen (s->v[i]) + seplen;
  char *out = xmalloc (len), *p = out;
  for (size_t i = 0; i < s->n; i++)
    {
      if (i > 0)
        {
          memcpy (p, sep, seplen);
          p += seplen;
        }
      size_t l = strlen (s->v[i]);
      memcpy (p, s->v[i], l);
      p += l;
    }
  *p = '\0';
  return out;
}

json_t *
strv_to_json (const strv *s)
{
  json_t *a = json_array ();
  for (size_t i = 0; i < s->n; i++)
    json_array_append_new (a, json_string (s->v[i]));
  return a;
}
