/* reload.c - the engine's targets listed on a thread (see reload.h). */
#include "config.h"

#include "tui/reload.h"
#include "core/cleanup.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

struct tui_reload {
  pthread_t thread;
  pthread_mutex_t lock;          /* guards done and abandoned */
  bool done, abandoned;
  int fds[2];                    /* the thread writes one byte to fds[1] when done */
  char *url;                     /* owned copy behind opts.url */
  hb_engine_opts opts;
  /* written by the thread, read after the join */
  hb_container_summary *containers, *images;
  size_t nc, ni;
  hb_error *err;
};

static void
reload_free (tui_reload *r)
{
  hb_error_free (r->err);
  hb_container_summaries_free (r->containers, r->nc);
  hb_container_summaries_free (r->images, r->ni);
  close (r->fds[0]);
  close (r->fds[1]);
  pthread_mutex_destroy (&r->lock);
  free (r->url);
  free (r);
}

static void *
run (void *arg)
{
  tui_reload *r = arg;
  tui_engine_list_all (&r->opts, &r->containers, &r->nc, &r->images, &r->ni, &r->err);
  pthread_mutex_lock (&r->lock);
  r->done = true;
  bool abandoned = r->abandoned;
  pthread_mutex_unlock (&r->lock);
  if (abandoned)
    {
      /* the workbench left without waiting: nobody else frees it */
      reload_free (r);
      return NULL;
    }
  char b = 1;
  while (write (r->fds[1], &b, 1) < 0 && errno == EINTR)
    ;
  return NULL;
}

tui_reload *
tui_reload_start (const hb_engine_opts *opts)
{
  tui_reload *r = xcalloc (1, sizeof *r);
  if (pipe2 (r->fds, O_CLOEXEC | O_NONBLOCK) < 0)
    {
      free (r);
      return NULL;
    }
  r->url = opts && opts->url ? xstrdup (opts->url) : NULL;
  r->opts.url = r->url;
  pthread_mutex_init (&r->lock, NULL);
  if (pthread_create (&r->thread, NULL, run, r) != 0)
    {
      reload_free (r);
      return NULL;
    }
  return r;
}

int
tui_reload_fd (const tui_reload *r)
{
  return r ? r->fds[0] : -1;
}

void
tui_reload_finish (tui_reload *r, tui_model *m)
{
  if (r == NULL)
    return;
  pthread_join (r->thread, NULL);
  if (r->err)
    tui_model_set_engine_targets (m, NULL, 0, NULL, 0,
                                  r->err->msg ? r->err->msg : "unreachable");
  else
    tui_model_set_engine_targets (m, r->containers, r->nc, r->images, r->ni, NULL);
  reload_free (r);
}

void
tui_reload_abandon (tui_reload *r)
{
  if (r == NULL)
    return;
  pthread_mutex_lock (&r->lock);
  bool done = r->done;
  if (!done)
    r->abandoned = true;
  pthread_mutex_unlock (&r->lock);
  if (done)
    {
      pthread_join (r->thread, NULL);
      reload_free (r);
    }
  else
    pthread_detach (r->thread);
}
