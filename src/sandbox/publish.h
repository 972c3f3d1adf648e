/* publish.h - `--publish [IP:]HOST:CONT`: forward host TCP ports into the
 * trial's network namespace. */
#ifndef HB_SANDBOX_PUBLISH_H
#define HB_SANDBOX_PUBLISH_H

#include "core/error.h"
#include "core/strv.h"

#include <stdint.h>
#include <sys/types.h>

typedef struct hb_publish hb_publish;

/* Parse the specs and listen on the host ports (127.0.0.1 unless an IP is
 * given).  Usage errors: HB_EXIT_USAGE; a busy port: HB_EXIT_SANDBOX. */
hb_publish *hb_publish_new (const strv *specs, hb_error **err);
/* Start forwarding into pid's network namespace; fds are added to epfd
 * with data (id << 8) | tag. */
int hb_publish_attach (hb_publish *p, pid_t pid, int epfd, int tag, hb_error **err);
/* Without root: make the container-side sockets through the namespace
 * helper (setns into the trial's network namespace needs capabilities in
 * its user namespace).  Call before hb_publish_attach; h outlives p. */
struct hb_nshelper;
void hb_publish_use_helper (hb_publish *p, struct hb_nshelper *h);
/* An epoll event for id. */
void hb_publish_handle (hb_publish *p, uint64_t id, uint32_t events);
void hb_publish_free (hb_publish *p);

/* "[IP:]HOST:CONT[/tcp]" -> parts; -1 on a bad spec. */
int hb_publish_parse (const char *spec, char *ip, size_t iplen, unsigned *host, unsigned *cont);

#endif
