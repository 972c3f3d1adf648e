/* fidelity.h - things the trial's init (child.c) does as Docker
 * 20.10 with runc 1.1 does them, so a trial neither fails nor passes where
 * `docker run` would not:
 *   - a container with its own network namespace may bind every port
 *     (Docker sets net.ipv4.ip_unprivileged_port_start to 0 there);
 *   - the standard streams are handed to the container's user (runc
 *     chowns them before the exec), so a non-root service can reopen
 *     /dev/stdout and /dev/stderr;
 *   - a tmpfs over a directory the image has keeps that directory's mode
 *     (runc chmods the new mount's root after mounting, whatever mode=
 *     said); its owner and contents are the tmpfs's own, as under runc.
 *   - every group may open ICMP echo sockets (Docker sets
 *     net.ipv4.ping_group_range to "0 2147483647" in a network namespace
 *     of the container's own), so ping works without CAP_NET_RAW.
 * These run in the init (CLONE_VM, see child.h): no allocation, and
 * failures come back as -1 with errno for child.c to report. */
#ifndef HB_SANDBOX_FIDELITY_H
#define HB_SANDBOX_FIDELITY_H

#include <stdbool.h>
#include <sys/types.h>

/* In the trial's own network namespace (before /proc is replaced: the
 * path is the host's procfs, whose net/ files show the caller's network
 * namespace): every port is unprivileged.  0; 1 when the kernel has no
 * such setting (before Linux 4.11, as Docker skips it); -1 with errno. */
int hb_fidelity_unprivileged_ports (void);
/* Likewise, every gid may create ICMP echo sockets: 0, 1, or -1. */
int hb_fidelity_ping_group_range (void);

/* Hand fds 0-2 to uid (in the trial's user namespace when there is one),
 * keeping their group, as runc does: a descriptor that is the null device
 * or already uid's is left alone, and one the kernel will not chown here
 * (an id outside the namespace's map: EINVAL, EPERM; EROFS) is left as it
 * is.  Before the credentials change (needs CAP_CHOWN).  0, or -1 with
 * errno. */
int hb_fidelity_stdio_owner (uid_t uid);

/* Give the root of the detached mount mnt (fsmount's fd, made writable)
 * the mode of the directory it will cover, then make it read-only when
 * read_only.  0, or -1 with errno. */
int hb_fidelity_tmpfs_mode (int mnt, mode_t mode, bool read_only);

#endif
