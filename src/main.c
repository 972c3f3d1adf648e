/* main.c - hardenbench's entry point: global options, the command table,
 * --help/--version.  Commands live in src/commands/, one file each. */
#include "config.h"

#include "commands/cli.h"
#include "commands/commands.h"
#include "core/cleanup.h"
#include "tui/tui.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const hb_command commands[] = {
  { "list", "[--all] [--images] [--json]",
    "List the engine's containers (or images) with a one-look hardening summary.",
    "  --all, -a           also stopped and created containers\n"
    "  --images            list images instead of containers\n"
    "  --json              a JSON array, one object per container (id, name, image,\n"
    "                      state, read_only_root, privileged, capabilities, seccomp,\n"
    "                      no_new_privileges, user)\n",
    false, cmd_list },
  { "policy", "TARGET [POLICY] [--json]",
    "Show the settings TARGET runs with today, with the POLICY options applied.",
    "  --json              print the policy as JSON (the policy file format)\n",
    true, cmd_policy },
  { "learn", "TARGET [POLICY] [--json] [--timeout SEC] [--publish HOST:CONT] [--rounds N] [-o FILE] [-- CMD [ARG...]]",
    "Record one permissive run of TARGET and write the policy it needs.",
    "  --json              events as JSON lines on stdout\n"
    "  --timeout SEC       stop each run after SEC seconds (servers)\n"
    "  --publish [IP:]HOST:CONT\n"
    "                      forward a host TCP port into the runs; repeatable\n"
    "  --rounds N          verification trials under the proposal, applying the\n"
    "                      suggestions after each (default 3; 0: none)\n"
    "  -o, --output FILE   the policy file (default: the config dir's\n"
    "                      policies/NAME.json); the seccomp profile goes beside\n"
    "                      it as NAME.seccomp.json\n"
    "  -- CMD [ARG...]     run CMD instead of the target's entrypoint + cmd\n",
    true, cmd_learn },
  { "export", "TARGET --format FMT [POLICY] [-o FILE] [--force] [--image REF] [--name NAME] [-- CMD [ARG...]]",
    "Print TARGET's policy as a deployable configuration.",
    "  -f, --format FMT    run          one shell-quoted `docker run` command line\n"
    "                      compose      a docker compose service (YAML)\n"
    "                      ecs          an ECS task definition (RegisterTaskDefinition JSON)\n"
    "                      ecs-fargate  the same for Fargate (no tmpfs, cap add SYS_PTRACE only)\n"
    "                      k8s          a Kubernetes Pod manifest\n"
    "                      seccomp      the effective seccomp profile (Docker/OCI JSON)\n"
    "                      dockerfile   USER and VOLUME lines for the image's Dockerfile\n"
    "  -o, --output FILE   write FILE atomically (a seccomp profile the export refers\n"
    "                      to goes next to it as NAME.seccomp.json; without -o, into\n"
    "                      the current directory)\n"
    "  --force             replace FILE (and side files) if they exist\n"
    "  --image REF         the image to run (default: the target's image)\n"
    "  --name NAME         service / container / pod name (default: from the target)\n"
    "  -- CMD [ARG...]     the command to run instead of the target's\n"
    "What a format cannot express is listed on stderr as 'hardenbench: note: ...'.\n",
    true, cmd_export },
  { "audit", "TARGET [POLICY] [--json]",
    "Audit TARGET's effective policy against the CIS Docker Benchmark v1.6.0 (4.1, 5.x).",
    "  --json              print {score: {pass, fail, total}, checks: [{id, title, status, fix}]}\n",
    true, cmd_audit },
  { "explain", "TOPIC | --list",
    "Explain a capability, namespace, seccomp action, syscall, mount option, setting or check id.",
    "  --list              list every topic, grouped by kind\n"
    "  -- TOPIC            a topic that begins with '-' (such as --user)\n",
    false, cmd_explain },
  { "trial", "TARGET [POLICY] [--json] [--timeout SEC] [--publish HOST:CONT] [--no-monitor] [--save-suggested FILE] [-- CMD [ARG...]]",
    "Run TARGET's own files and command confined by the policy.",
    "  --json              events as JSON lines on stdout (output included)\n"
    "  --no-monitor        do not watch denied writes and syscalls (no ptrace)\n"
    "  --save-suggested FILE\n"
    "                      save the policy with the summary's suggestions applied\n"
    "  --timeout SEC       stop the trial after SEC seconds (SIGTERM, then SIGKILL)\n"
    "  --no-monitor        enforce only: no live report of denied writes and syscalls\n"
    "  --publish [IP:]HOST:CONT\n"
    "                      forward host TCP port HOST (on 127.0.0.1 unless IP)\n"
    "                      to port CONT inside the trial; repeatable\n"
    "  -- CMD [ARG...]     run CMD instead of the target's entrypoint + cmd\n",
    true, cmd_trial },
};

const hb_command *
cli_commands (size_t *n)
{
  *n = sizeof commands / sizeof commands[0];
  return commands;
}

const hb_command *
cli_command_lookup (const char *name)
{
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

static void
print_help (void)
{
  printf ("Usage: hardenbench [GLOBAL] COMMAND [ARGS]\n"
          "       hardenbench [GLOBAL] [TARGET]   open the workbench (TUI)\n\n"
          "hardenbench finds what a container really needs, so it can run with a\n"
          "read-only root, few capabilities and a tight seccomp profile.\n\n"
          "Commands:\n");
  size_t n;
  const hb_command *cmds = cli_commands (&n);
  for (size_t i = 0; i < n; i++)
    printf ("  %-10s %s\n", cmds[i].name, cmds[i].summary);
  printf ("\nGlobal options:\n"
          "  --engine URL   unix:///path or tcp://host:port\n"
          "  --theme NAME   TUI colour theme\n"
          "  --no-color     no colours (NO_COLOR is honoured too)\n"
          "  --help         this text; COMMAND --help for a command's options\n"
          "  --version      print the version\n\n"
          "TARGET is a container name or id, image:REF, or a root filesystem directory\n"
          "(a path beginning with '/' or '.').\n");
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  /* A closed pipe (hardenbench list | head) must end us quietly. */
  signal (SIGPIPE, SIG_DFL);

  hb_globals g = { 0 };
  hb_error *err = NULL;
  int i = 1;
  while (i < argc)
    {
      int r = cli_take_global (&g, argc, argv, &i, &err);
      if (r < 0)
        return hb_error_report (err);
      if (r == 0)
        break;
    }
  if (i < argc && (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0))
    {
      print_help ();
      return 0;
    }
  if (i < argc && strcmp (argv[i], "--version") == 0)
    {
      printf ("hardenbench %s\n", PACKAGE_VERSION);
      return 0;
    }
  /* No command: the workbench, with TARGET when one word is left that is
   * not a command (a container, image:REF or a directory). */
  if (i >= argc)
    return tui_main (&g, NULL);
  const hb_command *cmd = cli_command_lookup (argv[i]);
  if (cmd == NULL && i + 1 == argc && argv[i][0] != '-'
      && (argv[i][0] == '/' || argv[i][0] == '.' || (isatty (STDIN_FILENO) && isatty (STDOUT_FILENO))))
    return tui_main (&g, argv[i]);
  if (cmd == NULL)
    {
      if (argv[i][0] == '-')
        hb_fail (&err, HB_EXIT_USAGE, "unknown option %s (see 'hardenbench --help')", argv[i]);
      else
        hb_fail (&err, HB_EXIT_USAGE, "unknown command %s (see 'hardenbench --help')", argv[i]);
      return hb_error_report (err);
    }
  for (int j = i + 1; j < argc && strcmp (argv[j], "--") != 0; j++)
    if (strcmp (argv[j], "--help") == 0 || strcmp (argv[j], "-h") == 0)
      {
        cli_print_command_help (cmd);
        return 0;
      }
  return cmd->run (argc - i, argv + i, &g);
}
