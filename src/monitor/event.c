/* event.c - trial events as JSON (INTERFACE.md "Trial events") and as
 * readable lines. */
#include "config.h"

#include "monitor/event.h"
#include "policy/profile_line.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <errno.h>
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

/* "EROFS" for 30; a number as text when unknown. */
static const char *
errno_name (int e, char *buf, size_t len)
{
  const char *n = strerrorname_np (e);
  if (n)
    return n;
  snprintf (buf, len, "%d", e);
  return buf;
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
      json_object_set_new (o, "errno", json_string (errno_name (ev->errnum, buf, sizeof buf)));
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

char *
hb_event_to_text (const hb_event *ev)
{
  char buf[16];
  cleanup_free char *comm = text_sanitize (ev->comm ? ev->comm : "?");
  switch (ev->kind)
    {
    case HB_EV_START:
      {
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
        cleanup_free char *joined = ev->argv.n ? strv_join (&ev->argv, " ") : xstrdup ("");
        cleanup_free char *argv = text_sanitize (joined);
        return xasprintf ("[%.3f] exec pid %d: %s", ev->ts, ev->pid, argv);
      }
    case HB_EV_WRITE_DENIED:
      {
        cleanup_free char *path = text_sanitize (ev->path ? ev->path : "?");
        return xasprintf ("[%.3f] write denied: %s (pid %d) %s %s: %s", ev->ts, comm, ev->pid,
                          ev->syscall ? ev->syscall : "?", path,
                          errno_name (ev->errnum, buf, sizeof buf));
      }
    case HB_EV_SYSCALL_DENIED:
      {
        cleanup_free char *rule = text_sanitize (ev->rule ? ev->rule : "?");
        return xasprintf ("[%.3f] syscall denied: %s (pid %d) %s: %s (rule %s)", ev->ts, comm,
                          ev->pid, ev->syscall ? ev->syscall : "?",
                          errno_name (ev->errnum, buf, sizeof buf), rule);
      }
    case HB_EV_PERM_DENIED:
      {
        cleanup_free char *what = ev->path ? text_sanitize (ev->path) : NULL;
        return xasprintf ("[%.3f] permission denied: %s (pid %d) %s%s%s: %s%s%s", ev->ts, comm,
                          ev->pid, ev->syscall ? ev->syscall : "?", what ? " " : "",
                          what ? what : "", errno_name (ev->errnum, buf, sizeof buf),
                          ev->capability ? ", needs " : "", ev->capability ? ev->capability : "");
      }
    case HB_EV_OUTPUT:
      {
        cleanup_free char *line = text_sanitize (ev->line ? ev->line : "");
        return xasprintf ("[%.3f] %s: %s", ev->ts, ev->stream ? ev->stream : "out", line);
      }
    case HB_EV_EXIT:
      if (ev->signal)
        return xasprintf ("[%.3f] pid %d killed by signal %d (%s)", ev->ts, ev->pid, ev->signal,
                          sigabbrev_np (ev->signal) ? sigabbrev_np (ev->signal) : "?");
      return xasprintf ("[%.3f] pid %d exited with status %d", ev->ts, ev->pid, ev->status);
    case HB_EV_DROPPED:
      return xasprintf ("[%.3f] %llu events dropped", ev->ts, (unsigned long long) ev->count);
    case HB_EV_SUMMARY:
      {
        json_t *st = ev->data ? json_object_get (ev->data, "exit_status") : NULL;
        return xasprintf ("[%.3f] trial ended: exit status %lld", ev->ts,
                          json_is_integer (st) ? (long long) json_integer_value (st) : -1LL);
      }
    case HB_EV_NOTE:
      {
        cleanup_free char *line = text_sanitize (ev->line ? ev->line : "");
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
