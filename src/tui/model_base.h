/* model_base.h - the pieces every file of the model uses (model_base.c):
 * not for views.  tui_set_status and the list moves the views use too are
 * declared in model.h. */
#ifndef HB_TUI_MODEL_BASE_H
#define HB_TUI_MODEL_BASE_H

#include "core/error.h"
#include "tui/model.h"

/* The status line shows err's message as an error; err is freed. */
void tui_set_error (tui_model *m, hb_error *err);
/* Apply a movement action to a list of n items; returns TUI_* flags. */
int tui_list_action (tui_list *l, tui_action a, size_t n);
/* Open the prompt of kind with label, its line holding initial. */
void tui_prompt_open (tui_model *m, tui_prompt_kind kind, const char *label, const char *initial);

#endif
