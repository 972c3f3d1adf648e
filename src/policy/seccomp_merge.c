/* seccomp_merge.c - base profile + policy rules = the effective profile. */
#include "config.h"

#include "policy/seccomp_merge.h"
#include "core/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool
hb_scmp_rule_is_unconditional (const hb_scmp_rule *r)
{
  return r->n_args == 0
         && r->includes.caps.n == 0 && r->includes.arches.n == 0 && r->includes.min_kernel == NULL
         && r->excludes.caps.n == 0 && r->excludes.arches.n == 0 && r->excludes.min_kernel == NULL;
}

static int
errno_of (int errno_ret)
{
  return errno_ret < 0 ? EPERM : errno_ret;
}

static bool
rule_matches_default (const hb_seccomp_profile *base, const hb_scmp_rule *r)
{
  if (r->action != base->default_action)
    return false;
  if (r->action == HB_SCMP_ERRNO)
    return errno_of (r->errno_ret) == errno_of (base->default_errno);
  return true;
}

void
hb_seccomp_apply_rules (hb_seccomp_profile *base, const hb_scmp_rule *rules, size_t n)
{
  if (n == 0)
    return;

  strv overridden = { 0 };
  for (size_t i = 0; i < n; i++)
    if (hb_scmp_rule_is_unconditional (&rules[i]))
      for (size_t j = 0; j < rules[i].names.n; j++)
        strv_add_unique (&overridden, rules[i].names.v[j]);

  hb_scmp_rule *merged = xcalloc (n + base->n_rules, sizeof *merged);
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    {
      if (rules[i].names.n == 0 || rule_matches_default (base, &rules[i]))
        continue;
      hb_scmp_rule_copy (&merged[m++], &rules[i]);
    }
  for (size_t i = 0; i < base->n_rules; i++)
    {
      hb_scmp_rule *r = &base->rules[i];
      for (size_t j = 0; j < overridden.n; j++)
        strv_remove (&r->names, overridden.v[j]);
      if (r->names.n == 0)
        {
          hb_scmp_rule_clear (r);
          continue;
        }
      merged[m++] = *r;   /* moved, not copied */
    }
  free (base->rules);
  base->rules = merged;
  base->n_rules = m;
  strv_clear (&overridden);
}

hb_seccomp_profile *
hb_seccomp_effective_from (const hb_policy *p, hb_seccomp_loader load, void *data,
                           hb_error **err)
{
  const char *name = p->seccomp_profile && *p->seccomp_profile ? p->seccomp_profile : "default";
  hb_seccomp_profile *prof = load (name, data, err);
  if (prof == NULL)
    return NULL;
  hb_seccomp_apply_rules (prof, p->seccomp_rules, p->n_seccomp_rules);
  return prof;
}

static hb_seccomp_profile *
resolve (const char *name, void *data, hb_error **err)
{
  (void) data;
  return hb_seccomp_profile_resolve (name, err);
}

hb_seccomp_profile *
hb_seccomp_effective (const hb_policy *p, hb_error **err)
{
  return hb_seccomp_effective_from (p, resolve, NULL, err);
}
