/* plan.c - policy + target -> an ordered list of mounts, the five
 * capability sets, ids, limits and the process to run.  Pure: nothing here
 * touches the kernel, so each decision is unit-tested
 * (tests/unit/test_sandbox_plan.c). */
#include "config.h"

#include "sandbox/plan.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "policy/capabilities.h"

#include <errno.h>
#include <limits.h>
#include <sys/mount.h>
#include <stdlib.h>
#include <string.h>

static hb_mount_step *
add_step (hb_plan *p, hb_mount_kind kind, const char *target)
{
  p->mounts = xreallocarray (p->mounts, p->n_mounts + 1, sizeof *p->mounts);
  hb_mount_step *m = &p->mounts[p->n_mounts++];
  memset (m, 0, sizeof *m);
  m->kind = kind;
  m->target = xstrdup (target);
  return m;
}

static hb_mount_step *
add_fs (hb_plan *p, const char *target, const char *fstype, const char *options, unsigned attrs)
{
  hb_mount_step *m = add_step (p, HB_MNT_FS, target);
  m->fstype = xstrdup (fstype);
  m->options = options ? xstrdup (options) : NULL;
  m->attrs = attrs;
  return m;
}

int
hb_plan_tmpfs_options (const char *docker_opts, char **fs_opts, unsigned *attrs, hb_error **err)
{
  unsigned a = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC;
  strv out = { 0 };
  cleanup_free char *copy = xstrdup (docker_opts ? docker_opts : "");
  char *save = NULL;
  for (char *o = strtok_r (copy, ",", &save); o; o = strtok_r (NULL, ",", &save))
    {
      if (*o == '\0' || strcmp (o, "rw") == 0)
        continue;
      if (strcmp (o, "ro") == 0) a |= MOUNT_ATTR_RDONLY;
      else if (strcmp (o, "exec") == 0) a &= ~(unsigned) MOUNT_ATTR_NOEXEC;
      else if (strcmp (o, "noexec") == 0) a |= MOUNT_ATTR_NOEXEC;
      else if (strcmp (o, "suid") == 0) a &= ~(unsigned) MOUNT_ATTR_NOSUID;
      else if (strcmp (o, "nosuid") == 0) a |= MOUNT_ATTR_NOSUID;
      else if (strcmp (o, "dev") == 0) a &= ~(unsigned) MOUNT_ATTR_NODEV;
      else if (strcmp (o, "nodev") == 0) a |= MOUNT_ATTR_NODEV;
      else if (strcmp (o, "noatime") == 0) a |= MOUNT_ATTR_NOATIME;
      else if (strcmp (o, "relatime") == 0 || strcmp (o, "atime") == 0) ;
      else if (strcmp (o, "strictatime") == 0) a |= MOUNT_ATTR_STRICTATIME;
      else if (text_has_prefix (o, "size=") || text_has_prefix (o, "mode=")
               || text_has_prefix (o, "uid=") || text_has_prefix (o, "gid=")
               || text_has_prefix (o, "nr_inodes=") || text_has_prefix (o, "nr_blocks="))
        {
          const char *v = strchr (o, '=') + 1;
          if (*v == '\0' || strspn (v, "0123456789kKmMgGtT%") != strlen (v))
            {
              strv_clear (&out);
              return hb_fail (err, HB_EXIT_INPUT, "tmpfs option %s: bad value", o);
            }
          strv_push (&out, o);
        }
      else
        {
          strv_clear (&out);
          return hb_fail (err, HB_EXIT_INPUT, "tmpfs option %s: unknown", o);
        }
    }
  *fs_opts = out.n ? strv_join (&out, ",") : NULL;
  *attrs = a;
  strv_clear (&out);
  return 0;
}

int
hb_plan_parse_user (const char *spec, uid_t *uid, gid_t *gid, bool *has_gid, hb_error **err)
{
  *uid = 0;
  *gid = 0;
  *has_gid = false;
  if (spec == NULL || *spec == '\0')
    return 0;
  char *end;
  errno = 0;
  unsigned long u = strtoul (spec, &end, 10);
  if (end == spec || errno || u >= UINT_MAX || (*end != '\0' && *end != ':') || *spec == '-')
    return hb_fail (err, HB_EXIT_INPUT, "user %s: not a numeric uid[:gid]", spec);
  *uid = (uid_t) u;
  if (*end == ':')
    {
      const char *g = end + 1;
      errno = 0;
      unsigned long gv = strtoul (g, &end, 10);
      if (end == g || errno || gv >= UINT_MAX || *end != '\0' || *g == '-')
        return hb_fail (err, HB_EXIT_INPUT, "user %s: not a numeric uid[:gid]", spec);
      *gid = (gid_t) gv;
      *has_gid = true;
    }
  return 0;
}

char *
hb_plan_resolv_conf (const char *host_resolv)
{
  strv lines = { 0 };
  cleanup_free char *copy = xstrdup (host_resolv ? host_resolv : "");
  char *save = NULL;
  for (char *l = strtok_r (copy, "\n", &save); l; l = strtok_r (NULL, "\n", &save))
    {
      /* Docker drops loopback resolvers: they mean nothing in a netns. */
      if (text_has_prefix (l, "nameserver")
          && (strstr (l, " 127.") || strstr (l, "\t127.") || strstr (l, " ::1")))
        continue;
      strv_push (&lines, l);
    }
  char *joined = lines.n ? strv_join (&lines, "\n") : xstrdup ("");
  char *text = xasprintf ("%s%s", joined, lines.n ? "\n" : "");
  free (joined);
  strv_clear (&lines);
  return text;
}

/* runc's and Docker's current masked paths (moby's defaults since 2025:
 * /proc/interrupts and the CPUs' thermal_throttle against the thermal
 * side channel; /sys/devices/virtual/powercap since 2020 against
 * Platypus).  "cpu*" is expanded by the child (HB_PLAN_MASK_EACH_CPU). */
static const char *const proc_masked[] = {
  "/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys",
  "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
  "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap", HB_PLAN_MASK_EACH_CPU,
};
static const char *const proc_readonly[] = {
  "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
};

/* Does a mount of the policy hide the image's /etc/passwd (a tmpfs at
 * /etc or /, a volume there from a host path, which starts empty)?
 * Docker resolves the user's groups in the image, but runc looks HOME up
 * in the container once everything is mounted: it is then "/" (measured,
 * tests/fidelity). */
static bool
etc_hidden (const hb_policy *policy)
{
  for (size_t i = 0; i < policy->n_tmpfs; i++)
    if (strcmp (policy->tmpfs[i].path, "/etc") == 0 || strcmp (policy->tmpfs[i].path, "/") == 0)
      return true;
  for (size_t i = 0; i < policy->n_volumes; i++)
    if (strcmp (policy->volumes[i].path, "/etc") == 0 && policy->volumes[i].source
        && policy->volumes[i].source[0] == '/')
      return true;
  return false;
}

static void
add_user (hb_plan *p, const hb_target *target, const hb_policy *policy, bool has_gid)
{
  size_t n = 0;
  hb_user_entry *users = hb_user_list (&target->rootfs, &n);
  const char *name = NULL;
  for (size_t i = 0; i < n; i++)
    if (users[i].uid == p->uid)
      {
        name = users[i].name;
        if (!has_gid)
          p->gid = users[i].gid;
        break;
      }
  /* The primary group, plus the /etc/group memberships only when the spec
   * names no group: `--user app` or `--user 1000` get them, `--user
   * 1000:1000` gets that group alone, as under runc. */
  strv gids = { 0 };
  if (name && !has_gid)
    hb_user_groups (&target->rootfs, name, p->gid, &gids);
  p->groups = xcalloc (gids.n + 1, sizeof *p->groups);
  p->groups[p->n_groups++] = p->gid;
  for (size_t i = 0; i < gids.n; i++)
    {
      unsigned long g = strtoul (gids.v[i], NULL, 10);
      bool dup = false;
      for (size_t k = 0; k < p->n_groups; k++)
        dup |= p->groups[k] == (gid_t) g;
      if (!dup)
        p->groups[p->n_groups++] = (gid_t) g;
    }
  /* HOME from passwd, as runc sets it. */
  bool has_home = false;
  for (size_t i = 0; i < p->env.n; i++)
    has_home |= text_has_prefix (p->env.v[i], "HOME=");
  if (!has_home)
    {
      bool hidden = etc_hidden (policy);
      const char *home = p->uid == 0 && !hidden ? "/root" : "/";
      for (size_t i = 0; i < n && !hidden; i++)
        if (users[i].uid == p->uid && users[i].home && *users[i].home)
          {
            home = users[i].home;
            break;
          }
      strv_push_owned (&p->env, xasprintf ("HOME=%s", home));
    }
  hb_user_list_free (users, n);
  strv_clear (&gids);
}

hb_plan *
hb_plan_build (const hb_target *target, const hb_policy *policy, const strv *command,
               const char *host_resolv, hb_error **err)
{
  cleanup_plan hb_plan *p = xcalloc (1, sizeof *p);
  if (target->rootfs.layers.n == 0)
    {
      hb_fail (err, HB_EXIT_SANDBOX, "root filesystem: the target has no files");
      return NULL;
    }
  for (size_t i = 0; i < target->rootfs.layers.n; i++)
    {
      const char *l = target->rootfs.layers.v[i];
      if (l[0] != '/')
        {
          hb_fail (err, HB_EXIT_SANDBOX, "root filesystem: layer %s is not absolute", l);
          return NULL;
        }
    }
  strv_copy (&p->layers, &target->rootfs.layers);
  p->read_only_root = policy->read_only_root;
  p->no_new_privs = policy->no_new_privileges;
  p->memory = policy->memory;
  p->cpus = policy->cpus;
  p->pids = policy->pids;
  p->hostname = xstrdup (HB_TRIAL_HOSTNAME);

  /* Process: `-- CMD` replaces entrypoint + cmd, as `docker run IMAGE CMD`
   * replaces only cmd when there is an entrypoint. */
  const hb_process *pr = policy->has_process ? &policy->process : NULL;
  if (pr)
    for (size_t i = 0; i < pr->entrypoint.n; i++)
      strv_push (&p->argv, pr->entrypoint.v[i]);
  if (command && command->n)
    for (size_t i = 0; i < command->n; i++)
      strv_push (&p->argv, command->v[i]);
  else if (pr)
    for (size_t i = 0; i < pr->cmd.n; i++)
      strv_push (&p->argv, pr->cmd.v[i]);
  if (p->argv.n == 0)
    {
      hb_fail (err, HB_EXIT_SANDBOX,
               "process: the target has no command (give one after --)");
      return NULL;
    }
  bool has_path = false;
  if (pr)
    for (size_t i = 0; i < pr->env.n; i++)
      {
        strv_push (&p->env, pr->env.v[i]);
        has_path |= text_has_prefix (pr->env.v[i], "PATH=");
      }
  if (!has_path)
    strv_push (&p->env, "PATH=" HB_DEFAULT_PATH);
  strv_push_owned (&p->env, xasprintf ("HOSTNAME=%s", p->hostname));
  p->cwd = xstrdup (pr && pr->workdir && *pr->workdir ? pr->workdir : "/");
  if (p->cwd[0] != '/')
    {
      hb_fail (err, HB_EXIT_SANDBOX, "process: working directory %s is not absolute", p->cwd);
      return NULL;
    }

  /* Ids and capabilities.  Docker gives a root process its capabilities in
   * bounding, permitted and effective; a non-root one only in bounding;
   * inheritable and ambient stay empty (CVE-2022-24769). */
  bool has_gid;
  if (hb_plan_parse_user (policy->user, &p->uid, &p->gid, &has_gid, err) < 0)
    return NULL;
  add_user (p, target, policy, has_gid);
  p->caps = hb_cap_effective_mask (&policy->cap_drop, &policy->cap_add);
  p->cap_bounding = p->caps;
  p->cap_permitted = p->uid == 0 ? p->caps : 0;
  p->cap_effective = p->cap_permitted;
  p->cap_inheritable = 0;
  p->cap_ambient = 0;

  /* Mounts, in the order they are made.  First what Docker's init layer
   * puts into every container (/.dockerenv, /etc/mtab), while the root is
   * one filesystem. */
  add_step (p, HB_MNT_INIT_LAYER, "/");
  hb_mount_step *m;
  m = add_fs (p, "/dev", "tmpfs", "mode=755,size=65536k", MOUNT_ATTR_NOSUID | MOUNT_ATTR_STRICTATIME);
  m->no_symlink = true;
  add_step (p, HB_MNT_DEVICES, "/dev");
  add_fs (p, "/dev/pts", "devpts", "newinstance,ptmxmode=0666,mode=0620,gid=5",
          MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC);
  add_fs (p, "/dev/shm", "tmpfs", "mode=1777,size=65536k",
          MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
  add_fs (p, "/dev/mqueue", "mqueue", NULL, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
  m = add_fs (p, "/proc", "proc", NULL, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
  m->no_symlink = true;
  /* Read-only in the superblock too, as runc mounts it (mountinfo's
   * last field). */
  m = add_fs (p, "/sys", "sysfs", "ro",
              MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
  m->no_symlink = true;
  for (size_t i = 0; i < sizeof proc_masked / sizeof proc_masked[0]; i++)
    add_step (p, HB_MNT_MASK, proc_masked[i]);
  for (size_t i = 0; i < sizeof proc_readonly / sizeof proc_readonly[0]; i++)
    add_step (p, HB_MNT_READONLY, proc_readonly[i]);

  for (size_t i = 0; i < policy->n_tmpfs; i++)
    {
      cleanup_free char *opts = NULL;
      unsigned attrs;
      if (hb_plan_tmpfs_options (policy->tmpfs[i].options, &opts, &attrs, err) < 0)
        {
          hb_error_wrap (err, "tmpfs %s", policy->tmpfs[i].path);
          return NULL;
        }
      add_fs (p, policy->tmpfs[i].path, "tmpfs", opts, attrs);
    }
  for (size_t i = 0; i < policy->n_volumes; i++)
    {
      m = add_step (p, HB_MNT_SCRATCH, policy->volumes[i].path);
      m->read_only = policy->volumes[i].read_only;
      m->copy_image = policy->volumes[i].source == NULL || policy->volumes[i].source[0] != '/';
    }
  /* The files hardenbench provides, after the tmpfs mounts and volumes
   * as Docker orders them (by depth of path), so that a tmpfs or a volume
   * over /etc still gets them.  child.c refuses a target that leads into
   * /proc or /sys. */
  m = add_step (p, HB_MNT_FILE, "/etc/hostname");
  m->content = xasprintf ("%s\n", p->hostname);
  m = add_step (p, HB_MNT_FILE, "/etc/hosts");
  m->content = xasprintf ("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
                          "fe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\n"
                          "ff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n127.0.0.1\t%s\n",
                          p->hostname);
  m = add_step (p, HB_MNT_FILE, "/etc/resolv.conf");
  m->content = hb_plan_resolv_conf (host_resolv);
  for (size_t i = 0; i < p->n_mounts; i++)
    if (p->mounts[i].target[0] != '/' || strstr (p->mounts[i].target, "/../")
        || text_has_suffix (p->mounts[i].target, "/.."))
      {
        hb_fail (err, HB_EXIT_INPUT, "mount %s: not a normalised absolute path",
                 p->mounts[i].target);
        return NULL;
      }
  return steal_pointer (&p);
}

void
hb_plan_free (hb_plan *p)
{
  if (p == NULL)
    return;
  strv_clear (&p->layers);
  for (size_t i = 0; i < p->n_mounts; i++)
    {
      free (p->mounts[i].target);
      free (p->mounts[i].fstype);
      free (p->mounts[i].options);
      free (p->mounts[i].content);
    }
  free (p->mounts);
  free (p->groups);
  free (p->hostname);
  strv_clear (&p->argv);
  strv_clear (&p->env);
  free (p->cwd);
  free (p);
}
