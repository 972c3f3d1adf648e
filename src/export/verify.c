/* verify.c - `export --verify`: run the exported config on the engine, wait
 * until it runs, probe it, report, remove what was created (verify.h). */
#include "config.h"

#include "export/verify.h"
#include "core/cleanup.h"
#include "core/strv.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define OUTPUT_MAX (64u * 1024)   /* what is kept of a command's output */

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

typedef struct proc_result {
  int status;      /* exit status, 128+N for signal N, -1: timed out (killed) */
  char *output;    /* stdout and stderr, at most OUTPUT_MAX bytes */
} proc_result;

/* Run argv in dir with stdout and stderr to one pipe, stdin /dev/null, in
 * a process group of its own that is killed when `timeout` seconds pass.
 * -1 (errno) when it cannot be started at all. */
static int
run_cmd (char *const argv[], const char *dir, const char *docker_host, double timeout,
         proc_result *r)
{
  r->status = -1;
  r->output = NULL;
  int pfd[2];
  if (pipe2 (pfd, O_CLOEXEC) < 0)
    return -1;
  int ready[2];   /* closed on exec; carries errno when exec fails */
  if (pipe2 (ready, O_CLOEXEC) < 0)
    {
      close (pfd[0]);
      close (pfd[1]);
      return -1;
    }
  pid_t pid = fork ();
  if (pid < 0)
    {
      int e = errno;
      close (pfd[0]);
      close (pfd[1]);
      close (ready[0]);
      close (ready[1]);
      errno = e;
      return -1;
    }
  if (pid == 0)
    {
      setpgid (0, 0);
      int devnull = open ("/dev/null", O_RDONLY | O_CLOEXEC);
      if (devnull < 0 || dup2 (devnull, 0) < 0 || dup2 (pfd[1], 1) < 0 || dup2 (pfd[1], 2) < 0
          || (dir && chdir (dir) < 0))
        {
          int e = errno;
          (void) !write (ready[1], &e, sizeof e);
          _exit (127);
        }
      if (docker_host)
        setenv ("DOCKER_HOST", docker_host, 1);
      execvp (argv[0], argv);
      int e = errno;
      (void) !write (ready[1], &e, sizeof e);
      _exit (127);
    }
  setpgid (pid, pid);
  close (pfd[1]);
  close (ready[1]);
  int child_errno = 0;
  ssize_t got;
  do
    got = read (ready[0], &child_errno, sizeof child_errno);
  while (got < 0 && errno == EINTR);
  close (ready[0]);
  if (got == (ssize_t) sizeof child_errno)
    {
      close (pfd[0]);
      while (waitpid (pid, NULL, 0) < 0 && errno == EINTR)
        ;
      errno = child_errno;
      return -1;
    }

  char *buf = xmalloc (OUTPUT_MAX + 1);
  size_t len = 0;
  double deadline = now () + timeout;
  bool timed_out = false;
  for (;;)
    {
      double left = deadline - now ();
      if (left <= 0)
        {
          timed_out = true;
          break;
        }
      struct pollfd p = { .fd = pfd[0], .events = POLLIN };
      int n = poll (&p, 1, (int) (left * 1000) + 1);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        continue;
      char chunk[4096];
      ssize_t k = read (pfd[0], chunk, sizeof chunk);
      if (k < 0 && errno == EINTR)
        continue;
      if (k <= 0)
        break;
      size_t take = (size_t) k;
      if (take > OUTPUT_MAX - len)
        take = OUTPUT_MAX - len;
      memcpy (buf + len, chunk, take);
      len += take;
    }
  close (pfd[0]);
  if (timed_out)
    kill (-pid, SIGKILL);
  int st = 0;
  pid_t w;
  do
    w = waitpid (pid, &st, 0);
  while (w < 0 && errno == EINTR);
  /* What the command left running in its group goes too. */
  kill (-pid, SIGKILL);
  buf[len] = '\0';
  r->output = buf;
  if (timed_out)
    r->status = -1;
  else if (w == pid && WIFEXITED (st))
    r->status = WEXITSTATUS (st);
  else if (w == pid && WIFSIGNALED (st))
    r->status = 128 + WTERMSIG (st);
  else
    r->status = -1;
  return 0;
}

/* The output as one report line: lines joined with " | ", surrounding
 * blanks trimmed, control characters replaced. */
static char *
shown_output (const char *out)
{
  cleanup_free char *joined = xmalloc (strlen (out ? out : "") * 3 + 1);
  size_t n = 0;
  bool pending = false;
  for (const char *c = out ? out : ""; *c; c++)
    {
      if (*c == '\n' || *c == '\r')
        {
          pending = n > 0;
          continue;
        }
      if (pending)
        {
          memcpy (joined + n, " | ", 3);
          n += 3;
          pending = false;
        }
      joined[n++] = *c;
    }
  while (n > 0 && (joined[n - 1] == ' ' || joined[n - 1] == '\t'))
    n--;
  joined[n] = '\0';
  return text_sanitize (joined);
}

/* Lines of text, empty ones left out, onto out. */
static void
split_lines (const char *text, strv *out)
{
  cleanup_free char *copy = xstrdup (text ? text : "");
  char *save = NULL;
  for (char *tok = strtok_r (copy, "\n", &save); tok; tok = strtok_r (NULL, "\n", &save))
    if (*tok)
      strv_push (out, tok);
}

static void
report (const hb_verify_opts *o, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

static void
report (const hb_verify_opts *o, const char *fmt, ...)
{
  if (o->report == NULL)
    return;
  va_list ap;
  va_start (ap, fmt);
  char *msg = xvasprintf (fmt, ap);
  va_end (ap);
  fprintf (o->report, "hardenbench: verify: %s\n", msg);
  fflush (o->report);
  free (msg);
}

/* docker ARGS... with the engine of the options; *r filled.  -1 when docker
 * cannot be run. */
static int
docker (const hb_verify_opts *o, proc_result *r, double timeout, const char *first, ...)
{
  strv argv = { 0 };
  strv_push (&argv, "docker");
  va_list ap;
  va_start (ap, first);
  for (const char *a = first; a; a = va_arg (ap, const char *))
    strv_push (&argv, a);
  va_end (ap);
  int rc = run_cmd (argv.v, o->dir, o->engine_url, timeout, r);
  strv_clear (&argv);
  return rc;
}

/* The names of the volumes container id mounts (one per line). */
static void
mounted_volumes (const hb_verify_opts *o, const char *id, strv *out)
{
  proc_result r;
  if (docker (o, &r, 30, "inspect", "--format",
              "{{range .Mounts}}{{if eq .Type \"volume\"}}{{.Name}}\n{{end}}{{end}}", id, NULL) < 0)
    return;
  if (r.status == 0)
    split_lines (r.output, out);
  free (r.output);
}

static void
existing_volumes (const hb_verify_opts *o, strv *out)
{
  proc_result r;
  if (docker (o, &r, 30, "volume", "ls", "--quiet", NULL) < 0)
    return;
  if (r.status == 0)
    split_lines (r.output, out);
  free (r.output);
}

/* Wait until id runs (true), or until it has exited or the time is up. */
static bool
wait_running (const hb_verify_opts *o, const char *id, double deadline, hb_verify_result *res)
{
  for (;;)
    {
      proc_result r;
      if (docker (o, &r, 30, "inspect", "--format",
                  "{{.State.Status}} {{.State.ExitCode}} {{.State.Error}}", id, NULL) < 0)
        {
          res->error = xasprintf ("docker inspect: %s", strerror (errno));
          return false;
        }
      char state[32] = "";
      int code = 0;
      if (r.status == 0)
        sscanf (r.output, "%31s %d", state, &code);
      if (strcmp (state, "running") == 0)
        {
          free (r.output);
          return true;
        }
      if (strcmp (state, "exited") == 0 || strcmp (state, "dead") == 0 || r.status != 0)
        {
          cleanup_free char *why = shown_output (r.output);
          free (r.output);
          proc_result logs;
          cleanup_free char *tail = NULL;
          if (docker (o, &logs, 30, "logs", "--tail", "20", id, NULL) == 0)
            {
              tail = shown_output (logs.output);
              free (logs.output);
            }
          res->error = xasprintf ("the container exited with status %d (%s)%s%s", code, why,
                                  tail && *tail ? "; its last output: " : "", tail ? tail : "");
          return false;
        }
      free (r.output);
      if (now () >= deadline)
        {
          res->error = xasprintf ("the container was still '%s' after %g s", state, o->timeout);
          return false;
        }
      usleep (200 * 1000);
    }
}

/* Is id still running?  When not, res->error says why. */
static bool
still_running (const hb_verify_opts *o, const char *id, hb_verify_result *res)
{
  return wait_running (o, id, 0, res);
}

static void
probe (const hb_verify_opts *o, const char *id, double deadline, hb_verify_result *res)
{
  cleanup_free char *shown = text_sanitize (o->probe);
  cleanup_strv strv argv = { 0 };
  strv_push (&argv, "/bin/sh");
  strv_push (&argv, "-c");
  strv_push (&argv, o->probe);
  double start = now ();
  cleanup_free char *last = NULL;
  int last_status = 0;
  for (;;)
    {
      double left = deadline - now ();
      proc_result r;
      if (run_cmd (argv.v, NULL, NULL, left > 0.5 ? left : 0.5, &r) < 0)
        {
          res->error = xasprintf ("the probe cannot be run: %s", strerror (errno));
          return;
        }
      free (last);
      last = r.output;
      last_status = r.status;
      if (r.status == 0)
        {
          res->answered = true;
          report (o, "answered: the probe `%s` succeeded after %.1f s", shown, now () - start);
          return;
        }
      if (!still_running (o, id, res))
        return;
      if (now () >= deadline)
        break;
      usleep (250 * 1000);
    }
  cleanup_free char *out = shown_output (last);
  if (last_status < 0)
    res->error = xasprintf ("the probe `%s` did not finish within %g s%s%s", shown, o->timeout,
                            *out ? "; its output: " : "", out);
  else
    res->error = xasprintf ("the probe `%s` failed (status %d) for %g s%s%s", shown, last_status,
                            o->timeout, *out ? "; its last output: " : "", out);
}

/* Running: probe it, or see it still run a moment later. */
static void
check_running (const hb_verify_opts *o, const char *id, hb_verify_result *res)
{
  res->started = true;
  report (o, "started: %s is running", o->name);
  if (o->probe)
    {
      probe (o, id, now () + o->timeout, res);
      return;
    }
  double settle = o->timeout < 2 ? o->timeout : 2;
  usleep ((useconds_t) (settle * 1e6));
  if (still_running (o, id, res))
    {
      res->answered = true;
      report (o, "still running after %g s (no --probe: nothing was asked of it)", settle);
    }
}

static int
verify_run (const hb_verify_opts *o, hb_verify_result *res, hb_error **err)
{
  cleanup_strv strv before = { 0 };
  existing_volumes (o, &before);
  cleanup_strv strv argv = { 0 };
  strv_push (&argv, "/bin/sh");
  strv_push (&argv, "-c");
  strv_push (&argv, o->text);
  proc_result r;
  if (run_cmd (argv.v, o->dir, o->engine_url, o->timeout + 60, &r) < 0)
    return hb_fail_errno (err, errno, HB_EXIT_ENGINE, "verify: /bin/sh");
  if (r.status == 127 && strstr (r.output, "docker") && strstr (r.output, "not found"))
    {
      free (r.output);
      return hb_fail (err, HB_EXIT_ENGINE, "verify: the docker command is not installed "
                      "(Debian: apt-get install docker.io)");
    }
  if (r.status != 0)
    {
      cleanup_free char *why = shown_output (r.output);
      res->error = xasprintf ("the engine refused it: %s%s", why,
                              strstr (r.output, "port is already allocated")
                              ? " (is the target still running with that port? --publish "
                                "another host port)" : "");
    }
  free (r.output);
  double deadline = now () + o->timeout;
  if (res->error == NULL && wait_running (o, o->name, deadline, res))
    check_running (o, o->name, res);

  /* Remove what was created: the container with its anonymous volumes,
   * and the named volumes it brought into being. */
  cleanup_strv strv mounted = { 0 };
  mounted_volumes (o, o->name, &mounted);
  proc_result rm;
  bool existed = false;
  if (docker (o, &rm, 60, "rm", "--force", "--volumes", o->name, NULL) == 0)
    {
      existed = rm.status == 0;
      free (rm.output);
    }
  size_t removed = 0;
  for (size_t i = 0; i < mounted.n; i++)
    if (*mounted.v[i] && !strv_contains (&before, mounted.v[i]))
      {
        proc_result vr;
        if (docker (o, &vr, 60, "volume", "rm", mounted.v[i], NULL) == 0)
          {
            removed += vr.status == 0;
            free (vr.output);
          }
      }
  if (existed || removed)
    report (o, "removed the container %s%s", o->name,
            removed ? " and the named volumes it created" : "");
  return 0;
}

static int
compose (const hb_verify_opts *o, proc_result *r, double timeout, const char *first, ...)
{
  strv argv = { 0 };
  strv_push (&argv, "docker-compose");
  strv_push (&argv, "--project-name");
  strv_push (&argv, o->name);
  strv_push (&argv, "--file");
  strv_push (&argv, "compose.yml");
  va_list ap;
  va_start (ap, first);
  for (const char *a = first; a; a = va_arg (ap, const char *))
    strv_push (&argv, a);
  va_end (ap);
  int rc = run_cmd (argv.v, o->dir, o->engine_url, timeout, r);
  strv_clear (&argv);
  return rc;
}

static int
verify_compose (const hb_verify_opts *o, hb_verify_result *res, hb_error **err)
{
  proc_result r;
  if (compose (o, &r, o->timeout + 120, "up", "--detach", NULL) < 0)
    {
      if (errno == ENOENT)
        return hb_fail (err, HB_EXIT_ENGINE, "verify: the docker-compose command is not "
                        "installed (Debian: apt-get install docker-compose)");
      return hb_fail_errno (err, errno, HB_EXIT_ENGINE, "verify: docker-compose");
    }
  if (r.status != 0)
    {
      cleanup_free char *why = shown_output (r.output);
      res->error = xasprintf ("docker-compose up failed: %s", why);
    }
  free (r.output);
  if (res->error == NULL)
    {
      proc_result ps;
      cleanup_strv strv ids = { 0 };
      if (compose (o, &ps, 60, "ps", "--quiet", NULL) == 0)
        {
          if (ps.status == 0)
            split_lines (ps.output, &ids);
          free (ps.output);
        }
      const char *id = ids.n && *ids.v[0] ? ids.v[0] : NULL;
      if (id == NULL)
        res->error = xstrdup ("docker-compose up created no container");
      else if (wait_running (o, id, now () + o->timeout, res))
        check_running (o, id, res);
    }
  proc_result down;
  if (compose (o, &down, 120, "down", "--volumes", "--remove-orphans", "--timeout", "2", NULL) == 0)
    {
      if (down.status != 0)
        {
          cleanup_free char *why = shown_output (down.output);
          report (o, "docker-compose down failed: %s", why);
        }
      else
        report (o, "removed the compose project %s (containers, network, volumes)", o->name);
      free (down.output);
    }
  return 0;
}

int
hb_verify_run (const hb_verify_opts *o, hb_verify_result *r, hb_error **err)
{
  memset (r, 0, sizeof *r);
  if (strcmp (o->format, "compose") == 0)
    return verify_compose (o, r, err);
  return verify_run (o, r, err);
}

void
hb_verify_result_clear (hb_verify_result *r)
{
  free (r->error);
  r->error = NULL;
}
