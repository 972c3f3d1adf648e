/* mechanisms.c - what each way of watching a syscall costs on this machine,
 * for the monitor's design (issue: one watched write at most 20 µs extra).
 *
 * Workload: open(O_WRONLY|O_CREAT) + close of a file on /dev/shm, in a
 * child, watched by a one-rule seccomp filter (write-opens only), under:
 *   native         no filter
 *   ptrace-2stop   SECCOMP_RET_TRACE stop, then the syscall-exit stop: the
 *                  real errno is seen (the monitor's mechanism)
 *   ptrace-1stop   the seccomp stop only: the errno is not seen
 *   notify         SECCOMP_RET_USER_NOTIF answered with CONTINUE: the
 *                  errno is not seen
 *   notify-sync    the same with SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (6.6+)
 * Each watcher reads the path from the child's memory, as the monitor does.
 * Then what the kernel's tracing, the only stop-free source of a syscall's
 * result, costs a trial: perf tracepoint events on sys_exit_* (setup and
 * teardown, one and eight syscalls) and raw_syscalls:sys_exit on a getppid
 * loop.  Rounds alternate the variants; the table gives medians. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/perf_event.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW (4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP 1
#endif

#define MAX_ROUNDS 64
/* One header page and 8 data pages per CPU. */
#define RING_BYTES (9 * 4096)
/* raw_syscalls sees every syscall: keep the write-denial errnos of openat,
 * mkdir and unlink (x86_64 numbers; elsewhere it only costs the same). */
#define RAW_FILTER "(id == 257 || id == 83 || id == 87) && (ret == -30 || ret == -13 || ret == -1)"

enum variant { NATIVE, PTRACE2, PTRACE1, NOTIFY, NOTIFY_SYNC, N_VARIANTS };
static const char *const variant_name[N_VARIANTS]
    = { "native", "ptrace-2stop", "ptrace-1stop", "notify", "notify-sync" };
static const char *const variant_errno[N_VARIANTS]
    = { "-", "yes", "no", "no", "no" };

static const char *shm_path;

static double
now_us (void)
{
  struct timespec t;
  clock_gettime (CLOCK_MONOTONIC, &t);
  return (double) t.tv_sec * 1e6 + (double) t.tv_nsec / 1e3;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *v, int n)
{
  qsort (v, (size_t) n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The child's side: the watched loop; writes µs per iteration to fd. */
static void
workload (int n, int out)
{
  double t = now_us ();
  for (int i = 0; i < n; i++)
    {
      int fd = open (shm_path, O_WRONLY | O_CREAT, 0600);
      if (fd >= 0)
        close (fd);
    }
  double per = (now_us () - t) / n;
  if (write (out, &per, sizeof per) != (ssize_t) sizeof per)
    _exit (1);
}

/* A filter that returns `action` for write-opens (openat with a write,
 * create or truncate flag) and allows everything else. */
static int
load_watch (unsigned action, unsigned flags)
{
  struct sock_filter f[] = {
    BPF_STMT (BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, nr)),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, __NR_openat, 0, 3),
    BPF_STMT (BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, args[2])),
    BPF_JUMP (BPF_JMP | BPF_JSET | BPF_K, O_WRONLY | O_RDWR | O_CREAT | O_TRUNC, 0, 1),
    BPF_STMT (BPF_RET | BPF_K, action),
    BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog prog = { sizeof f / sizeof f[0], f };
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    return -1;
  return (int) syscall (SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
}

static void
read_path (pid_t pid, uint64_t addr)
{
  char buf[256];
  struct iovec local = { buf, sizeof buf }, remote = { (void *) (uintptr_t) addr, sizeof buf };
  if (process_vm_readv (pid, &local, 1, &remote, 1, 0) < 0)
    buf[0] = '\0';
}

static int
send_fd (int sock, int fd)
{
  char byte = 0, cbuf[CMSG_SPACE (sizeof (int))];
  struct iovec io = { &byte, 1 };
  struct msghdr m = { .msg_iov = &io, .msg_iovlen = 1, .msg_control = cbuf,
                      .msg_controllen = sizeof cbuf };
  struct cmsghdr *c = CMSG_FIRSTHDR (&m);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN (sizeof (int));
  memcpy (CMSG_DATA (c), &fd, sizeof fd);
  return sendmsg (sock, &m, 0) == 1 ? 0 : -1;
}

static int
recv_fd (int sock)
{
  char byte, cbuf[CMSG_SPACE (sizeof (int))];
  struct iovec io = { &byte, 1 };
  struct msghdr m = { .msg_iov = &io, .msg_iovlen = 1, .msg_control = cbuf,
                      .msg_controllen = sizeof cbuf };
  if (recvmsg (sock, &m, 0) != 1)
    return -1;
  struct cmsghdr *c = CMSG_FIRSTHDR (&m);
  if (c == NULL || c->cmsg_type != SCM_RIGHTS)
    return -1;
  int fd;
  memcpy (&fd, CMSG_DATA (c), sizeof fd);
  return fd;
}

static void
serve_notify (int listener)
{
  struct seccomp_notif req;
  struct seccomp_notif_resp resp;
  for (;;)
    {
      memset (&req, 0, sizeof req);
      if (ioctl (listener, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
        {
          if (errno == EINTR)
            continue;
          return;   /* ENOENT/EBADF: the child is gone */
        }
      read_path ((pid_t) req.pid, req.data.args[1]);
      memset (&resp, 0, sizeof resp);
      resp.id = req.id;
      resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
      if (ioctl (listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) < 0 && errno != ENOENT)
        return;
    }
}

static void
serve_ptrace (pid_t child, bool exit_stop)
{
  int st;
  for (;;)
    {
      pid_t w = waitpid (child, &st, __WALL);
      if (w < 0 || WIFEXITED (st) || WIFSIGNALED (st))
        return;
      if ((st >> 8) == (SIGTRAP | (PTRACE_EVENT_SECCOMP << 8)))
        {
          struct __ptrace_syscall_info si;
          if (ptrace (PTRACE_GET_SYSCALL_INFO, child, sizeof si, &si) > 0)
            read_path (child, si.seccomp.args[1]);
          ptrace (exit_stop ? PTRACE_SYSCALL : PTRACE_CONT, child, 0, 0);
          continue;
        }
      if (WSTOPSIG (st) == (SIGTRAP | 0x80))
        {
          struct __ptrace_syscall_info si;
          ptrace (PTRACE_GET_SYSCALL_INFO, child, sizeof si, &si);   /* the errno */
          ptrace (PTRACE_CONT, child, 0, 0);
          continue;
        }
      ptrace (PTRACE_CONT, child, 0, (void *) (long) (WSTOPSIG (st) == SIGSTOP ? 0 : WSTOPSIG (st)));
    }
}

/* fork, with a socket pair between parent and child (sv[0] is the
 * child's end); -1 when either fails. */
static pid_t
fork_with_channel (int sv[2])
{
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
    return -1;
  pid_t child = fork ();
  if (child < 0)
    {
      close (sv[0]);
      close (sv[1]);
    }
  return child;
}

/* One run of a variant: µs per iteration, or -1. */
static double
run_variant (enum variant v, int n)
{
  int sv[2];
  pid_t child = fork_with_channel (sv);
  if (child < 0)
    return -1;
  if (child == 0)
    {
      close (sv[1]);
      if (v == PTRACE2 || v == PTRACE1)
        {
          raise (SIGSTOP);   /* the parent seizes us */
          if (load_watch (SECCOMP_RET_TRACE, 0) < 0)
            _exit (1);
        }
      else if (v == NOTIFY || v == NOTIFY_SYNC)
        {
          int listener = load_watch (SECCOMP_RET_USER_NOTIF, SECCOMP_FILTER_FLAG_NEW_LISTENER);
          if (listener < 0 || send_fd (sv[0], listener) < 0)
            _exit (1);
          close (listener);
          char go;
          if (read (sv[0], &go, 1) != 1)
            _exit (1);
        }
      workload (n, sv[0]);
      _exit (0);
    }
  close (sv[0]);
  if (v == PTRACE2 || v == PTRACE1)
    {
      int st;
      waitpid (child, &st, WSTOPPED);
      if (ptrace (PTRACE_SEIZE, child, 0, PTRACE_O_TRACESECCOMP | PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL) < 0)
        {
          kill (child, SIGKILL);
          waitpid (child, &st, 0);
          close (sv[1]);
          return -1;
        }
      kill (child, SIGCONT);
      serve_ptrace (child, v == PTRACE2);
    }
  else if (v == NOTIFY || v == NOTIFY_SYNC)
    {
      int listener = recv_fd (sv[1]);
      bool ok = listener >= 0;
      if (ok && v == NOTIFY_SYNC
          && ioctl (listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP, 0) < 0)
        ok = false;   /* older than 6.6 */
      if (!ok || write (sv[1], "g", 1) != 1)
        {
          kill (child, SIGKILL);
          waitpid (child, NULL, 0);
          if (listener >= 0)
            close (listener);
          close (sv[1]);
          return -1;
        }
      serve_notify (listener);
      close (listener);
    }
  double per = -1;
  if (read (sv[1], &per, sizeof per) != (ssize_t) sizeof per)
    per = -1;
  close (sv[1]);
  int st;
  while (waitpid (child, &st, 0) < 0 && errno == EINTR)
    ;
  return per;
}

/* --- tracing ------------------------------------------------------------ */

static long
tracepoint_id (const char *event)
{
  static const char *const roots[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
  for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++)
    {
      char path[256];
      snprintf (path, sizeof path, "%s/events/%s/id", roots[i], event);
      FILE *f = fopen (path, "re");
      if (f == NULL)
        continue;
      long id = -1;
      if (fscanf (f, "%ld", &id) != 1)
        id = -1;
      fclose (f);
      return id;
    }
  return -1;
}

static int
open_tracepoint (long id, pid_t pid, int cpu, const char *filter)
{
  struct perf_event_attr a;
  memset (&a, 0, sizeof a);
  a.size = sizeof a;
  a.type = PERF_TYPE_TRACEPOINT;
  a.config = (unsigned long long) id;
  a.sample_period = 1;
  a.sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_RAW;
  a.inherit = 1;
  int fd = (int) syscall (SYS_perf_event_open, &a, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC);
  if (fd >= 0 && filter && ioctl (fd, PERF_EVENT_IOC_SET_FILTER, filter) < 0)
    {
      close (fd);
      return -1;
    }
  return fd;
}

/* Events for `n` tracepoints on every CPU for a sleeping child, one ring
 * buffer per CPU: µs to set up and to close, or -1. */
static int
tracepoint_costs (const char *const *names, int n, const char *filter, double *setup,
                  double *teardown)
{
  int ncpu = (int) sysconf (_SC_NPROCESSORS_ONLN);
  if (ncpu < 1 || ncpu > 64)
    return -1;
  pid_t child = fork ();
  if (child < 0)
    return -1;
  if (child == 0)
    {
      pause ();
      _exit (0);
    }
  int fds[64 * 8];
  void *rings[64];
  int k = 0, nrings = 0, rc = 0;
  double t0 = now_us ();
  for (int cpu = 0; cpu < ncpu && rc == 0; cpu++)
    for (int i = 0; i < n && rc == 0; i++)
      {
        long id = tracepoint_id (names[i]);
        int fd = id < 0 ? -1 : open_tracepoint (id, child, cpu, filter);
        if (fd < 0)
          {
            rc = -1;
            break;
          }
        fds[k++] = fd;
        if (i == 0)
          {
            void *ring = mmap (NULL, RING_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
            if (ring == MAP_FAILED)
              rc = -1;
            else
              rings[nrings++] = ring;
          }
        else if (ioctl (fd, PERF_EVENT_IOC_SET_OUTPUT, fds[k - 1 - i]) < 0)
          rc = -1;
      }
  *setup = now_us () - t0;
  /* The events end with the last close of each. */
  t0 = now_us ();
  for (int i = 0; i < nrings; i++)
    munmap (rings[i], RING_BYTES);
  for (int i = 0; i < k; i++)
    close (fds[i]);
  *teardown = now_us () - t0;
  kill (child, SIGKILL);
  waitpid (child, NULL, 0);
  return rc;
}

/* getppid loop: µs per call, with raw_syscalls:sys_exit on the child when
 * `traced`. */
static double
getppid_loop (int n, bool traced)
{
  int sv[2];
  pid_t child = fork_with_channel (sv);
  if (child < 0)
    return -1;
  if (child == 0)
    {
      char go;
      if (read (sv[0], &go, 1) != 1)
        _exit (1);
      double t = now_us ();
      for (int i = 0; i < n; i++)
        syscall (SYS_getppid);
      double per = (now_us () - t) / n;
      if (write (sv[0], &per, sizeof per) != (ssize_t) sizeof per)
        _exit (1);
      _exit (0);
    }
  int ncpu = (int) sysconf (_SC_NPROCESSORS_ONLN);
  int fds[64];
  int k = 0;
  long id = tracepoint_id ("raw_syscalls/sys_exit");
  bool ok = !traced || (id >= 0 && ncpu <= 64);
  for (int cpu = 0; ok && traced && cpu < ncpu; cpu++)
    {
      int fd = open_tracepoint (id, child, cpu, RAW_FILTER);
      if (fd < 0)
        ok = false;
      else
        fds[k++] = fd;
    }
  double per = -1;
  if (ok && write (sv[1], "g", 1) == 1 && read (sv[1], &per, sizeof per) != (ssize_t) sizeof per)
    per = -1;
  if (!ok)
    kill (child, SIGKILL);
  waitpid (child, NULL, 0);
  for (int i = 0; i < k; i++)
    close (fds[i]);
  close (sv[0]);
  close (sv[1]);
  return ok ? per : -1;
}

int
main (int argc, char **argv)
{
  int rounds = argc > 1 ? atoi (argv[1]) : 5;
  int n = argc > 2 ? atoi (argv[2]) : 20000;
  if (rounds < 1 || rounds > MAX_ROUNDS || n < 1)
    {
      fprintf (stderr, "usage: %s [ROUNDS (1-%d)] [ITERATIONS]\n", argv[0], MAX_ROUNDS);
      return 2;
    }
  char path[64];
  snprintf (path, sizeof path, "/dev/shm/hb-bench-mechanisms-%d", (int) getpid ());
  shm_path = path;

  double res[N_VARIANTS][MAX_ROUNDS];
  int got[N_VARIANTS] = { 0 };
  for (int r = 0; r < rounds; r++)
    for (int v = 0; v < N_VARIANTS; v++)
      {
        double per = run_variant ((enum variant) v, n);
        if (per > 0)
          res[v][got[v]++] = per;
      }
  unlink (path);
  double native = got[NATIVE] ? median (res[NATIVE], got[NATIVE]) : 0;
  printf ("Per watched write-open (open+close on /dev/shm, %d iterations, %d rounds):\n\n", n, rounds);
  printf ("| mechanism | errno seen | µs per open+close | extra µs per event | x native |\n");
  printf ("| --- | --- | --- | --- | --- |\n");
  for (int v = 0; v < N_VARIANTS; v++)
    {
      if (got[v] == 0)
        {
          printf ("| %s | %s | unavailable here | - | - |\n", variant_name[v], variant_errno[v]);
          continue;
        }
      double m = median (res[v], got[v]);
      printf ("| %s | %s | %.2f | %.2f | %.2f |\n", variant_name[v], variant_errno[v], m,
              m - native, native > 0 ? m / native : 0);
    }

  static const char *const one[] = { "syscalls/sys_exit_openat" };
  static const char *const eight[]
      = { "syscalls/sys_exit_openat",  "syscalls/sys_exit_mkdir",    "syscalls/sys_exit_mkdirat",
          "syscalls/sys_exit_unlink",  "syscalls/sys_exit_unlinkat", "syscalls/sys_exit_rename",
          "syscalls/sys_exit_chmod",   "syscalls/sys_exit_fchmodat" };
  static const char *const raw[] = { "raw_syscalls/sys_exit" };
  const char *ret_filter = "ret == -30 || ret == -13 || ret == -1";
  double s1[MAX_ROUNDS], t1[MAX_ROUNDS], s8[MAX_ROUNDS], t8[MAX_ROUNDS];
  double sr[MAX_ROUNDS], tr[MAX_ROUNDS], pn[MAX_ROUNDS], pt[MAX_ROUNDS];
  int g1 = 0, g8 = 0, gr = 0, gp = 0;
  for (int r = 0; r < rounds; r++)
    {
      if (tracepoint_costs (one, 1, ret_filter, &s1[g1], &t1[g1]) == 0)
        g1++;
      if (tracepoint_costs (eight, 8, ret_filter, &s8[g8], &t8[g8]) == 0)
        g8++;
      if (tracepoint_costs (raw, 1, RAW_FILTER, &sr[gr], &tr[gr]) == 0)
        gr++;
      double a = getppid_loop (200000, false), b = getppid_loop (200000, true);
      if (a > 0 && b > 0)
        {
          pn[gp] = a;
          pt[gp++] = b;
        }
    }
  printf ("\nThe errno without a second stop: kernel tracing (perf tracepoint events, "
          "inherited, one ring buffer per CPU):\n\n");
  printf ("| tracing | set-up µs | teardown µs |\n| --- | --- | --- |\n");
  if (g1)
    printf ("| syscalls:sys_exit_openat | %.0f | %.0f |\n", median (s1, g1), median (t1, g1));
  else
    printf ("| syscalls:sys_exit_openat | unavailable (needs root and tracefs) | - |\n");
  if (g8)
    printf ("| 8 syscalls:sys_exit_* | %.0f | %.0f |\n", median (s8, g8), median (t8, g8));
  else
    printf ("| 8 syscalls:sys_exit_* | unavailable (needs root and tracefs) | - |\n");
  if (gr)
    printf ("| raw_syscalls:sys_exit | %.0f | %.0f |\n", median (sr, gr), median (tr, gr));
  else
    printf ("| raw_syscalls:sys_exit | unavailable (needs root and tracefs) | - |\n");
  if (gp)
    {
      double a = median (pn, gp), b = median (pt, gp);
      printf ("\nUnwatched syscalls under raw_syscalls:sys_exit (filtered to three syscalls): "
              "getppid %.3f µs vs %.3f µs untraced (%.2fx)\n", b, a, b / a);
    }
  return 0;
}
