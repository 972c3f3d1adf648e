/* seccomp_merge.h - the effective seccomp profile of a policy. */
#ifndef HB_POLICY_SECCOMP_MERGE_H
#define HB_POLICY_SECCOMP_MERGE_H

#include "core/error.h"
#include "policy/policy.h"
#include "policy/seccomp_profile.h"

/* The policy's base profile (p->seccomp_profile, "default" when NULL)
 * with the policy's seccomp_rules on top: the policy's rules come first
 * (rule indices 0..n-1) and take precedence for the syscalls they name,
 * which are removed from the base profile's rules. */
hb_seccomp_profile *hb_policy_effective_seccomp (const hb_policy *p, hb_error **err);

/* The same merge on a profile already loaded (takes ownership of base). */
hb_seccomp_profile *hb_seccomp_profile_merge_rules (hb_seccomp_profile *base,
                                                    const hb_scmp_rule *rules, size_t n);

#endif
