/* yaml_out.c - YAML through libyaml events, with safe scalar styles. */
#include "config.h"

#include "export/yaml_out.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The first problem is the one reported. */
static void
set_failed (hb_yaml *y, const char *problem)
{
  if (y->failed)
    return;
  y->failed = true;
  y->problem = xstrdup (problem);
}

static void
emit (hb_yaml *y, yaml_event_t *ev)
{
  if (y->failed)
    {
      yaml_event_delete (ev);
      return;
    }
  if (!yaml_emitter_emit (&y->emitter, ev))
    set_failed (y, y->emitter.problem ? y->emitter.problem : "emitter error");
}

void
hb_yaml_begin (hb_yaml *y, FILE *out, bool escape_dollar)
{
  memset (y, 0, sizeof *y);
  y->escape_dollar = escape_dollar;
  yaml_emitter_initialize (&y->emitter);
  yaml_emitter_set_output_file (&y->emitter, out);
  yaml_emitter_set_unicode (&y->emitter, 1);
  yaml_emitter_set_width (&y->emitter, -1);
  yaml_emitter_set_indent (&y->emitter, 2);
  yaml_event_t ev;
  yaml_stream_start_event_initialize (&ev, YAML_UTF8_ENCODING);
  emit (y, &ev);
  yaml_document_start_event_initialize (&ev, NULL, NULL, NULL, 1);
  emit (y, &ev);
}

int
hb_yaml_end (hb_yaml *y, const char *what, hb_error **err)
{
  yaml_event_t ev;
  yaml_document_end_event_initialize (&ev, 1);
  emit (y, &ev);
  yaml_stream_end_event_initialize (&ev);
  emit (y, &ev);
  if (!y->failed && !yaml_emitter_flush (&y->emitter))
    set_failed (y, "cannot write the output");
  yaml_emitter_delete (&y->emitter);
  if (y->failed)
    {
      hb_fail (err, HB_EXIT_FAILURE, "%s: YAML: %s", what, y->problem);
      free (y->problem);
      y->problem = NULL;
      return -1;
    }
  return 0;
}

typedef enum { MAP_START, MAP_END, SEQ_START, SEQ_END, FLOW_MAP_START } collection_event;

/* The start or end of a mapping or a sequence: block style, but for the
 * flow "{}" of an empty mapping. */
static void
collection (hb_yaml *y, collection_event what)
{
  yaml_event_t ev;
  switch (what)
    {
    case MAP_START:
    case FLOW_MAP_START:
      yaml_mapping_start_event_initialize (&ev, NULL, NULL, 1,
                                           what == MAP_START ? YAML_BLOCK_MAPPING_STYLE
                                                             : YAML_FLOW_MAPPING_STYLE);
      break;
    case MAP_END:
      yaml_mapping_end_event_initialize (&ev);
      break;
    case SEQ_START:
      yaml_sequence_start_event_initialize (&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
      break;
    case SEQ_END:
      yaml_sequence_end_event_initialize (&ev);
      break;
    }
  emit (y, &ev);
}

void
hb_yaml_map_start (hb_yaml *y)
{
  collection (y, MAP_START);
}

void
hb_yaml_map_end (hb_yaml *y)
{
  collection (y, MAP_END);
}

void
hb_yaml_seq_start (hb_yaml *y)
{
  collection (y, SEQ_START);
}

void
hb_yaml_seq_end (hb_yaml *y)
{
  collection (y, SEQ_END);
}

void
hb_yaml_empty_map (hb_yaml *y)
{
  collection (y, FLOW_MAP_START);
  collection (y, MAP_END);
}

static void
scalar (hb_yaml *y, const char *s, yaml_scalar_style_t style)
{
  yaml_event_t ev;
  /* plain_implicit only for plain scalars: a quoted one is a string by its
   * quotes. */
  if (!yaml_scalar_event_initialize (&ev, NULL, NULL, (yaml_char_t *) (uintptr_t) s, (int) strlen (s),
                                     style == YAML_PLAIN_SCALAR_STYLE,
                                     style != YAML_PLAIN_SCALAR_STYLE, style))
    {
      set_failed (y, "cannot build a scalar");
      return;
    }
  emit (y, &ev);
}

static bool
word_in (const char *s, const char *const *list)
{
  for (size_t i = 0; list[i]; i++)
    if (text_ieq (s, list[i]))
      return true;
  return false;
}

bool
hb_yaml_plain_safe (const char *s)
{
  /* YAML 1.1 booleans and nulls (PyYAML and compose read 1.1). */
  static const char *const special[] = {
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", NULL,
  };
  if (*s == '\0' || word_in (s, special))
    return false;
  unsigned char first = (unsigned char) s[0];
  /* A letter, '/' or '_' first: never a number, alias (*), anchor (&), tag
   * (!), flow or block indicator, comment, directive or quote. */
  if (!(isalpha (first) || first == '/' || first == '_') || first >= 0x80)
    return false;
  for (const char *c = s; *c; c++)
    {
      unsigned char ch = (unsigned char) *c;
      if (!(isalnum (ch) || strchr ("_-./=+", ch)) || ch >= 0x80)
        return false;
    }
  return true;
}

void
hb_yaml_str (hb_yaml *y, const char *s)
{
  cleanup_free char *escaped = NULL;
  if (y->escape_dollar && strchr (s, '$'))
    {
      size_t n = 0;
      for (const char *c = s; *c; c++)
        n += *c == '$';
      escaped = xmalloc (strlen (s) + n + 1);
      char *o = escaped;
      for (const char *c = s; *c; c++)
        {
          *o++ = *c;
          if (*c == '$')
            *o++ = '$';
        }
      *o = '\0';
      s = escaped;
    }
  scalar (y, s, hb_yaml_plain_safe (s) ? YAML_PLAIN_SCALAR_STYLE : YAML_DOUBLE_QUOTED_SCALAR_STYLE);
}

void
hb_yaml_int (hb_yaml *y, long long v)
{
  char buf[32];
  snprintf (buf, sizeof buf, "%lld", v);
  scalar (y, buf, YAML_PLAIN_SCALAR_STYLE);
}

void
hb_yaml_bool (hb_yaml *y, bool v)
{
  scalar (y, v ? "true" : "false", YAML_PLAIN_SCALAR_STYLE);
}

void
hb_yaml_double (hb_yaml *y, double v)
{
  char buf[64];
  snprintf (buf, sizeof buf, "%g", v);
  /* "1" would read back as an int; compose and k8s accept both. */
  scalar (y, buf, YAML_PLAIN_SCALAR_STYLE);
}

void
hb_yaml_kv_str (hb_yaml *y, const char *key, const char *value)
{
  hb_yaml_str (y, key);
  hb_yaml_str (y, value);
}

void
hb_yaml_kv_int (hb_yaml *y, const char *key, long long value)
{
  hb_yaml_str (y, key);
  hb_yaml_int (y, value);
}

void
hb_yaml_kv_bool (hb_yaml *y, const char *key, bool value)
{
  hb_yaml_str (y, key);
  hb_yaml_bool (y, value);
}
