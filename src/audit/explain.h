/* explain.h - the teaching texts: capabilities, namespaces, seccomp actions,
 * syscalls, mount options, settings, security modules, Kubernetes controls
 * and the CIS checks (audited or not).  The same entries feed `hardenbench
 * explain` and the TUI's explanation pane. */
#ifndef HB_AUDIT_EXPLAIN_H
#define HB_AUDIT_EXPLAIN_H

#include <stddef.h>

typedef struct hb_explanation {
  const char *topic;     /* canonical name: "CAP_NET_BIND_SERVICE", "pid", "SCMP_ACT_ERRNO", "mount", "noexec", "5.13" */
  const char *kind;      /* "capability", "namespace", "seccomp action", "syscall", "mount option",
                            "setting", "security module", "Kubernetes control", "check" */
  const char *what;      /* what it is */
  const char *risk;      /* what an attacker gains from it */
  const char *needed;    /* when an application legitimately needs it */
  const char *control;   /* the flag or policy key that controls it */
} hb_explanation;

/* Look a topic up (case-insensitive; CAP_ prefix optional for capabilities).
 * The returned entry is static or cached for the process's lifetime. */
const hb_explanation *hb_explain_lookup (const char *topic);
/* Every entry a topic names, best first: the entry whose canonical name it
 * is, then entries it is an alias of, then a capability without CAP_
 * ("chown" is both the syscall and CAP_CHOWN).  Returns how many were found
 * (at most max are stored). */
size_t hb_explain_lookup_all (const char *topic, const hb_explanation **out, size_t max);
/* Up to max nearest topic names for an unknown topic, nearest first. */
size_t hb_explain_suggest (const char *topic, const char **out, size_t max);

/* All entries, grouped by kind in the order of the kinds above (for
 * `explain --list` and the TUI). */
size_t hb_explain_count (void);
const hb_explanation *hb_explain_at (size_t i);
/* The other names entry i answers to, space-separated ("io_uring_enter
 * io_uring_register io_uring"), or NULL. */
const char *hb_explain_aliases_at (size_t i);

#endif
