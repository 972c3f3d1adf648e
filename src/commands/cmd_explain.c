/* cmd_explain.c - `hardenbench explain TOPIC` and `explain --list`: the
 * teaching texts of src/audit/explain.h.  An unknown topic exits 5 (not
 * found) with the nearest names. */
#include "config.h"

#include "app/target.h"
#include "audit/explain.h"
#include "commands/commands.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "policy/profile_line.h"
#include "policy/seccomp_profile.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define MAX_MATCHES 8

/* Print s folded at width columns, each line indented by indent spaces. */
static void
print_wrapped (const char *label, const char *s)
{
  const int width = 76, indent = 10;
  printf ("%-*s", indent, label);
  int col = indent;
  const char *p = s;
  while (*p)
    {
      while (*p == ' ')
        p++;
      size_t n = strcspn (p, " ");
      if (n == 0)
        break;
      if (col > indent && col + 1 + (int) n > width)
        {
          printf ("\n%*s", indent, "");
          col = indent;
        }
      else if (col > indent)
        {
          putchar (' ');
          col++;
        }
      fwrite (p, 1, n, stdout);
      col += (int) n;
      p += n;
    }
  putchar ('\n');
}

static void
print_entry (const hb_explanation *e)
{
  printf ("%s (%s)\n", e->topic, e->kind);
  print_wrapped ("what", e->what);
  print_wrapped ("risk", e->risk);
  print_wrapped ("needed", e->needed);
  print_wrapped ("control", e->control);
}

/* Is alias worth listing beside its entry's topic: another syscall of a
 * syscall entry (io_uring_enter beside io_uring_setup), another field of a
 * Kubernetes control (hostPID beside hostNetwork)?  Spellings ("ulimits",
 * "--ulimit") are not. */
static bool
listed_alias (const char *kind, const char *alias)
{
  if (strcmp (kind, "syscall") == 0)
    return hb_syscall_known (alias);
  if (strcmp (kind, "Kubernetes control") != 0)
    return false;
  bool upper = false;
  for (const char *p = alias; *p; p++)
    {
      if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '.'))
        return false;
      upper = upper || (*p >= 'A' && *p <= 'Z');
    }
  return upper;
}

/* One word of the list, folded at 78 columns. */
static void
list_word (const char *word, int *col)
{
  int len = (int) strlen (word);
  if (*col + 1 + len > 78)
    {
      printf ("\n ");
      *col = 1;
    }
  printf (" %s", word);
  *col += 1 + len;
}

/* Every topic by kind; a syscall entry's other syscalls and a Kubernetes
 * control's other fields follow it, so each name one can look up shows. */
static void
print_list (void)
{
  size_t n = hb_explain_count ();
  const char *kind = NULL;
  int col = 0;
  for (size_t i = 0; i < n; i++)
    {
      const hb_explanation *e = hb_explain_at (i);
      if (kind == NULL || strcmp (kind, e->kind) != 0)
        {
          if (kind != NULL)
            putchar ('\n');
          kind = e->kind;
          printf ("%s:\n ", kind);
          col = 1;
        }
      list_word (e->topic, &col);
      cleanup_free char *aliases = xstrdup (hb_explain_aliases_at (i) ? hb_explain_aliases_at (i) : "");
      char *save = NULL;
      for (char *w = strtok_r (aliases, " ", &save); w; w = strtok_r (NULL, " ", &save))
        if (listed_alias (kind, w))
          list_word (w, &col);
    }
  if (kind != NULL)
    putchar ('\n');
}

/* "explain --user": an option's name that is a topic is the topic. */
static bool
is_topic (const char *arg)
{
  return hb_explain_lookup (arg) != NULL;
}

typedef struct explain_values {
  bool list;
} explain_values;

static const cli_option options[] = {
  { .name = "--list", .kind = CLI_FLAG, .offset = offsetof (explain_values, list),
    .help = "list every topic, grouped by kind" },
  { .name = NULL },
};

const cli_spec cmd_explain_spec = {
  .cmd = "explain", .options = options, .positional = "TOPIC",
  .surplus_hint = "one TOPIC at a time", .dashdash = "-- TOPIC",
  .dashdash_help = "a topic that begins with '-' (such as --user)", .dash_positional = is_topic,
};

int
cmd_explain (int argc, char **argv, hb_globals *g)
{
  hb_error *err = NULL;
  explain_values v = { 0 };
  cleanup_cli_args cli_args args = { 0 };
  if (cli_parse (&cmd_explain_spec, g, argc, argv, &v, &args, &err) < 0)
    return hb_error_report (err);
  const char *topic = args.positional;

  if (v.list)
    {
      if (topic != NULL)
        {
          cli_usage_error ("explain", &err, "--list takes no TOPIC");
          return hb_error_report (err);
        }
      print_list ();
      return fflush (stdout) == 0 ? 0 : HB_EXIT_FAILURE;
    }
  if (topic == NULL)
    {
      cli_usage_error ("explain", &err, "no TOPIC given (try 'hardenbench explain --list')");
      return hb_error_report (err);
    }

  /* What "default" seccomp does is this engine's (app/target.h). */
  app_follow_engine_at (&g->engine);
  const hb_explanation *found[MAX_MATCHES];
  size_t n = hb_explain_lookup_all (topic, found, MAX_MATCHES);
  if (n == 0)
    {
      const char *near[5];
      size_t k = hb_explain_suggest (topic, near, 5);
      cleanup_free char *shown = text_sanitize (topic);
      if (k == 0)
        hb_fail (&err, HB_EXIT_NOT_FOUND,
                 "explain: no topic %s (see 'hardenbench explain --list')", shown);
      else
        {
          strv names = { 0 };
          for (size_t i = 0; i < k; i++)
            strv_push (&names, near[i]);
          cleanup_free char *joined = strv_join (&names, ", ");
          strv_clear (&names);
          hb_fail (&err, HB_EXIT_NOT_FOUND, "explain: no topic %s; did you mean: %s", shown,
                   joined);
        }
      return hb_error_report (err);
    }
  if (n > MAX_MATCHES)
    n = MAX_MATCHES;
  bool profile_said = false;
  for (size_t i = 0; i < n; i++)
    {
      if (i > 0)
        putchar ('\n');
      print_entry (found[i]);
      profile_said = profile_said || strstr (found[i]->control, "default seccomp profile");
    }
  const char *note = hb_profile_line_note ();
  if (profile_said && note)
    fprintf (stderr, "hardenbench: note: default seccomp is %s's: %s\n",
             hb_profile_line_label (hb_profile_line_current ()), note);
  return fflush (stdout) == 0 ? 0 : HB_EXIT_FAILURE;
}
