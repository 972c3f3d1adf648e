/* event.c - trial events as JSON (INTERFACE.md "Trial events") and as
 * text: the one renderer of both text layouts (a readable line, a row of
 * an event list). */
#include "config.h"

#include "monitor/event.h"
#include "policy/profile_line.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

const char *
hb_event_kind_name (hb_event_kind k)
{
  switch (k)
    {
    case HB_EV_START: return "start";
    case HB_EV_EXEC: return "exec";
    case HB_EV_WRITE_DENIED: return "write-denied";
    case HB_EV_SYSCALL_DENIED: return "syscall-denied";
    case HB_EV_PERM_DENIED: return "perm-denied";
    case HB_EV_OUTPUT: return "output";
    case HB_EV_EXIT: return "exit";
    case HB_EV_DROPPED: return "dropped";
    case HB_EV_SUMMARY: return "summary";
    case HB_EV_NOTE: return "note";
    }
  return "?";
}

static void
set_str (json_t *o, const char *key, const char *v)
{
  if (v)
    json_object_set_new (o, key, json_string (v));
}

json_t *
hb_event_to_json (const hb_event *ev)
{
  json_t *o = json_object ();
  char buf[16];
  json_object_set_new (o, "ts", json_real (ev->ts));
  json_object_set_new (o, "kind", json_string (hb_event_kind_name (ev->kind)));
  switch (ev->kind)
    {
    case HB_EV_START:
    case HB_EV_SUMMARY:
      if (ev->data)
        json_object_update (o, ev->data);
      break;
    case HB_EV_EXEC:
      json_object_set_new (o, "pid", json_integer (ev->pid));
      set_str (o, "comm", ev->comm);
      json_object_set_new (o, "argv", strv_to_json (&ev->argv));
      break;
    case HB_EV_WRITE_DENIED:
    case HB_EV_SYSCALL_DENIED:
    case HB_EV_PERM_DENIED:
      json_object_set_new (o, "pid", json_integer (ev->pid));
      set_str (o, "comm", ev->comm);
      set_str (o, "syscall", ev->syscall);
      /* A perm event's path is the file or the address it was refused for,
       * when the monitor could tell. */
      if (ev->kind == HB_EV_WRITE_DENIED || (ev->kind == HB_EV_PERM_DENIED && ev->path))
        set_str (o, "path", ev->path);
      json_object_set_new (o, "errno", json_string (text_errno_name (ev->errnum, buf)));
      if (ev->kind == HB_EV_SYSCALL_DENIED)
        set_str (o, "rule", ev->rule);
      if (ev->kind == HB_EV_PERM_DENIED)
        set_str (o, "capability", ev->capability);
      break;
    case HB_EV_OUTPUT:
      set_str (o, "stream", ev->stream);
      json_object_set_new (o, "line", json_string (ev->line ? ev->line : ""));
      break;
    case HB_EV_EXIT:
      json_object_set_new (o, "pid", json_integer (ev->pid));
      if (ev->signal)
        json_object_set_new (o, "signal", json_integer (ev->signal));
      else
        json_object_set_new (o, "status", json_integer (ev->status));
      break;
    case HB_EV_DROPPED:
      json_object_set_new (o, "count", json_integer ((json_int_t) ev->count));
      break;
    case HB_EV_NOTE:
      json_object_set_new (o, "line", json_string (ev->line ? ev->line : ""));
      break;
    }
  return o;
}

/* Both layouts of every kind side by side, so a field the events gain
 * reaches both.  Text from the trial (comm, paths, lines, rules) is
 * sanitised: it goes to a terminal. */
char *
hb_event_text (const hb_event *ev, hb_event_layout layout)
{
  bool row = layout == HB_EVENT_TEXT_ROW;
  char buf[16];
  const char *en = text_errno_name (ev->errnum, buf);
  cleanup_free char *comm = text_sanitize (ev->comm ? ev->comm : "?");
  switch (ev->kind)
    {
    case HB_EV_START:
      {
        if (row)
          return xstrdup ("trial started");
        json_t *t = ev->data ? json_object_get (ev->data, "target") : NULL;
        cleanup_free char *name = text_sanitize (json_is_string (t) ? json_string_value (t) : "?");
        json_t *d = ev->data ? json_object_get (ev->data, "seccomp_default") : NULL;
        int line = hb_profile_line_from_file (json_is_string (d) ? json_string_value (d) : NULL);
        if (line < 0)
          return xasprintf ("[%.3f] trial of %s started", ev->ts, name);
        /* and why, when it is not the engine's own line */
        json_t *n = json_object_get (ev->data, "seccomp_default_note");
        cleanup_free char *why = json_is_string (n) ? text_sanitize (json_string_value (n)) : NULL;
        return xasprintf ("[%.3f] trial of %s started (default seccomp: %s's%s%s)", ev->ts, name,
                          hb_profile_line_label ((hb_profile_line) line), why ? ": " : "",
                          why ? why : "");
      }
    case HB_EV_EXEC:
      {
        /* A row without argv names the command by its comm. */
        cleanup_free char *joined
            = ev->argv.n ? strv_join (&ev->argv, " ") : xstrdup (row ? comm : "");
        cleanup_free char *argv = text_sanitize (joined);
        if (row)
          return xasprintf ("exec    %s", argv);
        return xasprintf ("[%.3f] exec pid %d: %s", ev->ts, ev->pid, argv);
      }
    case HB_EV_WRITE_DENIED:
      {
        cleanup_free char *path = text_sanitize (ev->path ? ev->path : "?");
        if (row)
          {
            cleanup_free char *sc = text_sanitize (ev->syscall ? ev->syscall : "?");
            return xasprintf ("write   %s  (%s %s, %s)", path, comm, sc, en);
          }
        return xasprintf ("[%.3f] write denied: %s (pid %d) %s %s: %s", ev->ts, comm, ev->pid,
                          ev->syscall ? ev->syscall : "?", path, en);
      }
    case HB_EV_SYSCALL_DENIED:
      {
        if (row)
          {
            cleanup_free char *sc = text_sanitize (ev->syscall ? ev->syscall : "?");
            cleanup_free char *rule = ev->rule ? text_sanitize (ev->rule) : NULL;
            return xasprintf ("syscall %s  (%s, %s%s%s)", sc, comm, en, rule ? ", rule " : "",
                              rule ? rule : "");
          }
        cleanup_free char *rule = text_sanitize (ev->rule ? ev->rule : "?");
        return xasprintf ("[%.3f] syscall denied: %s (pid %d) %s: %s (rule %s)", ev->ts, comm,
                          ev->pid, ev->syscall ? ev->syscall : "?", en, rule);
      }
    case HB_EV_PERM_DENIED:
      {
        /* What it was denied on, when the event carries it: the file
         * (CAP_DAC_OVERRIDE, CAP_CHOWN...) or the address (bind); a row
         * leaves an empty one out. */
        if (row)
          {
            cleanup_free char *sc = text_sanitize (ev->syscall ? ev->syscall : "?");
            cleanup_free char *what = ev->path && *ev->path ? text_sanitize (ev->path) : NULL;
            cleanup_free char *cap = ev->capability ? text_sanitize (ev->capability) : NULL;
            return xasprintf ("perm    %s%s%s  (%s, %s%s%s)", sc, what ? " " : "",
                              what ? what : "", comm, en, cap ? ", needs " : "", cap ? cap : "");
          }
        cleanup_free char *what = ev->path ? text_sanitize (ev->path) : NULL;
        return xasprintf ("[%.3f] permission denied: %s (pid %d) %s%s%s: %s%s%s", ev->ts, comm,
                          ev->pid, ev->syscall ? ev->syscall : "?", what ? " " : "",
                          what ? what : "", en, ev->capability ? ", needs " : "",
                          ev->capability ? ev->capability : "");
      }
    case HB_EV_OUTPUT:
      {
        cleanup_free char *line = text_sanitize (ev->line ? ev->line : "");
        if (row)
          {
            bool err = ev->stream && strcmp (ev->stream, "stderr") == 0;
            return xasprintf ("%s %s", err ? "stderr " : "stdout ", line);
          }
        return xasprintf ("[%.3f] %s: %s", ev->ts, ev->stream ? ev->stream : "out", line);
      }
    case HB_EV_EXIT:
      if (row)
        {
          /* The main process by its pid; the others without it, so that
           * a loop's thousand short-lived processes coalesce into one row. */
          const char *who = ev->pid == 1 ? "main process" : ev->comm ? comm : "process";
          if (ev->signal > 0)
            return xasprintf ("exit    %s killed by signal %d", who, ev->signal);
          return xasprintf ("exit    %s status %d", who, ev->status);
        }
      if (ev->signal)
        return xasprintf ("[%.3f] pid %d killed by signal %d (%s)", ev->ts, ev->pid, ev->signal,
                          sigabbrev_np (ev->signal) ? sigabbrev_np (ev->signal) : "?");
      return xasprintf ("[%.3f] pid %d exited with status %d", ev->ts, ev->pid, ev->status);
    case HB_EV_DROPPED:
      if (row)
        return xasprintf ("dropped %llu %s lost under load", (unsigned long long) ev->count,
                          ev->count == 1 ? "event" : "events");
      return xasprintf ("[%.3f] %llu events dropped", ev->ts, (unsigned long long) ev->count);
    case HB_EV_SUMMARY:
      {
        if (row)
          return xstrdup ("trial ended");
        json_t *st = ev->data ? json_object_get (ev->data, "exit_status") : NULL;
        return xasprintf ("[%.3f] trial ended: exit status %lld", ev->ts,
                          json_is_integer (st) ? (long long) json_integer_value (st) : -1LL);
      }
    case HB_EV_NOTE:
      {
        cleanup_free char *line = text_sanitize (ev->line ? ev->line : "");
        if (row)
          return xasprintf ("note    %s", line);
        return xasprintf ("[%.3f] note: %s", ev->ts, line);
      }
    }
  return xstrdup ("?");
}

void
hb_event_clear (hb_event *ev)
{
  free (ev->comm);
  free (ev->syscall);
  free (ev->path);
  free (ev->rule);
  free (ev->capability);
  free (ev->stream);
  free (ev->line);
  strv_clear (&ev->argv);
  json_decref (ev->data);
  memset (ev, 0, sizeof *ev);
}
