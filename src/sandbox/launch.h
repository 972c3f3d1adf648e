/* launch.h - how the container init is started.
 *
 * The init is cloned with CLONE_VM | CLONE_VFORK on a stack of its own:
 * no address space is copied and neither side takes copy-on-write faults,
 * which on these VMs is most of what a fork costs (issue 4: about 2.5 ms of
 * a 14 ms trial).  The price is that the init runs in the supervisor's
 * memory until it execs, while the thread that cloned it sleeps: the
 * init's code (child.c) must not change anything the supervisor owns.
 *
 * What the supervisor must do between the clone and the init's setup (the
 * id map of a user namespace, the monitor's PTRACE_SEIZE) therefore runs
 * on another thread: the init says hello on a socket, the kernel attaches
 * its pid as the supervisor sees it (SCM_CREDENTIALS), that thread does its
 * part and sends the go byte.  When there is nothing to do, the init does
 * not wait at all. */
#ifndef HB_SANDBOX_LAUNCH_H
#define HB_SANDBOX_LAUNCH_H

#include "core/error.h"

#include <stdbool.h>
#include <sys/types.h>

/* Clone fn(arg) into a child with `flags` (CLONE_NEW* ...; CLONE_VM,
 * CLONE_VFORK, CLONE_PIDFD and SIGCHLD are added) on the init stack, and
 * return once it has exec'd or exited: its pid, with its pidfd in *pidfd;
 * -1 with errno when the clone failed.  Not reentrant: one thread starts
 * trials. */
pid_t hb_launch_clone (unsigned long flags, int (*fn) (void *), void *arg, int *pidfd);

/* In the child, first thing on its new stack (tells AddressSanitizer that
 * the stack changed; nothing otherwise). */
void hb_launch_child_entered (void);

/* The handshake. */
typedef struct hb_launch {
  int fd;         /* the supervisor's end: SO_PASSCRED */
  int child_fd;   /* the init's end, closed by hb_launch_child_gone() */
} hb_launch;

int hb_launch_open (hb_launch *l, hb_error **err);
/* The clone has returned: drop the supervisor's copy of the init's end, so
 * that a thread still waiting in hb_launch_await() sees the end. */
void hb_launch_child_gone (hb_launch *l);
void hb_launch_close (hb_launch *l);

/* Supervisor side, on a thread other than the one that cloned: the init's
 * pid once it has said hello, or -1 and *err when it ended first. */
pid_t hb_launch_await (hb_launch *l, hb_error **err);
/* Let the init go on (0), or make it give up (hb_launch_abort: it exits
 * with status 125 before it has done anything). */
int hb_launch_release (hb_launch *l, hb_error **err);
void hb_launch_abort (hb_launch *l);

/* Init side: say hello and wait for the go byte; false when the
 * supervisor gave up. */
bool hb_launch_child_wait (int fd);

#endif
