/* saved_policy.h - the policies the workbench saves per target, where
 * INTERFACE.md puts them: $XDG_CONFIG_HOME/hardenbench/policies/NAME.json
 * (NAME made from the target's name). */
#ifndef HB_APP_SAVED_POLICY_H
#define HB_APP_SAVED_POLICY_H

#include "core/error.h"
#include "policy/policy.h"

#include <stdbool.h>

/* The saved policy's path for a target named target_name; to be freed. */
char *app_saved_policy_path (const char *target_name);

/* Apply the policy saved at path on top of *p, when there is one (*p is
 * replaced): 1 when one was applied, 0 when none is saved, -1 on a bad
 * file (*p unchanged). */
int app_saved_policy_load (hb_policy **p, const char *path, hb_error **err);

/* Save p at path (its directory made 0700), atomically. */
int app_saved_policy_save (const hb_policy *p, const char *path, hb_error **err);

#endif
