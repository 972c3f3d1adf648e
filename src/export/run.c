/* run.c - the `run` format: one `docker run` command line.
 *
 * Every word is shell-quoted (shell_quote.c) and every option value is
 * attached with '=' (--user=-1 cannot be taken for a flag).  Mounts whose
 * paths hold a ':' (which -v and --tmpfs split on) use --mount, whose CSV
 * fields are quoted as encoding/csv reads them. */
#include "config.h"

#include "export/export.h"
#include "export/export_common.h"
#include "export/shell_quote.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <inttypes.h>
#include <string.h>

/* One CSV field for --mount: quoted with "" doubled when it holds a
 * comma, a quote or a line break. */
static char *
csv_field (const char *field)
{
  if (strpbrk (field, ",\"\r\n") == NULL)
    return xstrdup (field);
  size_t q = 0;
  for (const char *c = field; *c; c++)
    q += *c == '"';
  char *out = xmalloc (strlen (field) + q + 3), *o = out;
  *o++ = '"';
  for (const char *c = field; *c; c++)
    {
      *o++ = *c;
      if (*c == '"')
        *o++ = '"';
    }
  *o++ = '"';
  *o = '\0';
  return out;
}

static void
push_mount (strv *argv, const char *type, const char *source, const char *target, bool ro,
            const char *extra)
{
  strv fields = { 0 };
  strv_push_owned (&fields, xasprintf ("type=%s", type));
  if (source)
    {
      cleanup_free char *f = xasprintf ("source=%s", source);
      strv_push_owned (&fields, csv_field (f));
    }
  cleanup_free char *t = xasprintf ("target=%s", target);
  strv_push_owned (&fields, csv_field (t));
  if (ro)
    strv_push (&fields, "readonly");
  if (extra)
    strv_push (&fields, extra);
  cleanup_free char *joined = strv_join (&fields, ",");
  strv_push_owned (argv, xasprintf ("--mount=%s", joined));
  strv_clear (&fields);
}

static int
push_tmpfs (hb_export_ctx *ctx, strv *argv, const hb_tmpfs *t, hb_error **err)
{
  if (strchr (t->path, ':') == NULL)
    {
      if (t->options && *t->options)
        strv_push_owned (argv, xasprintf ("--tmpfs=%s:%s", t->path, t->options));
      else
        strv_push_owned (argv, xasprintf ("--tmpfs=%s", t->path));
      return 0;
    }
  /* --tmpfs splits at the first ':'; --mount type=tmpfs takes only size
   * and mode. */
  hb_tmpfs_opts o;
  if (hb_export_tmpfs_parse (t->options, &o, err) < 0)
    return -1;
  strv extra = { 0 };
  if (o.size > 0)
    strv_push_owned (&extra, xasprintf ("tmpfs-size=%" PRId64, o.size));
  if (o.mode >= 0)
    strv_push_owned (&extra, xasprintf ("tmpfs-mode=%lo", (unsigned long) o.mode));
  cleanup_free char *ex = extra.n ? strv_join (&extra, ",") : NULL;
  push_mount (argv, "tmpfs", NULL, t->path, false, ex);
  if (o.flags.n)
    {
      cleanup_free char *flags = strv_join (&o.flags, ",");
      cleanup_free char *shown = text_sanitize (t->path);
      hb_export_note (ctx, "run: tmpfs %s holds ':' so it goes through --mount, which cannot "
                      "set %s", shown, flags);
    }
  strv_clear (&extra);
  strv_clear (&o.flags);
  return 0;
}

static void
push_volume (hb_export_ctx *ctx, strv *argv, const hb_volume *v)
{
  const char *src = v->source;
  if (src == NULL && v->read_only)
    {
      cleanup_free char *shown = text_sanitize (v->path);
      hb_export_note (ctx, "run: docker refuses read-only anonymous volumes: %s is left out "
                      "(the image's files stay there, read-only with a read-only root)", shown);
      return;
    }
  bool colon = strchr (v->path, ':') || (src && strchr (src, ':'));
  if (!colon)
    {
      if (src)
        strv_push_owned (argv, xasprintf ("--volume=%s:%s%s", src, v->path, v->read_only ? ":ro" : ""));
      else
        strv_push_owned (argv, xasprintf ("--volume=%s%s", v->path, v->read_only ? ":ro" : ""));
      return;
    }
  push_mount (argv, src && src[0] == '/' ? "bind" : "volume", src, v->path, v->read_only, NULL);
}

int
hb_export_run (hb_export_ctx *ctx, FILE *out, hb_error **err)
{
  const hb_policy *p = ctx->policy;
  const char *image = hb_export_image (ctx, "run", err);
  if (image == NULL)
    return -1;
  cleanup_free char *name = hb_export_service_name (ctx, err);
  if (name == NULL)
    return -1;

  cleanup_strv strv argv = { 0 };
  strv_push (&argv, "docker");
  strv_push (&argv, "run");
  strv_push (&argv, "--detach");
  strv_push_owned (&argv, xasprintf ("--name=%s", name));
  if (p->read_only_root)
    strv_push (&argv, "--read-only");
  for (size_t i = 0; i < p->n_tmpfs; i++)
    if (push_tmpfs (ctx, &argv, &p->tmpfs[i], err) < 0)
      return -1;
  for (size_t i = 0; i < p->n_volumes; i++)
    push_volume (ctx, &argv, &p->volumes[i]);
  if (p->privileged)
    strv_push (&argv, "--privileged");
  for (size_t i = 0; i < p->cap_drop.n; i++)
    strv_push_owned (&argv, xasprintf ("--cap-drop=%s", p->cap_drop.v[i]));
  for (size_t i = 0; i < p->cap_add.n; i++)
    strv_push_owned (&argv, xasprintf ("--cap-add=%s", p->cap_add.v[i]));
  if (p->no_new_privileges)
    strv_push (&argv, "--security-opt=no-new-privileges");
  switch (hb_export_seccomp_kind_of (p))
    {
    case HB_EXPORT_SECCOMP_DEFAULT:
      break;
    case HB_EXPORT_SECCOMP_UNCONFINED:
      strv_push (&argv, "--security-opt=seccomp=unconfined");
      break;
    case HB_EXPORT_SECCOMP_FILE:
      {
        const char *file = hb_export_add_seccomp_side_file (ctx, name, err);
        if (file == NULL)
          return -1;
        strv_push_owned (&argv, xasprintf ("--security-opt=seccomp=%s", file));
      }
      break;
    }
  if (p->user && *p->user)
    strv_push_owned (&argv, xasprintf ("--user=%s", p->user));
  if (p->memory > 0)
    {
      cleanup_free char *mem = text_format_size (p->memory);
      strv_push_owned (&argv, xasprintf ("--memory=%s", mem));
    }
  if (p->cpus > 0)
    strv_push_owned (&argv, xasprintf ("--cpus=%g", p->cpus));
  if (p->pids > 0)
    strv_push_owned (&argv, xasprintf ("--pids-limit=%" PRId64, p->pids));
  if (p->network_mode && *p->network_mode)
    strv_push_owned (&argv, xasprintf ("--network=%s", p->network_mode));
  cleanup_free hb_export_port *ports = NULL;
  size_t nports;
  if (hb_export_ports (p, &ports, &nports, err) < 0)
    return -1;
  if (nports && p->network_mode && strcmp (p->network_mode, "host") == 0)
    hb_export_note (ctx, "%s: with host networking docker discards published ports: the app's "
                    "ports are the host's own", "run");
  for (size_t i = 0; i < nports; i++)
    {
      cleanup_free char *spec = hb_export_port_spec (&ports[i]);
      strv_push_owned (&argv, xasprintf ("--publish=%s", spec));
    }
  if (p->pid_mode && *p->pid_mode)
    strv_push_owned (&argv, xasprintf ("--pid=%s", p->pid_mode));
  if (p->ipc_mode && *p->ipc_mode)
    strv_push_owned (&argv, xasprintf ("--ipc=%s", p->ipc_mode));
  if (p->uts_mode && *p->uts_mode)
    strv_push_owned (&argv, xasprintf ("--uts=%s", p->uts_mode));
  if (p->userns_mode && *p->userns_mode)
    strv_push_owned (&argv, xasprintf ("--userns=%s", p->userns_mode));

  const hb_process *pr = p->has_process ? &p->process : NULL;
  if (pr)
    {
      for (size_t i = 0; i < pr->env.n; i++)
        strv_push_owned (&argv, xasprintf ("--env=%s", pr->env.v[i]));
      if (pr->workdir && *pr->workdir)
        strv_push_owned (&argv, xasprintf ("--workdir=%s", pr->workdir));
      /* --entrypoint takes one word: the rest goes before the command. */
      if (pr->entrypoint.n > 0)
        strv_push_owned (&argv, xasprintf ("--entrypoint=%s", pr->entrypoint.v[0]));
    }
  strv_push (&argv, image);
  if (pr)
    {
      for (size_t i = 1; i < pr->entrypoint.n; i++)
        strv_push (&argv, pr->entrypoint.v[i]);
      for (size_t i = 0; i < pr->cmd.n; i++)
        strv_push (&argv, pr->cmd.v[i]);
    }

  hb_export_note_reasons (ctx, "run");
  cleanup_free char *line = hb_shell_join (&argv);
  if (fprintf (out, "%s\n", line) < 0)
    return hb_fail (err, HB_EXIT_FAILURE, "export run: cannot write");
  return 0;
}
