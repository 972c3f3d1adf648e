/* saved_policy.c - saved policies (saved_policy.h). */
#include "config.h"

#include "app/saved_policy.h"

#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/paths.h"
#include "core/xalloc.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

char *
app_saved_policy_path (const char *target_name)
{
  /* A file name from the target's name: path separators and anything odd
   * become '_' so "/srv/rootfs" and "web" both give a plain name. */
  const char *name = target_name && *target_name ? target_name : "target";
  while (*name == '/')
    name++;
  cleanup_free char *safe = xstrdup (*name ? name : "root");
  for (char *c = safe; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')
          || *c == '-' || *c == '.' || *c == '@'))
      *c = '_';
  if (safe[0] == '.')
    safe[0] = '_';
  cleanup_free char *dir = hb_config_dir ();
  return xasprintf ("%s/policies/%s.json", dir, safe);
}

int
app_saved_policy_load (hb_policy **p, const char *path, hb_error **err)
{
  struct stat st;
  if (lstat (path, &st) < 0)
    {
      if (errno == ENOENT)
        return 0;
      return hb_fail_errno (err, errno, HB_EXIT_INPUT, "saved policy %s", path);
    }
  /* On a copy: a bad file may have been applied up to its error. */
  hb_policy *copy = hb_policy_copy (*p);
  if (hb_policy_apply_file (copy, path, err) < 0)
    {
      hb_policy_free (copy);
      return -1;
    }
  hb_policy_free (*p);
  *p = copy;
  return 1;
}

int
app_saved_policy_save (const hb_policy *p, const char *path, hb_error **err)
{
  cleanup_free char *dir = xstrdup (path);
  char *slash = strrchr (dir, '/');
  if (slash)
    *slash = '\0';
  if (mkdir_p (dir, 0700, err) < 0)
    return -1;
  return hb_policy_save (p, path, err);
}
