/* seccomp_merge.c - base seccomp profile + a policy's own rules = the
 * profile a trial enforces and `export --format seccomp` writes. */
#include "config.h"

#include "policy/seccomp_merge.h"
#include "core/cleanup.h"
#include "core/xalloc.h"

#include <string.h>

static bool
named_by (const hb_scmp_rule *rules, size_t n, const char *name)
{
  for (size_t i = 0; i < n; i++)
    if (strv_contains (&rules[i].names, name))
      return true;
  return false;
}

hb_seccomp_profile *
hb_seccomp_profile_merge_rules (hb_seccomp_profile *base, const hb_scmp_rule *rules, size_t n)
{
  if (n == 0)
    return base;
  hb_scmp_rule *merged = xcalloc (n + base->n_rules, sizeof *merged);
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    hb_scmp_rule_copy (&merged[m++], &rules[i]);
  for (size_t i = 0; i < base->n_rules; i++)
    {
      hb_scmp_rule *r = &base->rules[i];
      strv kept = { 0 };
      for (size_t k = 0; k < r->names.n; k++)
        if (!named_by (rules, n, r->names.v[k]))
          strv_push (&kept, r->names.v[k]);
      if (kept.n == 0)
        {
          strv_clear (&kept);
          hb_scmp_rule_clear (r);
          continue;
        }
      strv_clear (&r->names);
      r->names = kept;
      merged[m++] = *r;   /* moved: the old array is freed without clearing */
    }
  free (base->rules);
  base->rules = merged;
  base->n_rules = m;
  return base;
}

hb_seccomp_profile *
hb_policy_effective_seccomp (const hb_policy *p, hb_error **err)
{
  const char *name = p->seccomp_profile ? p->seccomp_profile : "default";
  hb_seccomp_profile *base = hb_seccomp_profile_resolve (name, err);
  if (base == NULL)
    {
      hb_error_wrap (err, "seccomp profile %s", name);
      return NULL;
    }
  return hb_seccomp_profile_merge_rules (base, p->seccomp_rules, p->n_seccomp_rules);
}
