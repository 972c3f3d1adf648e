/* cgroup.c - a trial's cgroups: v2 when /sys/fs/cgroup is a cgroup2 mount,
 * otherwise the v1 memory, pids and cpu hierarchies (hybrid hosts).  Named
 * hardenbench/trial-PID-N under the hierarchy's root, or, without root,
 * under a subtree delegated to the caller; a restart removes the ones a
 * killed supervisor left. */
#include "config.h"

#include "sandbox/cgroup.h"
#include "sandbox/stale.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <dirent.h>
#include <stddef.h>
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

/* This process's cgroup path in the hierarchy of controller ctrl (NULL:
 * the v2 one), from /proc/self/cgroup. */
static char *
own_cgroup (const char *ctrl)
{
  cleanup_fclose FILE *f = fopen ("/proc/self/cgroup", "re");
  if (f == NULL)
    return NULL;
  char line[4096];
  while (fgets (line, sizeof line, f))
    {
      line[strcspn (line, "\n")] = '\0';
      char *c1 = strchr (line, ':');
      char *c2 = c1 ? strchr (c1 + 1, ':') : NULL;
      if (c2 == NULL)
        continue;
      *c2 = '\0';
      if (ctrl == NULL)
        {
          if (strcmp (line, "0:") == 0)
            return xstrdup (c2 + 1);
          continue;
        }
      char *save = NULL;
      for (char *c = strtok_r (c1 + 1, ",", &save); c; c = strtok_r (NULL, ",", &save))
        if (strcmp (c, ctrl) == 0)
          return xstrdup (c2 + 1);
    }
  return NULL;
}

/* A cgroup directory the caller may create children in and move its
 * processes through: owned by it, with a writable cgroup.procs. */
static bool
delegated (const char *dir)
{
  struct stat st;
  cleanup_free char *procs = xasprintf ("%s/cgroup.procs", dir);
  return stat (dir, &st) == 0 && S_ISDIR (st.st_mode) && st.st_uid == geteuid ()
         && access (dir, W_OK | X_OK) == 0 && access (procs, W_OK) == 0;
}

/* Where trial cgroups go in one hierarchy: for root its root; otherwise
 * the caller's own cgroup when it is delegated to them (v1), or its
 * parent (v2, whose leaf holds this process, and only a cgroup without
 * processes may pass controllers on).  NULL and *why otherwise. */
static char *
base_dir (const char *hier, const char *ctrl, char **why)
{
  if (geteuid () == 0)
    return xstrdup (hier);
  cleanup_free char *own = own_cgroup (ctrl);
  if (own == NULL || own[0] != '/')
    {
      *why = xasprintf ("not root, and this process is in no %s cgroup", ctrl ? ctrl : "v2");
      return NULL;
    }
  char *dir = xasprintf ("%s%s", hier, strcmp (own, "/") == 0 ? "" : own);
  if (ctrl == NULL)
    {
      char *slash = strrchr (dir, '/');
      if (strcmp (own, "/") == 0 || slash == NULL || slash - dir < (ptrdiff_t) strlen (hier))
        *dir = '\0';
      else
        *slash = '\0';
    }
  if (*dir && delegated (dir))
    return dir;
  struct stat st;
  if (*dir && stat (dir, &st) == 0)
    *why = xasprintf ("not root, and %s (%s) is owned by uid %u, not delegated to you "
                      "(uid %u): run the trial as root, or from a cgroup delegated to you%s",
                      dir, ctrl ? "this process's cgroup" : "the parent of this process's cgroup",
                      (unsigned) st.st_uid, (unsigned) geteuid (),
                      ctrl ? "" : " (systemd-run --user --scope -p Delegate=yes)");
  else
    *why = xasprintf ("not root, and this process's %s cgroup %s is not delegated to you "
                      "(uid %u): run the trial as root, or from a cgroup delegated to you",
                      ctrl ? ctrl : "v2", own, (unsigned) geteuid ());
  free (dir);
  return NULL;
}

/* The trial's directory in the v1 hierarchy of controller (made, and kept
 * in cg to be removed), or NULL after a note saying why the limit of that
 * name is not applied. */
static char *
v1_limit_dir (hb_cgroup *cg, const char *controller, const char *name, strv *notes)
{
  cleanup_free char *why = NULL;
  cleanup_free char *hier = xasprintf (CG_ROOT "/%s", controller);
  cleanup_free char *base = base_dir (hier, controller, &why);
  if (base == NULL)
    {
      note (notes, controller, why);
      return NULL;
    }
  char *dir = make_dir (cg, base, name);
  if (dir == NULL)
    note (notes, controller, strerror (errno));
  return dir;
}

/* The same reason for every limit asked for. */
static void
note_each (strv *notes, int64_t memory, double cpus, int64_t pids, const char *why)
{
  if (memory > 0)
    note (notes, "memory", why);
  if (cpus > 0)
    note (notes, "cpu", why);
  if (pids > 0)
    note (notes, "pids", why);
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
      cleanup_free char *why = NULL;
      cleanup_free char *base = base_dir (CG_ROOT, NULL, &why);
      if (base == NULL)
        {
          note_each (notes, memory, cpus, pids, why);
          return;
        }
      if (write_file (base, "cgroup.subtree_control", "+memory +pids +cpu") < 0)
        { /* the controllers may already be enabled; each write below says */ }
      cleanup_free char *parent = xasprintf ("%s/hardenbench", base);
      if (mkdir (parent, 0755) == 0 || errno == EEXIST)
        write_file (parent, "cgroup.subtree_control", "+memory +pids +cpu");
      cleanup_free char *dir = xasprintf ("%s/hardenbench/%s", base, name);
      if (mkdir (dir, 0755) < 0)
        {
          note_each (notes, memory, cpus, pids, strerror (errno));
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
  char *dir;
  if (memory > 0 && (dir = v1_limit_dir (cg, "memory", name, notes)) != NULL)
    {
      snprintf (val, sizeof val, "%lld", (long long) memory);
      if (write_file (dir, "memory.limit_in_bytes", val) < 0)
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
  if (pids > 0 && (dir = v1_limit_dir (cg, "pids", name, notes)) != NULL)
    {
      snprintf (val, sizeof val, "%lld", (long long) pids);
      if (write_file (dir, "pids.max", val) < 0)
        note (notes, "pids", strerror (errno));
    }
  if (cpus > 0 && (dir = v1_limit_dir (cg, "cpu", name, notes)) != NULL)
    {
      snprintf (val, sizeof val, "%lld", (long long) (cpus * 100000));
      if (write_file (dir, "cpu.cfs_period_us", "100000") < 0
          || write_file (dir, "cpu.cfs_quota_us", val) < 0)
        note (notes, "cpu", strerror (errno));
    }
}

int *
hb_cgroup_open_procs (const hb_cgroup *cg, strv *notes)
{
  if (cg->dirs.n == 0)
    return NULL;
  int *fds = xcalloc (cg->dirs.n, sizeof *fds);
  for (size_t i = 0; i < cg->dirs.n; i++)
    {
      cleanup_free char *path = xasprintf ("%s/cgroup.procs", cg->dirs.v[i]);
      fds[i] = open (path, O_WRONLY | O_CLOEXEC);
      if (fds[i] < 0)
        strv_push_owned (notes, xasprintf ("limits of %s not applied: %s", cg->dirs.v[i],
                                           strerror (errno)));
    }
  return fds;
}

void
hb_cgroup_close_procs (int *fds, const hb_cgroup *cg)
{
  if (fds == NULL)
    return;
  for (size_t i = 0; i < cg->dirs.n; i++)
    if (fds[i] >= 0)
      close (fds[i]);
  free (fds);
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

/* Only where this caller's trials go (base_dir): another user's are not
 * ours to judge. */
static void
clean_hierarchy (const char *hier, const char *ctrl)
{
  cleanup_free char *why = NULL;
  cleanup_free char *base = base_dir (hier, ctrl, &why);
  if (base == NULL)
    return;
  cleanup_free char *parent = xasprintf ("%s/hardenbench", base);
  hb_stale_trials_remove (parent, remove_dir);
}

void
hb_cgroup_clean_stale (void)
{
  if (is_v2 ())
    {
      clean_hierarchy (CG_ROOT, NULL);
      return;
    }
  clean_hierarchy (CG_ROOT "/memory", "memory");
  clean_hierarchy (CG_ROOT "/pids", "pids");
  clean_hierarchy (CG_ROOT "/cpu", "cpu");
}
