/* userns.c - the id map of a trial run without root (see userns.h).
 *
 * As bubblewrap does, privilege is never assumed: a single-id map is what
 * the kernel lets any user write for their own child; a wider one comes
 * only from shadow's setuid newuidmap/newgidmap, which check /etc/subuid
 * and /etc/subgid themselves.  Nothing here runs inside the child. */
#define _GNU_SOURCE
#include "config.h"

#include "sandbox/userns.h"
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

bool
hb_subid_find (const char *text, const char *name, unsigned long id, unsigned long *start,
               unsigned long *count)
{
  if (text == NULL)
    return false;
  char idbuf[32];
  snprintf (idbuf, sizeof idbuf, "%lu", id);
  cleanup_free char *copy = xstrdup (text);
  char *save = NULL;
  for (char *l = strtok_r (copy, "\n", &save); l; l = strtok_r (NULL, "\n", &save))
    {
      char *c1 = strchr (l, ':');
      char *c2 = c1 ? strchr (c1 + 1, ':') : NULL;
      if (c2 == NULL || l[0] == '#')
        continue;
      *c1 = '\0';
      if (!(name && strcmp (l, name) == 0) && strcmp (l, idbuf) != 0)
        continue;
      char *end;
      errno = 0;
      unsigned long s = strtoul (c1 + 1, &end, 10);
      if (errno || end != c2 || c1[1] == '-')
        continue;
      unsigned long n = strtoul (c2 + 1, &end, 10);
      if (errno || *end != '\0' || c2[1] == '-' || n == 0 || s + n < s || s + n > 0xffffffffUL)
        continue;
      *start = s;
      *count = n;
      return true;
    }
  return false;
}

/* A setuid helper from the system's directories only: a PATH the user set
 * could only fool the user, but the message should name the real one. */
static char *
find_helper (const char *name)
{
  static const char *const dirs[] = { "/usr/bin", "/bin", "/usr/sbin", "/sbin" };
  for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
    {
      char *p = xasprintf ("%s/%s", dirs[i], name);
      struct stat st;
      if (stat (p, &st) == 0 && S_ISREG (st.st_mode) && (st.st_mode & S_ISUID)
          && st.st_uid == 0)
        return p;
      free (p);
    }
  return NULL;
}

void
hb_idmap_init (hb_idmap *m, strv *notes)
{
  memset (m, 0, sizeof *m);
  m->host_uid = getuid ();
  m->host_gid = getgid ();
  struct passwd *pw = getpwuid (m->host_uid);
  m->user = pw ? xstrdup (pw->pw_name) : xasprintf ("%u", (unsigned) m->host_uid);
  cleanup_free char *su = file_read_all ("/etc/subuid", 1 << 20, NULL, 0, NULL);
  cleanup_free char *sg = file_read_all ("/etc/subgid", 1 << 20, NULL, 0, NULL);
  bool have_u = hb_subid_find (su, m->user, m->host_uid, &m->sub_uid, &m->sub_uid_count);
  bool have_g = hb_subid_find (sg, m->user, m->host_uid, &m->sub_gid, &m->sub_gid_count);
  m->newuidmap = find_helper ("newuidmap");
  m->newgidmap = find_helper ("newgidmap");
  m->range = have_u && have_g && m->newuidmap && m->newgidmap;
  if (m->range)
    {
      strv_push_owned (notes, xasprintf (
          "user namespace: container uid 0 is your uid %u and uids 1-%lu are %lu-%lu; gid 0 is "
          "your gid %u and gids 1-%lu are %lu-%lu (/etc/subuid, /etc/subgid); files of other "
          "host ids show as nobody (65534)",
          (unsigned) m->host_uid, m->sub_uid_count, m->sub_uid,
          m->sub_uid + m->sub_uid_count - 1, (unsigned) m->host_gid, m->sub_gid_count,
          m->sub_gid, m->sub_gid + m->sub_gid_count - 1));
      return;
    }
  cleanup_free char *fix = NULL;
  if (have_u && have_g)
    fix = xstrdup ("/etc/subuid and /etc/subgid have ranges for you, but newuidmap and "
                   "newgidmap (package uidmap) are not installed");
  else if (m->newuidmap && m->newgidmap)
    fix = xasprintf ("for more ids, add a range for you to /etc/subuid and /etc/subgid "
                     "(usermod --add-subuids 100000-165535 --add-subgids 100000-165535 %s)",
                     m->user);
  else
    fix = xstrdup ("for more ids, add a range for you to /etc/subuid and /etc/subgid and "
                   "install newuidmap and newgidmap (package uidmap)");
  strv_push_owned (notes, xasprintf (
      "user namespace: only container uid 0 and gid 0 exist (your uid %u and gid %u); uids and "
      "gids 1-4294967294 are unmapped: files they own show as nobody (65534) and cannot be "
      "changed, switching to them fails with EINVAL, and your supplementary groups stay; %s",
      (unsigned) m->host_uid, (unsigned) m->host_gid, fix));
}

void
hb_idmap_clear (hb_idmap *m)
{
  free (m->user);
  free (m->newuidmap);
  free (m->newgidmap);
  memset (m, 0, sizeof *m);
}

bool
hb_idmap_has_uid (const hb_idmap *m, unsigned long uid)
{
  return uid == 0 || (m->range && uid <= m->sub_uid_count);
}

bool
hb_idmap_has_gid (const hb_idmap *m, unsigned long gid)
{
  return gid == 0 || (m->range && gid <= m->sub_gid_count);
}

/* Remove option `opt` ("gid=5") from a comma-separated list. */
static void
drop_option (char **options, const char *opt)
{
  if (*options == NULL)
    return;
  strv kept = { 0 };
  cleanup_free char *copy = xstrdup (*options);
  char *save = NULL;
  for (char *o = strtok_r (copy, ",", &save); o; o = strtok_r (NULL, ",", &save))
    if (strcmp (o, opt) != 0)
      strv_push (&kept, o);
  free (*options);
  *options = kept.n ? strv_join (&kept, ",") : NULL;
  strv_clear (&kept);
}

int
hb_idmap_fit_plan (const hb_idmap *m, hb_plan *p, strv *notes, hb_error **err)
{
  p->userns = true;
  const char *how = m->range
                      ? "outside the range of /etc/subuid and /etc/subgid"
                      : "without root only container uid 0 and gid 0 exist (add a range for you "
                        "to /etc/subuid and /etc/subgid, with newuidmap installed)";
  if (!hb_idmap_has_uid (m, p->uid))
    return hb_fail (err, HB_EXIT_SANDBOX,
                    "user: container uid %u cannot exist in the trial's user namespace: %s; "
                    "or run the trial as root",
                    (unsigned) p->uid, how);
  if (!hb_idmap_has_gid (m, p->gid))
    return hb_fail (err, HB_EXIT_SANDBOX,
                    "user: container gid %u cannot exist in the trial's user namespace: %s; "
                    "or run the trial as root",
                    (unsigned) p->gid, how);
  strv dropped = { 0 };
  size_t k = 0;
  for (size_t i = 0; i < p->n_groups; i++)
    {
      if (hb_idmap_has_gid (m, p->groups[i]))
        p->groups[k++] = p->groups[i];
      else
        strv_push_owned (&dropped, xasprintf ("%u", (unsigned) p->groups[i]));
    }
  p->n_groups = k;
  if (dropped.n)
    {
      cleanup_free char *list = strv_join (&dropped, ", ");
      strv_push_owned (notes, xasprintf ("user: supplementary groups %s not set: they do not "
                                         "exist in the trial's user namespace", list));
    }
  strv_clear (&dropped);
  /* devpts wants its gid to exist; without it the ptys are root's group. */
  for (size_t i = 0; i < p->n_mounts; i++)
    if (p->mounts[i].kind == HB_MNT_FS && strcmp (p->mounts[i].fstype, "devpts") == 0
        && !hb_idmap_has_gid (m, 5))
      drop_option (&p->mounts[i].options, "gid=5");
  return 0;
}

static int
write_proc (pid_t pid, const char *file, const char *text, hb_error **err)
{
  char path[64];
  snprintf (path, sizeof path, "/proc/%d/%s", (int) pid, file);
  cleanup_close int fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write (fd, text, strlen (text)) != (ssize_t) strlen (text))
    return hb_fail_errno (err, errno, HB_EXIT_SANDBOX, "user namespace: write %s", path);
  return 0;
}

/* Run helper pid 0 HOST 1 1 START COUNT; its stderr becomes the message. */
static int
run_helper (const char *helper, pid_t pid, unsigned long host, unsigned long start,
            unsigned long count, hb_error **err)
{
  char a_pid[32], a_host[32], a_start[32], a_count[32];
  snprintf (a_pid, sizeof a_pid, "%d", (int) pid);
  snprintf (a_host, sizeof a_host, "%lu", host);
  snprintf (a_start, sizeof a_start, "%lu", start);
  snprintf (a_count, sizeof a_count, "%lu", count);
  char zero[] = "0", one[] = "1", path[] = "PATH=/usr/sbin:/usr/bin:/sbin:/bin", lc[] = "LC_ALL=C";
  cleanup_free char *prog = xstrdup (helper);
  char *argv[] = { prog, a_pid, zero, a_host, one, one, a_start, a_count, NULL };
  char *envp[] = { path, lc, NULL };
  int out[2];
  if (pipe2 (out, O_CLOEXEC) < 0)
    return hb_fail_errno (err, errno, HB_EXIT_SANDBOX, "user namespace: pipe");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init (&fa);
  posix_spawn_file_actions_addopen (&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2 (&fa, out[1], 1);
  posix_spawn_file_actions_adddup2 (&fa, out[1], 2);
  /* The supervisor blocks signals for its signalfds: the helper gets none. */
  posix_spawnattr_t at;
  posix_spawnattr_init (&at);
  sigset_t none;
  sigemptyset (&none);
  posix_spawnattr_setsigmask (&at, &none);
  posix_spawnattr_setflags (&at, POSIX_SPAWN_SETSIGMASK);
  pid_t child;
  int rc = posix_spawn (&child, helper, &fa, &at, argv, envp);
  posix_spawn_file_actions_destroy (&fa);
  posix_spawnattr_destroy (&at);
  close (out[1]);
  if (rc != 0)
    {
      close (out[0]);
      return hb_fail_errno (err, rc, HB_EXIT_SANDBOX, "user namespace: run %s", helper);
    }
  hb_error *ignored = NULL;
  cleanup_free char *msg = fd_read_all (out[0], 4096, NULL, &ignored);
  hb_error_free (ignored);
  close (out[0]);
  int st;
  while (waitpid (child, &st, 0) < 0)
    if (errno != EINTR)
      return hb_fail_errno (err, errno, HB_EXIT_SANDBOX, "user namespace: wait for %s", helper);
  if (WIFEXITED (st) && WEXITSTATUS (st) == 0)
    return 0;
  cleanup_free char *clean = text_sanitize (msg ? msg : "");
  size_t n = strlen (clean);
  while (n && (clean[n - 1] == '\n' || clean[n - 1] == ' '))
    clean[--n] = '\0';
  return hb_fail (err, HB_EXIT_SANDBOX, "user namespace: %s %s 0 %s 1 1 %s %s failed%s%s",
                  helper, a_pid, a_host, a_start, a_count, n ? ": " : "", clean);
}

int
hb_idmap_apply (const hb_idmap *m, pid_t pid, hb_error **err)
{
  if (m->range)
    {
      if (run_helper (m->newuidmap, pid, m->host_uid, m->sub_uid, m->sub_uid_count, err) < 0
          || run_helper (m->newgidmap, pid, m->host_gid, m->sub_gid, m->sub_gid_count, err) < 0)
        return -1;
      return 0;
    }
  char line[64];
  /* The kernel takes an unprivileged gid map only once setgroups is
   * denied: otherwise dropping a group could unlock a file denied to it. */
  if (write_proc (pid, "setgroups", "deny", err) < 0)
    return -1;
  snprintf (line, sizeof line, "0 %u 1\n", (unsigned) m->host_uid);
  if (write_proc (pid, "uid_map", line, err) < 0)
    return -1;
  snprintf (line, sizeof line, "0 %u 1\n", (unsigned) m->host_gid);
  return write_proc (pid, "gid_map", line, err);
}
