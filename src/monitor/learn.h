/* learn.h - from one permissive, fully recorded run to a proposed policy.
 *
 * The learn run's summary carries `learned`: {syscalls, written_dirs,
 * capabilities} (hb_monitor_summary).  The proposal is: read-only root, a
 * tmpfs for each written directory, cap_drop ALL plus the capabilities the
 * run used, and a seccomp allowlist (default ERRNO) of the syscalls seen
 * plus what the runtime itself needs before the app starts. */
#ifndef HB_MONITOR_LEARN_H
#define HB_MONITOR_LEARN_H

#include "core/error.h"
#include "policy/policy.h"

#include <jansson.h>

/* The policy to run the learn trial with: base with a writable
 * (throw-away) root, no seccomp restriction, no capability dropped. */
hb_policy *hb_learn_run_policy (const hb_policy *base, hb_error **err);

/* The allowlist profile (Docker/OCI JSON) for learned (new reference). */
json_t *hb_learn_profile_json (json_t *learned);

/* The proposed policy: base with the learned settings; its seccomp profile
 * is the file profile_path (already written from hb_learn_profile_json). */
hb_policy *hb_learn_propose (const hb_policy *base, json_t *learned, const char *profile_path,
                             hb_error **err);

/* "DIR/NAME.json" -> "DIR/NAME.seccomp.json" (newly allocated). */
char *hb_learn_profile_path (const char *policy_path);

#endif
