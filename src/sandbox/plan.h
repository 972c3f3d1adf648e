/* plan.h - what a trial will do, computed from the target and the policy
 * by pure functions (no syscalls), so every decision is unit-tested; the
 * trial child (child.c) executes a plan step by step. */
#ifndef HB_SANDBOX_PLAN_H
#define HB_SANDBOX_PLAN_H

#include "core/error.h"
#include "core/strv.h"
#include "engine/target.h"
#include "policy/policy.h"
#include "sandbox/platform.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

typedef enum hb_mount_kind {
  HB_MNT_FS,          /* a new filesystem (tmpfs, proc, sysfs, devpts, mqueue) */
  HB_MNT_FILE,        /* a file hardenbench provides (/etc/hostname ...) */
  HB_MNT_SCRATCH,     /* a writable scratch dir (volume), removed afterwards */
  HB_MNT_MASK,        /* hide: /dev/null over a file, an empty ro tmpfs over a dir */
  HB_MNT_READONLY,    /* bind the path onto itself, read-only */
  HB_MNT_DEVICES,     /* device nodes and links of /dev */
  HB_MNT_INIT_LAYER,  /* what Docker's init layer adds: /.dockerenv, /etc/mtab */
} hb_mount_kind;

typedef struct hb_mount_step {
  hb_mount_kind kind;
  char *target;       /* absolute, inside the container */
  char *fstype;       /* HB_MNT_FS */
  char *options;      /* fs options as fsconfig strings "size=65536k,mode=755" */
  unsigned attrs;     /* MOUNT_ATTR_* */
  char *content;      /* HB_MNT_FILE */
  bool read_only;     /* HB_MNT_SCRATCH */
  bool copy_image;    /* HB_MNT_SCRATCH: starts with the image's files there, as a
                       * new anonymous or named Docker volume does (not a host path) */
  bool no_symlink;    /* the target must not be a symlink (/proc, /sys, /dev) */
} hb_mount_step;

typedef struct hb_plan {
  strv layers;              /* lower layers, top first */
  bool read_only_root;
  hb_mount_step *mounts;
  size_t n_mounts;
  unsigned long long caps;  /* the policy's effective capability set */
  unsigned long long cap_bounding, cap_permitted, cap_effective, cap_inheritable, cap_ambient;
  uid_t uid;
  gid_t gid;
  gid_t *groups;            /* supplementary groups */
  size_t n_groups;
  bool no_new_privs;
  int64_t memory;
  double cpus;
  int64_t pids;
  char *hostname;
  strv argv;
  strv env;
  char *cwd;
  bool userns;              /* in a user namespace (not root): see userns.h */
  hb_platform platform;     /* whose runtime defaults the init reproduces (platform.h) */
} hb_plan;

/* A mask step with this target hides thermal_throttle in each
 * /sys/devices/system/cpu/cpuN the trial's sysfs shows. */
#define HB_PLAN_MASK_EACH_CPU "/sys/devices/system/cpu/cpu*/thermal_throttle"

#define HB_TRIAL_HOSTNAME "hb-trial"
#define HB_DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* Build the plan.  command: `-- CMD`, or NULL for the policy's process.
 * host_resolv: the host's resolv.conf text (NULL: none).  Errors are
 * HB_EXIT_SANDBOX or HB_EXIT_INPUT (a bad tmpfs option). */
hb_plan *hb_plan_build (const hb_target *target, const hb_policy *policy, const strv *command,
                        const char *host_resolv, hb_error **err);
void hb_plan_free (hb_plan *plan);

/* Docker --tmpfs options -> fsconfig options ("size=64m,mode=1777") and
 * MOUNT_ATTR_* flags (Docker's default: nosuid, nodev, noexec unless
 * "exec"/"suid"/"dev"; "ro" gives MOUNT_ATTR_RDONLY). */
int hb_plan_tmpfs_options (const char *docker_opts, char **fs_opts, unsigned *attrs,
                           hb_error **err);
/* "uid[:gid]" -> numbers; NULL spec is root. */
int hb_plan_parse_user (const char *spec, uid_t *uid, gid_t *gid, bool *has_gid, hb_error **err);
/* resolv.conf for the trial: the host's, without loopback nameservers. */
char *hb_plan_resolv_conf (const char *host_resolv);

static inline void
cleanup_planp (hb_plan **p)
{
  hb_plan_free (*p);
}
#define cleanup_plan __attribute__ ((cleanup (cleanup_planp)))

#endif
