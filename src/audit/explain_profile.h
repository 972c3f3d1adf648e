/* explain_profile.h - what a seccomp profile does with a syscall, in words,
 * computed from the profile's rules: the only source of the teaching texts'
 * "under the default seccomp profile ..." sentences, so that a text cannot
 * disagree with the profile it describes. */
#ifndef HB_AUDIT_EXPLAIN_PROFILE_H
#define HB_AUDIT_EXPLAIN_PROFILE_H

#include "policy/seccomp_profile.h"

/* The verdict on one syscall on this machine's architecture (newly
 * allocated): "allowed", "always denied (EPERM)", "allowed only with
 * CAP_SYS_ADMIN", "allowed only on Linux 4.8 and later or with
 * CAP_SYS_PTRACE", "allowed only when argument 0 is 0, 0x8 or 0xffffffff",
 * "allowed only with CAP_SYS_ADMIN, and fails with ENOSYS without
 * CAP_SYS_ADMIN".  "Allowed only" means denied otherwise with the profile's
 * default errno (said when it is not EPERM). */
char *hb_profile_verdict (const hb_seccomp_profile *p, const char *name);

/* One sentence on the space-separated syscall names (names libseccomp does
 * not know are skipped), grouped by verdict: "Under the default seccomp
 * profile, mount and umount2 are allowed only with CAP_SYS_ADMIN; keyctl is
 * always denied (EPERM)."  label names the profile ("the default seccomp
 * profile").  NULL when no name is a syscall. */
char *hb_profile_clause (const hb_seccomp_profile *p, const char *label, const char *names);

/* The syscalls the profile allows only with capability cap ("SYS_ADMIN"),
 * as a sentence ("Under LABEL, mount, ... are allowed only with it."), and
 * those it allows with cap or another condition, each with its verdict
 * ("bpf is allowed only with CAP_SYS_ADMIN or with CAP_BPF"); NULL when
 * there are none. */
char *hb_profile_cap_clause (const hb_seccomp_profile *p, const char *label, const char *cap);

#endif
