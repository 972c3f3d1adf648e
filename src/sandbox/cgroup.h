/* cgroup.h - a trial's cgroups: Docker's device rules, and memory, pids
 * and CPU limits (cgroup v2, or v1 on hybrid hosts). */
#ifndef HB_SANDBOX_CGROUP_H
#define HB_SANDBOX_CGROUP_H

#include "core/error.h"
#include "core/strv.h"

#include <stdint.h>
#include <sys/types.h>

typedef struct hb_cgroup {
  strv dirs;          /* cgroup directories created, removed by destroy */
  size_t n_required;  /* the first n_required of dirs hold the device rules: the
                       * trial's init must join them or not run (child.c) */
} hb_cgroup;

/* The device rules of a trial as root, Docker's defaults (runc's
 * built-in list): mknod of any node, but only /dev/null, zero, full,
 * random, urandom, tty, console, ptmx, the pts nodes and tun may be
 * opened.  cgroup v1: "a" in devices.deny, then the allowlist in
 * devices.allow; cgroup v2: a BPF_PROG_TYPE_CGROUP_DEVICE program
 * attached to the trial's cgroup.  On a hybrid host $HB_DEVICE_CGROUP=bpf
 * uses the program on the cgroup2 mount at /sys/fs/cgroup/unified
 * instead of the v1 hierarchy (the kernel runs both kinds of check).
 * Must come before hb_cgroup_create.  -1 (HB_EXIT_SANDBOX) when the rules
 * cannot be set up: a trial never runs with every device open.  Without
 * root nothing is done: every mount a trial in a user namespace makes is
 * nodev to the kernel and mknod is refused there. */
int hb_cgroup_devices (hb_cgroup *cg, const char *name, hb_error **err);

/* Create the cgroups of trial `name` for the limits that are set (v2:
 * the one hb_cgroup_devices made, if any); each
 * limit that could not be applied adds a line to notes ("memory limit not
 * applied: ..."). */
void hb_cgroup_create (hb_cgroup *cg, const char *name, int64_t memory, double cpus,
                       int64_t pids, strv *notes);
/* The cgroup.procs files of the created cgroups, opened for writing, one
 * per cg->dirs entry (-1 where the open failed, with a note), for the
 * trial's init to join them itself by writing "0": the kernel checks the
 * opener's credentials, so the init needs no privilege of its own.  NULL
 * when there are none. */
int *hb_cgroup_open_procs (const hb_cgroup *cg, strv *notes);
void hb_cgroup_close_procs (int *fds, const hb_cgroup *cg);
/* Kill what is left in them and remove them. */
void hb_cgroup_destroy (hb_cgroup *cg);
/* Remove cgroups of trials whose supervisor no longer runs. */
void hb_cgroup_clean_stale (void);

#endif
