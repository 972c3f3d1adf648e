/* seccomp_profile.h - the seccomp profile model (Docker/OCI JSON format).
 *
 * Pure data: parsing and validation never touch the kernel.  Syscall names
 * are resolved through libseccomp so that a typo is reported, not ignored.
 * The sandbox compiles this model into a filter (sandbox/seccomp_filter.c). */
#ifndef HB_POLICY_SECCOMP_PROFILE_H
#define HB_POLICY_SECCOMP_PROFILE_H

#include "core/error.h"
#include "core/strv.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* Actions, by precedence as the kernel ranks them (highest first). */
typedef enum hb_scmp_action {
  HB_SCMP_KILL_PROCESS,
  HB_SCMP_KILL_THREAD,
  HB_SCMP_TRAP,
  HB_SCMP_ERRNO,
  HB_SCMP_NOTIFY,
  HB_SCMP_TRACE,
  HB_SCMP_LOG,
  HB_SCMP_ALLOW,
} hb_scmp_action;

/* Comparison operators of the profile's "args" entries. */
typedef enum hb_scmp_op {
  HB_SCMP_CMP_NE,
  HB_SCMP_CMP_LT,
  HB_SCMP_CMP_LE,
  HB_SCMP_CMP_EQ,
  HB_SCMP_CMP_GE,
  HB_SCMP_CMP_GT,
  HB_SCMP_CMP_MASKED_EQ,
} hb_scmp_op;

typedef struct hb_scmp_arg {
  unsigned index;        /* 0..5 */
  uint64_t value;        /* for MASKED_EQ: the mask (JSON "value") */
  uint64_t value_two;    /* for MASKED_EQ: the datum (JSON "valueTwo"), as in
                            the OCI format and SCMP_CMP (i, MASKED_EQ, mask, datum);
                            (arg & value) == value_two */
  hb_scmp_op op;
} hb_scmp_arg;

typedef struct hb_scmp_filter_cond {
  strv caps;             /* "CAP_SYS_ADMIN" ... */
  strv arches;           /* "amd64", "arm64", ... (Docker's names) */
  char *min_kernel;      /* "4.8" or NULL */
} hb_scmp_filter_cond;

typedef struct hb_scmp_rule {
  strv names;
  hb_scmp_action action;
  int errno_ret;         /* -1 when the rule does not set errnoRet */
  hb_scmp_arg args[6];
  size_t n_args;
  hb_scmp_filter_cond includes;
  hb_scmp_filter_cond excludes;
  char *comment;
  int line, column;      /* where the rule starts in its file, 0 if unknown */
} hb_scmp_rule;

typedef struct hb_seccomp_profile {
  hb_scmp_action default_action;
  int default_errno;     /* defaultErrnoRet, -1 when unset (then EPERM) */
  strv architectures;    /* "SCMP_ARCH_X86_64" ... */
  hb_scmp_rule *rules;
  size_t n_rules;
  char *source;          /* file it came from, or "default", for messages */
  char *description;     /* the profile's "comment" field, if any */
} hb_seccomp_profile;

/* The denial report, one layout for the sandbox that builds it and the
 * monitor that reads it: the marked program (HB_FILTER_TRACE_DENIALS,
 * sandbox/seccomp_filter.h) returns SECCOMP_RET_TRACE with the data
 * HB_SCMP_DENIAL | rule index for each ERRNO rule, HB_SCMP_DENIAL_DEFAULT
 * for an ERRNO default action.  The watch filter's own data values
 * (monitor.h) stay below HB_SCMP_DENIAL. */
#define HB_SCMP_DENIAL 0x8000u
#define HB_SCMP_DENIAL_INDEX 0x7fffu
#define HB_SCMP_DENIAL_DEFAULT (HB_SCMP_DENIAL | HB_SCMP_DENIAL_INDEX)

/* The errno a denial report's data stands for in profile; -1 when data is
 * not a report of an ERRNO rule (or default) of profile. */
int hb_seccomp_profile_denial_errno (const hb_seccomp_profile *profile, uint32_t data);

/* Names of actions and operators as they appear in JSON. */
const char *hb_scmp_action_name (hb_scmp_action a);
int hb_scmp_action_parse (const char *name, hb_scmp_action *out);
const char *hb_scmp_op_name (hb_scmp_op op);
int hb_scmp_op_parse (const char *name, hb_scmp_op *out);

/* Is name a syscall libseccomp knows on the native architecture (or any of
 * x86_64, x86, x32, aarch64, arm)? */
bool hb_syscall_known (const char *name);

/* Parse one rule object ("names", "action", "errnoRet", "args", ...).
 * file/text are for error locations; jpath is the rule's JSON path.
 * Unknown syscall names: an error when strict (policy rules: a typo must not
 * weaken a policy), a warning on stderr otherwise (profiles, as Docker does). */
int hb_scmp_rule_from_json (json_t *obj, hb_scmp_rule *rule, const char *file,
                            const char *text, const char *jpath, bool strict,
                            hb_error **err);
/* Every rule of the JSON array arr (found at jpath in text, len bytes) into
 * *rules (newly allocated, *n of them), as hb_scmp_rule_from_json does
 * each, in time linear in the array: the rules are located in text in one
 * pass.  On an error nothing is returned. */
int hb_scmp_rules_from_json (json_t *arr, hb_scmp_rule **rules, size_t *n, const char *file,
                             const char *text, size_t len, const char *jpath, bool strict,
                             hb_error **err);
json_t *hb_scmp_rule_to_json (const hb_scmp_rule *rule);
void hb_scmp_rule_copy (hb_scmp_rule *dst, const hb_scmp_rule *src);
void hb_scmp_rule_clear (hb_scmp_rule *rule);

/* Load a profile file; errors carry file:line:column, status HB_EXIT_INPUT. */
hb_seccomp_profile *hb_seccomp_profile_load (const char *path, hb_error **err);
/* Parse a profile from text (used for files and for inline SecurityOpt). */
hb_seccomp_profile *hb_seccomp_profile_parse (const char *text, size_t len,
                                              const char *source, hb_error **err);
/* Validate profile text as hb_seccomp_profile_parse does (every check,
 * errors with file:line:column, status HB_EXIT_INPUT), without keeping it
 * and without warnings: for a profile validated where it enters (a
 * container's inline SecurityOpt profile) and loaded, with its warnings,
 * by the commands that use it. */
int hb_seccomp_profile_check (const char *text, size_t len, const char *file, hb_error **err);
/* The profile derived from "default" without the chmod family. */
#define HB_PROFILE_NO_CHMOD "default-no-chmod"

/* "default" (Docker's profile of the engine's release line,
 * policy/profile_line.h), "default-no-chmod" (the same without chmod,
 * fchmod, fchmodat and fchmodat2), "unconfined", a shipped profile name
 * ("docker-20.10", "strict-web") or a path.  Unconfined gives a profile
 * with default action ALLOW and no rules. */
hb_seccomp_profile *hb_seccomp_profile_resolve (const char *name, hb_error **err);
/* hb_seccomp_profile_resolve in two steps, for a caller that keeps parsed
 * profiles (the trial's cache, sandbox/profile_cache.h): the file name
 * stands for (*path newly allocated; NULL for "unconfined", which has no
 * file), then the profile parsed from that file's text, as resolve would
 * give it. */
int hb_seccomp_profile_locate (const char *name, char **path, hb_error **err);
hb_seccomp_profile *hb_seccomp_profile_named (const char *name, const char *path,
                                              const char *text, size_t len, hb_error **err);
json_t *hb_seccomp_profile_to_json (const hb_seccomp_profile *p);
void hb_seccomp_profile_free (hb_seccomp_profile *p);

static inline void
cleanup_seccomp_profilep (hb_seccomp_profile **p)
{
  hb_seccomp_profile_free (*p);
}
#define cleanup_seccomp_profile __attribute__ ((cleanup (cleanup_seccomp_profilep)))

#endif
