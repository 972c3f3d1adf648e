/* cgroup.h - memory, pids and CPU limits of a trial (cgroup v2, or v1 on
 * hybrid hosts). */
#ifndef HB_SANDBOX_CGROUP_H
#define HB_SANDBOX_CGROUP_H

#include "core/strv.h"

#include <stdint.h>
#include <sys/types.h>

typedef struct hb_cgroup {
  strv dirs;     /* cgroup directories created, removed by destroy */
} hb_cgroup;

/* Create the cgroups of trial `name` for the limits that are set; each
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
