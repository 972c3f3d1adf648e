/* strv.h - a growable, NULL-terminated vector of owned strings. */
#ifndef HB_CORE_STRV_H
#define HB_CORE_STRV_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct strv {
  char **v;     /* NULL-terminated when n > 0; may be NULL when empty */
  size_t n;
  size_t cap;
} strv;

void strv_push (strv *s, const char *str);
void strv_push_owned (strv *s, char *str);
/* Push unless an equal string is there already; returns true if pushed. */
bool strv_add_unique (strv *s, const char *str);
/* Remove every element equal to str; returns how many were removed. */
size_t strv_remove (strv *s, const char *str);
ssize_t strv_index (const strv *s, const char *str);
bool strv_contains (const strv *s, const char *str);
void strv_copy (strv *dst, const strv *src);
void strv_clear (strv *s);
void strv_sort (strv *s);
/* A joined copy, e.g. strv_join (s, ",") */
char *strv_join (const strv *s, const char *sep);
/* A new JSON array of the strings, in order. */
json_t *strv_to_json (const strv *s);

static inline void
cleanup_strvp (strv *s)
{
  strv_clear (s);
}
#define cleanup_strv __attribute__ ((cleanup (cleanup_strvp)))

#endif
