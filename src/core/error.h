/* error.h - the one error type of hardenbench.
 *
 * A function that can fail takes `hb_error **err` last, returns -1 (or NULL)
 * and fills *err with an exit status and a message.  Callers add context on
 * the way up with hb_error_wrap(); only main() and the TUI status line print.
 */
#ifndef HB_CORE_ERROR_H
#define HB_CORE_ERROR_H

#include <stdarg.h>
#include <stddef.h>

/* Exit statuses of INTERFACE.md. */
enum hb_exit {
  HB_EXIT_OK = 0,
  HB_EXIT_FAILURE = 1,
  HB_EXIT_USAGE = 2,
  HB_EXIT_ENGINE = 3,
  HB_EXIT_INPUT = 4,
  HB_EXIT_NOT_FOUND = 5,
  HB_EXIT_SANDBOX = 125,
};

typedef struct hb_error {
  int status;   /* one of enum hb_exit */
  int errnum;   /* errno that caused it, 0 when none */
  char *msg;    /* "what: why", already prefixed with context */
} hb_error;

/* Fill *err (when err is not NULL) and return -1.  A second failure while
 * *err is already set keeps the first one: it is the root cause. */
int hb_fail (hb_error **err, int status, const char *fmt, ...)
  __attribute__ ((format (printf, 3, 4)));

/* Like hb_fail, appending ": strerror(errnum)". */
int hb_fail_errno (hb_error **err, int errnum, int status, const char *fmt, ...)
  __attribute__ ((format (printf, 4, 5)));

/* Prefix the message of *err with "context: " and return -1. */
int hb_error_wrap (hb_error **err, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));

void hb_error_free (hb_error *err);

/* Print "hardenbench: MSG" to stderr, free the error, return its status. */
int hb_error_report (hb_error *err);

/* Warnings: what the user should know that does not stop the work (a
 * profile's unknown syscall, skipped as Docker does).  Code below the
 * front ends gives them with hb_warn(); they go to the list the innermost
 * collector of this thread owns (hb_warnings_collect), and the front end
 * that owns it shows them: the commands print each to stderr as it comes
 * (print), the workbench in its status line.  With no collector, hb_warn
 * prints, as the commands do. */
typedef struct hb_warnings {
  char **lines;     /* sanitised, without the "hardenbench: warning: " */
  size_t n, cap;
  int print;        /* nonzero: print each at once (hb_warnings_print), keep none */
  struct hb_warnings *outer;   /* the collector this one went over */
} hb_warnings;

void hb_warn (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));
/* Collect this thread's warnings into w from now on, until
 * hb_warnings_stop (w); collectors nest, the innermost collects. */
void hb_warnings_collect (hb_warnings *w);
void hb_warnings_stop (hb_warnings *w);
/* Give w's lines, in order, to whoever collects now (after
 * hb_warnings_stop (w)), and empty w. */
void hb_warnings_forward (hb_warnings *w);
/* "hardenbench: warning: LINE" on stderr for each line of w. */
void hb_warnings_print (const hb_warnings *w);
void hb_warnings_clear (hb_warnings *w);

#endif
