/* capabilities.h - the table of Linux capabilities.
 *
 * Names are kept without the CAP_ prefix, upper case ("NET_BIND_SERVICE"),
 * as docker's --cap-add takes them. */
#ifndef HB_POLICY_CAPABILITIES_H
#define HB_POLICY_CAPABILITIES_H

#include "core/strv.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct hb_capability {
  const char *name;        /* "CHOWN" */
  int number;              /* CAP_CHOWN = 0 */
  bool docker_default;     /* one of the 14 Docker grants by default */
  const char *summary;     /* one sentence: what it allows */
  const char *risk;        /* what an attacker gains with it */
  const char *needed_by;   /* when an application legitimately needs it */
} hb_capability;

#define HB_CAP_COUNT 41

const hb_capability *hb_cap_table (size_t *n);
/* Look up "chown", "CAP_CHOWN", "Chown"; NULL when unknown. */
const hb_capability *hb_cap_lookup (const char *name);
const hb_capability *hb_cap_by_number (int number);
/* Normalised name ("NET_BIND_SERVICE") or NULL if unknown; "ALL" is kept. */
char *hb_cap_normalize (const char *name);
/* The effective set after Docker's rules: defaults, minus drop (ALL drops
 * every one), plus add (ALL adds every one).  Sorted by number. */
void hb_cap_effective (const strv *drop, const strv *add, strv *out);
/* The same as a 64-bit mask. */
unsigned long long hb_cap_effective_mask (const strv *drop, const strv *add);

#endif
