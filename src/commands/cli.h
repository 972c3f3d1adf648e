/* cli.h - what the command-line front end shares between commands: global
 * options, the argument parser, the command table, and turning TARGET +
 * POLICY into an effective policy. */
#ifndef HB_COMMANDS_CLI_H
#define HB_COMMANDS_CLI_H

#include "app/app.h"
#include "core/error.h"
#include "core/strv.h"
#include "engine/target.h"
#include "monitor/event.h"
#include "policy/policy.h"

#include <stdbool.h>


/* --- one argument parser for every command ---------------------------------
 *
 * A command declares its own options in a table (cli_option) and its shape
 * in a cli_spec; cli_parse then reads argv the same way for every command:
 * GLOBAL options anywhere before "--", the POLICY options when the command
 * takes them, the command's own options as "--opt VALUE", "--opt=VALUE" or
 * "-o VALUE", one positional (TARGET, TOPIC), and "--" followed by the
 * command to run (or, for commands that run none, by more positionals).
 * The same table writes the command's --help. */

typedef enum cli_kind {
  CLI_FLAG,      /* bool: set to true; takes no value */
  CLI_STRING,    /* const char *: the last one given */
  CLI_LIST,      /* strv: every one given, in order (repeatable) */
  CLI_SECONDS,   /* double: seconds, > 0, at most 1e6; the last one given */
  CLI_INT,       /* long: a whole number from min to max; the last one given */
} cli_kind;

typedef struct cli_option {
  const char *name;      /* "--output" */
  const char *alias;     /* "-o", or NULL */
  cli_kind kind;
  size_t offset;         /* where the value goes in the command's values struct */
  const char *metavar;   /* the value as --help shows it ("FILE"); NULL for a flag */
  const char *need;      /* what a missing or empty value is said to need ("a FILE") */
  long min, max;         /* CLI_INT's range */
  const char *help;      /* the --help text; '\n' starts another aligned line */
} cli_option;

typedef struct cli_spec {
  const char *cmd;               /* names the command in usage errors */
  const cli_option *options;     /* the command's own, ended by { NULL } */
  const char *positional;        /* "TARGET", "TOPIC"; NULL: the command takes none */
  bool positional_required;      /* "no TARGET given" when it is missing */
  const char *surplus_hint;      /* said after "unexpected argument X", or NULL */
  bool takes_policy;             /* accepts the POLICY options */
  bool takes_command;            /* "-- CMD [ARG...]": the rest is a command */
  const char *dashdash;          /* --help's left column for "--" ("-- CMD [ARG...]") */
  const char *dashdash_help;
  const char *note;              /* a closing line for --help, or NULL */
  /* An argument beginning with '-' that is a positional all the same
   * (explain --user), or NULL. */
  bool (*dash_positional) (const char *arg);
} cli_spec;

/* What cli_parse found besides the command's own options. */
typedef struct cli_args {
  const char *positional;        /* NULL when none was given */
  hb_policy_opts policy;         /* the POLICY options, in the order given */
  bool has_command;              /* "--" was given (takes_command) */
  strv command;                  /* the words after it */
  const cli_spec *spec;          /* for cli_args_clear */
  void *values;
} cli_args;

/* Parse argv[1..argc) (argv[0] is the command's name) for spec: GLOBAL
 * options into g, the command's own options into values (a struct the
 * table's offsets point into, zeroed or holding defaults), the rest into
 * args.  0, or -1 with a usage error (HB_EXIT_USAGE; input errors of the
 * POLICY options keep their own status).  Call cli_args_clear either way. */
int cli_parse (const cli_spec *spec, hb_globals *g, int argc, char **argv, void *values,
               cli_args *args, hb_error **err);
/* Free what cli_parse collected, the CLI_LIST values included. */
void cli_args_clear (cli_args *args);
static inline void
cli_args_clearp (cli_args *args)
{
  cli_args_clear (args);
}
#define cleanup_cli_args __attribute__ ((cleanup (cli_args_clearp)))
/* The --help lines of spec's own options, "--" and note ("" when none);
 * to be freed. */
char *cli_options_help (const cli_spec *spec);

typedef struct hb_command {
  const char *name;
  const char *synopsis;   /* "TARGET [POLICY] [--json]" */
  const char *summary;    /* one line for --help */
  const cli_spec *spec;   /* its options (commands.h) */
  int (*run) (int argc, char **argv, hb_globals *g);
} hb_command;

/* The command table (main.c). */
const hb_command *cli_commands (size_t *n);
const hb_command *cli_command_lookup (const char *name);

/* If argv[*i] is a GLOBAL option, apply it, advance *i, return 1; 0 if not;
 * -1 on a missing value. */
int cli_take_global (hb_globals *g, int argc, char **argv, int *i, hb_error **err);
/* Print "COMMAND --help" for cmd to stdout. */
void cli_print_command_help (const hb_command *cmd);
/* A usage error: "hardenbench: CMD: WHY" + "try 'hardenbench CMD --help'". */
int cli_usage_error (const char *cmd, hb_error **err, const char *fmt, ...)
  __attribute__ ((format (printf, 3, 4)));


/* Trial events as trial and learn print them: JSON lines on stdout, or
 * readable lines on stderr; the last summary event's data is kept. */
typedef struct cli_events {
  bool json;
  json_t *summary;   /* a reference, to json_decref */
} cli_events;
/* An hb_trial_opts.on_event; userdata is a cli_events. */
void cli_print_event (const hb_event *ev, void *userdata);

/* Should output to fp be coloured?  (a terminal, no NO_COLOR, no --no-color) */
bool cli_use_color (const hb_globals *g, int fd);

#endif
