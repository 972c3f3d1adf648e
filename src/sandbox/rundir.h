/* rundir.h - where the run dirs of trials live: /run/hardenbench for root;
 * for anyone else a private directory of their own, so that one user's
 * trials (and their stale-cleanup) never meet another's. */
#ifndef HB_SANDBOX_RUNDIR_H
#define HB_SANDBOX_RUNDIR_H

#include "core/error.h"

/* Create (if needed) and check the base directory: root's /run/hardenbench;
 * otherwise $XDG_RUNTIME_DIR/hardenbench when that variable names a
 * directory owned by the caller with no group or other access, else
 * /tmp/hardenbench-UID.  The result is a directory, not a symlink, owned
 * by the caller, mode 0700, or an error (HB_EXIT_SANDBOX) saying why not. */
char *hb_run_dir (hb_error **err);

#endif
