/* http.c - engine HTTP through libcurl: addresses (unix, tcp with or
 * without TLS, ssh), timeouts, bounded bodies, streaming downloads,
 * parallel GETs, and errors that say how to fix them.
 *
 * ssh://[user@]host[:port]: libcurl talks to the private unix socket of an
 * ssh relay (ssh_relay.h), which turns each connection into
 * `ssh ... docker system dial-stdio`. */
#include "config.h"

#include "engine/http.h"
#include "engine/curl_dl.h"
#include "engine/ssh_relay.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define CONNECT_TIMEOUT_MS 5000L
#define DEFAULT_TIMEOUT_MS 60000L
/* Downloads have no total timeout: they fail when slower than this. */
#define LOW_SPEED_BYTES 1L
#define LOW_SPEED_SECONDS 60L

struct hb_http {
  char *url;        /* as given */
  char *socket;     /* unix socket path, or NULL */
  char *base;       /* "http://localhost", "http://host:port" or "https://host:port" */
  long timeout_ms;
  CURL *easy;       /* kept for connection reuse between calls */
  /* TLS (https base) */
  bool verify;
  char *ca, *cert, *key;
  hb_ssh_relay *ssh;  /* ssh://, else NULL */
};

static int
global_init (hb_error **err)
{
  static bool done;
  if (!done)
    {
      if (hb_curl_load (err) < 0)
        return -1;
      curl_global_init (CURL_GLOBAL_DEFAULT);
      done = true;
    }
  return 0;
}

/* tcp://host:port -> "host:port" checked (n chars at *hostport). */
static int
parse_hostport (const char *url, const char **hostport, size_t *n, hb_error **err)
{
  const char *hp = strstr (url, "://") + 3;
  size_t len = strcspn (hp, "/");
  if (len == 0)
    return hb_fail (err, HB_EXIT_ENGINE, "engine address %s: no host", url);
  for (size_t i = 0; i < len; i++)
    if (!(hp[i] == '.' || hp[i] == ':' || hp[i] == '-' || hp[i] == '[' || hp[i] == ']'
          || hp[i] == '_' || (hp[i] >= '0' && hp[i] <= '9') || (hp[i] >= 'a' && hp[i] <= 'z')
          || (hp[i] >= 'A' && hp[i] <= 'Z')))
      return hb_fail (err, HB_EXIT_ENGINE, "engine address %s: bad host", url);
  *hostport = hp;
  *n = len;
  return 0;
}

hb_http *
hb_http_new (const hb_endpoint *ep, hb_error **err)
{
  if (global_init (err) < 0)
    return NULL;
  const char *url = ep->url;
  hb_http *h = xcalloc (1, sizeof *h);
  h->url = xstrdup (url);
  h->timeout_ms = DEFAULT_TIMEOUT_MS;
  if (text_has_prefix (url, "unix://"))
    {
      const char *path = url + strlen ("unix://");
      if (path[0] != '/')
        {
          hb_fail (err, HB_EXIT_ENGINE, "engine address %s: the socket path must be absolute "
                   "(unix:///path)", url);
          goto fail;
        }
      h->socket = xstrdup (path);
      h->base = xstrdup ("http://localhost");
    }
  else if (text_has_prefix (url, "tcp://") || text_has_prefix (url, "http://")
           || text_has_prefix (url, "https://"))
    {
      const char *hostport = NULL;
      size_t n = 0;
      if (parse_hostport (url, &hostport, &n, err) < 0)
        goto fail;
      bool tls = ep->tls || text_has_prefix (url, "https://");
      h->base = xasprintf ("%s://%.*s", tls ? "https" : "http", (int) n, hostport);
      h->verify = ep->verify;
      h->ca = ep->ca ? xstrdup (ep->ca) : NULL;
      h->cert = ep->cert ? xstrdup (ep->cert) : NULL;
      h->key = ep->key ? xstrdup (ep->key) : NULL;
    }
  else if (text_has_prefix (url, "ssh://"))
    {
      if ((h->ssh = hb_ssh_relay_start (url, err)) == NULL)
        goto fail;
      h->base = xstrdup ("http://localhost");
    }
  else
    {
      cleanup_free char *clean = text_sanitize (url);
      hb_fail (err, HB_EXIT_ENGINE, "engine address %s: unsupported (use unix:///path, "
               "tcp://host:port or ssh://[user@]host[:port])", clean);
      goto fail;
    }
  return h;
fail:
  hb_http_free (h);
  return NULL;
}

void
hb_http_free (hb_http *h)
{
  if (h == NULL)
    return;
  if (h->easy)
    curl_easy_cleanup (h->easy);
  /* After libcurl closed its connections: the relay's ssh children have
   * seen EOF. */
  hb_ssh_relay_stop (h->ssh);
  free (h->url);
  free (h->socket);
  free (h->base);
  free (h->ca);
  free (h->cert);
  free (h->key);
  free (h);
}

const char *
hb_http_url (const hb_http *h)
{
  return h->url;
}

const char *
hb_http_socket (const hb_http *h)
{
  return h->socket;
}

void
hb_http_set_timeout (hb_http *h, long timeout_ms)
{
  if (timeout_ms > 0)
    h->timeout_ms = timeout_ms;
}

void
hb_http_response_clear (hb_http_response *r)
{
  free (r->body);
  free (r->api_version);
  free (r->server);
  memset (r, 0, sizeof *r);
}

/* --- where bodies go ---------------------------------------------------- */

typedef struct sink {
  /* memory */
  char *buf;
  size_t len, cap, max;
  /* or a file descriptor */
  int fd;
  uint64_t written, max_written;
  int write_errno;
  bool too_big;
  char *api_version;
  char *server;
  char errbuf[CURL_ERROR_SIZE];
} sink;

static size_t
write_memory (char *data, size_t size, size_t nmemb, void *userdata)
{
  sink *s = userdata;
  size_t n = size * nmemb;
  if (n > s->max - s->len)
    {
      s->too_big = true;
      return 0; /* makes curl fail with CURLE_WRITE_ERROR */
    }
  if (s->len + n + 1 > s->cap)
    {
      size_t cap = s->cap ? s->cap : 16384;
      while (cap < s->len + n + 1)
        cap *= 2;
      if (cap > s->max + 1)
        cap = s->max + 1;
      s->buf = xrealloc (s->buf, cap);
      s->cap = cap;
    }
  memcpy (s->buf + s->len, data, n);
  s->len += n;
  s->buf[s->len] = '\0';
  return n;
}

static size_t
write_fd (char *data, size_t size, size_t nmemb, void *userdata)
{
  sink *s = userdata;
  size_t n = size * nmemb;
  if ((uint64_t) n > s->max_written - s->written)
    {
      s->too_big = true;
      return 0;
    }
  /* An error body is small: keep it in memory for the message. */
  size_t off = 0;
  while (off < n)
    {
      ssize_t w = write (s->fd, data + off, n - off);
      if (w < 0 && errno == EINTR)
        continue;
      if (w < 0)
        {
          s->write_errno = errno;
          return 0;
        }
      off += (size_t) w;
    }
  s->written += n;
  return n;
}

/* The value of header name (lower case, with the colon) in the raw header
 * line data, trimmed and newly allocated; NULL when it is another header. */
static char *
header_value (const char *data, size_t n, const char *name)
{
  size_t nl = strlen (name);
  if (n <= nl || n >= 256 || strncasecmp (data, name, nl) != 0)
    return NULL;
  const char *v = data + nl;
  size_t vn = n - nl;
  while (vn > 0 && (*v == ' ' || *v == '\t'))
    v++, vn--;
  while (vn > 0 && (v[vn - 1] == '\r' || v[vn - 1] == '\n' || v[vn - 1] == ' '))
    vn--;
  return xstrndup (v, vn);
}

static size_t
on_header (char *data, size_t size, size_t nmemb, void *userdata)
{
  sink *s = userdata;
  size_t n = size * nmemb;
  char *v;
  if ((v = header_value (data, n, "api-version:")) != NULL)
    {
      free (s->api_version);
      s->api_version = v;
    }
  else if ((v = header_value (data, n, "server:")) != NULL)
    {
      free (s->server);
      s->server = v;
    }
  return n;
}

/* --- errors ----------------------------------------------------------------- */

static int
fail_permission (const hb_http *h, hb_error **err)
{
  struct stat st;
  if (stat (h->socket, &st) < 0)
    return hb_fail (err, HB_EXIT_ENGINE, "permission denied on %s: run as root or as a user "
                    "allowed to use the engine", h->url);
  struct group *gr = getgrgid (st.st_gid);
  struct passwd *pw = getpwuid (st.st_uid);
  cleanup_free char *user = pw ? xstrdup (pw->pw_name) : xasprintf ("%u", (unsigned) st.st_uid);
  cleanup_free char *group = gr ? xstrdup (gr->gr_name) : xasprintf ("%u", (unsigned) st.st_gid);
  if ((st.st_mode & 0060) == 0060 && st.st_gid != 0)
    return hb_fail (err, HB_EXIT_ENGINE, "permission denied on %s (owner %s:%s, mode %04o): "
                    "add yourself to group %s (sudo usermod -aG %s $USER, then log in again) "
                    "or run as root", h->url, user, group, (unsigned) (st.st_mode & 07777),
                    group, group);
  return hb_fail (err, HB_EXIT_ENGINE, "permission denied on %s (owner %s:%s, mode %04o): run "
                  "as user %s or as root", h->url, user, group,
                  (unsigned) (st.st_mode & 07777), user);
}

/* A TLS failure said in terms of what to fix; 0 when rc is not one. */
static int
fail_tls (const hb_http *h, CURLcode rc, const char *detail, hb_error **err)
{
  const char *ca = h->ca ? h->ca : "the system's CAs (no ca.pem given)";
  switch (rc)
    {
    case CURLE_PEER_FAILED_VERIFICATION:
      if (strstr (detail, "subject name") || strstr (detail, "does not match")
          || strstr (detail, "not match target host"))
        return hb_fail (err, HB_EXIT_ENGINE, "engine at %s: its TLS certificate is not for this "
                        "host name (%s): connect with a name the certificate lists, or give the "
                        "engine a certificate whose subjectAltName has this one", h->url, detail);
      return hb_fail (err, HB_EXIT_ENGINE, "engine at %s: its TLS certificate is not trusted by "
                      "%s (%s): check --tlscacert or ca.pem in DOCKER_CERT_PATH", h->url, ca,
                      detail);
    case CURLE_SSL_CACERT_BADFILE:
      return hb_fail (err, HB_EXIT_ENGINE, "engine at %s: cannot use the CA file %s (%s)",
                      h->url, ca, detail);
    case CURLE_SSL_CERTPROBLEM:
      return hb_fail (err, HB_EXIT_ENGINE, "engine at %s: cannot use the client certificate "
                      "%s with key %s (%s)", h->url, h->cert ? h->cert : "(none)",
                      h->key ? h->key : "(none)", detail);
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
      if (strstr (detail, "wrong version number") || strstr (detail, "packet length too long")
          || strstr (detail, "record layer failure"))
        return hb_fail (err, HB_EXIT_ENGINE, "engine at %s does not speak TLS (%s): it answers "
                        "plain HTTP; drop --tlsverify/DOCKER_TLS_VERIFY or use its TLS port",
                        h->url, detail);
      if (strstr (detail, "alert") && (strstr (detail, "certificate") || strstr (detail, "unknown ca")))
        return hb_fail (err, HB_EXIT_ENGINE, "engine at %s refused our client certificate (%s): "
                        "give one its CA signed with --tlscert/--tlskey or cert.pem/key.pem in "
                        "DOCKER_CERT_PATH (used: %s)", h->url, detail,
                        h->cert ? h->cert : "none");
      if (rc == CURLE_SSL_CONNECT_ERROR)
        return hb_fail (err, HB_EXIT_ENGINE, "engine at %s: TLS handshake failed (%s)", h->url,
                        detail);
      return 0;
    default:
      return 0;
    }
}

static int
fail_transport (const hb_http *h, CURL *c, CURLcode rc, const sink *s, uint64_t max,
                hb_error **err)
{
  long oserr = 0;
  curl_easy_getinfo (c, CURLINFO_OS_ERRNO, &oserr);
  if (s->too_big)
    return hb_fail (err, HB_EXIT_ENGINE, "engine at %s: response larger than %llu bytes, "
                    "refused", h->url, (unsigned long long) max);
  if (s->write_errno)
    return hb_fail_errno (err, s->write_errno, HB_EXIT_FAILURE, "saving the response of %s",
                          h->url);
  cleanup_free char *detail = text_sanitize (s->errbuf[0] ? s->errbuf : curl_easy_strerror (rc));
  if (h->ssh && rc != CURLE_OPERATION_TIMEDOUT)
    {
      cleanup_free char *why = hb_ssh_relay_last_error (h->ssh);
      if (why)
        return hb_fail (err, HB_EXIT_ENGINE, "engine at %s: ssh failed: %s", h->url, why);
    }
  if (text_has_prefix (h->base, "https://"))
    {
      int r = fail_tls (h, rc, detail, err);
      if (r != 0)
        return r;
    }
  switch (rc)
    {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
      if (h->socket && (oserr == EACCES || oserr == EPERM))
        return fail_permission (h, err);
      return hb_fail (err, HB_EXIT_ENGINE, "no Docker engine at %s — is dockerd running? "
                      "set DOCKER_HOST or --engine", h->url);
    case CURLE_OPERATION_TIMEDOUT:
      return hb_fail (err, HB_EXIT_ENGINE, "engine at %s did not answer in time (%s)", h->url,
                      "timeout");
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
      return hb_fail (err, HB_EXIT_ENGINE, "engine at %s hung up mid-response", h->url);
    default:
      return hb_fail (err, HB_EXIT_ENGINE, "engine at %s: %s", h->url, detail);
    }
}

/* --- requests ---------------------------------------------------------------- */

static void
setup (hb_http *h, CURL *c, const char *path, sink *s)
{
  curl_easy_reset (c);
  cleanup_free char *full = xasprintf ("%s%s", h->base, path);
  curl_easy_setopt (c, CURLOPT_URL, full);
  if (h->socket || h->ssh)
    curl_easy_setopt (c, CURLOPT_UNIX_SOCKET_PATH,
                      h->socket ? h->socket : hb_ssh_relay_socket (h->ssh));
  bool tls = text_has_prefix (h->base, "https://");
#if LIBCURL_VERSION_NUM >= 0x075500
  curl_easy_setopt (c, CURLOPT_PROTOCOLS_STR, tls ? "https" : "http");
#else
  curl_easy_setopt (c, CURLOPT_PROTOCOLS, (long) (tls ? CURLPROTO_HTTPS : CURLPROTO_HTTP));
#endif
  if (tls)
    {
      curl_easy_setopt (c, CURLOPT_SSL_VERIFYPEER, h->verify ? 1L : 0L);
      curl_easy_setopt (c, CURLOPT_SSL_VERIFYHOST, h->verify ? 2L : 0L);
      if (h->ca)
        {
          /* Only the engine's CA, as the docker CLI: not also the system's. */
          curl_easy_setopt (c, CURLOPT_CAINFO, h->ca);
          curl_easy_setopt (c, CURLOPT_CAPATH, NULL);
        }
      if (h->cert)
        curl_easy_setopt (c, CURLOPT_SSLCERT, h->cert);
      if (h->key)
        curl_easy_setopt (c, CURLOPT_SSLKEY, h->key);
    }
  curl_easy_setopt (c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (c, CURLOPT_NOPROXY, "*");
  curl_easy_setopt (c, CURLOPT_CONNECTTIMEOUT_MS, CONNECT_TIMEOUT_MS);
  curl_easy_setopt (c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt (c, CURLOPT_ERRORBUFFER, s->errbuf);
  curl_easy_setopt (c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt (c, CURLOPT_HEADERDATA, s);
  curl_easy_setopt (c, CURLOPT_USERAGENT, "hardenbench/" PACKAGE_VERSION);
  s->errbuf[0] = '\0';
}

static void
setup_memory (hb_http *h, CURL *c, const char *path, size_t max, sink *s)
{
  memset (s, 0, sizeof *s);
  s->max = max;
  setup (h, c, path, s);
  curl_easy_setopt (c, CURLOPT_WRITEFUNCTION, write_memory);
  curl_easy_setopt (c, CURLOPT_WRITEDATA, s);
  curl_easy_setopt (c, CURLOPT_TIMEOUT_MS, h->timeout_ms);
}

static void
sink_to_response (sink *s, CURL *c, hb_http_response *resp)
{
  curl_easy_getinfo (c, CURLINFO_RESPONSE_CODE, &resp->status);
  resp->body = s->buf ? s->buf : xstrdup ("");
  resp->len = s->len;
  resp->api_version = s->api_version;
  resp->server = s->server;
  s->buf = NULL;
  s->api_version = NULL;
  s->server = NULL;
}

static void
sink_clear (sink *s)
{
  free (s->buf);
  free (s->api_version);
  free (s->server);
  s->buf = NULL;
  s->api_version = NULL;
  s->server = NULL;
}

int
hb_http_request (hb_http *h, const char *method, const char *path, const char *body,
                 size_t max, hb_http_response *resp, hb_error **err)
{
  memset (resp, 0, sizeof *resp);
  if (h->easy == NULL)
    h->easy = curl_easy_init ();
  if (h->easy == NULL)
    return hb_fail (err, HB_EXIT_ENGINE, "engine at %s: cannot initialise libcurl", h->url);
  CURL *c = h->easy;
  sink s;
  setup_memory (h, c, path, max, &s);
  struct curl_slist *headers = NULL;
  if (strcmp (method, "GET") != 0)
    curl_easy_setopt (c, CURLOPT_CUSTOMREQUEST, method);
  if (body != NULL)
    {
      headers = curl_slist_append (headers, "Content-Type: application/json");
      curl_easy_setopt (c, CURLOPT_HTTPHEADER, headers);
      curl_easy_setopt (c, CURLOPT_POSTFIELDS, body);
      curl_easy_setopt (c, CURLOPT_POSTFIELDSIZE, (long) strlen (body));
    }
  else if (strcmp (method, "POST") == 0)
    {
      curl_easy_setopt (c, CURLOPT_POSTFIELDS, "");
      curl_easy_setopt (c, CURLOPT_POSTFIELDSIZE, 0L);
    }
  CURLcode rc = curl_easy_perform (c);
  curl_slist_free_all (headers);
  if (rc != CURLE_OK)
    {
      int r = fail_transport (h, c, rc, &s, max, err);
      sink_clear (&s);
      return r;
    }
  sink_to_response (&s, c, resp);
  return 0;
}

int
hb_http_download (hb_http *h, const char *path, int fd, uint64_t max, hb_error **err)
{
  if (h->easy == NULL)
    h->easy = curl_easy_init ();
  if (h->easy == NULL)
    return hb_fail (err, HB_EXIT_ENGINE, "engine at %s: cannot initialise libcurl", h->url);
  CURL *c = h->easy;
  sink s;
  memset (&s, 0, sizeof s);
  s.fd = fd;
  s.max_written = max;
  setup (h, c, path, &s);
  curl_easy_setopt (c, CURLOPT_WRITEFUNCTION, write_fd);
  curl_easy_setopt (c, CURLOPT_WRITEDATA, &s);
  curl_easy_setopt (c, CURLOPT_LOW_SPEED_LIMIT, LOW_SPEED_BYTES);
  curl_easy_setopt (c, CURLOPT_LOW_SPEED_TIME, LOW_SPEED_SECONDS);
  /* Do not write an error body into the file: fail on >= 400 before it. */
  curl_easy_setopt (c, CURLOPT_FAILONERROR, 1L);
  CURLcode rc = curl_easy_perform (c);
  long status = 0;
  curl_easy_getinfo (c, CURLINFO_RESPONSE_CODE, &status);
  free (s.api_version);
  free (s.server);
  if (rc == CURLE_HTTP_RETURNED_ERROR)
    {
      /* Ask again without FAILONERROR, only for the message. */
      hb_http_response resp;
      if (hb_http_request (h, "GET", path, NULL, 65536, &resp, NULL) == 0 && resp.status >= 400)
        {
          cleanup_free char *msg = hb_http_error_message (&resp);
          hb_http_response_clear (&resp);
          return hb_fail (err, status == 404 ? HB_EXIT_NOT_FOUND : HB_EXIT_ENGINE,
                          "engine at %s: HTTP %ld: %s", h->url, status, msg);
        }
      hb_http_response_clear (&resp);
      return hb_fail (err, HB_EXIT_ENGINE, "engine at %s: HTTP %ld", h->url, status);
    }
  if (rc != CURLE_OK)
    return fail_transport (h, c, rc, &s, max, err);
  return 0;
}

int
hb_http_get_each (hb_http *h, const char *const *paths, size_t n, size_t max,
                  unsigned parallel, hb_http_each_fn fn, void *data, hb_error **err)
{
  if (n == 0)
    return 0;
  if (parallel == 0 || h->ssh)
    parallel = 1; /* over ssh, each connection is an ssh login */
  if (parallel > n)
    parallel = (unsigned) n;
  CURLM *m = curl_multi_init ();
  if (m == NULL)
    return hb_fail (err, HB_EXIT_ENGINE, "engine at %s: cannot initialise libcurl", h->url);
  curl_multi_setopt (m, CURLMOPT_MAX_HOST_CONNECTIONS, (long) parallel);

  CURL **handles = xcalloc (parallel, sizeof *handles);
  sink *sinks = xcalloc (parallel, sizeof *sinks);
  size_t *index = xcalloc (parallel, sizeof *index);
  size_t next = 0, done = 0;
  int ret = 0;

  for (unsigned k = 0; k < parallel; k++)
    {
      handles[k] = curl_easy_init ();
      if (handles[k] == NULL)
        {
          ret = hb_fail (err, HB_EXIT_ENGINE, "engine at %s: cannot initialise libcurl", h->url);
          goto out;
        }
      index[k] = next;
      setup_memory (h, handles[k], paths[next++], max, &sinks[k]);
      curl_easy_setopt (handles[k], CURLOPT_PRIVATE, (void *) (uintptr_t) k);
      curl_multi_add_handle (m, handles[k]);
    }

  while (done < n)
    {
      int running = 0;
      CURLMcode mc = curl_multi_perform (m, &running);
      if (mc == CURLM_OK && running > 0)
        mc = curl_multi_poll (m, NULL, 0, 1000, NULL);
      if (mc != CURLM_OK)
        {
          ret = hb_fail (err, HB_EXIT_ENGINE, "engine at %s: %s", h->url,
                         curl_multi_strerror (mc));
          goto out;
        }
      CURLMsg *msg;
      int left;
      while ((msg = curl_multi_info_read (m, &left)) != NULL)
        {
          if (msg->msg != CURLMSG_DONE)
            continue;
          CURL *c = msg->easy_handle;
          char *priv = NULL;
          curl_easy_getinfo (c, CURLINFO_PRIVATE, &priv);
          size_t k = (size_t) (uintptr_t) priv;
          CURLcode rc = msg->data.result;
          curl_multi_remove_handle (m, c);
          if (rc != CURLE_OK)
            {
              ret = fail_transport (h, c, rc, &sinks[k], max, err);
              goto out;
            }
          /* Handed over as it arrives: its parsing overlaps the engine's
           * work on the next ones. */
          hb_http_response resp = { 0 };
          sink_to_response (&sinks[k], c, &resp);
          int fr = fn (index[k], &resp, data, err);
          hb_http_response_clear (&resp);
          if (fr < 0)
            {
              ret = -1;
              goto out;
            }
          done++;
          if (next < n)
            {
              index[k] = next;
              setup_memory (h, c, paths[next++], max, &sinks[k]);
              curl_easy_setopt (c, CURLOPT_PRIVATE, (void *) (uintptr_t) k);
              curl_multi_add_handle (m, c);
            }
        }
    }

out:
  for (unsigned k = 0; k < parallel; k++)
    if (handles[k])
      {
        curl_multi_remove_handle (m, handles[k]);
        curl_easy_cleanup (handles[k]);
        sink_clear (&sinks[k]);
      }
  curl_multi_cleanup (m);
  free (handles);
  free (sinks);
  free (index);
  return ret;
}

char *
hb_http_error_message (const hb_http_response *r)
{
  json_error_t jerr;
  cleanup_json json_t *j = r->body ? json_loadb (r->body, r->len, 0, &jerr) : NULL;
  json_t *m = json_is_object (j) ? json_object_get (j, "message") : NULL;
  const char *text = json_is_string (m) ? json_string_value (m) : NULL;
  cleanup_free char *raw = NULL;
  if (text == NULL && r->body && r->len > 0 && r->len < 4096)
    text = raw = xstrndup (r->body, r->len);
  if (text == NULL || *text == '\0')
    return xasprintf ("HTTP status %ld", r->status);
  /* An engine's message fits on a line. */
  cleanup_free char *cut = xstrndup (text, 400);
  char *nl;
  while ((nl = strchr (cut, '\n')) != NULL)
    *nl = ' ';
  return text_sanitize (cut);
}
