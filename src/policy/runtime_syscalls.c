/* runtime_syscalls.c - the syscalls runc and crun make after loading the
 * container's seccomp filter and before exec'ing its process.
 *
 * Measured with tools/runtime-syscalls on Debian 12's runc 1.1.5 and crun
 * 1.8.1, and under docker run (containerd's shim, runc), with and without
 * no-new-privileges, as root and as uid 1000: it straces each runtime and
 * lists what the container's init called between its seccomp load and its
 * execve.  tests/cli/runtime_syscalls.bats runs it again and fails when a
 * runtime here calls something this table lacks.  Without
 * no-new-privileges runc loads the filter before it drops privileges, so
 * the id and capability calls run under it too. */
#include "config.h"

#include "policy/runtime_syscalls.h"

#include "core/xalloc.h"
#include "policy/seccomp_merge.h"

#include <string.h>

const hb_runtime_syscall hb_runtime_syscalls[] = {
  /* runc's init (Go) finishing its setup after the load. */
  { "capget", "runc: capabilities are read, then set" },
  { "capset", "runc, crun: capabilities are set after the load" },
  { "chdir", "runc: to the process's cwd" },
  { "close", "runc, crun: closing the runtime's own fds" },
  { "epoll_ctl", "runc: the Go runtime's poller, closing fds" },
  { "execve", "runc, crun: the exec of the process itself" },
  { "faccessat2", "runc: looking up the process's executable" },
  { "fchown", "runc: stdio handed to the container's user" },
  { "fcntl", "runc: marking its fds close-on-exec" },
  { "fstat", "runc: fstat of /dev/stdin before handing stdio over" },
  { "fstatfs", "runc: checking that /proc/self/fd is on procfs" },
  { "futex", "runc: the Go runtime's locks" },
  { "getcwd", "runc: the working directory" },
  { "getdents64", "runc: listing /proc/self/fd" },
  { "getpid", "runc: its own pid" },
  { "getppid", "runc: checking its parent is still there" },
  { "newfstatat", "runc: stat of the executable and of stdio" },
  { "openat", "runc: opening /proc/self/fd" },
  { "prctl", "runc, crun: PR_SET_NO_NEW_PRIVS, keep-caps, the parent-death signal" },
  { "read", "runc: the sync pipe to its parent" },
  { "rt_sigreturn", "runc: returning from the Go runtime's signal handlers" },
  { "setgid", "runc: the container's gid (without no-new-privileges)" },
  { "setgroups", "runc: the supplementary groups (without no-new-privileges)" },
  { "setuid", "runc: the container's uid (without no-new-privileges)" },
  { "write", "runc, crun: the sync pipe to the parent" },
  /* crun (C) after its load. */
  { "rt_sigaction", "crun: resetting signal handlers" },
  { "rt_sigprocmask", "crun: unblocking signals" },
  { "setresgid", "crun: the container's gid" },
  { "setresuid", "crun: the container's uid" },
  /* hardenbench's own trial, between its load and exec: an exec that
   * fails is reported on the error pipe, then the child exits. */
  { "exit", "hardenbench trial: the child exits when exec fails" },
  { "exit_group", "hardenbench trial: the child exits when exec fails" },
};
const size_t hb_runtime_syscalls_n = sizeof hb_runtime_syscalls / sizeof hb_runtime_syscalls[0];

static bool
allows (hb_scmp_action a)
{
  return a == HB_SCMP_ALLOW || a == HB_SCMP_LOG;
}

/* How prof's unconditional rules treat name: 1 allowed, 0 denied, -1 not named. */
static int
unconditional_verdict (const hb_seccomp_profile *prof, const char *name)
{
  for (size_t i = 0; i < prof->n_rules; i++)
    {
      const hb_scmp_rule *r = &prof->rules[i];
      if (hb_scmp_rule_is_unconditional (r) && strv_index (&r->names, name) >= 0)
        return allows (r->action) ? 1 : 0;
    }
  return -1;
}

void
hb_seccomp_allow_runtime (hb_seccomp_profile *prof)
{
  if (allows (prof->default_action))
    return;
  strv missing = { 0 };
  for (size_t k = 0; k < hb_runtime_syscalls_n; k++)
    if (unconditional_verdict (prof, hb_runtime_syscalls[k].name) < 0)
      strv_add_unique (&missing, hb_runtime_syscalls[k].name);
  if (missing.n == 0)
    return;
  prof->rules = xrealloc (prof->rules, (prof->n_rules + 1) * sizeof *prof->rules);
  hb_scmp_rule *r = &prof->rules[prof->n_rules++];
  memset (r, 0, sizeof *r);
  r->names = missing;
  r->action = HB_SCMP_ALLOW;
  r->errno_ret = -1;
  r->comment = xstrdup ("what the OCI runtimes (runc, crun) call between loading this filter "
                        "and exec'ing the process (hardenbench's runtime_syscalls.c)");
}

void
hb_seccomp_runtime_denied (const hb_seccomp_profile *prof, strv *denied)
{
  if (allows (prof->default_action))
    return;
  for (size_t k = 0; k < hb_runtime_syscalls_n; k++)
    if (unconditional_verdict (prof, hb_runtime_syscalls[k].name) != 1)
      strv_add_unique (denied, hb_runtime_syscalls[k].name);
}
