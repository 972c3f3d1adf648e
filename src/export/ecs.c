/* ecs.c - the `ecs` and `ecs-fargate` formats: an ECS task definition as
 * RegisterTaskDefinition takes it (JSON, jansson).
 *
 * botocore checks keys and types but not enum values, so every enum value
 * written here comes from the lists of the ECS API reference: capabilities,
 * tmpfs mount options, network/pid/ipc modes, dockerSecurityOptions.
 * Fargate has no host volumes, no dockerSecurityOptions, no privileged
 * mode, adds no capability but SYS_PTRACE, and takes task-level cpu/memory
 * from a fixed table: what cannot be carried over is a note.  Its tasks take
 * linuxParameters.tmpfs as EC2's do (since 2026-01-06).
 *
 * Capabilities on Fargate: needed defaults are kept by dropping the other
 * defaults.  EC2 gets memory, or a noted memoryReservation: one of them is
 * required there.  Published ports are portMappings. */
#include "config.h"

#include "export/export.h"
#include "export/export_common.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"

#include "policy/capabilities.h"

#include <string.h>

/* The soft memory reservation (MiB) of an EC2 container without a limit. */
#define HB_ECS_DEFAULT_RESERVATION 512

/* linuxParameters.capabilities valid values (ECS API reference). */
static const char *const ecs_caps[] = {
  "ALL", "AUDIT_CONTROL", "AUDIT_WRITE", "BLOCK_SUSPEND", "CHOWN", "DAC_OVERRIDE",
  "DAC_READ_SEARCH", "FOWNER", "FSETID", "IPC_LOCK", "IPC_OWNER", "KILL", "LEASE",
  "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE", "MKNOD", "NET_ADMIN", "NET_BIND_SERVICE",
  "NET_BROADCAST", "NET_RAW", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_ADMIN",
  "SYS_BOOT", "SYS_CHROOT", "SYS_MODULE", "SYS_NICE", "SYS_PACCT", "SYS_PTRACE", "SYS_RAWIO",
  "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "SYSLOG", "WAKE_ALARM", NULL,
};

/* linuxParameters.tmpfs[].mountOptions valid values. */
static const char *const ecs_tmpfs_options[] = {
  "defaults", "ro", "rw", "suid", "nosuid", "dev", "nodev", "exec", "noexec", "sync",
  "async", "dirsync", "remount", "mand", "nomand", "atime", "noatime", "diratime",
  "nodiratime", "bind", "rbind", "unbindable", "runbindable", "private", "rprivate",
  "shared", "rshared", "slave", "rslave", "relatime", "norelatime", "strictatime",
  "nostrictatime", "mode", "uid", "gid", "nr_inodes", "nr_blocks", "mpol", NULL,
};

static bool
in_list (const char *s, const char *const *list)
{
  for (size_t i = 0; list[i]; i++)
    if (strcmp (s, list[i]) == 0)
      return true;
  return false;
}

/* Fargate task sizes: cpu units and the memory (MiB) range and step. */
static const struct
{
  int cpu, mem_min, mem_max, mem_step;
} fargate_sizes[] = {
  { 256, 512, 2048, 0 },        /* 512, 1024, 2048 */
  { 512, 1024, 4096, 1024 },
  { 1024, 2048, 8192, 1024 },
  { 2048, 4096, 16384, 1024 },
  { 4096, 8192, 30720, 1024 },
  { 8192, 16384, 61440, 4096 },
  { 16384, 32768, 122880, 8192 },
};

/* The smallest valid Fargate (cpu, memory) holding want_cpu units and
 * want_mem MiB; false when none does. */
static bool
fargate_size (long want_cpu, long want_mem, int *cpu, int *mem)
{
  for (size_t i = 0; i < sizeof fargate_sizes / sizeof fargate_sizes[0]; i++)
    {
      if (fargate_sizes[i].cpu < want_cpu || fargate_sizes[i].mem_max < want_mem)
        continue;
      *cpu = fargate_sizes[i].cpu;
      if (fargate_sizes[i].mem_step == 0)
        {
          static const int small[] = { 512, 1024, 2048 };
          for (size_t k = 0; k < 3; k++)
            if (small[k] >= want_mem)
              {
                *mem = small[k];
                return true;
              }
          continue;
        }
      long m = fargate_sizes[i].mem_min;
      while (m < want_mem)
        m += fargate_sizes[i].mem_step;
      *mem = (int) m;
      return true;
    }
  return false;
}

static long
mib_up (int64_t bytes)
{
  return (long) ((bytes + 1024 * 1024 - 1) / (1024 * 1024));
}

static json_t *
caps_array (hb_export_ctx *ctx, const strv *caps, const char *what, bool fargate)
{
  json_t *a = json_array ();
  for (size_t i = 0; i < caps->n; i++)
    {
      const char *c = caps->v[i];
      if (!in_list (c, ecs_caps))
        {
          hb_export_note (ctx, "%s: capability %s cannot be %s in ECS (not in its list of "
                          "capabilities)", fargate ? "ecs-fargate" : "ecs", c, what);
          continue;
        }
      if (fargate && strcmp (what, "added") == 0 && strcmp (c, "SYS_PTRACE") != 0)
        {
          hb_export_note (ctx, "ecs-fargate: capability %s cannot be added on Fargate (only "
                          "SYS_PTRACE can)", c);
          continue;
        }
      json_array_append_new (a, json_string (c));
    }
  return a;
}

/* Fargate adds no capability but SYS_PTRACE.  A policy that drops ALL and
 * adds back some of Docker's defaults (CHOWN, NET_BIND_SERVICE...) keeps
 * them by dropping every other default instead: Fargate starts a container
 * with Docker's default set.  Capabilities outside it are a note. */
static void
fargate_caps (hb_export_ctx *ctx, const hb_policy *p, json_t **add, json_t **drop)
{
  bool drops_all = strv_contains (&p->cap_drop, "ALL");
  bool default_added = false;
  for (size_t i = 0; i < p->cap_add.n; i++)
    {
      const hb_capability *c = hb_cap_lookup (p->cap_add.v[i]);
      default_added |= c && c->docker_default;
    }
  if (!drops_all || !default_added || strv_contains (&p->cap_add, "ALL"))
    {
      *add = caps_array (ctx, &p->cap_add, "added", true);
      *drop = caps_array (ctx, &p->cap_drop, "dropped", true);
      return;
    }
  *add = json_array ();
  *drop = json_array ();
  size_t n;
  const hb_capability *table = hb_cap_table (&n);
  cleanup_strv strv kept = { 0 };
  for (size_t i = 0; i < n; i++)
    {
      const hb_capability *c = &table[i];
      bool wanted = hb_policy_cap_enabled (p, c->name);
      if (c->docker_default)
        {
          if (wanted)
            strv_push (&kept, c->name);
          else if (in_list (c->name, ecs_caps))
            json_array_append_new (*drop, json_string (c->name));
        }
      else if (wanted && strcmp (c->name, "SYS_PTRACE") == 0)
        json_array_append_new (*add, json_string (c->name));
      else if (wanted)
        hb_export_note (ctx, "ecs-fargate: capability %s cannot be added on Fargate (only "
                        "SYS_PTRACE can)", c->name);
    }
  cleanup_free char *names = strv_join (&kept, ", ");
  hb_export_note (ctx, "ecs-fargate: Fargate adds no capability but SYS_PTRACE: drop ALL + add %s "
                  "is written as a drop of every other Docker default capability (the container "
                  "keeps %s)", names, names);
}

static int
build (hb_export_ctx *ctx, FILE *out, bool fargate, hb_error **err)
{
  const char *fmt = fargate ? "ecs-fargate" : "ecs";
  const hb_policy *p = ctx->policy;
  const char *image = hb_export_image (ctx, fmt, err);
  if (image == NULL)
    return -1;
  cleanup_free char *name = hb_export_service_name (ctx, err);
  if (name == NULL)
    return -1;

  cleanup_json json_t *td = json_object ();      /* task-level keys after volumes */
  cleanup_json json_t *c = json_object ();
  cleanup_json json_t *task_volumes = json_array ();
  cleanup_json json_t *mounts = json_array ();
  cleanup_json json_t *linux_params = json_object ();
  cleanup_json json_t *tmpfs = json_array ();
  cleanup_strv strv used_names = { 0 };

  json_object_set_new (c, "name", json_string (name));
  json_object_set_new (c, "image", json_string (image));
  json_object_set_new (c, "essential", json_true ());

  if (p->has_process)
    {
      const hb_process *pr = &p->process;
      if (pr->entrypoint.n)
        json_object_set_new (c, "entryPoint", strv_to_json (&pr->entrypoint));
      if (pr->cmd.n)
        json_object_set_new (c, "command", strv_to_json (&pr->cmd));
      if (pr->env.n)
        {
          json_t *env = json_array ();
          for (size_t i = 0; i < pr->env.n; i++)
            {
              const char *eq = strchr (pr->env.v[i], '=');
              cleanup_free char *key = eq ? xstrndup (pr->env.v[i], (size_t) (eq - pr->env.v[i]))
                                          : xstrdup (pr->env.v[i]);
              json_array_append_new (env, json_pack ("{s:s, s:s}", "name", key,
                                                     "value", eq ? eq + 1 : ""));
            }
          json_object_set_new (c, "environment", env);
        }
      if (pr->workdir && *pr->workdir)
        json_object_set_new (c, "workingDirectory", json_string (pr->workdir));
    }

  /* Published ports: portMappings.  EC2's default bridge mode maps a host
   * port (none: a dynamic one); Fargate's awsvpc has the container's port
   * on the task's own address only.  ECS binds every address. */
  cleanup_free hb_export_port *ports = NULL;
  size_t nports;
  if (hb_export_ports (p, &ports, &nports, err) < 0)
    return -1;
  bool host_net = p->network_mode && strcmp (p->network_mode, "host") == 0 && !fargate;
  if (nports)
    {
      json_t *pm = json_array ();
      for (size_t i = 0; i < nports; i++)
        {
          const hb_export_port *pt = &ports[i];
          cleanup_free char *spec = hb_export_port_spec (pt);
          if (strcmp (pt->proto, "sctp") == 0)
            {
              hb_export_note (ctx, "%s: ECS port mappings are tcp or udp: %s is left out", fmt, spec);
              continue;
            }
          json_t *m = json_pack ("{s:i}", "containerPort", (json_int_t) pt->cont);
          if (pt->host && !fargate && !host_net)
            json_object_set_new (m, "hostPort", json_integer (pt->host));
          else if (pt->host && pt->host != pt->cont)
            hb_export_note (ctx, "%s: published port %s: with %s networking the container's "
                            "port %u is reached as is (put a load balancer or Service Connect "
                            "in front to use %u)", fmt, spec, fargate ? "awsvpc" : "host",
                            pt->cont, pt->host);
          json_object_set_new (m, "protocol", json_string (pt->proto));
          if (pt->ip[0])
            hb_export_note (ctx, "%s: published port %s: ECS cannot bind one address (%s): the "
                            "port is open on every address of the %s", fmt, spec, pt->ip,
                            fargate ? "task's network interface" : "instance");
          json_array_append_new (pm, m);
        }
      if (json_array_size (pm))
        json_object_set_new (c, "portMappings", pm);
      else
        json_decref (pm);
    }

  json_object_set_new (c, "readonlyRootFilesystem", json_boolean (p->read_only_root));

  /* Volumes: named ones keep their name (EC2: a shared, autoprovisioned
   * docker volume), host paths are host volumes, anonymous ones are task
   * scratch space.  Fargate has only the last kind. */
  for (size_t i = 0; i < p->n_volumes; i++)
    {
      const hb_volume *v = &p->volumes[i];
      const char *vname = hb_export_unique_label (&used_names, v->source && v->source[0] != '/'
                                                  ? v->source : v->path, 255, "volume");
      json_t *vol = json_pack ("{s:s}", "name", vname);
      if (v->source && v->source[0] == '/')
        {
          if (fargate)
            hb_export_note (ctx, "ecs-fargate: the host path %s of volume %s cannot be mounted "
                            "on Fargate: it is ephemeral task storage instead", v->source, v->path);
          else
            json_object_set_new (vol, "host", json_pack ("{s:s}", "sourcePath", v->source));
        }
      else if (v->source)
        {
          if (fargate)
            hb_export_note (ctx, "ecs-fargate: the named volume %s cannot be kept on Fargate: "
                            "%s is ephemeral task storage instead", v->source, v->path);
          else
            json_object_set_new (vol, "dockerVolumeConfiguration",
                                 json_pack ("{s:s, s:b, s:s}", "scope", "shared",
                                            "autoprovision", 1, "driver", "local"));
        }
      json_array_append_new (task_volumes, vol);
      json_array_append_new (mounts, json_pack ("{s:s, s:s, s:b}", "sourceVolume", vname,
                                                "containerPath", v->path,
                                                "readOnly", v->read_only));
    }

  /* tmpfs: linuxParameters.tmpfs, on EC2 and Fargate alike. */
  for (size_t i = 0; i < p->n_tmpfs; i++)
    {
      const hb_tmpfs *t = &p->tmpfs[i];
      hb_tmpfs_opts o;
      if (hb_export_tmpfs_parse (t->options, &o, err) < 0)
        return -1;
      json_t *opts = json_array ();
      for (size_t k = 0; k < o.flags.n; k++)
        {
          if (in_list (o.flags.v[k], ecs_tmpfs_options))
            json_array_append_new (opts, json_string (o.flags.v[k]));
          else
            hb_export_note (ctx, "%s: tmpfs option %s of %s is not one ECS accepts", fmt,
                            o.flags.v[k], t->path);
        }
      if (o.mode >= 0)
        hb_export_note (ctx, "%s: tmpfs %s: ECS cannot set the mode (%lo)", fmt, t->path,
                        (unsigned long) o.mode);
      long size;
      if (o.size > 0)
        size = mib_up (o.size);
      else
        {
          size = p->memory > 0 ? mib_up (p->memory) : 64;
          hb_export_note (ctx, "%s: tmpfs %s has no size and ECS needs one: %ld MiB%s", fmt,
                          t->path, size, p->memory > 0 ? " (the memory limit)" : "");
        }
      json_t *entry = json_pack ("{s:s, s:i}", "containerPath", t->path, "size", (json_int_t) size);
      if (json_array_size (opts))
        json_object_set (entry, "mountOptions", opts);
      json_decref (opts);
      json_array_append_new (tmpfs, entry);
      strv_clear (&o.flags);
    }
  if (json_array_size (mounts))
    json_object_set (c, "mountPoints", mounts);

  /* capabilities */
  json_t *caps = json_object ();
  json_t *add, *drop;
  if (fargate)
    fargate_caps (ctx, p, &add, &drop);
  else
    {
      add = caps_array (ctx, &p->cap_add, "added", false);
      drop = caps_array (ctx, &p->cap_drop, "dropped", false);
    }
  if (json_array_size (add))
    json_object_set (caps, "add", add);
  if (json_array_size (drop))
    json_object_set (caps, "drop", drop);
  json_decref (add);
  json_decref (drop);
  if (json_object_size (caps))
    json_object_set (linux_params, "capabilities", caps);
  json_decref (caps);
  if (json_array_size (tmpfs))
    json_object_set (linux_params, "tmpfs", tmpfs);
  if (json_object_size (linux_params))
    json_object_set (c, "linuxParameters", linux_params);

  if (p->user && *p->user)
    json_object_set_new (c, "user", json_string (p->user));
  if (p->privileged)
    {
      if (fargate)
        hb_export_note (ctx, "ecs-fargate: Fargate cannot run privileged containers");
      else
        json_object_set_new (c, "privileged", json_true ());
    }

  /* security options */
  if (p->no_new_privileges)
    {
      if (fargate)
        hb_export_note (ctx, "ecs-fargate: no-new-privileges cannot be set on Fargate "
                        "(dockerSecurityOptions is not valid there)");
      else
        json_object_set_new (c, "dockerSecurityOptions", json_pack ("[s]", "no-new-privileges"));
    }
  switch (hb_export_seccomp_kind_of (p))
    {
    case HB_EXPORT_SECCOMP_DEFAULT:
      break;
    case HB_EXPORT_SECCOMP_UNCONFINED:
      hb_export_note (ctx, "%s: ECS cannot turn seccomp off: the container keeps Docker's "
                      "default profile", fmt);
      break;
    case HB_EXPORT_SECCOMP_FILE:
      hb_export_note (ctx, "%s: ECS cannot carry a custom seccomp profile (dockerSecurityOptions "
                      "takes only no-new-privileges, apparmor and label): the container gets "
                      "Docker's default profile, without the policy's rules", fmt);
      break;
    }
  if (p->pids > 0)
    hb_export_note (ctx, "%s: ECS has no pids limit (pids %lld is not carried over)", fmt,
                    (long long) p->pids);

  /* Limits.  Container memory is a hard limit in MiB (Docker's minimum is
   * 6 MiB); cpu is in units of 1/1024 of a vCPU. */
  long mem = p->memory > 0 ? mib_up (p->memory) : 0;
  long cpu_units = p->cpus > 0 ? hb_export_ceil (p->cpus * 1024) : 0;
  if (mem > 0 && mem < 6)
    {
      hb_export_note (ctx, "%s: memory raised to 6 MiB, Docker's minimum", fmt);
      mem = 6;
    }
  if (mem > 0)
    json_object_set_new (c, "memory", json_integer (mem));
  else if (!fargate)
    {
      /* EC2 needs memory or memoryReservation, in the container or the
       * task: without a limit, a soft reservation keeps it unlimited. */
      json_object_set_new (c, "memoryReservation", json_integer (HB_ECS_DEFAULT_RESERVATION));
      hb_export_note (ctx, "ecs: the policy sets no memory limit and EC2 needs memory or "
                      "memoryReservation: memoryReservation is %d MiB (a soft limit the "
                      "scheduler places the task by; set --memory for a hard one)",
                      HB_ECS_DEFAULT_RESERVATION);
    }
  if (cpu_units > 0)
    json_object_set_new (c, "cpu", json_integer (cpu_units));

  /* Host namespaces. */
  const char *net = p->network_mode;
  if (fargate)
    {
      json_object_set_new (td, "requiresCompatibilities", json_pack ("[s]", "FARGATE"));
      json_object_set_new (td, "networkMode", json_string ("awsvpc"));
      if (net && *net && strcmp (net, "bridge") != 0 && strcmp (net, "default") != 0)
        hb_export_note (ctx, "ecs-fargate: network mode %s: Fargate tasks use awsvpc", net);
      if (p->pid_mode && strcmp (p->pid_mode, "host") == 0)
        hb_export_note (ctx, "ecs-fargate: Fargate cannot share the host's pid namespace");
      if (p->ipc_mode && strcmp (p->ipc_mode, "host") == 0)
        hb_export_note (ctx, "ecs-fargate: Fargate cannot share the host's ipc namespace");
      int fcpu, fmem;
      if (!fargate_size (cpu_units > 0 ? cpu_units : 256, mem > 0 ? mem : 512, &fcpu, &fmem))
        {
          return hb_fail (err, HB_EXIT_INPUT, "export ecs-fargate: no Fargate task size holds "
                          "%ld cpu units and %ld MiB", cpu_units, mem);
        }
      cleanup_free char *cs = xasprintf ("%d", fcpu);
      cleanup_free char *ms = xasprintf ("%d", fmem);
      json_object_set_new (td, "cpu", json_string (cs));
      json_object_set_new (td, "memory", json_string (ms));
    }
  else
    {
      json_object_set_new (td, "requiresCompatibilities", json_pack ("[s]", "EC2"));
      if (net && (strcmp (net, "host") == 0 || strcmp (net, "none") == 0
                  || strcmp (net, "bridge") == 0))
        json_object_set_new (td, "networkMode", json_string (net));
      else if (net && *net && strcmp (net, "default") != 0)
        hb_export_note (ctx, "ecs: network mode %s has no ECS equivalent", net);
      if (p->pid_mode && strcmp (p->pid_mode, "host") == 0)
        json_object_set_new (td, "pidMode", json_string ("host"));
      if (p->ipc_mode && (strcmp (p->ipc_mode, "host") == 0 || strcmp (p->ipc_mode, "none") == 0))
        json_object_set_new (td, "ipcMode", json_string (p->ipc_mode));
    }
  if (p->uts_mode && *p->uts_mode)
    hb_export_note (ctx, "%s: ECS has no UTS namespace setting (uts %s)", fmt, p->uts_mode);
  if (p->userns_mode && *p->userns_mode)
    hb_export_note (ctx, "%s: ECS has no user namespace setting (userns %s)", fmt, p->userns_mode);

  hb_export_note_reasons (ctx, fmt);
  cleanup_json json_t *doc = json_object ();
  json_object_set_new (doc, "family", json_string (name));
  json_object_set_new (doc, "containerDefinitions", json_pack ("[O]", c));
  if (json_array_size (task_volumes))
    json_object_set (doc, "volumes", task_volumes);
  json_object_update (doc, td);

  char *text = json_dumps (doc, JSON_INDENT (2));
  if (text == NULL)
    return hb_fail (err, HB_EXIT_FAILURE, "export %s: cannot encode the task definition", fmt);
  int r = fprintf (out, "%s\n", text);
  free (text);
  if (r < 0)
    return hb_fail (err, HB_EXIT_FAILURE, "export %s: cannot write", fmt);
  return 0;
}

int
hb_export_ecs (hb_export_ctx *ctx, FILE *out, hb_error **err)
{
  return build (ctx, out, false, err);
}

int
hb_export_ecs_fargate (hb_export_ctx *ctx, FILE *out, hb_error **err)
{
  return build (ctx, out, true, err);
}
