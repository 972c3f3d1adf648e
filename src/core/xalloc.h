/* xalloc.h - allocation that aborts on out-of-memory, as crun does:
 * a tool like this cannot do anything useful without memory, and NULL checks
 * after every allocation would hide the real error paths. */
#ifndef HB_CORE_XALLOC_H
#define HB_CORE_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc (size_t size);
void *xcalloc (size_t n, size_t size);
void *xrealloc (void *ptr, size_t size);
/* Grow an array of n elements of size to hold at least want elements. */
void *xreallocarray (void *ptr, size_t n, size_t size);
char *xstrdup (const char *s);
char *xstrndup (const char *s, size_t n);
char *xasprintf (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));
char *xvasprintf (const char *fmt, va_list ap) __attribute__ ((format (printf, 1, 0)));

#endif
