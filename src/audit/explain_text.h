/* explain_text.h - the hand-written teaching texts (explain_text.c), kept
 * apart from the lookup code.  Capabilities are not here: their texts are
 * the capability table's (policy/capabilities.c). */
#ifndef HB_AUDIT_EXPLAIN_TEXT_H
#define HB_AUDIT_EXPLAIN_TEXT_H

#include <stddef.h>

typedef struct hb_explain_text {
  const char *topic;
  const char *aliases;   /* other names for the same entry, space-separated, or NULL */
  const char *kind;
  const char *what;
  const char *risk;
  const char *needed;
  const char *control;
} hb_explain_text;

/* Namespaces, seccomp actions, syscalls, mount options and settings. */
extern const hb_explain_text hb_explain_texts[];
extern const size_t hb_explain_n_texts;

/* One per audit check id; the control text is the check's fix. */
typedef struct hb_check_text {
  const char *id;
  const char *what;
  const char *risk;
  const char *needed;
} hb_check_text;

extern const hb_check_text hb_check_texts[];
extern const size_t hb_check_n_texts;

#endif
