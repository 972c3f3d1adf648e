/* rundir.c - the base directory of trial run dirs (see rundir.h). */
#include "config.h"

#include "sandbox/rundir.h"
#include "core/fileio.h"
#include "core/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define ROOT_RUN_DIR "/run/hardenbench"

/* A directory of ours that nobody else can enter. */
static bool
private_to_us (const char *dir)
{
  struct stat st;
  return lstat (dir, &st) == 0 && S_ISDIR (st.st_mode) && st.st_uid == geteuid ()
         && (st.st_mode & 077) == 0;
}

char *
hb_run_dir (hb_error **err)
{
  if (geteuid () == 0)
    {
      if (mkdir_p (ROOT_RUN_DIR, 0700, err) < 0)
        return NULL;
      return xstrdup (ROOT_RUN_DIR);
    }
  const char *xdg = getenv ("XDG_RUNTIME_DIR");
  char *base;
  if (xdg && xdg[0] == '/' && private_to_us (xdg))
    base = xasprintf ("%s/hardenbench", xdg);
  else
    base = xasprintf ("/tmp/hardenbench-%u", (unsigned) geteuid ());
  if (mkdir (base, 0700) < 0 && errno != EEXIST)
    {
      hb_fail_errno (err, errno, HB_EXIT_SANDBOX, "run dir %s", base);
      free (base);
      return NULL;
    }
  /* /tmp is shared: someone may have made the name first, as a symlink or
   * a directory of theirs.  Never use such a thing. */
  struct stat st;
  if (lstat (base, &st) < 0 || !S_ISDIR (st.st_mode) || st.st_uid != geteuid ())
    {
      hb_fail (err, HB_EXIT_SANDBOX,
               "run dir %s: not a directory owned by you (uid %u): refused, remove it", base,
               (unsigned) geteuid ());
      free (base);
      return NULL;
    }
  if ((st.st_mode & 07777) != 0700 && chmod (base, 0700) < 0)
    {
      hb_fail_errno (err, errno, HB_EXIT_SANDBOX, "run dir %s: chmod 0700", base);
      free (base);
      return NULL;
    }
  return base;
}
