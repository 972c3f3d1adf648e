/* seccomp_merge.h - the effective seccomp profile of a policy: its base
 * profile (policy->seccomp_profile, "default" when unset) with the policy's
 * own rules applied.  The export formats and the sandbox both use this one
 * function, so what a trial enforces is what an export carries. */
#ifndef HB_POLICY_SECCOMP_MERGE_H
#define HB_POLICY_SECCOMP_MERGE_H

#include "policy/policy.h"
#include "policy/seccomp_profile.h"

/* Apply rules on top of base, in place.  The result is unambiguous whatever
 * order a consumer gives precedence to:
 *  - a syscall named by an unconditional policy rule (no args, no
 *    includes/excludes) is removed from every base rule, so the policy's
 *    action is the only one left for it;
 *  - policy rules come first, in their order, then what remains of base
 *    (libseccomp keeps the first of two conflicting unconditional rules);
 *  - a policy rule whose action (and errno) equals the default action is
 *    not added: after the removal above the default already applies, and
 *    libseccomp refuses such a rule (EACCES). */
/* No args and no includes/excludes: the rule applies to every call. */
bool hb_scmp_rule_is_unconditional (const hb_scmp_rule *r);

void hb_seccomp_apply_rules (hb_seccomp_profile *base, const hb_scmp_rule *rules, size_t n);

/* The effective profile of p (newly allocated).  Errors from resolving the
 * base profile (unknown name, bad file) are passed on. */
hb_seccomp_profile *hb_seccomp_effective (const hb_policy *p, hb_error **err);
/* The same with the base profile from load (given the profile's name, as
 * hb_seccomp_profile_resolve takes it): the trial's profile cache. */
typedef hb_seccomp_profile *(*hb_seccomp_loader) (const char *name, void *data, hb_error **err);
hb_seccomp_profile *hb_seccomp_effective_from (const hb_policy *p, hb_seccomp_loader load,
                                               void *data, hb_error **err);

#endif
