/* engine_json.h - reading JSON that an engine sent: hostile by assumption.
 *
 * Parsing bounds the nesting depth and rejects "\u0000" inside strings (C
 * would truncate "/safe\u0000/../etc").  The accessors check every type: a
 * missing key or null reads as absent, a wrong type is an error naming the
 * JSON path.  All errors carry HB_EXIT_ENGINE. */
#ifndef HB_ENGINE_ENGINE_JSON_H
#define HB_ENGINE_ENGINE_JSON_H

#include "core/error.h"
#include "core/strv.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define HB_ENGINE_JSON_MAX_DEPTH 64

/* Parse a response body (a new reference).  what names it in errors. */
json_t *hb_engine_json_parse (const char *text, size_t len, const char *what, hb_error **err);

/* Each returns 0 (found), 1 (absent or null) or -1 (wrong type, *err set).
 * ctx is the path of obj (".HostConfig") for messages. */
int hb_jget_string (json_t *obj, const char *key, const char *ctx, const char **out,
                    hb_error **err);
int hb_jget_int (json_t *obj, const char *key, const char *ctx, int64_t *out, hb_error **err);
int hb_jget_bool (json_t *obj, const char *key, const char *ctx, bool *out, hb_error **err);
int hb_jget_object (json_t *obj, const char *key, const char *ctx, json_t **out,
                    hb_error **err);
int hb_jget_array (json_t *obj, const char *key, const char *ctx, json_t **out,
                   hb_error **err);
/* An array of strings appended to out. */
int hb_jget_strv (json_t *obj, const char *key, const char *ctx, strv *out, hb_error **err);
/* The keys of an object ({"80/tcp": {}}) appended to out, sorted. */
int hb_jget_keys (json_t *obj, const char *key, const char *ctx, strv *out, hb_error **err);

#endif
