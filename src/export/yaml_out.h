/* yaml_out.h - emitting YAML through libyaml's event API (never by pasting
 * strings), with scalar styles chosen so that every value reads back as the
 * string it is: anything a YAML 1.1 parser could take for a bool, null,
 * number, alias, tag or comment is quoted. */
#ifndef HB_EXPORT_YAML_OUT_H
#define HB_EXPORT_YAML_OUT_H

#include "core/error.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <yaml.h>

typedef struct hb_yaml {
  yaml_emitter_t emitter;
  bool failed;
  char *problem;
  bool escape_dollar;   /* compose interpolates $VAR: write "$" as "$$" */
} hb_yaml;

void hb_yaml_begin (hb_yaml *y, FILE *out, bool escape_dollar);
/* Close the document and stream; reports the first emitter error. */
int hb_yaml_end (hb_yaml *y, const char *what, hb_error **err);

void hb_yaml_map_start (hb_yaml *y);
void hb_yaml_map_end (hb_yaml *y);
void hb_yaml_seq_start (hb_yaml *y);
void hb_yaml_seq_end (hb_yaml *y);
/* "{}" */
void hb_yaml_empty_map (hb_yaml *y);

/* A string scalar, quoted when needed. */
void hb_yaml_str (hb_yaml *y, const char *s);
void hb_yaml_int (hb_yaml *y, long long v);
void hb_yaml_bool (hb_yaml *y, bool v);
/* A number written with %g (cpus). */
void hb_yaml_double (hb_yaml *y, double v);

/* key: value shorthands */
void hb_yaml_kv_str (hb_yaml *y, const char *key, const char *value);
void hb_yaml_kv_int (hb_yaml *y, const char *key, long long value);
void hb_yaml_kv_bool (hb_yaml *y, const char *key, bool value);

/* Would a YAML 1.1 parser read s, written plain, as the string s? */
bool hb_yaml_plain_safe (const char *s);

#endif
