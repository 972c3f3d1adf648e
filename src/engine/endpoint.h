/* endpoint.h - which engine to reach, and how, as the docker CLI decides it.
 *
 * The order is the docker CLI's: --context, then --engine/--host, then
 * $DOCKER_HOST, then $DOCKER_CONTEXT, then "currentContext" of
 * $DOCKER_CONFIG/config.json (~/.docker), then the default sockets.  A
 * context's endpoint and TLS files come from
 * $DOCKER_CONFIG/contexts/{meta,tls}/<digest>/.  TLS for an address given
 * directly comes from --tls/--tlsverify/--tlscacert/--tlscert/--tlskey,
 * $DOCKER_TLS_VERIFY, $DOCKER_TLS and $DOCKER_CERT_PATH (ca.pem, cert.pem,
 * key.pem). */
#ifndef HB_ENGINE_ENDPOINT_H
#define HB_ENGINE_ENDPOINT_H

#include "core/error.h"
#include "engine/target.h"

#include <stdbool.h>

typedef struct hb_endpoint {
  char *url;      /* "unix:///path", "tcp://host:port", "ssh://user@host:port" */
  char *via;      /* how it was chosen: "--engine", "DOCKER_HOST", "context NAME", "default" */
  bool tls;       /* tcp only: speak TLS */
  bool verify;    /* check the engine's certificate (against ca, else the system's CAs) */
  char *ca;       /* PEM files, NULL when none */
  char *cert;
  char *key;
} hb_endpoint;

/* Fill ep from opts, the environment and the docker CLI's files.  Errors:
 * HB_EXIT_USAGE for --context with --engine, HB_EXIT_ENGINE for a context
 * that does not exist or is malformed, a TLS file that is missing. */
int hb_endpoint_resolve (const hb_engine_opts *opts, hb_endpoint *ep, hb_error **err);
void hb_endpoint_clear (hb_endpoint *ep);

/* A context of the docker CLI: its endpoint (url, TLS) from the meta and
 * tls directories under config_dir.  "default" is not a stored context:
 * returns 0 with ep->url NULL.  Errors: HB_EXIT_ENGINE. */
int hb_context_endpoint (const char *config_dir, const char *name, hb_endpoint *ep,
                         hb_error **err);
/* "currentContext" of config_dir/config.json, newly allocated; NULL when
 * the file or the key is absent.  A malformed file is an error (*err set,
 * NULL returned). */
char *hb_context_current (const char *config_dir, hb_error **err);
/* $DOCKER_CONFIG, else $HOME/.docker; newly allocated. */
char *hb_docker_config_dir (void);

#endif
