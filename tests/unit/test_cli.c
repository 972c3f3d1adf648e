/* test_cli.c - unit tests of the argument parser every command uses
 * (src/commands/cli.c): each option form, missing and bad values, unknown
 * options with their suggestion, "--", repeated options, positional counts,
 * and the --help lines written from the same table. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "commands/cli.h"
#include "core/cleanup.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

typedef struct values {
  bool json, force;
  const char *output;
  strv publish;
  double timeout;
  long rounds;
} values;

static const cli_option options[] = {
  { .name = "--json", .kind = CLI_FLAG, .offset = offsetof (values, json), .help = "JSON" },
  { .name = "--force", .kind = CLI_FLAG, .offset = offsetof (values, force), .help = "replace" },
  { .name = "--output", .alias = "-o", .kind = CLI_STRING, .offset = offsetof (values, output),
    .metavar = "FILE", .need = "a FILE", .help = "the file\nsecond line" },
  { .name = "--publish", .alias = "-p", .kind = CLI_LIST, .offset = offsetof (values, publish),
    .metavar = "[IP:]HOST:CONT", .need = "HOST:CONT", .help = "forward a port; repeatable" },
  { .name = "--timeout", .kind = CLI_SECONDS, .offset = offsetof (values, timeout),
    .metavar = "SEC", .need = "SECONDS", .help = "stop after SEC" },
  { .name = "--rounds", .kind = CLI_INT, .offset = offsetof (values, rounds), .metavar = "N",
    .need = "a number from 0 to 20", .min = 0, .max = 20, .help = "rounds" },
  { .name = NULL },
};

/* A command shaped like trial: TARGET, POLICY, -- CMD. */
static const cli_spec run_spec = {
  .cmd = "run", .options = options, .positional = "TARGET", .positional_required = true,
  .surplus_hint = "give the command after --", .takes_policy = true, .takes_command = true,
  .dashdash = "-- CMD [ARG...]", .dashdash_help = "the command", .note = "A closing note.",
};

static bool
is_dash_topic (const char *arg)
{
  return strcmp (arg, "--user") == 0;
}

/* A command shaped like explain: an optional TOPIC, no POLICY, no command. */
static const cli_spec topic_spec = {
  .cmd = "topic", .options = options, .positional = "TOPIC",
  .surplus_hint = "one TOPIC at a time", .dash_positional = is_dash_topic,
};

/* A command shaped like list: no positional at all. */
static const cli_spec bare_spec = { .cmd = "bare", .options = options };

typedef struct run {
  hb_globals g;
  values v;
  cli_args args;
  hb_error *err;
  int r;
  char *argv[32];   /* copies of the words: results point into them */
} run;

/* Parse the NULL-terminated words (the command's name first). */
static void
parse (run *t, const cli_spec *spec, ...)
{
  int argc = 0;
  memset (t, 0, sizeof *t);
  va_list ap;
  va_start (ap, spec);
  for (const char *w; (w = va_arg (ap, const char *)) != NULL && argc < 31;)
    t->argv[argc++] = xstrdup (w);
  va_end (ap);
  t->v.rounds = 3;
  t->r = cli_parse (spec, &t->g, argc, t->argv, &t->v, &t->args, &t->err);
}

static void
done (run *t)
{
  cli_args_clear (&t->args);
  hb_error_free (t->err);
  t->err = NULL;
  for (size_t i = 0; i < sizeof t->argv / sizeof t->argv[0]; i++)
    {
      free (t->argv[i]);
      t->argv[i] = NULL;
    }
}

/* The parse failed as a usage error whose message contains want. */
static void
assert_usage (run *t, const char *want)
{
  assert_int_equal (t->r, -1);
  assert_non_null (t->err);
  assert_int_equal (t->err->status, HB_EXIT_USAGE);
  if (strstr (t->err->msg, want) == NULL)
    fail_msg ("message \"%s\" lacks \"%s\"", t->err->msg, want);
  done (t);
}

static void
test_value_forms (void **state)
{
  run t;
  parse (&t, &run_spec, "run", "tgt", "--output", "a", NULL);
  assert_int_equal (t.r, 0);
  assert_string_equal (t.v.output, "a");
  assert_string_equal (t.args.positional, "tgt");
  done (&t);

  parse (&t, &run_spec, "run", "--output=b", "tgt", NULL);
  assert_int_equal (t.r, 0);
  assert_string_equal (t.v.output, "b");
  assert_string_equal (t.args.positional, "tgt");
  done (&t);

  /* The short alias takes its value from the next word, which may begin
   * with '-' (a value is a value). */
  parse (&t, &run_spec, "run", "-o", "-dash", "tgt", NULL);
  assert_int_equal (t.r, 0);
  assert_string_equal (t.v.output, "-dash");
  done (&t);

  /* A value may hold '=' itself. */
  parse (&t, &run_spec, "run", "tgt", "--output=k=v", NULL);
  assert_int_equal (t.r, 0);
  assert_string_equal (t.v.output, "k=v");
  done (&t);

  parse (&t, &run_spec, "run", "tgt", "--json", "--timeout", "2.5", "--rounds=0", NULL);
  assert_int_equal (t.r, 0);
  assert_true (t.v.json);
  assert_false (t.v.force);
  assert_true (t.v.timeout > 2.49 && t.v.timeout < 2.51);
  assert_int_equal (t.v.rounds, 0);
  done (&t);

  /* Untouched values keep the defaults the command put there. */
  parse (&t, &run_spec, "run", "tgt", NULL);
  assert_int_equal (t.r, 0);
  assert_int_equal (t.v.rounds, 3);
  assert_null (t.v.output);
  assert_false (t.args.has_command);
  done (&t);
}

static void
test_missing_and_bad_values (void **state)
{
  run t;
  parse (&t, &run_spec, "run", "tgt", "--output", NULL);
  assert_usage (&t, "run: --output needs a FILE (see 'hardenbench run --help')");
  parse (&t, &run_spec, "run", "tgt", "-o", NULL);
  assert_usage (&t, "--output needs a FILE");
  parse (&t, &run_spec, "run", "tgt", "--output=", NULL);
  assert_usage (&t, "--output needs a FILE");
  parse (&t, &run_spec, "run", "tgt", "-p", "", NULL);
  assert_usage (&t, "--publish needs HOST:CONT");
  parse (&t, &run_spec, "run", "tgt", "--timeout", NULL);
  assert_usage (&t, "--timeout needs SECONDS");
  parse (&t, &run_spec, "run", "tgt", "--timeout=abc", NULL);
  assert_usage (&t, "--timeout abc: needs a number of seconds > 0");
  parse (&t, &run_spec, "run", "tgt", "--timeout", "0", NULL);
  assert_usage (&t, "--timeout 0: needs a number of seconds > 0");
  parse (&t, &run_spec, "run", "tgt", "--timeout", "inf", NULL);
  assert_usage (&t, "--timeout inf:");
  parse (&t, &run_spec, "run", "tgt", "--rounds", "21", NULL);
  assert_usage (&t, "--rounds 21: needs a number from 0 to 20");
  parse (&t, &run_spec, "run", "tgt", "--rounds=-1", NULL);
  assert_usage (&t, "--rounds -1: needs a number from 0 to 20");
  parse (&t, &run_spec, "run", "tgt", "--rounds", "2x", NULL);
  assert_usage (&t, "--rounds 2x:");
  /* A POLICY option keeps its own message. */
  parse (&t, &run_spec, "run", "tgt", "--tmpfs", NULL);
  assert_usage (&t, "--tmpfs needs a value: --tmpfs PATH[:OPTS]");
  /* So does a GLOBAL one. */
  parse (&t, &run_spec, "run", "tgt", "--engine", NULL);
  assert_usage (&t, "--engine needs a value");
}

static void
test_unknown_option_suggestion (void **state)
{
  run t;
  parse (&t, &run_spec, "run", "tgt", "--josn", NULL);
  assert_usage (&t, "run: unknown option --josn; did you mean --json? (see 'hardenbench run --help')");
  /* The POLICY and GLOBAL options are suggested too. */
  parse (&t, &run_spec, "run", "tgt", "--tmpf", "/x", NULL);
  assert_usage (&t, "unknown option --tmpf; did you mean --tmpfs?");
  parse (&t, &run_spec, "run", "tgt", "--no-colour-x", NULL);
  assert_usage (&t, "did you mean --no-color?");
  parse (&t, &run_spec, "run", "tgt", "--hlep", NULL);
  assert_usage (&t, "did you mean --help?");
  /* A flag given a value is not that flag; the suggestion shows it. */
  parse (&t, &run_spec, "run", "tgt", "--json=1", NULL);
  assert_usage (&t, "unknown option --json=1; did you mean --json?");
  /* Nothing near: no guess. */
  parse (&t, &run_spec, "run", "tgt", "--frobnicate", NULL);
  assert_usage (&t, "run: unknown option --frobnicate (see");
  parse (&t, &run_spec, "run", "tgt", "--bogus", NULL);
  assert_usage (&t, "unknown option --bogus (see");
  parse (&t, &run_spec, "run", "tgt", "-x", NULL);
  assert_usage (&t, "unknown option -x (see");
  /* A command without POLICY options does not suggest them. */
  parse (&t, &bare_spec, "bare", "--tmpf", NULL);
  assert_usage (&t, "unknown option --tmpf (see");
}

static void
test_dashdash (void **state)
{
  run t;
  /* After "--" every word is the command, options included. */
  parse (&t, &run_spec, "run", "tgt", "--json", "--", "sh", "-c", "--json", NULL);
  assert_int_equal (t.r, 0);
  assert_true (t.v.json);
  assert_true (t.args.has_command);
  assert_int_equal (t.args.command.n, 3);
  assert_string_equal (t.args.command.v[0], "sh");
  assert_string_equal (t.args.command.v[2], "--json");
  done (&t);

  /* TARGET may not come after "--": the words there are the command. */
  parse (&t, &run_spec, "run", "--", "sh", NULL);
  assert_usage (&t, "no TARGET given");

  parse (&t, &run_spec, "run", "tgt", "--", NULL);
  assert_usage (&t, "run: no command after --");

  /* A command that runs none: "--" ends the options, the rest are
   * positionals even when they begin with '-'. */
  parse (&t, &topic_spec, "topic", "--", "--list-like", NULL);
  assert_int_equal (t.r, 0);
  assert_string_equal (t.args.positional, "--list-like");
  assert_false (t.args.has_command);
  done (&t);

  parse (&t, &topic_spec, "topic", "--", "a", "b", NULL);
  assert_usage (&t, "unexpected argument b (one TOPIC at a time)");

  /* GLOBAL options are not looked for after "--". */
  parse (&t, &topic_spec, "topic", "--", "--no-color", NULL);
  assert_int_equal (t.r, 0);
  assert_false (t.g.no_color);
  assert_string_equal (t.args.positional, "--no-color");
  done (&t);
}

static void
test_repeated_options (void **state)
{
  run t;
  parse (&t, &run_spec, "run", "-p", "80:80", "tgt", "--publish=1:2", "--publish", "3:4", "--output",
         "first", "-o", "last", "--json", "--json", "--timeout", "9", "--timeout=1", NULL);
  assert_int_equal (t.r, 0);
  assert_int_equal (t.v.publish.n, 3);
  assert_string_equal (t.v.publish.v[0], "80:80");
  assert_string_equal (t.v.publish.v[1], "1:2");
  assert_string_equal (t.v.publish.v[2], "3:4");
  assert_string_equal (t.v.output, "last");
  assert_true (t.v.json);
  assert_true (t.v.timeout > 0.99 && t.v.timeout < 1.01);
  done (&t);
  /* cli_args_clear freed the list. */
  assert_int_equal (t.v.publish.n, 0);

  /* POLICY options are kept, in the order given, for the effective policy. */
  parse (&t, &run_spec, "run", "--cap-drop", "ALL", "tgt", "--read-only", "--cap-add=CHOWN",
         "--cap-drop", "NET_RAW", NULL);
  assert_int_equal (t.r, 0);
  assert_int_equal (t.args.policy.n, 4);
  assert_string_equal (t.args.policy.v[0].name, "--cap-drop");
  assert_string_equal (t.args.policy.v[0].value, "ALL");
  assert_string_equal (t.args.policy.v[1].name, "--read-only");
  assert_null (t.args.policy.v[1].value);
  assert_string_equal (t.args.policy.v[2].value, "CHOWN");
  assert_string_equal (t.args.policy.v[3].value, "NET_RAW");
  done (&t);
}

static void
test_globals_anywhere (void **state)
{
  run t;
  parse (&t, &run_spec, "run", "tgt", "--engine=unix:///x.sock", "--no-color", "--theme", "dark",
         NULL);
  assert_int_equal (t.r, 0);
  assert_string_equal (t.g.engine.url, "unix:///x.sock");
  assert_string_equal (t.g.theme, "dark");
  assert_true (t.g.no_color);
  done (&t);
}

static void
test_positional_counts (void **state)
{
  run t;
  parse (&t, &run_spec, "run", "--json", NULL);
  assert_usage (&t, "run: no TARGET given (see 'hardenbench run --help')");
  parse (&t, &run_spec, "run", "a", "b", NULL);
  assert_usage (&t, "run: unexpected argument b (give the command after --)");
  /* "-" alone is a positional (standard input), not an option. */
  parse (&t, &run_spec, "run", "-", NULL);
  assert_int_equal (t.r, 0);
  assert_string_equal (t.args.positional, "-");
  done (&t);

  /* An optional positional may be missing. */
  parse (&t, &topic_spec, "topic", "--json", NULL);
  assert_int_equal (t.r, 0);
  assert_null (t.args.positional);
  done (&t);
  /* The command's own test: a dash word that is a topic is the topic. */
  parse (&t, &topic_spec, "topic", "--user", NULL);
  assert_int_equal (t.r, 0);
  assert_string_equal (t.args.positional, "--user");
  done (&t);
  parse (&t, &topic_spec, "topic", "--usr", NULL);
  assert_usage (&t, "unknown option --usr");

  parse (&t, &bare_spec, "bare", "x", NULL);
  assert_usage (&t, "bare: unexpected argument x (see");
  parse (&t, &bare_spec, "bare", "--force", NULL);
  assert_int_equal (t.r, 0);
  assert_true (t.v.force);
  done (&t);
}

static void
test_help_from_table (void **state)
{
  cleanup_free char *help = cli_options_help (&run_spec);
  const char *want = "  --json              JSON\n"
                     "  --force             replace\n"
                     "  -o, --output FILE   the file\n"
                     "                      second line\n"
                     "  -p, --publish [IP:]HOST:CONT\n"
                     "                      forward a port; repeatable\n"
                     "  --timeout SEC       stop after SEC\n"
                     "  --rounds N          rounds\n"
                     "  -- CMD [ARG...]     the command\n"
                     "A closing note.\n";
  assert_string_equal (help, want);
  static const cli_spec empty = { .cmd = "empty" };
  cleanup_free char *none = cli_options_help (&empty);
  assert_string_equal (none, "");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_value_forms),
    cmocka_unit_test (test_missing_and_bad_values),
    cmocka_unit_test (test_unknown_option_suggestion),
    cmocka_unit_test (test_dashdash),
    cmocka_unit_test (test_repeated_options),
    cmocka_unit_test (test_globals_anywhere),
    cmocka_unit_test (test_positional_counts),
    cmocka_unit_test (test_help_from_table),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
