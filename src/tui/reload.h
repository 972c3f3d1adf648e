/* reload.h - reloading the engine's targets without freezing the keyboard:
 * one listing at a time runs on a thread of its own and says it is done
 * through a pipe the loop polls; the result goes into the model on the
 * loop's thread.  No curses. */
#ifndef HB_TUI_RELOAD_H
#define HB_TUI_RELOAD_H

#include "tui/model.h"

typedef struct tui_reload tui_reload;

/* Start listing the engine's containers and images; NULL when no thread
 * could be started (the loop tries again later). */
tui_reload *tui_reload_start (const hb_engine_opts *opts);
/* Readable when the listing is done. */
int tui_reload_fd (const tui_reload *r);
/* Wait for the thread (at once when the fd was readable), put what it
 * found into m (tui_model_set_engine_targets) and free r. */
void tui_reload_finish (tui_reload *r, tui_model *m);
/* Leaving: free r now if the listing is done, else let the thread free it
 * when it is (a slow engine never delays quitting). */
void tui_reload_abandon (tui_reload *r);

#endif
