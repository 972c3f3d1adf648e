/* main.c - hardenbench's entry point: global options, the command table,
 * --help/--version.  Commands live in src/commands/, one file each. */
#include "config.h"

#include "commands/cli.h"
#include "commands/commands.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "tui/tui.h"

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Each command's own options live beside it (cmd_*.c), in the table that
 * both parses them and writes its --help. */
static const hb_command commands[] = {
  { "list", "[--all] [--images] [--json]",
    "List the engine's containers (or images) with a one-look hardening summary.",
    &cmd_list_spec, cmd_list },
  { "policy", "TARGET [POLICY] [--json]",
    "Show the settings TARGET runs with today, with the POLICY options applied.",
    &cmd_policy_spec, cmd_policy },
  { "learn", "TARGET [POLICY] [--json] [--timeout SEC] [--publish HOST:CONT] [--rounds N] [-o FILE] [-- CMD [ARG...]]",
    "Record one permissive run of TARGET and write the policy it needs.",
    &cmd_learn_spec, cmd_learn },
  { "export", "TARGET --format FMT [POLICY] [-o FILE] [--force] [--image REF] [--name NAME] [--publish SPEC] [--k8s-empty-volumes] [--verify [--probe CMD] [--timeout SEC]] [-- CMD [ARG...]]",
    "Print TARGET's policy as a deployable configuration.",
    &cmd_export_spec, cmd_export },
  { "audit", "TARGET [POLICY] [--json] [--fail-on LEVEL]",
    "Audit TARGET's effective policy against the CIS Docker Benchmark v1.6.0 (4.1, 5.x).",
    &cmd_audit_spec, cmd_audit },
  { "explain", "TOPIC | --list",
    "Explain a capability, namespace, seccomp action, syscall, mount option, setting or check id.",
    &cmd_explain_spec, cmd_explain },
  { "trial", "TARGET [POLICY] [--json] [--timeout SEC] [--publish HOST:CONT] [--no-monitor] [--save-suggested FILE] [-- CMD [ARG...]]",
    "Run TARGET's own files and command confined by the policy.",
    &cmd_trial_spec, cmd_trial },
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

/* The command WORD is nearest to when near enough to be a typo of it, or
 * NULL. */
static const char *
nearest_command (const char *word)
{
  size_t len = strlen (word);
  size_t limit = len <= 3 ? 1 : len < 6 ? 2 : len / 3;
  const char *best = NULL;
  size_t best_d = limit + 1;
  for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
    {
      size_t d = text_edit_distance (word, commands[k].name);
      if (d < best_d)
        {
          best_d = d;
          best = commands[k].name;
        }
    }
  return best;
}

/* Only a TARGET looks like this: a directory, image:REF (or a
 * name:tag), @demo.  A container's name never begins with '/', '.' or '@'
 * and never holds ':'. */
static bool
looks_like_target (const char *word)
{
  return word[0] == '/' || word[0] == '.' || word[0] == '@' || strchr (word, ':') != NULL;
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
          "  --engine URL   unix:///path, tcp://host:port or ssh://[user@]host[:port]\n"
          "                 (also --host, -H; default as docker: DOCKER_HOST, DOCKER_CONTEXT,\n"
          "                 the current docker context, then the default sockets)\n"
          "  --context NAME a docker context\n"
          "  --tls, --tlsverify, --tlscacert FILE, --tlscert FILE, --tlskey FILE\n"
          "                 TLS to a tcp engine, as docker's flags (DOCKER_TLS_VERIFY,\n"
          "                 DOCKER_CERT_PATH)\n"
          "  --theme NAME   TUI colour theme\n"
          "  --no-color     no colours (NO_COLOR is honoured too)\n"
          "  --help         this text; COMMAND --help for a command's options\n"
          "  --version      print the version\n\n"
          "TARGET is a container name or id, image:REF, a root filesystem directory\n"
          "(a path beginning with '/' or '.'), or @demo, the bundled demo service\n"
          "(it needs no engine: try 'hardenbench trial @demo').\n");
}

int
main (int argc, char **argv)
{
  /* No setlocale here: the commands print and parse in the C locale
   * (numbers stay "1.5" under any LANG, and loading the user's locale
   * cost a trial a tenth of its start); the workbench sets its own
   * (tui_main). */
  /* A closed pipe (hardenbench list | head) must end us quietly. */
  signal (SIGPIPE, SIG_DFL);

  /* Warnings of the commands go to stderr as they come (the workbench
   * collects its own for the status line: tui_main). */
  hb_warnings warnings = { .print = 1 };
  hb_warnings_collect (&warnings);

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
   * not a command (a container, image:REF, @demo or a directory). */
  if (i >= argc)
    return tui_main (&g, NULL);
  const hb_command *cmd = cli_command_lookup (argv[i]);
  if (cmd == NULL && i + 1 == argc && argv[i][0] != '-')
    {
      const char *word = argv[i];
      const char *near = nearest_command (word);
      if (looks_like_target (word) || (isatty (STDIN_FILENO) && isatty (STDOUT_FILENO)))
        return tui_main (&g, word);   /* it says so when there is no terminal */
      /* A bare word without a terminal: a typo of a command, or a
       * container asked for in the workbench, which cannot open. */
      if (near)
        hb_fail (&err, HB_EXIT_USAGE, "unknown command %s; did you mean %s? (see 'hardenbench --help')",
                 word, near);
      else
        hb_fail (&err, HB_EXIT_USAGE,
                 "the workbench (hardenbench TARGET) needs a terminal, and stdin or stdout is "
                 "not one; '%s' is not a command: without a terminal, give the target to a "
                 "command, e.g. 'hardenbench policy %s' (see 'hardenbench --help')",
                 word, word);
      return hb_error_report (err);
    }
  if (cmd == NULL)
    {
      const char *near = argv[i][0] == '-' ? NULL : nearest_command (argv[i]);
      if (argv[i][0] == '-')
        hb_fail (&err, HB_EXIT_USAGE, "unknown option %s (see 'hardenbench --help')", argv[i]);
      else if (near)
        hb_fail (&err, HB_EXIT_USAGE, "unknown command %s; did you mean %s? (see 'hardenbench --help')",
                 argv[i], near);
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
