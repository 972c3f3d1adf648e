/* model.c - the workbench state: targets, navigation, prompts and the action
 * dispatcher.  Policy rows live in model_policy.c, the trial in
 * model_trial.c, the export dialog in model_export.c; the status line,
 * list movement and opening a prompt, which all of them use, in
 * model_base.c (which calls none of them). */
#include "config.h"

#include "tui/model.h"
#include "app/saved_policy.h"
#include "app/target.h"
#include "tui/model_base.h"
#include "tui/model_internal.h"
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/paths.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "engine/demo.h"
#include "engine/engine.h"
#include "tui/theme.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static const char *const section_titles[] = {
#define X(id, title) title,
  HB_TUI_SECTIONS (X)
#undef X
};

const char *
tui_section_title (tui_section s)
{
  return s < TUI_SEC_COUNT ? section_titles[s] : "?";
}

/* --- init ------------------------------------------------------------------ */

void
tui_model_init (tui_model *m, const hb_engine_opts *engine)
{
  memset (m, 0, sizeof *m);
  if (engine && engine->url)
    m->engine_url = xstrdup (engine->url);
  m->engine.url = m->engine_url;
  tui_eventlog_init (&m->log);
  tui_line_set (&m->filter, "");
  tui_line_set (&m->line, "");
}

static void
target_row_clear (tui_target_row *r)
{
  free (r->spec);
  free (r->name);
  free (r->image);
  free (r->state);
  free (r->badge);
}

static void
targets_clear (tui_model *m)
{
  for (size_t i = 0; i < m->n_targets; i++)
    target_row_clear (&m->targets[i]);
  free (m->targets);
  free (m->shown);
  m->targets = NULL;
  m->shown = NULL;
  m->n_targets = m->n_shown = 0;
}

void
tui_model_clear (tui_model *m)
{
  tui_model_trial_finish (m);
  tui_model_close_target (m);
  targets_clear (m);
  free (m->banner);
  free (m->engine_url);
  free (m->status);
  free (m->clipboard);
  free (m->prompt_label);
  free (m->pending_path);
  strv_clear (&m->syscalls);
  tui_eventlog_clear (&m->log);
  free (m->prompt_error);
  strv_clear (&m->completions);
  tui_theme_clear (&m->theme);
  memset (m, 0, sizeof *m);
}

/* --- targets --------------------------------------------------------------- */

static char *
dup_clean (const char *s)
{
  return s ? text_sanitize (s) : NULL;
}

void
tui_model_add_target (tui_model *m, hb_target_kind kind, const char *spec, const char *name,
                      const char *image, const char *state, const char *badge)
{
  for (size_t i = 0; i < m->n_targets; i++)
    if (strcmp (m->targets[i].spec, spec) == 0)
      return;
  m->targets = xreallocarray (m->targets, m->n_targets + 1, sizeof *m->targets);
  tui_target_row *r = &m->targets[m->n_targets++];
  r->kind = kind;
  r->spec = xstrdup (spec);
  r->name = dup_clean (name ? name : spec);
  r->image = dup_clean (image);
  r->state = dup_clean (state);
  r->badge = dup_clean (badge);
  tui_model_apply_filter (m);
}

/* The bundled demo, offered when its root filesystem was built (make
 * builds it). */
static void
add_demo_target (tui_model *m)
{
  cleanup_free char *dir = hb_demo_rootfs_dir ();
  struct stat st;
  if (dir == NULL || stat (dir, &st) < 0 || !S_ISDIR (st.st_mode))
    return;
  tui_model_add_target (m, HB_TARGET_DEMO, HB_DEMO_TARGET_NAME, HB_DEMO_TARGET_NAME, NULL, NULL,
                        "a small web service to harden (works without an engine)");
}

/* The one-look hardening badge of a container. */
static char *
badge_of (const hb_container_summary *c)
{
  if (c->is_image)
    return NULL;
  cleanup_free char *user = c->user && *c->user ? text_sanitize (c->user) : NULL;
  return xasprintf ("%s%s caps:%d seccomp:%s%s%s%s", c->privileged ? "PRIVILEGED " : "",
                    c->read_only_root ? "RO" : "rw", c->n_caps,
                    c->seccomp ? c->seccomp : "default", user ? " user:" : " root",
                    user ? user : "", c->no_new_privileges ? " nnp" : "");
}

/* The spec of the highlighted target (borrowed), NULL when none. */
static const char *
selected_spec (const tui_model *m)
{
  if (m->n_shown == 0 || m->targets_list.sel >= m->n_shown)
    return NULL;
  return m->targets[m->shown[m->targets_list.sel]].spec;
}

static void select_target (tui_model *m, const char *spec);

void
tui_model_set_engine_targets (tui_model *m, const hb_container_summary *containers, size_t nc,
                              const hb_container_summary *images, size_t ni, const char *error)
{
  cleanup_free char *keep = selected_spec (m) ? xstrdup (selected_spec (m)) : NULL;
  /* The user's directories and the demo stay; the engine's rows are
   * replaced by what it lists now. */
  size_t out = 0;
  for (size_t i = 0; i < m->n_targets; i++)
    {
      tui_target_row *r = &m->targets[i];
      if (r->kind == HB_TARGET_CONTAINER || r->kind == HB_TARGET_IMAGE)
        target_row_clear (r);
      else
        m->targets[out++] = *r;
    }
  m->n_targets = out;
  free (m->banner);
  m->banner = NULL;
  if (error)
    m->banner = xasprintf ("No container engine: %s.  Connect with DOCKER_HOST=unix:///PATH "
                           "or --engine URL, or start dockerd (sudo systemctl start docker); "
                           "the demo target and rootfs directories work without one.", error);
  for (int pass = 0; pass < 2 && error == NULL; pass++)
    {
      const hb_container_summary *v = pass ? images : containers;
      size_t n = pass ? ni : nc;
      for (size_t i = 0; i < n; i++)
        {
          cleanup_free char *badge = badge_of (&v[i]);
          cleanup_free char *spec = pass ? xasprintf ("image:%s", v[i].image)
                                         : xstrdup (v[i].name && *v[i].name ? v[i].name : v[i].id);
          tui_model_add_target (m, pass ? HB_TARGET_IMAGE : HB_TARGET_CONTAINER, spec,
                                pass ? v[i].image : v[i].name, pass ? NULL : v[i].image,
                                v[i].state, badge);
        }
    }
  tui_model_apply_filter (m);
  if (keep)
    select_target (m, keep);
}

int
tui_engine_list_all (const hb_engine_opts *opts, hb_container_summary **containers, size_t *nc,
                     hb_container_summary **images, size_t *ni, hb_error **err)
{
  *containers = *images = NULL;
  *nc = *ni = 0;
  hb_engine *e = hb_engine_open (opts, err);
  if (e == NULL)
    return -1;
  int r = hb_engine_list (e, true, false, containers, nc, err);
  if (r == 0)
    r = hb_engine_list (e, true, true, images, ni, err);
  hb_engine_close (e);
  if (r < 0)
    {
      hb_container_summaries_free (*containers, *nc);
      *containers = NULL;
      *nc = 0;
    }
  return r;
}

void
tui_model_load_targets (tui_model *m)
{
  hb_error *err = NULL;
  hb_container_summary *c = NULL, *im = NULL;
  size_t nc = 0, ni = 0;
  if (tui_engine_list_all (&m->engine, &c, &nc, &im, &ni, &err) < 0)
    tui_model_set_engine_targets (m, NULL, 0, NULL, 0, err && err->msg ? err->msg : "unreachable");
  else
    tui_model_set_engine_targets (m, c, nc, im, ni, NULL);
  hb_error_free (err);
  hb_container_summaries_free (c, nc);
  hb_container_summaries_free (im, ni);
  add_demo_target (m);
  tui_model_apply_filter (m);
}

static bool
target_matches (const tui_target_row *r, const char *filter)
{
  if (*filter == '\0')
    return true;
  const char *fields[] = { r->name, r->image, r->state, r->badge, hb_target_kind_name (r->kind) };
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
    if (fields[i] && strcasestr (fields[i], filter))
      return true;
  return false;
}

/* 0: the name (or spec) is the filter; 1: it begins with it; 2: the
 * filter is somewhere else. */
static int
match_rank (const tui_target_row *r, const char *filter)
{
  if (*filter == '\0')
    return 0;
  if (strcasecmp (r->name, filter) == 0 || strcasecmp (r->spec, filter) == 0)
    return 0;
  size_t len = strlen (filter);
  if (strncasecmp (r->name, filter, len) == 0 || strncasecmp (r->spec, filter, len) == 0)
    return 1;
  /* a directory's last component, an image's name without its registry */
  const char *slash = strrchr (r->name, '/');
  if (slash && strncasecmp (slash + 1, filter, len) == 0)
    return 1;
  return 2;
}

static const char *const sort_names[] = { "engine order", "name", "kind", "image", "state",
                                          "hardening" };

const char *
tui_sort_name (tui_sort_key k)
{
  return k < TUI_SORT_COUNT ? sort_names[k] : "?";
}

static const char *
sort_field (const tui_target_row *r, tui_sort_key k)
{
  switch (k)
    {
    case TUI_SORT_NAME: return r->name;
    case TUI_SORT_KIND: return hb_target_kind_name (r->kind);
    case TUI_SORT_IMAGE: return r->image;
    case TUI_SORT_STATE: return r->state;
    case TUI_SORT_HARDENING: return r->badge;
    default: return NULL;
    }
}

/* Does target a come before b?  Better match first, then the sort
 * column (empty values last), then the list's own order. */
static bool
target_before (const tui_model *m, size_t a, size_t b, const int *rank)
{
  if (rank[a] != rank[b])
    return rank[a] < rank[b];
  if (m->sort != TUI_SORT_ENGINE)
    {
      const char *fa = sort_field (&m->targets[a], m->sort);
      const char *fb = sort_field (&m->targets[b], m->sort);
      bool ea = fa == NULL || *fa == '\0', eb = fb == NULL || *fb == '\0';
      if (ea != eb)
        return eb;
      if (!ea)
        {
          int c = strcasecmp (fa, fb);
          if (c != 0)
            return c < 0;
        }
    }
  return false;
}

void
tui_model_apply_filter (tui_model *m)
{
  free (m->shown);
  m->shown = xcalloc (m->n_targets + 1, sizeof *m->shown);
  m->n_shown = 0;
  cleanup_free int *rank = xcalloc (m->n_targets + 1, sizeof *rank);
  /* Directories and the demo first (the user named them), then the
   * engine's containers and images in the engine's order. */
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < m->n_targets; i++)
      {
        bool local = m->targets[i].kind == HB_TARGET_ROOTFS || m->targets[i].kind == HB_TARGET_DEMO;
        if (local == (pass == 0) && target_matches (&m->targets[i], m->filter.buf))
          {
            rank[i] = match_rank (&m->targets[i], m->filter.buf);
            m->shown[m->n_shown++] = i;
          }
      }
  /* Insertion sort: stable, and the lists are short. */
  for (size_t i = 1; i < m->n_shown; i++)
    {
      size_t v = m->shown[i], j = i;
      while (j > 0 && target_before (m, v, m->shown[j - 1], rank))
        {
          m->shown[j] = m->shown[j - 1];
          j--;
        }
      m->shown[j] = v;
    }
  tui_list_clamp (&m->targets_list, m->n_shown);
}

/* --- saved policies --------------------------------------------------------- */

bool
tui_model_dirty (const tui_model *m)
{
  if (m->policy == NULL || m->saved_text == NULL)
    return false;
  cleanup_free char *now = hb_policy_to_text (m->policy);
  return strcmp (now, m->saved_text) != 0;
}

int
tui_model_save (tui_model *m, hb_error **err)
{
  if (m->policy == NULL)
    return 0;
  if (app_saved_policy_save (m->policy, m->policy_file, err) < 0)
    return -1;
  free (m->saved_text);
  m->saved_text = hb_policy_to_text (m->policy);
  tui_set_status (m, false, "saved %s", m->policy_file);
  return 0;
}

void
tui_model_take_target (tui_model *m, hb_target *t)
{
  tui_model_close_target (m);
  m->target = t;
  app_follow_engine (t);
  /* As the commands open it (app/target.h), then the saved policy on top:
   * that counts as saved, edits after it as unsaved. */
  hb_error *err = NULL;
  m->policy = app_effective_policy (t, NULL, &err);
  if (m->policy == NULL)
    {
      tui_set_error (m, err);
      err = NULL;
      m->policy = hb_policy_copy (t->current);
    }
  m->policy_file = app_saved_policy_path (t->name);
  int loaded = app_saved_policy_load (&m->policy, m->policy_file, &err);
  if (loaded < 0)
    tui_set_error (m, err);
  else if (loaded > 0)
    tui_set_status (m, false, "loaded the saved policy %s", m->policy_file);
  m->saved_text = hb_policy_to_text (m->policy);
  m->screen = TUI_SCREEN_BENCH;
  m->section = TUI_SEC_FS;
  m->pane = TUI_PANE_ITEMS;
  memset (m->rows_list, 0, sizeof m->rows_list);
  tui_model_refresh (m);
}

int
tui_model_open_target (tui_model *m, const char *spec, hb_error **err)
{
  hb_target *t = hb_target_resolve (spec, &m->engine, err);
  if (t == NULL)
    return -1;
  tui_model_take_target (m, t);
  return 0;
}

/* Highlight the row of spec in the targets list, if it is shown. */
static void
select_target (tui_model *m, const char *spec)
{
  for (size_t i = 0; spec && i < m->n_shown; i++)
    if (strcmp (m->targets[m->shown[i]].spec, spec) == 0)
      {
        m->targets_list.sel = i;
        tui_list_clamp (&m->targets_list, m->n_shown);
        return;
      }
}

void
tui_model_close_target (tui_model *m)
{
  if (m->target)
    select_target (m, m->target->spec);
  tui_model_trial_finish (m);
  tui_eventlog_clear (&m->log);
  m->trial_runs = 0;
  hb_target_free (m->target);
  hb_policy_free (m->policy);
  m->target = NULL;
  m->policy = NULL;
  free (m->saved_text);
  free (m->policy_file);
  m->saved_text = m->policy_file = NULL;
  tui_rows_clear (m);
  hb_audit_clear (&m->audit);
  memset (&m->audit, 0, sizeof m->audit);
  free (m->export_text);
  m->export_text = NULL;
  free (m->export_image);
  m->export_image = NULL;
  strv_clear (&m->export_notes);
  hb_user_list_free (m->users, m->n_users);
  m->users = NULL;
  m->n_users = 0;
  m->screen = TUI_SCREEN_TARGETS;
  m->overlay = TUI_OVERLAY_NONE;
}

/* --- prompts ---------------------------------------------------------------- */

static void
prompt_close (tui_model *m)
{
  m->prompt = TUI_PROMPT_NONE;
  free (m->prompt_label);
  m->prompt_label = NULL;
  free (m->prompt_error);
  m->prompt_error = NULL;
  strv_clear (&m->completions);
}

bool
tui_prompt_completes (tui_prompt_kind k)
{
  switch (k)
    {
    case TUI_PROMPT_DENY:
    case TUI_PROMPT_ALLOW:
    case TUI_PROMPT_ADD_TMPFS:
    case TUI_PROMPT_ADD_VOLUME:
      return true;
    default:
      return false;
    }
}

static bool
is_confirm (tui_prompt_kind k)
{
  return k == TUI_PROMPT_CONFIRM_OVERWRITE || k == TUI_PROMPT_CONFIRM_QUIT
         || k == TUI_PROMPT_CONFIRM_BACK;
}

static void
ask_save (tui_model *m, tui_prompt_kind kind)
{
  cleanup_free char *label = xasprintf ("Unsaved changes: save to %s? (y)es (n)o (c)ancel",
                                        m->policy_file);
  tui_prompt_open (m, kind, label, NULL);
}

/* An answer to a y/n(/c) question. */
static int
confirm_answer (tui_model *m, char c)
{
  tui_prompt_kind kind = m->prompt;
  if (c == 'c' || c == 27)
    {
      prompt_close (m);
      tui_set_status (m, false, "cancelled");
      return TUI_HANDLED | TUI_REDRAW;
    }
  if (c != 'y' && c != 'n')
    return TUI_HANDLED;
  prompt_close (m);
  if (kind == TUI_PROMPT_CONFIRM_OVERWRITE)
    {
      cleanup_free char *path = steal_pointer (&m->pending_path);
      if (c == 'y')
        tui_export_save (m, path, true);
      else
        tui_set_status (m, false, "not saved: %s exists", path);
      return TUI_HANDLED | TUI_REDRAW;
    }
  if (c == 'y')
    {
      hb_error *err = NULL;
      if (tui_model_save (m, &err) < 0)
        {
          tui_set_error (m, err);
          return TUI_HANDLED | TUI_REDRAW;
        }
    }
  if (kind == TUI_PROMPT_CONFIRM_QUIT)
    return TUI_HANDLED | TUI_QUIT;
  tui_model_close_target (m);
  return TUI_HANDLED | TUI_REDRAW;
}

static int
prompt_commit (tui_model *m)
{
  tui_prompt_kind kind = m->prompt;
  cleanup_free char *text = xstrdup (m->line.buf);
  cleanup_free char *label = xstrdup (m->prompt_label ? m->prompt_label : "");
  size_t cursor = m->line.cursor;
  prompt_close (m);
  if (kind == TUI_PROMPT_FILTER)
    return TUI_HANDLED | TUI_REDRAW;
  if (kind == TUI_PROMPT_EXPORT_PATH)
    {
      if (*text)
        tui_export_save (m, text, false);
      return TUI_HANDLED | TUI_REDRAW;
    }
  if (kind == TUI_PROMPT_EXPORT_IMAGE)
    {
      free (m->export_image);
      m->export_image = *text ? xstrdup (text) : NULL;
      tui_model_export_render (m);
      return TUI_HANDLED | TUI_REDRAW;
    }
  hb_error *err = NULL;
  if (tui_policy_prompt_commit (m, kind, text, &err) < 0)
    {
      /* Refused: the prompt stays, with what was typed and why. */
      tui_prompt_open (m, kind, label, text);
      m->line.cursor = cursor <= m->line.len ? cursor : m->line.len;
      m->prompt_error = text_sanitize (err && err->msg ? err->msg : "invalid input");
      hb_error_free (err);
    }
  return TUI_HANDLED | TUI_REDRAW;
}

int
tui_model_type (tui_model *m, const char *utf8)
{
  if (m->prompt == TUI_PROMPT_NONE)
    return TUI_IGNORED;
  if (is_confirm (m->prompt))
    return confirm_answer (m, utf8[0]);
  if (!tui_line_insert (&m->line, utf8))
    return TUI_HANDLED;
  strv_clear (&m->completions);
  if (m->prompt == TUI_PROMPT_FILTER)
    {
      tui_line_set (&m->filter, m->line.buf);
      tui_model_apply_filter (m);
    }
  return TUI_HANDLED | TUI_REDRAW;
}

int
tui_model_prompt_key (tui_model *m, int which)
{
  if (m->prompt == TUI_PROMPT_NONE || is_confirm (m->prompt))
    return TUI_IGNORED;
  bool changed = false;
  switch (which)
    {
    case TUI_PK_BACKSPACE: changed = tui_line_backspace (&m->line); break;
    case TUI_PK_DELETE: changed = tui_line_delete (&m->line); break;
    case TUI_PK_KILL_WORD: changed = tui_line_kill_word (&m->line); break;
    case TUI_PK_KILL_LINE:
      changed = m->line.len > 0;
      tui_line_set (&m->line, "");
      break;
    case TUI_PK_COMPLETE: changed = tui_prompt_complete (m); break;
    default: break;
    }
  if (changed && m->prompt == TUI_PROMPT_FILTER)
    {
      tui_line_set (&m->filter, m->line.buf);
      tui_model_apply_filter (m);
    }
  return TUI_HANDLED | (changed ? TUI_REDRAW : 0);
}

static int
prompt_action (tui_model *m, tui_action a)
{
  if (is_confirm (m->prompt))
    {
      if (a == TUI_ACT_BACK)
        return confirm_answer (m, 'c');
      return TUI_HANDLED;
    }
  switch (a)
    {
    case TUI_ACT_EDIT:
      return prompt_commit (m);
    case TUI_ACT_BACK:
      if (m->prompt == TUI_PROMPT_FILTER)
        {
          tui_line_set (&m->filter, "");
          tui_model_apply_filter (m);
        }
      prompt_close (m);
      return TUI_HANDLED | TUI_REDRAW;
    case TUI_ACT_LEFT:
      return TUI_HANDLED | (tui_line_left (&m->line) ? TUI_REDRAW : 0);
    case TUI_ACT_RIGHT:
      return TUI_HANDLED | (tui_line_right (&m->line) ? TUI_REDRAW : 0);
    case TUI_ACT_FIRST:
      tui_line_home (&m->line);
      return TUI_HANDLED | TUI_REDRAW;
    case TUI_ACT_LAST:
      tui_line_end (&m->line);
      return TUI_HANDLED | TUI_REDRAW;
    case TUI_ACT_NEXT_PANE:
      return tui_model_prompt_key (m, TUI_PK_COMPLETE);
    case TUI_ACT_UP:
    case TUI_ACT_DOWN:
    case TUI_ACT_PAGE_UP:
    case TUI_ACT_PAGE_DOWN:
      if (m->prompt == TUI_PROMPT_FILTER)
        return tui_list_action (&m->targets_list, a, m->n_shown);
      return TUI_HANDLED;
    case TUI_ACT_REDRAW:
      return TUI_HANDLED | TUI_FULL_REDRAW;
    default:
      return TUI_HANDLED;
    }
}

/* --- screens ---------------------------------------------------------------- */

static int
targets_action (tui_model *m, tui_action a)
{
  int r = tui_list_action (&m->targets_list, a, m->n_shown);
  if (r)
    return r;
  switch (a)
    {
    case TUI_ACT_EDIT:
    case TUI_ACT_RIGHT:
    case TUI_ACT_TOGGLE:
      {
        if (m->n_shown == 0)
          return TUI_HANDLED;
        const tui_target_row *row = &m->targets[m->shown[m->targets_list.sel]];
        hb_error *err = NULL;
        cleanup_free char *spec = xstrdup (row->spec);
        if (tui_model_open_target (m, spec, &err) < 0)
          tui_set_error (m, err);
        return TUI_HANDLED | TUI_REDRAW | TUI_FULL_REDRAW;
      }
    case TUI_ACT_FILTER:
      tui_prompt_open (m, TUI_PROMPT_FILTER, "Filter: ", m->filter.buf);
      return TUI_HANDLED | TUI_REDRAW;
    case TUI_ACT_BACK:
      if (m->filter.len)
        {
          tui_line_set (&m->filter, "");
          tui_model_apply_filter (m);
        }
      return TUI_HANDLED | TUI_REDRAW;
    case TUI_ACT_QUIT:
      return TUI_HANDLED | TUI_QUIT;
    case TUI_ACT_SORT:
      m->sort = (tui_sort_key) ((m->sort + 1) % TUI_SORT_COUNT);
      {
        cleanup_free char *keep = selected_spec (m) ? xstrdup (selected_spec (m)) : NULL;
        tui_model_apply_filter (m);
        select_target (m, keep);
      }
      tui_set_status (m, false, "sorted by %s (o: the next column)", tui_sort_name (m->sort));
      return TUI_HANDLED | TUI_REDRAW;
    case TUI_ACT_REFRESH:
      tui_set_status (m, false, "reloading the targets...");
      return TUI_HANDLED | TUI_REDRAW | TUI_RELOAD;
    default:
      return TUI_IGNORED;
    }
}

static int
bench_action (tui_model *m, tui_action a)
{
  switch (a)
    {
    case TUI_ACT_QUIT:
      if (tui_model_dirty (m))
        {
          ask_save (m, TUI_PROMPT_CONFIRM_QUIT);
          return TUI_HANDLED | TUI_REDRAW;
        }
      return TUI_HANDLED | TUI_QUIT;
    case TUI_ACT_BACK:
      if (tui_model_dirty (m))
        {
          ask_save (m, TUI_PROMPT_CONFIRM_BACK);
          return TUI_HANDLED | TUI_REDRAW;
        }
      tui_model_close_target (m);
      return TUI_HANDLED | TUI_REDRAW;
    case TUI_ACT_NEXT_PANE:
      m->pane = (m->pane + 1) % TUI_PANE_COUNT;
      return TUI_HANDLED | TUI_REDRAW;
    case TUI_ACT_PREV_PANE:
      m->pane = (m->pane + TUI_PANE_COUNT - 1) % TUI_PANE_COUNT;
      return TUI_HANDLED | TUI_REDRAW;
    case TUI_ACT_TRIAL:
      {
        hb_error *err = NULL;
        if (tui_model_trial_start (m, &err) < 0)
          tui_set_error (m, err);
        return TUI_HANDLED | TUI_REDRAW;
      }
    case TUI_ACT_STOP:
      if (!m->trial_running)
        {
          tui_set_status (m, false, "no trial is running");
          return TUI_HANDLED | TUI_REDRAW;
        }
      tui_model_trial_stop (m);
      return TUI_HANDLED | TUI_REDRAW;
    case TUI_ACT_PAUSE:
      m->paused = !m->paused;
      if (m->paused)
        m->pane = TUI_PANE_EVENTS;
      tui_set_status (m, false, m->paused ? "events paused: scroll with the arrows, p follows again"
                                          : "following the events");
      return TUI_HANDLED | TUI_REDRAW;
    case TUI_ACT_APPLY:
      tui_suggestion_apply (m);
      return TUI_HANDLED | TUI_REDRAW;
    case TUI_ACT_EXPORT:
      m->overlay = TUI_OVERLAY_EXPORT;
      tui_model_export_render (m);
      return TUI_HANDLED | TUI_REDRAW;
    case TUI_ACT_SAVE:
      {
        hb_error *err = NULL;
        if (tui_model_save (m, &err) < 0)
          tui_set_error (m, err);
        return TUI_HANDLED | TUI_REDRAW;
      }
    default:
      break;
    }
  if (m->pane == TUI_PANE_EVENTS && (a == TUI_ACT_EDIT || a == TUI_ACT_TOGGLE))
    {
      if (m->log.n == 0)
        {
          tui_set_status (m, false, "no events yet (t runs a trial)");
          return TUI_HANDLED | TUI_REDRAW;
        }
      return tui_event_open (m, m->events_list.sel < m->log.n ? m->events_list.sel : m->log.n - 1);
    }
  if (m->pane == TUI_PANE_EVENTS)
    {
      if (a == TUI_ACT_UP || a == TUI_ACT_PAGE_UP || a == TUI_ACT_FIRST)
        m->paused = true;
      int r = tui_list_action (&m->events_list, a, m->log.n);
      if (r)
        {
          if (m->paused && a == TUI_ACT_LAST)
            m->paused = false;
          return r | TUI_REDRAW;
        }
    }
  if (m->pane == TUI_PANE_SUGGEST)
    {
      int r = tui_list_action (&m->suggest_list, a, m->log.n_suggestions);
      if (r)
        return r;
      if (a == TUI_ACT_EDIT || a == TUI_ACT_TOGGLE)
        {
          tui_suggestion_apply (m);
          return TUI_HANDLED | TUI_REDRAW;
        }
    }
  return tui_policy_action (m, a);
}

/* ^C: as q, from anywhere; at the question it asks, quit without saving. */
static int
interrupt (tui_model *m)
{
  if (m->prompt == TUI_PROMPT_CONFIRM_QUIT || m->prompt == TUI_PROMPT_CONFIRM_BACK)
    {
      prompt_close (m);
      return TUI_HANDLED | TUI_QUIT;
    }
  if (m->prompt != TUI_PROMPT_NONE)
    {
      if (m->prompt == TUI_PROMPT_FILTER)
        {
          tui_line_set (&m->filter, "");
          tui_model_apply_filter (m);
        }
      prompt_close (m);
    }
  if (tui_model_dirty (m))
    {
      ask_save (m, TUI_PROMPT_CONFIRM_QUIT);
      tui_set_status (m, false, "^C again quits without saving");
      return TUI_HANDLED | TUI_REDRAW;
    }
  return TUI_HANDLED | TUI_QUIT;
}

int
tui_model_next_theme (tui_model *m)
{
  if (!m->color)
    {
      tui_set_status (m, false, "colours are off (NO_COLOR or --no-color): themes do not apply");
      return TUI_HANDLED | TUI_REDRAW;
    }
  strv names = { 0 };
  tui_theme_names (&names);
  const char *cur = m->theme.name ? m->theme.name : "default";
  size_t next = 0;
  for (size_t i = 0; i < names.n; i++)
    if (strcmp (names.v[i], cur) == 0)
      next = (i + 1) % names.n;
  int r = TUI_HANDLED | TUI_REDRAW;
  if (names.n)
    {
      tui_theme t = { 0 };
      hb_error *err = NULL;
      if (tui_theme_load (&t, names.v[next], &err) < 0)
        {
          tui_theme_clear (&t);
          tui_set_error (m, err);
        }
      else
        {
          tui_theme_clear (&m->theme);
          m->theme = t;
          tui_set_status (m, false, "theme: %s (T: the next one; --theme %s keeps it)",
                          t.name, t.name);
          r |= TUI_THEME | TUI_FULL_REDRAW;
        }
    }
  strv_clear (&names);
  return r;
}

int
tui_model_action (tui_model *m, tui_action a)
{
  if (a == TUI_ACT_INTERRUPT)
    return interrupt (m);
  if (a == TUI_ACT_REDRAW)
    return TUI_HANDLED | TUI_FULL_REDRAW
           | (m->screen == TUI_SCREEN_TARGETS ? TUI_RELOAD : 0);
  if (m->prompt != TUI_PROMPT_NONE)
    return prompt_action (m, a);
  switch (m->overlay)
    {
    case TUI_OVERLAY_HELP:
      if (a == TUI_ACT_BACK || a == TUI_ACT_HELP || a == TUI_ACT_QUIT)
        {
          m->overlay = TUI_OVERLAY_NONE;
          return TUI_HANDLED | TUI_REDRAW;
        }
      return tui_list_action (&m->help_scroll, a, tui_help_line_count ());
    case TUI_OVERLAY_EXPORT:
      return tui_export_action (m, a);
    case TUI_OVERLAY_USERS:
      return tui_users_action (m, a);
    case TUI_OVERLAY_EVENT:
      return tui_event_action (m, a);
    case TUI_OVERLAY_NONE:
      break;
    }
  if (a == TUI_ACT_THEME)
    return tui_model_next_theme (m);
  if (a == TUI_ACT_HELP)
    {
      m->overlay = TUI_OVERLAY_HELP;
      m->help_scroll.sel = m->help_scroll.top = 0;
      return TUI_HANDLED | TUI_REDRAW;
    }
  if (m->screen == TUI_SCREEN_TARGETS)
    return targets_action (m, a);
  return bench_action (m, a);
}

int
tui_model_click (tui_model *m, tui_hit_kind kind, size_t index)
{
  switch (kind)
    {
    case TUI_HIT_TARGET:
      if (index >= m->n_shown)
        return TUI_IGNORED;
      if (m->targets_list.sel == index)
        return tui_model_action (m, TUI_ACT_EDIT);
      m->targets_list.sel = index;
      tui_list_clamp (&m->targets_list, m->n_shown);
      return TUI_HANDLED | TUI_REDRAW;
    case TUI_HIT_TAB:
      if (index >= TUI_SEC_COUNT)
        return TUI_IGNORED;
      m->section = (tui_section) index;
      m->pane = TUI_PANE_ITEMS;
      tui_model_refresh (m);
      return TUI_HANDLED | TUI_REDRAW;
    case TUI_HIT_ROW:
      if (index >= m->n_rows || m->rows[index].header)
        return TUI_IGNORED;
      m->pane = TUI_PANE_ITEMS;
      if (m->rows_list[m->section].sel == index)
        return tui_policy_action (m, m->rows[index].has_check ? TUI_ACT_TOGGLE : TUI_ACT_EDIT);
      m->rows_list[m->section].sel = index;
      tui_list_clamp (&m->rows_list[m->section], m->n_rows);
      return TUI_HANDLED | TUI_REDRAW;
    case TUI_HIT_EVENT:
      if (index >= m->log.n)
        return TUI_IGNORED;
      m->pane = TUI_PANE_EVENTS;
      m->paused = true;
      if (m->events_list.sel == index)
        return tui_event_open (m, index);
      m->events_list.sel = index;
      tui_list_clamp (&m->events_list, m->log.n);
      return TUI_HANDLED | TUI_REDRAW;
    case TUI_HIT_SUGGEST:
      if (index >= m->log.n_suggestions)
        return TUI_IGNORED;
      m->pane = TUI_PANE_SUGGEST;
      if (m->suggest_list.sel == index)
        tui_suggestion_apply (m);
      m->suggest_list.sel = index;
      return TUI_HANDLED | TUI_REDRAW;
    case TUI_HIT_FORMAT:
      if (m->overlay != TUI_OVERLAY_EXPORT)
        return TUI_IGNORED;
      m->export_format = index;
      tui_model_export_render (m);
      return TUI_HANDLED | TUI_REDRAW;
    case TUI_HIT_USER:
      if (m->overlay != TUI_OVERLAY_USERS)
        return TUI_IGNORED;
      if (m->users_list.sel == index)
        return tui_users_action (m, TUI_ACT_EDIT);
      m->users_list.sel = index;
      return TUI_HANDLED | TUI_REDRAW;
    case TUI_HIT_NONE:
      break;
    }
  return TUI_IGNORED;
}
