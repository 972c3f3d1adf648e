/* export_common.h - what the exporters share: notes, names, the image, the
 * seccomp side file, user, port and tmpfs option parsing.  Internal to
 * src/export/. */
#ifndef HB_EXPORT_EXPORT_COMMON_H
#define HB_EXPORT_EXPORT_COMMON_H

#include "export/export.h"

#include <stdbool.h>
#include <stdint.h>

/* Record "what the format cannot express". */
void hb_export_note (hb_export_ctx *ctx, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));

/* The image reference to put in the export: ctx->image, else the policy's
 * target image.  None (a directory target): HB_EXIT_USAGE naming --image. */
const char *hb_export_image (const hb_export_ctx *ctx, const char *format, hb_error **err);

/* The same, made unique among `used` (a "-2", "-3"... suffix); the result
 * is added to used.  Borrowed from used. */
const char *hb_export_unique_label (strv *used, const char *text, size_t maxlen,
                                    const char *fallback);
/* Is s a valid Docker named volume ([a-zA-Z0-9][a-zA-Z0-9_.-]+)? */
bool hb_export_volume_name_valid (const char *s);

/* How the seccomp setting of a policy can be carried over. */
typedef enum hb_export_seccomp_kind {
  HB_EXPORT_SECCOMP_DEFAULT,     /* the engine's default profile, no rules */
  HB_EXPORT_SECCOMP_UNCONFINED,  /* no filter, no rules */
  HB_EXPORT_SECCOMP_FILE,        /* anything else: a profile file */
} hb_export_seccomp_kind;
hb_export_seccomp_kind hb_export_seccomp_kind_of (const hb_policy *p);
/* The effective profile (base + rules) as pretty JSON text ending in "\n",
 * allowing what the OCI runtimes call before the app starts
 * (policy/runtime_syscalls.h); a note for each of those the policy denies. */
char *hb_export_seccomp_text (hb_export_ctx *ctx, hb_error **err);
/* Record the effective profile as a side file next to the output (or in
 * side_dir as NAME.seccomp.json); returns its path, borrowed from ctx. */
const char *hb_export_add_seccomp_side_file (hb_export_ctx *ctx, const char *name,
                                             hb_error **err);

/* Why each grant of the policy is there, one line each, for a reviewer:
 * every capability added (what it allows), every tmpfs and volume (what
 * writes it lets through), every seccomp rule (its own comment, else what
 * it does).  The policy carries no trial events, so the lines say what a
 * grant allows and that the policy asked for it. */
void hb_export_grant_reasons (const hb_policy *p, strv *out);
/* The same as "# " comment lines at the top of a YAML file. */
int hb_export_yaml_reasons (const hb_policy *p, FILE *out, hb_error **err);
/* The same as notes, prefixed "FORMAT: why: " (formats without comments). */
void hb_export_note_reasons (hb_export_ctx *ctx, const char *format);
/* A rule's comment for the seccomp profile when it has none of its own. */
char *hb_export_rule_reason (const hb_scmp_rule *r);

/* v >= 0 rounded up to a whole number: libm's ceil would add a library
 * for the loader to map at every start, trials included. */
long hb_export_ceil (double v);

/* "uid[:gid]" with numbers only: true and the ids (gid -1 when absent). */
bool hb_export_user_ids (const char *user, long long *uid, long long *gid);

/* A published port, docker -p syntax: "[IP:][HOST:]CONT[/PROTO]" (an IPv6
 * address in brackets; "IP::CONT" and "CONT" leave the host port to the
 * engine: host 0).  Ranges are not taken. */
typedef struct hb_export_port {
  char ip[48];          /* "" when none */
  unsigned host;        /* 0: the engine picks one */
  unsigned cont;
  char proto[5];        /* "tcp", "udp", "sctp" */
} hb_export_port;
/* Parse one spec; HB_EXIT_INPUT naming it when it is not one. */
int hb_export_port_parse (const char *spec, hb_export_port *out, hb_error **err);
/* The spec again, canonical ("127.0.0.1:18080:80/tcp"); newly allocated. */
char *hb_export_port_spec (const hb_export_port *port);
/* Every publish spec of the policy, parsed into *out (newly allocated,
 * NULL when there is none). */
int hb_export_ports (const hb_policy *p, hb_export_port **out, size_t *n, hb_error **err);

/* A tmpfs option string, split: size in bytes (0: none), mode (-1: none),
 * the other flags in order. */
typedef struct hb_tmpfs_opts {
  int64_t size;
  long mode;
  strv flags;
} hb_tmpfs_opts;
int hb_export_tmpfs_parse (const char *options, hb_tmpfs_opts *out, hb_error **err);

#endif
