/* hb-probe-lines.c - the syscalls whose answer differs between Docker's
 * release lines of the default seccomp profile, each called with
 * arguments that fail harmlessly when the call is allowed (EFAULT, EBADF,
 * EINVAL), so that the errno tells the profile's answer apart: EPERM
 * denied, ENOSYS answered "no such call".  One "NAME: ERRNO" line each.
 * Static, so it runs in any root filesystem (tests/cli/profile_lines.bats). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif
/* Numbers newer than the C library's headers may know (x86-64 and the
 * asm-generic table agree on these). */
#ifndef SYS_io_uring_setup
#define SYS_io_uring_setup 425
#endif
#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif

static void
result (const char *name, long rc)
{
  if (rc < 0)
    {
      const char *e = strerrorname_np (errno);
      printf ("%s: %s\n", name, e ? e : "?");
    }
  else
    {
      printf ("%s: ok\n", name);
      close ((int) rc);
    }
  fflush (stdout);
}

int
main (void)
{
  /* entries 0: EINVAL when allowed */
  result ("io_uring_setup", syscall (SYS_io_uring_setup, 0, NULL));
  /* a NULL clone_args: EFAULT when allowed (size 64 is CLONE_ARGS_SIZE_VER1) */
  result ("clone3", syscall (SYS_clone3, NULL, 64));
  /* a vsock socket: made (ok) or EAFNOSUPPORT without the module, when allowed */
  result ("socket_vsock", syscall (SYS_socket, AF_VSOCK, SOCK_STREAM, 0));
  /* flags 1: EINVAL when allowed */
  result ("pkey_alloc", syscall (SYS_pkey_alloc, 1, 0));
  /* a NULL path: EFAULT when allowed */
  result ("name_to_handle_at", syscall (SYS_name_to_handle_at, AT_FDCWD, NULL, NULL, NULL, 0));
  /* a bad fd: EBADF when allowed */
  result ("fchmodat2", syscall (SYS_fchmodat2, -1, "x", 0644, 0));
  return 0;
}
