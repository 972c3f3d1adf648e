/* k8s.c - the `k8s` format: a Pod manifest (YAML through libyaml).
 *
 * The container's securityContext carries the read-only root, privilege
 * escalation, capabilities, numeric user and group, and the seccomp profile
 * (RuntimeDefault, Unconfined, or Localhost with the effective profile as a
 * side file to install under the kubelet's seccomp directory);
 * allowPrivilegeEscalation is false but for a privileged container.
 * Writable paths are emptyDir volumes: medium Memory with a sizeLimit for
 * tmpfs; a volume (which in Docker starts with the image's files) is filled
 * by an init container of the same image and securityContext running
 * /bin/sh and cp -a, unless ctx->k8s_empty_volumes.  Published ports are
 * containerPort (and hostPort where docker bound a host port).  Comment
 * lines at the top say why each grant is there. */
#include "config.h"

#include "export/export.h"
#include "export/export_common.h"
#include "export/yaml_out.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <ctype.h>
#include <libgen.h>
#include <string.h>

/* "256Mi" when whole mebibytes, else bytes. */
static char *
k8s_quantity_bytes (int64_t bytes)
{
  if (bytes % (1024LL * 1024 * 1024) == 0)
    return xasprintf ("%lldGi", (long long) (bytes / (1024LL * 1024 * 1024)));
  if (bytes % (1024LL * 1024) == 0)
    return xasprintf ("%lldMi", (long long) (bytes / (1024LL * 1024)));
  if (bytes % 1024 == 0)
    return xasprintf ("%lldKi", (long long) (bytes / 1024));
  return xasprintf ("%lld", (long long) bytes);
}

static char *
k8s_quantity_cpus (double cpus)
{
  long milli = hb_export_ceil (cpus * 1000 - 1e-9);
  if (milli % 1000 == 0)
    return xasprintf ("%ld", milli / 1000);
  return xasprintf ("%ldm", milli);
}

static void
str_list (hb_yaml *y, const char *key, const strv *list)
{
  hb_yaml_str (y, key);
  hb_yaml_seq_start (y);
  for (size_t i = 0; i < list->n; i++)
    hb_yaml_str (y, list->v[i]);
  hb_yaml_seq_end (y);
}

typedef struct k8s_volume {
  const char *name;       /* borrowed from the used-names vector */
  const char *path;
  bool read_only;
  bool memory;            /* tmpfs */
  int64_t size;
  const char *host_path;
  bool copy;              /* filled with the image's files by the init container */
} k8s_volume;

#define HB_K8S_COPY_INIT "hardenbench-copy"
#define HB_K8S_COPY_DIR "/hardenbench-copy"

/* The container's securityContext (the init container gets the same). */
static void
emit_security_context (hb_yaml *y, const hb_policy *p, const char *seccomp_type,
                       const char *localhost, long long uid, long long gid)
{
  hb_yaml_str (y, "securityContext");
  hb_yaml_map_start (y);
  hb_yaml_kv_bool (y, "readOnlyRootFilesystem", p->read_only_root);
  if (p->privileged)
    hb_yaml_kv_bool (y, "privileged", true);
  /* allowPrivilegeEscalation false sets no_new_privs; always, as
   * INTERFACE.md has it, but with privileged, which k8s refuses it with. */
  if (!p->privileged)
    hb_yaml_kv_bool (y, "allowPrivilegeEscalation", false);
  if (p->cap_add.n || p->cap_drop.n)
    {
      hb_yaml_str (y, "capabilities");
      hb_yaml_map_start (y);
      if (p->cap_add.n)
        str_list (y, "add", &p->cap_add);
      if (p->cap_drop.n)
        str_list (y, "drop", &p->cap_drop);
      hb_yaml_map_end (y);
    }
  if (uid >= 0)
    {
      hb_yaml_kv_int (y, "runAsUser", uid);
      if (gid >= 0)
        hb_yaml_kv_int (y, "runAsGroup", gid);
      if (uid != 0)
        hb_yaml_kv_bool (y, "runAsNonRoot", true);
    }
  hb_yaml_str (y, "seccompProfile");
  hb_yaml_map_start (y);
  hb_yaml_kv_str (y, "type", seccomp_type);
  if (localhost)
    hb_yaml_kv_str (y, "localhostProfile", localhost);
  hb_yaml_map_end (y);
  hb_yaml_map_end (y);   /* securityContext */
}

/* The init container that fills the volumes with the image's files, as a
 * new Docker volume starts: for each (path, mount) pair, cp -a of the
 * image's directory into the emptyDir mounted at the other path, skipped
 * where the image has no such directory.  Paths are arguments, never part
 * of the script; '$' is doubled for the kubelet's $(VAR) expansion. */
static void
emit_copy_init (hb_yaml *y, const hb_policy *p, const char *image, const char *name,
                const k8s_volume *vols, size_t nvol, const char *seccomp_type,
                const char *localhost, long long uid, long long gid)
{
  hb_yaml_str (y, "initContainers");
  hb_yaml_seq_start (y);
  hb_yaml_map_start (y);
  hb_yaml_kv_str (y, "name", strcmp (name, HB_K8S_COPY_INIT) == 0 ? HB_K8S_COPY_INIT "-2"
                                                                    : HB_K8S_COPY_INIT);
  hb_yaml_kv_str (y, "image", image);
  y->escape_dollar = true;
  hb_yaml_str (y, "command");
  hb_yaml_seq_start (y);
  hb_yaml_str (y, "/bin/sh");
  hb_yaml_str (y, "-c");
  hb_yaml_str (y, "while [ $# -gt 1 ]; do if [ -d \"$1\" ]; then cp -a \"$1/.\" \"$2/\" || exit 1; "
               "fi; shift 2; done");
  hb_yaml_str (y, "copy-image-files");
  for (size_t i = 0; i < nvol; i++)
    if (vols[i].copy)
      {
        hb_yaml_str (y, vols[i].path);
        cleanup_free char *to = xasprintf ("%s/%s", HB_K8S_COPY_DIR, vols[i].name);
        hb_yaml_str (y, to);
      }
  hb_yaml_seq_end (y);
  y->escape_dollar = false;
  emit_security_context (y, p, seccomp_type, localhost, uid, gid);
  hb_yaml_str (y, "volumeMounts");
  hb_yaml_seq_start (y);
  for (size_t i = 0; i < nvol; i++)
    if (vols[i].copy)
      {
        cleanup_free char *to = xasprintf ("%s/%s", HB_K8S_COPY_DIR, vols[i].name);
        hb_yaml_map_start (y);
        hb_yaml_kv_str (y, "name", vols[i].name);
        hb_yaml_kv_str (y, "mountPath", to);
        hb_yaml_map_end (y);
      }
  hb_yaml_seq_end (y);
  hb_yaml_map_end (y);
  hb_yaml_seq_end (y);
}

int
hb_export_k8s (hb_export_ctx *ctx, FILE *out, hb_error **err)
{
  const hb_policy *p = ctx->policy;
  const char *image = hb_export_image (ctx, "k8s", err);
  if (image == NULL)
    return -1;
  cleanup_free char *name = hb_export_service_name (ctx, err);
  if (name == NULL)
    return -1;

  /* Volumes first: names must be DNS labels, unique in the pod. */
  cleanup_strv strv used = { 0 };
  size_t nvol = p->n_tmpfs + p->n_volumes;
  cleanup_free k8s_volume *vols = xcalloc (nvol ? nvol : 1, sizeof *vols);
  size_t k = 0, ncopy = 0;
  for (size_t i = 0; i < p->n_tmpfs; i++, k++)
    {
      const hb_tmpfs *t = &p->tmpfs[i];
      hb_tmpfs_opts o;
      if (hb_export_tmpfs_parse (t->options, &o, err) < 0)
        return -1;
      vols[k].name = hb_export_unique_label (&used, t->path, 63, "tmpfs");
      vols[k].path = t->path;
      vols[k].memory = true;
      vols[k].size = o.size;
      cleanup_free char *shown = text_sanitize (t->path);
      for (size_t f = 0; f < o.flags.n; f++)
        if (strcmp (o.flags.v[f], "rw") != 0)
          hb_export_note (ctx, "k8s: an emptyDir cannot set mount option %s (tmpfs %s)",
                          o.flags.v[f], shown);
      if (o.mode >= 0)
        hb_export_note (ctx, "k8s: an emptyDir cannot set mode %lo (tmpfs %s)",
                        (unsigned long) o.mode, shown);
      strv_clear (&o.flags);
    }
  for (size_t i = 0; i < p->n_volumes; i++, k++)
    {
      const hb_volume *v = &p->volumes[i];
      vols[k].name = hb_export_unique_label (&used, v->source && v->source[0] != '/'
                                             ? v->source : v->path, 63, "volume");
      vols[k].path = v->path;
      vols[k].read_only = v->read_only;
      cleanup_free char *shown = text_sanitize (v->path);
      if (v->source && v->source[0] == '/')
        {
          vols[k].host_path = v->source;
          continue;
        }
      if (v->source)
        hb_export_note (ctx, "k8s: named volume %s at %s is an emptyDir (its contents last as "
                        "long as the pod; use a PersistentVolumeClaim to keep them)",
                        v->source, shown);
      /* A new Docker volume starts with the image's files there; an
       * emptyDir starts empty. */
      vols[k].copy = !ctx->k8s_empty_volumes;
      ncopy += vols[k].copy;
      if (ctx->k8s_empty_volumes)
        hb_export_note (ctx, "k8s: the emptyDir at %s starts empty, unlike a Docker volume, "
                        "which starts with the image's files there (without --k8s-empty-volumes "
                        "an init container copies them in)", shown);
      else
        hb_export_note (ctx, "k8s: the emptyDir at %s starts empty, unlike a Docker volume: "
                        "the init container " HB_K8S_COPY_INIT " copies the image's files "
                        "there into it first (cp -a, as the Pod's user; --k8s-empty-volumes "
                        "leaves it out)", shown);
    }

  /* seccomp */
  const char *seccomp_type = "RuntimeDefault";
  cleanup_free char *localhost = NULL;
  switch (hb_export_seccomp_kind_of (p))
    {
    case HB_EXPORT_SECCOMP_DEFAULT:
      break;
    case HB_EXPORT_SECCOMP_UNCONFINED:
      seccomp_type = "Unconfined";
      break;
    case HB_EXPORT_SECCOMP_FILE:
      {
        const char *file = hb_export_add_seccomp_side_file (ctx, name, err);
        if (file == NULL)
          return -1;
        cleanup_free char *copy = xstrdup (file);
        seccomp_type = "Localhost";
        localhost = xasprintf ("hardenbench/%s", basename (copy));
        cleanup_free char *shown = text_sanitize (file);
        cleanup_free char *shown_lp = text_sanitize (localhost);
        hb_export_note (ctx, "k8s: install the seccomp profile %s on every node as "
                        "<kubelet root>/seccomp/%s (by default /var/lib/kubelet/seccomp/%s)",
                        shown, shown_lp, shown_lp);
      }
      break;
    }

  /* Published ports: containerPort, and hostPort where docker published
   * one on the host (hostPort binds it on the node the Pod runs on). */
  cleanup_free hb_export_port *ports = NULL;
  size_t nports;
  if (hb_export_ports (p, &ports, &nports, err) < 0)
    return -1;
  bool host_net = p->network_mode && strcmp (p->network_mode, "host") == 0;
  for (size_t i = 0; i < nports; i++)
    if (host_net && ports[i].host && ports[i].host != ports[i].cont)
      {
        cleanup_free char *spec = hb_export_port_spec (&ports[i]);
        hb_export_note (ctx, "k8s: published port %s: with hostNetwork the hostPort is the "
                        "containerPort: the app answers on %u", spec, ports[i].cont);
        ports[i].host = 0;
      }
    else if (ports[i].host)
      {
        cleanup_free char *spec = hb_export_port_spec (&ports[i]);
        hb_export_note (ctx, "k8s: published port %s is a hostPort, bound on the node the Pod "
                        "runs on as docker -p binds the host; a Service is the usual way to "
                        "reach a Pod", spec);
      }
    else if (ports[i].ip[0])
      {
        cleanup_free char *spec = hb_export_port_spec (&ports[i]);
        hb_export_note (ctx, "k8s: published port %s: a hostIP needs a hostPort: only the "
                        "containerPort is kept", spec);
      }

  if (!p->no_new_privileges && !p->privileged)
    hb_export_note (ctx, "k8s: allowPrivilegeEscalation is false although the policy does not "
                    "set no-new-privileges: setuid programs (su, ping) and file capabilities "
                    "grant nothing in the Pod, as with --no-new-privileges");

  long long uid = -1, gid = -1;
  if (p->user && *p->user && !hb_export_user_ids (p->user, &uid, &gid))
    {
      cleanup_free char *shown = text_sanitize (p->user);
      hb_export_note (ctx, "k8s: runAsUser needs a number: user %s was not resolved to one "
                      "and is left out", shown);
    }

  if (hb_export_yaml_reasons (p, out, err) < 0)
    return -1;
  hb_yaml y;
  hb_yaml_begin (&y, out, false);
  hb_yaml_map_start (&y);
  hb_yaml_kv_str (&y, "apiVersion", "v1");
  hb_yaml_kv_str (&y, "kind", "Pod");
  hb_yaml_str (&y, "metadata");
  hb_yaml_map_start (&y);
  hb_yaml_kv_str (&y, "name", name);
  hb_yaml_map_end (&y);

  hb_yaml_str (&y, "spec");
  hb_yaml_map_start (&y);
  if (p->network_mode && strcmp (p->network_mode, "host") == 0)
    hb_yaml_kv_bool (&y, "hostNetwork", true);
  else if (p->network_mode && *p->network_mode && strcmp (p->network_mode, "bridge") != 0
           && strcmp (p->network_mode, "default") != 0)
    hb_export_note (ctx, "k8s: network mode %s has no Pod equivalent", p->network_mode);
  if (p->pid_mode && strcmp (p->pid_mode, "host") == 0)
    hb_yaml_kv_bool (&y, "hostPID", true);
  if (p->ipc_mode && strcmp (p->ipc_mode, "host") == 0)
    hb_yaml_kv_bool (&y, "hostIPC", true);
  if (p->uts_mode && *p->uts_mode)
    hb_export_note (ctx, "k8s: a Pod cannot set the UTS namespace (uts %s)", p->uts_mode);
  if (p->pids > 0)
    hb_export_note (ctx, "k8s: a Pod has no per-container pids limit (pids %lld is the "
                    "kubelet's --pod-max-pids)", (long long) p->pids);

  if (ncopy)
    emit_copy_init (&y, p, image, name, vols, nvol, seccomp_type, localhost, uid, gid);
  hb_yaml_str (&y, "containers");
  hb_yaml_seq_start (&y);
  hb_yaml_map_start (&y);
  hb_yaml_kv_str (&y, "name", name);
  hb_yaml_kv_str (&y, "image", image);
  if (p->has_process)
    {
      const hb_process *pr = &p->process;
      /* The kubelet expands $(VAR) in command, args and env values, and
       * reads "$$" as "$": doubling every '$' keeps them literal. */
      y.escape_dollar = true;
      if (pr->entrypoint.n)
        str_list (&y, "command", &pr->entrypoint);
      if (pr->cmd.n)
        str_list (&y, "args", &pr->cmd);
      if (pr->env.n)
        {
          hb_yaml_str (&y, "env");
          hb_yaml_seq_start (&y);
          for (size_t i = 0; i < pr->env.n; i++)
            {
              const char *eq = strchr (pr->env.v[i], '=');
              cleanup_free char *key = eq ? xstrndup (pr->env.v[i], (size_t) (eq - pr->env.v[i]))
                                          : xstrdup (pr->env.v[i]);
              hb_yaml_map_start (&y);
              hb_yaml_kv_str (&y, "name", key);
              hb_yaml_kv_str (&y, "value", eq ? eq + 1 : "");
              hb_yaml_map_end (&y);
            }
          hb_yaml_seq_end (&y);
        }
      y.escape_dollar = false;
      if (pr->workdir && *pr->workdir)
        hb_yaml_kv_str (&y, "workingDir", pr->workdir);
    }
  if (nports)
    {
      hb_yaml_str (&y, "ports");
      hb_yaml_seq_start (&y);
      for (size_t i = 0; i < nports; i++)
        {
          const hb_export_port *pt = &ports[i];
          char proto[sizeof pt->proto];
          for (size_t c = 0; c < sizeof proto; c++)
            proto[c] = (char) toupper ((unsigned char) pt->proto[c]);
          hb_yaml_map_start (&y);
          hb_yaml_kv_int (&y, "containerPort", pt->cont);
          hb_yaml_kv_str (&y, "protocol", proto);
          if (pt->host)
            hb_yaml_kv_int (&y, "hostPort", pt->host);
          if (pt->host && pt->ip[0])
            hb_yaml_kv_str (&y, "hostIP", pt->ip);
          hb_yaml_map_end (&y);
        }
      hb_yaml_seq_end (&y);
    }

  emit_security_context (&y, p, seccomp_type, localhost, uid, gid);

  if (p->memory > 0 || p->cpus > 0)
    {
      hb_yaml_str (&y, "resources");
      hb_yaml_map_start (&y);
      hb_yaml_str (&y, "limits");
      hb_yaml_map_start (&y);
      if (p->cpus > 0)
        {
          cleanup_free char *q = k8s_quantity_cpus (p->cpus);
          hb_yaml_kv_str (&y, "cpu", q);
        }
      if (p->memory > 0)
        {
          cleanup_free char *q = k8s_quantity_bytes (p->memory);
          hb_yaml_kv_str (&y, "memory", q);
        }
      hb_yaml_map_end (&y);
      hb_yaml_map_end (&y);
    }

  if (nvol)
    {
      hb_yaml_str (&y, "volumeMounts");
      hb_yaml_seq_start (&y);
      for (size_t i = 0; i < nvol; i++)
        {
          hb_yaml_map_start (&y);
          hb_yaml_kv_str (&y, "name", vols[i].name);
          hb_yaml_kv_str (&y, "mountPath", vols[i].path);
          if (vols[i].read_only)
            hb_yaml_kv_bool (&y, "readOnly", true);
          hb_yaml_map_end (&y);
        }
      hb_yaml_seq_end (&y);
    }
  hb_yaml_map_end (&y);   /* the container */
  hb_yaml_seq_end (&y);   /* containers */

  if (nvol)
    {
      hb_yaml_str (&y, "volumes");
      hb_yaml_seq_start (&y);
      for (size_t i = 0; i < nvol; i++)
        {
          hb_yaml_map_start (&y);
          hb_yaml_kv_str (&y, "name", vols[i].name);
          if (vols[i].host_path)
            {
              hb_yaml_str (&y, "hostPath");
              hb_yaml_map_start (&y);
              hb_yaml_kv_str (&y, "path", vols[i].host_path);
              hb_yaml_map_end (&y);
            }
          else
            {
              hb_yaml_str (&y, "emptyDir");
              if (!vols[i].memory)
                hb_yaml_empty_map (&y);
              else
                {
                  hb_yaml_map_start (&y);
                  hb_yaml_kv_str (&y, "medium", "Memory");
                  if (vols[i].size > 0)
                    {
                      cleanup_free char *q = k8s_quantity_bytes (vols[i].size);
                      hb_yaml_kv_str (&y, "sizeLimit", q);
                    }
                  hb_yaml_map_end (&y);
                }
            }
          hb_yaml_map_end (&y);
        }
      hb_yaml_seq_end (&y);
    }
  hb_yaml_map_end (&y);   /* spec */
  hb_yaml_map_end (&y);
  return hb_yaml_end (&y, "export k8s", err);
}
