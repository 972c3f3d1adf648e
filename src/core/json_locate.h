/* json_locate.h - where a value sits in JSON text, for error messages.
 *
 * jansson reports line:column only for syntax errors; a semantic error
 * (".capabilities.ad: unknown key") must point into the file as well.  This
 * re-scans text that jansson already accepted and finds a path such as
 * ".capabilities.drop[2]" or ".syscalls[4].names[0]". */
#ifndef HB_CORE_JSON_LOCATE_H
#define HB_CORE_JSON_LOCATE_H

#include <stdbool.h>
#include <stddef.h>

/* On success sets *line and *column (1-based) to the start of the value at
 * path, or of its key when want_key (for "unknown key" errors), and returns
 * 0; returns -1 when the path is not found.  Path "" is the document. */
int json_locate (const char *text, size_t len, const char *path, bool want_key, int *line,
                 int *column);

/* Locate the first n elements of the array at path in one pass (locating
 * them one by one re-scans the text each time: quadratic in a profile of
 * many rules).  Sets lines[i] and columns[i] of each element found and
 * returns how many were found, or -1 when path is not an array. */
int json_locate_elements (const char *text, size_t len, const char *path, size_t n, int *lines,
                          int *columns);

/* Append ".key" or "[index]" to a path buffer (newly allocated). */
char *json_path_key (const char *base, const char *key);
char *json_path_index (const char *base, size_t index);

#endif
