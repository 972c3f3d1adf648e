/* event.h - trial events (INTERFACE.md "Trial events").
 *
 * The sandbox and the monitor produce them; `trial --json` prints them one
 * per line, the readable mode prints them on stderr, the TUI shows them. */
#ifndef HB_MONITOR_EVENT_H
#define HB_MONITOR_EVENT_H

#include "core/strv.h"

#include <jansson.h>
#include <stdint.h>

typedef enum hb_event_kind {
  HB_EV_START,
  HB_EV_EXEC,
  HB_EV_WRITE_DENIED,
  HB_EV_SYSCALL_DENIED,
  HB_EV_PERM_DENIED,
  HB_EV_OUTPUT,
  HB_EV_EXIT,
  HB_EV_DROPPED,
  HB_EV_SUMMARY,
  HB_EV_NOTE,          /* an extension: a line about the trial itself ("memory limit not applied: ...") */
} hb_event_kind;

typedef struct hb_event {
  hb_event_kind kind;
  double ts;           /* seconds since the trial started */
  int pid;             /* inside the container's pid namespace */
  char *comm;
  char *syscall;
  char *path;          /* absolute, inside the container */
  int errnum;          /* the errno the process really got */
  char *rule;          /* seccomp rule that denied it */
  char *capability;    /* "CAP_CHOWN" */
  char *stream;        /* "stdout" / "stderr" */
  char *line;          /* output line, or note text */
  strv argv;
  int status;          /* exit status, -1 when killed */
  int signal;          /* killing signal, 0 when exited */
  uint64_t count;      /* dropped */
  json_t *data;        /* start: {target, policy, namespaces}; summary: the summary object */
} hb_event;

/* Where the sandbox and the monitor deliver events (the event and its
 * strings are the caller's: copy what must outlive the call). */
typedef void (*hb_event_cb) (const hb_event *ev, void *userdata);

const char *hb_event_kind_name (hb_event_kind k);
/* The JSON object of INTERFACE.md (new reference). */
json_t *hb_event_to_json (const hb_event *ev);
/* The text of an event (newly allocated, no trailing newline, sanitised):
 *  HB_EVENT_TEXT_LINE: the readable line `trial` prints ("[0.012] write
 *    denied: sh (pid 3) openat /etc/x: EROFS");
 *  HB_EVENT_TEXT_ROW: a row of an event list (the workbench's log): a kind
 *    column, no time, and of an exit no pid but the main process's, so
 *    identical rows can be counted together ("write   /etc/x  (sh openat,
 *    EROFS)"). */
typedef enum hb_event_layout { HB_EVENT_TEXT_LINE, HB_EVENT_TEXT_ROW } hb_event_layout;
char *hb_event_text (const hb_event *ev, hb_event_layout layout);
void hb_event_clear (hb_event *ev);

#endif
