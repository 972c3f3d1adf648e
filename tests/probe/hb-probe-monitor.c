/* hb-probe-monitor.c - a probe for the monitor's tests: runs a list of
 * actions, each a direct syscall (glibc may rewrite some), ignoring their
 * results; the tracer's events say what happened.
 *
 *   create PATH            openat(AT_FDCWD, PATH, O_WRONLY|O_CREAT)
 *   rdonly PATH N          N times open read-only + close
 *   mkdir PATH | unlink PATH | rmdir PATH | truncate PATH | chmod PATH
 *   fchmod PATH            fchmod(open(PATH, O_RDONLY))
 *   rename OLD NEW | symlink TARGET LINK
 *   chown PATH UID GID     fchownat
 *   cd DIR                 chdir
 *   at DIR NAME            openat(open(DIR), NAME, O_WRONLY|O_CREAT)
 *   burst N PATH           N write-opens of PATH
 *   threads N COUNT DIR    N threads, each COUNT write-opens of DIR/tI-J
 *   forkcreate PATH        a child process write-opens PATH, exits 3
 *   killpending FIFO       a child blocks in a write-open of FIFO (no reader);
 *                          killed with SIGKILL 200 ms later
 *   exitpending FIFO       a child's leader and a thread block in write-opens of
 *                          FIFO; a third thread calls exit_group(4) 200 ms later
 *   setuid UID | setgid GID | bind PORT | mknod PATH
 *   dropcaps               drop every capability (all sets)
 *   exec PATH ARG...       execv the rest of the arguments
 *   openat2 PATH           openat2 with O_WRONLY|O_CREAT
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/openat2.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

static long
create (int dirfd, const char *path)
{
  long fd = syscall (SYS_openat, dirfd, path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd >= 0)
    close ((int) fd);
  return fd;
}

struct thread_arg {
  int id, count;
  const char *dir;
};

static void *
thread_main (void *p)
{
  struct thread_arg *a = p;
  char path[4096];
  for (int j = 0; j < a->count; j++)
    {
      snprintf (path, sizeof path, "%s/t%d-%d", a->dir, a->id, j);
      create (AT_FDCWD, path);
    }
  return NULL;
}

/* Long enough for a blocked write-open to have passed its seccomp stop. */
#define PENDING_WAIT_US 200000

static void *
fifo_writer (void *p)
{
  create (AT_FDCWD, p);
  return NULL;
}

static void *
exit_group_later (void *p)
{
  (void) p;
  usleep (PENDING_WAIT_US);
  syscall (SYS_exit_group, 4);
  return NULL;
}

static void
need (int argc, int i, int n)
{
  if (i + n >= argc)
    {
      fprintf (stderr, "hb-probe-monitor: missing arguments\n");
      exit (2);
    }
}

int
main (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      if (strcmp (a, "create") == 0)
        need (argc, i, 1), create (AT_FDCWD, argv[++i]);
      else if (strcmp (a, "rdonly") == 0)
        {
          need (argc, i, 2);
          const char *p = argv[++i];
          long n = atol (argv[++i]);
          for (long k = 0; k < n; k++)
            {
              long fd = syscall (SYS_openat, AT_FDCWD, p, O_RDONLY | O_CLOEXEC);
              if (fd >= 0)
                close ((int) fd);
            }
        }
      else if (strcmp (a, "mkdir") == 0)
        need (argc, i, 1), syscall (SYS_mkdirat, AT_FDCWD, argv[++i], 0755);
      else if (strcmp (a, "unlink") == 0)
        need (argc, i, 1), syscall (SYS_unlinkat, AT_FDCWD, argv[++i], 0);
      else if (strcmp (a, "rmdir") == 0)
        need (argc, i, 1), syscall (SYS_unlinkat, AT_FDCWD, argv[++i], AT_REMOVEDIR);
      else if (strcmp (a, "truncate") == 0)
        need (argc, i, 1), syscall (SYS_truncate, argv[++i], 0);
      else if (strcmp (a, "chmod") == 0)
        need (argc, i, 1), syscall (SYS_fchmodat, AT_FDCWD, argv[++i], 0777);
      else if (strcmp (a, "fchmod") == 0)
        {
          need (argc, i, 1);
          int fd = open (argv[++i], O_RDONLY | O_CLOEXEC);
          syscall (SYS_fchmod, fd, 0600);
          if (fd >= 0)
            close (fd);
        }
      else if (strcmp (a, "rename") == 0)
        {
          need (argc, i, 2);
          syscall (SYS_renameat, AT_FDCWD, argv[i + 1], AT_FDCWD, argv[i + 2]);
          i += 2;
        }
      else if (strcmp (a, "symlink") == 0)
        {
          need (argc, i, 2);
          syscall (SYS_symlinkat, argv[i + 1], AT_FDCWD, argv[i + 2]);
          i += 2;
        }
      else if (strcmp (a, "chown") == 0)
        {
          need (argc, i, 3);
          syscall (SYS_fchownat, AT_FDCWD, argv[i + 1], atoi (argv[i + 2]), atoi (argv[i + 3]), 0);
          i += 3;
        }
      else if (strcmp (a, "cd") == 0)
        {
          need (argc, i, 1);
          if (chdir (argv[++i]) < 0)
            perror ("chdir");
        }
      else if (strcmp (a, "at") == 0)
        {
          need (argc, i, 2);
          int d = open (argv[i + 1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
          create (d, argv[i + 2]);
          if (d >= 0)
            close (d);
          i += 2;
        }
      else if (strcmp (a, "burst") == 0)
        {
          need (argc, i, 2);
          long n = atol (argv[i + 1]);
          for (long k = 0; k < n; k++)
            create (AT_FDCWD, argv[i + 2]);
          i += 2;
        }
      else if (strcmp (a, "threads") == 0)
        {
          need (argc, i, 3);
          int n = atoi (argv[i + 1]);
          if (n < 1 || n > 64)
            return 2;
          pthread_t th[64];
          struct thread_arg ta[64];
          for (int k = 0; k < n; k++)
            {
              ta[k] = (struct thread_arg) { k, atoi (argv[i + 2]), argv[i + 3] };
              pthread_create (&th[k], NULL, thread_main, &ta[k]);
            }
          for (int k = 0; k < n; k++)
            pthread_join (th[k], NULL);
          i += 3;
        }
      else if (strcmp (a, "forkcreate") == 0)
        {
          need (argc, i, 1);
          const char *p = argv[++i];
          pid_t pid = fork ();
          if (pid == 0)
            {
              create (AT_FDCWD, p);
              _exit (3);
            }
          if (pid > 0)
            waitpid (pid, NULL, 0);
        }
      else if (strcmp (a, "killpending") == 0)
        {
          need (argc, i, 1);
          const char *p = argv[++i];
          pid_t pid = fork ();
          if (pid == 0)
            {
              create (AT_FDCWD, p);
              _exit (6);
            }
          if (pid > 0)
            {
              usleep (PENDING_WAIT_US);
              kill (pid, SIGKILL);
              waitpid (pid, NULL, 0);
            }
        }
      else if (strcmp (a, "exitpending") == 0)
        {
          need (argc, i, 1);
          char *p = argv[++i];
          pid_t pid = fork ();
          if (pid == 0)
            {
              pthread_t w, e;
              pthread_create (&w, NULL, fifo_writer, p);
              pthread_create (&e, NULL, exit_group_later, NULL);
              create (AT_FDCWD, p);
              _exit (5);
            }
          if (pid > 0)
            waitpid (pid, NULL, 0);
        }
      else if (strcmp (a, "setuid") == 0)
        need (argc, i, 1), syscall (SYS_setuid, atoi (argv[++i]));
      else if (strcmp (a, "setgid") == 0)
        need (argc, i, 1), syscall (SYS_setgid, atoi (argv[++i]));
      else if (strcmp (a, "bind") == 0)
        {
          need (argc, i, 1);
          int s = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
          struct sockaddr_in sin = { .sin_family = AF_INET,
                                     .sin_port = htons ((unsigned short) atoi (argv[++i])),
                                     .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
          syscall (SYS_bind, s, &sin, sizeof sin);
          close (s);
        }
      else if (strcmp (a, "mknod") == 0)
        need (argc, i, 1), syscall (SYS_mknodat, AT_FDCWD, argv[++i], S_IFCHR | 0600, makedev (1, 3));
      else if (strcmp (a, "dropcaps") == 0)
        {
          struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
          struct __user_cap_data_struct d[2];
          memset (d, 0, sizeof d);
          if (syscall (SYS_capset, &h, d) < 0)
            perror ("capset");
        }
      else if (strcmp (a, "openat2") == 0)
        {
          need (argc, i, 1);
          struct open_how how = { .flags = O_WRONLY | O_CREAT | O_CLOEXEC, .mode = 0644 };
          long fd = syscall (SYS_openat2, AT_FDCWD, argv[++i], &how, sizeof how);
          if (fd >= 0)
            close ((int) fd);
        }
      else if (strcmp (a, "exec") == 0)
        {
          need (argc, i, 1);
          execv (argv[i + 1], argv + i + 1);
          perror ("execv");
          return 127;
        }
      else
        {
          fprintf (stderr, "hb-probe-monitor: unknown action %s\n", a);
          return 2;
        }
    }
  return 0;
}
