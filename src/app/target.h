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

/* Make "default" seccomp mean what target's engine would enforce
 * (policy/profile_line.h): the release line of the engine it was found in;
 * the newest line, with a note, for a directory, @demo or Podman.  Every
 * front end calls this where it opens a target (app_open_target does). */
void app_follow_engine (const hb_target *target);
/* The same without a target (explain): the engine at opts, if one
 * answers; else the newest line, with a note. */
void app_follow_engine_at (const hb_engine_opts *opts);

/* name resolved through engine (a container, an image, a directory or
 * @demo), "default" seccomp set to follow it (app_follow_engine), its root filesystem made ready when with_files (trials, learn,
 * the workbench's path completion), and its effective policy.  *target,
 * set on success, is to be freed. */
hb_policy *app_open_target (const char *name, const hb_engine_opts *engine,
                            const hb_policy_opts *opts, bool with_files, hb_target **target,
                            hb_error **err);

#endif
