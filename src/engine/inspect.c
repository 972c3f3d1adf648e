/* inspect.c - turning inspect JSON into the policy a target runs with today
 * (published ports included), and finding its overlay layers. */
#include "config.h"

#include "engine/inspect.h"
#include "engine/engine_json.h"
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "policy/capabilities.h"
#include "policy/seccomp_profile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_INLINE_PROFILE (4u * 1024 * 1024)

/* A value the engine sent that the policy refuses (a relative tmpfs path,
 * a volume at "/..") is the engine's bad answer, status 3 as INTERFACE.md
 * says, not the usage error (2) the same value gets when typed as a flag. */
static int
engine_refused (hb_error **err)
{
  if (err != NULL && *err != NULL)
    (*err)->status = HB_EXIT_ENGINE;
  return -1;
}

/* Config.Entrypoint, Cmd, Env, WorkingDir, ExposedPorts, User. */
static int
read_config (json_t *config, hb_policy *p, hb_error **err)
{
  const char *ctx = ".Config";
  const char *user = NULL, *workdir = NULL;
  hb_process *proc = &p->process;
  if (hb_jget_string (config, "User", ctx, &user, err) < 0
      || hb_jget_string (config, "WorkingDir", ctx, &workdir, err) < 0
      || hb_jget_strv (config, "Entrypoint", ctx, &proc->entrypoint, err) < 0
      || hb_jget_strv (config, "Cmd", ctx, &proc->cmd, err) < 0
      || hb_jget_strv (config, "Env", ctx, &proc->env, err) < 0
      || hb_jget_keys (config, "ExposedPorts", ctx, &proc->ports, err) < 0)
    return -1;
  p->has_process = true;
  if (workdir && *workdir)
    proc->workdir = xstrdup (workdir);
  if (user && *user && hb_policy_set_user (p, user, err) < 0)
    {
      hb_error_wrap (err, "engine response .Config.User");
      return engine_refused (err);
    }
  return 0;
}

/* Is name an anonymous volume's (64 hex digits)? */
static bool
anonymous_volume (const char *name)
{
  return name && strlen (name) == 64 && strspn (name, "0123456789abcdef") == 64;
}

static int
read_mounts (json_t *inspect, hb_policy *p, hb_error **err)
{
  json_t *mounts;
  if (hb_jget_array (inspect, "Mounts", "", &mounts, err) < 0)
    return -1;
  size_t i;
  json_t *m;
  json_array_foreach (mounts, i, m)
    {
      cleanup_free char *ctx = xasprintf (".Mounts[%zu]", i);
      if (!json_is_object (m))
        return hb_fail (err, HB_EXIT_ENGINE, "engine response %s: expected an object", ctx);
      const char *type = NULL, *name = NULL, *source = NULL, *dest = NULL;
      bool rw = false;
      if (hb_jget_string (m, "Type", ctx, &type, err) < 0
          || hb_jget_string (m, "Name", ctx, &name, err) < 0
          || hb_jget_string (m, "Source", ctx, &source, err) < 0
          || hb_jget_string (m, "Destination", ctx, &dest, err) < 0
          || hb_jget_bool (m, "RW", ctx, &rw, err) < 0)
        return -1;
      if (dest == NULL || type == NULL)
        continue;
      const char *src = NULL;
      if (strcmp (type, "bind") == 0)
        src = source;
      else if (strcmp (type, "volume") == 0)
        src = anonymous_volume (name) ? NULL : name;
      else
        continue;
      if (hb_policy_set_volume (p, dest, src, !rw, err) < 0)
        {
          cleanup_free char *d = text_sanitize (dest);
          hb_error_wrap (err, "engine response %s (%s)", ctx, d);
          return engine_refused (err);
        }
    }
  return 0;
}

static int
read_tmpfs (json_t *host, hb_policy *p, hb_error **err)
{
  json_t *tmpfs;
  if (hb_jget_object (host, "Tmpfs", ".HostConfig", &tmpfs, err) < 0)
    return -1;
  const char *path;
  json_t *v;
  json_object_foreach (tmpfs, path, v)
    {
      if (!json_is_string (v))
        {
          cleanup_free char *pp = text_sanitize (path);
          return hb_fail (err, HB_EXIT_ENGINE, "engine response .HostConfig.Tmpfs[%s]: "
                          "expected a string", pp);
        }
      const char *opts = json_string_value (v);
      if (hb_policy_set_tmpfs (p, path, *opts ? opts : NULL, err) < 0)
        {
          cleanup_free char *pp = text_sanitize (path);
          hb_error_wrap (err, "engine response .HostConfig.Tmpfs (%s)", pp);
          return engine_refused (err);
        }
    }
  /* --mount type=tmpfs lands in HostConfig.Mounts. */
  json_t *mounts;
  if (hb_jget_array (host, "Mounts", ".HostConfig", &mounts, err) < 0)
    return -1;
  size_t i;
  json_t *m;
  json_array_foreach (mounts, i, m)
    {
      cleanup_free char *ctx = xasprintf (".HostConfig.Mounts[%zu]", i);
      const char *type = NULL, *target = NULL;
      json_t *topts = NULL;
      int64_t size = 0, mode = 0;
      if (!json_is_object (m))
        return hb_fail (err, HB_EXIT_ENGINE, "engine response %s: expected an object", ctx);
      if (hb_jget_string (m, "Type", ctx, &type, err) < 0
          || hb_jget_string (m, "Target", ctx, &target, err) < 0
          || hb_jget_object (m, "TmpfsOptions", ctx, &topts, err) < 0
          || hb_jget_int (topts, "SizeBytes", ctx, &size, err) < 0
          || hb_jget_int (topts, "Mode", ctx, &mode, err) < 0)
        return -1;
      if (type == NULL || strcmp (type, "tmpfs") != 0 || target == NULL)
        continue;
      cleanup_free char *opts = xstrdup ("rw");
      if (size > 0)
        {
          char *o = xasprintf ("%s,size=%lld", opts, (long long) size);
          free (opts);
          opts = o;
        }
      if (mode > 0 && mode <= 07777)
        {
          char *o = xasprintf ("%s,mode=%llo", opts, (unsigned long long) mode);
          free (opts);
          opts = o;
        }
      if (hb_policy_set_tmpfs (p, target, opts, err) < 0)
        {
          hb_error_wrap (err, "engine response %s", ctx);
          return engine_refused (err);
        }
    }
  return 0;
}

/* HostConfig.PortBindings {"80/tcp": [{"HostIp": "", "HostPort": "18080"}]}
 * as docker -p specs ("18080:80/tcp"; "80/tcp" when the engine picks the
 * host port).  What the engine says is checked: a port is 1-65535, a
 * protocol tcp, udp or sctp, an address hex digits, '.' and ':' only. */
static int
read_ports (json_t *host, hb_policy *p, hb_error **err)
{
  json_t *bindings;
  if (hb_jget_object (host, "PortBindings", ".HostConfig", &bindings, err) < 0)
    return -1;
  const char *key;
  json_t *list;
  json_object_foreach (bindings, key, list)
    {
      cleanup_free char *shown = text_sanitize (key);
      cleanup_free char *ctx = xasprintf (".HostConfig.PortBindings[%s]", shown);
      const char *slash = strchr (key, '/');
      cleanup_free char *port = slash ? xstrndup (key, (size_t) (slash - key)) : xstrdup (key);
      const char *proto = slash ? slash + 1 : "tcp";
      uint64_t n;
      if (!text_parse_u64 (port, &n) || n == 0 || n > 65535
          || (strcmp (proto, "tcp") != 0 && strcmp (proto, "udp") != 0 && strcmp (proto, "sctp") != 0))
        return hb_fail (err, HB_EXIT_ENGINE, "engine response %s: not a PORT/PROTO", ctx);
      if (list == NULL || json_is_null (list))
        continue;
      if (!json_is_array (list))
        return hb_fail (err, HB_EXIT_ENGINE, "engine response %s: expected an array", ctx);
      size_t i;
      json_t *b;
      json_array_foreach (list, i, b)
        {
          const char *hip = NULL, *hport = NULL;
          if (!json_is_object (b))
            return hb_fail (err, HB_EXIT_ENGINE, "engine response %s[%zu]: expected an object",
                            ctx, i);
          if (hb_jget_string (b, "HostIp", ctx, &hip, err) < 0
              || hb_jget_string (b, "HostPort", ctx, &hport, err) < 0)
            return -1;
          uint64_t hn = 0;
          if (hport && *hport && (!text_parse_u64 (hport, &hn) || hn == 0 || hn > 65535))
            return hb_fail (err, HB_EXIT_ENGINE, "engine response %s[%zu].HostPort: not a port",
                            ctx, i);
          if (hip && strspn (hip, "0123456789abcdefABCDEF.:") != strlen (hip))
            return hb_fail (err, HB_EXIT_ENGINE, "engine response %s[%zu].HostIp: not an "
                            "address", ctx, i);
          cleanup_free char *ip = NULL;
          if (hip && *hip)
            ip = strchr (hip, ':') ? xasprintf ("[%s]:", hip) : xasprintf ("%s:", hip);
          char *spec;
          if (hn)
            spec = xasprintf ("%s%llu:%llu/%s", ip ? ip : "", (unsigned long long) hn,
                              (unsigned long long) n, proto);
          else if (ip)
            spec = xasprintf ("%s:%llu/%s", ip, (unsigned long long) n, proto);
          else
            spec = xasprintf ("%llu/%s", (unsigned long long) n, proto);
          if (strv_contains (&p->process.publish, spec))
            free (spec);
          else
            strv_push_owned (&p->process.publish, spec);
        }
    }
  return 0;
}

static int
read_caps (json_t *host, hb_policy *p, hb_error **err)
{
  cleanup_strv strv add = { 0 };
  cleanup_strv strv drop = { 0 };
  if (hb_jget_strv (host, "CapAdd", ".HostConfig", &add, err) < 0
      || hb_jget_strv (host, "CapDrop", ".HostConfig", &drop, err) < 0)
    return -1;
  /* Names the capability table does not know cannot be granted or dropped
   * by us either: they are left out. */
  for (size_t i = 0; i < drop.n; i++)
    {
      cleanup_free char *c = hb_cap_normalize (drop.v[i]);
      if (c)
        strv_add_unique (&p->cap_drop, c);
    }
  for (size_t i = 0; i < add.n; i++)
    {
      cleanup_free char *c = hb_cap_normalize (add.v[i]);
      if (c)
        strv_add_unique (&p->cap_add, c);
    }
  return 0;
}

static bool
is_true_value (const char *v)
{
  return v == NULL || strcmp (v, "true") == 0 || strcmp (v, "1") == 0;
}

/* seccomp=<inline JSON>: validate with the same limits as any engine JSON
 * and keep it as a file the policy can point at. */
static int
save_inline_profile (const char *json_text, const char *seccomp_dir, const char *id,
                     hb_policy *p, hb_error **err)
{
  size_t len = strlen (json_text);
  if (len > MAX_INLINE_PROFILE)
    return hb_fail (err, HB_EXIT_ENGINE, "engine response .HostConfig.SecurityOpt: inline "
                    "seccomp profile larger than %u bytes", MAX_INLINE_PROFILE);
  cleanup_json json_t *j = hb_engine_json_parse (json_text, len,
                                                 "inline seccomp profile in SecurityOpt", err);
  if (j == NULL)
    return -1;
  if (!json_is_object (j))
    return hb_fail (err, HB_EXIT_ENGINE, "inline seccomp profile in SecurityOpt: not an "
                    "object");
  if (seccomp_dir == NULL)
    {
      free (p->seccomp_profile);
      p->seccomp_profile = xstrdup ("custom");
      return 0;
    }
  if (id == NULL || strspn (id, "0123456789abcdef") != strlen (id)
      || *id == '\0')
    return hb_fail (err, HB_EXIT_ENGINE, "inline seccomp profile: no container id to name "
                    "it by");
  if (mkdir_p (seccomp_dir, 0700, err) < 0)
    return -1;
  cleanup_free char *path = xasprintf ("%s/%s.json", seccomp_dir, id);
  cleanup_free char *text = json_dumps (j, JSON_INDENT (2) | JSON_PRESERVE_ORDER);
  cleanup_free char *with_nl = xasprintf ("%s\n", text);
  if (file_write_atomic (path, with_nl, strlen (with_nl), true, 0600, err) < 0)
    return -1;
  /* Validated here, once, for every command that reads the container
   * (policy and audit never load the profile; export and trial did, and
   * were the only ones to refuse errnoRet 99999).  The file is kept, so
   * that the file:line:column of the error can be looked at. */
  if (hb_seccomp_profile_check (with_nl, strlen (with_nl), path, err) < 0)
    return hb_error_wrap (err, "inline seccomp profile in SecurityOpt");
  free (p->seccomp_profile);
  p->seccomp_profile = steal_pointer (&path);
  return 0;
}

static int
read_security_opt (json_t *host, const char *seccomp_dir, const char *id, hb_policy *p,
                   hb_error **err)
{
  cleanup_strv strv opts = { 0 };
  if (hb_jget_strv (host, "SecurityOpt", ".HostConfig", &opts, err) < 0)
    return -1;
  for (size_t i = 0; i < opts.n; i++)
    {
      const char *o = opts.v[i];
      size_t klen = strcspn (o, "=:");
      const char *value = o[klen] ? o + klen + 1 : NULL;
      if (klen == strlen ("no-new-privileges") && strncmp (o, "no-new-privileges", klen) == 0)
        p->no_new_privileges = is_true_value (value);
      else if (klen == strlen ("seccomp") && strncmp (o, "seccomp", klen) == 0 && value)
        {
          free (p->seccomp_profile);
          p->seccomp_profile = NULL;
          if (strcmp (value, "unconfined") == 0)
            p->seccomp_profile = xstrdup ("unconfined");
          else if (value[strspn (value, " \t\r\n")] == '{')
            {
              if (save_inline_profile (value, seccomp_dir, id, p, err) < 0)
                return -1;
            }
          else if (value[0] == '/')
            p->seccomp_profile = xstrdup (value);
          else if (strcmp (value, "builtin") != 0 && strcmp (value, "default") != 0)
            {
              cleanup_free char *v = text_sanitize (value);
              return hb_fail (err, HB_EXIT_ENGINE, "engine response .HostConfig.SecurityOpt: "
                              "seccomp=%s: not a profile hardenbench can read", v);
            }
        }
    }
  return 0;
}

/* NetworkMode and friends: kept only when they differ from the default. */
static int
read_mode (json_t *host, const char *key, const char *const *defaults, char **out,
           hb_error **err)
{
  const char *v;
  if (hb_jget_string (host, key, ".HostConfig", &v, err) < 0)
    return -1;
  if (v == NULL || *v == '\0')
    return 0;
  for (size_t i = 0; defaults[i]; i++)
    if (strcmp (v, defaults[i]) == 0)
      return 0;
  free (*out);
  *out = xstrdup (v);
  return 0;
}

static int
read_limits (json_t *host, hb_policy *p, hb_error **err)
{
  const char *ctx = ".HostConfig";
  int64_t memory = 0, nano = 0, quota = 0, period = 0, pids = 0;
  if (hb_jget_int (host, "Memory", ctx, &memory, err) < 0
      || hb_jget_int (host, "NanoCpus", ctx, &nano, err) < 0
      || hb_jget_int (host, "CpuQuota", ctx, &quota, err) < 0
      || hb_jget_int (host, "CpuPeriod", ctx, &period, err) < 0
      || hb_jget_int (host, "PidsLimit", ctx, &pids, err) < 0)
    return -1;
  p->memory = memory > 0 ? memory : 0;
  if (nano > 0)
    p->cpus = (double) nano / 1e9;
  else if (quota > 0)
    p->cpus = (double) quota / (double) (period > 0 ? period : 100000);
  /* 0 and -1 both mean unlimited. */
  p->pids = pids > 0 ? pids : 0;
  return 0;
}

int
hb_inspect_container_policy (json_t *inspect, const char *seccomp_dir, hb_policy *p,
                             hb_error **err)
{
  const char *id = NULL, *name = NULL;
  json_t *config = NULL, *host = NULL;
  if (hb_jget_string (inspect, "Id", "", &id, err) < 0
      || hb_jget_string (inspect, "Name", "", &name, err) < 0
      || hb_jget_object (inspect, "Config", "", &config, err) < 0
      || hb_jget_object (inspect, "HostConfig", "", &host, err) < 0)
    return -1;
  if (id == NULL || config == NULL || host == NULL)
    return hb_fail (err, HB_EXIT_ENGINE, "engine response: not a container (no Id, Config "
                    "or HostConfig)");
  const char *image = NULL;
  if (hb_jget_string (config, "Image", ".Config", &image, err) < 0)
    return -1;
  free (p->target_name);
  p->target_name = xstrdup (name && *name ? name + (name[0] == '/') : id);
  free (p->target_image);
  p->target_image = image ? xstrdup (image) : NULL;

  if (hb_jget_bool (host, "ReadonlyRootfs", ".HostConfig", &p->read_only_root, err) < 0
      || hb_jget_bool (host, "Privileged", ".HostConfig", &p->privileged, err) < 0
      || read_config (config, p, err) < 0
      || read_tmpfs (host, p, err) < 0
      || read_mounts (inspect, p, err) < 0
      || read_caps (host, p, err) < 0
      || read_ports (host, p, err) < 0
      || read_security_opt (host, seccomp_dir, id, p, err) < 0
      || read_limits (host, p, err) < 0)
    return -1;
  /* Docker leaves defaults empty; Podman spells them out ("private"). */
  static const char *const net_defaults[] = { "default", "bridge", "private", NULL };
  static const char *const ipc_defaults[] = { "private", "shareable", NULL };
  static const char *const private_default[] = { "private", NULL };
  if (read_mode (host, "NetworkMode", net_defaults, &p->network_mode, err) < 0
      || read_mode (host, "PidMode", private_default, &p->pid_mode, err) < 0
      || read_mode (host, "IpcMode", ipc_defaults, &p->ipc_mode, err) < 0
      || read_mode (host, "UTSMode", private_default, &p->uts_mode, err) < 0
      || read_mode (host, "UsernsMode", private_default, &p->userns_mode, err) < 0)
    return -1;
  return 0;
}

int
hb_inspect_image_policy (json_t *inspect, hb_policy *p, hb_error **err)
{
  json_t *config = NULL;
  if (hb_jget_object (inspect, "Config", "", &config, err) < 0)
    return -1;
  if (config == NULL)
    {
      /* An image without a config (docker import without --change) runs
       * with every default. */
      p->has_process = true;
      return 0;
    }
  if (read_config (config, p, err) < 0)
    return -1;
  cleanup_strv strv volumes = { 0 };
  if (hb_jget_keys (config, "Volumes", ".Config", &volumes, err) < 0)
    return -1;
  for (size_t i = 0; i < volumes.n; i++)
    if (hb_policy_set_volume (p, volumes.v[i], NULL, false, err) < 0)
      {
        hb_error_wrap (err, "engine response .Config.Volumes");
        return engine_refused (err);
      }
  return 0;
}

/* An absolute ".../diff" path without "." or ".." components. */
static bool
plausible_layer (const char *dir)
{
  if (dir[0] != '/' || !text_has_suffix (dir, "/diff"))
    return false;
  if (strstr (dir, "/../") || strstr (dir, "/./") || strstr (dir, "//"))
    return false;
  struct stat st;
  return stat (dir, &st) == 0 && S_ISDIR (st.st_mode) && access (dir, R_OK | X_OK) == 0;
}

int
hb_inspect_layers (json_t *inspect, strv *layers)
{
  json_t *gd = NULL, *data = NULL;
  const char *driver = NULL, *upper = NULL, *lower = NULL;
  hb_error *e = NULL;
  if (hb_jget_object (inspect, "GraphDriver", "", &gd, &e) < 0
      || hb_jget_string (gd, "Name", ".GraphDriver", &driver, &e) < 0
      || hb_jget_object (gd, "Data", ".GraphDriver", &data, &e) < 0
      || hb_jget_string (data, "UpperDir", ".GraphDriver.Data", &upper, &e) < 0
      || hb_jget_string (data, "LowerDir", ".GraphDriver.Data", &lower, &e) < 0)
    {
      hb_error_free (e);
      return 0;
    }
  if (driver == NULL || (strcmp (driver, "overlay2") != 0 && strcmp (driver, "overlay") != 0))
    return 0;
  cleanup_strv strv found = { 0 };
  if (upper)
    {
      if (!plausible_layer (upper))
        return 0;
      strv_push (&found, upper);
    }
  if (lower)
    {
      cleanup_free char *copy = xstrdup (lower);
      char *save = NULL;
      for (char *tok = strtok_r (copy, ":", &save); tok; tok = strtok_r (NULL, ":", &save))
        {
          if (!plausible_layer (tok))
            return 0;
          strv_push (&found, tok);
        }
    }
  if (found.n == 0)
    return 0;
  for (size_t i = 0; i < found.n; i++)
    strv_push (layers, found.v[i]);
  return 1;
}
