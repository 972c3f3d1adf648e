/* test_tui_model.c - the workbench's model driven without a terminal:
 * themes, the action/key table and help, the line editor, the trial event
 * log (coalescing, sanitising, suggestions), targets and the filter, policy
 * edits through actions with the audit following, dirty tracking, saving and
 * reloading per target, the quit question, OSC 52; and issue 20's items:
 * exact and prefix matches first, sorting, engine rows replaced on reload,
 * ^C, plurals, perm events and the event detail, audit fixes, path
 * completion inside the target's root, word wrapping. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "app/saved_policy.h"
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/xalloc.h"
#include "policy/capabilities.h"
#include "tui/draw.h"
#include "tui/eventlog.h"
#include "tui/keys.h"
#include "tui/lineedit.h"
#include "tui/model.h"
#include "tui/theme.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* --- themes ------------------------------------------------------------------ */

static char *
read_src (const char *rel)
{
  cleanup_free char *path = xasprintf ("%s/%s", HB_ABS_SRCDIR, rel);
  hb_error *err = NULL;
  char *text = file_read_all (path, 1 << 20, NULL, HB_EXIT_INPUT, &err);
  assert_non_null (text);
  return text;
}

static void
test_compiled_themes_match_files (void **state)
{
  cleanup_free char *def = read_src ("themes/default.theme");
  cleanup_free char *mono = read_src ("themes/mono.theme");
  assert_string_equal (tui_theme_default_text (), def);
  assert_string_equal (tui_theme_mono_text (), mono);
}

static void
test_every_theme_sets_every_role (void **state)
{
  const char *names[] = { "themes/default.theme", "themes/light.theme",
                          "themes/high-contrast.theme", "themes/mono.theme" };
  for (size_t i = 0; i < 4; i++)
    {
      cleanup_free char *text = read_src (names[i]);
      tui_theme t = { 0 };
      hb_error *err = NULL;
      assert_int_equal (tui_theme_parse (&t, text, names[i], &err), 0);
      for (int r = 0; r < TUI_ROLE_COUNT; r++)
        if (!t.styles[r].set)
          fail_msg ("%s does not set role %s", names[i], tui_role_name ((tui_role) r));
      tui_theme_clear (&t);
    }
}

static void
test_theme_parse_values_and_errors (void **state)
{
  tui_theme t = { 0 };
  hb_error *err = NULL;
  assert_int_equal (tui_theme_parse (&t, "# c\n denied = bright-red 236 bold underline\n", "x", &err), 0);
  assert_int_equal (t.styles[TUI_ROLE_DENIED].fg, 9);
  assert_int_equal (t.styles[TUI_ROLE_DENIED].bg, 236);
  assert_int_equal (t.styles[TUI_ROLE_DENIED].attrs, TUI_A_BOLD | TUI_A_UNDERLINE);
  assert_int_equal (tui_theme_parse (&t, "normal = default default\nbogus = red red\n", "f.theme", &err), -1);
  assert_int_equal (err->status, HB_EXIT_INPUT);
  assert_non_null (strstr (err->msg, "f.theme:2"));
  assert_non_null (strstr (err->msg, "bogus"));
  hb_error_free (err);
  err = NULL;
  assert_int_equal (tui_theme_parse (&t, "hint = purple default\n", "f", &err), -1);
  assert_non_null (strstr (err->msg, "purple"));
  hb_error_free (err);
  err = NULL;
  assert_int_equal (tui_theme_parse (&t, "hint = red default blink\n", "f", &err), -1);
  hb_error_free (err);
  err = NULL;
  assert_int_equal (tui_theme_load (&t, "no-such-theme", &err), -1);
  assert_non_null (strstr (err->msg, "no-such-theme"));
  hb_error_free (err);
  err = NULL;
  assert_int_equal (tui_theme_load (&t, "../etc", &err), -1);
  hb_error_free (err);
  tui_theme_clear (&t);
}

/* --- actions, keys, help -------------------------------------------------------- */

static void
test_key_table_and_help_agree (void **state)
{
  assert_int_equal (tui_key_action ('q'), TUI_ACT_QUIT);
  assert_int_equal (tui_key_action ('j'), TUI_ACT_DOWN);
  assert_int_equal (tui_key_action (KEY_DOWN), TUI_ACT_DOWN);
  assert_int_equal (tui_key_action ('\t'), TUI_ACT_NEXT_PANE);
  assert_int_equal (tui_key_action ('\r'), TUI_ACT_EDIT);
  assert_int_equal (tui_key_action ('Z'), TUI_ACT_NONE);
  size_t n = tui_help_line_count ();
  for (int a = TUI_ACT_NONE + 1; a < TUI_ACT_COUNT; a++)
    {
      const char *keys = tui_action_keys ((tui_action) a);
      assert_true (strlen (keys) > 0);
      bool found = false;
      for (size_t i = 0; i < n; i++)
        {
          const char *line = tui_help_line (i);
          if (strstr (line, tui_action_description ((tui_action) a)) && strstr (line, keys))
            found = true;
        }
      if (!found)
        fail_msg ("action %s is not in the help", tui_action_name ((tui_action) a));
    }
  assert_null (tui_help_line (n));
  /* every default key maps back to an action */
  int codes[] = { 'k', 'j', 'h', 'l', 'g', 'G', ' ', '\n', 'a', 'x', 'D', 'R', 't', 's', 'p',
                  'A', 'e', 'w', 'c', '/', '?', 'q', 27, '\t' };
  for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
    assert_int_not_equal (tui_key_action (codes[i]), TUI_ACT_NONE);
}

/* --- line editor ---------------------------------------------------------------- */

static void
test_line_editor_utf8 (void **state)
{
  tui_line l;
  tui_line_set (&l, "ab");
  assert_true (tui_line_insert (&l, "\xc3\xa9"));   /* é */
  assert_string_equal (l.buf, "ab\xc3\xa9");
  assert_true (tui_line_left (&l));
  assert_int_equal (l.cursor, 2);
  assert_true (tui_line_insert (&l, "X"));
  assert_string_equal (l.buf, "abX\xc3\xa9");
  tui_line_end (&l);
  assert_true (tui_line_backspace (&l));
  assert_string_equal (l.buf, "abX");
  assert_false (tui_line_insert (&l, "\x1b[31m"));
  tui_line_set (&l, "deny chmod");
  assert_true (tui_line_kill_word (&l));
  assert_string_equal (l.buf, "deny ");
}

/* --- event log ------------------------------------------------------------------ */

static void
test_eventlog_coalesces_and_sanitises (void **state)
{
  tui_eventlog log;
  tui_eventlog_init (&log);
  char sh[] = "sh", openat[] = "openat", path1[] = "/data/x", path2[] = "/etc/\x1b[2Jevil";
  char stdout_name[] = "stdout";
  hb_event ev = { .kind = HB_EV_WRITE_DENIED, .pid = 7, .comm = sh,
                  .syscall = openat, .path = path1, .errnum = 30 };
  for (int i = 0; i < 1234; i++)
    tui_eventlog_add (&log, &ev);
  hb_event other = ev;
  other.path = path2;
  tui_eventlog_add (&log, &other);
  assert_int_equal (log.n, 2);
  assert_int_equal (log.rows[0].count, 1234);
  assert_non_null (strstr (log.rows[0].text, "/data/x"));
  assert_non_null (strstr (log.rows[0].text, "EROFS"));
  assert_null (strchr (log.rows[1].text, '\x1b'));
  assert_int_equal (log.denied_writes, 1235);
  assert_string_equal (log.rows[0].topic, "openat");
  /* suggestions appear while the trial runs: the denied file's directory,
   * never /etc */
  assert_int_equal (log.n_suggestions, 1);
  assert_int_equal (log.suggestions[0].kind, TUI_SUGGEST_TMPFS);
  assert_string_equal (log.suggestions[0].value, "/data");
  assert_int_equal (tui_event_role (HB_EV_WRITE_DENIED), TUI_ROLE_DENIED);
  assert_int_equal (tui_event_role (HB_EV_OUTPUT), TUI_ROLE_OUTPUT);

  /* many distinct rows keep their counts (the index grows) */
  for (int i = 0; i < 3000; i++)
    {
      char line[32];
      snprintf (line, sizeof line, "line %d", i % 1500);
      hb_event out = { .kind = HB_EV_OUTPUT, .stream = stdout_name, .line = line };
      tui_eventlog_add (&log, &out);
    }
  assert_int_equal (log.n, 2 + 1500);
  assert_int_equal (log.rows[2].count, 2);
  assert_int_equal (log.output_lines, 3000);

  json_t *sum = json_pack ("{s:i, s:{s:[s], s:[s], s:[]}}", "exit_status", 1, "suggestions",
                           "tmpfs", "/data", "allow_syscalls", "chmod", "cap_add");
  hb_event s = { .kind = HB_EV_SUMMARY, .data = sum };
  tui_eventlog_add (&log, &s);
  json_decref (sum);
  assert_true (log.ended);
  assert_int_equal (log.exit_status, 1);
  assert_int_equal (log.n_suggestions, 2);
  assert_int_equal (log.suggestions[0].kind, TUI_SUGGEST_TMPFS);
  assert_string_equal (log.suggestions[0].value, "/data");
  assert_false (tui_eventlog_suggest (&log, TUI_SUGGEST_TMPFS, "/data"));
  cleanup_free char *label = tui_suggestion_label (&log.suggestions[1]);
  assert_string_equal (label, "allow syscall chmod");
  tui_eventlog_clear (&log);
  assert_int_equal (log.n, 0);
}

/* --- model --------------------------------------------------------------------- */

static char tmpdir[] = "/tmp/hbt-tui-unit-XXXXXX";

static int
setup_dirs (void **state)
{
  if (mkdtemp (tmpdir) == NULL)
    return -1;
  cleanup_free char *cfg = xasprintf ("%s/config", tmpdir);
  setenv ("XDG_CONFIG_HOME", cfg, 1);
  cleanup_free char *root = xasprintf ("%s/rootfs/etc", tmpdir);
  hb_error *err = NULL;
  if (mkdir_p (root, 0755, &err) < 0)
    return -1;
  cleanup_free char *passwd = xasprintf ("%s/passwd", root);
  const char *pw = "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n";
  return file_write_atomic (passwd, pw, strlen (pw), true, 0644, &err);
}

static int
teardown_dirs (void **state)
{
  hb_error *err = NULL;
  rm_rf (tmpdir, &err);
  hb_error_free (err);
  return 0;
}

static void
open_rootfs (tui_model *m)
{
  tui_model_init (m, NULL);
  cleanup_free char *dir = xasprintf ("%s/rootfs", tmpdir);
  hb_error *err = NULL;
  hb_target *t = hb_target_from_dir (dir, &err);
  assert_non_null (t);
  tui_model_take_target (m, t);
}

static void
test_filter_as_you_type (void **state)
{
  tui_model m;
  tui_model_init (&m, NULL);
  tui_model_add_target (&m, HB_TARGET_CONTAINER, "web", "web", "nginx:1.25", "running", "rw");
  tui_model_add_target (&m, HB_TARGET_CONTAINER, "db", "db", "postgres:16", "exited", "RO");
  tui_model_add_target (&m, HB_TARGET_ROOTFS, "/srv/app", "/srv/app", NULL, NULL, "rootfs");
  assert_int_equal (m.n_shown, 3);
  assert_true (tui_model_action (&m, TUI_ACT_FILTER) & TUI_REDRAW);
  assert_int_equal (m.prompt, TUI_PROMPT_FILTER);
  tui_model_type (&m, "p");
  assert_int_equal (m.n_shown, 2);   /* postgres, /srv/app */
  tui_model_type (&m, "o");
  assert_int_equal (m.n_shown, 1);
  assert_string_equal (m.targets[m.shown[0]].name, "db");
  tui_model_prompt_key (&m, TUI_PK_BACKSPACE);
  assert_int_equal (m.n_shown, 2);
  tui_model_action (&m, TUI_ACT_BACK);   /* Esc clears the filter */
  assert_int_equal (m.prompt, TUI_PROMPT_NONE);
  assert_int_equal (m.n_shown, 3);
  /* names from an engine are sanitised */
  tui_model_add_target (&m, HB_TARGET_CONTAINER, "evil", "ev\x1b]0;x\ail", NULL, NULL, NULL);
  assert_null (strchr (m.targets[3].name, '\x1b'));
  assert_int_equal (tui_model_action (&m, TUI_ACT_QUIT) & TUI_QUIT, TUI_QUIT);
  tui_model_clear (&m);
}

static size_t
find_row (const tui_model *m, tui_row_op op, const char *label)
{
  for (size_t i = 0; i < m->n_rows; i++)
    if (m->rows[i].op == op && (label == NULL || strcmp (m->rows[i].label, label) == 0))
      return i;
  fail_msg ("no row op %d %s", op, label ? label : "");
  return 0;
}

static void
test_edits_follow_the_audit_and_dirty_state (void **state)
{
  tui_model m;
  open_rootfs (&m);
  assert_int_equal (m.screen, TUI_SCREEN_BENCH);
  assert_false (tui_model_dirty (&m));
  int pass0 = m.audit.pass;
  size_t ro = find_row (&m, TUI_OP_READ_ONLY, NULL);
  assert_false (m.rows[ro].checked);
  m.rows_list[m.section].sel = ro;
  tui_model_action (&m, TUI_ACT_TOGGLE);
  assert_true (m.policy->read_only_root);
  assert_true (m.rows[find_row (&m, TUI_OP_READ_ONLY, NULL)].checked);
  assert_true (m.audit.pass > pass0);
  assert_true (tui_model_dirty (&m));

  /* capabilities: toggle one, drop all, Docker default */
  tui_model_action (&m, TUI_ACT_RIGHT);
  assert_int_equal (m.section, TUI_SEC_CAPS);
  size_t chown = find_row (&m, TUI_OP_CAP, "CHOWN");
  assert_true (m.rows[chown].checked);
  assert_true (m.rows[chown].marked);
  m.rows_list[m.section].sel = chown;
  tui_model_action (&m, TUI_ACT_TOGGLE);
  assert_false (hb_policy_cap_enabled (m.policy, "CHOWN"));
  tui_model_action (&m, TUI_ACT_DROP_ALL);
  size_t n;
  const hb_capability *caps = hb_cap_table (&n);
  assert_int_equal (n, HB_CAP_COUNT);
  for (size_t i = 0; i < n; i++)
    assert_false (hb_policy_cap_enabled (m.policy, caps[i].name));
  tui_model_action (&m, TUI_ACT_DOCKER_DEFAULT);
  assert_true (hb_policy_cap_enabled (m.policy, "CHOWN"));
  assert_false (hb_policy_cap_enabled (m.policy, "SYS_ADMIN"));

  /* a tmpfs through the prompt, then removed */
  tui_model_action (&m, TUI_ACT_LEFT);
  assert_int_equal (m.section, TUI_SEC_FS);
  tui_model_action (&m, TUI_ACT_ADD);
  assert_int_equal (m.prompt, TUI_PROMPT_ADD_TMPFS);
  for (const char *c = "/run:size=1m"; *c; c++)
    {
      char s[2] = { *c, 0 };
      tui_model_type (&m, s);
    }
  tui_model_action (&m, TUI_ACT_EDIT);
  assert_int_equal (m.policy->n_tmpfs, 1);
  assert_string_equal (m.policy->tmpfs[0].path, "/run");
  m.rows_list[m.section].sel = find_row (&m, TUI_OP_TMPFS, NULL);
  tui_model_action (&m, TUI_ACT_REMOVE);
  assert_int_equal (m.policy->n_tmpfs, 0);

  /* a bad value is refused: the prompt stays open with the text and the
   * error, the policy unchanged; Esc then closes it */
  tui_model_action (&m, TUI_ACT_ADD);
  for (const char *c = "/tmp:size=abc"; *c; c++)
    {
      char s[2] = { *c, 0 };
      tui_model_type (&m, s);
    }
  tui_model_action (&m, TUI_ACT_EDIT);
  assert_int_equal (m.policy->n_tmpfs, 0);
  assert_int_equal (m.prompt, TUI_PROMPT_ADD_TMPFS);
  assert_string_equal (m.line.buf, "/tmp:size=abc");
  assert_non_null (m.prompt_error);
  assert_non_null (strstr (m.prompt_error, "size"));
  tui_model_action (&m, TUI_ACT_BACK);
  assert_int_equal (m.prompt, TUI_PROMPT_NONE);
  assert_null (m.prompt_error);
  tui_model_action (&m, TUI_ACT_ADD);
  tui_model_type (&m, "r");
  tui_model_action (&m, TUI_ACT_EDIT);
  assert_int_equal (m.policy->n_tmpfs, 0);
  assert_int_equal (m.prompt, TUI_PROMPT_ADD_TMPFS);
  assert_non_null (m.prompt_error);
  tui_model_action (&m, TUI_ACT_BACK);

  /* seccomp: deny with errno name, completion */
  m.section = TUI_SEC_SECCOMP;
  tui_model_refresh (&m);
  tui_model_action (&m, TUI_ACT_ADD);
  assert_int_equal (m.prompt, TUI_PROMPT_DENY);
  for (const char *c = "chmo"; *c; c++)
    {
      char s[2] = { *c, 0 };
      tui_model_type (&m, s);
    }
  char *title = NULL;
  strv paras = { 0 };
  tui_model_explanation (&m, &title, &paras);
  assert_non_null (strstr (title, "chmo"));
  assert_non_null (strstr (paras.v[0], "chmod"));
  free (title);
  strv_clear (&paras);
  tui_model_prompt_key (&m, TUI_PK_COMPLETE);
  assert_string_equal (m.line.buf, "chmod");
  tui_model_type (&m, ":");
  tui_model_type (&m, "E");
  tui_model_type (&m, "A");
  tui_model_type (&m, "C");
  tui_model_type (&m, "C");
  tui_model_type (&m, "E");
  tui_model_type (&m, "S");
  tui_model_action (&m, TUI_ACT_EDIT);
  if (m.policy->n_seccomp_rules != 1) fail_msg ("%s", m.status);
  assert_int_equal (m.policy->seccomp_rules[0].errno_ret, 13);

  /* user picker from the target's passwd */
  m.section = TUI_SEC_USER;
  tui_model_refresh (&m);
  m.rows_list[m.section].sel = find_row (&m, TUI_OP_USER, NULL);
  tui_model_action (&m, TUI_ACT_EDIT);
  assert_int_equal (m.overlay, TUI_OVERLAY_USERS);
  assert_int_equal (m.n_users, 2);
  tui_model_action (&m, TUI_ACT_DOWN);
  tui_model_action (&m, TUI_ACT_DOWN);   /* app */
  tui_model_action (&m, TUI_ACT_EDIT);
  assert_string_equal (m.policy->user, "1000:1000");

  /* quit asks about the unsaved changes; n quits without saving */
  assert_int_equal (tui_model_action (&m, TUI_ACT_QUIT) & TUI_QUIT, 0);
  assert_int_equal (m.prompt, TUI_PROMPT_CONFIRM_QUIT);
  assert_int_equal (tui_model_type (&m, "c") & TUI_QUIT, 0);
  assert_int_equal (m.prompt, TUI_PROMPT_NONE);
  tui_model_action (&m, TUI_ACT_QUIT);
  assert_int_equal (tui_model_type (&m, "n") & TUI_QUIT, TUI_QUIT);
  struct stat st;
  assert_int_not_equal (stat (m.policy_file, &st), 0);
  tui_model_clear (&m);
}

static void
test_save_and_reload_per_target (void **state)
{
  tui_model m;
  open_rootfs (&m);
  m.policy->read_only_root = true;
  hb_policy_cap_drop (m.policy, "ALL", NULL);
  tui_model_refresh (&m);
  assert_true (tui_model_dirty (&m));
  /* quitting with y saves */
  tui_model_action (&m, TUI_ACT_QUIT);
  assert_int_equal (tui_model_type (&m, "y") & TUI_QUIT, TUI_QUIT);
  assert_false (tui_model_dirty (&m));
  cleanup_free char *file = xstrdup (m.policy_file);
  assert_non_null (strstr (file, "/config/hardenbench/policies/"));
  struct stat st;
  assert_int_equal (stat (file, &st), 0);
  tui_model_clear (&m);

  open_rootfs (&m);
  if (!m.policy->read_only_root)
    fail_msg ("not reloaded: %s", m.status ? m.status : "(no status)");
  assert_false (hb_policy_cap_enabled (m.policy, "CHOWN"));
  assert_false (tui_model_dirty (&m));
  tui_model_clear (&m);
  unlink (file);
}

static void
test_policy_file_names (void **state)
{
  cleanup_free char *a = app_saved_policy_path ("/srv/my app/rootfs");
  assert_non_null (strstr (a, "/policies/srv_my_app_rootfs.json"));
  cleanup_free char *b = app_saved_policy_path ("../../etc/passwd");
  const char *base = strstr (b, "/policies/") + strlen ("/policies/");
  assert_null (strchr (base, '/'));
  assert_int_not_equal (base[0], '.');
  cleanup_free char *c = app_saved_policy_path ("web");
  assert_non_null (strstr (c, "/policies/web.json"));
}

static void
test_osc52 (void **state)
{
  cleanup_free char *a = tui_osc52 ("hello");
  assert_string_equal (a, "\033]52;c;aGVsbG8=\a");
  cleanup_free char *b = tui_osc52 ("ab");
  assert_string_equal (b, "\033]52;c;YWI=\a");
  cleanup_free char *c = tui_osc52 ("abc");
  assert_string_equal (c, "\033]52;c;YWJj\a");
}

static void
test_clicks_select_then_toggle (void **state)
{
  tui_model m;
  open_rootfs (&m);
  size_t ro = find_row (&m, TUI_OP_READ_ONLY, NULL);
  size_t add = find_row (&m, TUI_OP_ADD_TMPFS, NULL);
  m.rows_list[m.section].sel = add;
  /* a first click selects, a second toggles */
  assert_true (tui_model_click (&m, TUI_HIT_ROW, ro) & TUI_REDRAW);
  assert_int_equal (m.rows_list[m.section].sel, ro);
  assert_false (m.policy->read_only_root);
  tui_model_click (&m, TUI_HIT_ROW, ro);
  assert_true (m.policy->read_only_root);
  /* headings and rows past the end are not clickable */
  assert_int_equal (tui_model_click (&m, TUI_HIT_ROW, 0), TUI_IGNORED);
  assert_int_equal (tui_model_click (&m, TUI_HIT_ROW, 999), TUI_IGNORED);
  /* a tab click switches the section */
  tui_model_click (&m, TUI_HIT_TAB, TUI_SEC_CAPS);
  assert_int_equal (m.section, TUI_SEC_CAPS);
  size_t n;
  hb_cap_table (&n);
  assert_int_equal (m.n_rows, n + 1);
  tui_model_clear (&m);
}

static void
test_lists_scroll_and_clamp (void **state)
{
  tui_list l = { .height = 5 };
  tui_list_move (&l, 12, 20);
  assert_int_equal (l.sel, 12);
  assert_int_equal (l.top, 8);
  tui_list_move (&l, 100, 20);
  assert_int_equal (l.sel, 19);
  assert_int_equal (l.top, 15);
  tui_list_move (&l, -100, 20);
  assert_int_equal (l.sel, 0);
  assert_int_equal (l.top, 0);
  tui_list_clamp (&l, 0);
  assert_int_equal (l.sel, 0);
}


/* --- issue 20: the workbench a newcomer meets ------------------------------------ */

static size_t
shown_index (const tui_model *m, const char *name)
{
  for (size_t i = 0; i < m->n_shown; i++)
    if (strcmp (m->targets[m->shown[i]].name, name) == 0)
      return i;
  fail_msg ("%s is not shown", name);
  return 0;
}

static void
test_filter_ranks_exact_then_prefix_and_sorts (void **state)
{
  tui_model m;
  tui_model_init (&m, NULL);
  tui_model_add_target (&m, HB_TARGET_CONTAINER, "web-2", "web-2", "nginx", "running", "rw");
  tui_model_add_target (&m, HB_TARGET_CONTAINER, "old-web", "old-web", "nginx", "exited", "RO");
  tui_model_add_target (&m, HB_TARGET_CONTAINER, "web", "web", "httpd", "created", "rw");
  tui_model_add_target (&m, HB_TARGET_CONTAINER, "db", "db", "webapp/db", "running", "RO");
  tui_model_action (&m, TUI_ACT_FILTER);
  for (const char *c = "web"; *c; c++)
    {
      char s[2] = { *c, 0 };
      tui_model_type (&m, s);
    }
  assert_int_equal (m.n_shown, 4);
  assert_int_equal (shown_index (&m, "web"), 0);     /* exact */
  assert_int_equal (shown_index (&m, "web-2"), 1);   /* prefix */
  /* the rest in the engine's order */
  assert_true (shown_index (&m, "old-web") < shown_index (&m, "db"));
  tui_model_action (&m, TUI_ACT_EDIT);   /* take the filter */
  /* sorting: the filter's ranks first, then the column */
  tui_model_action (&m, TUI_ACT_BACK);   /* clears it */
  assert_int_equal (m.n_shown, 4);
  m.targets_list.sel = shown_index (&m, "old-web");
  assert_int_equal (tui_model_action (&m, TUI_ACT_SORT) & TUI_REDRAW, TUI_REDRAW);
  assert_int_equal (m.sort, TUI_SORT_NAME);
  assert_int_equal (shown_index (&m, "db"), 0);
  assert_int_equal (shown_index (&m, "old-web"), 1);
  assert_int_equal (shown_index (&m, "web"), 2);
  assert_int_equal (shown_index (&m, "web-2"), 3);
  /* the highlight stays on its target */
  assert_string_equal (m.targets[m.shown[m.targets_list.sel]].name, "old-web");
  tui_model_action (&m, TUI_ACT_SORT);
  tui_model_action (&m, TUI_ACT_SORT);
  assert_int_equal (m.sort, TUI_SORT_IMAGE);
  assert_int_equal (shown_index (&m, "web"), 0);     /* httpd < nginx < webapp */
  tui_model_action (&m, TUI_ACT_SORT);
  assert_int_equal (m.sort, TUI_SORT_STATE);
  assert_int_equal (shown_index (&m, "web"), 0);     /* created */
  assert_non_null (strstr (m.status, "sorted by state"));
  /* r and ^L ask the loop for a reload */
  assert_true (tui_model_action (&m, TUI_ACT_REFRESH) & TUI_RELOAD);
  assert_true (tui_model_action (&m, TUI_ACT_REDRAW) & TUI_RELOAD);
  tui_model_clear (&m);
}

static void
test_engine_targets_replaced_on_reload (void **state)
{
  tui_model m;
  tui_model_init (&m, NULL);
  tui_model_add_target (&m, HB_TARGET_ROOTFS, "/srv/app", "/srv/app", NULL, NULL, "rootfs");
  static char id1[] = "1111", id2[] = "2222", id3[] = "3333", web[] = "web", api[] = "api",
              db[] = "db", nginx[] = "nginx", pg[] = "postgres", running[] = "running",
              exited[] = "exited", def[] = "default", empty[] = "", u999[] = "999",
              bb[] = "busybox:latest";
  hb_container_summary c[2] = {
    { .id = id1, .name = web, .image = nginx, .state = running, .n_caps = 14, .seccomp = def,
      .user = empty },
    { .id = id2, .name = db, .image = pg, .state = exited, .read_only_root = true, .n_caps = 0,
      .seccomp = def, .user = u999 },
  };
  hb_container_summary im[1] = { { .id = id3, .image = bb, .is_image = true } };
  tui_model_set_engine_targets (&m, c, 2, im, 1, NULL);
  assert_int_equal (m.n_targets, 4);
  assert_null (m.banner);
  m.targets_list.sel = shown_index (&m, "db");
  /* web went away, a new one came */
  c[0].name = api;
  tui_model_set_engine_targets (&m, c, 2, im, 1, NULL);
  assert_int_equal (m.n_targets, 4);
  shown_index (&m, "api");
  shown_index (&m, "/srv/app");
  for (size_t i = 0; i < m.n_shown; i++)
    assert_string_not_equal (m.targets[m.shown[i]].name, "web");
  assert_string_equal (m.targets[m.shown[m.targets_list.sel]].name, "db");
  assert_string_equal (m.targets[m.shown[shown_index (&m, "db")]].badge,
                       "RO caps:0 seccomp:default user:999");
  /* the engine stops answering: its rows go, the banner says why */
  tui_model_set_engine_targets (&m, NULL, 0, NULL, 0, "connection refused");
  assert_int_equal (m.n_targets, 1);
  assert_non_null (strstr (m.banner, "connection refused"));
  tui_model_clear (&m);
}

static void
test_interrupt_asks_then_quits (void **state)
{
  tui_model m;
  open_rootfs (&m);
  /* nothing changed: ^C quits */
  assert_true (tui_model_action (&m, TUI_ACT_INTERRUPT) & TUI_QUIT);
  m.rows_list[m.section].sel = find_row (&m, TUI_OP_READ_ONLY, NULL);
  tui_model_action (&m, TUI_ACT_TOGGLE);
  assert_true (tui_model_dirty (&m));
  /* changed: the same question as q */
  assert_int_equal (tui_model_action (&m, TUI_ACT_INTERRUPT) & TUI_QUIT, 0);
  assert_int_equal (m.prompt, TUI_PROMPT_CONFIRM_QUIT);
  assert_non_null (strstr (m.prompt_label, "Unsaved changes: save to "));
  assert_non_null (strstr (m.prompt_label, "? (y)es (n)o (c)ancel"));
  tui_model_type (&m, "c");
  assert_int_equal (m.prompt, TUI_PROMPT_NONE);
  /* from inside another prompt too; a second ^C quits without saving */
  tui_model_action (&m, TUI_ACT_ADD);
  assert_int_equal (m.prompt, TUI_PROMPT_ADD_TMPFS);
  assert_int_equal (tui_model_action (&m, TUI_ACT_INTERRUPT) & TUI_QUIT, 0);
  assert_int_equal (m.prompt, TUI_PROMPT_CONFIRM_QUIT);
  assert_true (tui_model_action (&m, TUI_ACT_INTERRUPT) & TUI_QUIT);
  assert_true (tui_model_dirty (&m));
  /* ^C is in the key table (and so in the help) */
  assert_int_equal (tui_key_action (3), TUI_ACT_INTERRUPT);
  assert_non_null (strstr (tui_action_keys (TUI_ACT_INTERRUPT), "^C"));
  tui_model_clear (&m);
}

static void
test_trial_summary_plurals (void **state)
{
  tui_eventlog log;
  tui_eventlog_init (&log);
  cleanup_free char *clean = tui_trial_summary (0, false, &log);
  assert_non_null (strstr (clean, "nothing denied"));
  assert_non_null (strstr (clean, "e exports it"));
  cleanup_free char *stopped = tui_trial_summary (143, true, &log);
  assert_non_null (strstr (stopped, "trial stopped with status 143 and nothing denied"));
  assert_non_null (strstr (stopped, "e exports it"));
  /* nothing denied, yet it failed: not called a success */
  cleanup_free char *failed = tui_trial_summary (1, false, &log);
  assert_null (strstr (failed, "the policy holds"));
  assert_non_null (strstr (failed, "failed by itself"));
  log.denied_writes = 1;
  tui_eventlog_suggest (&log, TUI_SUGGEST_TMPFS, "/data");
  cleanup_free char *one = tui_trial_summary (1, false, &log);
  assert_non_null (strstr (one, "1 denied write, 1 suggestion (A applies"));
  log.denied_writes = 2;
  log.denied_syscalls = 1;
  log.perm_denied = 3;
  tui_eventlog_suggest (&log, TUI_SUGGEST_TMPFS, "/run");
  cleanup_free char *many = tui_trial_summary (1, false, &log);
  assert_non_null (strstr (many, "2 denied writes, 1 denied syscall, 3 missing capabilities, 2 suggestions"));
  tui_eventlog_clear (&log);
}

static void
test_perm_event_names_its_object_and_opens_whole (void **state)
{
  tui_model m;
  open_rootfs (&m);
  /* what the event carries: a bind's address, a file's path */
  static char nginx[] = "nginx", bind[] = "bind", addr[] = "0.0.0.0:80", openat[] = "openat",
              nbs[] = "CAP_NET_BIND_SERVICE", dac[] = "CAP_DAC_OVERRIDE";
  hb_event ev = { .kind = HB_EV_PERM_DENIED, .comm = nginx, .syscall = bind, .path = addr,
                  .errnum = 13, .capability = nbs };
  tui_eventlog_add (&m.log, &ev);
  assert_string_equal (m.log.rows[0].text,
                       "perm    bind 0.0.0.0:80  (nginx, EACCES, needs CAP_NET_BIND_SERVICE)");
  ev.path = NULL;
  ev.syscall = openat;
  ev.capability = dac;
  tui_eventlog_add (&m.log, &ev);
  assert_string_equal (m.log.rows[1].text, "perm    openat  (nginx, EACCES, needs CAP_DAC_OVERRIDE)");
  /* Enter on the events pane opens the highlighted one, with the texts of
   * its capability and syscall */
  m.pane = TUI_PANE_EVENTS;
  m.paused = true;
  m.events_list.sel = 0;
  tui_model_action (&m, TUI_ACT_EDIT);
  assert_int_equal (m.overlay, TUI_OVERLAY_EVENT);
  char *title = NULL;
  strv paras = { 0 };
  tui_model_event_detail (&m, &title, &paras);
  assert_string_equal (title, "Event 1 of 2");
  assert_string_equal (paras.v[0], m.log.rows[0].text);
  cleanup_free char *all = strv_join (&paras, "\n");
  assert_non_null (strstr (all, "CAP_NET_BIND_SERVICE (capability)"));
  assert_true (strstr (all, "bind (syscall)") || strstr (all, "explain bind"));
  free (title);
  strv_clear (&paras);
  /* Right: the next event; Esc closes */
  tui_model_action (&m, TUI_ACT_RIGHT);
  assert_int_equal (m.event_shown, 1);
  tui_model_action (&m, TUI_ACT_BACK);
  assert_int_equal (m.overlay, TUI_OVERLAY_NONE);
  tui_model_clear (&m);
}

static void
test_audit_space_applies_the_fix (void **state)
{
  tui_model m;
  open_rootfs (&m);
  m.section = TUI_SEC_AUDIT;
  tui_model_refresh (&m);
  const char *ids[] = { "5.13", "5.26", "5.11", "5.29", "5.4" };
  for (size_t k = 0; k < sizeof ids / sizeof ids[0]; k++)
    {
      size_t row = m.n_rows;
      for (size_t i = 0; i < m.n_rows; i++)
        if (m.rows[i].op == TUI_OP_CHECK && strcmp (m.audit.results[m.rows[i].index].check->id, ids[k]) == 0)
          row = i;
      assert_true (row < m.n_rows);
      assert_int_equal (m.audit.results[m.rows[row].index].status, HB_CHECK_FAIL);
      int fail0 = m.audit.fail;
      m.rows_list[m.section].sel = row;
      tui_model_action (&m, TUI_ACT_TOGGLE);
      assert_int_equal (m.audit.fail, fail0 - 1);
      assert_int_equal (m.audit.results[m.rows[row].index].status, HB_CHECK_PASS);
      assert_non_null (strstr (m.status, "fixed"));
    }
  assert_true (m.policy->read_only_root);
  assert_true (m.policy->no_new_privileges);
  /* a passing check: nothing to do */
  tui_model_action (&m, TUI_ACT_EDIT);
  assert_non_null (strstr (m.status, "nothing to fix"));
  tui_model_clear (&m);
}

static void
test_path_completion_from_the_target (void **state)
{
  /* the target's own directories, never the host's: a symlink to / inside
   * the root resolves to the root itself */
  cleanup_free char *base = xasprintf ("%s/rootfs", tmpdir);
  const char *dirs[] = { "var/log", "var/lib", "var/local", "srv" };
  for (size_t i = 0; i < 4; i++)
    {
      cleanup_free char *d = xasprintf ("%s/%s", base, dirs[i]);
      hb_error *err = NULL;
      assert_int_equal (mkdir_p (d, 0755, &err), 0);
    }
  cleanup_free char *link = xasprintf ("%s/var/escape", base);
  unlink (link);
  assert_int_equal (symlink ("/", link), 0);
  tui_model m;
  open_rootfs (&m);
  assert_true (tui_prompt_completes (TUI_PROMPT_ADD_TMPFS));
  assert_false (tui_prompt_completes (TUI_PROMPT_MEMORY));
  tui_model_action (&m, TUI_ACT_ADD);
  for (const char *c = "/va"; *c; c++)
    {
      char s[2] = { *c, 0 };
      tui_model_type (&m, s);
    }
  tui_model_prompt_key (&m, TUI_PK_COMPLETE);
  assert_string_equal (m.line.buf, "/var/");
  tui_model_type (&m, "l");
  tui_model_prompt_key (&m, TUI_PK_COMPLETE);
  assert_string_equal (m.line.buf, "/var/l");
  assert_int_equal (m.completions.n, 3);   /* lib/ local/ log/ */
  tui_model_type (&m, "o");
  tui_model_prompt_key (&m, TUI_PK_COMPLETE);
  assert_string_equal (m.line.buf, "/var/lo");   /* local, log */
  tui_model_type (&m, "g");
  tui_model_prompt_key (&m, TUI_PK_COMPLETE);
  assert_string_equal (m.line.buf, "/var/log/");
  /* the symlink to / is the target's root: its subdirectories are the
   * target's (srv, var), not the host's (proc, usr...) */
  tui_model_prompt_key (&m, TUI_PK_KILL_LINE);
  for (const char *c = "/var/escape/"; *c; c++)
    {
      char s[2] = { *c, 0 };
      tui_model_type (&m, s);
    }
  tui_model_prompt_key (&m, TUI_PK_COMPLETE);
  assert_true (strv_contains (&m.completions, "srv/"));
  assert_false (strv_contains (&m.completions, "proc/"));
  assert_false (strv_contains (&m.completions, "usr/"));
  tui_model_action (&m, TUI_ACT_BACK);
  tui_model_clear (&m);
  unlink (link);
}

static void
test_wrap_never_breaks_a_word (void **state)
{
  /* the export dialog's description and the explanation texts */
  const char *s = "an ECS task definition for RegisterTaskDefinition (JSON, EC2)";
  strv lines = { 0 };
  for (const char *p = s; *p;)
    {
      const char *next;
      size_t n = tui_wrap_line (p, 14, &next);
      assert_true (next > p);
      strv_push_owned (&lines, xstrndup (p, n));
      p = next;
    }
  /* every word whole on one line; only a word wider than the line is cut */
  cleanup_free char *joined = strv_join (&lines, "|");
  assert_string_equal (joined, "an ECS task|definition for|RegisterTaskDe|finition|(JSON, EC2)");
  assert_int_equal (tui_wrap_count (14, s), 5);
  assert_int_equal (tui_wrap_count (80, s), 1);
  strv_clear (&lines);
  /* a newline ends a line; spaces at a break are not carried over */
  const char *next;
  assert_int_equal (tui_wrap_line ("ab cd\nef", 10, &next), 5);
  assert_string_equal (next, "ef");
  assert_int_equal (tui_wrap_line ("abc    defgh", 6, &next), 3);
  assert_string_equal (next, "defgh");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_compiled_themes_match_files),
    cmocka_unit_test (test_every_theme_sets_every_role),
    cmocka_unit_test (test_theme_parse_values_and_errors),
    cmocka_unit_test (test_key_table_and_help_agree),
    cmocka_unit_test (test_line_editor_utf8),
    cmocka_unit_test (test_eventlog_coalesces_and_sanitises),
    cmocka_unit_test (test_filter_as_you_type),
    cmocka_unit_test (test_edits_follow_the_audit_and_dirty_state),
    cmocka_unit_test (test_save_and_reload_per_target),
    cmocka_unit_test (test_policy_file_names),
    cmocka_unit_test (test_osc52),
    cmocka_unit_test (test_clicks_select_then_toggle),
    cmocka_unit_test (test_lists_scroll_and_clamp),
    cmocka_unit_test (test_filter_ranks_exact_then_prefix_and_sorts),
    cmocka_unit_test (test_engine_targets_replaced_on_reload),
    cmocka_unit_test (test_interrupt_asks_then_quits),
    cmocka_unit_test (test_trial_summary_plurals),
    cmocka_unit_test (test_perm_event_names_its_object_and_opens_whole),
    cmocka_unit_test (test_audit_space_applies_the_fix),
    cmocka_unit_test (test_path_completion_from_the_target),
    cmocka_unit_test (test_wrap_never_breaks_a_word),
  };
  return cmocka_run_group_tests (tests, setup_dirs, teardown_dirs);
}
