/* seccomp_bpf.h - a seccomp filter as a classic BPF program: the type the
 * sandbox builds, caches and loads, and the interpreter the monitor runs a
 * marked program with to tell which rule denies a syscall.
 *
 * Below both on purpose: the sandbox makes programs, the monitor reads
 * them, and neither includes the other. */
#ifndef HB_CORE_SECCOMP_BPF_H
#define HB_CORE_SECCOMP_BPF_H

#include "core/error.h"

#include <linux/filter.h>
#include <seccomp.h>
#include <stddef.h>
#include <stdint.h>

/* Load with SECCOMP_FILTER_FLAG_NEW_LISTENER: the program returns
 * SECCOMP_RET_USER_NOTIF somewhere (what seccomp_load does then). */
#define HB_BPF_NEW_LISTENER (1u << 0)

typedef struct hb_bpf {
  struct sock_filter *insns;
  size_t n;
  unsigned flags;             /* HB_BPF_* */
} hb_bpf;

void hb_bpf_clear (hb_bpf *b);

/* The HB_BPF_* flags insns needs to be loaded as libseccomp would. */
unsigned hb_bpf_flags_of (const struct sock_filter *insns, size_t n);

/* libseccomp's BPF of ctx (the program seccomp_load would load). */
int hb_bpf_from_ctx (scmp_filter_ctx ctx, hb_bpf *out, hb_error **err);

/* What program returns for the syscall d (classic BPF as seccomp runs
 * it); SECCOMP_RET_KILL_PROCESS for an instruction seccomp would refuse. */
struct seccomp_data;
uint32_t hb_bpf_run (const hb_bpf *program, const struct seccomp_data *d);

#endif
