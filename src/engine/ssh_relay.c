/* ssh_relay.c - the relay process between libcurl and ssh (see
 * ssh_relay.h for why it exists). */
#include "config.h"

#include "engine/ssh_relay.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

struct hb_ssh_relay {
  char *user, *host, *port; /* user, port NULL when not given */
  char *dir;                /* private directory holding the socket */
  char *socket;
  int stderr_fd;            /* memfd: what the ssh children wrote on stderr */
  int alive_fd;             /* write end of a pipe: its closing ends the relay */
  pid_t pid;
};

/* A user or host name of ssh://: no option ("-..."), nothing ssh or its
 * config would read as syntax. */
static bool
word_ok (const char *s, size_t n)
{
  if (n == 0 || s[0] == '-')
    return false;
  for (size_t i = 0; i < n; i++)
    if (!(s[i] == '.' || s[i] == '-' || s[i] == '_' || (s[i] >= '0' && s[i] <= '9')
          || (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
      return false;
  return true;
}

/* ssh://[user@]host[:port], as the docker CLI accepts it (no path). */
static int
parse (hb_ssh_relay *r, const char *url, hb_error **err)
{
  cleanup_free char *clean = text_sanitize (url);
  const char *rest = url + strlen ("ssh://");
  if (strchr (rest, '/') != NULL || strchr (rest, '?') != NULL)
    return hb_fail (err, HB_EXIT_ENGINE, "engine address %s: an ssh address has no path "
                    "(ssh://[user@]host[:port])", clean);
  const char *at = strchr (rest, '@');
  if (at)
    {
      if (!word_ok (rest, (size_t) (at - rest)))
        return hb_fail (err, HB_EXIT_ENGINE, "engine address %s: bad user", clean);
      r->user = xstrndup (rest, (size_t) (at - rest));
      rest = at + 1;
    }
  const char *colon = strchr (rest, ':');
  size_t hn = colon ? (size_t) (colon - rest) : strlen (rest);
  if (!word_ok (rest, hn))
    return hb_fail (err, HB_EXIT_ENGINE, "engine address %s: bad host", clean);
  r->host = xstrndup (rest, hn);
  if (colon)
    {
      uint64_t port;
      if (!text_parse_u64 (colon + 1, &port) || port == 0 || port > 65535)
        return hb_fail (err, HB_EXIT_ENGINE, "engine address %s: bad port", clean);
      r->port = xasprintf ("%llu", (unsigned long long) port);
    }
  return 0;
}

/* In the relay: one ssh for connection fd (the child's stdin and stdout). */
static void
spawn_ssh (const hb_ssh_relay *r, int fd)
{
  char ssh[] = "ssh", o[] = "-o", timeout[] = "ConnectTimeout=30", batch[] = "BatchMode=yes";
  char t[] = "-T", l[] = "-l", p[] = "-p", dashes[] = "--", docker[] = "docker";
  char system[] = "system", dial[] = "dial-stdio";
  char *argv[16];
  int a = 0;
  argv[a++] = ssh;
  argv[a++] = o;
  argv[a++] = timeout;
  /* Nobody can answer a password or host-key prompt from here. */
  argv[a++] = o;
  argv[a++] = batch;
  argv[a++] = t;
  if (r->user)
    {
      argv[a++] = l;
      argv[a++] = r->user;
    }
  if (r->port)
    {
      argv[a++] = p;
      argv[a++] = r->port;
    }
  argv[a++] = dashes;
  argv[a++] = r->host;
  argv[a++] = docker;
  argv[a++] = system;
  argv[a++] = dial;
  argv[a] = NULL;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init (&fa);
  posix_spawn_file_actions_adddup2 (&fa, fd, 0);
  posix_spawn_file_actions_adddup2 (&fa, fd, 1);
  if (r->stderr_fd >= 0)
    posix_spawn_file_actions_adddup2 (&fa, r->stderr_fd, 2);
  else
    posix_spawn_file_actions_addopen (&fa, 2, "/dev/null", O_WRONLY, 0);
  /* The relay ignores SIGTERM and SIGCHLD; ssh gets every signal at its
   * default and none blocked. */
  posix_spawnattr_t at;
  posix_spawnattr_init (&at);
  sigset_t none, defaults;
  sigemptyset (&none);
  sigemptyset (&defaults);
  sigaddset (&defaults, SIGPIPE);
  sigaddset (&defaults, SIGTERM);
  sigaddset (&defaults, SIGCHLD);
  sigaddset (&defaults, SIGINT);
  sigaddset (&defaults, SIGHUP);
  posix_spawnattr_setsigmask (&at, &none);
  posix_spawnattr_setsigdefault (&at, &defaults);
  posix_spawnattr_setflags (&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid;
  int rc = posix_spawnp (&pid, "ssh", &fa, &at, argv, environ);
  posix_spawn_file_actions_destroy (&fa);
  posix_spawnattr_destroy (&at);
  if (rc != 0 && r->stderr_fd >= 0)
    {
      char why[256];
      int n = snprintf (why, sizeof why, "cannot run ssh: %s\n", strerror (rc));
      if (n > 0 && write (r->stderr_fd, why, (size_t) n) < 0)
        _exit (1);
    }
}

/* The relay process: accept, hand over to ssh, until the parent closes the
 * pipe (or exits).  Never returns. */
static void
relay (const hb_ssh_relay *r, int listener, int alive)
{
  /* Its own process group: a ^C at the terminal is hardenbench's to handle,
   * and the group is what is stopped at the end. */
  setpgid (0, 0);
  sigset_t none;
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  signal (SIGCHLD, SIG_IGN); /* children reaped by the kernel */
  signal (SIGTERM, SIG_IGN);
  signal (SIGINT, SIG_IGN);
  signal (SIGHUP, SIG_DFL);
  signal (SIGPIPE, SIG_DFL);
  struct pollfd pf[2] = { { .fd = listener, .events = POLLIN }, { .fd = alive, .events = POLLIN } };
  for (;;)
    {
      if (poll (pf, 2, -1) < 0)
        {
          if (errno == EINTR)
            continue;
          break;
        }
      if (pf[1].revents)
        break;
      if (pf[0].revents & POLLIN)
        {
          int c = accept4 (listener, NULL, NULL, SOCK_CLOEXEC);
          if (c >= 0)
            {
              spawn_ssh (r, c);
              close (c);
            }
        }
    }
  unlink (r->socket);
  rmdir (r->dir);
  /* Stop what is left of the ssh children: only in our own group. */
  if (getpgrp () == getpid ())
    kill (0, SIGTERM);
  _exit (0);
}

hb_ssh_relay *
hb_ssh_relay_start (const char *url, hb_error **err)
{
  hb_ssh_relay *r = xcalloc (1, sizeof *r);
  r->stderr_fd = -1;
  r->alive_fd = -1;
  if (parse (r, url, err) < 0)
    {
      hb_ssh_relay_stop (r);
      return NULL;
    }
  const char *tmp = getenv ("TMPDIR");
  r->dir = xasprintf ("%s/hardenbench-ssh-XXXXXX", tmp && tmp[0] == '/' && strlen (tmp) < 60
                                                       ? tmp : "/tmp");
  if (mkdtemp (r->dir) == NULL)
    {
      hb_fail_errno (err, errno, HB_EXIT_ENGINE, "engine at %s: a directory for the ssh relay",
                     url);
      free (r->dir);
      r->dir = NULL;
      hb_ssh_relay_stop (r);
      return NULL;
    }
  r->socket = xasprintf ("%s/engine.sock", r->dir);
  struct sockaddr_un sa = { .sun_family = AF_UNIX };
  int listener = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int alive[2] = { -1, -1 };
  const char *step = "socket";
  if (listener < 0)
    goto fail;
  memcpy (sa.sun_path, r->socket, strlen (r->socket) + 1);
  step = "bind";
  if (bind (listener, (struct sockaddr *) &sa, sizeof sa) < 0)
    goto fail;
  step = "listen";
  if (listen (listener, 16) < 0)
    goto fail;
  step = "pipe";
  if (pipe2 (alive, O_CLOEXEC) < 0)
    goto fail;
  r->stderr_fd = memfd_create ("hardenbench-ssh-stderr", MFD_CLOEXEC);
  step = "fork";
  r->pid = fork ();
  if (r->pid < 0)
    goto fail;
  if (r->pid == 0)
    {
      close (alive[1]);
      relay (r, listener, alive[0]);
    }
  close (listener);
  close (alive[0]);
  r->alive_fd = alive[1];
  return r;
fail:
  hb_fail_errno (err, errno, HB_EXIT_ENGINE, "engine at %s: the ssh relay (%s)", url, step);
  if (listener >= 0)
    close (listener);
  if (alive[0] >= 0)
    close (alive[0]);
  if (alive[1] >= 0)
    close (alive[1]);
  r->pid = 0;
  hb_ssh_relay_stop (r);
  return NULL;
}

const char *
hb_ssh_relay_socket (const hb_ssh_relay *r)
{
  return r->socket;
}

char *
hb_ssh_relay_last_error (const hb_ssh_relay *r)
{
  if (r->stderr_fd < 0)
    return NULL;
  off_t end = lseek (r->stderr_fd, 0, SEEK_END);
  if (end <= 0)
    return NULL;
  char buf[2048];
  off_t from = end > (off_t) sizeof buf - 1 ? end - (off_t) sizeof buf + 1 : 0;
  ssize_t n = pread (r->stderr_fd, buf, (size_t) (end - from), from);
  if (n <= 0)
    return NULL;
  buf[n] = '\0';
  /* The last line that is not ssh's note about known hosts. */
  char *line = NULL;
  for (char *save = NULL, *tok = strtok_r (buf, "\r\n", &save); tok;
       tok = strtok_r (NULL, "\r\n", &save))
    if (!text_has_prefix (tok, "Warning: Permanently added"))
      line = tok;
  return line && *line ? text_sanitize (line) : NULL;
}

void
hb_ssh_relay_stop (hb_ssh_relay *r)
{
  if (r == NULL)
    return;
  if (r->alive_fd >= 0)
    close (r->alive_fd);
  if (r->pid > 0)
    while (waitpid (r->pid, NULL, 0) < 0 && errno == EINTR)
      ;
  else if (r->dir)
    {
      /* No relay started: the directory is ours to remove. */
      if (r->socket)
        unlink (r->socket);
      rmdir (r->dir);
    }
  if (r->stderr_fd >= 0)
    close (r->stderr_fd);
  free (r->user);
  free (r->host);
  free (r->port);
  free (r->dir);
  free (r->socket);
  free (r);
}
