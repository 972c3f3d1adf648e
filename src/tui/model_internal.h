/* model_internal.h - what the model's files share (not for views). */
#ifndef HB_TUI_MODEL_INTERNAL_H
#define HB_TUI_MODEL_INTERNAL_H

#include "tui/model.h"

void tui_set_error (tui_model *m, hb_error *err);
int tui_list_action (tui_list *l, tui_action a, size_t n);
void tui_prompt_open (tui_model *m, tui_prompt_kind kind, const char *label, const char *initial);

/* model_targets.c */
hb_target *tui_resolve_target (tui_model *m, const char *spec, hb_error **err);
void tui_model_add_demo_targets (tui_model *m);

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
