/* thread.c - the monitor's own thread: attach, then a blocking waitpid loop
 * over the traced tasks; events cross to the owner's thread through a
 * queue and an eventfd (see thread.h for why).  With the exit hook, a
 * second thread waits on its ring buffer: a failure reported whole stops
 * no task, so no waitpid would return for it. */
#include "config.h"

#include "monitor/thread.h"

#include "core/xalloc.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <unistd.h>

/* Events queued before the monitor waits for the owner to catch up: far
 * more than a burst needs between two passes of the owner's loop, and a
 * bound on memory when the owner is slow (a terminal scrolling). */
#define QUEUE_MAX 65536

typedef struct node {
  hb_event ev;
  struct node *next;
} node;

struct hb_monitor_thread {
  hb_monitor *m;
  hb_monitor_launch launch;
  pid_t init;
  pthread_t thread;
  bool running;           /* created and not joined */
  int efd;
  pthread_mutex_t lock;
  pthread_cond_t cond;    /* attach finished; queue space; closing */
  int attach;             /* 0 pending, 1 attached, -1 failed */
  hb_error *attach_err;
  node *head, **tail;
  size_t len;
  bool closing;           /* join: never wait for queue space */
  bool ended;             /* the init's end is known */
  int wstatus;
  pthread_t reader;       /* the ring's reader (exit hook only) */
  bool reading;           /* created and not joined */
  int reader_efd;         /* eventfd: the reader returns */
};

static void
wake_owner (hb_monitor_thread *th)
{
  uint64_t one = 1;
  /* Only fails when the counter would overflow: it is readable then. */
  if (write (th->efd, &one, sizeof one) < 0)
    return;
}

/* The monitor's sink: runs on the monitor's thread, takes the event. */
static void
push (hb_event *ev, void *userdata)
{
  hb_monitor_thread *th = userdata;
  node *n = xmalloc (sizeof *n);
  n->ev = *ev;
  n->next = NULL;
  memset (ev, 0, sizeof *ev);
  pthread_mutex_lock (&th->lock);
  while (th->len >= QUEUE_MAX && !th->closing)
    pthread_cond_wait (&th->cond, &th->lock);
  bool was_empty = th->head == NULL;
  *th->tail = n;
  th->tail = &n->next;
  th->len++;
  pthread_mutex_unlock (&th->lock);
  /* One wake-up per batch: the owner takes the whole queue at once. */
  if (was_empty)
    wake_owner (th);
}

/* The ring's reader: reports what the exit hook wrote without stopping
 * anyone (the ring's fd is readable then) until told to stop.  The
 * monitor's lock orders it with the tracer's own reports. */
static void *
read_ring (void *p)
{
  hb_monitor_thread *th = p;
  struct pollfd fds[2] = {
    { .fd = hb_monitor_hook_fd (th->m), .events = POLLIN },
    { .fd = th->reader_efd, .events = POLLIN },
  };
  for (;;)
    {
      if (poll (fds, 2, -1) < 0)
        {
          if (errno == EINTR)
            continue;
          break;
        }
      if (fds[1].revents != 0 || (fds[0].revents & (POLLERR | POLLNVAL)))
        break;
      if (fds[0].revents & POLLIN)
        hb_monitor_take_hook (th->m);
    }
  return NULL;
}

static void
reader_start (hb_monitor_thread *th)
{
  if (hb_monitor_hook_fd (th->m) < 0)
    return;
  th->reader_efd = eventfd (0, EFD_CLOEXEC);
  if (th->reader_efd < 0)
    return;   /* the tracer's stops still drain the ring, and the end */
  sigset_t all, old;
  sigfillset (&all);
  pthread_sigmask (SIG_SETMASK, &all, &old);
  th->reading = pthread_create (&th->reader, NULL, read_ring, th) == 0;
  pthread_sigmask (SIG_SETMASK, &old, NULL);
}

static void
reader_stop (hb_monitor_thread *th)
{
  if (th->reading)
    {
      uint64_t one = 1;
      while (write (th->reader_efd, &one, sizeof one) < 0 && errno == EINTR)
        ;
      pthread_join (th->reader, NULL);
      th->reading = false;
    }
  if (th->reader_efd >= 0)
    close (th->reader_efd);
  th->reader_efd = -1;
}

static void *
run (void *p)
{
  hb_monitor_thread *th = p;
  hb_error *err = NULL;
  const hb_monitor_launch *l = &th->launch;
  pid_t init = l->await_init (l->data, &err);
  int r = -1;
  if (init > 0)
    {
      th->init = init;
      r = hb_monitor_attach (th->m, init, &err);
      if (r == 0)
        r = l->release_init (l->data, &err);
      if (r < 0)
        l->abort_init (l->data);
    }
  pthread_mutex_lock (&th->lock);
  th->attach = r == 0 ? 1 : -1;
  th->attach_err = err;
  pthread_cond_broadcast (&th->cond);
  pthread_mutex_unlock (&th->lock);
  if (r < 0)
    {
      reader_stop (th);
      return NULL;
    }

  int st = 0;
  bool have = false;
  for (;;)
    {
      /* __WNOTHREAD: only this thread's tracees, never a child another
       * part of the program waits for. */
      pid_t pid = waitpid (-1, &st, __WALL | __WNOTHREAD);
      if (pid < 0)
        {
          if (errno == EINTR)
            continue;
          break;   /* ECHILD: nothing traced is left */
        }
      if (hb_monitor_handle_wait (th->m, pid, st) == 1)
        continue;
      if (pid == th->init && (WIFEXITED (st) || WIFSIGNALED (st)))
        {
          have = true;
          break;
        }
    }
  if (!have)
    {
      /* The monitor detached the init (a fatal fault, see monitor.c): its
       * end goes to its parent, this thread's process. */
      pid_t pid;
      while ((pid = waitpid (th->init, &st, __WALL)) < 0 && errno == EINTR)
        ;
      if (pid < 0)
        st = SIGKILL;   /* reaped elsewhere: report it as killed */
    }
  reader_stop (th);
  hb_monitor_finish (th->m);
  pthread_mutex_lock (&th->lock);
  th->ended = true;
  th->wstatus = st;
  pthread_mutex_unlock (&th->lock);
  wake_owner (th);
  return NULL;
}

hb_monitor_thread *
hb_monitor_thread_start (hb_monitor *m, const hb_monitor_launch *launch, hb_error **err)
{
  hb_monitor_thread *th = xcalloc (1, sizeof *th);
  th->m = m;
  th->launch = *launch;
  th->init = -1;
  th->reader_efd = -1;
  th->tail = &th->head;
  pthread_mutex_init (&th->lock, NULL);
  pthread_cond_init (&th->cond, NULL);
  th->efd = eventfd (0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (th->efd < 0)
    {
      hb_fail_errno (err, errno, HB_EXIT_SANDBOX, "monitor: eventfd");
      hb_monitor_thread_free (th);
      return NULL;
    }
  hb_monitor_set_sink (m, push, th);
  /* Signals are for the owner's thread (Ctrl-C, SIGWINCH): the monitor's
   * thread blocks all of them but SIGCHLD.  Every ptrace stop sends SIGCHLD
   * to the tracer; left at SIG_DFL and unblocked in the tracer it is
   * discarded as it is sent, while a blocked one would be queued and wake
   * another thread of the process (the owner's poll) at every stop. */
  sigset_t all, old;
  sigfillset (&all);
  sigdelset (&all, SIGCHLD);
  pthread_sigmask (SIG_SETMASK, &all, &old);
  /* The reader first, from here: the monitor's thread stops it before the
   * hook goes (and its creation stays off the init's way to its exec). */
  reader_start (th);
  int r = pthread_create (&th->thread, NULL, run, th);
  pthread_sigmask (SIG_SETMASK, &old, NULL);
  if (r != 0)
    {
      reader_stop (th);
      hb_fail_errno (err, r, HB_EXIT_SANDBOX, "monitor: thread");
      hb_monitor_thread_free (th);
      return NULL;
    }
  th->running = true;
  return th;
}

int
hb_monitor_thread_attached (hb_monitor_thread *th, hb_error **err)
{
  pthread_mutex_lock (&th->lock);
  while (th->attach == 0)
    pthread_cond_wait (&th->cond, &th->lock);
  pthread_mutex_unlock (&th->lock);
  if (th->attach > 0)
    return 0;
  if (th->running)
    {
      pthread_join (th->thread, NULL);
      th->running = false;
    }
  if (err && *err == NULL)
    {
      *err = th->attach_err;
      th->attach_err = NULL;
    }
  return -1;
}

int
hb_monitor_thread_fd (const hb_monitor_thread *th)
{
  return th->efd;
}

static node *
take_all (hb_monitor_thread *th, bool *ended)
{
  pthread_mutex_lock (&th->lock);
  node *list = th->head;
  th->head = NULL;
  th->tail = &th->head;
  th->len = 0;
  /* Read together with the queue: every event of the thread is queued
   * before it marks the end. */
  *ended = th->ended;
  pthread_cond_broadcast (&th->cond);
  pthread_mutex_unlock (&th->lock);
  return list;
}

static void
free_list (node *n, hb_event_cb cb, void *userdata)
{
  while (n)
    {
      node *next = n->next;
      if (cb)
        cb (&n->ev, userdata);
      hb_event_clear (&n->ev);
      free (n);
      n = next;
    }
}

bool
hb_monitor_thread_drain (hb_monitor_thread *th, hb_event_cb cb, void *userdata, int *wstatus)
{
  if (!th->running)
    {
      *wstatus = th->wstatus;
      return true;
    }
  uint64_t x;
  if (read (th->efd, &x, sizeof x) < 0 && errno != EAGAIN)
    return false;
  bool ended;
  free_list (take_all (th, &ended), cb, userdata);
  if (!ended)
    return false;
  pthread_join (th->thread, NULL);
  th->running = false;
  *wstatus = th->wstatus;
  return true;
}

void
hb_monitor_thread_join (hb_monitor_thread *th, int *wstatus)
{
  if (th->running)
    {
      pthread_mutex_lock (&th->lock);
      th->closing = true;
      pthread_cond_broadcast (&th->cond);
      pthread_mutex_unlock (&th->lock);
      pthread_join (th->thread, NULL);
      th->running = false;
    }
  bool ended;
  free_list (take_all (th, &ended), NULL, NULL);
  if (wstatus)
    *wstatus = th->wstatus;
}

void
hb_monitor_thread_free (hb_monitor_thread *th)
{
  if (th == NULL)
    return;
  hb_monitor_thread_join (th, NULL);
  if (th->efd >= 0)
    close (th->efd);
  hb_error_free (th->attach_err);
  pthread_mutex_destroy (&th->lock);
  pthread_cond_destroy (&th->cond);
  free (th);
}
