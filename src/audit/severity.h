/* severity.h - how much a failing audit check matters, for `audit
 * --fail-on LEVEL` and the severity each check shows.  The CIS benchmark
 * ranks no recommendation above another: the ranks are hardenbench's, by
 * what a failure gives code running in the container (severity.c). */
#ifndef HB_AUDIT_SEVERITY_H
#define HB_AUDIT_SEVERITY_H

#include "audit/audit.h"

#include <stdbool.h>

typedef enum hb_severity {
  HB_SEV_UNRANKED = 0, /* a check missing from severity.c's table */
  HB_SEV_LOW,     /* resource exhaustion, hygiene */
  HB_SEV_MEDIUM,      /* more privilege inside the container */
  HB_SEV_HIGH,        /* a host namespace or the whole syscall surface */
  HB_SEV_CRITICAL,    /* the host itself */
} hb_severity;

/* The severity of check c (every check of the table has one). */
hb_severity hb_check_severity (const hb_check *c);
/* Does a failure of severity s count for --fail-on level?  An unranked
 * check counts at every level. */
bool hb_severity_at_least (hb_severity s, hb_severity level);
/* "low", "medium", "high", "critical" ("unranked"). */
const char *hb_severity_name (hb_severity s);
/* The level named (case-insensitive), or HB_SEV_UNRANKED when name is
 * none of them. */
hb_severity hb_severity_parse (const char *name);
/* "low, medium, high, critical", for messages and help. */
#define HB_SEVERITY_NAMES "low, medium, high, critical"

#endif
