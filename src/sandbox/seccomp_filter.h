/* seccomp_filter.h - compiling a seccomp profile into a libseccomp filter.
 *
 * Building is pure: it never touches the kernel.  The supervisor turns the
 * filter into a BPF program (cached on disk, bpf_cache.h) and the child
 * loads that as the last step before execve.  The monitor
 * (src/monitor) relies on HB_FILTER_TRACE_DENIALS and on the data values
 * described here to report which rule denied a syscall. */
#ifndef HB_SANDBOX_SECCOMP_FILTER_H
#define HB_SANDBOX_SECCOMP_FILTER_H

#include "core/error.h"
#include "core/strv.h"
#include "policy/seccomp_profile.h"
#include "sandbox/bpf_cache.h"

#include <seccomp.h>
#include <stdbool.h>
#include <stdint.h>

/* Every ERRNO rule, and an ERRNO default action, becomes
 * SCMP_ACT_TRACE(HB_FILTER_TRACE_BASE | rule_index) (the default action:
 * HB_FILTER_TRACE_DEFAULT).  Without a tracer the kernel fails a TRACE
 * syscall with ENOSYS without running it, so enforcement never depends on
 * the monitor. */
#define HB_FILTER_TRACE_DENIALS (1u << 0)
#define HB_FILTER_TRACE_BASE 0x8000u
#define HB_FILTER_TRACE_INDEX_MASK 0x7fffu
#define HB_FILTER_TRACE_DEFAULT (HB_FILTER_TRACE_BASE | HB_FILTER_TRACE_INDEX_MASK)

/* Build the filter for profile, evaluating includes/excludes against
 * effective_caps (bit N = capability N), the native architecture and the
 * running kernel.  Unknown syscall names are skipped.  Architectures the
 * profile lists that belong to the native machine (x86_64, x86, x32 on
 * amd64) are added; any other architecture is killed. */
scmp_filter_ctx hb_seccomp_filter_build (const hb_seccomp_profile *profile,
                                         unsigned long long effective_caps, unsigned flags,
                                         hb_error **err);

/* The BPF program of hb_seccomp_filter_build (profile, effective_caps,
 * flags): taken from the BPF cache when it holds one for exactly these
 * inputs (see bpf_cache.h), else built and stored.  Build errors are the
 * same as hb_seccomp_filter_build's; cache trouble only adds to notes. */
int hb_seccomp_filter_compile (const hb_seccomp_profile *profile,
                               unsigned long long effective_caps, unsigned flags, hb_bpf *out,
                               strv *notes, hb_error **err);

/* Add to key everything of profile that hb_seccomp_filter_build reads. */
void hb_seccomp_filter_key (hb_bpf_key *key, const hb_seccomp_profile *profile);

/* The errno a TRACE data value built with HB_FILTER_TRACE_DENIALS stands
 * for; -1 when data is not one of ours. */
int hb_seccomp_filter_rule_errno (const hb_seccomp_profile *profile, uint32_t data);

/* Does rule apply here (its includes/excludes against caps, arch
 * (libseccomp token of the native architecture) and kernel "major.minor")? */
bool hb_seccomp_rule_applies (const hb_scmp_rule *rule, unsigned long long caps,
                              uint32_t native_arch, const char *kernel_release);

#endif
