/* nshelper.c - the helper inside a trial's user and network namespaces
 * (see nshelper.h).  One request, one answer, over a SOCK_SEQPACKET pair:
 * the answer carries an errno and, on success, the descriptor. */
#define _GNU_SOURCE
#include "config.h"

#include "sandbox/nshelper.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

enum { OP_SOCKET = 1, OP_OPEN_MEM };

typedef struct request {
  int op;
  int a, b, c;
} request;

struct hb_nshelper {
  pid_t pid;
  int sock;
  /* One request and its answer at a time: --publish asks from the owner's
   * thread, the monitor from its tracer thread. */
  pthread_mutex_t lock;
};

static void
reply (int sock, int err, int fd)
{
  struct iovec iov = { .iov_base = &err, .iov_len = sizeof err };
  union {
    char buf[CMSG_SPACE (sizeof (int))];
    struct cmsghdr align;
  } u;
  struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
  if (fd >= 0)
    {
      memset (&u, 0, sizeof u);
      msg.msg_control = u.buf;
      msg.msg_controllen = sizeof u.buf;
      struct cmsghdr *c = CMSG_FIRSTHDR (&msg);
      c->cmsg_level = SOL_SOCKET;
      c->cmsg_type = SCM_RIGHTS;
      c->cmsg_len = CMSG_LEN (sizeof (int));
      memcpy (CMSG_DATA (c), &fd, sizeof fd);
    }
  if (sendmsg (sock, &msg, MSG_NOSIGNAL) < 0)
    _exit (0);
}

/* In the forked child: fds 3 (socket), 4 (user ns), 5 (net ns). */
__attribute__ ((noreturn)) static void
helper_main (pid_t parent)
{
  sigset_t none;
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  if (prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 || getppid () != parent)
    _exit (1);
  if (setns (4, CLONE_NEWUSER) < 0 || setns (5, CLONE_NEWNET) < 0)
    {
      reply (3, errno, -1);
      _exit (1);
    }
  close (4);
  close (5);
  /* Joining the namespace changed our credentials, which resets both. */
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) < 0 || prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0
      || getppid () != parent)
    _exit (1);
  reply (3, 0, -1);
  for (;;)
    {
      request r;
      ssize_t n = recv (3, &r, sizeof r, 0);
      if (n == 0 || (n < 0 && errno != EINTR))
        _exit (0);
      if (n != (ssize_t) sizeof r)
        continue;
      int fd = -1;
      if (r.op == OP_SOCKET)
        fd = socket (r.a, r.b | SOCK_CLOEXEC, r.c);
      else if (r.op == OP_OPEN_MEM && r.a > 0)
        {
          char path[64];
          snprintf (path, sizeof path, "/proc/%d/mem", r.a);
          fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        }
      else
        errno = EINVAL;
      reply (3, fd < 0 ? errno : 0, fd);
      if (fd >= 0)
        close (fd);
    }
}

/* One answer: errno, and the descriptor it carries (or -1). */
static int
receive (int sock, int *fd)
{
  int err = EIO;
  struct iovec iov = { .iov_base = &err, .iov_len = sizeof err };
  union {
    char buf[CMSG_SPACE (sizeof (int))];
    struct cmsghdr align;
  } u;
  struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
                        .msg_controllen = sizeof u.buf };
  *fd = -1;
  ssize_t n;
  do
    n = recvmsg (sock, &msg, MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == EINTR);
  if (n != (ssize_t) sizeof err)
    return n < 0 ? errno : EIO;
  for (struct cmsghdr *c = CMSG_FIRSTHDR (&msg); c; c = CMSG_NXTHDR (&msg, c))
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
      memcpy (fd, CMSG_DATA (c), sizeof *fd);
  return err;
}

hb_nshelper *
hb_nshelper_start (pid_t pid, hb_error **err)
{
  char path[64];
  snprintf (path, sizeof path, "/proc/%d/ns/user", (int) pid);
  int userfd = open (path, O_RDONLY | O_CLOEXEC);
  snprintf (path, sizeof path, "/proc/%d/ns/net", (int) pid);
  int netfd = open (path, O_RDONLY | O_CLOEXEC);
  int sv[2] = { -1, -1 };
  if (userfd < 0 || netfd < 0 || socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
    {
      hb_fail_errno (err, errno, HB_EXIT_SANDBOX, "namespace helper: %s", path);
      goto fail;
    }
  pid_t parent = getpid ();
  pid_t child = fork ();
  if (child < 0)
    {
      hb_fail_errno (err, errno, HB_EXIT_SANDBOX, "namespace helper: fork");
      goto fail;
    }
  if (child == 0)
    {
      /* Only what it needs, at fixed numbers (dup2 clears close-on-exec,
       * which does not matter: it never execs). */
      if (dup2 (sv[1], 3) < 0 || dup2 (userfd, 4) < 0 || dup2 (netfd, 5) < 0
          || syscall (SYS_close_range, 6U, ~0U, 0U) < 0)
        _exit (1);
      helper_main (parent);
    }
  close (sv[1]);
  close (userfd);
  close (netfd);
  hb_nshelper *h = xcalloc (1, sizeof *h);
  h->pid = child;
  h->sock = sv[0];
  pthread_mutex_init (&h->lock, NULL);
  int fd;
  int e = receive (h->sock, &fd);
  if (e != 0)
    {
      hb_fail_errno (err, e, HB_EXIT_SANDBOX,
                     "namespace helper: join the trial's user and network namespaces");
      hb_nshelper_free (h);
      return NULL;
    }
  return h;

fail:
  if (userfd >= 0)
    close (userfd);
  if (netfd >= 0)
    close (netfd);
  if (sv[0] >= 0)
    close (sv[0]);
  if (sv[1] >= 0)
    close (sv[1]);
  return NULL;
}

static int
ask (hb_nshelper *h, int op, int a, int b, int c)
{
  request r = { .op = op, .a = a, .b = b, .c = c };
  int fd = -1, e;
  pthread_mutex_lock (&h->lock);
  if (send (h->sock, &r, sizeof r, MSG_NOSIGNAL) != (ssize_t) sizeof r)
    e = errno;
  else
    e = receive (h->sock, &fd);
  pthread_mutex_unlock (&h->lock);
  if (e != 0)
    {
      if (fd >= 0)
        close (fd);
      errno = e;
      return -1;
    }
  if (fd < 0)
    errno = EIO;
  return fd;
}

int
hb_nshelper_socket (hb_nshelper *h, int domain, int type, int protocol)
{
  return ask (h, OP_SOCKET, domain, type, protocol);
}

int
hb_nshelper_open_mem (hb_nshelper *h, pid_t tid)
{
  return ask (h, OP_OPEN_MEM, (int) tid, 0, 0);
}

void
hb_nshelper_free (hb_nshelper *h)
{
  if (h == NULL)
    return;
  close (h->sock);
  /* It exits at EOF (it only ever waits in recv).  The monitor's
   * waitpid (-1) may have reaped it already: then this is ECHILD. */
  while (waitpid (h->pid, NULL, 0) < 0 && errno == EINTR)
    ;
  pthread_mutex_destroy (&h->lock);
  free (h);
}
