/* target.c - resolving TARGET arguments into hb_target values. */
#include "config.h"

#include "engine/target.h"
#include "core/cleanup.h"
#include "core/xalloc.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *
hb_target_kind_name (hb_target_kind k)
{
  switch (k)
    {
    case HB_TARGET_ROOTFS: return "rootfs";
    case HB_TARGET_CONTAINER: return "container";
    case HB_TARGET_IMAGE: return "image";
    case HB_TARGET_DEMO: return "demo";
    }
  return "?";
}

hb_target *
hb_target_from_dir (const char *dir, hb_error **err)
{
  char real[PATH_MAX];
  if (realpath (dir, real) == NULL)
    {
      hb_fail_errno (err, errno, HB_EXIT_NOT_FOUND, "target %s", dir);
      return NULL;
    }
  struct stat st;
  if (stat (real, &st) < 0 || !S_ISDIR (st.st_mode))
    {
      hb_fail (err, HB_EXIT_NOT_FOUND, "target %s: not a directory", dir);
      return NULL;
    }
  hb_target *t = xcalloc (1, sizeof *t);
  t->kind = HB_TARGET_ROOTFS;
  t->spec = xstrdup (dir);
  t->name = xstrdup (real);
  strv_push (&t->rootfs.layers, real);
  t->current = hb_policy_new ();
  t->current->target_name = xstrdup (real);
  return t;
}

static bool
is_path_spec (const char *spec)
{
  return spec[0] == '/' || spec[0] == '.';
}

hb_target *
hb_target_resolve (const char *spec, const hb_engine_opts *opts, hb_error **err)
{
  (void) opts;
  if (spec == NULL || *spec == '\0')
    {
      hb_fail (err, HB_EXIT_USAGE, "no target given");
      return NULL;
    }
  if (is_path_spec (spec))
    return hb_target_from_dir (spec, err);
  hb_fail (err, HB_EXIT_NOT_FOUND,
           "target %s: not a root filesystem directory (name directories with a path "
           "beginning with '/' or '.')", spec);
  return NULL;
}

void
hb_target_free (hb_target *t)
{
  if (t == NULL)
    return;
  free (t->spec);
  free (t->name);
  free (t->id);
  free (t->image);
  hb_rootfs_clear (&t->rootfs);
  hb_policy_free (t->current);
  free (t);
}
