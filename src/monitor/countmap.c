/* countmap.c - string -> count, first-seen order, open-addressing hash. */
#include "config.h"

#include "monitor/countmap.h"

#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

static size_t
hash_str (const char *s)
{
  size_t h = 1469598103934665603ull;   /* FNV-1a */
  for (; *s; s++)
    h = (h ^ (unsigned char) *s) * 1099511628211ull;
  return h;
}

static size_t *
find_slot (const hb_countmap *m, const char *key)
{
  if (m->n_slots == 0)
    return NULL;
  size_t i = hash_str (key) & (m->n_slots - 1);
  for (;;)
    {
      size_t *s = &m->slots[i];
      if (*s == 0 || strcmp (m->v[*s - 1].key, key) == 0)
        return s;
      i = (i + 1) & (m->n_slots - 1);
    }
}

static void
rehash (hb_countmap *m)
{
  size_t n_slots = m->n_slots ? m->n_slots * 2 : 64;
  free (m->slots);
  m->slots = xcalloc (n_slots, sizeof *m->slots);
  m->n_slots = n_slots;
  for (size_t k = 0; k < m->n; k++)
    *find_slot (m, m->v[k].key) = k + 1;
}

void
hb_countmap_add (hb_countmap *m, const char *key, uint64_t count)
{
  size_t *s = find_slot (m, key);
  if (s && *s)
    {
      m->v[*s - 1].count += count;
      return;
    }
  if (m->n == m->cap)
    {
      m->cap = m->cap ? m->cap * 2 : 16;
      m->v = xreallocarray (m->v, m->cap, sizeof *m->v);
    }
  m->v[m->n].key = xstrdup (key);
  m->v[m->n].count = count;
  m->n++;
  if (m->n * 2 > m->n_slots)
    rehash (m);
  else
    *s = m->n;
}

uint64_t
hb_countmap_get (const hb_countmap *m, const char *key)
{
  size_t *s = find_slot (m, key);
  return s && *s ? m->v[*s - 1].count : 0;
}

void
hb_countmap_clear (hb_countmap *m)
{
  for (size_t i = 0; i < m->n; i++)
    free (m->v[i].key);
  free (m->v);
  free (m->slots);
  memset (m, 0, sizeof *m);
}
