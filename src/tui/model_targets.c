/* model_targets.c - turning a row of the targets list into a target. */
#include "config.h"

#include "tui/model.h"
#include "tui/model_internal.h"

hb_target *
tui_resolve_target (tui_model *m, const char *spec, hb_error **err)
{
  return hb_target_resolve (spec, &m->engine, err);
}

void
tui_model_add_demo_targets (tui_model *m)
{
  (void) m;
}
