/* keys.c - the key bindings and the help screen, both generated from
 * HB_TUI_ACTIONS so they cannot disagree. */
#include "config.h"

#include "tui/keys.h"
#include "core/xalloc.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#define TUI_K_UP KEY_UP
#define TUI_K_DOWN KEY_DOWN
#define TUI_K_LEFT KEY_LEFT
#define TUI_K_RIGHT KEY_RIGHT
#define TUI_K_PPAGE KEY_PPAGE
#define TUI_K_NPAGE KEY_NPAGE
#define TUI_K_HOME KEY_HOME
#define TUI_K_END KEY_END
#define TUI_K_BTAB KEY_BTAB
#define TUI_K_ENTER KEY_ENTER
#define TUI_K_DC KEY_DC
#define TUI_K_F1 KEY_F (1)
#define TUI_K_F5 KEY_F (5)
#define TUI_K_F6 KEY_F (6)
#define TUI_K_ESC 27
#define TUI_CTRL(c) ((c) & 0x1f)

#define X(id, name, desc, ...) static const int keys_##id[] = { __VA_ARGS__, 0 };
HB_TUI_ACTIONS (X)
#undef X

typedef struct action_def {
  const char *name;
  const char *description;
  const int *keys;
} action_def;

static const action_def actions[TUI_ACT_COUNT] = {
#define X(id, nm, desc, ...) [TUI_ACT_##id] = { .name = nm, .description = desc, .keys = keys_##id },
  HB_TUI_ACTIONS (X)
#undef X
};

const char *
tui_action_name (tui_action a)
{
  return a > TUI_ACT_NONE && a < TUI_ACT_COUNT ? actions[a].name : "none";
}

const char *
tui_action_description (tui_action a)
{
  return a > TUI_ACT_NONE && a < TUI_ACT_COUNT ? actions[a].description : "";
}

tui_action
tui_key_action (int key)
{
  if (key == '\r')
    key = '\n';
  for (int a = TUI_ACT_NONE + 1; a < TUI_ACT_COUNT; a++)
    for (const int *k = actions[a].keys; *k; k++)
      if (*k == key)
        return (tui_action) a;
  return TUI_ACT_NONE;
}

const char *
tui_key_label (int key, char buf[static 16])
{
  switch (key)
    {
    case KEY_UP: return "Up";
    case KEY_DOWN: return "Down";
    case KEY_LEFT: return "Left";
    case KEY_RIGHT: return "Right";
    case KEY_PPAGE: return "PgUp";
    case KEY_NPAGE: return "PgDn";
    case KEY_HOME: return "Home";
    case KEY_END: return "End";
    case KEY_BTAB: return "Shift-Tab";
    case KEY_ENTER: return "KpEnter";
    case KEY_DC: return "Del";
    case '\n': return "Enter";
    case '\t': return "Tab";
    case ' ': return "Space";
    case 27: return "Esc";
    default: break;
    }
  for (int f = 1; f <= 12; f++)
    if (key == KEY_F (f))
      {
        snprintf (buf, 16, "F%d", f);
        return buf;
      }
  if (key > 0 && key < 0x20)
    snprintf (buf, 16, "^%c", key + '@');
  else if (key < 0x7f)
    snprintf (buf, 16, "%c", key);
  else
    snprintf (buf, 16, "#%d", key);
  return buf;
}

const char *
tui_action_keys (tui_action a)
{
  static char out[TUI_ACT_COUNT][64];
  if (a <= TUI_ACT_NONE || a >= TUI_ACT_COUNT)
    return "";
  if (out[a][0] == '\0')
    {
      for (const int *k = actions[a].keys; *k; k++)
        {
          char buf[16];
          if (*k == KEY_ENTER)   /* the keypad's Enter: same as Enter */
            continue;
          if (out[a][0])
            strncat (out[a], ", ", sizeof out[a] - strlen (out[a]) - 1);
          strncat (out[a], tui_key_label (*k, buf), sizeof out[a] - strlen (out[a]) - 1);
        }
    }
  return out[a];
}

/* The help: one line per action, then the mouse and prompt notes. */
static const char *const help_tail[] = {
  "",
  "  Mouse            click selects; clicking the selected line toggles or opens it",
  "  In a prompt      type; Left/Right move, Backspace, ^W word, ^U line, Enter accepts,",
  "                   Esc cancels; Tab completes syscalls (seccomp) and the target's",
  "                   directories (tmpfs, volume); refused input stays, with the error",
  "",
  "  Sections: Left/Right (h/l).  Panes: Tab cycles settings -> trial events -> suggestions.",
  "  The explanation pane follows the highlighted setting, event or suggestion.",
};

size_t
tui_help_line_count (void)
{
  return (TUI_ACT_COUNT - 1) + sizeof help_tail / sizeof help_tail[0];
}

const char *
tui_help_line (size_t i)
{
  static char *lines[TUI_ACT_COUNT];
  if (i < TUI_ACT_COUNT - 1)
    {
      tui_action a = (tui_action) (i + 1);
      if (lines[a] == NULL)
        lines[a] = xasprintf ("  %-16s %s", tui_action_keys (a), actions[a].description);
      return lines[a];
    }
  i -= TUI_ACT_COUNT - 1;
  if (i < sizeof help_tail / sizeof help_tail[0])
    return help_tail[i];
  return NULL;
}
