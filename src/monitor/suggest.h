/* suggest.h - the smallest policy changes that remove a trial's denials.
 *
 * Pure functions: denied write paths become the writable directories the
 * app uses (grouped, never a system directory), denied syscalls become
 * allow rules, capability denials become cap_add.  The CLI, learn and the
 * TUI apply them through hb_suggestions_apply. */
#ifndef HB_MONITOR_SUGGEST_H
#define HB_MONITOR_SUGGEST_H

#include "core/error.h"
#include "core/strv.h"
#include "policy/policy.h"

#include <jansson.h>
#include <stdbool.h>

/* Options of a suggested tmpfs. */
#define HB_SUGGEST_TMPFS_OPTIONS "rw,noexec,nosuid,nodev,size=64m"

typedef struct hb_suggestions {
  strv tmpfs;            /* directories, absolute, sorted */
  strv allow_syscalls;   /* syscall names */
  strv cap_add;          /* capability names without CAP_ ("NET_BIND_SERVICE") */
} hb_suggestions;

/* May a tmpfs be suggested at dir?  Never /, /etc, /usr, /var, /bin, /lib,
 * /sbin, /boot themselves, nothing under /proc, /sys or /dev. */
bool hb_suggest_dir_allowed (const char *dir);

/* Writable directories for denied write paths: each path's parent (a
 * denied mkdir of /var/lib/nginx/body needs /var/lib/nginx), then only the
 * outermost of nested directories.  A parent that may not be mounted over
 * is left out, except for a denied mkdir (created_dirs, may be NULL) in a
 * system or shared directory: the new directory itself is suggested
 * (mkdir /var/lib/app: /var/lib/app, not /var/lib).  out gets sorted,
 * unique entries. */
void hb_suggest_writable_dirs (const strv *denied_paths, const strv *created_dirs, strv *out);

/* Is path dir itself or below it (lexically)? */
bool hb_path_is_under (const char *path, const char *dir);

/* Build all three lists.  caps may carry the CAP_ prefix; a missing
 * SETGID brings SETUID along (a privilege drop needs both, in that order). */
void hb_suggestions_build (const strv *denied_paths, const strv *created_dirs,
                           const strv *denied_syscalls, const strv *missing_caps,
                           hb_suggestions *out);

json_t *hb_suggestions_to_json (const hb_suggestions *s);
/* Read {tmpfs, allow_syscalls, cap_add} (missing keys: empty lists). */
int hb_suggestions_from_json (json_t *obj, hb_suggestions *out, hb_error **err);
bool hb_suggestions_empty (const hb_suggestions *s);
void hb_suggestions_clear (hb_suggestions *s);

/* Apply to a policy: a tmpfs (HB_SUGGEST_TMPFS_OPTIONS) for each directory
 * not already mounted writable, an allow rule per syscall, cap_add per
 * capability.  Returns how many changes were made, -1 on error. */
int hb_suggestions_apply (hb_policy *p, const hb_suggestions *s, hb_error **err);
/* Record in p's evidence why each suggestion p now has was made, from the
 * trial's summary (its denied_writes and denied_syscalls): exports write
 * it as comments. */
void hb_suggestions_record_evidence (hb_policy *p, const hb_suggestions *s, json_t *summary);

#endif
