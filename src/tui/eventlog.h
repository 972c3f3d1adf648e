/* eventlog.h - the trial pane's model: events as display rows, duplicates
 * coalesced into one row with a count ("×1234"), counts per kind, and the
 * suggestions the trial produced.  No curses. */
#ifndef HB_TUI_EVENTLOG_H
#define HB_TUI_EVENTLOG_H

#include "monitor/event.h"
#include "tui/theme.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Distinct rows kept; further distinct events are counted in `hidden`. */
#define TUI_EVENTLOG_MAX 20000

typedef struct tui_event_row {
  hb_event_kind kind;
  char *text;        /* one line, sanitised */
  char *topic;       /* what the explanation pane explains: syscall or capability */
  char *syscall;     /* sanitised, may be NULL: the detail explains it too */
  char *capability;  /* sanitised, may be NULL */
  int errnum;        /* the errno a denial returned, 0 otherwise */
  uint64_t count;
  double ts;         /* first seen */
} tui_event_row;

typedef enum tui_suggestion_kind {
  TUI_SUGGEST_TMPFS,
  TUI_SUGGEST_ALLOW_SYSCALL,
  TUI_SUGGEST_CAP_ADD,
} tui_suggestion_kind;

typedef struct tui_suggestion {
  tui_suggestion_kind kind;
  char *value;       /* path, syscall or capability */
  bool applied;
} tui_suggestion;

typedef struct tui_eventlog {
  tui_event_row *rows;
  size_t n, cap;
  uint64_t total;    /* events received */
  uint64_t hidden;   /* events not shown because the list is full */
  uint64_t dropped;  /* `dropped` events: lost by the monitor */
  uint64_t denied_writes, denied_syscalls, perm_denied, output_lines;
  bool ended;
  int exit_status;   /* from the summary, -1 before */
  tui_suggestion *suggestions;
  size_t n_suggestions;
  /* what the suggestions are built from, as the events arrive */
  strv denied_paths, created_dirs, denied_names, missing_caps;
  /* open-addressing index: text -> row index + 1 */
  size_t *slots;
  size_t n_slots;
} tui_eventlog;

void tui_eventlog_init (tui_eventlog *log);
void tui_eventlog_clear (tui_eventlog *log);
/* Add one event; returns true when a row was added or a count changed. */
bool tui_eventlog_add (tui_eventlog *log, const hb_event *ev);
/* Rebuild the suggestions from what the trial was denied so far (the
 * monitor's hb_suggestions_build); applied marks are kept. */
void tui_eventlog_rebuild_suggestions (tui_eventlog *log);
/* Add a suggestion unless the same one is there; returns true if added. */
bool tui_eventlog_suggest (tui_eventlog *log, tui_suggestion_kind kind, const char *value);
/* The display text of a suggestion ("tmpfs /var/run"), newly allocated. */
char *tui_suggestion_label (const tui_suggestion *s);
/* The colour role of a row. */
tui_role tui_event_role (hb_event_kind kind);

#endif
