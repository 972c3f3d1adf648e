/* explain_text.h - the hand-written teaching texts (explain_text.c), kept
 * apart from the lookup code.  Capabilities are not here: their texts are
 * the capability table's (policy/capabilities.c).  No text says what the
 * default seccomp profile does: explain.c adds that sentence, computed from
 * the profile, for the syscalls an entry names. */
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
  const char *syscalls;  /* the syscalls whose treatment by the default seccomp profile
                            the control text begins with, space-separated; NULL: for a
                            syscall entry its name and aliases, for others none */
} hb_explain_text;

/* Namespaces, seccomp actions, syscalls, mount options, settings, security
 * modules and Kubernetes controls, grouped by kind in that order. */
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

/* The CIS Docker Benchmark v1.6.0 section 5 checks a policy does not decide
 * (they are not audited): why, and how to check them by hand. */
typedef struct hb_undecided_check {
  const char *id;
  const char *title;
  const char *why;       /* why a policy cannot decide it */
  const char *risk;
  const char *control;   /* what to do about it */
} hb_undecided_check;

extern const hb_undecided_check hb_undecided_checks[];
extern const size_t hb_undecided_n_checks;

#endif
