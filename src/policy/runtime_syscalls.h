/* runtime_syscalls.h - what the OCI runtimes call under a container's own
 * seccomp filter, between loading it and exec'ing the app.  A profile that
 * denies one of these never reaches the app under docker run (runc) or
 * crun, so every profile hardenbench writes allows them. */
#ifndef HB_POLICY_RUNTIME_SYSCALLS_H
#define HB_POLICY_RUNTIME_SYSCALLS_H

#include "core/strv.h"
#include "policy/seccomp_profile.h"

#include <stddef.h>

typedef struct hb_runtime_syscall {
  const char *name;
  const char *who;   /* which runtime needs it, and where that was seen */
} hb_runtime_syscall;

/* The list, as data (runtime_syscalls.c says how it was measured). */
extern const hb_runtime_syscall hb_runtime_syscalls[];
extern const size_t hb_runtime_syscalls_n;

/* Make a base profile allow every runtime syscall: when its default action
 * denies, the ones no unconditional rule names are added as one ALLOW rule
 * at the end.  One that an unconditional rule denies stays denied.  Apply
 * the policy's own rules after this, so a --deny still wins. */
void hb_seccomp_allow_runtime (hb_seccomp_profile *prof);

/* Add to denied the runtime syscalls prof does not allow unconditionally
 * (nothing when its default action allows): with these denied the
 * container never starts. */
void hb_seccomp_runtime_denied (const hb_seccomp_profile *prof, strv *denied);

#endif
