/* publish.c - a small TCP relay: the supervisor listens on a host port and,
 * for each connection, opens a socket inside the trial's network namespace
 * (setns, socket, setns back: a socket keeps the namespace it was made in;
 * without root, the namespace helper makes it: nshelper.h) and copies
 * bytes both ways from the trial's epoll loop. */
#define _GNU_SOURCE
#include "config.h"

#include "sandbox/publish.h"
#include "sandbox/nshelper.h"
#include "core/xalloc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUFSZ 65536

typedef struct half {
  int fd;
  char buf[BUFSZ];    /* read from this side, not yet written to the other */
  size_t len, off;
  bool eof;
} half;

typedef struct conn {
  bool used;
  half side[2];       /* 0: host client, 1: container */
} conn;

typedef struct listener {
  int fd;
  unsigned cont;
} listener;

struct hb_publish {
  listener *l;
  size_t n;
  conn *c;
  size_t nc;
  int epfd, tag, netns, hostns;
  hb_nshelper *helper;    /* not owned */
};

int
hb_publish_parse (const char *spec, char *ip, size_t iplen, unsigned *host, unsigned *cont)
{
  char buf[128];
  if (strlen (spec) >= sizeof buf)
    return -1;
  strcpy (buf, spec);
  char *proto = strchr (buf, '/');
  if (proto)
    {
      if (strcmp (proto, "/tcp") != 0)
        return -1;
      *proto = '\0';
    }
  char *last = strrchr (buf, ':');
  if (last == NULL)
    return -1;
  *last = '\0';
  char *hostpart = strrchr (buf, ':');
  snprintf (ip, iplen, "127.0.0.1");
  if (hostpart)
    {
      *hostpart = '\0';
      snprintf (ip, iplen, "%s", buf);
      hostpart++;
    }
  else
    hostpart = buf;
  char *end;
  unsigned long h = strtoul (hostpart, &end, 10);
  if (*hostpart == '\0' || *end || h == 0 || h > 65535)
    return -1;
  unsigned long c = strtoul (last + 1, &end, 10);
  if (last[1] == '\0' || *end || c == 0 || c > 65535)
    return -1;
  struct in_addr a;
  if (inet_pton (AF_INET, ip, &a) != 1)
    return -1;
  *host = (unsigned) h;
  *cont = (unsigned) c;
  return 0;
}

hb_publish *
hb_publish_new (const strv *specs, hb_error **err)
{
  hb_publish *p = xcalloc (1, sizeof *p);
  p->netns = p->hostns = p->epfd = -1;
  p->l = xcalloc (specs->n, sizeof *p->l);
  for (size_t i = 0; i < specs->n; i++)
    {
      char ip[64];
      unsigned host, cont;
      if (hb_publish_parse (specs->v[i], ip, sizeof ip, &host, &cont) < 0)
        {
          hb_fail (err, HB_EXIT_USAGE, "--publish %s: expected [IP:]HOST:CONT", specs->v[i]);
          hb_publish_free (p);
          return NULL;
        }
      int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
      int one = 1;
      struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) host) };
      inet_pton (AF_INET, ip, &sa.sin_addr);
      if (fd < 0 || setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0
          || bind (fd, (struct sockaddr *) &sa, sizeof sa) < 0 || listen (fd, 64) < 0)
        {
          hb_fail_errno (err, errno, HB_EXIT_SANDBOX, "--publish %s: listen on %s:%u",
                         specs->v[i], ip, host);
          if (fd >= 0)
            close (fd);
          hb_publish_free (p);
          return NULL;
        }
      p->l[p->n].fd = fd;
      p->l[p->n].cont = cont;
      p->n++;
    }
  return p;
}

/* ids: listeners 0..n-1; connection k side s: n + 2k + s */
static void
watch (hb_publish *p, int fd, uint64_t id, uint32_t events, int op)
{
  struct epoll_event e = { .events = events, .data.u64 = (id << 8) | (uint64_t) p->tag };
  epoll_ctl (p->epfd, op, fd, &e);
}

int
hb_publish_attach (hb_publish *p, pid_t pid, int epfd, int tag, hb_error **err)
{
  if (p->helper)
    {
      /* No setns: the helper makes the sockets. */
      p->epfd = epfd;
      p->tag = tag;
      for (size_t i = 0; i < p->n; i++)
        watch (p, p->l[i].fd, i, EPOLLIN, EPOLL_CTL_ADD);
      return 0;
    }
  char path[64];
  snprintf (path, sizeof path, "/proc/%d/ns/net", (int) pid);
  p->netns = open (path, O_RDONLY | O_CLOEXEC);
  p->hostns = open ("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  if (p->netns < 0 || p->hostns < 0)
    return hb_fail_errno (err, errno, HB_EXIT_SANDBOX, "--publish: network namespace");
  p->epfd = epfd;
  p->tag = tag;
  for (size_t i = 0; i < p->n; i++)
    watch (p, p->l[i].fd, i, EPOLLIN, EPOLL_CTL_ADD);
  return 0;
}

static void
conn_close (hb_publish *p, size_t k)
{
  for (int s = 0; s < 2; s++)
    if (p->c[k].side[s].fd >= 0)
      {
        epoll_ctl (p->epfd, EPOLL_CTL_DEL, p->c[k].side[s].fd, NULL);
        close (p->c[k].side[s].fd);
        p->c[k].side[s].fd = -1;
      }
  p->c[k].used = false;
}

static void
accept_one (hb_publish *p, size_t li)
{
  int client = accept4 (p->l[li].fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
  if (client < 0)
    return;
  /* A socket made while in the trial's namespace stays there. */
  int inner = -1;
  if (p->helper)
    inner = hb_nshelper_socket (p->helper, AF_INET, SOCK_STREAM, 0);
  else if (setns (p->netns, CLONE_NEWNET) == 0)
    {
      inner = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      if (setns (p->hostns, CLONE_NEWNET) < 0)
        abort ();   /* never keep running in the trial's namespace */
    }
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) p->l[li].cont) };
  sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (inner < 0 || connect (inner, (struct sockaddr *) &sa, sizeof sa) < 0)
    {
      if (inner >= 0)
        close (inner);
      close (client);
      return;
    }
  fcntl (inner, F_SETFL, O_NONBLOCK);
  size_t k = 0;
  while (k < p->nc && p->c[k].used)
    k++;
  if (k == p->nc)
    {
      p->c = xreallocarray (p->c, p->nc + 1, sizeof *p->c);
      p->nc++;
    }
  memset (&p->c[k], 0, sizeof p->c[k]);
  p->c[k].used = true;
  p->c[k].side[0].fd = client;
  p->c[k].side[1].fd = inner;
  watch (p, client, p->n + 2 * k, EPOLLIN, EPOLL_CTL_ADD);
  watch (p, inner, p->n + 2 * k + 1, EPOLLIN, EPOLL_CTL_ADD);
}

/* Move bytes from side s to the other; returns -1 when the pair is done. */
static int
pump (hb_publish *p, size_t k, int s)
{
  half *from = &p->c[k].side[s], *to = &p->c[k].side[!s];
  for (;;)
    {
      if (from->off < from->len)
        {
          ssize_t w = write (to->fd, from->buf + from->off, from->len - from->off);
          if (w < 0 && errno == EAGAIN)
            {
              /* The other side is full: stop reading, wait until it drains. */
              watch (p, from->fd, p->n + 2 * k + (size_t) s, 0, EPOLL_CTL_MOD);
              watch (p, to->fd, p->n + 2 * k + (size_t) !s, EPOLLIN | EPOLLOUT, EPOLL_CTL_MOD);
              return 0;
            }
          if (w < 0)
            return -1;
          from->off += (size_t) w;
          continue;
        }
      from->off = from->len = 0;
      if (from->eof)
        return 0;
      ssize_t n = read (from->fd, from->buf, sizeof from->buf);
      if (n < 0 && errno == EAGAIN)
        {
          watch (p, from->fd, p->n + 2 * k + (size_t) s, EPOLLIN, EPOLL_CTL_MOD);
          return 0;
        }
      if (n <= 0)
        {
          from->eof = true;
          shutdown (to->fd, SHUT_WR);
          watch (p, from->fd, p->n + 2 * k + (size_t) s, 0, EPOLL_CTL_MOD);
          return to->eof ? -1 : 0;
        }
      from->len = (size_t) n;
    }
}

void
hb_publish_handle (hb_publish *p, uint64_t id, uint32_t events)
{
  if (id < p->n)
    {
      accept_one (p, id);
      return;
    }
  size_t k = (id - p->n) / 2;
  int s = (int) ((id - p->n) % 2);
  if (k >= p->nc || !p->c[k].used)
    return;
  int rc = 0;
  if (events & EPOLLOUT)
    {
      /* this side drained: finish what the other side had read */
      watch (p, p->c[k].side[s].fd, id, p->c[k].side[s].eof ? 0 : EPOLLIN, EPOLL_CTL_MOD);
      rc = pump (p, k, !s);
    }
  if (rc == 0 && (events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
    rc = pump (p, k, s);
  if (rc < 0)
    conn_close (p, k);
}

void
hb_publish_free (hb_publish *p)
{
  if (p == NULL)
    return;
  for (size_t k = 0; k < p->nc; k++)
    if (p->c[k].used)
      conn_close (p, k);
  free (p->c);
  for (size_t i = 0; i < p->n; i++)
    close (p->l[i].fd);
  free (p->l);
  if (p->netns >= 0)
    close (p->netns);
  if (p->hostns >= 0)
    close (p->hostns);
  free (p);
}

void
hb_publish_use_helper (hb_publish *p, hb_nshelper *h)
{
  p->helper = h;
}
