/* outbox.c - the monitor's events on their way out: stamped and queued
 * while a stop is handled (mon_emit), handed to the callback or the sink
 * once the task is resumed (mon_flush).  Every other file of the monitor
 * stands on this one; it calls none of them. */
#include "config.h"

#include "monitor/monitor_internal.h"

static double
elapsed (const hb_monitor *m)
{
  struct timespec now;
  clock_gettime (CLOCK_MONOTONIC, &now);
  return (double) (now.tv_sec - m->t0.tv_sec) + (double) (now.tv_nsec - m->t0.tv_nsec) / 1e9;
}

/* Take the event (its contents are the outbox's now). */
void
mon_emit (hb_monitor *m, hb_event *ev)
{
  ev->ts = elapsed (m);
  m->stats.events++;
  if (m->n_outbox == m->cap_outbox)
    {
      m->cap_outbox = m->cap_outbox ? 2 * m->cap_outbox : 16;
      m->outbox = xreallocarray (m->outbox, m->cap_outbox, sizeof *m->outbox);
    }
  m->outbox[m->n_outbox++] = *ev;
  memset (ev, 0, sizeof *ev);
}

/* Hand the emitted events on, in order: at the end of every public call,
 * after the task that caused them was resumed. */
void
mon_flush (hb_monitor *m)
{
  for (size_t i = 0; i < m->n_outbox; i++)
    {
      hb_event *ev = &m->outbox[i];
      if (m->sink)
        {
          m->sink (ev, m->sink_data);
          continue;
        }
      if (m->cb)
        m->cb (ev, m->userdata);
      hb_event_clear (ev);
    }
  m->n_outbox = 0;
}
