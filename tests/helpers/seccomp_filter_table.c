/* seccomp_filter_table.c - print what the seccomp filter of a running process
 * answers for every system call, so two filters can be compared by effect.
 *
 *   seccomp_filter_table PID
 *
 * Reads the process's newest classic-BPF filter with
 * PTRACE_SECCOMP_GET_FILTER (needs CAP_SYS_ADMIN), then runs it in a small
 * interpreter for each syscall libseccomp knows on x86_64, x86 and x32, with
 * a few first-argument values that the argument filters of Docker's profile
 * look at (namespace clone flags, personality values, AF_VSOCK).  One line
 * per syscall: "ARCH NAME RESULT...".  Exit 77 (skip) when the filter cannot
 * be read or the machine is not x86_64. */
#include "config.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#define SKIP 77
#define MAX_INSNS 65536

static struct sock_filter prog[MAX_INSNS];

static int
read_filter (pid_t pid, long *n)
{
  if (ptrace (PTRACE_SEIZE, pid, 0, 0) < 0)
    return -1;
  int status;
  if (ptrace (PTRACE_INTERRUPT, pid, 0, 0) < 0 || waitpid (pid, &status, __WALL) < 0)
    return -1;
  long count = ptrace (PTRACE_SECCOMP_GET_FILTER, pid, 0, NULL);
  if (count > 0 && count <= MAX_INSNS)
    count = ptrace (PTRACE_SECCOMP_GET_FILTER, pid, 0, prog);
  int saved = errno;
  ptrace (PTRACE_DETACH, pid, 0, 0);
  errno = saved;
  if (count <= 0 || count > MAX_INSNS)
    {
      if (count > MAX_INSNS)
        errno = E2BIG;
      return -1;
    }
  *n = count;
  return 0;
}

/* Run the filter on one seccomp_data; -1 on an instruction it cannot run. */
static int64_t
run (long n, const struct seccomp_data *d)
{
  uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 };
  const unsigned char *data = (const unsigned char *) d;
  for (long pc = 0; pc < n; pc++)
    {
      const struct sock_filter *f = &prog[pc];
      uint32_t src = (BPF_SRC (f->code) == BPF_X) ? x : f->k;
      switch (BPF_CLASS (f->code))
        {
        case BPF_LD:
          if (f->code == (BPF_LD | BPF_W | BPF_ABS) && f->k + 4 <= sizeof *d)
            memcpy (&a, data + f->k, 4);
          else if (f->code == (BPF_LD | BPF_IMM))
            a = f->k;
          else if (f->code == (BPF_LD | BPF_MEM) && f->k < BPF_MEMWORDS)
            a = mem[f->k];
          else
            return -1;
          break;
        case BPF_LDX:
          if (f->code == (BPF_LDX | BPF_IMM))
            x = f->k;
          else if (f->code == (BPF_LDX | BPF_MEM) && f->k < BPF_MEMWORDS)
            x = mem[f->k];
          else
            return -1;
          break;
        case BPF_ST:
          if (f->k >= BPF_MEMWORDS)
            return -1;
          mem[f->k] = a;
          break;
        case BPF_STX:
          if (f->k >= BPF_MEMWORDS)
            return -1;
          mem[f->k] = x;
          break;
        case BPF_ALU:
          switch (BPF_OP (f->code))
            {
            case BPF_AND: a &= src; break;
            case BPF_OR: a |= src; break;
            case BPF_ADD: a += src; break;
            case BPF_SUB: a -= src; break;
            case BPF_LSH: a = src < 32 ? a << src : 0; break;
            case BPF_RSH: a = src < 32 ? a >> src : 0; break;
            default: return -1;
            }
          break;
        case BPF_JMP:
          {
            int cond;
            switch (BPF_OP (f->code))
              {
              case BPF_JA: pc += f->k; continue;
              case BPF_JEQ: cond = a == src; break;
              case BPF_JGT: cond = a > src; break;
              case BPF_JGE: cond = a >= src; break;
              case BPF_JSET: cond = (a & src) != 0; break;
              default: return -1;
              }
            pc += cond ? f->jt : f->jf;
            break;
          }
        case BPF_RET:
          return BPF_RVAL (f->code) == BPF_A ? a : f->k;
        case BPF_MISC:
          if (BPF_MISCOP (f->code) == BPF_TAX)
            x = a;
          else
            a = x;
          break;
        default:
          return -1;
        }
    }
  return -1;
}

static void
describe (int64_t r, char *buf, size_t len)
{
  if (r < 0)
    {
      snprintf (buf, len, "BAD-PROGRAM");
      return;
    }
  uint32_t action = (uint32_t) r & SECCOMP_RET_ACTION_FULL, data = (uint32_t) r & SECCOMP_RET_DATA;
  switch (action)
    {
    case SECCOMP_RET_ALLOW: snprintf (buf, len, "ALLOW"); break;
    case SECCOMP_RET_ERRNO: snprintf (buf, len, "ERRNO(%u)", data); break;
    case SECCOMP_RET_KILL_PROCESS: snprintf (buf, len, "KILL_PROCESS"); break;
    case SECCOMP_RET_KILL_THREAD: snprintf (buf, len, "KILL_THREAD"); break;
    case SECCOMP_RET_TRAP: snprintf (buf, len, "TRAP"); break;
    case SECCOMP_RET_TRACE: snprintf (buf, len, "TRACE(%u)", data); break;
    case SECCOMP_RET_LOG: snprintf (buf, len, "LOG"); break;
    case SECCOMP_RET_USER_NOTIF: snprintf (buf, len, "NOTIFY"); break;
    default: snprintf (buf, len, "0x%08x", (uint32_t) r); break;
    }
}

int
main (int argc, char **argv)
{
#if !defined(__x86_64__)
  (void) argc;
  (void) argv;
  fprintf (stderr, "seccomp_filter_table: only written for x86_64\n");
  return SKIP;
#else
  if (argc != 2)
    {
      fprintf (stderr, "usage: %s PID\n", argv[0]);
      return 2;
    }
  long n = 0;
  if (read_filter ((pid_t) atoi (argv[1]), &n) < 0)
    {
      fprintf (stderr, "seccomp_filter_table: reading the filter of %s: %s\n", argv[1],
               strerror (errno));
      return errno == EPERM || errno == EACCES || errno == EINVAL ? SKIP : 1;
    }
  static const struct {
    const char *name;
    uint32_t libseccomp_arch, audit_arch, nr_bits;
  } arches[] = {
    { "x86_64", SCMP_ARCH_X86_64, AUDIT_ARCH_X86_64, 0 },
    { "x86", SCMP_ARCH_X86, AUDIT_ARCH_I386, 0 },
    /* x32 system calls come in as x86_64 with bit 30 set in the number. */
    { "x32", SCMP_ARCH_X32, AUDIT_ARCH_X86_64, 0x40000000 },
  };
  /* First-argument values Docker's argument filters distinguish. */
  static const uint64_t arg0[] = { 0, 0x10000000 /* CLONE_NEWUSER */, 0x20000 /* CLONE_NEWNS */,
                                   8 /* PER_LINUX32 */, 0xffffffff, 1, 40 /* AF_VSOCK */ };
  for (size_t ai = 0; ai < sizeof arches / sizeof *arches; ai++)
    for (int nr = 0; nr < 1024; nr++)
      {
        char *name = seccomp_syscall_resolve_num_arch (arches[ai].libseccomp_arch, nr);
        if (name == NULL)
          continue;
        printf ("%s %s", arches[ai].name, name);
        free (name);
        for (size_t k = 0; k < sizeof arg0 / sizeof *arg0; k++)
          {
            struct seccomp_data d = { 0 };
            d.nr = nr | (int) arches[ai].nr_bits;
            d.arch = arches[ai].audit_arch;
            d.args[0] = arg0[k];
            char res[32];
            describe (run (n, &d), res, sizeof res);
            printf (" %s", res);
          }
        printf ("\n");
      }
  return 0;
#endif
}
