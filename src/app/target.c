/* target.c - a target opened and its effective policy (target.h). */
#include "config.h"

#include "app/target.h"

#include "core/cleanup.h"

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

hb_policy *
app_open_target (const char *name, const hb_engine_opts *engine, const hb_policy_opts *opts,
                 bool with_files, hb_target **target, hb_error **err)
{
  cleanup_target hb_target *t = hb_target_resolve (name, engine, err);
  if (t == NULL)
    return NULL;
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
