/* seccomp_filter.c - compile an hb_seccomp_profile into a libseccomp
 * filter, evaluating the profile's includes/excludes as Docker does,
 * and into a BPF program through the BPF cache; turn a marked program
 * into the user-notification one the monitor's trials load (running a
 * program on one syscall is core/seccomp_bpf.c's).  Loading happens in the trial child (child.c). */
#include "config.h"

#include "sandbox/seccomp_filter.h"
#include "core/cleanup.h"
#include "core/xalloc.h"
#include "policy/capabilities.h"

#include <ctype.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

/* Docker compares includes/excludes "arches" with Go's GOARCH names. */
static const char *
docker_arch_name (uint32_t arch)
{
  switch (arch)
    {
    case SCMP_ARCH_X86_64: return "amd64";
    case SCMP_ARCH_X86: return "386";
    case SCMP_ARCH_AARCH64: return "arm64";
    case SCMP_ARCH_ARM: return "arm";
    case SCMP_ARCH_PPC64LE: return "ppc64le";
    case SCMP_ARCH_S390X: return "s390x";
    case SCMP_ARCH_RISCV64: return "riscv64";
    default: return "";
    }
}

/* "4.8" >= "4.14"?  Compares major.minor numerically. */
static bool
kernel_at_least (const char *release, const char *min)
{
  unsigned rmaj = 0, rmin = 0, mmaj = 0, mmin = 0;
  if (sscanf (release, "%u.%u", &rmaj, &rmin) < 1 || sscanf (min, "%u.%u", &mmaj, &mmin) < 1)
    return false;
  return rmaj > mmaj || (rmaj == mmaj && rmin >= mmin);
}

static bool
has_cap (unsigned long long caps, const char *name)
{
  const hb_capability *c = hb_cap_lookup (name);
  return c != NULL && c->number < 64 && (caps & (1ULL << c->number)) != 0;
}

bool
hb_seccomp_rule_applies (const hb_scmp_rule *rule, unsigned long long caps, uint32_t native_arch,
                         const char *kernel_release)
{
  const char *arch = docker_arch_name (native_arch);
  const hb_scmp_filter_cond *in = &rule->includes, *ex = &rule->excludes;
  if (in->arches.n > 0 && !strv_contains (&in->arches, arch))
    return false;
  for (size_t i = 0; i < in->caps.n; i++)
    if (!has_cap (caps, in->caps.v[i]))
      return false;
  if (in->min_kernel && !kernel_at_least (kernel_release, in->min_kernel))
    return false;
  if (ex->arches.n > 0 && strv_contains (&ex->arches, arch))
    return false;
  for (size_t i = 0; i < ex->caps.n; i++)
    if (has_cap (caps, ex->caps.v[i]))
      return false;
  if (ex->min_kernel && kernel_at_least (kernel_release, ex->min_kernel))
    return false;
  return true;
}

static uint32_t
action_value (hb_scmp_action a, int errnum, uint32_t trace_data, bool trace_denials)
{
  switch (a)
    {
    case HB_SCMP_KILL_PROCESS: return SCMP_ACT_KILL_PROCESS;
    case HB_SCMP_KILL_THREAD: return SCMP_ACT_KILL_THREAD;
    case HB_SCMP_TRAP: return SCMP_ACT_TRAP;
    case HB_SCMP_ERRNO:
      if (trace_denials)
        return SCMP_ACT_TRACE (trace_data);
      return SCMP_ACT_ERRNO ((uint16_t) (errnum >= 0 ? errnum : EPERM));
    case HB_SCMP_NOTIFY: return SCMP_ACT_NOTIFY;
    case HB_SCMP_TRACE: return SCMP_ACT_TRACE (0);
    case HB_SCMP_LOG: return SCMP_ACT_LOG;
    case HB_SCMP_ALLOW: return SCMP_ACT_ALLOW;
    }
  return SCMP_ACT_KILL_PROCESS;
}

static enum scmp_compare
op_value (hb_scmp_op op)
{
  switch (op)
    {
    case HB_SCMP_CMP_NE: return SCMP_CMP_NE;
    case HB_SCMP_CMP_LT: return SCMP_CMP_LT;
    case HB_SCMP_CMP_LE: return SCMP_CMP_LE;
    case HB_SCMP_CMP_EQ: return SCMP_CMP_EQ;
    case HB_SCMP_CMP_GE: return SCMP_CMP_GE;
    case HB_SCMP_CMP_GT: return SCMP_CMP_GT;
    case HB_SCMP_CMP_MASKED_EQ: return SCMP_CMP_MASKED_EQ;
    }
  return _SCMP_CMP_MIN;
}

/* "SCMP_ARCH_X86_64" -> libseccomp's token, 0 when unknown. */
static uint32_t
arch_token (const char *name)
{
  const char *s = strncmp (name, "SCMP_ARCH_", 10) == 0 ? name + 10 : name;
  char lower[32];
  size_t i = 0;
  for (; s[i] && i + 1 < sizeof lower; i++)
    lower[i] = (char) tolower ((unsigned char) s[i]);
  lower[i] = '\0';
  return seccomp_arch_resolve_name (lower);
}

/* The architectures a native machine can run (libseccomp tokens). */
static bool
arch_is_compat (uint32_t native, uint32_t arch)
{
  if (arch == native)
    return true;
  if (native == SCMP_ARCH_X86_64)
    return arch == SCMP_ARCH_X86 || arch == SCMP_ARCH_X32;
  if (native == SCMP_ARCH_AARCH64)
    return arch == SCMP_ARCH_ARM;
  return false;
}

static int
rule_fail (hb_error **err, const hb_seccomp_profile *profile, const hb_scmp_rule *rule,
           const char *name, int rc)
{
  const char *src = profile->source ? profile->source : "seccomp profile";
  if (rule->line > 0)
    return hb_fail_errno (err, -rc, HB_EXIT_INPUT, "%s:%d:%d: syscall %s", src, rule->line,
                          rule->column, name);
  return hb_fail_errno (err, -rc, HB_EXIT_INPUT, "%s: syscall %s", src, name);
}

static int
add_rule (scmp_filter_ctx ctx, const hb_seccomp_profile *profile, const hb_scmp_rule *rule,
          uint32_t action, hb_error **err)
{
  struct scmp_arg_cmp cmp[6];
  size_t n = rule->n_args < 6 ? rule->n_args : 6;
  bool repeated = false;
  for (size_t i = 0; i < n; i++)
    {
      cmp[i].arg = rule->args[i].index;
      cmp[i].op = op_value (rule->args[i].op);
      /* Docker's "value" is the mask of MASKED_EQ and "valueTwo" the datum,
       * exactly libseccomp's datum_a and datum_b. */
      cmp[i].datum_a = rule->args[i].value;
      cmp[i].datum_b = rule->args[i].value_two;
      for (size_t j = 0; j < i; j++)
        if (cmp[j].arg == cmp[i].arg)
          repeated = true;
    }
  for (size_t k = 0; k < rule->names.n; k++)
    {
      const char *name = rule->names.v[k];
      int nr = seccomp_syscall_resolve_name (name);
      if (nr == __NR_SCMP_ERROR)
        continue;   /* unknown here: skipped, as Docker does */
      int rc;
      if (!repeated)
        rc = seccomp_rule_add_array (ctx, action, nr, (unsigned) n, n ? cmp : NULL);
      else
        {
          /* libseccomp cannot test one argument twice in a rule; runc adds
           * one rule per condition (they OR together). */
          rc = 0;
          for (size_t i = 0; i < n && rc == 0; i++)
            rc = seccomp_rule_add_array (ctx, action, nr, 1, &cmp[i]);
        }
      if (rc < 0)
        return rule_fail (err, profile, rule, name, rc);
    }
  return 0;
}

scmp_filter_ctx
hb_seccomp_filter_build (const hb_seccomp_profile *profile, unsigned long long effective_caps,
                         unsigned flags, hb_error **err)
{
  bool trace = (flags & HB_FILTER_TRACE_DENIALS) != 0;
  uint32_t def = action_value (profile->default_action, profile->default_errno,
                               HB_SCMP_DENIAL_DEFAULT, trace);
  scmp_filter_ctx ctx = seccomp_init (def);
  if (ctx == NULL)
    {
      hb_fail (err, HB_EXIT_SANDBOX, "seccomp: cannot create a filter");
      return NULL;
    }
  /* Unknown architectures (and 32-bit entry points the profile does not
   * name) end the process. */
  int ar = seccomp_attr_set (ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
  /* no_new_privs is the policy's decision, made by the trial itself. */
  if (ar == 0)
    ar = seccomp_attr_set (ctx, SCMP_FLTATR_CTL_NNP, 0);
  /* A binary tree of syscall numbers instead of a linear list: the same
   * decisions, and the kernel's action cache, which runs the filter for
   * every syscall number of every architecture when it is loaded, prepares
   * in 0.3 ms instead of 0.7 ms for the default profile (and a syscall the
   * cache cannot decide takes ~10 comparisons instead of hundreds). */
  if (ar == 0)
    ar = seccomp_attr_set (ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
  if (ar < 0)
    {
      seccomp_release (ctx);
      hb_fail_errno (err, -ar, HB_EXIT_SANDBOX, "seccomp: filter attributes");
      return NULL;
    }

  uint32_t native = seccomp_arch_native ();
  for (size_t i = 0; i < profile->architectures.n; i++)
    {
      uint32_t a = arch_token (profile->architectures.v[i]);
      if (a == 0 || a == native || !arch_is_compat (native, a))
        continue;
      int rc = seccomp_arch_add (ctx, a);
      if (rc < 0 && rc != -EEXIST)
        {
          hb_fail_errno (err, -rc, HB_EXIT_SANDBOX, "seccomp: architecture %s",
                         profile->architectures.v[i]);
          seccomp_release (ctx);
          return NULL;
        }
    }

  struct utsname u;
  const char *release = uname (&u) == 0 ? u.release : "0.0";
  for (size_t i = 0; i < profile->n_rules; i++)
    {
      const hb_scmp_rule *rule = &profile->rules[i];
      if (!hb_seccomp_rule_applies (rule, effective_caps, native, release))
        continue;
      uint32_t act = action_value (rule->action, rule->errno_ret,
                                   HB_SCMP_DENIAL | ((uint32_t) i & HB_SCMP_DENIAL_INDEX),
                                   trace);
      /* libseccomp refuses a rule equal to the default action (EACCES);
       * such a rule changes nothing. */
      if (act == def)
        continue;
      if (add_rule (ctx, profile, rule, act, err) < 0)
        {
          seccomp_release (ctx);
          return NULL;
        }
    }
  return ctx;
}

static void
key_cond (hb_cache_key *key, const hb_scmp_filter_cond *c)
{
  hb_cache_key_u64 (key, c->caps.n);
  for (size_t i = 0; i < c->caps.n; i++)
    hb_cache_key_str (key, c->caps.v[i]);
  hb_cache_key_u64 (key, c->arches.n);
  for (size_t i = 0; i < c->arches.n; i++)
    hb_cache_key_str (key, c->arches.v[i]);
  hb_cache_key_str (key, c->min_kernel);
}

void
hb_seccomp_filter_key (hb_cache_key *key, const hb_seccomp_profile *profile)
{
  hb_cache_key_u64 (key, (uint64_t) profile->default_action);
  hb_cache_key_u64 (key, (uint64_t) (int64_t) profile->default_errno);
  hb_cache_key_u64 (key, profile->architectures.n);
  for (size_t i = 0; i < profile->architectures.n; i++)
    hb_cache_key_str (key, profile->architectures.v[i]);
  /* Every rule, applying or not: its index is in the TRACE data. */
  hb_cache_key_u64 (key, profile->n_rules);
  for (size_t i = 0; i < profile->n_rules; i++)
    {
      const hb_scmp_rule *r = &profile->rules[i];
      hb_cache_key_u64 (key, r->names.n);
      for (size_t k = 0; k < r->names.n; k++)
        hb_cache_key_str (key, r->names.v[k]);
      hb_cache_key_u64 (key, (uint64_t) r->action);
      hb_cache_key_u64 (key, (uint64_t) (int64_t) r->errno_ret);
      hb_cache_key_u64 (key, r->n_args);
      for (size_t a = 0; a < r->n_args && a < 6; a++)
        {
          hb_cache_key_u64 (key, r->args[a].index);
          hb_cache_key_u64 (key, (uint64_t) r->args[a].op);
          hb_cache_key_u64 (key, r->args[a].value);
          hb_cache_key_u64 (key, r->args[a].value_two);
        }
      key_cond (key, &r->includes);
      key_cond (key, &r->excludes);
    }
}

typedef struct build_args {
  const hb_seccomp_profile *profile;
  unsigned long long caps;
  unsigned flags;
} build_args;

static scmp_filter_ctx
build_cb (const void *data, hb_error **err)
{
  const build_args *a = data;
  return hb_seccomp_filter_build (a->profile, a->caps, a->flags, err);
}

int
hb_seccomp_filter_compile (const hb_seccomp_profile *profile, unsigned long long effective_caps,
                           unsigned flags, hb_bpf *out, strv *notes, hb_error **err)
{
  hb_cache_key key;
  hb_cache_key_init (&key, "enforce");
  hb_cache_key_u64 (&key, effective_caps);
  hb_cache_key_u64 (&key, flags);
  hb_seccomp_filter_key (&key, profile);
  build_args a = { profile, effective_caps, flags };
  int r = hb_bpf_cached (&key, build_cb, &a, out, notes, err);
  hb_cache_key_clear (&key);
  return r;
}

size_t
hb_seccomp_filter_notify (const hb_bpf *marked, hb_bpf *out)
{
  out->n = marked->n;
  out->flags = marked->flags;
  out->insns = xreallocarray (NULL, marked->n ? marked->n : 1, sizeof *out->insns);
  memcpy (out->insns, marked->insns, marked->n * sizeof *marked->insns);
  size_t replaced = 0;
  for (size_t i = 0; i < out->n; i++)
    {
      struct sock_filter *f = &out->insns[i];
      if (f->code == (BPF_RET | BPF_K)
          && (f->k & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_TRACE
          && (f->k & SECCOMP_RET_DATA & HB_SCMP_DENIAL) != 0)
        {
          f->k = SECCOMP_RET_USER_NOTIF;
          replaced++;
        }
    }
  if (replaced > 0)
    out->flags |= HB_BPF_NEW_LISTENER;
  return replaced;
}
