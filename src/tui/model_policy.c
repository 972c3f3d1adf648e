/* model_policy.c - the policy editor's model: rows per section, edits through
 * the policy module, audit fixes, the user picker, completion (syscalls, and
 * the target's directories read in-root) and the explanation of the
 * highlighted item. */
#include "config.h"

#include "tui/model.h"
#include "tui/model_base.h"
#include "tui/model_internal.h"
#include "audit/explain.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "policy/capabilities.h"

#include "core/inroot.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- rows --------------------------------------------------------------------- */

void
tui_rows_clear (tui_model *m)
{
  for (size_t i = 0; i < m->n_rows; i++)
    {
      free (m->rows[i].label);
      free (m->rows[i].value);
      free (m->rows[i].topic);
    }
  free (m->rows);
  m->rows = NULL;
  m->n_rows = 0;
}

static tui_row *
row_add (tui_model *m, tui_row_op op, const char *topic, const char *fmt, ...)
  __attribute__ ((format (printf, 4, 5)));

static tui_row *
row_add (tui_model *m, tui_row_op op, const char *topic, const char *fmt, ...)
{
  m->rows = xreallocarray (m->rows, m->n_rows + 1, sizeof *m->rows);
  tui_row *r = &m->rows[m->n_rows++];
  memset (r, 0, sizeof *r);
  va_list ap;
  va_start (ap, fmt);
  cleanup_free char *raw = xvasprintf (fmt, ap);
  va_end (ap);
  r->label = text_sanitize (raw);
  r->op = op;
  r->topic = topic ? xstrdup (topic) : NULL;
  r->role = TUI_ROLE_NORMAL;
  return r;
}

static void
header_add (tui_model *m, const char *text)
{
  tui_row *r = row_add (m, TUI_OP_NONE, NULL, "%s", text);
  r->header = true;
  r->role = TUI_ROLE_HEADER;
}

static void
set_value (tui_row *r, const char *value)
{
  free (r->value);
  r->value = value ? text_sanitize (value) : NULL;
}

static char *
rule_text (const hb_scmp_rule *rule)
{
  cleanup_free char *names = strv_join (&rule->names, ",");
  if (rule->action == HB_SCMP_ALLOW)
    return xasprintf ("allow %s", names);
  if (rule->action == HB_SCMP_ERRNO)
    {
      char eb[16];
      return xasprintf ("deny  %s (%s)", names,
                        text_errno_name (rule->errno_ret >= 0 ? rule->errno_ret : EPERM, eb));
    }
  return xasprintf ("%s %s", hb_scmp_action_name (rule->action), names);
}

static void
rows_fs (tui_model *m)
{
  const hb_policy *p = m->policy;
  header_add (m, "Root filesystem");
  tui_row *r = row_add (m, TUI_OP_READ_ONLY, "read-only|readonly|5.13|mount",
                        "Read-only root filesystem");
  r->has_check = true;
  r->checked = p->read_only_root;
  r->role = p->read_only_root ? TUI_ROLE_ALLOWED : TUI_ROLE_WARNING;
  header_add (m, "Writable mounts");
  for (size_t i = 0; i < p->n_tmpfs; i++)
    {
      r = row_add (m, TUI_OP_TMPFS, "tmpfs|noexec|mount", "tmpfs  %s", p->tmpfs[i].path);
      r->index = i;
      set_value (r, p->tmpfs[i].options && *p->tmpfs[i].options ? p->tmpfs[i].options : "rw");
    }
  for (size_t i = 0; i < p->n_volumes; i++)
    {
      r = row_add (m, TUI_OP_VOLUME, "volume|mount", "volume %s", p->volumes[i].path);
      r->index = i;
      cleanup_free char *v = xasprintf ("%s%s", p->volumes[i].source ? p->volumes[i].source
                                                                     : "(anonymous)",
                                        p->volumes[i].read_only ? " ro" : "");
      set_value (r, v);
    }
  if (p->n_tmpfs + p->n_volumes == 0)
    {
      r = row_add (m, TUI_OP_NONE, NULL, "  (none)");
      r->header = true;
      r->role = TUI_ROLE_HINT;
    }
  row_add (m, TUI_OP_ADD_TMPFS, "tmpfs|mount", "+ add a tmpfs mount...");
  row_add (m, TUI_OP_ADD_VOLUME, "volume|mount", "+ add a volume...");
}

static void
rows_caps (tui_model *m)
{
  size_t n;
  const hb_capability *caps = hb_cap_table (&n);
  size_t enabled = 0;
  for (size_t i = 0; i < n; i++)
    enabled += hb_policy_cap_enabled (m->policy, caps[i].name);
  cleanup_free char *head = xasprintf ("%zu of %zu granted  (%s = Docker default)", enabled, n,
                                       m->utf8 ? "\u25cf" : "*");
  header_add (m, head);
  for (size_t i = 0; i < n; i++)
    {
      cleanup_free char *topic = xasprintf ("CAP_%s", caps[i].name);
      tui_row *r = row_add (m, TUI_OP_CAP, topic, "%s", caps[i].name);
      r->index = i;
      r->has_check = true;
      r->checked = hb_policy_cap_enabled (m->policy, caps[i].name);
      r->marked = caps[i].docker_default;
      r->role = !r->checked ? TUI_ROLE_HINT : caps[i].docker_default ? TUI_ROLE_ALLOWED
                                                                        : TUI_ROLE_WARNING;
    }
}

static void
rows_seccomp (tui_model *m)
{
  const hb_policy *p = m->policy;
  header_add (m, "Base profile");
  tui_row *r = row_add (m, TUI_OP_PROFILE, "seccomp|SCMP_ACT_ERRNO", "Profile");
  const char *prof = p->seccomp_profile ? p->seccomp_profile : "default";
  set_value (r, prof);
  r->role = strcmp (prof, "unconfined") == 0 ? TUI_ROLE_DENIED : TUI_ROLE_ALLOWED;
  header_add (m, "Rules (before the profile)");
  for (size_t i = 0; i < p->n_seccomp_rules; i++)
    {
      const hb_scmp_rule *rule = &p->seccomp_rules[i];
      cleanup_free char *text = rule_text (rule);
      const char *topic = rule->names.n ? rule->names.v[0] : NULL;
      r = row_add (m, TUI_OP_RULE, topic, "%s", text);
      r->index = i;
      r->role = rule->action == HB_SCMP_ALLOW ? TUI_ROLE_WARNING : TUI_ROLE_ALLOWED;
    }
  if (p->n_seccomp_rules == 0)
    {
      r = row_add (m, TUI_OP_NONE, NULL, "  (none)");
      r->header = true;
      r->role = TUI_ROLE_HINT;
    }
  row_add (m, TUI_OP_ADD_DENY, "SCMP_ACT_ERRNO|seccomp", "+ deny a syscall...");
  row_add (m, TUI_OP_ADD_ALLOW, "SCMP_ACT_ALLOW|seccomp", "+ allow a syscall...");
}

static void
rows_user (tui_model *m)
{
  const hb_policy *p = m->policy;
  header_add (m, "User");
  tui_row *r = row_add (m, TUI_OP_USER, "user|4.1", "Run as");
  set_value (r, p->user && *p->user ? p->user : "image default (root)");
  r->role = p->user && *p->user && strcmp (p->user, "0") != 0 && !text_has_prefix (p->user, "0:")
              ? TUI_ROLE_ALLOWED : TUI_ROLE_WARNING;
  header_add (m, "Privileges");
  r = row_add (m, TUI_OP_NNP, "no-new-privileges|no_new_privileges|5.26", "no-new-privileges");
  r->has_check = true;
  r->checked = p->no_new_privileges;
  r->role = p->no_new_privileges ? TUI_ROLE_ALLOWED : TUI_ROLE_WARNING;
}

static void
rows_limits (tui_model *m)
{
  const hb_policy *p = m->policy;
  header_add (m, "Resource limits (0 or empty: unlimited)");
  tui_row *r = row_add (m, TUI_OP_MEMORY, "memory|5.11", "Memory");
  cleanup_free char *mem = p->memory > 0 ? text_format_size (p->memory) : xstrdup ("unlimited");
  set_value (r, mem);
  r->role = p->memory > 0 ? TUI_ROLE_ALLOWED : TUI_ROLE_WARNING;
  r = row_add (m, TUI_OP_CPUS, "cpus", "CPUs");
  cleanup_free char *cpus = p->cpus > 0 ? xasprintf ("%g", p->cpus) : xstrdup ("unlimited");
  set_value (r, cpus);
  r->role = p->cpus > 0 ? TUI_ROLE_ALLOWED : TUI_ROLE_WARNING;
  r = row_add (m, TUI_OP_PIDS, "pids-limit|5.29", "Processes (pids)");
  cleanup_free char *pids = p->pids > 0 ? xasprintf ("%lld", (long long) p->pids)
                                        : xstrdup ("unlimited");
  set_value (r, pids);
  r->role = p->pids > 0 ? TUI_ROLE_ALLOWED : TUI_ROLE_WARNING;
}

static void
rows_audit (tui_model *m)
{
  cleanup_free char *head = xasprintf ("CIS Docker Benchmark: %d pass, %d fail of %d",
                                       m->audit.pass, m->audit.fail, m->audit.total);
  header_add (m, head);
  for (size_t i = 0; i < m->audit.n; i++)
    {
      const hb_check_result *res = &m->audit.results[i];
      tui_row *r = row_add (m, TUI_OP_CHECK, res->check->id, "%-5s %s", res->check->id,
                            res->check->title);
      r->index = i;
      set_value (r, hb_check_status_name (res->status));
      r->role = res->status == HB_CHECK_PASS ? TUI_ROLE_ALLOWED
                : res->status == HB_CHECK_FAIL ? TUI_ROLE_DENIED : TUI_ROLE_HINT;
    }
}

/* First selectable row at or after i (or before, at the end). */
static size_t
selectable (const tui_model *m, size_t i, int dir)
{
  if (m->n_rows == 0)
    return 0;
  if (i >= m->n_rows)
    i = m->n_rows - 1;
  size_t start = i;
  while (m->rows[i].header)
    {
      if (dir > 0 && i + 1 < m->n_rows)
        i++;
      else if (dir < 0 && i > 0)
        i--;
      else
        return dir > 0 ? selectable (m, start, -1) : start;
    }
  return i;
}

void
tui_model_refresh (tui_model *m)
{
  tui_rows_clear (m);
  if (m->policy == NULL)
    return;
  hb_audit_clear (&m->audit);
  memset (&m->audit, 0, sizeof m->audit);
  hb_audit_run (m->policy, &m->audit);
  switch (m->section)
    {
    case TUI_SEC_FS: rows_fs (m); break;
    case TUI_SEC_CAPS: rows_caps (m); break;
    case TUI_SEC_SECCOMP: rows_seccomp (m); break;
    case TUI_SEC_USER: rows_user (m); break;
    case TUI_SEC_LIMITS: rows_limits (m); break;
    case TUI_SEC_AUDIT: rows_audit (m); break;
    case TUI_SEC_COUNT: break;
    }
  tui_list *l = &m->rows_list[m->section];
  l->sel = selectable (m, l->sel, 1);
  tui_list_clamp (l, m->n_rows);
}

static const tui_row *
current_row (const tui_model *m)
{
  if (m->n_rows == 0)
    return NULL;
  const tui_row *r = &m->rows[m->rows_list[m->section].sel < m->n_rows
                              ? m->rows_list[m->section].sel : 0];
  return r->header ? NULL : r;
}

/* --- edits ------------------------------------------------------------------- */

static int
edited (tui_model *m, int r, hb_error *err, const char *what)
{
  if (r < 0)
    {
      tui_set_error (m, err);
      return TUI_HANDLED | TUI_REDRAW;
    }
  tui_model_refresh (m);
  if (what)
    tui_set_status (m, false, "%s  (audit: %d pass, %d fail)", what, m->audit.pass, m->audit.fail);
  return TUI_HANDLED | TUI_REDRAW;
}

static const char *const profile_cycle[] = { "default", "default-no-chmod", "unconfined" };

static int
cycle_profile (tui_model *m)
{
  const char *cur = m->policy->seccomp_profile ? m->policy->seccomp_profile : "default";
  size_t n = sizeof profile_cycle / sizeof profile_cycle[0];
  size_t next = 0;
  for (size_t i = 0; i < n; i++)
    if (strcmp (cur, profile_cycle[i]) == 0)
      next = (i + 1) % n;
  hb_error *err = NULL;
  int r = hb_policy_set_seccomp_profile (m->policy, profile_cycle[next], &err);
  cleanup_free char *what = xasprintf ("seccomp profile: %s", profile_cycle[next]);
  return edited (m, r, err, what);
}

static int
toggle_cap (tui_model *m, const char *cap)
{
  hb_error *err = NULL;
  bool on = hb_policy_cap_enabled (m->policy, cap);
  int r = on ? hb_policy_cap_drop (m->policy, cap, &err) : hb_policy_cap_add (m->policy, cap, &err);
  cleanup_free char *what = xasprintf ("%s %s", on ? "dropped" : "added", cap);
  return edited (m, r, err, what);
}

static void
remove_rule (hb_policy *p, size_t i)
{
  if (i >= p->n_seccomp_rules)
    return;
  hb_scmp_rule_clear (&p->seccomp_rules[i]);
  memmove (&p->seccomp_rules[i], &p->seccomp_rules[i + 1],
           (p->n_seccomp_rules - i - 1) * sizeof *p->seccomp_rules);
  p->n_seccomp_rules--;
}

static int
open_users (tui_model *m)
{
  hb_user_list_free (m->users, m->n_users);
  m->users = hb_user_list (&m->target->rootfs, &m->n_users);
  m->users_list.sel = m->users_list.top = 0;
  m->overlay = TUI_OVERLAY_USERS;
  return TUI_HANDLED | TUI_REDRAW;
}

/* --- audit fixes ---------------------------------------------------------------- */

/* The fix of a failing check as a policy edit: the POLICY option its fix
 * text names (the same edit the flag makes), or a setting reset to
 * Docker's private default.  Checks whose fix is outside the policy
 * (sshd, networks) say what to do instead. */
typedef struct check_fix {
  const char *id;
  const char *option;   /* a POLICY option, or NULL */
  const char *value;
} check_fix;

static const check_fix check_fixes[] = {
  { "5.4", "--cap-drop", "ALL" },
  { "5.11", "--memory", "256m" },
  { "5.12", "--cpus", "1" },
  { "5.13", "--read-only", NULL },
  { "5.22", "--seccomp", "default" },
  { "5.26", "--no-new-privileges", NULL },
  { "5.29", "--pids-limit", "100" },
};

static bool
sensitive_source (const char *src)
{
  static const char *const dirs[] = { "/", "/boot", "/dev", "/etc", "/lib", "/proc", "/sys",
                                      "/usr", "/var/run/docker.sock", "/run/docker.sock" };
  for (size_t i = 0; src && i < sizeof dirs / sizeof dirs[0]; i++)
    if (strcmp (src, dirs[i]) == 0 || (strcmp (dirs[i], "/") != 0 && text_has_prefix (src, dirs[i])
                                       && src[strlen (dirs[i])] == '/'))
      return true;
  return false;
}

/* Reset a host namespace mode to Docker's private default. */
static bool
reset_mode (char **mode)
{
  if (*mode == NULL || strcmp (*mode, "host") != 0)
    return false;
  free (*mode);
  *mode = NULL;
  return true;
}

int
tui_check_fix (tui_model *m, size_t index)
{
  if (index >= m->audit.n)
    return TUI_HANDLED;
  const hb_check_result *res = &m->audit.results[index];
  const hb_check *c = res->check;
  cleanup_free char *id = xstrdup (c->id);
  if (res->status != HB_CHECK_FAIL)
    {
      tui_set_status (m, false, "%s %s: nothing to fix", id, hb_check_status_name (res->status));
      return TUI_HANDLED | TUI_REDRAW;
    }
  hb_policy *p = m->policy;
  hb_error *err = NULL;
  int r = 0;
  bool changed = false;
  cleanup_free char *what = NULL;
  for (size_t i = 0; i < sizeof check_fixes / sizeof check_fixes[0]; i++)
    if (strcmp (check_fixes[i].id, id) == 0)
      {
        r = hb_policy_apply_option (p, check_fixes[i].option, check_fixes[i].value, &err);
        what = xasprintf ("%s%s%s", check_fixes[i].option, check_fixes[i].value ? " " : "",
                          check_fixes[i].value ? check_fixes[i].value : "");
        changed = true;
      }
  if (!changed)
    {
      if (strcmp (id, "4.1") == 0)
        {
          tui_set_status (m, false, "4.1: choose a non-root user");
          return open_users (m);
        }
      if (strcmp (id, "5.5") == 0 && p->privileged)
        {
          p->privileged = false;
          what = xstrdup ("not privileged");
          changed = true;
        }
      char **modes[] = { &p->network_mode, &p->pid_mode, &p->ipc_mode, &p->uts_mode,
                         &p->userns_mode };
      const char *mode_ids[] = { "5.10", "5.16", "5.17", "5.21", "5.31" };
      for (size_t i = 0; i < 5; i++)
        if (strcmp (id, mode_ids[i]) == 0 && reset_mode (modes[i]))
          {
            what = xasprintf ("a private %s namespace",
                              i == 0 ? "network" : i == 1 ? "pid" : i == 2 ? "IPC" : i == 3 ? "UTS"
                                                                                    : "user");
            changed = true;
          }
      if (strcmp (id, "5.6") == 0 || strcmp (id, "5.32") == 0)
        for (size_t i = p->n_volumes; i-- > 0;)
          if (sensitive_source (p->volumes[i].source)
              && (strcmp (id, "5.6") == 0) != (strstr (p->volumes[i].source, "docker.sock") != NULL))
            {
              cleanup_free char *path = xstrdup (p->volumes[i].path);
              hb_policy_remove_mount (p, path);
              free (what);
              what = xasprintf ("removed the mount at %s", path);
              changed = true;
            }
    }
  if (!changed)
    {
      cleanup_free char *fix = text_sanitize (c->fix);
      tui_set_status (m, false, "%s has no fix inside the policy: %s", id, fix);
      return TUI_HANDLED | TUI_REDRAW;
    }
  if (r < 0)
    return edited (m, r, err, NULL);
  cleanup_free char *msg = xasprintf ("fixed %s: %s", id, what);
  return edited (m, 0, NULL, msg);
}

static int
row_toggle (tui_model *m, const tui_row *r)
{
  switch (r->op)
    {
    case TUI_OP_CHECK:
      return tui_check_fix (m, r->index);
    case TUI_OP_READ_ONLY:
      m->policy->read_only_root = !m->policy->read_only_root;
      return edited (m, 0, NULL, m->policy->read_only_root ? "root filesystem read-only"
                                                           : "root filesystem writable");
    case TUI_OP_NNP:
      m->policy->no_new_privileges = !m->policy->no_new_privileges;
      return edited (m, 0, NULL, m->policy->no_new_privileges ? "no-new-privileges on"
                                                              : "no-new-privileges off");
    case TUI_OP_CAP:
      {
        cleanup_free char *cap = xstrdup (r->label);
        return toggle_cap (m, cap);
      }
    case TUI_OP_PROFILE:
      return cycle_profile (m);
    default:
      return TUI_HANDLED;
    }
}

static int
row_edit (tui_model *m, const tui_row *r)
{
  const hb_policy *p = m->policy;
  switch (r->op)
    {
    case TUI_OP_READ_ONLY:
    case TUI_OP_NNP:
    case TUI_OP_CAP:
    case TUI_OP_CHECK:
      return row_toggle (m, r);
    case TUI_OP_TMPFS:
      {
        cleanup_free char *label = xasprintf ("tmpfs %s options: ", p->tmpfs[r->index].path);
        tui_prompt_open (m, TUI_PROMPT_EDIT_TMPFS, label, p->tmpfs[r->index].options);
        break;
      }
    case TUI_OP_VOLUME:
      {
        const hb_volume *v = &p->volumes[r->index];
        cleanup_free char *init = xasprintf ("%s%s%s%s", v->source ? v->source : "",
                                             v->source ? ":" : "", v->path, v->read_only ? ":ro" : "");
        tui_prompt_open (m, TUI_PROMPT_ADD_VOLUME, "volume [SOURCE:]PATH[:ro]: ", init);
        break;
      }
    case TUI_OP_ADD_TMPFS:
      tui_prompt_open (m, TUI_PROMPT_ADD_TMPFS, "tmpfs PATH[:OPTIONS]: ", NULL);
      break;
    case TUI_OP_ADD_VOLUME:
      tui_prompt_open (m, TUI_PROMPT_ADD_VOLUME, "volume [SOURCE:]PATH[:ro]: ", NULL);
      break;
    case TUI_OP_PROFILE:
      tui_prompt_open (m, TUI_PROMPT_PROFILE_FILE,
                       "seccomp profile (default, default-no-chmod, unconfined or a file): ",
                       p->seccomp_profile);
      break;
    case TUI_OP_ADD_DENY:
    case TUI_OP_RULE:
      tui_prompt_open (m, TUI_PROMPT_DENY, "deny SYSCALL[:ERRNO] (Tab completes): ", NULL);
      break;
    case TUI_OP_ADD_ALLOW:
      tui_prompt_open (m, TUI_PROMPT_ALLOW, "allow SYSCALL (Tab completes): ", NULL);
      break;
    case TUI_OP_USER:
      return open_users (m);
    case TUI_OP_MEMORY:
      {
        cleanup_free char *v = p->memory > 0 ? text_format_size (p->memory) : NULL;
        tui_prompt_open (m, TUI_PROMPT_MEMORY, "memory limit (e.g. 256m, 0 = none): ", v);
        break;
      }
    case TUI_OP_CPUS:
      {
        cleanup_free char *v = p->cpus > 0 ? xasprintf ("%g", p->cpus) : NULL;
        tui_prompt_open (m, TUI_PROMPT_CPUS, "CPUs (e.g. 0.5, 0 = none): ", v);
        break;
      }
    case TUI_OP_PIDS:
      {
        cleanup_free char *v = p->pids > 0 ? xasprintf ("%lld", (long long) p->pids) : NULL;
        tui_prompt_open (m, TUI_PROMPT_PIDS, "pids limit (e.g. 100, 0 = none): ", v);
        break;
      }
    default:
      return TUI_HANDLED;
    }
  return TUI_HANDLED | TUI_REDRAW;
}

static int
row_remove (tui_model *m, const tui_row *r)
{
  hb_policy *p = m->policy;
  switch (r->op)
    {
    case TUI_OP_TMPFS:
    case TUI_OP_VOLUME:
      {
        cleanup_free char *path = xstrdup (r->op == TUI_OP_TMPFS ? p->tmpfs[r->index].path
                                                                 : p->volumes[r->index].path);
        hb_policy_remove_mount (p, path);
        cleanup_free char *what = xasprintf ("removed the mount at %s", path);
        return edited (m, 0, NULL, what);
      }
    case TUI_OP_RULE:
      remove_rule (p, r->index);
      return edited (m, 0, NULL, "removed the rule");
    case TUI_OP_USER:
      free (p->user);
      p->user = NULL;
      return edited (m, 0, NULL, "user: image default");
    case TUI_OP_MEMORY:
      p->memory = 0;
      return edited (m, 0, NULL, "memory: unlimited");
    case TUI_OP_CPUS:
      p->cpus = 0;
      return edited (m, 0, NULL, "CPUs: unlimited");
    case TUI_OP_PIDS:
      p->pids = 0;
      return edited (m, 0, NULL, "pids: unlimited");
    default:
      return TUI_HANDLED;
    }
}

int
tui_policy_action (tui_model *m, tui_action a)
{
  if (m->policy == NULL)
    return TUI_IGNORED;
  tui_list *l = &m->rows_list[m->section];
  switch (a)
    {
    case TUI_ACT_LEFT:
    case TUI_ACT_RIGHT:
      m->section = (tui_section) ((m->section + (a == TUI_ACT_RIGHT ? 1 : TUI_SEC_COUNT - 1))
                                  % TUI_SEC_COUNT);
      m->pane = TUI_PANE_ITEMS;
      tui_model_refresh (m);
      return TUI_HANDLED | TUI_REDRAW;
    case TUI_ACT_UP:
    case TUI_ACT_PAGE_UP:
    case TUI_ACT_FIRST:
    case TUI_ACT_DOWN:
    case TUI_ACT_PAGE_DOWN:
    case TUI_ACT_LAST:
      {
        int dir = (a == TUI_ACT_UP || a == TUI_ACT_PAGE_UP || a == TUI_ACT_FIRST) ? -1 : 1;
        int r = tui_list_action (l, a, m->n_rows);
        l->sel = selectable (m, l->sel, dir);
        tui_list_clamp (l, m->n_rows);
        /* keep the heading above the first item in view */
        if (l->top > 0 && l->sel == l->top && m->rows[l->top - 1].header)
          l->top--;
        return r | TUI_REDRAW;
      }
    case TUI_ACT_DROP_ALL:
      {
        hb_error *err = NULL;
        int r = hb_policy_cap_drop (m->policy, "ALL", &err);
        return edited (m, r, err, "dropped every capability");
      }
    case TUI_ACT_DOCKER_DEFAULT:
      hb_policy_cap_reset (m->policy);
      return edited (m, 0, NULL, "capabilities: Docker's default set");
    case TUI_ACT_ADD:
      if (m->section == TUI_SEC_SECCOMP)
        tui_prompt_open (m, TUI_PROMPT_DENY, "deny SYSCALL[:ERRNO] (Tab completes): ", NULL);
      else if (m->section == TUI_SEC_FS)
        tui_prompt_open (m, TUI_PROMPT_ADD_TMPFS, "tmpfs PATH[:OPTIONS]: ", NULL);
      else
        return TUI_HANDLED;
      return TUI_HANDLED | TUI_REDRAW;
    default:
      break;
    }
  if (m->pane != TUI_PANE_ITEMS)
    return TUI_IGNORED;
  const tui_row *row = current_row (m);
  if (row == NULL)
    return TUI_IGNORED;
  switch (a)
    {
    case TUI_ACT_TOGGLE: return row_toggle (m, row);
    case TUI_ACT_EDIT: return row_edit (m, row);
    case TUI_ACT_REMOVE: return row_remove (m, row);
    default: return TUI_IGNORED;
    }
}

/* --- prompts ------------------------------------------------------------------ */

static int
resolve_and_set_user (tui_model *m, const char *spec, hb_error **err)
{
  cleanup_free char *resolved = NULL;
  if (hb_user_resolve (&m->target->rootfs, spec, &resolved, err) < 0)
    return -1;
  return hb_policy_set_user (m->policy, resolved, err);
}

/* The prompts take what the POLICY options take, through the same parser
 * (hb_policy_apply_option): one syntax and one error text for a flag and
 * its prompt. */
int
tui_policy_prompt_commit (tui_model *m, tui_prompt_kind kind, const char *text, hb_error **errp)
{
  hb_error *err = NULL;
  int r = 0;
  cleanup_free char *what = NULL;
  if (m->policy == NULL)
    return 0;
  const char *option = NULL;
  cleanup_free char *value = NULL;
  switch (kind)
    {
    case TUI_PROMPT_ADD_TMPFS:
      option = "--tmpfs";
      what = xasprintf ("tmpfs %s", text);
      break;
    case TUI_PROMPT_EDIT_TMPFS:
      {
        const tui_row *row = current_row (m);
        if (row == NULL || row->op != TUI_OP_TMPFS)
          return 0;
        const char *path = m->policy->tmpfs[row->index].path;
        option = "--tmpfs";
        value = *text ? xasprintf ("%s:%s", path, text) : xstrdup (path);
        what = xasprintf ("tmpfs %s: %s", path, text);
        break;
      }
    case TUI_PROMPT_ADD_VOLUME:
      option = "--volume";
      what = xasprintf ("volume %s", text);
      break;
    case TUI_PROMPT_DENY:
      option = "--deny";
      what = xasprintf ("deny %s", text);
      break;
    case TUI_PROMPT_ALLOW:
      option = "--allow";
      what = xasprintf ("allow %s", text);
      break;
    case TUI_PROMPT_PROFILE_FILE:
      option = "--seccomp";
      what = xasprintf ("seccomp profile: %s", text);
      break;
    case TUI_PROMPT_USER:
      if (*text == '\0')
        return 0;
      r = resolve_and_set_user (m, text, &err);
      what = xasprintf ("user: %s", m->policy->user ? m->policy->user : text);
      break;
    case TUI_PROMPT_MEMORY:
      option = "--memory";
      value = xstrdup (*text ? text : "0");
      what = xasprintf ("memory: %s", *text ? text : "unlimited");
      break;
    case TUI_PROMPT_CPUS:
      option = "--cpus";
      value = xstrdup (*text ? text : "0");
      what = xasprintf ("CPUs: %s", *text ? text : "unlimited");
      break;
    case TUI_PROMPT_PIDS:
      option = "--pids-limit";
      value = xstrdup (*text ? text : "0");
      what = xasprintf ("pids: %s", *text ? text : "unlimited");
      break;
    default:
      return 0;
    }
  if (option)
    {
      if (value == NULL && *text == '\0')
        return 0;   /* an empty answer adds nothing */
      r = hb_policy_apply_option (m->policy, option, value ? value : text, &err);
    }
  if (r < 0)
    {
      *errp = err;
      return -1;
    }
  edited (m, 0, NULL, what);
  return 0;
}

/* --- syscall search -------------------------------------------------------------- */

static void
load_syscalls (tui_model *m)
{
  if (m->syscalls.n)
    return;
  for (int nr = 0; nr < 1024; nr++)
    {
      char *name = seccomp_syscall_resolve_num_arch (SCMP_ARCH_NATIVE, nr);
      if (name)
        {
          strv_add_unique (&m->syscalls, name);
          free (name);
        }
    }
  strv_sort (&m->syscalls);
}

size_t
tui_syscall_matches (tui_model *m, const char *prefix, const char **out, size_t max)
{
  load_syscalls (m);
  size_t n = 0;
  size_t len = strlen (prefix);
  for (size_t i = 0; i < m->syscalls.n && n < max; i++)
    if (strncmp (m->syscalls.v[i], prefix, len) == 0)
      out[n++] = m->syscalls.v[i];
  /* then names containing it, for "search" rather than only completion */
  for (size_t i = 0; len > 0 && i < m->syscalls.n && n < max; i++)
    if (strncmp (m->syscalls.v[i], prefix, len) != 0 && strstr (m->syscalls.v[i], prefix))
      out[n++] = m->syscalls.v[i];
  return n;
}

/* The longest common prefix of names (all starting with prefix) into
 * *out; false when it adds nothing to prefix. */
static bool
common_prefix (const strv *names, size_t prefix_len, char **out)
{
  if (names->n == 0)
    return false;
  size_t common = strlen (names->v[0]);
  for (size_t i = 1; i < names->n; i++)
    {
      size_t c = 0;
      while (c < common && names->v[0][c] == names->v[i][c])
        c++;
      common = c;
    }
  if (common <= prefix_len)
    return false;
  *out = xstrndup (names->v[0], common);
  return true;
}

static bool
complete_syscall (tui_model *m)
{
  if (strchr (m->line.buf, ':'))
    return false;
  load_syscalls (m);
  const char *prefix = m->line.buf;
  size_t len = strlen (prefix);
  strv found = { 0 };
  for (size_t i = 0; i < m->syscalls.n; i++)
    if (strncmp (m->syscalls.v[i], prefix, len) == 0)
      strv_push (&found, m->syscalls.v[i]);
  strv_clear (&m->completions);
  cleanup_free char *completed = NULL;
  bool changed = common_prefix (&found, len, &completed);
  if (found.n > 1)
    strv_copy (&m->completions, &found);
  strv_clear (&found);
  if (changed)
    tui_line_set (&m->line, completed);
  return changed || m->completions.n > 1;
}

#define MAX_DIR_ENTRIES 4096

/* The subdirectories of dir (absolute, inside the target) whose names
 * begin with prefix: read in each layer, top first, through the in-root
 * access (core/inroot.c), so a symlink in the image never leads to a host
 * path; whiteouts hide a lower layer's entry, an opaque directory every
 * lower layer. */
static void
list_subdirs (const hb_rootfs *r, const char *dir, const char *prefix, strv *out)
{
  strv hidden = { 0 };
  size_t plen = strlen (prefix);
  for (size_t i = 0; i < r->layers.n && out->n < MAX_DIR_ENTRIES; i++)
    {
      hb_error *err = NULL;
      cleanup_close int rootfd = inroot_open_root (r->layers.v[i], &err);
      hb_error_free (err);
      err = NULL;
      if (rootfd < 0)
        continue;
      int dfd = inroot_open (rootfd, dir, O_RDONLY | O_DIRECTORY, 0, &err);
      hb_error_free (err);
      if (dfd < 0)
        continue;
      char opaque[2];
      bool is_opaque = fgetxattr (dfd, "trusted.overlay.opaque", opaque, sizeof opaque) == 1
                       && opaque[0] == 'y';
      DIR *d = fdopendir (dfd);
      if (d == NULL)
        {
          close (dfd);
          continue;
        }
      struct dirent *de;
      size_t seen = 0;
      while ((de = readdir (d)) != NULL && seen++ < MAX_DIR_ENTRIES)
        {
          const char *name = de->d_name;
          if (strcmp (name, ".") == 0 || strcmp (name, "..") == 0 || strncmp (name, prefix, plen) != 0)
            continue;
          struct stat st;
          if (fstatat (dirfd (d), name, &st, AT_SYMLINK_NOFOLLOW) < 0)
            continue;
          if (S_ISCHR (st.st_mode) && st.st_rdev == makedev (0, 0))
            {
              strv_add_unique (&hidden, name);   /* a whiteout */
              continue;
            }
          bool is_dir = S_ISDIR (st.st_mode);
          if (S_ISLNK (st.st_mode))
            {
              /* a symlink to a directory, resolved inside the root */
              cleanup_free char *full = xasprintf ("%s/%s", strcmp (dir, "/") == 0 ? "" : dir, name);
              cleanup_close int fd = inroot_open (rootfd, full, O_PATH | O_DIRECTORY, 0, &err);
              hb_error_free (err);
              err = NULL;
              is_dir = fd >= 0;
            }
          if (!is_dir || strv_contains (&hidden, name))
            continue;
          strv_add_unique (out, name);
        }
      closedir (d);
      if (is_opaque)
        break;
    }
  strv_clear (&hidden);
  strv_sort (out);
}

/* Complete the path of a tmpfs or volume prompt ("PATH[:...]") from the
 * target's own directories. */
static bool
complete_path (tui_model *m)
{
  /* A volume's container path may follow its SOURCE: complete that part. */
  const char *line = m->line.buf;
  const char *text = line;
  const char *colon = strchr (line, ':');
  if (m->prompt == TUI_PROMPT_ADD_VOLUME && colon && colon[1] == '/' && !strchr (colon + 1, ':'))
    text = colon + 1;
  cleanup_free char *lead = xstrndup (line, (size_t) (text - line));
  if (strchr (text, ':') || text[0] != '/')
    {
      if (text[0] == '\0')
        {
          tui_line_set (&m->line, "/");
          return true;
        }
      return false;
    }
  if (m->target == NULL || m->target->rootfs.layers.n == 0)
    {
      free (m->prompt_error);
      m->prompt_error = xstrdup ("no files to complete from (run a trial once to fetch them)");
      return true;
    }
  const char *slash = strrchr (text, '/');
  cleanup_free char *dir = slash == text ? xstrdup ("/") : xstrndup (text, (size_t) (slash - text));
  const char *base = slash + 1;
  strv names = { 0 };
  list_subdirs (&m->target->rootfs, dir, base, &names);
  strv_clear (&m->completions);
  free (m->prompt_error);
  m->prompt_error = NULL;
  bool changed = false;
  const char *sep = strcmp (dir, "/") == 0 ? "" : "/";
  if (names.n == 1)
    {
      cleanup_free char *full = xasprintf ("%s%s%s%s/", lead, dir, sep, names.v[0]);
      tui_line_set (&m->line, full);
      changed = true;
    }
  else if (names.n > 1)
    {
      cleanup_free char *common = NULL;
      if (common_prefix (&names, strlen (base), &common))
        {
          cleanup_free char *full = xasprintf ("%s%s%s%s", lead, dir, sep, common);
          tui_line_set (&m->line, full);
        }
      for (size_t i = 0; i < names.n; i++)
        strv_push_owned (&m->completions, xasprintf ("%s/", names.v[i]));
      changed = true;
    }
  else
    {
      m->prompt_error = xasprintf ("no directory %s%s%s* in the target", dir, sep, base);
      changed = true;
    }
  strv_clear (&names);
  return changed;
}

bool
tui_prompt_complete (tui_model *m)
{
  switch (m->prompt)
    {
    case TUI_PROMPT_DENY:
    case TUI_PROMPT_ALLOW:
      return complete_syscall (m);
    case TUI_PROMPT_ADD_TMPFS:
    case TUI_PROMPT_ADD_VOLUME:
      return complete_path (m);
    default:
      return false;
    }
}

/* --- user picker ---------------------------------------------------------------- */

int
tui_users_action (tui_model *m, tui_action a)
{
  size_t n = m->n_users + 2;   /* image default, users..., type one */
  int r = tui_list_action (&m->users_list, a, n);
  if (r)
    return r;
  if (a == TUI_ACT_BACK || a == TUI_ACT_QUIT)
    {
      m->overlay = TUI_OVERLAY_NONE;
      return TUI_HANDLED | TUI_REDRAW;
    }
  if (a != TUI_ACT_EDIT && a != TUI_ACT_TOGGLE)
    return TUI_HANDLED;
  size_t sel = m->users_list.sel;
  m->overlay = TUI_OVERLAY_NONE;
  if (sel == 0)
    {
      free (m->policy->user);
      m->policy->user = NULL;
      return edited (m, 0, NULL, "user: image default");
    }
  if (sel == n - 1)
    {
      tui_prompt_open (m, TUI_PROMPT_USER, "user NAME|UID[:GROUP|GID]: ", m->policy->user);
      return TUI_HANDLED | TUI_REDRAW;
    }
  const hb_user_entry *u = &m->users[sel - 1];
  cleanup_free char *spec = xasprintf ("%u:%u", u->uid, u->gid);
  hb_error *err = NULL;
  int rc = hb_policy_set_user (m->policy, spec, &err);
  cleanup_free char *name = text_sanitize (u->name);
  cleanup_free char *what = xasprintf ("user: %s (%s)", name, spec);
  return edited (m, rc, err, what);
}

/* --- explanation ------------------------------------------------------------------ */

static void
explain_topic (const char *topics, char **title, strv *paras)
{
  cleanup_free char *copy = xstrdup (topics);
  char *save = NULL;
  for (char *t = strtok_r (copy, "|", &save); t; t = strtok_r (NULL, "|", &save))
    {
      const hb_explanation *e = hb_explain_lookup (t);
      if (e == NULL)
        continue;
      *title = xasprintf ("%s (%s)", e->topic, e->kind);
      if (e->what)
        strv_push (paras, e->what);
      if (e->risk)
        strv_push_owned (paras, xasprintf ("Risk: %s", e->risk));
      if (e->needed)
        strv_push_owned (paras, xasprintf ("Needed when: %s", e->needed));
      if (e->control)
        strv_push_owned (paras, xasprintf ("Set with: %s", e->control));
      return;
    }
  /* Capabilities carry their own texts in the capability table. */
  cleanup_free char *first = xstrdup (topics);
  char *bar = strchr (first, '|');
  if (bar)
    *bar = '\0';
  const hb_capability *cap = hb_cap_lookup (first);
  if (cap)
    {
      *title = xasprintf ("CAP_%s (capability)", cap->name);
      if (cap->summary)
        strv_push (paras, cap->summary);
      if (cap->risk)
        strv_push_owned (paras, xasprintf ("Risk: %s", cap->risk));
      if (cap->needed_by)
        strv_push_owned (paras, xasprintf ("Needed when: %s", cap->needed_by));
      return;
    }
  *title = xstrdup (first);
  strv_push_owned (paras, xasprintf ("No explanation of %s yet.", first));
}

void
tui_model_explanation (tui_model *m, char **title, strv *paras)
{
  *title = NULL;
  if (m->prompt == TUI_PROMPT_DENY || m->prompt == TUI_PROMPT_ALLOW)
    {
      cleanup_free char *name = xstrdup (m->line.buf);
      char *colon = strchr (name, ':');
      if (colon)
        *colon = '\0';
      const char *found[64];
      size_t n = tui_syscall_matches (m, name, found, 64);
      *title = xasprintf ("Syscalls matching \"%s\": %zu%s", name, n, n == 64 ? "+" : "");
      strv list = { 0 };
      for (size_t i = 0; i < n; i++)
        strv_push (&list, found[i]);
      if (n)
        strv_push_owned (paras, strv_join (&list, " "));
      else
        strv_push (paras, "no syscall has that name on this architecture");
      strv_clear (&list);
      if (n && strcmp (found[0], name) == 0)
        {
          char *t2 = NULL;
          explain_topic (name, &t2, paras);
          free (t2);
        }
      return;
    }
  const char *topic = NULL;
  cleanup_free char *owned = NULL;
  if (m->screen == TUI_SCREEN_BENCH && m->pane == TUI_PANE_EVENTS && m->log.n)
    topic = m->log.rows[m->events_list.sel < m->log.n ? m->events_list.sel : 0].topic;
  else if (m->screen == TUI_SCREEN_BENCH && m->pane == TUI_PANE_SUGGEST && m->log.n_suggestions)
    {
      const tui_suggestion *s = &m->log.suggestions[m->suggest_list.sel < m->log.n_suggestions
                                                    ? m->suggest_list.sel : 0];
      if (s->kind == TUI_SUGGEST_TMPFS)
        topic = "tmpfs|mount";
      else if (s->kind == TUI_SUGGEST_CAP_ADD)
        topic = owned = text_has_prefix (s->value, "CAP_") ? xstrdup (s->value)
                                                           : xasprintf ("CAP_%s", s->value);
      else
        topic = s->value;
    }
  else if (m->screen == TUI_SCREEN_BENCH)
    {
      const tui_row *r = current_row (m);
      topic = r ? r->topic : NULL;
    }
  if (topic == NULL)
    return;
  explain_topic (topic, title, paras);
}
