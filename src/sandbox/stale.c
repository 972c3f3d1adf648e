/* stale.c - finding the leftovers of trials whose supervisor is gone. */
#include "config.h"

#include "sandbox/stale.h"
#include "core/cleanup.h"
#include "core/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>

void
hb_stale_trials_remove (const char *dir, hb_stale_remove_fn remove)
{
  cleanup_dir DIR *d = opendir (dir);
  if (d == NULL)
    return;
  struct dirent *e;
  while ((e = readdir (d)) != NULL)
    {
      int pid;
      if (sscanf (e->d_name, "trial-%d-", &pid) != 1 || pid <= 0)
        continue;
      /* Alive, or not ours to ask about: leave it. */
      if (kill (pid, 0) == 0 || errno != ESRCH)
        continue;
      cleanup_free char *path = xasprintf ("%s/%s", dir, e->d_name);
      remove (path);
    }
}
