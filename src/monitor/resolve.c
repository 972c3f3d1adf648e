/* resolve.c - reading a traced task through /proc: status fields, comm,
 * argv, strings from its memory, and paths inside the container.
 * Reporting only: nothing read here decides anything (SECURITY.md). */
#include "config.h"

#include "monitor/resolve.h"

#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/xalloc.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *
read_small (const char *path, size_t max, size_t *len)
{
  cleanup_close int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return NULL;
  char *buf = xmalloc (max + 1);
  size_t n = 0;
  while (n < max)
    {
      ssize_t r = read (fd, buf + n, max - n);
      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        break;
      n += (size_t) r;
    }
  buf[n] = '\0';
  if (len)
    *len = n;
  return buf;
}

static const char *
field (const char *text, const char *name)
{
  size_t nl = strlen (name);
  for (const char *p = text; p && *p; p = strchr (p, '\n'), p = p ? p + 1 : NULL)
    if (strncmp (p, name, nl) == 0 && p[nl] == ':')
      return p + nl + 1;
  return NULL;
}

int
hb_proc_status_parse (const char *text, hb_proc_status *out)
{
  memset (out, 0, sizeof *out);
  out->nstgid = -1;
  const char *v;
  char *end;
  if ((v = field (text, "Tgid")) == NULL)
    return -1;
  out->tgid = (pid_t) strtol (v, NULL, 10);
  if ((v = field (text, "NStgid")) != NULL)
    {
      /* The last number of the line is the pid in the innermost namespace. */
      for (;;)
        {
          long x = strtol (v, &end, 10);
          if (end == v)
            break;
          out->nstgid = (int) x;
          v = end;
          while (*v == ' ' || *v == '\t')
            v++;
          if (*v == '\n' || *v == '\0')
            break;
        }
    }
  if ((v = field (text, "CapEff")) != NULL)
    out->cap_eff = strtoull (v, NULL, 16);
  if ((v = field (text, "Uid")) != NULL)
    {
      unsigned u[4] = { 0, 0, 0, 0 };
      if (sscanf (v, "%u %u %u %u", &u[0], &u[1], &u[2], &u[3]) == 4)
        out->fsuid = u[3];
    }
  if ((v = field (text, "Gid")) != NULL)
    {
      unsigned g[4] = { 0, 0, 0, 0 };
      if (sscanf (v, "%u %u %u %u", &g[0], &g[1], &g[2], &g[3]) == 4)
        out->fsgid = g[3];
    }
  if ((v = field (text, "Groups")) != NULL)
    {
      while (out->n_groups < sizeof out->groups / sizeof out->groups[0])
        {
          unsigned long x = strtoul (v, &end, 10);
          if (end == v)
            break;
          out->groups[out->n_groups++] = (unsigned) x;
          v = end;
        }
    }
  return 0;
}

int
hb_proc_status_read (pid_t pid, hb_proc_status *out)
{
  char path[64];
  snprintf (path, sizeof path, "/proc/%d/status", (int) pid);
  cleanup_free char *text = read_small (path, 8192, NULL);
  if (text == NULL)
    return -1;
  return hb_proc_status_parse (text, out);
}

bool
hb_proc_status_in_groups (const hb_proc_status *st, unsigned gid)
{
  if (gid == st->fsgid)
    return true;
  for (size_t i = 0; i < st->n_groups; i++)
    if (st->groups[i] == gid)
      return true;
  return false;
}

char *
hb_proc_comm (pid_t pid)
{
  char path[64];
  snprintf (path, sizeof path, "/proc/%d/comm", (int) pid);
  char *s = read_small (path, 64, NULL);
  if (s == NULL)
    return xstrdup ("?");
  s[strcspn (s, "\n")] = '\0';
  return s;
}

void
hb_proc_argv (pid_t pid, strv *argv)
{
  char path[64];
  size_t len = 0;
  snprintf (path, sizeof path, "/proc/%d/cmdline", (int) pid);
  cleanup_free char *s = read_small (path, 65536, &len);
  if (s == NULL)
    return;
  for (size_t i = 0; i < len; i += strlen (s + i) + 1)
    strv_push (argv, s + i);
}

int
hb_mem_read (int mem_fd, uint64_t addr, void *buf, size_t len)
{
  if (mem_fd < 0 || addr == 0)
    return -1;
  ssize_t r = pread (mem_fd, buf, len, (off_t) addr);
  return r == (ssize_t) len ? 0 : -1;
}

char *
hb_mem_read_string (int mem_fd, uint64_t addr, size_t max)
{
  if (mem_fd < 0 || addr == 0)
    return NULL;
  char *buf = xmalloc (max + 1);
  size_t n = 0;
  /* Read page by page: the string may end just before an unmapped page. */
  while (n < max)
    {
      uint64_t at = addr + n;
      size_t chunk = 4096 - (size_t) (at & 4095);
      if (chunk > max - n)
        chunk = max - n;
      ssize_t r = pread (mem_fd, buf + n, chunk, (off_t) at);
      if (r <= 0)
        break;
      char *nul = memchr (buf + n, '\0', (size_t) r);
      if (nul)
        return buf;
      n += (size_t) r;
    }
  if (n == 0)
    {
      free (buf);
      return NULL;
    }
  buf[n] = '\0';   /* truncated at max */
  return buf;
}

char *
hb_path_normalize_lexical (const char *path)
{
  size_t len = strlen (path);
  char *out = xmalloc (len + 2);
  size_t o = 0;
  const char *p = path;
  while (*p)
    {
      while (*p == '/')
        p++;
      if (*p == '\0')
        break;
      const char *e = strchr (p, '/');
      size_t n = e ? (size_t) (e - p) : strlen (p);
      if (n == 1 && p[0] == '.')
        ;
      else if (n == 2 && p[0] == '.' && p[1] == '.')
        {
          while (o > 0 && out[o - 1] != '/')
            o--;
          if (o > 0)
            o--;   /* the slash; ".." of "/" stays "/" */
        }
      else
        {
          out[o++] = '/';
          memcpy (out + o, p, n);
          o += n;
        }
      p += n;
    }
  if (o == 0)
    out[o++] = '/';
  out[o] = '\0';
  return out;
}

char *
hb_path_inside_root (const char *root, const char *target)
{
  if (root == NULL || strcmp (root, "/") == 0 || target[0] != '/')
    return xstrdup (target);
  size_t rl = strlen (root);
  if (strncmp (target, root, rl) == 0 && (target[rl] == '/' || target[rl] == '\0'))
    return xstrdup (target[rl] ? target + rl : "/");
  return xstrdup (target);
}

char *
hb_path_join_normalize (const char *base, const char *rel)
{
  if (rel[0] == '/')
    return hb_path_normalize_lexical (rel);
  cleanup_free char *j = xasprintf ("%s/%s", base, rel);
  return hb_path_normalize_lexical (j);
}

static char *
readlink_alloc (const char *path)
{
  char buf[PATH_MAX];
  ssize_t n = readlink (path, buf, sizeof buf - 1);
  if (n < 0)
    return NULL;
  buf[n] = '\0';
  return xstrdup (buf);
}

/* readlink of /proc/PID/<what>, made relative to the task's root. */
static char *
proc_link_inside (pid_t pid, const char *what)
{
  char path[80];
  snprintf (path, sizeof path, "/proc/%d/%s", (int) pid, what);
  cleanup_free char *target = readlink_alloc (path);
  if (target == NULL || target[0] != '/')
    return NULL;   /* gone, or not a path (pipe:[...], socket:[...]) */
  snprintf (path, sizeof path, "/proc/%d/root", (int) pid);
  cleanup_free char *root = readlink_alloc (path);
  return hb_path_inside_root (root, target);
}

char *
hb_resolve_fd (pid_t pid, int fd)
{
  char what[32];
  snprintf (what, sizeof what, "fd/%d", fd);
  char *p = proc_link_inside (pid, what);
  return p ? p : xasprintf ("?fd%d", fd);
}

char *
hb_resolve_at (pid_t pid, int dirfd, const char *path)
{
  if (path && path[0] == '/')
    return hb_path_normalize_lexical (path);
  cleanup_free char *base = NULL;
  if (dirfd == AT_FDCWD)
    base = proc_link_inside (pid, "cwd");
  else
    {
      char what[32];
      snprintf (what, sizeof what, "fd/%d", dirfd);
      base = proc_link_inside (pid, what);
    }
  if (base == NULL)
    base = xstrdup (dirfd == AT_FDCWD ? "?cwd" : "?dirfd");
  if (path == NULL || path[0] == '\0')
    return base[0] == '/' ? hb_path_normalize_lexical (base) : steal_pointer (&base);
  if (base[0] != '/')
    return xasprintf ("%s/%s", base, path);
  return hb_path_join_normalize (base, path);
}
