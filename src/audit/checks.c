/* checks.c - the table of CIS Docker Benchmark v1.6.0 checks that a policy
 * (or a container's settings, which a policy carries) can decide: 4.1 and
 * the decidable part of section 5.  Each check is one small test function;
 * the table gives its number, the benchmark's title and the fix.  The rest
 * of section 5 (5.12 among them: CIS audits CPU shares, which a policy does
 * not carry) is explained, with the reason, in audit/explain_text.c. */
#include "config.h"

#include "audit/audit.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "policy/capabilities.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static hb_check_status
pass_if (bool ok)
{
  return ok ? HB_CHECK_PASS : HB_CHECK_FAIL;
}

static bool
mode_is_host (const char *mode)
{
  return mode != NULL && strcmp (mode, "host") == 0;
}

/* 4.1: root is uid 0 by number or by name, with or without a group. */
static hb_check_status
check_user (const hb_policy *p)
{
  const char *u = p->user;
  if (u == NULL || *u == '\0')
    return HB_CHECK_FAIL;
  size_t len = strcspn (u, ":");
  if ((len == 4 && strncmp (u, "root", 4) == 0))
    return HB_CHECK_FAIL;
  /* "0", "00", "0:0" are all uid 0. */
  size_t zeros = strspn (u, "0");
  if (zeros > 0 && zeros == len)
    return HB_CHECK_FAIL;
  return HB_CHECK_PASS;
}

/* 5.4: pass when the effective set is Docker's default set minus at least
 * one capability; fail when it holds anything beyond the defaults or is the
 * unchanged default set. */
static hb_check_status
check_capabilities (const hb_policy *p)
{
  if (p->privileged)
    return HB_CHECK_FAIL;
  cleanup_strv strv eff = { 0 };
  hb_cap_effective (&p->cap_drop, &p->cap_add, &eff);
  size_t n_defaults = 0;
  size_t n_table;
  const hb_capability *table = hb_cap_table (&n_table);
  for (size_t i = 0; i < n_table; i++)
    n_defaults += table[i].docker_default;
  for (size_t i = 0; i < eff.n; i++)
    {
      const hb_capability *c = hb_cap_lookup (eff.v[i]);
      if (c == NULL || !c->docker_default)
        return HB_CHECK_FAIL;
    }
  return pass_if (eff.n < n_defaults);
}

static hb_check_status
check_privileged (const hb_policy *p)
{
  return pass_if (!p->privileged);
}

/* 5.6: the host directories the benchmark names. */
static const char *const sensitive_host_dirs[] = {
  "/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr",
};

/* Is path dir itself (exact) or below it? */
static int
host_path_under (const char *path, const char *dir)
{
  size_t n = strlen (dir);
  if (strncmp (path, dir, n) != 0)
    return 0;
  if (path[n] == '\0')
    return 2;
  return path[n] == '/' ? 1 : 0;
}

/* A host path with ".", ".." and repeated slashes resolved lexically, so
 * that "/usr/../etc" is judged as "/etc".  Newly allocated; "/" for the root. */
static char *
host_path_lexical (const char *src)
{
  size_t len = strlen (src);
  char *out = xmalloc (len + 2);
  size_t o = 0;
  const char *s = src;
  while (*s)
    {
      while (*s == '/')
        s++;
      size_t n = strcspn (s, "/");
      if (n == 0)
        break;
      if (n == 1 && s[0] == '.')
        ;
      else if (n == 2 && s[0] == '.' && s[1] == '.')
        {
          while (o > 0 && out[o - 1] != '/')
            o--;
          if (o > 0)
            o--;
        }
      else
        {
          out[o++] = '/';
          memcpy (out + o, s, n);
          o += n;
        }
      s += n;
    }
  if (o == 0)
    out[o++] = '/';
  out[o] = '\0';
  return out;
}

/* Fail: the host's / or a sensitive directory itself is mounted, or a
 * path below one is mounted writable.  Info: only read-only mounts of single
 * paths below them (such as /etc/localtime:ro).  Pass: none. */
static hb_check_status
check_sensitive_dirs (const hb_policy *p)
{
  hb_check_status st = HB_CHECK_PASS;
  for (size_t i = 0; i < p->n_volumes; i++)
    {
      if (p->volumes[i].source == NULL || p->volumes[i].source[0] != '/')
        continue;
      cleanup_free char *src = host_path_lexical (p->volumes[i].source);
      if (strcmp (src, "/") == 0)
        return HB_CHECK_FAIL;
      for (size_t d = 0; d < sizeof sensitive_host_dirs / sizeof sensitive_host_dirs[0]; d++)
        {
          int under = host_path_under (src, sensitive_host_dirs[d]);
          if (under == 2 || (under == 1 && !p->volumes[i].read_only))
            return HB_CHECK_FAIL;
          if (under == 1)
            st = HB_CHECK_INFO;
        }
    }
  return st;
}

static bool
argv_runs_sshd (const strv *v)
{
  for (size_t i = 0; i < v->n; i++)
    {
      const char *base = strrchr (v->v[i], '/');
      base = base ? base + 1 : v->v[i];
      if (strcmp (base, "sshd") == 0)
        return true;
    }
  return false;
}

/* 5.7: decided from the process the container starts. */
static hb_check_status
check_sshd (const hb_policy *p)
{
  if (!p->has_process)
    return HB_CHECK_NA;
  return pass_if (!argv_runs_sshd (&p->process.entrypoint)
                  && !argv_runs_sshd (&p->process.cmd));
}

static hb_check_status
check_host_network (const hb_policy *p)
{
  return pass_if (!mode_is_host (p->network_mode));
}

static hb_check_status
check_memory (const hb_policy *p)
{
  return pass_if (p->memory > 0);
}

static hb_check_status
check_read_only (const hb_policy *p)
{
  return pass_if (p->read_only_root);
}

static hb_check_status
check_host_pid (const hb_policy *p)
{
  return pass_if (!mode_is_host (p->pid_mode));
}

static hb_check_status
check_host_ipc (const hb_policy *p)
{
  return pass_if (!mode_is_host (p->ipc_mode));
}

static hb_check_status
check_host_uts (const hb_policy *p)
{
  return pass_if (!mode_is_host (p->uts_mode));
}

/* 5.22: --privileged also turns seccomp off. */
static hb_check_status
check_seccomp (const hb_policy *p)
{
  if (p->privileged)
    return HB_CHECK_FAIL;
  return pass_if (p->seccomp_profile == NULL || !text_ieq (p->seccomp_profile, "unconfined"));
}

static hb_check_status
check_no_new_privileges (const hb_policy *p)
{
  return pass_if (p->no_new_privileges);
}

static hb_check_status
check_pids (const hb_policy *p)
{
  return pass_if (p->pids > 0);
}

/* 5.30 is a deployment choice hardenbench's policy does not make: report
 * the default bridge as information, not as a failure. */
static hb_check_status
check_default_bridge (const hb_policy *p)
{
  const char *m = p->network_mode;
  if (m == NULL || strcmp (m, "default") == 0 || strcmp (m, "bridge") == 0)
    return HB_CHECK_INFO;
  return HB_CHECK_PASS;
}

static hb_check_status
check_host_userns (const hb_policy *p)
{
  return pass_if (!mode_is_host (p->userns_mode));
}

/* The host's Docker socket, or a directory that holds it. */
static bool
exposes_docker_socket (const char *source)
{
  if (source == NULL || source[0] != '/')
    return false;
  cleanup_free char *src = host_path_lexical (source);
  const char *base = strrchr (src, '/') + 1;
  return strcmp (base, "docker.sock") == 0 || strcmp (src, "/run") == 0
         || strcmp (src, "/var/run") == 0;
}

static hb_check_status
check_docker_socket (const hb_policy *p)
{
  for (size_t i = 0; i < p->n_volumes; i++)
    if (exposes_docker_socket (p->volumes[i].source))
      return HB_CHECK_FAIL;
  return HB_CHECK_PASS;
}

static const hb_check checks[] = {
  { "4.1", "Ensure that a user for the container has been created",
    "--user UID:GID (a non-root user; policy key \"user\")", check_user },
  { "5.4", "Ensure that Linux kernel capabilities are restricted within containers",
    "--cap-drop ALL, then --cap-add only what the application needs", check_capabilities },
  { "5.5", "Ensure that privileged containers are not used",
    "run without --privileged; grant single capabilities with --cap-add", check_privileged },
  { "5.6", "Ensure sensitive host system directories are not mounted on containers",
    "remove bind mounts of /, /boot, /dev, /etc, /lib, /proc, /sys, /usr (mount single files read-only)",
    check_sensitive_dirs },
  { "5.7", "Ensure sshd is not run within containers",
    "do not start sshd; use docker exec to get a shell", check_sshd },
  { "5.10", "Ensure that the host's network namespace is not shared",
    "run without --network host", check_host_network },
  { "5.11", "Ensure that the memory usage for containers is limited",
    "--memory 256m (policy key \"limits.memory\")", check_memory },
  { "5.13", "Ensure that the container's root filesystem is mounted as read only",
    "--read-only, with --tmpfs PATH for the paths it writes", check_read_only },
  { "5.16", "Ensure that the host's process namespace is not shared",
    "run without --pid host", check_host_pid },
  { "5.17", "Ensure that the host's IPC namespace is not shared",
    "run without --ipc host", check_host_ipc },
  { "5.21", "Ensure that the host's UTS namespace is not shared",
    "run without --uts host", check_host_uts },
  { "5.22", "Ensure the default seccomp profile is not Disabled",
    "--seccomp default (or a stricter profile), never unconfined", check_seccomp },
  { "5.26", "Ensure that the container is restricted from acquiring additional privileges",
    "--no-new-privileges", check_no_new_privileges },
  { "5.29", "Ensure that the PIDs cgroup limit is used",
    "--pids-limit 100 (policy key \"limits.pids\")", check_pids },
  { "5.30", "Ensure that Docker's default bridge \"docker0\" is not used",
    "attach a user-defined network: docker network create NET, then docker run --network NET",
    check_default_bridge },
  { "5.31", "Ensure that the host's user namespaces are not shared",
    "run without --userns host", check_host_userns },
  { "5.32", "Ensure that the Docker socket is not mounted inside any containers",
    "remove the volume of /var/run/docker.sock", check_docker_socket },
};

const hb_check *
hb_audit_checks (size_t *n)
{
  *n = sizeof checks / sizeof checks[0];
  return checks;
}

const hb_check *
hb_audit_check_lookup (const char *id)
{
  if (id == NULL)
    return NULL;
  /* "CIS-5.13" and "cis 5.13" name the same check. */
  if (strncasecmp (id, "cis", 3) == 0)
    {
      id += 3;
      while (*id == '-' || *id == ' ' || *id == '_')
        id++;
    }
  for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++)
    if (strcmp (checks[i].id, id) == 0)
      return &checks[i];
  return NULL;
}
