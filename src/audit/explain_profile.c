/* explain_profile.c - a seccomp profile's rules for a syscall, put into
 * words.  A rule applies on this machine when its architecture conditions
 * allow the native architecture; what remains are capability conditions
 * (Docker's includes/excludes: all included capabilities required, none of
 * the excluded ones held), a minimum kernel, and argument comparisons. */
#include "config.h"

#include "audit/explain_profile.h"
#include "core/cleanup.h"
#include "core/strv.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Docker's name of the native architecture (the profiles' "arches"). */
static const char *
native_arch (void)
{
  switch (seccomp_arch_native ())
    {
    case SCMP_ARCH_X86_64: return "amd64";
    case SCMP_ARCH_AARCH64: return "arm64";
    case SCMP_ARCH_X86: return "x86";
    case SCMP_ARCH_ARM: return "arm";
    default: return "";
    }
}

static bool
rule_names (const hb_scmp_rule *r, const char *name)
{
  for (size_t i = 0; i < r->names.n; i++)
    if (strcmp (r->names.v[i], name) == 0)
      return true;
  return false;
}

static bool
rule_applies_here (const hb_scmp_rule *r)
{
  const char *arch = native_arch ();
  if (r->includes.arches.n > 0 && !strv_contains (&r->includes.arches, arch))
    return false;
  return !strv_contains (&r->excludes.arches, arch);
}

/* "EPERM"; "errno 4242" for one without a name. */
static char *
errno_name (int e)
{
  char buf[16];
  const char *n = text_errno_name (e, buf);
  return n == buf ? xasprintf ("errno %d", e) : xstrdup (n);
}

static char *
arg_text (const hb_scmp_arg *a)
{
  unsigned long long v = a->value, v2 = a->value_two;
  switch (a->op)
    {
    case HB_SCMP_CMP_EQ: return xasprintf ("argument %u is %#llx", a->index, v);
    case HB_SCMP_CMP_NE: return xasprintf ("argument %u is not %#llx", a->index, v);
    case HB_SCMP_CMP_LT: return xasprintf ("argument %u < %#llx", a->index, v);
    case HB_SCMP_CMP_LE: return xasprintf ("argument %u <= %#llx", a->index, v);
    case HB_SCMP_CMP_GE: return xasprintf ("argument %u >= %#llx", a->index, v);
    case HB_SCMP_CMP_GT: return xasprintf ("argument %u > %#llx", a->index, v);
    case HB_SCMP_CMP_MASKED_EQ:
      return xasprintf ("argument %u & %#llx is %#llx", a->index, v, v2);
    }
  return xstrdup ("an argument condition");
}

/* "with CAP_X and CAP_Y without CAP_Z on Linux 4.8 and later when ..."
 * (empty when the rule has no condition left). */
static char *
rule_condition (const hb_scmp_rule *r)
{
  cleanup_strv strv parts = { 0 };
  if (r->includes.caps.n)
    {
      cleanup_free char *caps = strv_join (&r->includes.caps, " and ");
      strv_push_owned (&parts, xasprintf ("with %s", caps));
    }
  if (r->excludes.caps.n)
    {
      cleanup_free char *caps = strv_join (&r->excludes.caps, " or ");
      strv_push_owned (&parts, xasprintf ("without %s", caps));
    }
  if (r->includes.min_kernel)
    strv_push_owned (&parts, xasprintf ("on Linux %s and later", r->includes.min_kernel));
  if (r->excludes.min_kernel)
    strv_push_owned (&parts, xasprintf ("before Linux %s", r->excludes.min_kernel));
  if (r->n_args)
    {
      cleanup_strv strv args = { 0 };
      for (size_t i = 0; i < r->n_args; i++)
        strv_push_owned (&args, arg_text (&r->args[i]));
      cleanup_free char *joined = strv_join (&args, " and ");
      strv_push_owned (&parts, xasprintf ("when %s", joined));
    }
  return strv_join (&parts, " ");
}

/* A rule whose only condition is one argument equal to a value. */
static bool
single_eq (const hb_scmp_rule *r)
{
  return r->n_args == 1 && r->args[0].op == HB_SCMP_CMP_EQ && r->includes.caps.n == 0
         && r->excludes.caps.n == 0 && r->includes.min_kernel == NULL
         && r->excludes.min_kernel == NULL;
}

/* A rule conditioned on exactly one capability, held (sign 1) or not (-1). */
static const char *
single_cap (const hb_scmp_rule *r, int *sign)
{
  if (r->n_args || r->includes.min_kernel || r->excludes.min_kernel)
    return NULL;
  if (r->includes.caps.n == 1 && r->excludes.caps.n == 0)
    {
      *sign = 1;
      return r->includes.caps.v[0];
    }
  if (r->excludes.caps.n == 1 && r->includes.caps.n == 0)
    {
      *sign = -1;
      return r->excludes.caps.v[0];
    }
  return NULL;
}

static char *
default_text (const hb_seccomp_profile *p)
{
  switch (p->default_action)
    {
    case HB_SCMP_ALLOW: return xstrdup ("allowed");
    case HB_SCMP_ERRNO:
      {
        cleanup_free char *e = errno_name (p->default_errno >= 0 ? p->default_errno : 1);
        return xasprintf ("denied (%s)", e);
      }
    default: return xasprintf ("handled by %s", hb_scmp_action_name (p->default_action));
    }
}

char *
hb_profile_verdict (const hb_seccomp_profile *p, const char *name)
{
  cleanup_free const hb_scmp_rule **rules = xcalloc (p->n_rules + 1, sizeof *rules);
  size_t n = 0;
  for (size_t i = 0; i < p->n_rules; i++)
    if (rule_names (&p->rules[i], name) && rule_applies_here (&p->rules[i]))
      rules[n++] = &p->rules[i];

  cleanup_free char *otherwise = default_text (p);
  if (n == 0)
    return p->default_action == HB_SCMP_ALLOW ? xstrdup ("allowed")
                                              : xasprintf ("always %s", otherwise);

  cleanup_strv strv allow = { 0 };    /* conditions of the ALLOW rules */
  cleanup_strv strv other = { 0 };    /* "fails with ENOSYS without CAP_X" ... */
  cleanup_strv strv eq_values = { 0 };
  unsigned eq_index = 0;
  bool unconditional = false, other_unconditional = false;
  for (size_t i = 0; i < n; i++)
    {
      const hb_scmp_rule *r = rules[i];
      cleanup_free char *cond = rule_condition (r);
      if (r->action == HB_SCMP_ALLOW)
        {
          if (*cond == '\0')
            unconditional = true;
          else if (single_eq (r) && (eq_values.n == 0 || r->args[0].index == eq_index))
            {
              eq_index = r->args[0].index;
              strv_push_owned (&eq_values, xasprintf ("%#llx", (unsigned long long) r->args[0].value));
            }
          else
            strv_push (&allow, cond);
          continue;
        }
      other_unconditional = other_unconditional || *cond == '\0';
      cleanup_free char *what = NULL;
      if (r->action == HB_SCMP_ERRNO)
        {
          cleanup_free char *e = errno_name (r->errno_ret >= 0 ? r->errno_ret : 1);
          what = xasprintf ("fails with %s", e);
        }
      else
        what = xasprintf ("handled by %s", hb_scmp_action_name (r->action));
      strv_push_owned (&other, *cond ? xasprintf ("%s %s", what, cond) : xstrdup (what));
    }
  if (unconditional)
    return xstrdup ("allowed");
  if (eq_values.n)
    {
      /* "argument 0 is 0x0, 0x8 or 0xffffffff" */
      cleanup_free char *list = NULL;
      if (eq_values.n == 1)
        list = xstrdup (eq_values.v[0]);
      else
        {
          char *last = eq_values.v[eq_values.n - 1];
          eq_values.n--;
          cleanup_free char *head = strv_join (&eq_values, ", ");
          eq_values.n++;
          list = xasprintf ("%s or %s", head, last);
        }
      strv_push_owned (&allow, xasprintf ("when argument %u is %s", eq_index, list));
    }

  /* Do the conditions cover every case?  Only when one rule holds for a
   * capability and another for its absence, each with no other condition. */
  bool exhaustive = other_unconditional;
  for (size_t i = 0; i < n && !exhaustive; i++)
    for (size_t j = 0; j < n && !exhaustive; j++)
      {
        int si = 0, sj = 0;
        const char *ci = single_cap (rules[i], &si), *cj = single_cap (rules[j], &sj);
        exhaustive = ci && cj && si == 1 && sj == -1 && strcmp (ci, cj) == 0;
      }

  cleanup_strv strv parts = { 0 };
  if (allow.n)
    {
      cleanup_free char *conds = strv_join (&allow, " or ");
      strv_push_owned (&parts, xasprintf ("allowed only %s", conds));
    }
  for (size_t i = 0; i < other.n; i++)
    strv_push (&parts, other.v[i]);
  char *text = strv_join (&parts, ", and ");
  /* "allowed only ..." already says the rest is denied, unless with
   * another errno than EPERM. */
  bool implied = allow.n > 0 && p->default_action == HB_SCMP_ERRNO
                 && (p->default_errno < 0 || p->default_errno == 1);
  if (!exhaustive && !implied)
    {
      char *t = xasprintf ("%s, otherwise %s", text, otherwise);
      free (text);
      text = t;
    }
  return text;
}

/* "a", "a and b", "a, b and c" */
static char *
join_names (const strv *names)
{
  if (names->n == 1)
    return xstrdup (names->v[0]);
  strv head = { .v = names->v, .n = names->n - 1 };
  cleanup_free char *h = strv_join (&head, ", ");
  return xasprintf ("%s and %s", h, names->v[names->n - 1]);
}

char *
hb_profile_clause (const hb_seccomp_profile *p, const char *label, const char *names)
{
  cleanup_strv strv verdicts = { 0 };  /* distinct, in order of first use */
  strv *groups = NULL;                 /* the names of each verdict */
  cleanup_strv strv seen = { 0 };
  cleanup_free char *copy = xstrdup (names ? names : "");
  char *save = NULL;
  for (char *w = strtok_r (copy, " ", &save); w; w = strtok_r (NULL, " ", &save))
    {
      if (!hb_syscall_known (w) || !strv_add_unique (&seen, w))
        continue;
      cleanup_free char *v = hb_profile_verdict (p, w);
      ssize_t k = strv_index (&verdicts, v);
      if (k < 0)
        {
          strv_push (&verdicts, v);
          groups = xreallocarray (groups, verdicts.n, sizeof *groups);
          groups[verdicts.n - 1] = (strv) { 0 };
          k = (ssize_t) verdicts.n - 1;
        }
      strv_push (&groups[k], w);
    }
  if (verdicts.n == 0)
    return NULL;
  cleanup_strv strv parts = { 0 };
  for (size_t i = 0; i < verdicts.n; i++)
    {
      cleanup_free char *who = join_names (&groups[i]);
      strv_push_owned (&parts, xasprintf ("%s %s %s", who, groups[i].n == 1 ? "is" : "are",
                                          verdicts.v[i]));
      strv_clear (&groups[i]);
    }
  free (groups);
  cleanup_free char *body = strv_join (&parts, "; ");
  return xasprintf ("Under %s, %s.", label, body);
}

char *
hb_profile_cap_clause (const hb_seccomp_profile *p, const char *label, const char *cap)
{
  cleanup_free char *full = xasprintf ("CAP_%s", cap);
  cleanup_free char *only = xasprintf ("allowed only with %s", full);
  cleanup_free char *alt = xasprintf (" or with %s", full);
  cleanup_free char *first = xasprintf ("allowed only with %s or ", full);
  cleanup_strv strv names = { 0 };   /* allowed only with it */
  cleanup_strv strv others = { 0 };  /* allowed with it or otherwise: "bpf is ..." */
  cleanup_strv strv seen = { 0 };
  for (size_t i = 0; i < p->n_rules; i++)
    {
      const hb_scmp_rule *r = &p->rules[i];
      if (!strv_contains (&r->includes.caps, full))
        continue;
      for (size_t k = 0; k < r->names.n; k++)
        {
          if (!strv_add_unique (&seen, r->names.v[k]))
            continue;
          cleanup_free char *v = hb_profile_verdict (p, r->names.v[k]);
          size_t len = strlen (only);
          if (strncmp (v, only, len) == 0
              && (v[len] == '\0' || strncmp (v + len, ", otherwise", 11) == 0))
            strv_push (&names, r->names.v[k]);
          else if (strncmp (v, first, strlen (first)) == 0
                   || (strncmp (v, "allowed only with ", 18) == 0 && strstr (v, alt) != NULL))
            strv_push_owned (&others, xasprintf ("%s is %s", r->names.v[k], v));
        }
    }
  if (names.n == 0 && others.n == 0)
    return NULL;
  cleanup_strv strv parts = { 0 };
  if (names.n)
    {
      cleanup_free char *who = join_names (&names);
      strv_push_owned (&parts, xasprintf ("%s %s allowed only with it", who,
                                          names.n == 1 ? "is" : "are"));
    }
  for (size_t i = 0; i < others.n; i++)
    strv_push (&parts, others.v[i]);
  cleanup_free char *body = strv_join (&parts, "; ");
  return xasprintf ("Under %s, %s.", label, body);
}
