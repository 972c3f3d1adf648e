/* launch.c - the container init's start: the clone on a stack of its own,
 * and the hello/go handshake with the supervisor's other thread (launch.h
 * says why). */
#define _GNU_SOURCE
#include "config.h"

#include "sandbox/launch.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#define HB_ASAN 1
#else
#define HB_ASAN 0
#endif

/* The init's stack: mapped once per process and kept, since
 * hb_launch_clone returns only when the init has left it (exec or exit).
 * Its lowest page is a guard page.  Not a static array: LeakSanitizer
 * scans the data segment and would fault on the guard. */
#define INIT_STACK_SIZE (1024 * 1024)
#define GUARD_SIZE 4096
static unsigned char *init_stack;

static int
init_stack_map (void)
{
  if (init_stack)
    return 0;
  void *p = mmap (NULL, INIT_STACK_SIZE, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (p == MAP_FAILED)
    return -1;
  /* A stack overflow in the init must fault, not run into other memory. */
  if (mprotect (p, GUARD_SIZE, PROT_NONE) < 0)
    {
      int e = errno;
      munmap (p, INIT_STACK_SIZE);
      errno = e;
      return -1;
    }
  init_stack = p;
  return 0;
}

#if HB_ASAN
/* The cloning thread's stack as AddressSanitizer knew it, written by the
 * child when it switches (shared memory), read back after the clone. */
static const void *asan_old_bottom;
static size_t asan_old_size;
static void *asan_fake_stack;
#endif

void
hb_launch_child_entered (void)
{
#if HB_ASAN
  /* A new fiber: no fake stack of its own to restore. */
  __sanitizer_finish_switch_fiber (NULL, &asan_old_bottom, &asan_old_size);
#endif
}

pid_t
hb_launch_clone (unsigned long flags, int (*fn) (void *), void *arg, int *pidfd)
{
  if (init_stack_map () < 0)
    return -1;
  flags |= CLONE_VM | CLONE_VFORK | CLONE_PIDFD | SIGCHLD;
#if HB_ASAN
  asan_old_bottom = NULL;
  __sanitizer_start_switch_fiber (&asan_fake_stack, init_stack + GUARD_SIZE,
                                  INIT_STACK_SIZE - GUARD_SIZE);
#endif
  pid_t pid = clone (fn, init_stack + INIT_STACK_SIZE, (int) flags, arg, pidfd);
  int saved = errno;
#if HB_ASAN
  /* Back on our own stack: tell ASan, with the bounds the child reported
   * (when the clone failed, switch to the init stack and straight back). */
  if (asan_old_bottom == NULL)
    __sanitizer_finish_switch_fiber (NULL, &asan_old_bottom, &asan_old_size);
  /* NULL: the init's fiber is over, its fake stack goes. */
  __sanitizer_start_switch_fiber (NULL, asan_old_bottom, asan_old_size);
  __sanitizer_finish_switch_fiber (asan_fake_stack, NULL, NULL);
  /* The init's frames never returned: their redzones would still be
   * poisoned under the next init's frames (false reports, made while the
   * init shares our memory and holds ASan's locks). */
  __asan_unpoison_memory_region (init_stack + GUARD_SIZE, INIT_STACK_SIZE - GUARD_SIZE);
#endif
  errno = saved;
  return pid;
}

int
hb_launch_open (hb_launch *l, hb_error **err)
{
  int sv[2];
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
    return hb_fail_errno (err, errno, HB_EXIT_SANDBOX, "trial: start socket");
  int one = 1;
  /* Before the init can write: credentials are attached as it sends. */
  if (setsockopt (sv[0], SOL_SOCKET, SO_PASSCRED, &one, sizeof one) < 0)
    {
      int e = errno;
      close (sv[0]);
      close (sv[1]);
      return hb_fail_errno (err, e, HB_EXIT_SANDBOX, "trial: start socket");
    }
  l->fd = sv[0];
  l->child_fd = sv[1];
  return 0;
}

void
hb_launch_child_gone (hb_launch *l)
{
  if (l->child_fd >= 0)
    close (l->child_fd);
  l->child_fd = -1;
}

void
hb_launch_close (hb_launch *l)
{
  hb_launch_child_gone (l);
  if (l->fd >= 0)
    close (l->fd);
  l->fd = -1;
}

pid_t
hb_launch_await (hb_launch *l, hb_error **err)
{
  char byte;
  struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
  union {
    struct cmsghdr align;
    char buf[CMSG_SPACE (sizeof (struct ucred))];
  } control;
  for (;;)
    {
      struct msghdr msg = { 0 };
      msg.msg_iov = &iov;
      msg.msg_iovlen = 1;
      msg.msg_control = control.buf;
      msg.msg_controllen = sizeof control.buf;
      ssize_t n = recvmsg (l->fd, &msg, MSG_CMSG_CLOEXEC);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return hb_fail_errno (err, errno, HB_EXIT_SANDBOX, "trial: wait for the container init");
      if (n == 0)
        return hb_fail (err, HB_EXIT_SANDBOX, "trial: the container init ended before it started");
      /* The kernel wrote the sender's pid as our pid namespace sees it. */
      for (struct cmsghdr *c = CMSG_FIRSTHDR (&msg); c; c = CMSG_NXTHDR (&msg, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS
            && c->cmsg_len == CMSG_LEN (sizeof (struct ucred)))
          {
            struct ucred cred;
            memcpy (&cred, CMSG_DATA (c), sizeof cred);
            if (cred.pid > 0)
              return cred.pid;
          }
      return hb_fail (err, HB_EXIT_SANDBOX, "trial: the container init's hello carried no pid");
    }
}

int
hb_launch_release (hb_launch *l, hb_error **err)
{
  ssize_t n;
  while ((n = write (l->fd, "g", 1)) < 0 && errno == EINTR)
    ;
  if (n != 1)
    return hb_fail_errno (err, n < 0 ? errno : EIO, HB_EXIT_SANDBOX,
                          "trial: start the container init");
  return 0;
}

void
hb_launch_abort (hb_launch *l)
{
  /* Not close: the fd stays ours until hb_launch_close. */
  shutdown (l->fd, SHUT_RDWR);
}

bool
hb_launch_child_wait (int fd)
{
  char c = 'h';
  if (write (fd, &c, 1) != 1)
    return false;
  ssize_t n;
  while ((n = read (fd, &c, 1)) < 0 && errno == EINTR)
    ;
  return n == 1;
}
