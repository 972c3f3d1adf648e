/* target.c - resolving TARGET arguments into hb_target values. */
#include "config.h"

#include "engine/target.h"
#include "engine/demo.h"
#include "engine/engine.h"
#include "engine/engine_json.h"
#include "engine/inspect.h"
#include "core/cleanup.h"
#include "core/paths.h"
#include "core/text.h"
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

/* Use the overlay layer directories of GraphDriver.Data? */
static bool
want_layers (const hb_engine *e)
{
  const char *mode = getenv ("HARDENBENCH_ROOTFS");
  if (mode && strcmp (mode, "export") == 0)
    return false;
  return hb_engine_is_local (e);
}

static hb_target *
container_target (hb_engine *e, const char *spec, json_t *j, hb_error **err)
{
  cleanup_target hb_target *t = xcalloc (1, sizeof *t);
  t->kind = HB_TARGET_CONTAINER;
  t->spec = xstrdup (spec);
  t->current = hb_policy_new ();
  cleanup_free char *cache = hb_cache_dir ();
  cleanup_free char *seccomp_dir = xasprintf ("%s/seccomp", cache);
  if (hb_inspect_container_policy (j, seccomp_dir, t->current, err) < 0)
    {
      cleanup_free char *s = text_sanitize (spec);
      hb_error_wrap (err, "container %s", s);
      return NULL;
    }
  const char *id = NULL;
  hb_jget_string (j, "Id", "", &id, NULL);
  t->id = xstrdup (id);
  t->name = xstrdup (t->current->target_name);
  t->image = t->current->target_image ? xstrdup (t->current->target_image) : NULL;
  if (want_layers (e))
    hb_inspect_layers (j, &t->rootfs.layers);
  return steal_pointer (&t);
}

static hb_target *
image_target (hb_engine *e, const char *spec, const char *ref, json_t *j, hb_error **err)
{
  cleanup_target hb_target *t = xcalloc (1, sizeof *t);
  t->kind = HB_TARGET_IMAGE;
  t->spec = xstrdup (spec);
  t->current = hb_policy_new ();
  const char *id = NULL;
  if (hb_jget_string (j, "Id", "", &id, err) < 0)
    return NULL;
  if (id == NULL)
    {
      hb_fail (err, HB_EXIT_ENGINE, "image %s: the engine gave no id", ref);
      return NULL;
    }
  if (hb_inspect_image_policy (j, t->current, err) < 0)
    {
      cleanup_free char *s = text_sanitize (ref);
      hb_error_wrap (err, "image %s", s);
      return NULL;
    }
  t->id = xstrdup (id);
  t->name = xstrdup (ref);
  t->image = xstrdup (ref);
  t->current->target_name = xstrdup (ref);
  t->current->target_image = xstrdup (ref);
  if (want_layers (e))
    hb_inspect_layers (j, &t->rootfs.layers);
  return steal_pointer (&t);
}

/* Looks up a container (unless images_only), then an image.  Returns NULL
 * with *err unset when neither exists. */
static hb_target *
lookup (hb_engine *e, const char *spec, const char *name, bool images_only, hb_error **err)
{
  if (!images_only)
    {
      hb_error *inner = NULL;
      cleanup_json json_t *j = hb_engine_inspect_container (e, name, &inner);
      if (j)
        return container_target (e, spec, j, err);
      if (inner->status != HB_EXIT_NOT_FOUND)
        {
          *err = inner;
          return NULL;
        }
      hb_error_free (inner);
    }
  hb_error *inner = NULL;
  cleanup_json json_t *j = hb_engine_inspect_image (e, name, &inner);
  if (j)
    return image_target (e, spec, name, j, err);
  if (inner->status != HB_EXIT_NOT_FOUND)
    {
      *err = inner;
      return NULL;
    }
  hb_error_free (inner);
  return NULL;
}

hb_target *
hb_target_resolve (const char *spec, const hb_engine_opts *opts, hb_error **err)
{
  if (spec == NULL || *spec == '\0')
    {
      hb_fail (err, HB_EXIT_USAGE, "no target given");
      return NULL;
    }
  if (is_path_spec (spec))
    return hb_target_from_dir (spec, err);
  /* '@' cannot begin a container or image name, so the demo never shadows one. */
  if (strcmp (spec, HB_DEMO_TARGET_NAME) == 0)
    return hb_demo_target (err);
  bool images_only = text_has_prefix (spec, "image:");
  const char *name = images_only ? spec + strlen ("image:") : spec;
  cleanup_engine hb_engine *e = hb_engine_open (opts, err);
  if (e == NULL)
    return NULL;
  hb_error *inner = NULL;
  hb_target *t = lookup (e, spec, name, images_only, &inner);
  if (t)
    {
      /* Which engine runs it decides what "default" seccomp means (src/app). */
      const char *product = hb_engine_product (e), *version = hb_engine_version (e);
      t->engine_product = product ? xstrdup (product) : NULL;
      t->engine_version = version ? xstrdup (version) : NULL;
      return t;
    }
  if (inner)
    {
      *err = inner;
      return NULL;
    }
  cleanup_free char *clean = text_sanitize (name);
  hb_fail (err, HB_EXIT_NOT_FOUND, "target %s: no such %s at %s (see 'hardenbench list%s')",
           clean, images_only ? "image" : "container or image", hb_engine_url (e),
           images_only ? " --images" : " --all");
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
  free (t->rootfs_note);
  hb_rootfs_clear (&t->rootfs);
  hb_policy_free (t->current);
  free (t->engine_product);
  free (t->engine_version);
  free (t);
}
