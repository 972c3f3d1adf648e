/* userns.h - trials without root: the user namespace's id map.
 *
 * Container root is always the caller's own uid and gid.  When the caller
 * owns ranges in /etc/subuid and /etc/subgid and the setuid helpers
 * newuidmap/newgidmap (package uidmap) exist, container ids 1..N map onto
 * that range too, so an image's non-root USER exists.  Otherwise only id 0
 * exists and setgroups is denied, as the kernel requires for a map written
 * without privilege.  The map is always written from outside (the
 * supervisor's start thread or the helpers) while the child waits for
 * its go byte (launch.h). */
#ifndef HB_SANDBOX_USERNS_H
#define HB_SANDBOX_USERNS_H

#include "core/error.h"
#include "core/strv.h"
#include "sandbox/plan.h"

#include <stdbool.h>
#include <sys/types.h>

typedef struct hb_idmap {
  uid_t host_uid;
  gid_t host_gid;
  char *user;                   /* the caller's name, for messages */
  bool range;                   /* newuidmap/newgidmap map a subordinate range */
  unsigned long sub_uid, sub_uid_count;
  unsigned long sub_gid, sub_gid_count;
  char *newuidmap, *newgidmap;  /* the helpers, when range */
} hb_idmap;

/* The first range of user `name` (or numeric `id`) in the text of
 * /etc/subuid or /etc/subgid ("name:start:count" lines).  Pure. */
bool hb_subid_find (const char *text, const char *name, unsigned long id,
                    unsigned long *start, unsigned long *count);

/* Decide the map for the calling (non-root) user.  notes: one line saying
 * what the map is and, for a single id, what that means for the trial. */
void hb_idmap_init (hb_idmap *m, strv *notes);
void hb_idmap_clear (hb_idmap *m);
/* Does the container id exist in the map? */
bool hb_idmap_has_uid (const hb_idmap *m, unsigned long uid);
bool hb_idmap_has_gid (const hb_idmap *m, unsigned long gid);

/* Fit the plan to the map: fails (HB_EXIT_SANDBOX) when the policy's user
 * or group does not exist in it; drops supplementary groups and mount
 * options (devpts gid=5) naming ids it lacks, with a note.  Pure. */
int hb_idmap_fit_plan (const hb_idmap *m, hb_plan *p, strv *notes, hb_error **err);

/* Write the maps of pid, which waits meanwhile: the helpers for a range,
 * otherwise "deny" to setgroups then the single-id maps. */
int hb_idmap_apply (const hb_idmap *m, pid_t pid, hb_error **err);

#endif
