/* watched.c - the table of watched syscalls: every write attempt the issue
 * names, their *at variants, the 32-bit id variants, and the syscalls whose
 * EPERM points at a missing capability. */
#include "config.h"

#include "monitor/watched.h"

#include <string.h>

#define P(n, d, p) { n, HB_WATCH_PATH, d, p, -1, -1, -1, -1, -1, HB_CAPCHK_NONE, -1 }
#define F(n, fd) { n, HB_WATCH_FD, -1, -1, fd, -1, -1, -1, -1, HB_CAPCHK_NONE, -1 }
/* The same with a capability check (the flags argument holding
 * AT_SYMLINK_NOFOLLOW, or -1). */
#define PC(n, d, p, c, fl) { n, HB_WATCH_PATH, d, p, -1, -1, -1, -1, -1, c, fl }
#define FC(n, fd, c) { n, HB_WATCH_FD, -1, -1, fd, -1, -1, -1, -1, c, -1 }

static const hb_watched table[] = {
  { "open", HB_WATCH_OPEN, -1, 0, -1, 1, -1, -1, -1, HB_CAPCHK_OPEN, -1 },
  { "openat", HB_WATCH_OPEN, 0, 1, -1, 2, -1, -1, -1, HB_CAPCHK_OPEN, -1 },
  { "creat", HB_WATCH_PATH, -1, 0, -1, -1, -1, -1, -1, HB_CAPCHK_OPEN, -1 },
  { "openat2", HB_WATCH_OPENAT2, 0, 1, -1, -1, -1, -1, -1, HB_CAPCHK_OPEN, -1 },
  PC ("mkdir", -1, 0, HB_CAPCHK_DIR, -1),
  PC ("mkdirat", 0, 1, HB_CAPCHK_DIR, -1),
  { "mknod", HB_WATCH_MKNOD, -1, 0, -1, -1, -1, -1, 1, HB_CAPCHK_NONE, -1 },
  { "mknodat", HB_WATCH_MKNOD, 0, 1, -1, -1, -1, -1, 2, HB_CAPCHK_NONE, -1 },
  PC ("unlink", -1, 0, HB_CAPCHK_DIR, -1),
  PC ("unlinkat", 0, 1, HB_CAPCHK_DIR, -1),
  PC ("rmdir", -1, 0, HB_CAPCHK_DIR, -1),
  /* rename and link: the new name is where the write lands. */
  P ("rename", -1, 1),
  P ("renameat", 2, 3),
  P ("renameat2", 2, 3),
  P ("link", -1, 1),
  P ("linkat", 2, 3),
  P ("symlink", -1, 1),
  P ("symlinkat", 1, 2),
  PC ("chmod", -1, 0, HB_CAPCHK_OWNER, -1),
  FC ("fchmod", 0, HB_CAPCHK_OWNER),
  PC ("fchmodat", 0, 1, HB_CAPCHK_OWNER, -1),
  PC ("fchmodat2", 0, 1, HB_CAPCHK_OWNER, 3),
  { "chown", HB_WATCH_CHOWN, -1, 0, -1, -1, 1, 2, -1, HB_CAPCHK_NONE, -1 },
  { "lchown", HB_WATCH_CHOWN, -1, 0, -1, -1, 1, 2, -1, HB_CAPCHK_NONE, -1 },
  { "fchown", HB_WATCH_CHOWN, -1, -1, 0, -1, 1, 2, -1, HB_CAPCHK_NONE, -1 },
  { "fchownat", HB_WATCH_CHOWN, 0, 1, -1, -1, 2, 3, -1, HB_CAPCHK_NONE, -1 },
  { "chown32", HB_WATCH_CHOWN, -1, 0, -1, -1, 1, 2, -1, HB_CAPCHK_NONE, -1 },
  { "lchown32", HB_WATCH_CHOWN, -1, 0, -1, -1, 1, 2, -1, HB_CAPCHK_NONE, -1 },
  { "fchown32", HB_WATCH_CHOWN, -1, -1, 0, -1, 1, 2, -1, HB_CAPCHK_NONE, -1 },
  P ("truncate", -1, 0),
  P ("truncate64", -1, 0),
  F ("ftruncate", 0),
  F ("ftruncate64", 0),
  PC ("utime", -1, 0, HB_CAPCHK_OWNER, -1),
  PC ("utimes", -1, 0, HB_CAPCHK_OWNER, -1),
  PC ("utimensat", 0, 1, HB_CAPCHK_OWNER, 3),
  PC ("futimesat", 0, 1, HB_CAPCHK_OWNER, -1),
  P ("setxattr", -1, 0),
  P ("lsetxattr", -1, 0),
  F ("fsetxattr", 0),
  P ("removexattr", -1, 0),
  P ("lremovexattr", -1, 0),
  F ("fremovexattr", 0),
  { "bind", HB_WATCH_BIND, -1, -1, 0, -1, -1, -1, -1, HB_CAPCHK_NONE, -1 },
  { "setuid", HB_WATCH_SETUID, -1, -1, -1, -1, -1, -1, -1, HB_CAPCHK_NONE, -1 },
  { "setreuid", HB_WATCH_SETUID, -1, -1, -1, -1, -1, -1, -1, HB_CAPCHK_NONE, -1 },
  { "setresuid", HB_WATCH_SETUID, -1, -1, -1, -1, -1, -1, -1, HB_CAPCHK_NONE, -1 },
  { "setuid32", HB_WATCH_SETUID, -1, -1, -1, -1, -1, -1, -1, HB_CAPCHK_NONE, -1 },
  { "setreuid32", HB_WATCH_SETUID, -1, -1, -1, -1, -1, -1, -1, HB_CAPCHK_NONE, -1 },
  { "setresuid32", HB_WATCH_SETUID, -1, -1, -1, -1, -1, -1, -1, HB_CAPCHK_NONE, -1 },
  { "setgid", HB_WATCH_SETGID, -1, -1, -1, -1, -1, -1, -1, HB_CAPCHK_NONE, -1 },
  { "setregid", HB_WATCH_SETGID, -1, -1, -1, -1, -1, -1, -1, HB_CAPCHK_NONE, -1 },
  { "setresgid", HB_WATCH_SETGID, -1, -1, -1, -1, -1, -1, -1, HB_CAPCHK_NONE, -1 },
  { "setgroups", HB_WATCH_SETGID, -1, -1, -1, -1, -1, -1, -1, HB_CAPCHK_NONE, -1 },
  { "setgid32", HB_WATCH_SETGID, -1, -1, -1, -1, -1, -1, -1, HB_CAPCHK_NONE, -1 },
  { "setregid32", HB_WATCH_SETGID, -1, -1, -1, -1, -1, -1, -1, HB_CAPCHK_NONE, -1 },
  { "setresgid32", HB_WATCH_SETGID, -1, -1, -1, -1, -1, -1, -1, HB_CAPCHK_NONE, -1 },
  { "setgroups32", HB_WATCH_SETGID, -1, -1, -1, -1, -1, -1, -1, HB_CAPCHK_NONE, -1 },
};

const hb_watched *
hb_watched_table (size_t *n)
{
  *n = sizeof table / sizeof table[0];
  return table;
}

const hb_watched *
hb_watched_lookup (const char *name)
{
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
    if (strcmp (table[i].name, name) == 0)
      return &table[i];
  return NULL;
}

bool
hb_watched_is_write (const hb_watched *w)
{
  return w->kind != HB_WATCH_SETUID && w->kind != HB_WATCH_SETGID;
}
