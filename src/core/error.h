/* error.h - the one error type of hardenbench.
 *
 * A function that can fail takes `hb_error **err` last, returns -1 (or NULL)
 * and fills *err with an exit status and a message.  Callers add context on
 * the way up with hb_error_wrap(); only main() and the TUI status line print.
 */
#ifndef HB_CORE_ERROR_H
#define HB_CORE_ERROR_H

#include <stdarg.h>

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

#endif
