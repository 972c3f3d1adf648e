/* theme.h - colour roles and theme files.
 *
 * Views never name a colour: they draw with a role (denied, allowed,
 * selected, ...).  A theme fills every role from plain lines
 *     role = FG BG [ATTR...]
 * FG/BG: default, black, red, green, yellow, blue, magenta, cyan, white,
 * bright-NAME, or 0..255; ATTR: bold, dim, underline, reverse, standout.
 * Parsing lives here without curses so it can be unit-tested; tui/draw.c
 * turns a theme into curses attributes. */
#ifndef HB_TUI_THEME_H
#define HB_TUI_THEME_H

#include "core/error.h"

#include <stdbool.h>

#define HB_TUI_ROLES(X)                                   \
  X (NORMAL, "normal", "plain text")                      \
  X (TITLE, "title", "the title bar")                     \
  X (STATUS, "status", "the status and key-hint line")    \
  X (KEY, "key", "key names in hints")                    \
  X (BORDER, "border", "pane borders")                    \
  X (HEADER, "header", "headings inside a pane")          \
  X (TAB, "tab", "a section tab")                         \
  X (TAB_ACTIVE, "tab-active", "the current section tab") \
  X (SELECTED, "selected", "the highlighted line")        \
  X (SELECTED_DIM, "selected-dim", "highlight in an unfocused pane") \
  X (HINT, "hint", "hints and secondary text")            \
  X (DENIED, "denied", "denials, dropped, failing")       \
  X (ALLOWED, "allowed", "granted, passing")              \
  X (WARNING, "warning", "warnings, risky settings")      \
  X (ERROR, "error", "error messages")                    \
  X (BANNER, "banner", "the no-engine banner")            \
  X (EXEC, "exec", "trial: process starts and exits")     \
  X (OUTPUT, "output", "trial: the application's output") \
  X (MARK, "mark", "marks such as Docker defaults")

typedef enum tui_role {
#define X(id, name, desc) TUI_ROLE_##id,
  HB_TUI_ROLES (X)
#undef X
  TUI_ROLE_COUNT
} tui_role;

enum tui_attr_bits {
  TUI_A_BOLD = 1 << 0,
  TUI_A_DIM = 1 << 1,
  TUI_A_UNDERLINE = 1 << 2,
  TUI_A_REVERSE = 1 << 3,
  TUI_A_STANDOUT = 1 << 4,
};

#define TUI_COLOR_DEFAULT (-1)

typedef struct tui_style {
  short fg, bg;        /* 0..255 or TUI_COLOR_DEFAULT */
  unsigned attrs;      /* enum tui_attr_bits */
  bool set;
} tui_style;

typedef struct tui_theme {
  char *name;
  tui_style styles[TUI_ROLE_COUNT];
} tui_theme;

const char *tui_role_name (tui_role r);
/* The compiled-in default theme's text (identical to themes/default.theme). */
const char *tui_theme_default_text (void);
/* The compiled-in monochrome theme (themes/mono.theme): --no-color uses it. */
const char *tui_theme_mono_text (void);
/* Parse theme text on top of t (roles it does not name keep their style).
 * Errors name file:line and the bad word, status HB_EXIT_INPUT. */
int tui_theme_parse (tui_theme *t, const char *text, const char *file, hb_error **err);
/* Load a theme by name ("light": DATADIR/themes/light.theme) or path
 * (contains '/').  "default" works without any file. */
int tui_theme_load (tui_theme *t, const char *name, hb_error **err);
void tui_theme_clear (tui_theme *t);
/* The theme names: "default", then the files of DATADIR/themes (and the
 * compiled-in "mono") by name. */
struct strv;
void tui_theme_names (struct strv *out);

#endif
