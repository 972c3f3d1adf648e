/* hb-monitor-workload.c - the monitor benchmark's workloads (bench/monitor.sh):
 *
 *   hb-monitor-workload getppid N        N getppid calls
 *   hb-monitor-workload rdopen N PATH    N read-only opens + closes of PATH
 *   hb-monitor-workload wropen N PATH    N O_WRONLY|O_CREAT opens + closes of PATH
 *   hb-monitor-workload wrtry N PATH     the same, carrying on when they fail (a
 *                                        burst of denied writes)
 *
 * Prints the mean nanoseconds per iteration, measured inside the process so
 * that start-up (and a sandbox's set-up) is not counted.  Linked statically
 * so that it runs inside any root filesystem. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int
main (int argc, char **argv)
{
  if (argc < 3)
    {
      fprintf (stderr, "usage: %s getppid|rdopen|wropen|wrtry N [PATH]\n", argv[0]);
      return 2;
    }
  long n = atol (argv[2]);
  const char *path = argc > 3 ? argv[3] : NULL;
  int mode;
  if (strcmp (argv[1], "getppid") == 0)
    mode = 0;
  else if (strcmp (argv[1], "rdopen") == 0 && path)
    mode = 1;
  else if (strcmp (argv[1], "wropen") == 0 && path)
    mode = 2;
  else if (strcmp (argv[1], "wrtry") == 0 && path)
    mode = 3;
  else
    {
      fprintf (stderr, "%s: bad mode or missing PATH\n", argv[0]);
      return 2;
    }
  int flags = mode == 1 ? O_RDONLY | O_CLOEXEC : O_WRONLY | O_CREAT | O_CLOEXEC;
  struct timespec a, b;
  clock_gettime (CLOCK_MONOTONIC, &a);
  for (long i = 0; i < n; i++)
    {
      if (mode == 0)
        syscall (SYS_getppid);
      else
        {
          long fd = syscall (SYS_openat, AT_FDCWD, path, flags, 0644);
          if (fd < 0 && mode == 3)
            continue;
          if (fd < 0)
            {
              perror (path);
              return 1;
            }
          close ((int) fd);
        }
    }
  clock_gettime (CLOCK_MONOTONIC, &b);
  double ns = (double) (b.tv_sec - a.tv_sec) * 1e9 + (double) (b.tv_nsec - a.tv_nsec);
  printf ("%.1f\n", ns / (double) n);
  return 0;
}
