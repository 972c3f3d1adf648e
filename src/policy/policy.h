/* policy.h - the hardening policy model (INTERFACE.md "Policy file").
 *
 * A policy is everything hardenbench can tighten about how a container runs:
 * root filesystem, writable mounts, capabilities, seccomp, user, privileges,
 * limits.  It also carries the target's process (entrypoint, cmd, env,
 * workdir, exposed and published ports) so a trial and an export run what the container runs, and
 * the container's host-level settings (privileged, host namespaces) so an
 * audit can judge them.  The model never includes curses or engine code. */
#ifndef HB_POLICY_POLICY_H
#define HB_POLICY_POLICY_H

#include "core/error.h"
#include "core/strv.h"
#include "core/rootfs.h"
#include "policy/seccomp_profile.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define HB_POLICY_VERSION 1

typedef struct hb_tmpfs {
  char *path;      /* absolute, normalised, inside the container */
  char *options;   /* docker --tmpfs options: "rw,noexec,nosuid,nodev,size=64m" */
} hb_tmpfs;

typedef struct hb_volume {
  char *path;      /* mount point inside the container */
  char *source;    /* named volume, host path (begins with '/'), or NULL: anonymous */
  bool read_only;
} hb_volume;

typedef struct hb_process {
  strv entrypoint;
  strv cmd;
  strv env;        /* "KEY=value" */
  char *workdir;   /* NULL: "/" */
  strv ports;      /* exposed ports, "80/tcp" */
  strv publish;    /* published ports as docker -p writes them:
                    * "[IP:]HOSTPORT:PORT/PROTO", "PORT/PROTO" for a random
                    * host port (from HostConfig.PortBindings) */
} hb_process;

typedef struct hb_policy {
  char *target_name;       /* container name, image ref or rootfs dir */
  char *target_image;

  bool read_only_root;
  hb_tmpfs *tmpfs;
  size_t n_tmpfs;
  hb_volume *volumes;
  size_t n_volumes;

  strv cap_drop;           /* normalised names or "ALL" */
  strv cap_add;

  char *seccomp_profile;   /* "default", "unconfined", "default-no-chmod", a file */
  hb_scmp_rule *seccomp_rules;
  size_t n_seccomp_rules;

  char *user;              /* "uid[:gid]" as resolved, or as written; NULL: image default (root) */
  bool no_new_privileges;

  int64_t memory;          /* bytes; 0 = unlimited */
  double cpus;             /* 0 = unlimited */
  int64_t pids;            /* 0 = unlimited */

  /* Host-level settings of an existing container (for audit and export);
   * NULL / false means Docker's private default. */
  bool privileged;
  char *network_mode;      /* "host", "none", "bridge", "container:X" */
  char *pid_mode;
  char *ipc_mode;
  char *uts_mode;
  char *userns_mode;

  bool has_process;
  hb_process process;

  /* Why grants are there, as learn and trial --save-suggested saw it:
   * evidence_for[i] names a grant ("tmpfs /run", "cap_add CHOWN",
   * "volume /var/lib/x", "seccomp accept4"), evidence_why[i] the events
   * that asked for it.  Exports write it as comments. */
  strv evidence_for;
  strv evidence_why;
} hb_policy;

hb_policy *hb_policy_new (void);
void hb_policy_free (hb_policy *p);
hb_policy *hb_policy_copy (const hb_policy *p);

static inline void
cleanup_policyp (hb_policy **p)
{
  hb_policy_free (*p);
}
#define cleanup_policy __attribute__ ((cleanup (cleanup_policyp)))

/* --- JSON (policy/policy_json.c) ------------------------------------------ */

/* Serialise; the result is a new reference. */
json_t *hb_policy_to_json (const hb_policy *p);
/* Pretty JSON text with a trailing newline (newly allocated). */
char *hb_policy_to_text (const hb_policy *p);
/* Apply a policy file's contents on top of p: keys present replace the
 * setting they name.  Errors name file:line:column and the JSON path
 * (".capabilities.ad: unknown key"), status HB_EXIT_INPUT. */
int hb_policy_apply_text (hb_policy *p, const char *text, size_t len, const char *file,
                          hb_error **err);
int hb_policy_apply_file (hb_policy *p, const char *path, hb_error **err);
/* Save atomically (temp file, fsync, rename). */
int hb_policy_save (const hb_policy *p, const char *path, hb_error **err);

/* --- edits (policy/policy_edit.c): one function per change, shared by the
 * command-line flags and the TUI ------------------------------------------ */

int hb_policy_set_tmpfs (hb_policy *p, const char *path, const char *options, hb_error **err);
int hb_policy_set_volume (hb_policy *p, const char *path, const char *source, bool read_only,
                          hb_error **err);
/* Remove the tmpfs or volume at path; returns 1 if something was removed. */
int hb_policy_remove_mount (hb_policy *p, const char *path);
int hb_policy_cap_add (hb_policy *p, const char *cap, hb_error **err);
int hb_policy_cap_drop (hb_policy *p, const char *cap, hb_error **err);
/* Is cap in the effective set? */
bool hb_policy_cap_enabled (const hb_policy *p, const char *cap);
/* Reset capabilities to Docker's defaults. */
void hb_policy_cap_reset (hb_policy *p);
int hb_policy_set_seccomp_profile (hb_policy *p, const char *profile, hb_error **err);
/* Add a rule "deny NAME with errno" or "allow NAME"; replaces an earlier
 * single-name rule for the same syscall. */
int hb_policy_seccomp_deny (hb_policy *p, const char *syscall, int errnum, hb_error **err);
int hb_policy_seccomp_allow (hb_policy *p, const char *syscall, hb_error **err);
int hb_policy_set_user (hb_policy *p, const char *user, hb_error **err);
int hb_policy_set_memory (hb_policy *p, const char *size, hb_error **err);
int hb_policy_set_cpus (hb_policy *p, const char *cpus, hb_error **err);
int hb_policy_set_pids (hb_policy *p, const char *pids, hb_error **err);

/* Record why a grant is there (replacing what was recorded for it); the
 * grant is "KIND VALUE" with KIND one of hb_evidence_kinds. */
void hb_policy_set_evidence (hb_policy *p, const char *grant, const char *why);
/* What was recorded for grant, or NULL. */
const char *hb_policy_evidence (const hb_policy *p, const char *grant);
/* "tmpfs", "volume", "cap_add", "seccomp", NULL-terminated. */
extern const char *const hb_evidence_kinds[];

/* Normalise a container path: absolute, no "." or ".." components, no
 * duplicate slashes.  Rejects relative paths and "..". Newly allocated. */
char *hb_container_path_normalize (const char *path, hb_error **err);

/* Parse "rw,noexec,size=64m,mode=1777" and re-emit it canonically; errors
 * name the bad option. */
char *hb_tmpfs_options_normalize (const char *options, hb_error **err);

/* --- command-line POLICY options (policy/policy_options.c) --------------- */

typedef struct hb_policy_opt {
  char *name;     /* "--tmpfs" */
  char *value;    /* NULL for flags without a value */
} hb_policy_opt;

typedef struct hb_policy_opts {
  hb_policy_opt *v;
  size_t n;
} hb_policy_opts;

/* If argv[*i] is a POLICY option ("--tmpfs /x", "--tmpfs=/x", "--read-only"),
 * record it, advance *i past it and return 1; return 0 if it is not one, -1
 * (HB_EXIT_USAGE) when its value is missing. */
int hb_policy_opts_take (hb_policy_opts *opts, int argc, char **argv, int *i, hb_error **err);
/* Apply as INTERFACE.md orders it: every --policy FILE first, then each flag
 * as given. */
int hb_policy_opts_apply (hb_policy *p, const hb_policy_opts *opts, hb_error **err);
/* Apply one option. */
int hb_policy_apply_option (hb_policy *p, const char *name, const char *value, hb_error **err);
void hb_policy_opts_clear (hb_policy_opts *opts);
/* The name of the i-th POLICY option ("--tmpfs"), NULL past the last: for
 * "did you mean" suggestions. */
const char *hb_policy_option_name (size_t i);
/* The aligned help text of the POLICY options. */
const char *hb_policy_options_help (void);

/* --- users (policy/users.c) ---------------------------------------------- */

/* Resolve "name[:group]" / "uid[:gid]" against the root filesystem's
 * /etc/passwd and /etc/group (read inside the root).  Writes "uid:gid",
 * or a bare "uid" when spec names no group (the trial and docker then add
 * the user's /etc/group memberships).  root NULL: only numeric values. */
int hb_user_resolve (const struct hb_rootfs *root, const char *spec, char **out, hb_error **err);

/* A user entry of the target's /etc/passwd, for pickers. */
typedef struct hb_user_entry {
  char *name;
  unsigned uid, gid;
  char *home, *shell;
} hb_user_entry;
/* List the users of the target.  *n set; NULL + n=0 when there is no passwd. */
hb_user_entry *hb_user_list (const struct hb_rootfs *root, size_t *n);
void hb_user_list_free (hb_user_entry *u, size_t n);
/* Supplementary groups of user name (by /etc/group membership). */
void hb_user_groups (const struct hb_rootfs *root, const char *name, unsigned gid, strv *gids_out);

#endif
