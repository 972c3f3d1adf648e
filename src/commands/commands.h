/* commands.h - one entry point per subcommand (src/commands/cmd_*.c). */
#ifndef HB_COMMANDS_COMMANDS_H
#define HB_COMMANDS_COMMANDS_H

#include "commands/cli.h"

int cmd_policy (int argc, char **argv, hb_globals *g);
int cmd_learn (int argc, char **argv, hb_globals *g);
int cmd_list (int argc, char **argv, hb_globals *g);
int cmd_audit (int argc, char **argv, hb_globals *g);
int cmd_explain (int argc, char **argv, hb_globals *g);
int cmd_trial (int argc, char **argv, hb_globals *g);
int cmd_export (int argc, char **argv, hb_globals *g);

#endif
