/* shell_quote.h - quoting words for a POSIX shell, so a command line can be
 * pasted whatever its values contain ($( ), backticks, quotes, newlines). */
#ifndef HB_EXPORT_SHELL_QUOTE_H
#define HB_EXPORT_SHELL_QUOTE_H

#include "core/strv.h"

/* The word as the shell must see it: left bare when it holds only
 * characters no shell treats specially, else in single quotes with each
 * ' written '\''.  Newly allocated. */
char *hb_shell_quote (const char *word);
/* argv quoted and joined by spaces (newly allocated). */
char *hb_shell_join (const strv *argv);

#endif
