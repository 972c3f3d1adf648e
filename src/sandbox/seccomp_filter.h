/* seccomp_filter.h - compiling a seccomp profile into a libseccomp filter.
 *
 * Building is pure: it never touches the kernel.  The supervisor turns the
 * filter into a BPF program (cached on disk, bpf_cache.h) and the child
 * loads that as the last step before execve.  With the monitor, the
 * program loaded denies with SECCOMP_RET_USER_NOTIF
 * (hb_seccomp_filter_notify) and the monitor (src/monitor) tells which
 * rule denied from the marked program below (hb_bpf_run, core/seccomp_bpf.h). */
#ifndef HB_SANDBOX_SECCOMP_FILTER_H
#define HB_SANDBOX_SECCOMP_FILTER_H

#include "core/error.h"
#include "core/strv.h"
#include "policy/seccomp_profile.h"
#include "sandbox/bpf_cache.h"

#include <seccomp.h>
#include <stdbool.h>
#include <stdint.h>

/* The marked program: every ERRNO rule, and an ERRNO default action,
 * becomes SCMP_ACT_TRACE of its denial report (HB_SCMP_DENIAL | rule
 * index, HB_SCMP_DENIAL_DEFAULT: policy/seccomp_profile.h).  It is never loaded as it is: a
 * SECCOMP_RET_TRACE denial runs when a tracer continues it, and any task
 * can make itself a tracer of its own (a CLONE_UNTRACED child that its
 * parent attaches with PTRACE_O_TRACESECCOMP).  It is the map of which
 * rule denies what: hb_bpf_run() evaluates it for a syscall,
 * and hb_seccomp_filter_notify() makes the program that is loaded. */
#define HB_FILTER_TRACE_DENIALS (1u << 0)

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
void hb_seccomp_filter_key (hb_cache_key *key, const hb_seccomp_profile *profile);

/* The program to load from a marked one (HB_FILTER_TRACE_DENIALS): the
 * same instructions, each denial's return SECCOMP_RET_TRACE(marked data)
 * replaced by SECCOMP_RET_USER_NOTIF, loaded with a listener
 * (HB_BPF_NEW_LISTENER) that the monitor holds.  The kernel then fails a
 * denied syscall itself: nothing can continue a user notification that is
 * answered with an error (the monitor's only answer), a notification
 * outranks every TRACE, LOG or ALLOW of a filter stacked later, and the
 * kernel refuses a second listener in the chain (EBUSY).  Without a
 * listener (the monitor gone) it fails with ENOSYS: still denied.
 * out is a copy; returns how many returns were replaced. */
size_t hb_seccomp_filter_notify (const hb_bpf *marked, hb_bpf *out);

/* Does rule apply here (its includes/excludes against caps, arch
 * (libseccomp token of the native architecture) and kernel "major.minor")? */
bool hb_seccomp_rule_applies (const hb_scmp_rule *rule, unsigned long long caps,
                              uint32_t native_arch, const char *kernel_release);

#endif
