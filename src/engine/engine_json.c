/* engine_json.c - bounded parsing and type-checked access to engine JSON. */
#include "config.h"

#include "engine/engine_json.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <string.h>

/* Deeper than max nesting?  Scans outside strings only. */
static bool
too_deep (const char *text, size_t len, int max)
{
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < len; i++)
    {
      char c = text[i];
      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = false;
          continue;
        }
      if (c == '"')
        in_string = true;
      else if (c == '[' || c == '{')
        {
          if (++depth > max)
            return true;
        }
      else if (c == ']' || c == '}')
        depth--;
    }
  return false;
}

json_t *
hb_engine_json_parse (const char *text, size_t len, const char *what, hb_error **err)
{
  if (too_deep (text, len, HB_ENGINE_JSON_MAX_DEPTH))
    {
      hb_fail (err, HB_EXIT_ENGINE, "%s: JSON nested deeper than %d levels, refused", what,
               HB_ENGINE_JSON_MAX_DEPTH);
      return NULL;
    }
  json_error_t jerr;
  /* No JSON_ALLOW_NUL: a "\u0000" inside a string is a parse error. */
  json_t *j = json_loadb (text, len, 0, &jerr);
  if (j == NULL)
    {
      cleanup_free char *why = text_sanitize (jerr.text);
      hb_fail (err, HB_EXIT_ENGINE, "%s: malformed JSON at line %d column %d: %s", what,
               jerr.line, jerr.column, why);
      return NULL;
    }
  return j;
}

static int
wrong_type (const char *ctx, const char *key, const char *want, hb_error **err)
{
  cleanup_free char *k = text_sanitize (key);
  return hb_fail (err, HB_EXIT_ENGINE, "engine response %s.%s: expected %s", ctx, k, want);
}

static json_t *
member (json_t *obj, const char *key)
{
  if (!json_is_object (obj))
    return NULL;
  json_t *v = json_object_get (obj, key);
  return json_is_null (v) ? NULL : v;
}

int
hb_jget_string (json_t *obj, const char *key, const char *ctx, const char **out, hb_error **err)
{
  *out = NULL;
  json_t *v = member (obj, key);
  if (v == NULL)
    return 1;
  if (!json_is_string (v))
    return wrong_type (ctx, key, "a string", err);
  *out = json_string_value (v);
  return 0;
}

int
hb_jget_int (json_t *obj, const char *key, const char *ctx, int64_t *out, hb_error **err)
{
  *out = 0;
  json_t *v = member (obj, key);
  if (v == NULL)
    return 1;
  if (json_is_integer (v))
    {
      *out = (int64_t) json_integer_value (v);
      return 0;
    }
  if (json_is_real (v))
    {
      double d = json_real_value (v);
      /* 2^63 and beyond, or a fraction: not an engine integer. */
      if (d >= -9.2e18 && d <= 9.2e18 && d == (double) (int64_t) d)
        {
          *out = (int64_t) d;
          return 0;
        }
    }
  return wrong_type (ctx, key, "an integer", err);
}

int
hb_jget_bool (json_t *obj, const char *key, const char *ctx, bool *out, hb_error **err)
{
  *out = false;
  json_t *v = member (obj, key);
  if (v == NULL)
    return 1;
  if (!json_is_boolean (v))
    return wrong_type (ctx, key, "true or false", err);
  *out = json_is_true (v);
  return 0;
}

int
hb_jget_object (json_t *obj, const char *key, const char *ctx, json_t **out, hb_error **err)
{
  *out = NULL;
  json_t *v = member (obj, key);
  if (v == NULL)
    return 1;
  if (!json_is_object (v))
    return wrong_type (ctx, key, "an object", err);
  *out = v;
  return 0;
}

int
hb_jget_array (json_t *obj, const char *key, const char *ctx, json_t **out, hb_error **err)
{
  *out = NULL;
  json_t *v = member (obj, key);
  if (v == NULL)
    return 1;
  if (!json_is_array (v))
    return wrong_type (ctx, key, "a list", err);
  *out = v;
  return 0;
}

int
hb_jget_strv (json_t *obj, const char *key, const char *ctx, strv *out, hb_error **err)
{
  json_t *arr;
  int r = hb_jget_array (obj, key, ctx, &arr, err);
  if (r != 0)
    return r;
  size_t i;
  json_t *v;
  json_array_foreach (arr, i, v)
    if (!json_is_string (v))
      return wrong_type (ctx, key, "a list of strings", err);
  json_array_foreach (arr, i, v)
    strv_push (out, json_string_value (v));
  return 0;
}

int
hb_jget_keys (json_t *obj, const char *key, const char *ctx, strv *out, hb_error **err)
{
  json_t *o;
  int r = hb_jget_object (obj, key, ctx, &o, err);
  if (r != 0)
    return r;
  const char *k;
  json_t *v;
  cleanup_strv strv keys = { 0 };
  json_object_foreach (o, k, v)
    strv_push (&keys, k);
  strv_sort (&keys);
  for (size_t i = 0; i < keys.n; i++)
    strv_push (out, keys.v[i]);
  return 0;
}
