/* arch.c - what differs by architecture: syscall names and numbers, the
 * watched table per architecture (native, and on x86_64 also i386 and
 * x32), and skipping a syscall at a seccomp stop. */
#include "config.h"

#include "monitor/monitor_internal.h"

char *
mon_syscall_name (uint32_t arch, int nr)
{
  char *name = seccomp_syscall_resolve_num_arch (arch, nr);
  return name ? name : xasprintf ("syscall_%d", nr);
}

/* Skip the syscall at a seccomp stop and make it return -errnum. */
int
mon_skip_syscall (pid_t tid, int errnum)
{
#if defined(__x86_64__)
  struct user_regs_struct regs;
  if (ptrace (PTRACE_GETREGS, tid, 0, &regs) < 0)
    return -1;
  regs.orig_rax = (unsigned long long) -1;
  regs.rax = (unsigned long long) -(long long) errnum;
  return (int) ptrace (PTRACE_SETREGS, tid, 0, &regs);
#elif defined(__aarch64__)
  int nr = -1;
  struct iovec iov = { &nr, sizeof nr };
  if (ptrace (PTRACE_SETREGSET, tid, (void *) (long) NT_ARM_SYSTEM_CALL, &iov) < 0)
    return -1;
  struct user_pt_regs regs;
  iov.iov_base = &regs;
  iov.iov_len = sizeof regs;
  if (ptrace (PTRACE_GETREGSET, tid, (void *) (long) NT_PRSTATUS, &iov) < 0)
    return -1;
  regs.regs[0] = (unsigned long long) -(long long) errnum;
  return (int) ptrace (PTRACE_SETREGSET, tid, (void *) (long) NT_PRSTATUS, &iov);
#else
#error "the monitor supports x86_64 and aarch64"
#endif
}

void
mon_build_arch_maps (hb_monitor *m)
{
  uint32_t arches[3];
  size_t n = 0;
  arches[n++] = seccomp_arch_native ();
  if (arches[0] == SCMP_ARCH_X86_64)
    {
      arches[n++] = SCMP_ARCH_X86;
      arches[n++] = SCMP_ARCH_X32;
    }
  size_t nw;
  const hb_watched *tab = hb_watched_table (&nw);
  for (size_t a = 0; a < n; a++)
    {
      arch_map *am = &m->arches[m->n_arches++];
      am->arch = arches[a];
      am->n = 1024;
      am->by_nr = xcalloc (am->n, sizeof *am->by_nr);
      for (size_t i = 0; i < nw; i++)
        {
          int nr = seccomp_syscall_resolve_name_arch (arches[a], tab[i].name);
          if (nr < 0)
            continue;
          if (arches[a] == SCMP_ARCH_X32)
            nr &= ~0x40000000;
          if ((size_t) nr < am->n)
            am->by_nr[nr] = &tab[i];
        }
    }
}

const hb_watched *
mon_watched_lookup (const hb_monitor *m, uint32_t arch, int nr)
{
  if (arch == SCMP_ARCH_X86_64 && (nr & 0x40000000))
    {
      arch = SCMP_ARCH_X32;
      nr &= ~0x40000000;
    }
  for (size_t a = 0; a < m->n_arches; a++)
    if (m->arches[a].arch == arch)
      return nr >= 0 && (size_t) nr < m->arches[a].n ? m->arches[a].by_nr[nr] : NULL;
  return NULL;
}
