/* judge.c - judging a failed watched syscall: the path it wrote, the
 * address it bound, and whether the errno certainly means a missing
 * capability (and which), from the task's credentials and the file looked
 * at in the trial's root, or from an exit hook record alone. */
#include "config.h"

#include "monitor/monitor_internal.h"

/* The path a watched syscall writes, inside the container. */
char *
mon_written_path (task *t)
{
  const hb_watched *w = t->w;
  if (t->rec)
    {
      /* The program sends a path for writes only, and keeps unix
       * sockets' for the stop. */
      if (w->kind == HB_WATCH_BIND || t->rec->path[0] != '/')
        return NULL;
      return hb_path_normalize_lexical (t->rec->path);
    }
  if (w->kind == HB_WATCH_BIND)
    {
      struct sockaddr_un sun;
      socklen_t len = (socklen_t) t->args[2];
      memset (&sun, 0, sizeof sun);
      if (len <= offsetof (struct sockaddr_un, sun_path) || len > sizeof sun)
        return NULL;
      if (hb_mem_read (mon_task_mem (t), t->args[1], &sun, len) < 0 || sun.sun_family != AF_UNIX
          || sun.sun_path[0] == '\0')
        return NULL;   /* not a unix path (abstract sockets write nothing) */
      sun.sun_path[sizeof sun.sun_path - 1] = '\0';
      return hb_resolve_at (t->tid, AT_FDCWD, sun.sun_path);
    }
  if (w->path_arg >= 0)
    {
      cleanup_free char *p = hb_mem_read_string (mon_task_mem (t), t->args[w->path_arg], 4096);
      int dirfd = w->dirfd_arg >= 0 ? (int) t->args[w->dirfd_arg] : AT_FDCWD;
      if (p == NULL && t->args[w->path_arg] != 0)
        return xstrdup ("?");
      return hb_resolve_at (t->tid, dirfd, p);
    }
  if (w->fd_arg >= 0)
    return hb_resolve_fd (t->tid, (int) t->args[w->fd_arg]);
  return NULL;
}

/* The address a watched bind of t asked for: from the hook's record (the
 * program copies the start: a port's worth) or the task's memory. */
static int
bind_address_of (task *t, struct sockaddr_storage *ss, socklen_t *lenp)
{
  socklen_t len = (socklen_t) t->args[2];
  memset (ss, 0, sizeof *ss);
  if (len > sizeof *ss)
    len = sizeof *ss;
  if (t->rec)
    {
      if (len > sizeof t->rec->creds.addr)
        len = sizeof t->rec->creds.addr;
      memcpy (ss, t->rec->creds.addr, len);
    }
  else if (len < sizeof (sa_family_t) || hb_mem_read (mon_task_mem (t), t->args[1], ss, len) < 0)
    return -1;
  *lenp = len;
  return 0;
}

/* Names of the capabilities mon_missing_capability () can tell. */
const char *
mon_cap_name (int cap)
{
  switch (cap)
    {
    case CAP_CHOWN: return "CHOWN";
    case CAP_DAC_OVERRIDE: return "DAC_OVERRIDE";
    case CAP_FOWNER: return "FOWNER";
    case CAP_SETGID: return "SETGID";
    case CAP_SETUID: return "SETUID";
    case CAP_NET_BIND_SERVICE: return "NET_BIND_SERVICE";
    case CAP_MKNOD: return "MKNOD";
    default: return "UNKNOWN";
    }
}

static bool
has_cap (uint64_t cap_eff, int cap)
{
  return (cap_eff >> cap) & 1;
}

/* An O_PATH fd of the file the failed syscall named, or of its parent
 * directory; opened inside the container (perm.h). */
static int
target_open (task *t, bool parent, bool nofollow)
{
  const hb_watched *w = t->w;
  if (t->rec)
    {
      /* Only in the trial's own root (a task that moved its root sees
       * other files under the same names), by the record's path (an
       * fd's too). */
      hb_perm_root *root = &t->mon->root;
      if (t->rec->creds.root_mnt_id != root->mnt_id || t->rec->path[0] != '/')
        {
          errno = EXDEV;
          return -1;
        }
      cleanup_free char *path = hb_path_normalize_lexical (t->rec->path);
      if (parent)
        {
          cleanup_free char *dir = hb_perm_parent (path);
          return hb_perm_open_in (root, dir, false);
        }
      return hb_perm_open_in (root, path, nofollow);
    }
  if (w->kind == HB_WATCH_FD)
    return parent ? -1 : hb_perm_open (t->tid, (int) t->args[w->fd_arg], NULL, false);
  /* utimensat (fd, NULL, ...): the fd itself. */
  if (!parent && w->path_arg >= 0 && t->args[w->path_arg] == 0 && w->dirfd_arg >= 0)
    return hb_perm_open (t->tid, (int) t->args[w->dirfd_arg], NULL, false);
  cleanup_free char *path = mon_written_path (t);
  if (path == NULL || path[0] != '/')
    return -1;
  if (parent)
    {
      cleanup_free char *dir = hb_perm_parent (path);
      return hb_perm_open (t->tid, -1, dir, false);
    }
  return hb_perm_open (t->tid, -1, path, nofollow);
}

/* Does the user namespace of t map uid and gid?  A record's task is
 * judged by the init's maps, when it is in the init's namespace. */
static bool
ids_mapped (task *t, unsigned uid, unsigned gid)
{
  if (t->rec)
    return t->rec->creds.userns == t->mon->root.userns
           && hb_perm_root_ids_mapped (&t->mon->root, uid, gid);
  if (hb_perm_root_same_userns (&t->mon->root, t->tid))
    return hb_perm_root_ids_mapped (&t->mon->root, uid, gid);
  return hb_perm_ids_mapped (t->tid, uid, gid);
}

/* The flags of a failed open, creat or openat2. */
static int
open_flags (task *t)
{
  const hb_watched *w = t->w;
  if (w->kind == HB_WATCH_OPEN)
    return (int) t->args[w->flags_arg];
  if (w->kind == HB_WATCH_OPENAT2 && t->rec)
    return t->rec->creds.open_flags ? (int) t->rec->creds.open_flags : -1;   /* 0: unread */
  if (w->kind == HB_WATCH_OPENAT2)
    {
      struct open_how how;
      if (hb_mem_read (mon_task_mem (t), t->args[2], &how, sizeof how.flags) < 0)
        return -1;
      return (int) how.flags;
    }
  return O_WRONLY | O_CREAT | O_TRUNC;   /* creat */
}

/* Failures only a file's owner or mode bits explain: CAP_FOWNER for EPERM
 * of a non-owner (chmod, explicit times), CAP_DAC_OVERRIDE for EACCES the
 * mode bits give.  Certain only when nothing else could refuse: a
 * writable mount, no chattr +i/+a, no ACL, ids the task's user namespace
 * maps, no sticky directory (fs.protected_* refuse even root there). */
static int
file_capability (task *t, int errnum, const hb_proc_status *st)
{
  const hb_watched *w = t->w;
  hb_perm_file f;
  if (w->cap_check == HB_CAPCHK_OWNER)
    {
      if (errnum != EPERM || has_cap (st->cap_eff, CAP_FOWNER))
        return -1;
      bool nofollow = w->atflags_arg >= 0 && (t->args[w->atflags_arg] & AT_SYMLINK_NOFOLLOW);
      cleanup_close int fd = target_open (t, false, nofollow);
      if (fd < 0 || hb_perm_inspect (fd, &f) < 0 || f.uid == st->fsuid || f.read_only
          || f.immutable || !ids_mapped (t, f.uid, f.gid))
        return -1;
      return CAP_FOWNER;
    }
  if (w->cap_check != HB_CAPCHK_OPEN && w->cap_check != HB_CAPCHK_DIR)
    return -1;
  if (errnum != EACCES || has_cap (st->cap_eff, CAP_DAC_OVERRIDE))
    return -1;
  /* A directory entry is made or removed: write and search on the
   * directory. */
  int want = HB_MAY_WRITE | HB_MAY_EXEC;
  bool dir = w->cap_check == HB_CAPCHK_DIR;
  cleanup_close int fd = -1;
  if (!dir)
    {
      int flags = open_flags (t);
      if (flags == -1)
        return -1;
      fd = target_open (t, false, (flags & O_NOFOLLOW) != 0);
      if (fd >= 0)
        {
          int acc = flags & O_ACCMODE;
          want = acc == O_RDONLY ? HB_MAY_READ
                 : acc == O_WRONLY ? HB_MAY_WRITE : HB_MAY_READ | HB_MAY_WRITE;
          if (flags & O_TRUNC)
            want |= HB_MAY_WRITE;
          cleanup_close int pfd = target_open (t, true, false);
          unsigned dir_mode;
          if (pfd < 0 || hb_perm_mode (pfd, &dir_mode) < 0 || (dir_mode & S_ISVTX))
            return -1;
        }
      else if (errno == ENOENT && (flags & O_CREAT))
        dir = true;
      else
        return -1;
    }
  if (dir)
    fd = target_open (t, true, false);
  if (fd < 0 || hb_perm_inspect (fd, &f) < 0 || f.read_only || f.has_acl
      || !hb_perm_mode_denies (&f, st, want) || !ids_mapped (t, f.uid, f.gid))
    return -1;
  return CAP_DAC_OVERRIDE;
}

/* What /proc/TID/status would have said when the record was made. */
static void
status_of_record (const hb_exit_record *r, hb_proc_status *st)
{
  memset (st, 0, sizeof *st);
  st->tgid = (pid_t) r->tid;
  st->nstgid = (int) r->nspid;
  st->cap_eff = r->creds.cap_eff;
  st->fsuid = r->creds.fsuid;
  st->fsgid = r->creds.fsgid;
  size_t n = r->creds.n_groups;
  if (n > HB_EXIT_GROUPS_MAX)
    n = HB_EXIT_GROUPS_MAX;   /* the program stops a task with more */
  memcpy (st->groups, r->creds.groups, n * sizeof st->groups[0]);
  st->n_groups = n;
}

/* The capability whose absence certainly caused this failure, or -1. */
int
mon_missing_capability (task *t, int errnum)
{
  const hb_watched *w = t->w;
  /* Most failures (EROFS, ENOENT, EEXIST ...) are no capability's
   * business: decided before reading anything. */
  if (errnum != EPERM && errnum != EACCES)
    return -1;
  bool own_rule = w->kind == HB_WATCH_SETUID || w->kind == HB_WATCH_SETGID
                  || w->kind == HB_WATCH_CHOWN || w->kind == HB_WATCH_MKNOD
                  || w->kind == HB_WATCH_BIND;
  if (!own_rule && w->cap_check == HB_CAPCHK_NONE)
    return -1;
  hb_proc_status st;
  if (t->rec)
    status_of_record (t->rec, &st);
  else if (hb_proc_status_read (t->tid, &st) < 0)
    return -1;
  switch (w->kind)
    {
    case HB_WATCH_SETUID:
      return errnum == EPERM && !has_cap (st.cap_eff, CAP_SETUID) ? CAP_SETUID : -1;
    case HB_WATCH_SETGID:
      return errnum == EPERM && !has_cap (st.cap_eff, CAP_SETGID) ? CAP_SETGID : -1;
    case HB_WATCH_CHOWN:
      {
        if (errnum != EPERM || has_cap (st.cap_eff, CAP_CHOWN))
          return -1;
        unsigned uid = (unsigned) t->args[w->uid_arg];
        unsigned gid = (unsigned) t->args[w->gid_arg];
        /* Changing the owner to anyone but ourselves, or the group to one
         * we are not in, needs CAP_CHOWN. */
        if ((uid != (unsigned) -1 && uid != st.fsuid)
            || (gid != (unsigned) -1 && !hb_proc_status_in_groups (&st, gid)))
          return CAP_CHOWN;
        return -1;
      }
    case HB_WATCH_MKNOD:
      {
        mode_t mode = (mode_t) t->args[w->mode_arg];
        if (errnum == EPERM && (S_ISCHR (mode) || S_ISBLK (mode)) && !has_cap (st.cap_eff, CAP_MKNOD))
          return CAP_MKNOD;
        return -1;
      }
    case HB_WATCH_BIND:
      {
        if (errnum != EACCES || has_cap (st.cap_eff, CAP_NET_BIND_SERVICE))
          return -1;
        struct sockaddr_storage ss;
        socklen_t len;
        if (bind_address_of (t, &ss, &len) < 0)
          return -1;
        if (len < sizeof (sa_family_t))
          return -1;
        unsigned port = 0;
        if (ss.ss_family == AF_INET && len >= sizeof (struct sockaddr_in))
          port = ntohs (((struct sockaddr_in *) &ss)->sin_port);
        else if (ss.ss_family == AF_INET6 && len >= sizeof (struct sockaddr_in6))
          port = ntohs (((struct sockaddr_in6 *) &ss)->sin6_port);
        if (port > 0 && port < UNPRIVILEGED_PORT_START)
          return CAP_NET_BIND_SERVICE;
        return -1;
      }
    default:
      return file_capability (t, errnum, &st);
    }
}

/* A watched syscall of t (t->w, t->args) failed with errnum, and cap is
 * the capability mon_missing_capability () found missing, or -1. */
/* What a refused bind asked for, as "0.0.0.0:80" or "[::]:443"; a unix
 * socket's path; NULL when the address cannot be read. */
char *
mon_bound_address (task *t)
{
  struct sockaddr_storage ss;
  socklen_t len;
  if (bind_address_of (t, &ss, &len) < 0)
    return NULL;
  char host[INET6_ADDRSTRLEN];
  if (ss.ss_family == AF_INET && len >= sizeof (struct sockaddr_in))
    {
      const struct sockaddr_in *in = (const struct sockaddr_in *) &ss;
      if (inet_ntop (AF_INET, &in->sin_addr, host, sizeof host) == NULL)
        return NULL;
      return xasprintf ("%s:%u", host, ntohs (in->sin_port));
    }
  if (ss.ss_family == AF_INET6 && len >= sizeof (struct sockaddr_in6))
    {
      const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *) &ss;
      if (inet_ntop (AF_INET6, &in6->sin6_addr, host, sizeof host) == NULL)
        return NULL;
      return xasprintf ("[%s]:%u", host, ntohs (in6->sin6_port));
    }
  return mon_written_path (t);   /* a unix socket's path, or nothing */
}
