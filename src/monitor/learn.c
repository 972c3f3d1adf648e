/* learn.c - turning a learn run's record into a proposed policy. */
#include "config.h"

#include "monitor/learn.h"

#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "monitor/suggest.h"
#include "policy/capabilities.h"
#include "policy/runtime_syscalls.h"

#include <seccomp.h>
#include <string.h>

hb_policy *
hb_learn_run_policy (const hb_policy *base, hb_error **err)
{
  hb_policy *p = hb_policy_copy (base);
  p->read_only_root = false;
  strv_clear (&p->cap_drop);
  for (size_t i = 0; i < p->n_seccomp_rules; i++)
    hb_scmp_rule_clear (&p->seccomp_rules[i]);
  free (p->seccomp_rules);
  p->seccomp_rules = NULL;
  p->n_seccomp_rules = 0;
  if (hb_policy_set_seccomp_profile (p, "unconfined", err) < 0)
    {
      hb_policy_free (p);
      return NULL;
    }
  return p;
}

static bool
valid_name (const char *name)
{
  /* Numbers libseccomp could not name ("syscall_451") cannot be written. */
  return name && seccomp_syscall_resolve_name (name) != __NR_SCMP_ERROR;
}

json_t *
hb_learn_profile_json (json_t *learned)
{
  cleanup_strv strv names = { 0 };
  size_t i;
  json_t *v;
  json_array_foreach (json_object_get (learned, "syscalls"), i, v)
    if (json_is_string (v) && valid_name (json_string_value (v)))
      strv_add_unique (&names, json_string_value (v));
  /* What the runtime (runc, crun, our own trial) calls between loading the
   * filter and the app's first instruction, whatever the run showed. */
  for (i = 0; i < hb_runtime_syscalls_n; i++)
    strv_add_unique (&names, hb_runtime_syscalls[i].name);
  strv_sort (&names);
  json_t *list = json_array ();
  for (i = 0; i < names.n; i++)
    json_array_append_new (list, json_string (names.v[i]));
  json_t *arches = json_array ();
  if (seccomp_arch_native () == SCMP_ARCH_X86_64)
    {
      json_array_append_new (arches, json_string ("SCMP_ARCH_X86_64"));
      json_array_append_new (arches, json_string ("SCMP_ARCH_X86"));
      json_array_append_new (arches, json_string ("SCMP_ARCH_X32"));
    }
  else if (seccomp_arch_native () == SCMP_ARCH_AARCH64)
    {
      json_array_append_new (arches, json_string ("SCMP_ARCH_AARCH64"));
      json_array_append_new (arches, json_string ("SCMP_ARCH_ARM"));
    }
  return json_pack ("{s:s, s:s, s:i, s:o, s:[{s:o, s:s}]}", "comment",
                    "learned by hardenbench learn: the syscalls one run made", "defaultAction",
                    "SCMP_ACT_ERRNO", "defaultErrnoRet", 1, "architectures", arches, "syscalls",
                    "names", list, "action", "SCMP_ACT_ALLOW");
}

hb_policy *
hb_learn_propose (const hb_policy *base, json_t *learned, const char *profile_path,
                  hb_error **err)
{
  cleanup_policy hb_policy *p = hb_policy_copy (base);
  p->read_only_root = true;

  hb_suggestions s = { 0 };
  size_t i;
  json_t *v;
  json_array_foreach (json_object_get (learned, "written_dirs"), i, v)
    if (json_is_string (v))
      strv_add_unique (&s.tmpfs, json_string_value (v));
  int r = hb_suggestions_apply (p, &s, err);
  for (size_t k = 0; r >= 0 && k < s.tmpfs.n; k++)
    {
      cleanup_free char *grant = xasprintf ("tmpfs %s", s.tmpfs.v[k]);
      hb_policy_set_evidence (p, grant, "written during learn's recording");
    }
  hb_suggestions_clear (&s);
  if (r < 0)
    return NULL;

  strv_clear (&p->cap_drop);
  strv_clear (&p->cap_add);
  if (hb_policy_cap_drop (p, "ALL", err) < 0)
    return NULL;
  json_array_foreach (json_object_get (learned, "capabilities"), i, v)
    if (json_is_string (v))
      {
        if (hb_policy_cap_add (p, json_string_value (v), err) < 0)
          return NULL;
        cleanup_free char *cap = hb_cap_normalize (json_string_value (v));
        cleanup_free char *grant = xasprintf ("cap_add %s", cap ? cap : json_string_value (v));
        hb_policy_set_evidence (p, grant, "used during learn's recording");
      }

  for (i = 0; i < p->n_seccomp_rules; i++)
    hb_scmp_rule_clear (&p->seccomp_rules[i]);
  free (p->seccomp_rules);
  p->seccomp_rules = NULL;
  p->n_seccomp_rules = 0;
  if (hb_policy_set_seccomp_profile (p, profile_path, err) < 0)
    return NULL;
  return steal_pointer (&p);
}

char *
hb_learn_profile_path (const char *policy_path)
{
  size_t n = strlen (policy_path);
  if (text_has_suffix (policy_path, ".json"))
    n -= 5;
  return xasprintf ("%.*s.seccomp.json", (int) n, policy_path);
}
