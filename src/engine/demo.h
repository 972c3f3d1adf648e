/* demo.h - the bundled demo target "@demo": a busybox root filesystem
 * built with hardenbench (demo/build-rootfs.sh) whose service writes a pid
 * file, a log, a cache and scratch files, calls chmod and listens on a port.
 * It works without any container engine. */
#ifndef HB_ENGINE_DEMO_H
#define HB_ENGINE_DEMO_H

#include "core/error.h"
#include "engine/target.h"

#define HB_DEMO_TARGET_NAME "@demo"
#define HB_DEMO_PORT "8080"

/* The demo's root filesystem directory: the build tree's demo-rootfs when
 * running uninstalled, $(pkgdatadir)/demo/rootfs when installed.  Newly
 * allocated; it may not exist (see hb_demo_target). */
char *hb_demo_rootfs_dir (void);

/* The demo as a target (kind HB_TARGET_DEMO, name "@demo"), its current
 * policy carrying the service's process.  HB_EXIT_NOT_FOUND when the root
 * filesystem was not built. */
hb_target *hb_demo_target (hb_error **err);

#endif
