/* tui.h - the workbench: `hardenbench [GLOBAL] [TARGET]` with no command. */
#ifndef HB_TUI_TUI_H
#define HB_TUI_TUI_H

#include "app/app.h"

/* Run the workbench; target (a rootfs directory, container or image) is
 * opened directly when given.  Returns the exit status. */
int tui_main (hb_globals *g, const char *target);

#endif
