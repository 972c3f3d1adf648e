/* model_targets.c - the bundled demo in the targets list, and turning a row
 * of the list into a target. */
#include "config.h"

#include "tui/model.h"
#include "tui/model_internal.h"
#include "core/cleanup.h"
#include "engine/demo.h"

#include <sys/stat.h>

hb_target *
tui_resolve_target (tui_model *m, const char *spec, hb_error **err)
{
  return hb_target_resolve (spec, &m->engine, err);
}

void
tui_model_add_demo_targets (tui_model *m)
{
  /* Offered when its root filesystem was built (make builds it). */
  cleanup_free char *dir = hb_demo_rootfs_dir ();
  struct stat st;
  if (dir == NULL || stat (dir, &st) < 0 || !S_ISDIR (st.st_mode))
    return;
  tui_model_add_target (m, HB_TARGET_DEMO, HB_DEMO_TARGET_NAME, HB_DEMO_TARGET_NAME, NULL, NULL,
                        "a small web service to harden (works without an engine)");
}
