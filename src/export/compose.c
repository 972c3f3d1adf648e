/* compose.c - the `compose` format: one service of a compose file.
 *
 * YAML comes from libyaml events (yaml_out.c) with every "$" written "$$",
 * as compose interpolates variables in every value.  Volumes use the long
 * syntax (paths may hold ':'), named volumes are declared at the top level,
 * and a custom seccomp profile is a side file next to the YAML:
 * docker-compose reads it when it loads the file.  Comment lines at the top
 * say why each grant is there (libyaml emits no comments). */
#include "config.h"

#include "export/export.h"
#include "export/export_common.h"
#include "export/yaml_out.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <inttypes.h>
#include <string.h>

static void
str_list (hb_yaml *y, const char *key, const strv *list)
{
  if (list->n == 0)
    return;
  hb_yaml_str (y, key);
  hb_yaml_seq_start (y);
  for (size_t i = 0; i < list->n; i++)
    hb_yaml_str (y, list->v[i]);
  hb_yaml_seq_end (y);
}

static int
check_volumes (const hb_policy *p, hb_error **err)
{
  for (size_t i = 0; i < p->n_volumes; i++)
    {
      const char *src = p->volumes[i].source;
      if (src && src[0] != '/' && !hb_export_volume_name_valid (src))
        {
          cleanup_free char *shown = text_sanitize (src);
          return hb_fail (err, HB_EXIT_INPUT, "volume source '%s': not a volume name "
                          "([a-zA-Z0-9][a-zA-Z0-9_.-]+) nor an absolute host path", shown);
        }
    }
  return 0;
}

static void
emit_tmpfs (hb_yaml *y, const hb_policy *p)
{
  size_t short_form = 0;
  for (size_t i = 0; i < p->n_tmpfs; i++)
    short_form += strchr (p->tmpfs[i].path, ':') == NULL;
  if (short_form == 0)
    return;
  hb_yaml_str (y, "tmpfs");
  hb_yaml_seq_start (y);
  for (size_t i = 0; i < p->n_tmpfs; i++)
    {
      const hb_tmpfs *t = &p->tmpfs[i];
      if (strchr (t->path, ':'))
        continue;
      cleanup_free char *item = t->options && *t->options
                                ? xasprintf ("%s:%s", t->path, t->options) : xstrdup (t->path);
      hb_yaml_str (y, item);
    }
  hb_yaml_seq_end (y);
}

/* Long-syntax entries: tmpfs paths holding ':' and every volume. */
static int
emit_volumes (hb_export_ctx *ctx, hb_yaml *y, const hb_policy *p, hb_error **err)
{
  size_t long_tmpfs = 0;
  for (size_t i = 0; i < p->n_tmpfs; i++)
    long_tmpfs += strchr (p->tmpfs[i].path, ':') != NULL;
  size_t vols = 0;
  for (size_t i = 0; i < p->n_volumes; i++)
    vols += !(p->volumes[i].source == NULL && p->volumes[i].read_only);
  if (vols == 0 && long_tmpfs == 0)
    {
      for (size_t i = 0; i < p->n_volumes; i++)
        {
          cleanup_free char *shown = text_sanitize (p->volumes[i].path);
          hb_export_note (ctx, "compose: docker refuses read-only anonymous volumes: %s is left "
                          "out (the image's files stay there, read-only with a read-only root)",
                          shown);
        }
      return 0;
    }
  hb_yaml_str (y, "volumes");
  hb_yaml_seq_start (y);
  for (size_t i = 0; i < p->n_volumes; i++)
    {
      const hb_volume *v = &p->volumes[i];
      if (v->source == NULL && v->read_only)
        {
          cleanup_free char *shown = text_sanitize (v->path);
          hb_export_note (ctx, "compose: docker refuses read-only anonymous volumes: %s is left "
                          "out (the image's files stay there, read-only with a read-only root)",
                          shown);
          continue;
        }
      hb_yaml_map_start (y);
      hb_yaml_kv_str (y, "type", v->source && v->source[0] == '/' ? "bind" : "volume");
      if (v->source)
        hb_yaml_kv_str (y, "source", v->source);
      hb_yaml_kv_str (y, "target", v->path);
      hb_yaml_kv_bool (y, "read_only", v->read_only);
      hb_yaml_map_end (y);
    }
  for (size_t i = 0; i < p->n_tmpfs; i++)
    {
      const hb_tmpfs *t = &p->tmpfs[i];
      if (strchr (t->path, ':') == NULL)
        continue;
      hb_tmpfs_opts o;
      if (hb_export_tmpfs_parse (t->options, &o, err) < 0)
        return -1;
      hb_yaml_map_start (y);
      hb_yaml_kv_str (y, "type", "tmpfs");
      hb_yaml_kv_str (y, "target", t->path);
      if (o.size > 0)
        {
          hb_yaml_str (y, "tmpfs");
          hb_yaml_map_start (y);
          hb_yaml_kv_int (y, "size", o.size);
          hb_yaml_map_end (y);
        }
      hb_yaml_map_end (y);
      if (o.flags.n || o.mode >= 0)
        {
          cleanup_free char *shown = text_sanitize (t->path);
          hb_export_note (ctx, "compose: tmpfs %s holds ':' so it is a long-syntax volume, "
                          "which can set its size only (not mode or flags)", shown);
        }
      strv_clear (&o.flags);
    }
  hb_yaml_seq_end (y);
  return 0;
}

int
hb_export_compose (hb_export_ctx *ctx, FILE *out, hb_error **err)
{
  const hb_policy *p = ctx->policy;
  const char *image = hb_export_image (ctx, "compose", err);
  if (image == NULL)
    return -1;
  cleanup_free char *name = hb_export_service_name (ctx, err);
  if (name == NULL)
    return -1;
  if (check_volumes (p, err) < 0)
    return -1;
  cleanup_free hb_export_port *ports = NULL;
  size_t nports;
  if (hb_export_ports (p, &ports, &nports, err) < 0)
    return -1;

  cleanup_strv strv security_opt = { 0 };
  if (p->no_new_privileges)
    strv_push (&security_opt, "no-new-privileges:true");
  switch (hb_export_seccomp_kind_of (p))
    {
    case HB_EXPORT_SECCOMP_DEFAULT:
      break;
    case HB_EXPORT_SECCOMP_UNCONFINED:
      strv_push (&security_opt, "seccomp:unconfined");
      break;
    case HB_EXPORT_SECCOMP_FILE:
      {
        const char *file = hb_export_add_seccomp_side_file (ctx, name, err);
        if (file == NULL)
          return -1;
        /* compose 1.29 splits "seccomp=FILE" at every '=' (at most twice) */
        if (strchr (file, '='))
          {
            cleanup_free char *shown = text_sanitize (file);
            return hb_fail (err, HB_EXIT_USAGE, "export compose: the seccomp profile path %s "
                            "holds '=', which compose cannot read: choose another -o", shown);
          }
        strv_push_owned (&security_opt, xasprintf ("seccomp=%s", file));
      }
      break;
    }

  if (hb_export_yaml_reasons (p, out, err) < 0)
    return -1;
  hb_yaml y;
  hb_yaml_begin (&y, out, true);
  hb_yaml_map_start (&y);
  hb_yaml_str (&y, "services");
  hb_yaml_map_start (&y);
  hb_yaml_str (&y, name);
  hb_yaml_map_start (&y);

  hb_yaml_kv_str (&y, "image", image);
  if (p->has_process)
    {
      str_list (&y, "entrypoint", &p->process.entrypoint);
      str_list (&y, "command", &p->process.cmd);
      str_list (&y, "environment", &p->process.env);
      if (p->process.workdir && *p->process.workdir)
        hb_yaml_kv_str (&y, "working_dir", p->process.workdir);
    }
  if (p->read_only_root)
    hb_yaml_kv_bool (&y, "read_only", true);
  emit_tmpfs (&y, p);
  if (emit_volumes (ctx, &y, p, err) < 0)
    {
      hb_yaml_end (&y, "export compose", NULL);
      return -1;
    }
  if (p->privileged)
    hb_yaml_kv_bool (&y, "privileged", true);
  str_list (&y, "cap_drop", &p->cap_drop);
  str_list (&y, "cap_add", &p->cap_add);
  str_list (&y, "security_opt", &security_opt);
  if (p->user && *p->user)
    hb_yaml_kv_str (&y, "user", p->user);
  if (p->memory > 0)
    {
      cleanup_free char *mem = text_format_size (p->memory);
      hb_yaml_kv_str (&y, "mem_limit", mem);
    }
  if (p->cpus > 0)
    {
      hb_yaml_str (&y, "cpus");
      hb_yaml_double (&y, p->cpus);
    }
  if (p->pids > 0)
    hb_yaml_kv_int (&y, "pids_limit", p->pids);
  if (p->network_mode && *p->network_mode)
    hb_yaml_kv_str (&y, "network_mode", p->network_mode);
  if (nports && p->network_mode && strcmp (p->network_mode, "host") == 0)
    hb_export_note (ctx, "%s: with host networking docker discards published ports: the app's "
                    "ports are the host's own", "compose");
  if (nports)
    {
      hb_yaml_str (&y, "ports");
      hb_yaml_seq_start (&y);
      for (size_t i = 0; i < nports; i++)
        {
          cleanup_free char *spec = hb_export_port_spec (&ports[i]);
          hb_yaml_str (&y, spec);
        }
      hb_yaml_seq_end (&y);
    }
  if (p->pid_mode && *p->pid_mode)
    hb_yaml_kv_str (&y, "pid", p->pid_mode);
  if (p->ipc_mode && *p->ipc_mode)
    hb_yaml_kv_str (&y, "ipc", p->ipc_mode);
  if (p->userns_mode && *p->userns_mode)
    hb_yaml_kv_str (&y, "userns_mode", p->userns_mode);
  if (p->uts_mode && *p->uts_mode)
    hb_export_note (ctx, "compose: docker-compose 1.29 has no setting for the UTS namespace "
                    "(uts mode %s)", p->uts_mode);
  hb_yaml_map_end (&y);   /* the service */
  hb_yaml_map_end (&y);   /* services */

  /* Named volumes, declared so compose creates them once, by name. */
  cleanup_strv strv named = { 0 };
  for (size_t i = 0; i < p->n_volumes; i++)
    if (p->volumes[i].source && p->volumes[i].source[0] != '/')
      strv_add_unique (&named, p->volumes[i].source);
  if (named.n)
    {
      hb_yaml_str (&y, "volumes");
      hb_yaml_map_start (&y);
      for (size_t i = 0; i < named.n; i++)
        {
          hb_yaml_str (&y, named.v[i]);
          hb_yaml_empty_map (&y);
        }
      hb_yaml_map_end (&y);
    }
  hb_yaml_map_end (&y);
  return hb_yaml_end (&y, "export compose", err);
}
