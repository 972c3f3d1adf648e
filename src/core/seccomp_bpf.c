/* seccomp_bpf.c - seccomp BPF programs: generating one from a libseccomp
 * context, the flags it needs to load, and running one on a syscall as
 * the kernel does (the monitor's way to tell which rule denies). */
#define _GNU_SOURCE
#include "config.h"

#include "core/seccomp_bpf.h"
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/xalloc.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

void
hb_bpf_clear (hb_bpf *b)
{
  free (b->insns);
  b->insns = NULL;
  b->n = 0;
  b->flags = 0;
}

/* libseccomp loads with NEW_LISTENER when the filter has NOTIFY rules:
 * those are the programs that can return SECCOMP_RET_USER_NOTIF. */
unsigned
hb_bpf_flags_of (const struct sock_filter *insns, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (insns[i].code == (BPF_RET | BPF_K)
        && (insns[i].k & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_USER_NOTIF)
      return HB_BPF_NEW_LISTENER;
  return 0;
}

int
hb_bpf_from_ctx (scmp_filter_ctx ctx, hb_bpf *out, hb_error **err)
{
  cleanup_close int fd = memfd_create ("hb-bpf", MFD_CLOEXEC);
  if (fd < 0)
    return hb_fail_errno (err, errno, HB_EXIT_SANDBOX, "seccomp: memfd");
  int rc = seccomp_export_bpf (ctx, fd);
  if (rc < 0)
    return hb_fail_errno (err, -rc, HB_EXIT_SANDBOX, "seccomp: generate the filter");
  off_t size = lseek (fd, 0, SEEK_END);
  if (size <= 0 || size % (off_t) sizeof (struct sock_filter) != 0)
    return hb_fail (err, HB_EXIT_SANDBOX, "seccomp: libseccomp generated %lld bytes of BPF",
                    (long long) size);
  size_t n = (size_t) size / sizeof (struct sock_filter);
  if (n > BPF_MAXINSNS)
    return hb_fail (err, HB_EXIT_SANDBOX,
                    "seccomp: the filter has %zu instructions, more than the kernel's %d", n,
                    BPF_MAXINSNS);
  struct sock_filter *insns = xmalloc ((size_t) size);
  if (fd_pread_all (fd, insns, (size_t) size, 0) < 0)
    {
      free (insns);
      return hb_fail_errno (err, errno, HB_EXIT_SANDBOX, "seccomp: read the filter");
    }
  out->insns = insns;
  out->n = n;
  out->flags = hb_bpf_flags_of (insns, n);
  return 0;
}

/* A 32-bit word of d at byte offset off, as seccomp's BPF_LD|BPF_ABS reads
 * it (aligned, inside struct seccomp_data). */
static bool
data_word (const struct seccomp_data *d, uint32_t off, uint32_t *out)
{
  if (off % 4 != 0 || off > sizeof *d - 4)
    return false;
  memcpy (out, (const unsigned char *) d + off, 4);
  return true;
}

uint32_t
hb_bpf_run (const hb_bpf *program, const struct seccomp_data *d)
{
  uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 };
  const struct sock_filter *insns = program->insns;
  size_t n = program->n;
  for (size_t pc = 0; pc < n; pc++)
    {
      const struct sock_filter *f = &insns[pc];
      uint32_t k = f->k;
      uint32_t src = BPF_SRC (f->code) == BPF_X ? x : k;
      switch (BPF_CLASS (f->code))
        {
        case BPF_LD:
          if (f->code == (BPF_LD | BPF_W | BPF_ABS))
            {
              if (!data_word (d, k, &a))
                return SECCOMP_RET_KILL_PROCESS;
            }
          else if (f->code == (BPF_LD | BPF_W | BPF_LEN))
            a = (uint32_t) sizeof *d;
          else if (f->code == (BPF_LD | BPF_IMM))
            a = k;
          else if (f->code == (BPF_LD | BPF_MEM) && k < BPF_MEMWORDS)
            a = mem[k];
          else
            return SECCOMP_RET_KILL_PROCESS;
          break;
        case BPF_LDX:
          if (f->code == (BPF_LDX | BPF_W | BPF_LEN))
            x = (uint32_t) sizeof *d;
          else if (f->code == (BPF_LDX | BPF_IMM))
            x = k;
          else if (f->code == (BPF_LDX | BPF_MEM) && k < BPF_MEMWORDS)
            x = mem[k];
          else
            return SECCOMP_RET_KILL_PROCESS;
          break;
        case BPF_ST:
        case BPF_STX:
          if (k >= BPF_MEMWORDS)
            return SECCOMP_RET_KILL_PROCESS;
          mem[k] = BPF_CLASS (f->code) == BPF_ST ? a : x;
          break;
        case BPF_ALU:
          switch (BPF_OP (f->code))
            {
            case BPF_ADD: a += src; break;
            case BPF_SUB: a -= src; break;
            case BPF_MUL: a *= src; break;
            case BPF_DIV:
              if (src == 0)
                return 0;   /* the kernel ends the program with 0: kill */
              a /= src;
              break;
            case BPF_MOD:
              if (src == 0)
                return 0;
              a %= src;
              break;
            case BPF_OR: a |= src; break;
            case BPF_AND: a &= src; break;
            case BPF_XOR: a ^= src; break;
            case BPF_LSH: a = src < 32 ? a << src : 0; break;
            case BPF_RSH: a = src < 32 ? a >> src : 0; break;
            case BPF_NEG: a = -a; break;
            default: return SECCOMP_RET_KILL_PROCESS;
            }
          break;
        case BPF_JMP:
          {
            bool taken;
            switch (BPF_OP (f->code))
              {
              case BPF_JA:
                if (k >= n - pc)
                  return SECCOMP_RET_KILL_PROCESS;
                pc += k;
                continue;
              case BPF_JEQ: taken = a == src; break;
              case BPF_JGT: taken = a > src; break;
              case BPF_JGE: taken = a >= src; break;
              case BPF_JSET: taken = (a & src) != 0; break;
              default: return SECCOMP_RET_KILL_PROCESS;
              }
            pc += taken ? f->jt : f->jf;
            if (pc >= n)
              return SECCOMP_RET_KILL_PROCESS;
            break;
          }
        case BPF_RET:
          return BPF_RVAL (f->code) == BPF_A ? a : k;
        case BPF_MISC:
          if (BPF_MISCOP (f->code) == BPF_TAX)
            x = a;
          else
            a = x;
          break;
        default:
          return SECCOMP_RET_KILL_PROCESS;
        }
    }
  return SECCOMP_RET_KILL_PROCESS;   /* fell off the end: seccomp refuses such a program */
}
