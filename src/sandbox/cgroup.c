/* cgroup.c - a trial's cgroups: v2 when /sys/fs/cgroup is a cgroup2 mount,
 * otherwise the v1 devices, memory, pids and cpu hierarchies (hybrid
 * hosts).  Device rules are Docker's (a v1 devices cgroup, or a cgroup
 * device program in BPF assembled here, on v2).  Named
 * hardenbench/trial-PID-N under the hierarchy's root, or, without root,
 * under a subtree delegated to the caller; a restart removes the ones a
 * killed supervisor left. */
#include "config.h"

#include "sandbox/cgroup.h"
#include "sandbox/stale.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <dirent.h>
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <linux/magic.h>

#define CG_ROOT "/sys/fs/cgroup"

static int
write_file (const char *dir, const char *file, const char *value)
{
  cleanup_free char *path = xasprintf ("%s/%s", dir, file);
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  ssize_t n = write (fd, value, strlen (value));
  int saved = errno;
  close (fd);
  errno = saved;
  return n == (ssize_t) strlen (value) ? 0 : -1;
}

static bool
is_v2 (void)
{
  struct statfs s;
  return statfs (CG_ROOT, &s) == 0 && s.f_type == CGROUP2_SUPER_MAGIC;
}

/* mkdir hardenbench/ and hardenbench/name under base; NULL + errno.  The
 * result belongs to cg->dirs. */
static char *
make_dir (hb_cgroup *cg, const char *base, const char *name)
{
  cleanup_free char *parent = xasprintf ("%s/hardenbench", base);
  if (mkdir (parent, 0755) < 0 && errno != EEXIST)
    return NULL;
  char *dir = xasprintf ("%s/%s", parent, name);
  if (mkdir (dir, 0755) < 0)
    {
      int saved = errno;
      free (dir);
      errno = saved;
      return NULL;
    }
  strv_push_owned (&cg->dirs, dir);
  return dir;   /* owned by cg->dirs */
}

static void
note (strv *notes, const char *what, const char *why)
{
  strv_push_owned (notes, xasprintf ("%s limit not applied: %s", what, why));
}

/* This process's cgroup path in the hierarchy of controller ctrl (NULL:
 * the v2 one), from /proc/self/cgroup. */
static char *
own_cgroup (const char *ctrl)
{
  cleanup_fclose FILE *f = fopen ("/proc/self/cgroup", "re");
  if (f == NULL)
    return NULL;
  char line[4096];
  while (fgets (line, sizeof line, f))
    {
      line[strcspn (line, "\n")] = '\0';
      char *c1 = strchr (line, ':');
      char *c2 = c1 ? strchr (c1 + 1, ':') : NULL;
      if (c2 == NULL)
        continue;
      *c2 = '\0';
      if (ctrl == NULL)
        {
          if (strcmp (line, "0:") == 0)
            return xstrdup (c2 + 1);
          continue;
        }
      char *save = NULL;
      for (char *c = strtok_r (c1 + 1, ",", &save); c; c = strtok_r (NULL, ",", &save))
        if (strcmp (c, ctrl) == 0)
          return xstrdup (c2 + 1);
    }
  return NULL;
}

/* A cgroup directory the caller may create children in and move its
 * processes through: owned by it, with a writable cgroup.procs. */
static bool
delegated (const char *dir)
{
  struct stat st;
  cleanup_free char *procs = xasprintf ("%s/cgroup.procs", dir);
  return stat (dir, &st) == 0 && S_ISDIR (st.st_mode) && st.st_uid == geteuid ()
         && access (dir, W_OK | X_OK) == 0 && access (procs, W_OK) == 0;
}

/* Where trial cgroups go in one hierarchy: for root its root; otherwise
 * the caller's own cgroup when it is delegated to them (v1), or its
 * parent (v2, whose leaf holds this process, and only a cgroup without
 * processes may pass controllers on).  NULL and *why otherwise. */
static char *
base_dir (const char *hier, const char *ctrl, char **why)
{
  if (geteuid () == 0)
    return xstrdup (hier);
  cleanup_free char *own = own_cgroup (ctrl);
  if (own == NULL || own[0] != '/')
    {
      *why = xasprintf ("not root, and this process is in no %s cgroup", ctrl ? ctrl : "v2");
      return NULL;
    }
  char *dir = xasprintf ("%s%s", hier, strcmp (own, "/") == 0 ? "" : own);
  if (ctrl == NULL)
    {
      char *slash = strrchr (dir, '/');
      if (strcmp (own, "/") == 0 || slash == NULL || slash - dir < (ptrdiff_t) strlen (hier))
        *dir = '\0';
      else
        *slash = '\0';
    }
  if (*dir && delegated (dir))
    return dir;
  struct stat st;
  if (*dir && stat (dir, &st) == 0)
    *why = xasprintf ("not root, and %s (%s) is owned by uid %u, not delegated to you "
                      "(uid %u): run the trial as root, or from a cgroup delegated to you%s",
                      dir, ctrl ? "this process's cgroup" : "the parent of this process's cgroup",
                      (unsigned) st.st_uid, (unsigned) geteuid (),
                      ctrl ? "" : " (systemd-run --user --scope -p Delegate=yes)");
  else
    *why = xasprintf ("not root, and this process's %s cgroup %s is not delegated to you "
                      "(uid %u): run the trial as root, or from a cgroup delegated to you",
                      ctrl ? ctrl : "v2", own, (unsigned) geteuid ());
  free (dir);
  return NULL;
}

/* The trial's directory in the v1 hierarchy of controller (made, and kept
 * in cg to be removed), or NULL after a note saying why the limit of that
 * name is not applied. */
static char *
v1_limit_dir (hb_cgroup *cg, const char *controller, const char *name, strv *notes)
{
  cleanup_free char *why = NULL;
  cleanup_free char *hier = xasprintf (CG_ROOT "/%s", controller);
  cleanup_free char *base = base_dir (hier, controller, &why);
  if (base == NULL)
    {
      note (notes, controller, why);
      return NULL;
    }
  char *dir = make_dir (cg, base, name);
  if (dir == NULL)
    note (notes, controller, strerror (errno));
  return dir;
}

/* The same reason for every limit asked for. */
static void
note_each (strv *notes, int64_t memory, double cpus, int64_t pids, const char *why)
{
  if (memory > 0)
    note (notes, "memory", why);
  if (cpus > 0)
    note (notes, "cpu", why);
  if (pids > 0)
    note (notes, "pids", why);
}

/* Docker's default device rules (runc's built-in allowlist, which
 * Docker 20.10 and runc 1.1 to 1.3 apply alike; tun/tap was dropped in
 * runc 1.2.0 and restored in 1.2.4).  major/minor -1: any. */
static const struct dev_rule {
  char type;          /* 'c' or 'b' */
  int major, minor;
  const char *access; /* of "rwm" */
} dev_rules[] = {
  { 'c', -1, -1, "m" }, { 'b', -1, -1, "m" },     /* mknod of anything */
  { 'c', 1, 3, "rwm" },                           /* null */
  { 'c', 1, 5, "rwm" },                           /* zero */
  { 'c', 1, 7, "rwm" },                           /* full */
  { 'c', 1, 8, "rwm" },                           /* random */
  { 'c', 1, 9, "rwm" },                           /* urandom */
  { 'c', 5, 0, "rwm" },                           /* tty */
  { 'c', 5, 1, "rwm" },                           /* console */
  { 'c', 5, 2, "rwm" },                           /* ptmx */
  { 'c', 10, 200, "rwm" },                        /* net/tun */
  { 'c', 136, -1, "rwm" },                        /* pts/N */
};
#define N_DEV_RULES (sizeof dev_rules / sizeof dev_rules[0])

static unsigned
dev_access_bits (const char *access)
{
  unsigned a = 0;
  for (const char *c = access; *c; c++)
    a |= *c == 'r' ? BPF_DEVCG_ACC_READ : *c == 'w' ? BPF_DEVCG_ACC_WRITE : BPF_DEVCG_ACC_MKNOD;
  return a;
}

#define INSN(c, d, s, o, i) \
  ((struct bpf_insn) { .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })

/* The device program: r1 is a struct bpf_cgroup_dev_ctx (access_type =
 * access << 16 | type, major, minor); it returns 1 (allow) when a rule
 * has the type, the major and minor (or a wildcard) and every access bit
 * asked for, else 0.  Returns the number of instructions (at most
 * max). */
static size_t
device_program (struct bpf_insn *p, size_t max)
{
  size_t n = 0, allow_jumps[N_DEV_RULES];
  /* r2 = access, r3 = type, r4 = major, r5 = minor */
  p[n++] = INSN (BPF_LDX | BPF_MEM | BPF_W, BPF_REG_2, BPF_REG_1,
                 offsetof (struct bpf_cgroup_dev_ctx, access_type), 0);
  p[n++] = INSN (BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_3, BPF_REG_2, 0, 0);
  p[n++] = INSN (BPF_ALU64 | BPF_AND | BPF_K, BPF_REG_3, 0, 0, 0xffff);
  p[n++] = INSN (BPF_ALU64 | BPF_RSH | BPF_K, BPF_REG_2, 0, 0, 16);
  p[n++] = INSN (BPF_LDX | BPF_MEM | BPF_W, BPF_REG_4, BPF_REG_1,
                 offsetof (struct bpf_cgroup_dev_ctx, major), 0);
  p[n++] = INSN (BPF_LDX | BPF_MEM | BPF_W, BPF_REG_5, BPF_REG_1,
                 offsetof (struct bpf_cgroup_dev_ctx, minor), 0);
  for (size_t r = 0; r < N_DEV_RULES; r++)
    {
      const struct dev_rule *d = &dev_rules[r];
      size_t skips[4], n_skips = 0;
      /* Each failed check jumps past the rule (patched below). */
      skips[n_skips++] = n;
      p[n++] = INSN (BPF_JMP | BPF_JNE | BPF_K, BPF_REG_3, 0, 0,
                     d->type == 'c' ? BPF_DEVCG_DEV_CHAR : BPF_DEVCG_DEV_BLOCK);
      if (d->major >= 0)
        {
          skips[n_skips++] = n;
          p[n++] = INSN (BPF_JMP | BPF_JNE | BPF_K, BPF_REG_4, 0, 0, d->major);
        }
      if (d->minor >= 0)
        {
          skips[n_skips++] = n;
          p[n++] = INSN (BPF_JMP | BPF_JNE | BPF_K, BPF_REG_5, 0, 0, d->minor);
        }
      unsigned all = BPF_DEVCG_ACC_MKNOD | BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE;
      unsigned extra = all & ~dev_access_bits (d->access);
      if (extra)
        {
          /* access & ~rule's access must be 0 */
          p[n++] = INSN (BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_0, BPF_REG_2, 0, 0);
          p[n++] = INSN (BPF_ALU64 | BPF_AND | BPF_K, BPF_REG_0, 0, 0, (int) extra);
          skips[n_skips++] = n;
          p[n++] = INSN (BPF_JMP | BPF_JNE | BPF_K, BPF_REG_0, 0, 0, 0);
        }
      allow_jumps[r] = n;
      p[n++] = INSN (BPF_JMP | BPF_JA, 0, 0, 0, 0);
      for (size_t k = 0; k < n_skips; k++)
        p[skips[k]].off = (short) (n - skips[k] - 1);
    }
  /* deny */
  p[n++] = INSN (BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0);
  p[n++] = INSN (BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
  /* allow */
  size_t allow = n;
  p[n++] = INSN (BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 1);
  p[n++] = INSN (BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
  for (size_t r = 0; r < N_DEV_RULES; r++)
    p[allow_jumps[r]].off = (short) (allow - allow_jumps[r] - 1);
  if (n > max)
    abort ();   /* the table above is fixed: a programming error */
  return n;
}

/* Load the device program and attach it to the cgroup directory dir.
 * BPF_F_ALLOW_MULTI: a program a trial might attach below never replaces
 * ours (the kernel runs them all, and every one must allow). */
static int
attach_device_program (const char *dir, hb_error **err)
{
  struct bpf_insn insns[8 + N_DEV_RULES * 8];
  size_t n = device_program (insns, sizeof insns / sizeof insns[0]);
  char log[4096] = "";
  union bpf_attr load;
  memset (&load, 0, sizeof load);
  load.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
  load.expected_attach_type = BPF_CGROUP_DEVICE;
  load.insns = (uint64_t) (uintptr_t) insns;
  load.insn_cnt = (uint32_t) n;
  load.license = (uint64_t) (uintptr_t) "GPL";
  load.log_buf = (uint64_t) (uintptr_t) log;
  load.log_size = sizeof log;
  load.log_level = 1;
  int prog = (int) syscall (SYS_bpf, BPF_PROG_LOAD, &load, sizeof load);
  if (prog < 0 && errno == ENOSPC)
    {
      /* The verifier's log did not fit: load without it. */
      load.log_buf = 0;
      load.log_size = 0;
      load.log_level = 0;
      prog = (int) syscall (SYS_bpf, BPF_PROG_LOAD, &load, sizeof load);
    }
  if (prog < 0)
    {
      int saved = errno;
      log[sizeof log - 1] = '\0';
      log[strcspn (log, "\n")] = '\0';
      return hb_fail_errno (err, saved, HB_EXIT_SANDBOX,
                            "devices: load the cgroup device program%s%s", log[0] ? ": " : "",
                            log);
    }
  int cgfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (cgfd < 0)
    {
      int saved = errno;
      close (prog);
      return hb_fail_errno (err, saved, HB_EXIT_SANDBOX, "devices: open %s", dir);
    }
  union bpf_attr at;
  memset (&at, 0, sizeof at);
  at.target_fd = (uint32_t) cgfd;
  at.attach_bpf_fd = (uint32_t) prog;
  at.attach_type = BPF_CGROUP_DEVICE;
  at.attach_flags = BPF_F_ALLOW_MULTI;
  int rc = (int) syscall (SYS_bpf, BPF_PROG_ATTACH, &at, sizeof at);
  int saved = errno;
  close (cgfd);
  /* The attachment holds the program until the cgroup is removed. */
  close (prog);
  if (rc < 0)
    return hb_fail_errno (err, saved, HB_EXIT_SANDBOX,
                          "devices: attach the device program to %s", dir);
  return 0;
}

/* How many device programs are attached to the cgroup directory dir
 * itself (-1: unknown). */
static int
device_programs (const char *dir)
{
  int cgfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (cgfd < 0)
    return -1;
  union bpf_attr q;
  memset (&q, 0, sizeof q);
  q.query.target_fd = (uint32_t) cgfd;
  q.query.attach_type = BPF_CGROUP_DEVICE;
  int rc = (int) syscall (SYS_bpf, BPF_PROG_QUERY, &q, sizeof q);
  close (cgfd);
  return rc < 0 ? -1 : (int) q.query.prog_cnt;
}

/* The v1 rules: everything denied, then the allowlist. */
static int
write_device_rules (const char *dir, hb_error **err)
{
  if (write_file (dir, "devices.deny", "a") < 0)
    return hb_fail_errno (err, errno, HB_EXIT_SANDBOX, "devices: %s/devices.deny", dir);
  for (size_t r = 0; r < N_DEV_RULES; r++)
    {
      const struct dev_rule *d = &dev_rules[r];
      char line[64], maj[16] = "*", min[16] = "*";
      if (d->major >= 0)
        snprintf (maj, sizeof maj, "%d", d->major);
      if (d->minor >= 0)
        snprintf (min, sizeof min, "%d", d->minor);
      snprintf (line, sizeof line, "%c %s:%s %s", d->type, maj, min, d->access);
      if (write_file (dir, "devices.allow", line) < 0)
        return hb_fail_errno (err, errno, HB_EXIT_SANDBOX, "devices: %s/devices.allow \"%s\"",
                              dir, line);
    }
  return 0;
}

/* The shared parent hardenbench/ gets the same rules while it has no
 * trial under it, so that a trial given CAP_SYS_ADMIN cannot widen its
 * own cgroup's rules (the kernel allows a child only what its parent
 * has).  While other trials run, "a" is refused (EINVAL) and the parent
 * keeps what the first trial set. */
static void
restrict_v1_parent (const char *parent)
{
  cleanup_free char *list = xasprintf ("%s/devices.list", parent);
  cleanup_fclose FILE *f = fopen (list, "re");
  char line[64] = "";
  if (f == NULL || fgets (line, sizeof line, f) == NULL || strncmp (line, "a *:* rwm", 9) != 0)
    return;
  hb_error *ignored = NULL;
  if (write_device_rules (parent, &ignored) < 0)
    hb_error_free (ignored);
}

/* mkdir name under base/hardenbench (both kept in cg->dirs for removal:
 * only the trial's own), made required: the init joins it or stops. */
static char *
required_dir (hb_cgroup *cg, const char *base, const char *name, hb_error **err)
{
  char *dir = make_dir (cg, base, name);
  if (dir == NULL)
    {
      hb_fail_errno (err, errno, HB_EXIT_SANDBOX, "devices: mkdir %s/hardenbench/%s", base,
                     name);
      return NULL;
    }
  /* make_dir appended it last; it belongs with the required ones first. */
  size_t last = cg->dirs.n - 1;
  char *tmp = cg->dirs.v[last];
  cg->dirs.v[last] = cg->dirs.v[cg->n_required];
  cg->dirs.v[cg->n_required] = tmp;
  cg->n_required++;
  return dir;
}

int
hb_cgroup_devices (hb_cgroup *cg, const char *name, hb_error **err)
{
  if (geteuid () != 0)
    return 0;
  const char *want = getenv ("HB_DEVICE_CGROUP");
  bool bpf_on_hybrid = want && strcmp (want, "bpf") == 0;
  if (want && *want && !bpf_on_hybrid && strcmp (want, "auto") != 0)
    return hb_fail (err, HB_EXIT_SANDBOX, "devices: HB_DEVICE_CGROUP=%s: not auto or bpf", want);
  struct statfs s;
  if (is_v2 () || bpf_on_hybrid)
    {
      const char *hier = is_v2 () ? CG_ROOT : CG_ROOT "/unified";
      if (statfs (hier, &s) < 0 || s.f_type != CGROUP2_SUPER_MAGIC)
        return hb_fail (err, HB_EXIT_SANDBOX,
                        "devices: %s is not a cgroup2 mount: no device program can be "
                        "attached, and a trial does not run with every device open", hier);
      cleanup_free char *parent = xasprintf ("%s/hardenbench", hier);
      if (mkdir (parent, 0755) < 0 && errno != EEXIST)
        return hb_fail_errno (err, errno, HB_EXIT_SANDBOX, "devices: mkdir %s", parent);
      if (device_programs (parent) == 0)
        {
          /* As on v1: the shared parent holds the rules too, so that a
           * trial given CAP_SYS_ADMIN and bpf() that detaches its own
           * program is still bound by the parent's (BPF_F_ALLOW_MULTI:
           * the kernel runs every ancestor's).  Two trials starting at
           * once may attach two identical ones: harmless. */
          hb_error *ignored = NULL;
          if (attach_device_program (parent, &ignored) < 0)
            hb_error_free (ignored);
        }
      char *dir = required_dir (cg, hier, name, err);
      if (dir == NULL)
        return -1;
      return attach_device_program (dir, err);
    }
  const char *hier = CG_ROOT "/devices";
  cleanup_free char *list = xasprintf ("%s/devices.list", hier);
  if (access (list, F_OK) < 0)
    return hb_fail (err, HB_EXIT_SANDBOX,
                    "devices: no devices cgroup at %s and %s is not cgroup2: the device rules "
                    "cannot be set, and a trial does not run with every device open", hier,
                    CG_ROOT);
  cleanup_free char *parent = xasprintf ("%s/hardenbench", hier);
  if (mkdir (parent, 0755) < 0 && errno != EEXIST)
    return hb_fail_errno (err, errno, HB_EXIT_SANDBOX, "devices: mkdir %s", parent);
  restrict_v1_parent (parent);
  char *dir = required_dir (cg, hier, name, err);
  if (dir == NULL)
    return -1;
  return write_device_rules (dir, err);
}

void
hb_cgroup_create (hb_cgroup *cg, const char *name, int64_t memory, double cpus, int64_t pids,
                  strv *notes)
{
  if (memory <= 0 && cpus <= 0 && pids <= 0)
    return;
  char val[64];
  if (is_v2 ())
    {
      cleanup_free char *why = NULL;
      cleanup_free char *base = base_dir (CG_ROOT, NULL, &why);
      if (base == NULL)
        {
          note_each (notes, memory, cpus, pids, why);
          return;
        }
      if (write_file (base, "cgroup.subtree_control", "+memory +pids +cpu") < 0)
        { /* the controllers may already be enabled; each write below says */ }
      cleanup_free char *parent = xasprintf ("%s/hardenbench", base);
      if (mkdir (parent, 0755) == 0 || errno == EEXIST)
        write_file (parent, "cgroup.subtree_control", "+memory +pids +cpu");
      cleanup_free char *dir = xasprintf ("%s/hardenbench/%s", base, name);
      /* As root the device program's cgroup is already there. */
      bool have = false;
      for (size_t i = 0; i < cg->dirs.n; i++)
        have |= strcmp (cg->dirs.v[i], dir) == 0;
      if (!have && mkdir (dir, 0755) < 0)
        {
          note_each (notes, memory, cpus, pids, strerror (errno));
          return;
        }
      if (!have)
        strv_push (&cg->dirs, dir);
      if (memory > 0)
        {
          snprintf (val, sizeof val, "%lld", (long long) memory);
          if (write_file (dir, "memory.max", val) < 0)
            note (notes, "memory", strerror (errno));
          else
            write_file (dir, "memory.swap.max", "0");
        }
      if (pids > 0)
        {
          snprintf (val, sizeof val, "%lld", (long long) pids);
          if (write_file (dir, "pids.max", val) < 0)
            note (notes, "pids", strerror (errno));
        }
      if (cpus > 0)
        {
          snprintf (val, sizeof val, "%lld 100000", (long long) (cpus * 100000));
          if (write_file (dir, "cpu.max", val) < 0)
            note (notes, "cpu", strerror (errno));
        }
      return;
    }
  /* cgroup v1: one directory per hierarchy. */
  char *dir;
  if (memory > 0 && (dir = v1_limit_dir (cg, "memory", name, notes)) != NULL)
    {
      snprintf (val, sizeof val, "%lld", (long long) memory);
      if (write_file (dir, "memory.limit_in_bytes", val) < 0)
        note (notes, "memory", strerror (errno));
      else
        /* Docker's default --memory-swap is twice --memory; without swap
         * accounting the file is missing and the memory limit alone
         * applies. */
        {
          snprintf (val, sizeof val, "%lld", (long long) memory * 2);
          write_file (dir, "memory.memsw.limit_in_bytes", val);
        }
    }
  if (pids > 0 && (dir = v1_limit_dir (cg, "pids", name, notes)) != NULL)
    {
      snprintf (val, sizeof val, "%lld", (long long) pids);
      if (write_file (dir, "pids.max", val) < 0)
        note (notes, "pids", strerror (errno));
    }
  if (cpus > 0 && (dir = v1_limit_dir (cg, "cpu", name, notes)) != NULL)
    {
      snprintf (val, sizeof val, "%lld", (long long) (cpus * 100000));
      if (write_file (dir, "cpu.cfs_period_us", "100000") < 0
          || write_file (dir, "cpu.cfs_quota_us", val) < 0)
        note (notes, "cpu", strerror (errno));
    }
}

int *
hb_cgroup_open_procs (const hb_cgroup *cg, strv *notes)
{
  if (cg->dirs.n == 0)
    return NULL;
  int *fds = xcalloc (cg->dirs.n, sizeof *fds);
  for (size_t i = 0; i < cg->dirs.n; i++)
    {
      cleanup_free char *path = xasprintf ("%s/cgroup.procs", cg->dirs.v[i]);
      fds[i] = open (path, O_WRONLY | O_CLOEXEC);
      if (fds[i] < 0)
        strv_push_owned (notes, xasprintf ("limits of %s not applied: %s", cg->dirs.v[i],
                                           strerror (errno)));
    }
  return fds;
}

void
hb_cgroup_close_procs (int *fds, const hb_cgroup *cg)
{
  if (fds == NULL)
    return;
  for (size_t i = 0; i < cg->dirs.n; i++)
    if (fds[i] >= 0)
      close (fds[i]);
  free (fds);
}

/* SIGKILL every process listed in dir/cgroup.procs; returns how many. */
static int
kill_members (const char *dir)
{
  cleanup_free char *path = xasprintf ("%s/cgroup.procs", dir);
  cleanup_fclose FILE *f = fopen (path, "re");
  if (f == NULL)
    return 0;
  int n = 0, pid;
  while (fscanf (f, "%d", &pid) == 1)
    if (pid > 0 && kill (pid, SIGKILL) == 0)
      n++;
  return n;
}

static void
remove_dir (const char *dir)
{
  for (int attempt = 0; attempt < 200; attempt++)
    {
      if (rmdir (dir) == 0 || errno == ENOENT)
        return;
      if (errno != EBUSY)
        return;
      kill_members (dir);
      struct timespec ts = { 0, 5 * 1000 * 1000 };
      nanosleep (&ts, NULL);
    }
}

void
hb_cgroup_destroy (hb_cgroup *cg)
{
  for (size_t i = 0; i < cg->dirs.n; i++)
    remove_dir (cg->dirs.v[i]);
  strv_clear (&cg->dirs);
}

/* Only where this caller's trials go (base_dir): another user's are not
 * ours to judge. */
static void
clean_hierarchy (const char *hier, const char *ctrl)
{
  cleanup_free char *why = NULL;
  cleanup_free char *base = base_dir (hier, ctrl, &why);
  if (base == NULL)
    return;
  cleanup_free char *parent = xasprintf ("%s/hardenbench", base);
  hb_stale_trials_remove (parent, remove_dir);
}

void
hb_cgroup_clean_stale (void)
{
  if (is_v2 ())
    {
      clean_hierarchy (CG_ROOT, NULL);
      return;
    }
  clean_hierarchy (CG_ROOT "/devices", "devices");
  clean_hierarchy (CG_ROOT "/unified", NULL);
  clean_hierarchy (CG_ROOT "/memory", "memory");
  clean_hierarchy (CG_ROOT "/pids", "pids");
  clean_hierarchy (CG_ROOT "/cpu", "cpu");
}
