/* audit.h - CIS Docker Benchmark v1.6.0 checks (sections 4.1 and 5) that a
 * policy or a container's settings can decide, as a table. */
#ifndef HB_AUDIT_AUDIT_H
#define HB_AUDIT_AUDIT_H

#include "policy/policy.h"

#include <stddef.h>

typedef enum hb_check_status {
  HB_CHECK_PASS,
  HB_CHECK_FAIL,
  HB_CHECK_INFO,
  HB_CHECK_NA,
} hb_check_status;

typedef struct hb_check {
  const char *id;       /* "5.13" */
  const char *title;
  const char *fix;      /* the policy change or flag that makes it pass */
  hb_check_status (*test) (const hb_policy *p);
} hb_check;

typedef struct hb_check_result {
  const hb_check *check;
  hb_check_status status;
} hb_check_result;

typedef struct hb_audit {
  hb_check_result *results;
  size_t n;
  int pass, fail, total;
} hb_audit;

const hb_check *hb_audit_checks (size_t *n);
const hb_check *hb_audit_check_lookup (const char *id);
void hb_audit_run (const hb_policy *p, hb_audit *out);
void hb_audit_clear (hb_audit *a);
const char *hb_check_status_name (hb_check_status s);

#endif
