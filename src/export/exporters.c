/* exporters.c - the table of export formats, running one into a string,
 * side files, and the helpers every format shares (export_common.h). */
#include "config.h"

#include "export/export.h"
#include "export/export_common.h"
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "policy/capabilities.h"
#include "policy/runtime_syscalls.h"
#include "policy/seccomp_merge.h"

#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const hb_exporter exporters[] = {
  { "run", "one shell-quoted `docker run` command line", hb_export_run, "sh", true },
  { "compose", "a docker compose service (YAML)", hb_export_compose, "yaml", false },
  { "ecs", "an ECS task definition for RegisterTaskDefinition (JSON, EC2)", hb_export_ecs, "json", false },
  { "ecs-fargate", "the same for Fargate (cap add only SYS_PTRACE)", hb_export_ecs_fargate, "json", false },
  { "k8s", "a Kubernetes Pod manifest (YAML)", hb_export_k8s, "yaml", false },
  { "seccomp", "the effective seccomp profile (Docker/OCI JSON)", hb_export_seccomp, "json", false },
  { "dockerfile", "USER and VOLUME lines for the image's Dockerfile", hb_export_dockerfile, "Dockerfile", false },
};

const hb_exporter *
hb_exporters (size_t *n)
{
  *n = sizeof exporters / sizeof exporters[0];
  return exporters;
}

const hb_exporter *
hb_exporter_lookup (const char *name)
{
  for (size_t i = 0; i < sizeof exporters / sizeof exporters[0]; i++)
    if (strcmp (exporters[i].name, name) == 0)
      return &exporters[i];
  return NULL;
}

char *
hb_export_to_string (const hb_exporter *ex, hb_export_ctx *ctx, hb_error **err)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);
  if (f == NULL)
    {
      hb_fail_errno (err, errno, HB_EXIT_FAILURE, "export");
      return NULL;
    }
  int r = ex->write (ctx, f, err);
  if (fclose (f) != 0 && r == 0)
    r = hb_fail_errno (err, errno, HB_EXIT_FAILURE, "export");
  if (r < 0)
    {
      free (buf);
      return NULL;
    }
  return buf;
}

int
hb_export_write_side_files (const hb_export_ctx *ctx, bool overwrite, hb_error **err)
{
  for (size_t i = 0; i < ctx->side_files.n; i++)
    {
      const char *data = ctx->side_data.v[i];
      if (file_write_atomic (ctx->side_files.v[i], data, strlen (data), overwrite, 0644, err) < 0)
        return -1;
    }
  return 0;
}

void
hb_export_ctx_clear (hb_export_ctx *ctx)
{
  strv_clear (&ctx->notes);
  strv_clear (&ctx->side_files);
  strv_clear (&ctx->side_data);
}

/* --- shared helpers ------------------------------------------------------ */

void
hb_export_note (hb_export_ctx *ctx, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  char *msg = xvasprintf (fmt, ap);
  va_end (ap);
  if (strv_contains (&ctx->notes, msg))
    free (msg);
  else
    strv_push_owned (&ctx->notes, msg);
}

const char *
hb_export_image (const hb_export_ctx *ctx, const char *format, hb_error **err)
{
  const char *img = ctx->image && *ctx->image ? ctx->image : ctx->policy->target_image;
  if (img == NULL || *img == '\0')
    {
      hb_fail (err, HB_EXIT_USAGE,
               "export %s: the target has no image (a directory): give one with --image REF",
               format);
      return NULL;
    }
  for (const char *c = img; *c; c++)
    if ((unsigned char) *c <= ' ' || *c == 0x7f)
      {
        cleanup_free char *shown = text_sanitize (img);
        hb_fail (err, HB_EXIT_USAGE, "export %s: image reference '%s' contains blanks or "
                 "control characters", format, shown);
        return NULL;
      }
  return img;
}

char *
hb_export_label (const char *text, size_t maxlen, const char *fallback)
{
  size_t len = text ? strlen (text) : 0;
  char *out = xmalloc (len + 1);
  size_t n = 0;
  for (size_t i = 0; i < len && n < maxlen; i++)
    {
      unsigned char c = (unsigned char) text[i];
      if (isalnum (c) && c < 0x80)
        out[n++] = (char) tolower (c);
      else if (n > 0 && out[n - 1] != '-')
        out[n++] = '-';
    }
  while (n > 0 && out[n - 1] == '-')
    n--;
  out[n] = '\0';
  if (n == 0)
    {
      free (out);
      return xstrdup (fallback);
    }
  return out;
}

const char *
hb_export_unique_label (strv *used, const char *text, size_t maxlen, const char *fallback)
{
  cleanup_free char *base = hb_export_label (text, maxlen - 4, fallback);
  char *cand = xstrdup (base);
  for (int i = 2; strv_contains (used, cand); i++)
    {
      free (cand);
      cand = xasprintf ("%s-%d", base, i);
    }
  strv_push_owned (used, cand);
  return cand;
}

static bool
is_dns_label (const char *s)
{
  size_t n = strlen (s);
  if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
    return false;
  for (size_t i = 0; i < n; i++)
    if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
      return false;
  return true;
}

char *
hb_export_service_name (const hb_export_ctx *ctx, hb_error **err)
{
  if (ctx->service_name)
    {
      if (!is_dns_label (ctx->service_name))
        {
          cleanup_free char *shown = text_sanitize (ctx->service_name);
          hb_fail (err, HB_EXIT_USAGE, "name '%s': use 1 to 63 lower-case letters, digits "
                   "and '-' (not first or last)", shown);
          return NULL;
        }
      return xstrdup (ctx->service_name);
    }
  const char *from = ctx->target_name && *ctx->target_name ? ctx->target_name
                     : ctx->policy->target_name;
  if (from == NULL || *from == '\0')
    from = ctx->image ? ctx->image : ctx->policy->target_image;
  if (from == NULL)
    return xstrdup ("app");
  /* "/srv/rootfs/web" -> "web"; "nginx:1.25" -> "nginx"; "reg/a/b:t" -> "b" */
  cleanup_free char *copy = xstrdup (from);
  size_t len = strlen (copy);
  while (len > 1 && copy[len - 1] == '/')
    copy[--len] = '\0';
  char *base = strrchr (copy, '/');
  base = base ? base + 1 : copy;
  if (from[0] != '/' && from[0] != '.')
    base[strcspn (base, ":@")] = '\0';   /* an image: drop :tag and @digest */
  return hb_export_label (base, 63, "app");
}

bool
hb_export_volume_name_valid (const char *s)
{
  if (s == NULL || strlen (s) < 2 || !isalnum ((unsigned char) s[0]) || (unsigned char) s[0] >= 0x80)
    return false;
  for (const char *c = s; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')
          || *c == '_' || *c == '.' || *c == '-'))
      return false;
  return true;
}

hb_export_seccomp_kind
hb_export_seccomp_kind_of (const hb_policy *p)
{
  const char *name = p->seccomp_profile && *p->seccomp_profile ? p->seccomp_profile : "default";
  if (p->n_seccomp_rules == 0 && strcmp (name, "default") == 0)
    return HB_EXPORT_SECCOMP_DEFAULT;
  if (p->n_seccomp_rules == 0 && strcmp (name, "unconfined") == 0)
    return HB_EXPORT_SECCOMP_UNCONFINED;
  return HB_EXPORT_SECCOMP_FILE;
}

static char *rule_evidence (const hb_policy *p, const hb_scmp_rule *r);

/* The base profile, allowing what the OCI runtimes need; the policy's rules
 * go on top of it, so the user's own --deny still wins. */
static hb_seccomp_profile *
load_with_runtime (const char *name, void *data, hb_error **err)
{
  (void) data;
  hb_seccomp_profile *prof = hb_seccomp_profile_resolve (name, err);
  if (prof)
    hb_seccomp_allow_runtime (prof);
  return prof;
}

char *
hb_export_seccomp_text (hb_export_ctx *ctx, hb_error **err)
{
  /* The policy's rules say why they are there: their own comment, else
   * what they do. */
  cleanup_policy hb_policy *commented = hb_policy_copy (ctx->policy);
  for (size_t i = 0; i < commented->n_seccomp_rules; i++)
    {
      hb_scmp_rule *r = &commented->seccomp_rules[i];
      if (r->comment == NULL)
        r->comment = hb_export_rule_reason (r);
      cleanup_free char *seen = rule_evidence (commented, r);
      if (seen)
        {
          char *c = xasprintf ("%s; seen: %s", r->comment, seen);
          free (r->comment);
          r->comment = c;
        }
    }
  hb_seccomp_profile *prof = hb_seccomp_effective_from (commented, load_with_runtime, NULL, err);
  if (prof == NULL)
    return NULL;
  cleanup_strv strv refused = { 0 };
  hb_seccomp_runtime_denied (prof, &refused);
  if (refused.n)
    {
      cleanup_free char *names = strv_join (&refused, ", ");
      hb_export_note (ctx, "seccomp: the policy does not always allow %s, which the OCI runtime (runc, crun) "
                      "calls after loading the filter: the container may not start", names);
    }
  cleanup_json json_t *j = hb_seccomp_profile_to_json (prof);
  hb_seccomp_profile_free (prof);
  char *text = json_dumps (j, JSON_INDENT (2));
  if (text == NULL)
    {
      hb_fail (err, HB_EXIT_FAILURE, "seccomp profile: cannot encode it as JSON");
      return NULL;
    }
  char *out = xasprintf ("%s\n", text);
  free (text);
  return out;
}

const char *
hb_export_add_seccomp_side_file (hb_export_ctx *ctx, const char *name, hb_error **err)
{
  char *text = hb_export_seccomp_text (ctx, err);
  if (text == NULL)
    return NULL;
  char *path;
  if (ctx->output_path)
    {
      cleanup_free char *d = xstrdup (ctx->output_path);
      cleanup_free char *b = xstrdup (ctx->output_path);
      char *base = basename (b);
      char *dot = strrchr (base, '.');
      if (dot && dot != base)
        *dot = '\0';
      const char *dir = dirname (d);
      path = xasprintf ("%s/%s.seccomp.json", dir, base);
    }
  else
    path = xasprintf ("%s/%s.seccomp.json", ctx->side_dir ? ctx->side_dir : ".", name);
  ssize_t i = strv_index (&ctx->side_files, path);
  if (i >= 0)
    {
      free (path);
      free (text);
      return ctx->side_files.v[i];
    }
  strv_push_owned (&ctx->side_files, path);
  strv_push_owned (&ctx->side_data, text);
  return path;
}

/* line + "; seen: WHY" when the policy recorded evidence for "KIND VALUE". */
static char *
with_evidence (const hb_policy *p, char *line, const char *kind, const char *value)
{
  cleanup_free char *grant = xasprintf ("%s %s", kind, value);
  const char *why = hb_policy_evidence (p, grant);
  if (why == NULL)
    return line;
  cleanup_free char *shown = text_sanitize (why);
  char *out = xasprintf ("%s; seen: %s", line, shown);
  free (line);
  return out;
}

/* The evidence recorded for any of the rule's syscalls, "; "-joined, or NULL. */
static char *
rule_evidence (const hb_policy *p, const hb_scmp_rule *r)
{
  cleanup_strv strv seen = { 0 };
  for (size_t i = 0; i < r->names.n; i++)
    {
      cleanup_free char *grant = xasprintf ("seccomp %s", r->names.v[i]);
      const char *why = hb_policy_evidence (p, grant);
      if (why)
        strv_push_owned (&seen, xasprintf ("%s: %s", r->names.v[i], why));
    }
  return seen.n ? strv_join (&seen, "; ") : NULL;
}

char *
hb_export_rule_reason (const hb_scmp_rule *r)
{
  cleanup_free char *names = strv_join (&r->names, ", ");
  const char *cond = r->n_args ? " (with argument conditions)" : "";
  switch (r->action)
    {
    case HB_SCMP_ALLOW:
      return xasprintf ("hardenbench policy rule: allows %s%s", names, cond);
    case HB_SCMP_ERRNO:
      return xasprintf ("hardenbench policy rule: denies %s with errno %d%s", names,
                        r->errno_ret >= 0 ? r->errno_ret : 1, cond);
    case HB_SCMP_LOG:
      return xasprintf ("hardenbench policy rule: allows and logs %s%s", names, cond);
    default:
      return xasprintf ("hardenbench policy rule: %s for %s%s", hb_scmp_action_name (r->action),
                        names, cond);
    }
}

void
hb_export_grant_reasons (const hb_policy *p, strv *out)
{
  for (size_t i = 0; i < p->cap_add.n; i++)
    {
      const hb_capability *c = hb_cap_lookup (p->cap_add.v[i]);
      if (strcmp (p->cap_add.v[i], "ALL") == 0)
        strv_push (out, "cap_add ALL: every capability (the policy adds all of them)");
      else
        {
          cleanup_free char *summary = xstrdup (c ? c->summary : "a capability");
          size_t n = strlen (summary);
          if (n && summary[n - 1] == '.')
            summary[n - 1] = '\0';
          char *line = xasprintf ("cap_add %s: %s%s", p->cap_add.v[i], summary,
                                  c && c->docker_default && strv_contains (&p->cap_drop, "ALL")
                                  ? " (one of Docker's defaults, kept after drop ALL)" : "");
          strv_push_owned (out, with_evidence (p, line, "cap_add", p->cap_add.v[i]));
        }
    }
  for (size_t i = 0; i < p->n_tmpfs; i++)
    {
      cleanup_free char *path = text_sanitize (p->tmpfs[i].path);
      char *line = xasprintf ("tmpfs %s: writes there go to memory, empty at every start%s",
                              path, p->read_only_root ? " (the rest of the root is read-only)" : "");
      strv_push_owned (out, with_evidence (p, line, "tmpfs", p->tmpfs[i].path));
    }
  for (size_t i = 0; i < p->n_volumes; i++)
    {
      const hb_volume *v = &p->volumes[i];
      cleanup_free char *path = text_sanitize (v->path);
      cleanup_free char *src = v->source ? text_sanitize (v->source) : NULL;
      char *line;
      if (v->read_only)
        line = xasprintf ("volume %s: read-only%s%s", path, src ? " from " : "", src ? src : "");
      else if (src && src[0] == '/')
        line = xasprintf ("volume %s: writable, the host directory %s", path, src);
      else if (src)
        line = xasprintf ("volume %s: writable, the named volume %s (starts with the image's "
                          "files there)", path, src);
      else
        line = xasprintf ("volume %s: writable, a new volume (starts with the image's files "
                          "there)", path);
      strv_push_owned (out, with_evidence (p, line, "volume", v->path));
    }
  for (size_t i = 0; i < p->n_seccomp_rules; i++)
    {
      const hb_scmp_rule *r = &p->seccomp_rules[i];
      cleanup_free char *why = r->comment ? text_sanitize (r->comment) : hb_export_rule_reason (r);
      cleanup_free char *names = strv_join (&r->names, ", ");
      cleanup_free char *seen = rule_evidence (p, r);
      cleanup_free char *shown = seen ? text_sanitize (seen) : NULL;
      strv_push_owned (out, xasprintf ("seccomp %s %s: %s%s%s", hb_scmp_action_name (r->action),
                                       names, why, shown ? "; seen: " : "", shown ? shown : ""));
    }
}

int
hb_export_yaml_reasons (const hb_policy *p, FILE *out, hb_error **err)
{
  cleanup_strv strv lines = { 0 };
  hb_export_grant_reasons (p, &lines);
  if (lines.n == 0)
    return 0;
  if (fputs ("# Why each grant is here (hardenbench):\n", out) < 0)
    return hb_fail (err, HB_EXIT_FAILURE, "export: cannot write");
  for (size_t i = 0; i < lines.n; i++)
    {
      /* one comment line each: no line breaks can hide in it */
      for (char *c = lines.v[i]; *c; c++)
        if (*c == '\n' || *c == '\r')
          *c = ' ';
      if (fprintf (out, "#   %s\n", lines.v[i]) < 0)
        return hb_fail (err, HB_EXIT_FAILURE, "export: cannot write");
    }
  return 0;
}

void
hb_export_note_reasons (hb_export_ctx *ctx, const char *format)
{
  cleanup_strv strv lines = { 0 };
  hb_export_grant_reasons (ctx->policy, &lines);
  for (size_t i = 0; i < lines.n; i++)
    hb_export_note (ctx, "%s: why: %s", format, lines.v[i]);
}

long
hb_export_ceil (double v)
{
  long n = (long) v;   /* truncation is the floor for v >= 0 */
  return (double) n < v ? n + 1 : n;
}

bool
hb_export_user_ids (const char *user, long long *uid, long long *gid)
{
  if (user == NULL || *user == '\0')
    return false;
  cleanup_free char *copy = xstrdup (user);
  char *colon = strchr (copy, ':');
  if (colon)
    *colon = '\0';
  uint64_t u, g;
  if (!text_parse_u64 (copy, &u) || u > 0x7fffffffULL)
    return false;
  *uid = (long long) u;
  *gid = -1;
  if (colon)
    {
      if (!text_parse_u64 (colon + 1, &g) || g > 0x7fffffffULL)
        return false;
      *gid = (long long) g;
    }
  return true;
}

static bool
port_number (const char *s, size_t len, unsigned *out)
{
  if (len == 0 || len > 5 || strspn (s, "0123456789") < len)
    return false;
  unsigned v = 0;
  for (size_t i = 0; i < len; i++)
    v = v * 10 + (unsigned) (s[i] - '0');
  if (v == 0 || v > 65535)
    return false;
  *out = v;
  return true;
}

int
hb_export_port_parse (const char *spec, hb_export_port *out, hb_error **err)
{
  memset (out, 0, sizeof *out);
  cleanup_free char *shown = text_sanitize (spec);
  cleanup_free char *copy = xstrdup (spec);
  char *s = copy;
  char *slash = strrchr (s, '/');
  const char *proto = "tcp";
  if (slash)
    {
      *slash = '\0';
      proto = slash + 1;
    }
  if (strcmp (proto, "tcp") != 0 && strcmp (proto, "udp") != 0 && strcmp (proto, "sctp") != 0)
    return hb_fail (err, HB_EXIT_INPUT, "published port %s: the protocol is tcp, udp or sctp",
                    shown);
  snprintf (out->proto, sizeof out->proto, "%s", proto);
  /* The address: bracketed IPv6, or everything before the second-last ':'. */
  char *rest = s;
  if (s[0] == '[')
    {
      char *close = strchr (s, ']');
      if (close == NULL || close[1] != ':' || (size_t) (close - s - 1) >= sizeof out->ip)
        return hb_fail (err, HB_EXIT_INPUT, "published port %s: expected [IPv6]:HOST:CONT", shown);
      memcpy (out->ip, s + 1, (size_t) (close - s - 1));
      rest = close + 2;
    }
  else
    {
      char *last = strrchr (s, ':');
      char *prev = NULL;
      for (char *c = s; last && c < last; c++)
        if (*c == ':')
          prev = c;
      if (prev)
        {
          if ((size_t) (prev - s) >= sizeof out->ip || prev == s
              || memchr (s, ':', (size_t) (prev - s)))
            return hb_fail (err, HB_EXIT_INPUT, "published port %s: not an address (an IPv6 "
                            "address goes in brackets)", shown);
          memcpy (out->ip, s, (size_t) (prev - s));
          rest = prev + 1;
        }
    }
  if (out->ip[0] && strspn (out->ip, "0123456789abcdefABCDEF.:") != strlen (out->ip))
    return hb_fail (err, HB_EXIT_INPUT, "published port %s: not an IP address", shown);
  char *colon = strchr (rest, ':');
  if (colon)
    {
      if (colon != rest && !port_number (rest, (size_t) (colon - rest), &out->host))
        return hb_fail (err, HB_EXIT_INPUT, "published port %s: the host port is 1-65535 "
                        "(ranges are not taken)", shown);
      rest = colon + 1;
    }
  else if (out->ip[0])
    return hb_fail (err, HB_EXIT_INPUT, "published port %s: expected IP:HOST:CONT", shown);
  if (!port_number (rest, strlen (rest), &out->cont))
    return hb_fail (err, HB_EXIT_INPUT, "published port %s: the container port is 1-65535 "
                    "(ranges are not taken)", shown);
  return 0;
}

int
hb_export_publish_check (const char *spec, hb_error **err)
{
  hb_export_port port;
  if (hb_export_port_parse (spec, &port, err) < 0)
    {
      if (err && *err)
        (*err)->status = HB_EXIT_USAGE;
      return -1;
    }
  return 0;
}

int
hb_export_ports (const hb_policy *p, hb_export_port **out, size_t *n, hb_error **err)
{
  *out = NULL;
  *n = 0;
  if (!p->has_process || p->process.publish.n == 0)
    return 0;
  hb_export_port *v = xcalloc (p->process.publish.n, sizeof *v);
  for (size_t i = 0; i < p->process.publish.n; i++)
    if (hb_export_port_parse (p->process.publish.v[i], &v[i], err) < 0)
      {
        free (v);
        return -1;
      }
  *out = v;
  *n = p->process.publish.n;
  return 0;
}

char *
hb_export_port_spec (const hb_export_port *port)
{
  cleanup_free char *ip = NULL;
  if (port->ip[0])
    ip = strchr (port->ip, ':') ? xasprintf ("[%s]:", port->ip) : xasprintf ("%s:", port->ip);
  if (port->host)
    return xasprintf ("%s%u:%u/%s", ip ? ip : "", port->host, port->cont, port->proto);
  if (ip)
    return xasprintf ("%s:%u/%s", ip, port->cont, port->proto);
  return xasprintf ("%u/%s", port->cont, port->proto);
}

int
hb_export_tmpfs_parse (const char *options, hb_tmpfs_opts *out, hb_error **err)
{
  out->size = 0;
  out->mode = -1;
  out->flags = (strv) { 0 };
  if (options == NULL || *options == '\0')
    return 0;
  cleanup_free char *copy = xstrdup (options);
  char *save = NULL;
  for (char *tok = strtok_r (copy, ",", &save); tok; tok = strtok_r (NULL, ",", &save))
    {
      if (strncmp (tok, "size=", 5) == 0)
        {
          int64_t sz = text_parse_size (tok + 5);
          if (sz <= 0)
            {
              strv_clear (&out->flags);
              return hb_fail (err, HB_EXIT_INPUT, "tmpfs option %s: not a size", tok);
            }
          out->size = sz;
        }
      else if (strncmp (tok, "mode=", 5) == 0)
        {
          char *end;
          errno = 0;
          long mode = strtol (tok + 5, &end, 8);
          if (errno || *end || end == tok + 5 || mode < 0 || mode > 07777)
            {
              strv_clear (&out->flags);
              return hb_fail (err, HB_EXIT_INPUT, "tmpfs option %s: not an octal mode", tok);
            }
          out->mode = mode;
        }
      else
        strv_push (&out->flags, tok);
    }
  return 0;
}
