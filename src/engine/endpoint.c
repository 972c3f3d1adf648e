/* endpoint.c - choosing the engine's address and TLS settings in the docker
 * CLI's order (see endpoint.h), so that hardenbench reaches the engine
 * `docker` would with the same flags, environment and ~/.docker. */
#include "config.h"

#include "engine/endpoint.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void
hb_endpoint_clear (hb_endpoint *ep)
{
  free (ep->url);
  free (ep->via);
  free (ep->ca);
  free (ep->cert);
  free (ep->key);
  memset (ep, 0, sizeof *ep);
}

static bool
socket_exists (const char *path)
{
  struct stat st;
  return stat (path, &st) == 0 && S_ISSOCK (st.st_mode);
}

/* The first default socket that exists (Docker's when none does, so the
 * error names it). */
static char *
default_url (void)
{
  if (socket_exists ("/var/run/docker.sock"))
    return xstrdup ("unix:///var/run/docker.sock");
  if (socket_exists ("/run/podman/podman.sock"))
    return xstrdup ("unix:///run/podman/podman.sock");
  const char *xdg = getenv ("XDG_RUNTIME_DIR");
  if (xdg && xdg[0] == '/')
    {
      cleanup_free char *p = xasprintf ("%s/podman/podman.sock", xdg);
      if (socket_exists (p))
        return xasprintf ("unix://%s", p);
    }
  return xstrdup ("unix:///var/run/docker.sock");
}

static bool
env_set (const char *name)
{
  const char *v = getenv (name);
  return v && *v;
}

/* A TLS file: the flag's (which must exist), else cert_dir/file when it
 * exists (the docker CLI drops a default that is not there). */
static int
tls_file (const char *flag_name, const char *flag, const char *cert_dir, const char *file,
          char **out, hb_error **err)
{
  if (flag && *flag)
    {
      if (access (flag, R_OK) < 0)
        {
          cleanup_free char *clean = text_sanitize (flag);
          return hb_fail_errno (err, errno, HB_EXIT_ENGINE, "%s %s", flag_name, clean);
        }
      *out = xstrdup (flag);
      return 0;
    }
  cleanup_free char *p = xasprintf ("%s/%s", cert_dir, file);
  if (access (p, F_OK) == 0)
    *out = steal_pointer (&p);
  return 0;
}

/* TLS of an address given directly (flags, DOCKER_HOST, default). */
static int
direct_tls (const hb_engine_opts *opts, hb_endpoint *ep, hb_error **err)
{
  /* As the docker CLI: any non-empty DOCKER_TLS_VERIFY (even "0") turns
   * verification on; --tlsverify implies --tls. */
  /* The docker CLI ignores TLS for unix sockets and ssh. */
  if (!text_has_prefix (ep->url, "tcp://") && !text_has_prefix (ep->url, "http"))
    return 0;
  ep->verify = (opts && opts->tlsverify) || env_set ("DOCKER_TLS_VERIFY");
  ep->tls = ep->verify || (opts && opts->tls) || env_set ("DOCKER_TLS");
  if (!ep->tls)
    return 0;
  const char *env = getenv ("DOCKER_CERT_PATH");
  cleanup_free char *cert_dir = env && *env ? xstrdup (env) : hb_docker_config_dir ();
  if (tls_file ("--tlscacert", opts ? opts->tlscacert : NULL, cert_dir, "ca.pem", &ep->ca, err) < 0
      || tls_file ("--tlscert", opts ? opts->tlscert : NULL, cert_dir, "cert.pem", &ep->cert, err) < 0
      || tls_file ("--tlskey", opts ? opts->tlskey : NULL, cert_dir, "key.pem", &ep->key, err) < 0)
    return -1;
  if ((ep->cert == NULL) != (ep->key == NULL))
    return hb_fail (err, HB_EXIT_ENGINE, "TLS client certificate: %s without %s (in %s or "
                    "--tlscert/--tlskey)", ep->cert ? "cert.pem" : "key.pem",
                    ep->cert ? "key.pem" : "cert.pem", cert_dir);
  return 0;
}

static int
from_context (const char *name, const char *why, hb_endpoint *ep, hb_error **err)
{
  cleanup_free char *dir = hb_docker_config_dir ();
  if (hb_context_endpoint (dir, name, ep, err) < 0)
    return hb_error_wrap (err, "%s", why);
  return 0;
}

int
hb_endpoint_resolve (const hb_engine_opts *opts, hb_endpoint *ep, hb_error **err)
{
  memset (ep, 0, sizeof *ep);
  const char *url = opts && opts->url && *opts->url ? opts->url : NULL;
  const char *context = opts && opts->context && *opts->context ? opts->context : NULL;
  if (url && context)
    return hb_fail (err, HB_EXIT_USAGE, "conflicting options: either --engine (--host) or "
                    "--context, not both");
  int r = 0;
  if (context)
    r = from_context (context, "--context", ep, err);
  else if (!url && !env_set ("DOCKER_HOST"))
    {
      if (env_set ("DOCKER_CONTEXT"))
        r = from_context (getenv ("DOCKER_CONTEXT"), "DOCKER_CONTEXT", ep, err);
      else
        {
          cleanup_free char *dir = hb_docker_config_dir ();
          hb_error *inner = NULL;
          cleanup_free char *current = hb_context_current (dir, &inner);
          if (inner)
            {
              if (err)
                *err = inner;
              else
                hb_error_free (inner);
              return -1;
            }
          if (current)
            r = from_context (current, "currentContext of config.json", ep, err);
        }
    }
  if (r < 0)
    {
      hb_endpoint_clear (ep);
      return -1;
    }
  if (ep->url != NULL)
    return 0;
  /* No stored context (or "default"): the address given, or the default. */
  if (url)
    {
      ep->url = xstrdup (url);
      ep->via = xstrdup ("--engine");
    }
  else if (env_set ("DOCKER_HOST"))
    {
      ep->url = xstrdup (getenv ("DOCKER_HOST"));
      ep->via = xstrdup ("DOCKER_HOST");
    }
  else
    {
      ep->url = default_url ();
      ep->via = xstrdup ("default");
    }
  if (direct_tls (opts, ep, err) < 0)
    {
      hb_endpoint_clear (ep);
      return -1;
    }
  return 0;
}
