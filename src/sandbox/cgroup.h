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
/* Move pid into every created cgroup; failures add notes. */
void hb_cgroup_add (hb_cgroup *cg, pid_t pid, strv *notes);
/* Kill what is left in them and remove them. */
void hb_cgroup_destroy (hb_cgroup *cg);
/* Remove cgroups of trials whose supervisor no longer runs. */
void hb_cgroup_clean_stale (void);

#endif
