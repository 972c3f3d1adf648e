/* target.h - opening a target and computing its effective policy: the
 * target's current settings, then every --policy FILE, then each flag in
 * the order given (INTERFACE.md), with the user resolved in the target's
 * own /etc/passwd and /etc/group. */
#ifndef HB_APP_TARGET_H
#define HB_APP_TARGET_H

#include "core/error.h"
#include "engine/target.h"
#include "policy/policy.h"

#include <stdbool.h>

/* The effective policy of target with opts applied (opts may be NULL). */
hb_policy *app_effective_policy (const hb_target *target, const hb_policy_opts *opts,
                                 hb_error **err);

/* name resolved through engine (a container, an image, a directory or
 * @demo), its root filesystem made ready when with_files (trials, learn,
 * the workbench's path completion), and its effective policy.  *target,
 * set on success, is to be freed. */
hb_policy *app_open_target (const char *name, const hb_engine_opts *engine,
                            const hb_policy_opts *opts, bool with_files, hb_target **target,
                            hb_error **err);

#endif
