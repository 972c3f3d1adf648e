/* http.h - HTTP/1.1 to an engine over a unix socket or tcp, through libcurl.
 *
 * libcurl does the protocol (chunked decoding included); this layer adds
 * what an engine client needs: an address ("unix:///path", "tcp://h:p"),
 * timeouts on connect and on every call, bounded bodies, streaming to a file
 * descriptor, many GETs in parallel, and errors that name the socket. */
#ifndef HB_ENGINE_HTTP_H
#define HB_ENGINE_HTTP_H

#include "core/error.h"
#include "engine/endpoint.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A JSON body larger than this is an error, not an allocation. */
#define HB_HTTP_MAX_BODY (64u * 1024 * 1024)

typedef struct hb_http hb_http;

typedef struct hb_http_response {
  long status;          /* HTTP status, 0 when the request failed */
  char *body;           /* NUL-terminated, newly allocated */
  size_t len;
  char *api_version;    /* the "Api-Version" header, when present */
  char *server;         /* the "Server" header ("Docker/20.10.24 (linux)"), when present */
} hb_http_response;

/* ep->url: "unix:///path", "tcp://host:port" (TLS as ep says),
 * "http://host:port", "https://host:port" or "ssh://[user@]host[:port]".
 * Nothing is connected yet.  Errors: HB_EXIT_ENGINE (unsupported scheme,
 * bad host). */
hb_http *hb_http_new (const hb_endpoint *ep, hb_error **err);
void hb_http_free (hb_http *h);
/* The address as given (borrowed). */
const char *hb_http_url (const hb_http *h);
/* The unix socket path, or NULL for tcp. */
const char *hb_http_socket (const hb_http *h);
/* Set the per-call total timeout (ms); 0 keeps the default. */
void hb_http_set_timeout (hb_http *h, long timeout_ms);

/* One request.  method "GET", "POST", "DELETE"; body is JSON or NULL.  A
 * transport failure (no socket, permission, timeout, hang-up, a body over
 * max bytes) is an error with HB_EXIT_ENGINE; any HTTP status is a
 * success of this function, reported in resp->status. */
int hb_http_request (hb_http *h, const char *method, const char *path, const char *body,
                     size_t max, hb_http_response *resp, hb_error **err);

/* GET path and write the body to fd as it arrives (no timeout on the total,
 * a low-speed limit instead); at most max bytes.  Non-2xx: an error with the
 * engine's message. */
int hb_http_download (hb_http *h, const char *path, int fd, uint64_t max, hb_error **err);

/* GET every path, up to `parallel` at a time (one over ssh), calling fn
 * with the index of each path and its response as soon as it arrives, in
 * any order (fn may steal the body; the response is cleared after).  A
 * transport failure, or fn returning -1, stops everything with -1. */
typedef int (*hb_http_each_fn) (size_t i, hb_http_response *resp, void *data, hb_error **err);
int hb_http_get_each (hb_http *h, const char *const *paths, size_t n, size_t max,
                      unsigned parallel, hb_http_each_fn fn, void *data, hb_error **err);

void hb_http_response_clear (hb_http_response *r);

/* The engine's error message of a non-2xx response ({"message": ...}),
 * sanitised for a terminal; newly allocated. */
char *hb_http_error_message (const hb_http_response *r);

#endif
