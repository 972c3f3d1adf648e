/* text.h - small string helpers shared by every subsystem. */
#ifndef HB_CORE_TEXT_H
#define HB_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A copy with C0/C1 control characters (escape sequences included) replaced
 * by '?', so text from containers or engines can be printed or drawn. */
char *text_sanitize (const char *s);
/* The name of errno e ("EROFS" for 30), or e as a number in buf when it
 * has none (0, negative, unknown). */
const char *text_errno_name (int e, char buf[static 16]);
bool text_has_prefix (const char *s, const char *prefix);
bool text_has_suffix (const char *s, const char *suffix);
/* Case-insensitive ASCII equality. */
bool text_ieq (const char *a, const char *b);
/* Upper-case copy (ASCII). */
char *text_upper (const char *s);
/* Parse a docker-style size ("64m", "1g", "512k", "1024", "1.5g") into bytes.
 * Returns -1 when malformed or out of range. */
int64_t text_parse_size (const char *s);
/* Format bytes the way docker users write them: "256m", "1g", or plain bytes. */
char *text_format_size (int64_t bytes);
/* Strict decimal parse of a whole non-negative integer into *out. */
bool text_parse_u64 (const char *s, uint64_t *out);
/* Levenshtein distance, for "did you mean" suggestions. */
size_t text_edit_distance (const char *a, const char *b);

#endif
