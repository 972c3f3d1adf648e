/* commands.h - one entry point per subcommand (src/commands/cmd_*.c). */
#ifndef HB_COMMANDS_COMMANDS_H
#define HB_COMMANDS_COMMANDS_H

#include "commands/cli.h"

/* Each command's options and shape, for cli_parse and --help. */
extern const cli_spec cmd_policy_spec, cmd_learn_spec, cmd_list_spec, cmd_audit_spec,
  cmd_explain_spec, cmd_trial_spec, cmd_export_spec;

int cmd_policy (int argc, char **argv, hb_globals *g);
int cmd_learn (int argc, char **argv, hb_globals *g);
int cmd_list (int argc, char **argv, hb_globals *g);
int cmd_audit (int argc, char **argv, hb_globals *g);
int cmd_explain (int argc, char **argv, hb_globals *g);
int cmd_trial (int argc, char **argv, hb_globals *g);
int cmd_export (int argc, char **argv, hb_globals *g);

#endif
