/* lineedit.h - a one-line text editor (prompts and the filter), UTF-8 aware,
 * without curses. */
#ifndef HB_TUI_LINEEDIT_H
#define HB_TUI_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

#define TUI_LINE_MAX 1024

typedef struct tui_line {
  char buf[TUI_LINE_MAX];
  size_t len;      /* bytes */
  size_t cursor;   /* byte offset, always at a character boundary */
} tui_line;

void tui_line_set (tui_line *l, const char *text);
/* Insert a UTF-8 encoded character (or any string); control characters are
 * refused.  Returns false when nothing was inserted. */
bool tui_line_insert (tui_line *l, const char *s);
bool tui_line_backspace (tui_line *l);
bool tui_line_delete (tui_line *l);
bool tui_line_left (tui_line *l);
bool tui_line_right (tui_line *l);
void tui_line_home (tui_line *l);
void tui_line_end (tui_line *l);
/* Delete the word before the cursor (^W). */
bool tui_line_kill_word (tui_line *l);

#endif
