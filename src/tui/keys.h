/* keys.h - the key table generated from HB_TUI_ACTIONS, and the help text
 * generated from the same list. */
#ifndef HB_TUI_KEYS_H
#define HB_TUI_KEYS_H

#include "tui/actions.h"

#include <stddef.h>

/* The action bound to a curses key code, TUI_ACT_NONE when unbound. */
tui_action tui_key_action (int key);
/* "Up, k" for an action (static buffer per call site: copy it). */
const char *tui_action_keys (tui_action a);
/* A readable name for a key code ("Space", "Tab", "^L", "PgDn", "x"). */
const char *tui_key_label (int key, char buf[static 16]);
/* Help lines: "  KEYS          description" (line i, borrowed; NULL past the end). */
const char *tui_help_line (size_t i);
size_t tui_help_line_count (void);

#endif
