/* target.c - a target opened and its effective policy (target.h). */
#include "config.h"

#include "app/target.h"

#include "core/cleanup.h"
#include "engine/engine.h"
#include "policy/profile_line.h"

#include <stdlib.h>

hb_policy *
app_effective_policy (const hb_target *target, const hb_policy_opts *opts, hb_error **err)
{
  cleanup_policy hb_policy *p = hb_policy_copy (target->current);
  if (opts && hb_policy_opts_apply (p, opts, err) < 0)
    return NULL;
  if (p->user != NULL)
    {
      char *resolved = NULL;
      if (hb_user_resolve (&target->rootfs, p->user, &resolved, err) < 0)
        return NULL;
      free (p->user);
      p->user = resolved;
    }
  return steal_pointer (&p);
}

void
app_follow_engine (const hb_target *target)
{
  cleanup_free char *note = NULL;
  hb_profile_line line;
  if (target->kind == HB_TARGET_ROOTFS || target->kind == HB_TARGET_DEMO)
    {
      line = HB_LINE_NEWEST;
      note = hb_profile_line_newest_note (target->kind == HB_TARGET_DEMO
                                              ? "the demo runs in no engine"
                                              : "the target is a directory, in no engine");
    }
  else
    line = hb_profile_line_for_engine (target->engine_product, target->engine_version, &note);
  hb_profile_line_set (line, note);
}

void
app_follow_engine_at (const hb_engine_opts *opts)
{
  hb_error *err = NULL;
  cleanup_engine hb_engine *e = hb_engine_open (opts, &err);
  cleanup_free char *note = NULL;
  hb_profile_line line;
  if (e == NULL)
    {
      line = HB_LINE_NEWEST;
      note = hb_profile_line_newest_note ("no engine answered");
      hb_error_free (err);
    }
  else
    line = hb_profile_line_for_engine (hb_engine_product (e), hb_engine_version (e), &note);
  hb_profile_line_set (line, note);
}

hb_policy *
app_open_target (const char *name, const hb_engine_opts *engine, const hb_policy_opts *opts,
                 bool with_files, hb_target **target, hb_error **err)
{
  cleanup_target hb_target *t = hb_target_resolve (name, engine, err);
  if (t == NULL)
    return NULL;
  app_follow_engine (t);
  /* The files: the engine's layers when readable (root, local engine),
   * else its export extracted into the cache. */
  if (with_files && hb_target_prepare_rootfs (t, engine, err) < 0)
    return NULL;
  hb_policy *p = app_effective_policy (t, opts, err);
  if (p == NULL)
    return NULL;
  *target = steal_pointer (&t);
  return p;
}
