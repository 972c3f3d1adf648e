/* cgroup.c - a trial's cgroups: v2 when /sys/fs/cgroup is a cgroup2 mount,
 * otherwise the v1 memory, pids and cpu hierarchies (hybrid hosts).  Named
 * hardenbench/trial-PID-N; a restart removes the ones a killed supervisor
 * left. */
#include "config.h"

#include "sandbox/cgroup.h"
#include "sandbox/stale.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>
#include <linux/magic.h>

#define CG_ROOT "/sys/fs/cgroup"

static int
write_file (const char *dir, const char *file, const char *value)
{
  cleanup_free char *path = xasprintf ("%s/%s", dir, file);
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  ssize_t n = write (fd, value, strlen (value));
  int saved = errno;
  close (fd);
  errno = saved;
  return n == (ssize_t) strlen (value) ? 0 : -1;
}

static bool
is_v2 (void)
{
  struct statfs s;
  return statfs (CG_ROOT, &s) == 0 && s.f_type == CGROUP2_SUPER_MAGIC;
}

/* mkdir hardenbench/ and hardenbench/name under base; NULL + errno.  The
 * result belongs to cg->dirs. */
static char *
make_dir (hb_cgroup *cg, const char *base, const char *name)
{
  cleanup_free char *parent = xasprintf ("%s/hardenbench", base);
  if (mkdir (parent, 0755) < 0 && errno != EEXIST)
    return NULL;
  char *dir = xasprintf ("%s/%s", parent, name);
  if (mkdir (dir, 0755) < 0)
    {
      int saved = errno;
      free (dir);
      errno = saved;
      return NULL;
    }
  strv_push_owned (&cg->dirs, dir);
  return dir;   /* owned by cg->dirs */
}

static void
note (strv *notes, const char *what, const char *why)
{
  strv_push_owned (notes, xasprintf ("%s limit not applied: %s", what, why));
}

void
hb_cgroup_create (hb_cgroup *cg, const char *name, int64_t memory, double cpus, int64_t pids,
                  strv *notes)
{
  if (memory <= 0 && cpus <= 0 && pids <= 0)
    return;
  char val[64];
  if (is_v2 ())
    {
      if (write_file (CG_ROOT, "cgroup.subtree_control", "+memory +pids +cpu") < 0)
        { /* the controllers may already be enabled; each write below says */ }
      cleanup_free char *parent = xasprintf ("%s/hardenbench", CG_ROOT);
      if (mkdir (parent, 0755) == 0 || errno == EEXIST)
        write_file (parent, "cgroup.subtree_control", "+memory +pids +cpu");
      cleanup_free char *dir = xasprintf ("%s/hardenbench/%s", CG_ROOT, name);
      if (mkdir (dir, 0755) < 0)
        {
          const char *why = strerror (errno);
          if (memory > 0) note (notes, "memory", why);
          if (cpus > 0) note (notes, "cpu", why);
          if (pids > 0) note (notes, "pids", why);
          return;
        }
      strv_push (&cg->dirs, dir);
      if (memory > 0)
        {
          snprintf (val, sizeof val, "%lld", (long long) memory);
          if (write_file (dir, "memory.max", val) < 0)
            note (notes, "memory", strerror (errno));
          else
            write_file (dir, "memory.swap.max", "0");
        }
      if (pids > 0)
        {
          snprintf (val, sizeof val, "%lld", (long long) pids);
          if (write_file (dir, "pids.max", val) < 0)
            note (notes, "pids", strerror (errno));
        }
      if (cpus > 0)
        {
          snprintf (val, sizeof val, "%lld 100000", (long long) (cpus * 100000));
          if (write_file (dir, "cpu.max", val) < 0)
            note (notes, "cpu", strerror (errno));
        }
      return;
    }
  /* cgroup v1: one directory per hierarchy. */
  if (memory > 0)
    {
      cleanup_free char *base = xasprintf ("%s/memory", CG_ROOT);
      char *dir = make_dir (cg, base, name);
      snprintf (val, sizeof val, "%lld", (long long) memory);
      if (dir == NULL || write_file (dir, "memory.limit_in_bytes", val) < 0)
        note (notes, "memory", strerror (errno));
      else
        /* Docker's default --memory-swap is twice --memory; without swap
         * accounting the file is missing and the memory limit alone
         * applies. */
        {
          snprintf (val, sizeof val, "%lld", (long long) memory * 2);
          write_file (dir, "memory.memsw.limit_in_bytes", val);
        }
    }
  if (pids > 0)
    {
      cleanup_free char *base = xasprintf ("%s/pids", CG_ROOT);
      char *dir = make_dir (cg, base, name);
      snprintf (val, sizeof val, "%lld", (long long) pids);
      if (dir == NULL || write_file (dir, "pids.max", val) < 0)
        note (notes, "pids", strerror (errno));
    }
  if (cpus > 0)
    {
      cleanup_free char *base = xasprintf ("%s/cpu", CG_ROOT);
      char *dir = make_dir (cg, base, name);
      snprintf (val, sizeof val, "%lld", (long long) (cpus * 100000));
      if (dir == NULL || write_file (dir, "cpu.cfs_period_us", "100000") < 0
          || write_file (dir, "cpu.cfs_quota_us", val) < 0)
        note (notes, "cpu", strerror (errno));
    }
}

void
hb_cgroup_add (hb_cgroup *cg, pid_t pid, strv *notes)
{
  char val[32];
  snprintf (val, sizeof val, "%d", (int) pid);
  for (size_t i = 0; i < cg->dirs.n; i++)
    if (write_file (cg->dirs.v[i], "cgroup.procs", val) < 0)
      strv_push_owned (notes, xasprintf ("limits of %s not applied: %s", cg->dirs.v[i],
                                         strerror (errno)));
}

/* SIGKILL every process listed in dir/cgroup.procs; returns how many. */
static int
kill_members (const char *dir)
{
  cleanup_free char *path = xasprintf ("%s/cgroup.procs", dir);
  cleanup_fclose FILE *f = fopen (path, "re");
  if (f == NULL)
    return 0;
  int n = 0, pid;
  while (fscanf (f, "%d", &pid) == 1)
    if (pid > 0 && kill (pid, SIGKILL) == 0)
      n++;
  return n;
}

static void
remove_dir (const char *dir)
{
  for (int attempt = 0; attempt < 200; attempt++)
    {
      if (rmdir (dir) == 0 || errno == ENOENT)
        return;
      if (errno != EBUSY)
        return;
      kill_members (dir);
      struct timespec ts = { 0, 5 * 1000 * 1000 };
      nanosleep (&ts, NULL);
    }
}

void
hb_cgroup_destroy (hb_cgroup *cg)
{
  for (size_t i = 0; i < cg->dirs.n; i++)
    remove_dir (cg->dirs.v[i]);
  strv_clear (&cg->dirs);
}

static void
clean_hierarchy (const char *base)
{
  cleanup_free char *parent = xasprintf ("%s/hardenbench", base);
  hb_stale_trials_remove (parent, remove_dir);
}

void
hb_cgroup_clean_stale (void)
{
  if (is_v2 ())
    {
      clean_hierarchy (CG_ROOT);
      return;
    }
  clean_hierarchy (CG_ROOT "/memory");
  clean_hierarchy (CG_ROOT "/pids");
  clean_hierarchy (CG_ROOT "/cpu");
}
