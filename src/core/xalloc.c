/* xalloc.c - aborting allocators. */
#include "config.h"

#include "core/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void __attribute__ ((noreturn))
oom (void)
{
  fputs ("hardenbench: out of memory\n", stderr);
  abort ();
}

void *
xmalloc (size_t size)
{
  void *p = malloc (size ? size : 1);
  if (p == NULL)
    oom ();
  return p;
}

void *
xcalloc (size_t n, size_t size)
{
  void *p = calloc (n ? n : 1, size ? size : 1);
  if (p == NULL)
    oom ();
  return p;
}

void *
xrealloc (void *ptr, size_t size)
{
  void *p = realloc (ptr, size ? size : 1);
  if (p == NULL)
    oom ();
  return p;
}

void *
xreallocarray (void *ptr, size_t n, size_t size)
{
  if (size != 0 && n > SIZE_MAX / size)
    oom ();
  return xrealloc (ptr, n * size);
}

char *
xstrdup (const char *s)
{
  char *p = strdup (s ? s : "");
  if (p == NULL)
    oom ();
  return p;
}

char *
xstrndup (const char *s, size_t n)
{
  char *p = strndup (s, n);
  if (p == NULL)
    oom ();
  return p;
}

char *
xvasprintf (const char *fmt, va_list ap)
{
  char *out = NULL;
  if (vasprintf (&out, fmt, ap) < 0)
    oom ();
  return out;
}

char *
xasprintf (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  char *out = xvasprintf (fmt, ap);
  va_end (ap);
  return out;
}
