/* nshelper.h - a helper process inside a trial's user and network
 * namespaces, for a supervisor without root.
 *
 * The kernel lets a process join a network namespace, or open /proc/TID/mem
 * of a task whose uid differs from its own, only with capabilities in the
 * user namespace that owns them: the supervisor, outside, has none there.
 * The helper joins the trial's user namespace (the caller owns it) and its
 * network namespace, and hands back descriptors over a socket pair: new
 * sockets (--publish) and /proc files (the monitor).  It never joins the
 * trial's mount or pid namespace, is invisible from inside the trial, and
 * is not dumpable, so nothing in the trial can trace or drive it. */
#ifndef HB_SANDBOX_NSHELPER_H
#define HB_SANDBOX_NSHELPER_H

#include "core/error.h"

#include <sys/types.h>

typedef struct hb_nshelper hb_nshelper;

/* Start the helper for the trial whose init is pid (its map is written). */
hb_nshelper *hb_nshelper_start (pid_t pid, hb_error **err);
/* socket(domain, type | SOCK_CLOEXEC, protocol) in the trial's network
 * namespace, or -1 with errno. */
int hb_nshelper_socket (hb_nshelper *h, int domain, int type, int protocol);
/* open("/proc/TID/mem", O_RDONLY) with the helper's capabilities, or -1
 * with errno. */
int hb_nshelper_open_mem (hb_nshelper *h, pid_t tid);
/* Stop the helper (it exits when its socket closes) and reap it. */
void hb_nshelper_free (hb_nshelper *h);

#endif
