/* probe.c - runs inside a trial (or a docker container) and reports what
 * the sandbox lets a process do.  Each check calls the syscall directly
 * with a harmless bad argument: "allowed" shows as EFAULT/EBADF/EINVAL,
 * "denied" as the policy's errno.  One result per line: "NAME: RESULT".
 * Static, so it runs in any root filesystem. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/keyctl.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

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

/* Syscalls with arguments that fail harmlessly when allowed. */
static int
syscalls (void)
{
  result ("mount", syscall (SYS_mount, NULL, NULL, NULL, 0, NULL));
  result ("umount2", syscall (SYS_umount2, NULL, 0));
  result ("pivot_root", syscall (SYS_pivot_root, NULL, NULL));
  result ("setns", syscall (SYS_setns, -1, 0));
  result ("unshare", syscall (SYS_unshare, -1));
  result ("unshare_user", syscall (SYS_unshare, CLONE_NEWUSER | 0x80000000));
  result ("keyctl", syscall (SYS_keyctl, -1, 0, 0, 0, 0));
  result ("add_key", syscall (SYS_add_key, NULL, NULL, NULL, 0, 0));
  result ("ptrace", syscall (SYS_ptrace, -1, 0, 0, 0));
  result ("bpf", syscall (SYS_bpf, -1, NULL, 0));
  result ("perf_event_open", syscall (SYS_perf_event_open, NULL, 0, -1, -1, 0));
  result ("open_by_handle_at", syscall (SYS_open_by_handle_at, -1, NULL, 0));
  result ("kexec_load", syscall (SYS_kexec_load, 0, 0, NULL, 0xffffffffUL));
  result ("init_module", syscall (SYS_init_module, NULL, 0, NULL));
  result ("uname", syscall (SYS_uname, NULL));
  result ("getcwd", syscall (SYS_getcwd, NULL, 1));
  result ("chmod", syscall (SYS_chmod, NULL, 0));
  return 0;
}

/* i386 entry point: mount (nr 21) with a NULL target. */
static int
int80_mount (void)
{
#if defined(__x86_64__)
  long rc;
  __asm__ volatile ("int $0x80" : "=a"(rc) : "a"(21L), "b"(0L), "c"(0L), "d"(0L) : "memory");
  if (rc < 0)
    {
      errno = (int) -rc;
      rc = -1;
    }
  result ("int80_mount", rc);
#else
  printf ("int80_mount: unsupported\n");
#endif
  return 0;
}

/* x32 entry point (bit 30 set): mount. */
static int
x32_mount (void)
{
#if defined(__x86_64__)
  long rc = syscall (0x40000000L | SYS_mount, NULL, NULL, NULL, 0, NULL);
  result ("x32_mount", rc);
#else
  printf ("x32_mount: unsupported\n");
#endif
  return 0;
}

/* Every fd must be a pipe, socket, anon inode, pty or /dev/null; cwd
 * must be inside the root. */
static int
fds (void)
{
  DIR *d = opendir ("/proc/self/fd");
  if (d == NULL)
    {
      perror ("probe: /proc/self/fd");
      return 1;
    }
  int self = dirfd (d);
  struct dirent *e;
  int bad = 0;
  while ((e = readdir (d)) != NULL)
    {
      if (e->d_name[0] == '.' || atoi (e->d_name) == self)
        continue;
      char path[300], link[4096];
      snprintf (path, sizeof path, "/proc/self/fd/%s", e->d_name);
      ssize_t n = readlink (path, link, sizeof link - 1);
      if (n < 0)
        continue;
      link[n] = '\0';
      bool ok = strncmp (link, "pipe:", 5) == 0 || strncmp (link, "socket:", 7) == 0
                || strncmp (link, "anon_inode:", 11) == 0 || strncmp (link, "/dev/pts/", 9) == 0
                || strcmp (link, "/dev/null") == 0;
      printf ("fd %s: %s%s\n", e->d_name, link, ok ? "" : " (HOST)");
      bad |= !ok;
    }
  closedir (d);
  char cwd[4096];
  if (getcwd (cwd, sizeof cwd) == NULL)
    {
      printf ("cwd: outside the root (%s)\n", strerror (errno));
      bad = 1;
    }
  else
    printf ("cwd: %s\n", cwd);
  printf ("fds: %s\n", bad ? "LEAK" : "clean");
  return 0;
}

/* Open every /proc/PID/exe for writing, and /proc/1/root/.. */
static int
exe (void)
{
  DIR *d = opendir ("/proc");
  struct dirent *e;
  while (d && (e = readdir (d)) != NULL)
    {
      if (atoi (e->d_name) <= 0)
        continue;
      char path[300];
      snprintf (path, sizeof path, "/proc/%s/exe", e->d_name);
      int fd = open (path, O_WRONLY);
      char name[300];
      snprintf (name, sizeof name, "write_exe_%s", e->d_name);
      result (name, fd);
      if (fd >= 0)
        close (fd);
    }
  if (d)
    closedir (d);
  return 0;
}

/* Open a device node for writing and close it at once: nothing is
 * written (kmsg would log it), no terminal is acquired, nothing blocks. */
static int
devopen (const char *path)
{
  int fd = open (path, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  result ("devopen", fd);
  if (fd >= 0)
    close (fd);
  return 0;
}

int
main (int argc, char **argv)
{
  if (argc < 2)
    {
      fprintf (stderr, "usage: probe syscalls|int80|x32|fds|exe|kill PID|ptrace PID|euid|"
                       "write PATH|mountproc|forkbomb N|open PATH|devopen PATH|"
                       "mknod PATH c|b MAJOR MINOR|keyring|addkey DESC [RING]|findkey DESC|"
                       "rmkey ID|session CMD...\n");
      return 2;
    }
  const char *c = argv[1];
  if (strcmp (c, "syscalls") == 0)
    return syscalls ();
  if (strcmp (c, "int80") == 0)
    return int80_mount ();
  if (strcmp (c, "x32") == 0)
    return x32_mount ();
  if (strcmp (c, "fds") == 0)
    return fds ();
  if (strcmp (c, "exe") == 0)
    return exe ();
  if (strcmp (c, "kill") == 0 && argc > 2)
    {
      result ("kill", kill (atoi (argv[2]), 0));
      return 0;
    }
  if (strcmp (c, "ptrace") == 0 && argc > 2)
    {
      result ("ptrace_attach", ptrace (PTRACE_ATTACH, atoi (argv[2]), NULL, NULL));
      return 0;
    }
  if (strcmp (c, "euid") == 0)
    {
      printf ("euid: %u\n", (unsigned) geteuid ());
      return 0;
    }
  if (strcmp (c, "write") == 0 && argc > 2)
    {
      int fd = open (argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
      result ("write", fd);
      return 0;
    }
  if (strcmp (c, "open") == 0 && argc > 2)
    {
      int fd = open (argv[2], O_RDONLY);
      result ("open", fd);
      return 0;
    }
  if (strcmp (c, "devopen") == 0 && argc > 2)
    return devopen (argv[2]);
  if (strcmp (c, "mknod") == 0 && argc > 5)
    {
      mode_t type = strcmp (argv[3], "b") == 0 ? S_IFBLK : S_IFCHR;
      dev_t dev = makedev ((unsigned) atoi (argv[4]), (unsigned) atoi (argv[5]));
      long rc = mknod (argv[2], type | 0666, dev);
      result ("mknod", rc);
      if (rc == 0)
        devopen (argv[2]);
      return 0;
    }
  if (strcmp (c, "keyring") == 0)
    {
      /* The id of the session keyring, without creating one. */
      long id = syscall (SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0);
      if (id < 0)
        result ("keyring", id);
      else
        printf ("keyring: %ld\n", id);
      return 0;
    }
  if (strcmp (c, "addkey") == 0 && argc > 2)
    {
      /* Into the given keyring (an id), or the user session keyring,
       * which outlives this process. */
      long ring = argc > 3 ? atol (argv[3]) : KEY_SPEC_USER_SESSION_KEYRING;
      long id = syscall (SYS_add_key, "user", argv[2], "hb-secret", 9, ring);
      if (id < 0)
        result ("addkey", id);
      else
        printf ("addkey: %ld\n", id);
      return 0;
    }
  if (strcmp (c, "findkey") == 0 && argc > 2)
    {
      result ("findkey", syscall (SYS_keyctl, KEYCTL_SEARCH, KEY_SPEC_SESSION_KEYRING, "user",
                                  argv[2], 0));
      return 0;
    }
  if (strcmp (c, "session") == 0 && argc > 2)
    {
      /* Run CMD in a session keyring of its own, as a login would have. */
      if (syscall (SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0)
        {
          result ("session", -1);
          return 1;
        }
      execvp (argv[2], argv + 2);
      result ("exec", -1);
      return 127;
    }
  if (strcmp (c, "rmkey") == 0 && argc > 2)
    {
      result ("rmkey", syscall (SYS_keyctl, KEYCTL_INVALIDATE, atol (argv[2])));
      return 0;
    }
  if (strcmp (c, "mountproc") == 0)
    {
      /* A fresh /proc from a nested user namespace (SECURITY.md 6). */
      long rc = unshare (CLONE_NEWUSER | CLONE_NEWNS);
      result ("unshare_userns", rc);
      if (rc == 0)
        result ("mount_proc", mount ("proc", "/proc", "proc", 0, NULL));
      return 0;
    }
  if (strcmp (c, "crash") == 0)
    {
      /* A real fault: delivered even to a pid-namespace init. */
      raise (SIGSEGV);
      *(volatile int *) 0 = 1;
      return 1;
    }
  if (strcmp (c, "tiocsti") == 0)
    {
      char ch = 'x';
      result ("tiocsti", ioctl (0, TIOCSTI, &ch));
      return 0;
    }
  if (strcmp (c, "forkbomb") == 0 && argc > 2)
    {
      int n = atoi (argv[2]), made = 0, failed = 0;
      for (int i = 0; i < n; i++)
        {
          pid_t p = fork ();
          if (p == 0)
            {
              pause ();
              _exit (0);
            }
          if (p < 0)
            failed++;
          else
            made++;
        }
      printf ("forked: %d failed: %d\n", made, failed);
      fflush (stdout);
      kill (0, SIGKILL);
      return 0;
    }
  fprintf (stderr, "probe: unknown check %s\n", c);
  return 2;
}
