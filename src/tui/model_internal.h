/* model_internal.h - what the dispatcher (model.c) calls in the files of
 * the sections (model_*.c); not for views.  What those files call in
 * turn is model_base.h's. */
#ifndef HB_TUI_MODEL_INTERNAL_H
#define HB_TUI_MODEL_INTERNAL_H

#include "tui/model.h"

/* model_policy.c */
void tui_rows_clear (tui_model *m);
int tui_policy_action (tui_model *m, tui_action a);
/* Apply a prompt's text; -1 with *err when the input is refused (the
 * caller keeps the prompt open with the text and the error). */
int tui_policy_prompt_commit (tui_model *m, tui_prompt_kind kind, const char *text, hb_error **err);
/* Audit: apply the fix of the highlighted failing check. */
int tui_check_fix (tui_model *m, size_t index);
bool tui_prompt_complete (tui_model *m);
int tui_users_action (tui_model *m, tui_action a);
/* Syscall names starting with prefix, at most max (borrowed). */
size_t tui_syscall_matches (tui_model *m, const char *prefix, const char **out, size_t max);

/* model_trial.c */
void tui_suggestion_apply (tui_model *m);
int tui_event_open (tui_model *m, size_t index);
int tui_event_action (tui_model *m, tui_action a);

/* model_export.c */
int tui_export_action (tui_model *m, tui_action a);
void tui_export_save (tui_model *m, const char *path, bool overwrite);

/* keys.c */
size_t tui_help_line_count (void);

#endif
