/* cli.h - what the command-line front end shares between commands: global
 * options, the command table, and turning TARGET + POLICY into an
 * effective policy. */
#ifndef HB_COMMANDS_CLI_H
#define HB_COMMANDS_CLI_H

#include "core/error.h"
#include "engine/target.h"
#include "policy/policy.h"

#include <stdbool.h>

typedef struct hb_globals {
  hb_engine_opts engine;
  const char *theme;
  bool no_color;
} hb_globals;

typedef struct hb_command {
  const char *name;
  const char *synopsis;   /* "TARGET [POLICY] [--json]" */
  const char *summary;    /* one line for --help */
  const char *options;    /* the command's own options, aligned, or NULL */
  bool takes_policy;      /* accepts the POLICY options */
  int (*run) (int argc, char **argv, hb_globals *g);
} hb_command;

/* The command table (main.c). */
const hb_command *cli_commands (size_t *n);
const hb_command *cli_command_lookup (const char *name);

/* If argv[*i] is a GLOBAL option, apply it, advance *i, return 1; 0 if not;
 * -1 on a missing value. */
int cli_take_global (hb_globals *g, int argc, char **argv, int *i, hb_error **err);
/* If argv[*i] is the option long_name ("--timeout V", "--timeout=V") or
 * short_name ("-o V", may be NULL), set *value, advance *i past it and
 * return 1; return 0 for any other argument; -1 with a usage error naming
 * cmd and metavar when the value is missing or empty. */
int cli_take_value (const char *cmd, const char *long_name, const char *short_name,
                    const char *metavar, int argc, char **argv, int *i, const char **value,
                    hb_error **err);
/* Parse a --timeout value: seconds, > 0, at most 1e6. */
int cli_parse_seconds (const char *cmd, const char *value, double *out, hb_error **err);

/* Print "COMMAND --help" for cmd to stdout. */
void cli_print_command_help (const hb_command *cmd);
/* A usage error: "hardenbench: CMD: WHY" + "try 'hardenbench CMD --help'". */
int cli_usage_error (const char *cmd, hb_error **err, const char *fmt, ...)
  __attribute__ ((format (printf, 3, 4)));

/* The effective policy for target: its current settings, then opts in
 * INTERFACE.md order; the user is resolved in the target's /etc/passwd. */
hb_policy *cli_effective_policy (const hb_target *target, const hb_policy_opts *opts,
                                 hb_error **err);

/* Should output to fp be coloured?  (a terminal, no NO_COLOR, no --no-color) */
bool cli_use_color (const hb_globals *g, int fd);

#endif
