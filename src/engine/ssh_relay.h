/* ssh_relay.h - an engine at ssh://[user@]host[:port], reached as the
 * docker CLI reaches it: every connection is
 *   ssh -o ConnectTimeout=30 -o BatchMode=yes -T [-l user] [-p port] -- host
 *       docker system dial-stdio
 * with the connection as its stdin and stdout.
 *
 * libcurl (7.88) cannot be handed an already connected socket, so a small
 * relay process listens on a unix socket in a private directory (mode 0700)
 * and gives each connection it accepts to a new ssh; libcurl connects there
 * with CURLOPT_UNIX_SOCKET_PATH.  The relay ends, removes the socket and
 * stops its ssh children when hardenbench closes the engine or exits. */
#ifndef HB_ENGINE_SSH_RELAY_H
#define HB_ENGINE_SSH_RELAY_H

#include "core/error.h"

typedef struct hb_ssh_relay hb_ssh_relay;

/* Check url (no option-like user or host, no path) and start the relay.
 * Errors: HB_EXIT_ENGINE. */
hb_ssh_relay *hb_ssh_relay_start (const char *url, hb_error **err);
/* The unix socket to connect to (borrowed). */
const char *hb_ssh_relay_socket (const hb_ssh_relay *r);
/* The last line the ssh children (or the remote docker) wrote on stderr,
 * sanitised, newly allocated; NULL when none. */
char *hb_ssh_relay_last_error (const hb_ssh_relay *r);
void hb_ssh_relay_stop (hb_ssh_relay *r);

#endif
