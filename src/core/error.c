/* error.c - building, wrapping and reporting hb_error values, and the
 * warnings' collectors. */
#include "config.h"

#include "core/error.h"
#include "core/xalloc.h"
#include "core/text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
fail_v (hb_error **err, int errnum, int status, const char *fmt, va_list ap)
{
  if (err == NULL)
    return -1;
  if (*err != NULL)
    return -1;
  char *msg = xvasprintf (fmt, ap);
  if (errnum != 0)
    {
      char *full = xasprintf ("%s: %s", msg, strerror (errnum));
      free (msg);
      msg = full;
    }
  hb_error *e = xcalloc (1, sizeof *e);
  e->status = status;
  e->errnum = errnum;
  e->msg = msg;
  *err = e;
  return -1;
}

int
hb_fail (hb_error **err, int status, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  fail_v (err, 0, status, fmt, ap);
  va_end (ap);
  return -1;
}

int
hb_fail_errno (hb_error **err, int errnum, int status, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  fail_v (err, errnum, status, fmt, ap);
  va_end (ap);
  return -1;
}

int
hb_error_wrap (hb_error **err, const char *fmt, ...)
{
  if (err == NULL || *err == NULL)
    return -1;
  va_list ap;
  va_start (ap, fmt);
  char *ctx = xvasprintf (fmt, ap);
  va_end (ap);
  char *msg = xasprintf ("%s: %s", ctx, (*err)->msg);
  free (ctx);
  free ((*err)->msg);
  (*err)->msg = msg;
  return -1;
}

void
hb_error_free (hb_error *err)
{
  if (err == NULL)
    return;
  free (err->msg);
  free (err);
}

int
hb_error_report (hb_error *err)
{
  if (err == NULL)
    return HB_EXIT_FAILURE;
  /* Messages may quote engine responses or file contents: never let them
   * drive the user's terminal. */
  char *safe = text_sanitize (err->msg);
  fprintf (stderr, "hardenbench: %s\n", safe);
  free (safe);
  int status = err->status != 0 ? err->status : HB_EXIT_FAILURE;
  hb_error_free (err);
  return status;
}

/* The innermost collector of this thread (the workbench's reload thread
 * and the monitor's threads give no warnings, but need none of ours). */
static _Thread_local hb_warnings *collector;

static void
print_line (const char *line)
{
  fprintf (stderr, "hardenbench: warning: %s\n", line);
}

static void
keep (hb_warnings *w, char *line)
{
  if (w->print)
    {
      print_line (line);
      free (line);
      return;
    }
  if (w->n == w->cap)
    {
      w->cap = w->cap ? w->cap * 2 : 8;
      w->lines = xreallocarray (w->lines, w->cap, sizeof *w->lines);
    }
  w->lines[w->n++] = line;
}

void
hb_warn (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  char *raw = xvasprintf (fmt, ap);
  va_end (ap);
  /* Warnings quote files: never let them drive the user's terminal. */
  char *line = text_sanitize (raw);
  free (raw);
  if (collector)
    keep (collector, line);
  else
    {
      print_line (line);
      free (line);
    }
}

void
hb_warnings_collect (hb_warnings *w)
{
  w->outer = collector;
  collector = w;
}

void
hb_warnings_stop (hb_warnings *w)
{
  if (collector == w)
    collector = w->outer;
  w->outer = NULL;
}

void
hb_warnings_forward (hb_warnings *w)
{
  for (size_t i = 0; i < w->n; i++)
    {
      if (collector)
        keep (collector, w->lines[i]);
      else
        {
          print_line (w->lines[i]);
          free (w->lines[i]);
        }
    }
  free (w->lines);
  w->lines = NULL;
  w->n = w->cap = 0;
}

void
hb_warnings_print (const hb_warnings *w)
{
  for (size_t i = 0; i < w->n; i++)
    print_line (w->lines[i]);
}

void
hb_warnings_clear (hb_warnings *w)
{
  for (size_t i = 0; i < w->n; i++)
    free (w->lines[i]);
  free (w->lines);
  w->lines = NULL;
  w->n = w->cap = 0;
}
