/* filter.c - the monitor's watch filter (a second seccomp filter).
 *
 * Default ALLOW; SCMP_ACT_TRACE for write attempts, so that syscalls that
 * are not watched never stop (only BPF runs).  open/openat are stopped only
 * when their flags ask for a write: libseccomp refuses an ALLOW rule under
 * a default ALLOW, so each write flag bit gets its own MASKED_EQ TRACE rule
 * and the rules OR together (PERFORMANCE.md).  On x86_64 the i386 and x32
 * entry points are watched too; other architectures pass through, for the
 * enforcing filter to judge.  With the exit hook (exit_hook.h) native
 * syscalls pass through as well: the hook sees their failures.
 *
 * One more rule, in every mode: seccomp(SECCOMP_SET_MODE_FILTER) with
 * SECCOMP_FILTER_FLAG_NEW_LISTENER stops (HB_MONITOR_DATA_LISTENER), so
 * that the monitor takes the enforcing filter's listener from the trial's
 * init at that syscall's exit, before the init can exec (monitor.h).
 * Continuing it is harmless: it is an allowed syscall, and the kernel
 * refuses any listener after the first one. */
#include "config.h"

#include "monitor/monitor.h"
#include "monitor/watched.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <seccomp.h>

static int
add_rule (scmp_filter_ctx ctx, const hb_watched *w, hb_error **err)
{
  int nr = seccomp_syscall_resolve_name (w->name);
  if (nr == __NR_SCMP_ERROR)
    return 0;   /* not a syscall on these architectures (fchmodat2 on old libseccomp) */
  uint32_t act = SCMP_ACT_TRACE (HB_MONITOR_DATA_WATCH);
  int r;
  if (w->kind == HB_WATCH_OPEN)
    {
      static const unsigned long bits[] = { O_WRONLY, O_RDWR, O_CREAT, O_TRUNC };
      for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++)
        {
          r = seccomp_rule_add (ctx, act, nr, 1,
                                SCMP_CMP ((unsigned) w->flags_arg, SCMP_CMP_MASKED_EQ,
                                          bits[i], bits[i]));
          if (r < 0)
            return hb_fail_errno (err, -r, HB_EXIT_SANDBOX, "watch filter: %s", w->name);
        }
      return 0;
    }
  r = seccomp_rule_add (ctx, act, nr, 0);
  if (r < 0)
    return hb_fail_errno (err, -r, HB_EXIT_SANDBOX, "watch filter: %s", w->name);
  return 0;
}

/* The enforcing filter's load, with its listener (see above). */
static int
add_listener_rule (scmp_filter_ctx ctx, hb_error **err)
{
  int r = seccomp_rule_add (ctx, SCMP_ACT_TRACE (HB_MONITOR_DATA_LISTENER), SCMP_SYS (seccomp), 2,
                            SCMP_A0 (SCMP_CMP_EQ, SECCOMP_SET_MODE_FILTER),
                            SCMP_A1 (SCMP_CMP_MASKED_EQ, SECCOMP_FILTER_FLAG_NEW_LISTENER,
                                     SECCOMP_FILTER_FLAG_NEW_LISTENER));
  if (r < 0)
    return hb_fail_errno (err, -r, HB_EXIT_SANDBOX, "watch filter: seccomp");
  return 0;
}

/* An empty filter with the watch filter's attributes. */
static scmp_filter_ctx
new_ctx (uint32_t def, hb_error **err)
{
  scmp_filter_ctx ctx = seccomp_init (def);
  if (ctx == NULL)
    {
      hb_fail (err, HB_EXIT_SANDBOX, "watch filter: seccomp_init failed");
      return NULL;
    }
  int r;
  /* The sandbox decides no_new_privs; an architecture the watch does not
   * know passes to the enforcing filter. */
  /* A binary tree of syscall numbers, as for the enforcing filter: every
   * syscall of the trial runs this filter too. */
  if ((r = seccomp_attr_set (ctx, SCMP_FLTATR_CTL_NNP, 0)) < 0
      || (r = seccomp_attr_set (ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_ALLOW)) < 0
      || (r = seccomp_attr_set (ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2)) < 0)
    {
      seccomp_release (ctx);
      hb_fail_errno (err, -r, HB_EXIT_SANDBOX, "watch filter: attributes");
      return NULL;
    }
  return ctx;
}

scmp_filter_ctx
hb_monitor_watch_filter (bool learn, bool compat_only, hb_error **err)
{
  scmp_filter_ctx ctx
      = new_ctx (learn ? SCMP_ACT_TRACE (HB_MONITOR_DATA_LEARN) : SCMP_ACT_ALLOW, err);
  if (ctx == NULL)
    return NULL;
  int r;
  if (seccomp_arch_native () == SCMP_ARCH_X86_64)
    {
      static const uint32_t extra[] = { SCMP_ARCH_X86, SCMP_ARCH_X32 };
      for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        {
          r = seccomp_arch_add (ctx, extra[i]);
          if (r < 0 && r != -EEXIST)
            {
              seccomp_release (ctx);
              hb_fail_errno (err, -r, HB_EXIT_SANDBOX, "watch filter: architecture");
              return NULL;
            }
        }
    }
  bool compat = compat_only && !learn;
  if (compat)
    {
      /* Native syscalls pass, but for the listener's load: a filter of
       * their own, merged in (its architecture is not in ctx). */
      r = seccomp_arch_native () == SCMP_ARCH_X86_64
              ? seccomp_arch_remove (ctx, SCMP_ARCH_X86_64)
              : -EOPNOTSUPP;
      if (r < 0)
        {
          seccomp_release (ctx);
          hb_fail_errno (err, -r, HB_EXIT_SANDBOX, "watch filter: compat architectures");
          return NULL;
        }
    }
  if (add_listener_rule (ctx, err) < 0)
    {
      seccomp_release (ctx);
      return NULL;
    }
  if (learn)
    return ctx;   /* every syscall stops; the tracer records them */
  size_t n;
  const hb_watched *t = hb_watched_table (&n);
  for (size_t i = 0; i < n; i++)
    if (add_rule (ctx, &t[i], err) < 0)
      {
        seccomp_release (ctx);
        return NULL;
      }
  if (compat)
    {
      scmp_filter_ctx native = new_ctx (SCMP_ACT_ALLOW, err);
      if (native == NULL || add_listener_rule (native, err) < 0)
        {
          if (native)
            seccomp_release (native);
          seccomp_release (ctx);
          return NULL;
        }
      r = seccomp_merge (ctx, native);   /* on success it takes native */
      if (r < 0)
        {
          seccomp_release (native);
          seccomp_release (ctx);
          hb_fail_errno (err, -r, HB_EXIT_SANDBOX, "watch filter: native architecture");
          return NULL;
        }
    }
  return ctx;
}
