/* engine.c - connecting to a Docker (or Podman) engine: choosing the
 * socket, negotiating the API version, and the calls other files build on
 * (JSON GETs, inspect, temporary containers, export). */
#include "config.h"

#include "engine/engine.h"
#include "engine/engine_json.h"
#include "engine/endpoint.h"
#include "engine/http.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct hb_engine {
  hb_http *http;
  char *api_version;   /* "1.41" */
  char *product;       /* "Docker", "Podman", NULL when unknown */
  char *version;       /* "20.10.24+dfsg1", NULL when unknown */
  bool identified;     /* product and version looked for */
  char *description;   /* "tcp://h:2376 (DOCKER_HOST, TLS verified)" */
};

static void
cleanup_httpp (hb_http **h)
{
  hb_http_free (*h);
}
#define cleanup_http __attribute__ ((cleanup (cleanup_httpp)))

static void
cleanup_responsep (hb_http_response *r)
{
  hb_http_response_clear (r);
}
#define cleanup_response __attribute__ ((cleanup (cleanup_responsep)))

/* "1.41" -> 1041; -1 when malformed. */
static long
api_number (const char *v)
{
  if (v == NULL)
    return -1;
  char *end;
  long major = strtol (v, &end, 10);
  if (end == v || *end != '.' || major < 0 || major > 99)
    return -1;
  const char *m = end + 1;
  long minor = strtol (m, &end, 10);
  if (end == m || *end != '\0' || minor < 0 || minor > 999)
    return -1;
  return major * 1000 + minor;
}

static long
timeout_from_env (void)
{
  const char *s = getenv ("HARDENBENCH_ENGINE_TIMEOUT");
  uint64_t v;
  if (s && text_parse_u64 (s, &v) && v > 0 && v < 86400)
    return (long) v * 1000;
  return 0;
}

/* "Docker/20.10.24+dfsg1 (linux)" -> "Docker", "20.10.24+dfsg1"; Podman's
 * compatible API says "Libpod/4.3.1 (linux)".  False for anything else. */
static bool
parse_server (const char *server, char **product, char **version)
{
  const char *slash = strchr (server, '/');
  if (slash == NULL || slash == server)
    return false;
  size_t pn = (size_t) (slash - server);
  const char *v = slash + 1;
  size_t vn = strcspn (v, " ");
  if (vn == 0 || vn > 64 || !(*v >= '0' && *v <= '9'))
    return false;
  if (pn == 6 && strncmp (server, "Docker", 6) == 0)
    *product = xstrdup ("Docker");
  else if (pn == 6 && strncmp (server, "Libpod", 6) == 0)
    *product = xstrdup ("Podman");
  else
    return false;
  cleanup_free char *raw = xstrndup (v, vn);
  *version = text_sanitize (raw);
  return true;
}

/* No usable Server header: ask /version, once.  Podman names itself in
 * Components ("Podman Engine"); an engine that answers nothing usable stays
 * unknown (NULL), which is not an error. */
static void
identify (hb_engine *e)
{
  if (e->identified)
    return;
  e->identified = true;
  cleanup_response hb_http_response ver = { 0 };
  if (hb_http_request (e->http, "GET", "/version", NULL, 1 << 20, &ver, NULL) < 0
      || ver.status != 200)
    return;
  cleanup_json json_t *j = hb_engine_json_parse (ver.body, ver.len, "engine /version", NULL);
  const char *v = NULL;
  if (j == NULL || hb_jget_string (j, "Version", "", &v, NULL) < 0 || v == NULL || *v == '\0'
      || strlen (v) > 64)
    return;
  const char *product = "Docker";
  json_t *comps = json_object_get (j, "Components");
  size_t i;
  json_t *c;
  json_array_foreach (comps, i, c)
    {
      json_t *name = json_object_get (c, "Name");
      if (json_is_string (name) && strcmp (json_string_value (name), "Podman Engine") == 0)
        product = "Podman";
    }
  e->product = xstrdup (product);
  e->version = text_sanitize (v);
}

const char *
hb_engine_product (hb_engine *e)
{
  identify (e);
  return e->product;
}

const char *
hb_engine_version (hb_engine *e)
{
  identify (e);
  return e->version;
}

static int
negotiate (hb_engine *e, hb_error **err)
{
  cleanup_response hb_http_response ping = { 0 };
  if (hb_http_request (e->http, "GET", "/_ping", NULL, 65536, &ping, err) < 0)
    return -1;
  if (ping.status == 400 && ping.body && strstr (ping.body, "HTTPS server"))
    return hb_fail (err, HB_EXIT_ENGINE, "engine at %s speaks TLS, and this was plain HTTP: "
                    "set DOCKER_TLS_VERIFY=1 (certificates in DOCKER_CERT_PATH, default "
                    "~/.docker) or give --tlsverify", hb_http_url (e->http));
  if (ping.status != 200)
    {
      cleanup_free char *msg = hb_http_error_message (&ping);
      return hb_fail (err, HB_EXIT_ENGINE, "engine at %s refused /_ping (HTTP %ld): %s",
                      hb_http_url (e->http), ping.status, msg);
    }
  cleanup_free char *theirs = ping.api_version ? xstrdup (ping.api_version) : NULL;
  if (ping.server && parse_server (ping.server, &e->product, &e->version))
    e->identified = true;
  if (api_number (theirs) < 0)
    {
      /* No usable header: ask /version (unversioned, as _ping). */
      cleanup_response hb_http_response ver = { 0 };
      if (hb_http_request (e->http, "GET", "/version", NULL, 1 << 20, &ver, err) < 0)
        return -1;
      cleanup_json json_t *j = NULL;
      const char *v = NULL;
      if (ver.status == 200)
        {
          j = hb_engine_json_parse (ver.body, ver.len, "engine /version", err);
          if (j == NULL || hb_jget_string (j, "ApiVersion", "", &v, err) < 0)
            return -1;
        }
      free (theirs);
      theirs = v ? xstrdup (v) : NULL;
    }
  long t = api_number (theirs), ours = api_number (HB_ENGINE_API_OURS);
  if (t < 0)
    return hb_fail (err, HB_EXIT_ENGINE, "engine at %s: does not say which API version it "
                    "speaks (no Api-Version header, no /version)", hb_http_url (e->http));
  if (t < api_number (HB_ENGINE_API_MIN))
    return hb_fail (err, HB_EXIT_ENGINE, "engine at %s speaks API %s, older than the %s "
                    "hardenbench needs", hb_http_url (e->http), theirs, HB_ENGINE_API_MIN);
  e->api_version = xstrdup (t < ours ? theirs : HB_ENGINE_API_OURS);
  return 0;
}

hb_engine *
hb_engine_open (const hb_engine_opts *opts, hb_error **err)
{
  hb_endpoint ep;
  if (hb_endpoint_resolve (opts, &ep, err) < 0)
    return NULL;
  cleanup_http hb_http *http = hb_http_new (&ep, err);
  if (http == NULL)
    {
      hb_endpoint_clear (&ep);
      return NULL;
    }
  hb_http_set_timeout (http, timeout_from_env ());
  hb_engine *e = xcalloc (1, sizeof *e);
  e->http = steal_pointer (&http);
  cleanup_free char *clean = text_sanitize (ep.url);
  bool tcp = !text_has_prefix (ep.url, "unix://") && !text_has_prefix (ep.url, "ssh://");
  e->description = xasprintf ("%s (%s%s)", clean, ep.via,
                              !tcp ? "" : !ep.tls ? ", plain HTTP"
                              : ep.verify ? ", TLS verified" : ", TLS not verified");
  hb_endpoint_clear (&ep);
  if (negotiate (e, err) < 0)
    {
      hb_engine_close (e);
      return NULL;
    }
  return e;
}

void
hb_engine_close (hb_engine *e)
{
  if (e == NULL)
    return;
  hb_http_free (e->http);
  free (e->api_version);
  free (e->product);
  free (e->version);
  free (e->description);
  free (e);
}

const char *
hb_engine_url (const hb_engine *e)
{
  return hb_http_url (e->http);
}

const char *
hb_engine_describe (const hb_engine *e)
{
  return e->description;
}

const char *
hb_engine_api_version (const hb_engine *e)
{
  return e->api_version;
}

bool
hb_engine_is_local (const hb_engine *e)
{
  return hb_http_socket (e->http) != NULL;
}

char *
hb_engine_escape (const char *name)
{
  static const char hex[] = "0123456789ABCDEF";
  size_t n = strlen (name);
  char *out = xmalloc (n * 3 + 1), *o = out;
  for (const unsigned char *s = (const unsigned char *) name; *s; s++)
    {
      unsigned char c = *s;
      /* '/' and ':' stay: image references ("hb-test/busybox:latest") are
       * routed by the engine on the raw path. */
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '/' || c == ':' || c == '@')
        *o++ = (char) c;
      else
        {
          *o++ = '%';
          *o++ = hex[c >> 4];
          *o++ = hex[c & 15];
        }
    }
  *o = '\0';
  return out;
}

/* The status of an HTTP error as our exit status. */
static int
fail_http (hb_engine *e, const hb_http_response *r, const char *what, hb_error **err)
{
  cleanup_free char *msg = hb_http_error_message (r);
  return hb_fail (err, r->status == 404 ? HB_EXIT_NOT_FOUND : HB_EXIT_ENGINE,
                  "%s: %s (HTTP %ld from %s)", what, msg, r->status, hb_engine_url (e));
}

static json_t *
request_json (hb_engine *e, const char *method, const char *path, const char *body,
              hb_error **err)
{
  cleanup_free char *full = xasprintf ("/v%s%s", e->api_version, path);
  cleanup_response hb_http_response r = { 0 };
  if (hb_http_request (e->http, method, full, body, HB_HTTP_MAX_BODY, &r, err) < 0)
    return NULL;
  cleanup_free char *what = text_sanitize (path);
  if (r.status < 200 || r.status > 299)
    {
      fail_http (e, &r, what, err);
      return NULL;
    }
  if (r.status == 204)
    return json_object ();
  return hb_engine_json_parse (r.body, r.len, what, err);
}

json_t *
hb_engine_get_json (hb_engine *e, const char *path, hb_error **err)
{
  return request_json (e, "GET", path, NULL, err);
}

typedef struct each_json {
  hb_engine *e;
  const char *const *paths;
  hb_engine_json_fn fn;
  void *data;
} each_json;

static int
parse_one (size_t i, hb_http_response *r, void *data, hb_error **err)
{
  each_json *ej = data;
  if (r->status == 404)
    return ej->fn (i, NULL, ej->data, err);
  cleanup_free char *what = text_sanitize (ej->paths[i]);
  if (r->status < 200 || r->status > 299)
    return fail_http (ej->e, r, what, err);
  cleanup_json json_t *j = hb_engine_json_parse (r->body, r->len, what, err);
  if (j == NULL)
    return -1;
  return ej->fn (i, j, ej->data, err);
}

int
hb_engine_get_json_each (hb_engine *e, const char *const *paths, size_t n, hb_engine_json_fn fn,
                         void *data, hb_error **err)
{
  char **full = xcalloc (n + 1, sizeof *full);
  for (size_t i = 0; i < n; i++)
    full[i] = xasprintf ("/v%s%s", e->api_version, paths[i]);
  each_json ej = { .e = e, .paths = paths, .fn = fn, .data = data };
  int r = hb_http_get_each (e->http, (const char *const *) full, n, HB_HTTP_MAX_BODY, 8,
                            parse_one, &ej, err);
  for (size_t i = 0; i < n; i++)
    free (full[i]);
  free (full);
  return r;
}

static json_t *
inspect (hb_engine *e, const char *kind, const char *name, hb_error **err)
{
  if (*name == '\0' || strlen (name) > 1024)
    {
      hb_fail (err, HB_EXIT_NOT_FOUND, "no such %s", kind);
      return NULL;
    }
  cleanup_free char *esc = hb_engine_escape (name);
  cleanup_free char *path = xasprintf ("/%ss/%s/json", kind, esc);
  json_t *j = hb_engine_get_json (e, path, err);
  if (j != NULL && !json_is_object (j))
    {
      json_decref (j);
      hb_fail (err, HB_EXIT_ENGINE, "%s: the engine's answer is not an object", path);
      return NULL;
    }
  return j;
}

json_t *
hb_engine_inspect_container (hb_engine *e, const char *name, hb_error **err)
{
  /* A name with '/' is never a container: do not let it route elsewhere. */
  if (strchr (name, '/') != NULL)
    {
      hb_fail (err, HB_EXIT_NOT_FOUND, "no such container");
      return NULL;
    }
  return inspect (e, "container", name, err);
}

json_t *
hb_engine_inspect_image (hb_engine *e, const char *name, hb_error **err)
{
  return inspect (e, "image", name, err);
}

#define TEMPORARY_LABEL "org.hardenbench.temporary"
#define OWNER_LABEL "org.hardenbench.owner"

/* "BOOT_ID:PID" of this process: which hardenbench made a temporary
 * container, so a later run can tell whether its maker is gone. */
static char *
owner_tag (void)
{
  char boot[64] = "";
  FILE *f = fopen ("/proc/sys/kernel/random/boot_id", "re");
  if (f)
    {
      if (fgets (boot, sizeof boot, f) == NULL)
        boot[0] = '\0';
      fclose (f);
    }
  boot[strcspn (boot, "\n")] = '\0';
  return xasprintf ("%s:%d", boot, (int) getpid ());
}

void
hb_engine_sweep_temporaries (hb_engine *e)
{
  /* Only a local engine's containers can have been made by a process of
   * this machine; a shared remote engine's may belong to a live run
   * elsewhere. */
  if (!hb_engine_is_local (e))
    return;
  cleanup_free char *filter = hb_engine_escape ("{\"label\":[\"" TEMPORARY_LABEL "\"]}");
  cleanup_free char *path = xasprintf ("/containers/json?all=1&filters=%s", filter);
  hb_error *err = NULL;
  cleanup_json json_t *list = request_json (e, "GET", path, NULL, &err);
  hb_error_free (err);
  if (!json_is_array (list))
    return;
  cleanup_free char *mine = owner_tag ();
  char *colon = strrchr (mine, ':');
  size_t boot_len = colon ? (size_t) (colon - mine) : 0;
  size_t i;
  json_t *c;
  json_array_foreach (list, i, c)
    {
      const char *id = json_string_value (json_object_get (c, "Id"));
      const char *owner = json_string_value (json_object_get (json_object_get (c, "Labels"), OWNER_LABEL));
      if (id == NULL || owner == NULL || boot_len == 0)
        continue;
      const char *ocolon = strrchr (owner, ':');
      int pid = ocolon ? atoi (ocolon + 1) : 0;
      if (ocolon == NULL || (size_t) (ocolon - owner) != boot_len || strncmp (owner, mine, boot_len) != 0
          || pid <= 0)
        continue;
      if (kill (pid, 0) == 0 || errno != ESRCH)
        continue;
      hb_error *rm = NULL;
      hb_engine_remove_container (e, id, &rm);
      hb_error_free (rm);
    }
}

int
hb_engine_create_temporary (hb_engine *e, const char *image, char **id, hb_error **err)
{
  hb_engine_sweep_temporaries (e);
  cleanup_free char *owner = owner_tag ();
  cleanup_json json_t *req = json_pack ("{s:s, s:[s], s:[], s:b, s:{s:s, s:s}}",
                                        "Image", image,
                                        "Entrypoint", "/hardenbench-never-runs",
                                        "Cmd",
                                        "NetworkDisabled", 1,
                                        "Labels", TEMPORARY_LABEL, "export",
                                        OWNER_LABEL, owner);
  cleanup_free char *body = json_dumps (req, JSON_COMPACT);
  cleanup_json json_t *resp = request_json (e, "POST", "/containers/create", body, err);
  if (resp == NULL)
    return hb_error_wrap (err, "creating a temporary container of %s", image);
  const char *cid = NULL;
  if (hb_jget_string (resp, "Id", "", &cid, err) < 0)
    return -1;
  if (cid == NULL || strlen (cid) < 12 || strspn (cid, "0123456789abcdef") != strlen (cid))
    return hb_fail (err, HB_EXIT_ENGINE, "creating a temporary container of %s: the engine "
                    "gave no valid id", image);
  *id = xstrdup (cid);
  return 0;
}

int
hb_engine_remove_container (hb_engine *e, const char *id, hb_error **err)
{
  cleanup_free char *esc = hb_engine_escape (id);
  cleanup_free char *path = xasprintf ("/containers/%s?force=1&v=1", esc);
  cleanup_json json_t *j = request_json (e, "DELETE", path, NULL, err);
  return j ? 0 : -1;
}

int
hb_engine_export (hb_engine *e, const char *id, int fd, uint64_t max, hb_error **err)
{
  cleanup_free char *esc = hb_engine_escape (id);
  cleanup_free char *path = xasprintf ("/v%s/containers/%s/export", e->api_version, esc);
  return hb_http_download (e->http, path, fd, max, err);
}
