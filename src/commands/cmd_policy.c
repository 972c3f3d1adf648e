/* cmd_policy.c - `hardenbench policy TARGET [POLICY] [--json]`. */
#include "config.h"

#include "commands/commands.h"
#include "app/target.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "policy/capabilities.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

static void
print_readable (const hb_target *t, const hb_policy *p)
{
  cleanup_free char *name = text_sanitize (t->name);
  printf ("%-14s %s (%s)\n", "target", name, hb_target_kind_name (t->kind));
  if (p->target_image)
    {
      cleanup_free char *img = text_sanitize (p->target_image);
      printf ("%-14s %s\n", "image", img);
    }
  printf ("%-14s %s\n", "read-only root", p->read_only_root ? "yes" : "no");
  for (size_t i = 0; i < p->n_tmpfs; i++)
    {
      cleanup_free char *path = text_sanitize (p->tmpfs[i].path);
      printf ("%-14s %s %s\n", i == 0 ? "tmpfs" : "", path,
              p->tmpfs[i].options ? p->tmpfs[i].options : "");
    }
  for (size_t i = 0; i < p->n_volumes; i++)
    {
      cleanup_free char *path = text_sanitize (p->volumes[i].path);
      cleanup_free char *src = text_sanitize (p->volumes[i].source ? p->volumes[i].source : "(anonymous)");
      printf ("%-14s %s from %s%s\n", i == 0 ? "volumes" : "", path, src,
              p->volumes[i].read_only ? " (read-only)" : "");
    }
  cleanup_strv strv caps = { 0 };
  hb_cap_effective (&p->cap_drop, &p->cap_add, &caps);
  cleanup_free char *capstr = caps.n ? strv_join (&caps, " ") : xstrdup ("(none)");
  printf ("%-14s %s\n", "capabilities", capstr);
  printf ("%-14s %s", "seccomp", p->seccomp_profile ? p->seccomp_profile : "default");
  if (p->n_seccomp_rules)
    printf (" + %zu rule%s", p->n_seccomp_rules, p->n_seccomp_rules == 1 ? "" : "s");
  printf ("\n%-14s %s\n", "user", p->user ? p->user : "(image default: root)");
  printf ("%-14s %s\n", "no-new-privs", p->no_new_privileges ? "yes" : "no");
  cleanup_free char *mem = p->memory ? text_format_size (p->memory) : xstrdup ("unlimited");
  cleanup_free char *cpus = p->cpus > 0 ? xasprintf ("%g", p->cpus) : xstrdup ("unlimited");
  cleanup_free char *pids = p->pids > 0 ? xasprintf ("%lld", (long long) p->pids) : xstrdup ("unlimited");
  printf ("%-14s memory %s, cpus %s, pids %s\n", "limits", mem, cpus, pids);
  if (p->privileged)
    printf ("%-14s %s\n", "privileged", "yes");
}

typedef struct policy_values {
  bool json;
} policy_values;

static const cli_option options[] = {
  { .name = "--json", .kind = CLI_FLAG, .offset = offsetof (policy_values, json),
    .help = "print the policy as JSON (the policy file format)" },
  { .name = NULL },
};

const cli_spec cmd_policy_spec = {
  .cmd = "policy", .options = options, .positional = "TARGET", .positional_required = true,
  .takes_policy = true,
};

int
cmd_policy (int argc, char **argv, hb_globals *g)
{
  hb_error *err = NULL;
  policy_values v = { 0 };
  cleanup_cli_args cli_args args = { 0 };
  if (cli_parse (&cmd_policy_spec, g, argc, argv, &v, &args, &err) < 0)
    return hb_error_report (err);

  cleanup_target hb_target *t = NULL;
  cleanup_policy hb_policy *p =
    app_open_target (args.positional, &g->engine, &args.policy, false, &t, &err);
  if (p == NULL)
    return hb_error_report (err);
  if (v.json)
    {
      cleanup_free char *text = hb_policy_to_text (p);
      fputs (text, stdout);
    }
  else
    print_readable (t, p);
  return fflush (stdout) == 0 ? 0 : HB_EXIT_FAILURE;
}
