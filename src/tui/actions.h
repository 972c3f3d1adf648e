/* actions.h - every action of the workbench, declared once.
 *
 * HB_TUI_ACTIONS lists (ID, name, description, default keys...).  The enum,
 * the key table (tui/keys.c) and the help screen all come from this list, so
 * a key cannot be bound without appearing in the help.  This header does not
 * include curses: the model handles actions, only keys.c knows key codes, and
 * the key codes are spelled as TUI_K_* names that keys.c maps. */
#ifndef HB_TUI_ACTIONS_H
#define HB_TUI_ACTIONS_H

/* X (ID, "name", "what it does", keys...) */
#define HB_TUI_ACTIONS(X)                                                            \
  X (UP, "up", "move up", TUI_K_UP, 'k')                                              \
  X (DOWN, "down", "move down", TUI_K_DOWN, 'j')                                      \
  X (LEFT, "left", "previous section (in a prompt: cursor left)", TUI_K_LEFT, 'h')    \
  X (RIGHT, "right", "next section (in a prompt: cursor right)", TUI_K_RIGHT, 'l')    \
  X (PAGE_UP, "page-up", "one page up", TUI_K_PPAGE, TUI_CTRL ('b'))                 \
  X (PAGE_DOWN, "page-down", "one page down", TUI_K_NPAGE, TUI_CTRL ('f'))           \
  X (FIRST, "first", "first line", TUI_K_HOME, 'g')                                   \
  X (LAST, "last", "last line", TUI_K_END, 'G')                                       \
  X (NEXT_PANE, "next-pane", "next pane (settings, trial events, suggestions)", '\t') \
  X (PREV_PANE, "prev-pane", "previous pane", TUI_K_BTAB)                            \
  X (TOGGLE, "toggle", "toggle the highlighted setting or checkbox", ' ')             \
  X (EDIT, "edit", "open the target / edit the highlighted item", '\n', TUI_K_ENTER)  \
  X (ADD, "add", "add a tmpfs mount or a seccomp deny rule", 'a')                     \
  X (REMOVE, "remove", "remove the highlighted mount or rule", 'x', TUI_K_DC)        \
  X (DROP_ALL, "drop-all", "capabilities: drop all", 'D')                            \
  X (DOCKER_DEFAULT, "docker-default", "capabilities: Docker's default set", 'R')    \
  X (TRIAL, "trial", "start the trial (again: re-run with the current policy)", 't') \
  X (STOP, "stop", "stop the trial", 's')                                             \
  X (PAUSE, "pause", "trial events: pause / follow (scroll while paused)", 'p')      \
  X (APPLY, "apply", "apply the selected suggestion to the policy", 'A')              \
  X (EXPORT, "export", "export dialog (every format, preview, save, copy)", 'e')      \
  X (SAVE, "save", "save the policy for this target (export: save to a file)", 'w')  \
  X (COPY, "copy", "export: copy to the clipboard (OSC 52)", 'c')                     \
  X (IMAGE, "image", "export: the image to run (a directory target has none)", 'i')  \
  X (FILTER, "filter", "filter the list as you type", '/')                            \
  X (SORT, "sort", "targets: sort by the next column (name, kind, image, state, hardening)", 'o', TUI_K_F6) \
  X (REFRESH, "refresh", "targets: reload the engine's containers and images now (also every 3 s)", 'r', TUI_K_F5) \
  X (THEME, "theme", "switch to the next colour theme (the themes/*.theme files)", 'T') \
  X (HELP, "help", "this help", '?', TUI_K_F1)                                        \
  X (BACK, "back", "close the dialog / back to the targets", TUI_K_ESC)              \
  X (REDRAW, "redraw", "redraw the screen (on the targets: reload them too)", TUI_CTRL ('l')) \
  X (QUIT, "quit", "quit (stops a running trial; asks about unsaved changes)", 'q')   \
  X (INTERRUPT, "interrupt", "quit as q does; at the unsaved-changes question: quit without saving", TUI_CTRL ('c'))

typedef enum tui_action {
  TUI_ACT_NONE = 0,
#define X(id, name, desc, ...) TUI_ACT_##id,
  HB_TUI_ACTIONS (X)
#undef X
  TUI_ACT_COUNT
} tui_action;

/* What a handler changed; the loop decides what to do with it. */
enum tui_result {
  TUI_IGNORED = 0,
  TUI_HANDLED = 1 << 0,
  TUI_REDRAW = 1 << 1,     /* something visible changed */
  TUI_FULL_REDRAW = 1 << 2, /* repaint every cell (^L, after a resize) */
  TUI_QUIT = 1 << 3,
  TUI_CLIPBOARD = 1 << 4,  /* the model has text for the clipboard */
  TUI_THEME = 1 << 5,      /* the model loaded another theme (m->theme) */
  TUI_RELOAD = 1 << 6,     /* reload the targets from the engine (off the UI thread) */
};

const char *tui_action_name (tui_action a);
const char *tui_action_description (tui_action a);

#endif
