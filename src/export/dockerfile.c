/* dockerfile.c - the `dockerfile` format: USER and VOLUME lines for the
 * image's Dockerfile.
 *
 * VOLUME uses the JSON form (paths may hold blanks); Dockerfile variable
 * substitution still applies to its words, so '\' and '$' are escaped with
 * a backslash before JSON encoding.  tmpfs mounts and the other settings
 * are run-time options, listed in comments; comment text is sanitised so a
 * newline in a path cannot start a new instruction. */
#include "config.h"

#include "export/export.h"
#include "export/export_common.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <stdbool.h>
#include <string.h>

/* Escape for the Dockerfile word processor: outside quotes a backslash
 * makes the next character literal, so every character that could mean
 * something ($, quotes, backslash, blanks...) gets one. */
static char *
escape_word (const char *s)
{
  char *out = xmalloc (strlen (s) * 2 + 1), *o = out;
  for (const char *c = s; *c; c++)
    {
      unsigned char ch = (unsigned char) *c;
      bool plain = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                   || ch == '/' || ch == '_' || ch == '.' || ch == '-' || ch == ':' || ch >= 0x80;
      if (!plain)
        *o++ = '\\';
      *o++ = *c;
    }
  *o = '\0';
  return out;
}

static char *
json_word (const char *s)
{
  cleanup_free char *esc = escape_word (s);
  cleanup_json json_t *j = json_string (esc);
  return json_dumps (j, JSON_ENCODE_ANY);
}

int
hb_export_dockerfile (hb_export_ctx *ctx, FILE *out, hb_error **err)
{
  const hb_policy *p = ctx->policy;
  cleanup_free char *name = hb_export_service_name (ctx, err);
  if (name == NULL)
    return -1;

  fprintf (out, "# hardenbench: Dockerfile lines for %s\n", name);
  if (p->n_volumes)
    {
      fprintf (out, "# Writable paths as volumes.  A VOLUME line alone creates a new anonymous\n"
                    "# volume at every run: compose should name these volumes\n"
                    "# (services.%s.volumes with top-level named volumes; see\n"
                    "# `hardenbench export --format compose`).\n", name);
      strv words = { 0 };
      for (size_t i = 0; i < p->n_volumes; i++)
        strv_push_owned (&words, json_word (p->volumes[i].path));
      cleanup_free char *list = strv_join (&words, ", ");
      strv_clear (&words);
      fprintf (out, "VOLUME [%s]\n", list);
    }
  for (size_t i = 0; i < p->n_tmpfs; i++)
    {
      cleanup_free char *shown = text_sanitize (p->tmpfs[i].path);
      fprintf (out, "# tmpfs %s is a run-time setting (--tmpfs), not a Dockerfile one\n", shown);
    }
  if (p->user && *p->user)
    {
      cleanup_free char *u = escape_word (p->user);
      if (strpbrk (u, " \t\r\n") != NULL)
        {
          cleanup_free char *shown = text_sanitize (p->user);
          return hb_fail (err, HB_EXIT_INPUT, "export dockerfile: user '%s' holds blanks", shown);
        }
      fprintf (out, "USER %s\n", u);
    }
  else
    fprintf (out, "# no user set: the image's default user (root unless the image says)\n");
  hb_export_note (ctx, "dockerfile: the read-only root, capabilities, seccomp, "
                  "no-new-privileges and limits are run-time settings: export them as run, "
                  "compose, ecs or k8s");
  if (ferror (out))
    return hb_fail (err, HB_EXIT_FAILURE, "export dockerfile: cannot write");
  return 0;
}
