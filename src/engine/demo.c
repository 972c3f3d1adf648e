/* demo.c - the bundled demo target: where its root filesystem lives and
 * how its service runs (demo/app.sh in the source tree). */
#include "config.h"

#include "engine/demo.h"
#include "core/cleanup.h"
#include "core/paths.h"
#include "core/xalloc.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

char *
hb_demo_rootfs_dir (void)
{
  const char *data = hb_data_dir ();
  /* Uninstalled, data comes from the source tree and the built root
   * filesystem sits in the build tree. */
  if (strcmp (data, HB_ABS_SRCDIR) == 0)
    return xstrdup (HB_ABS_BUILDDIR "/demo-rootfs");
  return xasprintf ("%s/demo/rootfs", data);
}

hb_target *
hb_demo_target (hb_error **err)
{
  cleanup_free char *dir = hb_demo_rootfs_dir ();
  cleanup_free char *shell = xasprintf ("%s/bin/busybox", dir);
  struct stat st;
  if (stat (dir, &st) < 0 || !S_ISDIR (st.st_mode) || stat (shell, &st) < 0)
    {
      hb_fail (err, HB_EXIT_NOT_FOUND,
               "target %s: its root filesystem %s was not built (it needs busybox-static "
               "when hardenbench is built)", HB_DEMO_TARGET_NAME, dir);
      return NULL;
    }

  hb_target *t = xcalloc (1, sizeof *t);
  t->kind = HB_TARGET_DEMO;
  t->spec = xstrdup (HB_DEMO_TARGET_NAME);
  t->name = xstrdup (HB_DEMO_TARGET_NAME);
  strv_push (&t->rootfs.layers, dir);

  hb_policy *p = hb_policy_new ();
  p->target_name = xstrdup (HB_DEMO_TARGET_NAME);
  p->has_process = true;
  strv_push (&p->process.entrypoint, "/app/app.sh");
  strv_push (&p->process.env, "PATH=/bin");
  strv_push (&p->process.env, "HOME=/root");
  strv_push (&p->process.env, "DEMO_PORT=" HB_DEMO_PORT);
  p->process.workdir = xstrdup ("/");
  strv_push (&p->process.ports, HB_DEMO_PORT "/tcp");
  t->current = p;
  return t;
}
