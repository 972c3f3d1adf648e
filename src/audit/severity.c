/* severity.c - each audit check's severity, by what its failure gives code
 * running in the container:
 *   critical  the host: --privileged, the Docker socket, the host's system
 *             directories mounted;
 *   high      a host namespace (network, pid, ipc, user) or every syscall
 *             the kernel has (seccomp off);
 *   medium    more privilege inside the container: root, capabilities
 *             beyond need, a writable root, setuid gains, sshd, the host's
 *             UTS namespace (its hostname only);
 *   low       availability and hygiene: memory, CPU and pid limits, the
 *             default bridge. */
#include "config.h"

#include "audit/severity.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

static const struct {
  const char *id;
  hb_severity severity;
} table[] = {
  { "4.1", HB_SEV_MEDIUM },   { "5.4", HB_SEV_MEDIUM },   { "5.5", HB_SEV_CRITICAL },
  { "5.6", HB_SEV_CRITICAL }, { "5.7", HB_SEV_MEDIUM },   { "5.10", HB_SEV_HIGH },
  { "5.11", HB_SEV_LOW },     { "5.13", HB_SEV_MEDIUM },
  { "5.16", HB_SEV_HIGH },    { "5.17", HB_SEV_HIGH },    { "5.21", HB_SEV_MEDIUM },
  { "5.22", HB_SEV_HIGH },    { "5.26", HB_SEV_MEDIUM },  { "5.29", HB_SEV_LOW },
  { "5.30", HB_SEV_LOW },     { "5.31", HB_SEV_HIGH },    { "5.32", HB_SEV_CRITICAL },
};

static const char *const names[] = {
  [HB_SEV_LOW] = "low", [HB_SEV_MEDIUM] = "medium", [HB_SEV_HIGH] = "high",
  [HB_SEV_CRITICAL] = "critical",
};

hb_severity
hb_check_severity (const hb_check *c)
{
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
    if (strcmp (table[i].id, c->id) == 0)
      return table[i].severity;
  /* A check added to checks.c without a rank here: audit.bats fails on
   * it, and --fail-on counts it at every level. */
  return HB_SEV_UNRANKED;
}

const char *
hb_severity_name (hb_severity s)
{
  return s >= HB_SEV_LOW && s <= HB_SEV_CRITICAL ? names[s] : "unranked";
}

hb_severity
hb_severity_parse (const char *name)
{
  for (int s = HB_SEV_LOW; s <= HB_SEV_CRITICAL; s++)
    if (strcasecmp (name, names[s]) == 0)
      return (hb_severity) s;
  return HB_SEV_UNRANKED;
}

bool
hb_severity_at_least (hb_severity s, hb_severity level)
{
  return s == HB_SEV_UNRANKED || s >= level;
}
