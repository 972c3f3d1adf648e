/* cmd_policy.c - `hardenbench policy TARGET [POLICY] [--json]`. */
#include "config.h"

#include "commands/commands.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "policy/capabilities.h"

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

int
cmd_policy (int argc, char **argv, hb_globals *g)
{
  hb_error *err = NULL;
  hb_policy_opts opts = { 0 };
  const char *target_spec = NULL;
  bool json = false;
  int status = 0;

  for (int i = 1; i < argc;)
    {
      int r = cli_take_global (g, argc, argv, &i, &err);
      if (r == 0)
        r = hb_policy_opts_take (&opts, argc, argv, &i, &err);
      if (r < 0)
        goto fail;
      if (r > 0)
        continue;
      if (strcmp (argv[i], "--json") == 0)
        json = true;
      else if (argv[i][0] == '-' && argv[i][1] != '\0')
        {
          cli_usage_error ("policy", &err, "unknown option %s", argv[i]);
          goto fail;
        }
      else if (target_spec == NULL)
        target_spec = argv[i];
      else
        {
          cli_usage_error ("policy", &err, "unexpected argument %s", argv[i]);
          goto fail;
        }
      i++;
    }
  if (target_spec == NULL)
    {
      cli_usage_error ("policy", &err, "no TARGET given");
      goto fail;
    }

  {
    cleanup_target hb_target *t = hb_target_resolve (target_spec, &g->engine, &err);
    if (t == NULL)
      goto fail;
    cleanup_policy hb_policy *p = cli_effective_policy (t, &opts, &err);
    if (p == NULL)
      goto fail;
    if (json)
      {
        cleanup_free char *text = hb_policy_to_text (p);
        fputs (text, stdout);
      }
    else
      print_readable (t, p);
  }
  hb_policy_opts_clear (&opts);
  return fflush (stdout) == 0 ? 0 : HB_EXIT_FAILURE;

fail:
  hb_policy_opts_clear (&opts);
  status = hb_error_report (err);
  return status;
}
