/* audit.c - running the check table over a policy and scoring it.  The
 * score counts decided checks only: info and n/a are shown, not scored. */
#include "config.h"

#include "audit/audit.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

void
hb_audit_run (const hb_policy *p, hb_audit *out)
{
  size_t n;
  const hb_check *checks = hb_audit_checks (&n);
  memset (out, 0, sizeof *out);
  out->results = xcalloc (n, sizeof *out->results);
  out->n = n;
  for (size_t i = 0; i < n; i++)
    {
      hb_check_status st = checks[i].test (p);
      out->results[i].check = &checks[i];
      out->results[i].status = st;
      if (st == HB_CHECK_PASS)
        out->pass++;
      else if (st == HB_CHECK_FAIL)
        out->fail++;
    }
  out->total = out->pass + out->fail;
}

void
hb_audit_clear (hb_audit *a)
{
  free (a->results);
  memset (a, 0, sizeof *a);
}

const char *
hb_check_status_name (hb_check_status s)
{
  switch (s)
    {
    case HB_CHECK_PASS: return "pass";
    case HB_CHECK_FAIL: return "fail";
    case HB_CHECK_INFO: return "info";
    case HB_CHECK_NA: return "n/a";
    }
  return "?";
}
