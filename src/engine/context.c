/* context.c - the docker CLI's contexts: config.json's currentContext and a
 * context's endpoint from contexts/meta/<digest>/meta.json with its TLS
 * files in contexts/tls/<digest>/docker/.  The docker CLI names each
 * directory by the SHA-256 of the context's name; the name is also inside
 * meta.json, so the directory is found by reading the names (no digest to
 * compute, and a directory whose meta.json names another context is never
 * taken for this one). */
#include "config.h"

#include "engine/endpoint.h"
#include "engine/engine_json.h"
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* config.json and meta.json are small; a bigger one is not the CLI's. */
#define MAX_DOCKER_FILE (1u << 20)

char *
hb_docker_config_dir (void)
{
  const char *env = getenv ("DOCKER_CONFIG");
  if (env && *env)
    return xstrdup (env);
  const char *home = getenv ("HOME");
  if (home == NULL || home[0] != '/')
    {
      struct passwd *pw = getpwuid (getuid ());
      home = pw && pw->pw_dir ? pw->pw_dir : "/";
    }
  return xasprintf ("%s/.docker", home);
}

/* Parse a JSON file of the docker CLI; NULL with *err set when missing or
 * unreadable to us (status HB_EXIT_NOT_FOUND: callers treat it as absent,
 * as the docker CLI does, e.g. root's ~/.docker under a dropped uid) or
 * malformed. */
static json_t *
read_docker_json (const char *path, hb_error **err)
{
  struct stat st;
  if (stat (path, &st) < 0)
    {
      hb_fail_errno (err, errno, errno == ENOENT || errno == EACCES || errno == ENOTDIR
                                 ? HB_EXIT_NOT_FOUND : HB_EXIT_ENGINE, "%s", path);
      return NULL;
    }
  size_t len = 0;
  cleanup_free char *text = file_read_all (path, MAX_DOCKER_FILE, &len, HB_EXIT_ENGINE, err);
  if (text == NULL)
    return NULL;
  json_t *j = hb_engine_json_parse (text, len, path, err);
  if (j != NULL && !json_is_object (j))
    {
      json_decref (j);
      hb_fail (err, HB_EXIT_ENGINE, "%s: expected a JSON object", path);
      return NULL;
    }
  return j;
}

char *
hb_context_current (const char *config_dir, hb_error **err)
{
  cleanup_free char *path = xasprintf ("%s/config.json", config_dir);
  hb_error *inner = NULL;
  cleanup_json json_t *j = read_docker_json (path, &inner);
  if (j == NULL)
    {
      if (inner->status == HB_EXIT_NOT_FOUND)
        {
          hb_error_free (inner);
          return NULL;
        }
      *err = inner;
      return NULL;
    }
  const char *name = NULL;
  if (hb_jget_string (j, "currentContext", path, &name, err) < 0)
    return NULL;
  return name && *name ? xstrdup (name) : NULL;
}

static bool
is_digest (const char *s)
{
  return strlen (s) == 64 && strspn (s, "0123456789abcdef") == 64;
}

/* The meta.json (parsed) of the context called name, and its directory's
 * digest; NULL with *err unset when there is none. */
static json_t *
find_meta (const char *config_dir, const char *name, char **digest, hb_error **err)
{
  cleanup_free char *dir = xasprintf ("%s/contexts/meta", config_dir);
  DIR *d = opendir (dir);
  if (d == NULL)
    {
      if (errno != ENOENT && errno != EACCES && errno != ENOTDIR)
        hb_fail_errno (err, errno, HB_EXIT_ENGINE, "reading the docker contexts in %s", dir);
      return NULL;
    }
  json_t *found = NULL;
  struct dirent *de;
  while (found == NULL && (de = readdir (d)) != NULL)
    {
      if (!is_digest (de->d_name))
        continue;
      cleanup_free char *path = xasprintf ("%s/%s/meta.json", dir, de->d_name);
      hb_error *inner = NULL;
      json_t *j = read_docker_json (path, &inner);
      if (j == NULL)
        {
          /* Another context's broken file must not hide this one. */
          hb_error_free (inner);
          continue;
        }
      const char *n = json_string_value (json_object_get (j, "Name"));
      if (n && strcmp (n, name) == 0)
        {
          found = j;
          *digest = xstrdup (de->d_name);
        }
      else
        json_decref (j);
    }
  closedir (d);
  return found;
}

/* dir/file when it exists, else NULL. */
static char *
existing (const char *dir, const char *file)
{
  char *p = xasprintf ("%s/%s", dir, file);
  if (access (p, F_OK) == 0)
    return p;
  free (p);
  return NULL;
}

int
hb_context_endpoint (const char *config_dir, const char *name, hb_endpoint *ep, hb_error **err)
{
  if (strcmp (name, "default") == 0)
    return 0;
  cleanup_free char *clean = text_sanitize (name);
  cleanup_free char *digest = NULL;
  hb_error *inner = NULL;
  cleanup_json json_t *meta = find_meta (config_dir, name, &digest, &inner);
  if (inner)
    {
      *err = inner;
      return -1;
    }
  if (meta == NULL)
    return hb_fail (err, HB_EXIT_ENGINE, "context \"%s\" does not exist (none of %s/contexts/meta "
                    "names it; see 'docker context ls')", clean, config_dir);
  cleanup_free char *ctx = xasprintf ("%s/contexts/meta/%s/meta.json", config_dir, digest);
  json_t *endpoints = NULL, *docker = NULL;
  const char *host = NULL;
  bool skip_verify = false;
  if (hb_jget_object (meta, "Endpoints", ctx, &endpoints, err) < 0
      || hb_jget_object (endpoints, "docker", ctx, &docker, err) < 0
      || hb_jget_string (docker, "Host", ctx, &host, err) < 0
      || hb_jget_bool (docker, "SkipTLSVerify", ctx, &skip_verify, err) < 0)
    return -1;
  if (host == NULL || *host == '\0')
    return hb_fail (err, HB_EXIT_ENGINE, "context \"%s\" has no docker endpoint (%s: "
                    "Endpoints.docker.Host)", clean, ctx);
  ep->url = xstrdup (host);
  ep->via = xasprintf ("context %s", clean);
  cleanup_free char *tls = xasprintf ("%s/contexts/tls/%s/docker", config_dir, digest);
  ep->ca = existing (tls, "ca.pem");
  ep->cert = existing (tls, "cert.pem");
  ep->key = existing (tls, "key.pem");
  /* As the docker CLI: TLS when the context stores TLS material or says to
   * skip its verification; a tcp endpoint without either is plain HTTP. */
  ep->tls = ep->ca || ep->cert || skip_verify;
  ep->verify = ep->tls && !skip_verify;
  return 0;
}
