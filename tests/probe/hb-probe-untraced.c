/* hb-probe-untraced.c - runs inside a trial and attacks the seccomp filter
 * the way a hostile image would (SECURITY.md 18): a child made with
 * clone(CLONE_UNTRACED), so the monitor does not follow it, is traced by
 * its own parent (PTRACE_TRACEME, PTRACE_O_TRACESECCOMP), which continues
 * every stop; the child then makes syscalls the profile denies.  Were a
 * denial a SECCOMP_RET_TRACE, continuing it would run it.
 *
 * Usage: hb-probe-untraced [--alone] [--dir DIR]
 *   --alone: the untraced child is not traced by anyone (no TRACEME).
 *   --dir DIR: the directory to mkdir and chmod (default /tmp/hb-untraced).
 * One line per attempt, "NAME: ERRNO" or "NAME: ok", then "stops: N"
 * (the seccomp stops the parent continued) and "child: STATUS".
 * Static, so it runs in any root filesystem. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define KEYCTL_SEARCH 10
#define KEY_SPEC_USER_KEYRING (-4)

static void
result (const char *name, long rc)
{
  if (rc < 0)
    {
      const char *e = strerrorname_np (errno);
      printf ("%s: %s\n", name, e ? e : "?");
    }
  else
    printf ("%s: ok\n", name);
  fflush (stdout);
}

/* The denied syscalls, each with the raw syscall (no libc fallback). */
static int
attack (const char *dir)
{
  result ("keyctl", syscall (SYS_keyctl, KEYCTL_SEARCH, KEY_SPEC_USER_KEYRING, "user",
                             "hb-untraced-probe", 0));
  result ("unshare_user", syscall (SYS_unshare, CLONE_NEWUSER));
  result ("unshare_ns", syscall (SYS_unshare, CLONE_NEWNS));
  result ("mount_tmpfs", syscall (SYS_mount, "tmpfs", "/tmp", "tmpfs", 0UL, "size=1m"));
  result ("mkdir", syscall (SYS_mkdir, dir, 0755));
  result ("chmod", syscall (SYS_chmod, "/", 0755));
  return 0;
}

int
main (int argc, char **argv)
{
  bool alone = false;
  const char *dir = "/tmp/hb-untraced";
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--alone") == 0)
        alone = true;
      else if (strcmp (argv[i], "--dir") == 0 && i + 1 < argc)
        dir = argv[++i];
      else
        {
          fprintf (stderr, "usage: hb-probe-untraced [--alone] [--dir DIR]\n");
          return 2;
        }
    }
  /* A raw clone without a stack continues on a copy of ours, as fork. */
  pid_t pid = (pid_t) syscall (SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, 0, 0, 0);
  if (pid < 0)
    {
      perror ("clone(CLONE_UNTRACED)");
      return 1;
    }
  if (pid == 0)
    {
      if (!alone)
        {
          if (ptrace (PTRACE_TRACEME, 0, 0, 0) < 0)
            {
              perror ("PTRACE_TRACEME");
              _exit (3);
            }
          raise (SIGSTOP);   /* the parent sets its options now */
        }
      _exit (attack (dir));
    }
  unsigned long stops = 0;
  int st;
  if (!alone)
    {
      if (waitpid (pid, &st, 0) != pid || !WIFSTOPPED (st))
        {
          fprintf (stderr, "the child did not stop\n");
          return 1;
        }
      if (ptrace (PTRACE_SETOPTIONS, pid, 0,
                  (void *) (long) (PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL)) < 0)
        {
          perror ("PTRACE_SETOPTIONS");
          return 1;
        }
      if (ptrace (PTRACE_CONT, pid, 0, 0) < 0)
        {
          perror ("PTRACE_CONT");
          return 1;
        }
    }
  for (;;)
    {
      if (waitpid (pid, &st, 0) != pid)
        {
          perror ("waitpid");
          return 1;
        }
      if (WIFEXITED (st) || WIFSIGNALED (st))
        break;
      int sig = 0;
      if (WIFSTOPPED (st) && (st >> 8) == (SIGTRAP | (PTRACE_EVENT_SECCOMP << 8)))
        stops++;   /* continued: the kernel runs what the stop was for */
      else if (WIFSTOPPED (st))
        sig = WSTOPSIG (st);
      ptrace (PTRACE_CONT, pid, 0, (void *) (long) sig);
    }
  printf ("stops: %lu\n", stops);
  if (WIFEXITED (st))
    printf ("child: exit %d\n", WEXITSTATUS (st));
  else
    printf ("child: signal %d\n", WTERMSIG (st));
  return 0;
}
