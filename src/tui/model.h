/* model.h - the workbench's state, without curses.
 *
 * Everything a view draws is here: the targets with their filter, the policy
 * being edited and its rows per section, the audit, the trial's event log and
 * suggestions, the export dialog, prompts and the status line.  Actions and
 * clicks change it and return enum tui_result flags; unit tests drive it
 * without a terminal.  The logic itself (policy edits, audit, trial,
 * export) lives in the modules the CLI uses; this file only calls them. */
#ifndef HB_TUI_MODEL_H
#define HB_TUI_MODEL_H

#include "audit/audit.h"
#include "core/error.h"
#include "engine/engine.h"
#include "engine/target.h"
#include "policy/policy.h"
#include "sandbox/platform.h"
#include "tui/actions.h"
#include "tui/eventlog.h"
#include "tui/lineedit.h"
#include "tui/theme.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct hb_trial hb_trial;

typedef enum tui_screen { TUI_SCREEN_TARGETS, TUI_SCREEN_BENCH } tui_screen;

typedef enum tui_overlay {
  TUI_OVERLAY_NONE,
  TUI_OVERLAY_HELP,
  TUI_OVERLAY_EXPORT,
  TUI_OVERLAY_USERS,
  TUI_OVERLAY_EVENT,   /* one trial event, whole, with its explanation */
} tui_overlay;

/* The targets list's order (o cycles). */
typedef enum tui_sort_key {
  TUI_SORT_ENGINE,     /* directories and the demo, then the engine's order */
  TUI_SORT_NAME,
  TUI_SORT_KIND,
  TUI_SORT_IMAGE,
  TUI_SORT_STATE,
  TUI_SORT_HARDENING,
  TUI_SORT_COUNT
} tui_sort_key;
const char *tui_sort_name (tui_sort_key k);

typedef enum tui_pane {
  TUI_PANE_ITEMS,
  TUI_PANE_EVENTS,
  TUI_PANE_SUGGEST,
  TUI_PANE_COUNT
} tui_pane;

#define HB_TUI_SECTIONS(X)        \
  X (FS, "Filesystem")            \
  X (CAPS, "Capabilities")        \
  X (SECCOMP, "Seccomp")          \
  X (USER, "User & privileges")   \
  X (LIMITS, "Limits")            \
  X (AUDIT, "Audit")

typedef enum tui_section {
#define X(id, title) TUI_SEC_##id,
  HB_TUI_SECTIONS (X)
#undef X
  TUI_SEC_COUNT
} tui_section;

const char *tui_section_title (tui_section s);

/* What Enter / space / x do on a row. */
typedef enum tui_row_op {
  TUI_OP_NONE,
  TUI_OP_READ_ONLY,
  TUI_OP_TMPFS,          /* index: p->tmpfs[index] */
  TUI_OP_VOLUME,         /* index: p->volumes[index] */
  TUI_OP_ADD_TMPFS,
  TUI_OP_ADD_VOLUME,
  TUI_OP_CAP,            /* name: capability */
  TUI_OP_PROFILE,
  TUI_OP_RULE,           /* index: p->seccomp_rules[index] */
  TUI_OP_ADD_DENY,
  TUI_OP_ADD_ALLOW,
  TUI_OP_USER,
  TUI_OP_NNP,
  TUI_OP_MEMORY,
  TUI_OP_CPUS,
  TUI_OP_PIDS,
  TUI_OP_CHECK,          /* index: audit result */
} tui_row_op;

typedef struct tui_row {
  tui_row_op op;
  size_t index;
  bool header;           /* a heading, not selectable */
  bool has_check;        /* draws a checkbox */
  bool checked;
  bool marked;           /* Docker default (capabilities) */
  tui_role role;         /* colour of the value */
  char *label;
  char *value;           /* right column, may be NULL */
  char *topic;           /* explanation topic, may be NULL */
} tui_row;

/* A scrolled list: the view writes `height` every draw. */
typedef struct tui_list {
  size_t sel, top;
  size_t height;
} tui_list;

typedef struct tui_target_row {
  hb_target_kind kind;
  char *spec;            /* what hb_target_resolve takes */
  char *name;            /* sanitised */
  char *image;           /* sanitised, may be NULL */
  char *state;           /* sanitised, may be NULL */
  char *badge;           /* "RO caps:14 seccomp:default user nnp" */
} tui_target_row;

typedef enum tui_prompt_kind {
  TUI_PROMPT_NONE,
  TUI_PROMPT_FILTER,
  TUI_PROMPT_ADD_TMPFS,
  TUI_PROMPT_EDIT_TMPFS,
  TUI_PROMPT_ADD_VOLUME,
  TUI_PROMPT_DENY,
  TUI_PROMPT_ALLOW,
  TUI_PROMPT_PROFILE_FILE,
  TUI_PROMPT_USER,
  TUI_PROMPT_MEMORY,
  TUI_PROMPT_CPUS,
  TUI_PROMPT_PIDS,
  TUI_PROMPT_EXPORT_PATH,
  TUI_PROMPT_EXPORT_IMAGE,
  TUI_PROMPT_CONFIRM_OVERWRITE,  /* y/n */
  TUI_PROMPT_CONFIRM_QUIT,       /* y/n/c: save before quitting */
  TUI_PROMPT_CONFIRM_BACK,       /* y/n/c: save before leaving the target */
} tui_prompt_kind;

typedef struct tui_model {
  hb_engine_opts engine;
  char *engine_url;            /* owned copy behind engine.url */
  tui_screen screen;
  tui_overlay overlay;
  bool utf8;

  /* targets */
  tui_target_row *targets;
  size_t n_targets;
  size_t *shown;               /* indices of targets matching the filter */
  size_t n_shown;
  tui_list targets_list;
  tui_line filter;
  tui_sort_key sort;
  char *banner;                /* no engine: how to connect */
  bool reloading;              /* a reload of the engine's targets is under way */

  /* the target being hardened */
  hb_target *target;
  hb_policy *policy;
  char *saved_text;            /* policy text when opened or last saved */
  char *policy_file;           /* where it is saved */
  tui_section section;
  tui_row *rows;
  size_t n_rows;
  tui_list rows_list[TUI_SEC_COUNT];
  tui_pane pane;
  hb_audit audit;

  /* trial */
  hb_trial *trial;
  bool trial_running;
  bool trial_stopping;         /* s was pressed: the end is the user's, not the app's */
  int trial_runs;
  hb_platform platform;     /* whose runtime the trials behave as (0: Docker's) */
  tui_eventlog log;
  tui_list events_list;
  bool paused;
  tui_list suggest_list;

  /* export dialog */
  size_t export_format;
  char *export_image;          /* the image to run, when the user named one (i) */
  char *export_text;
  strv export_notes;
  tui_list export_scroll;
  size_t export_rows;          /* preview lines as wrapped by the last draw */

  /* event detail (TUI_OVERLAY_EVENT): which row of the log */
  size_t event_shown;
  tui_list event_scroll;

  /* user picker */
  hb_user_entry *users;
  size_t n_users;
  tui_list users_list;

  /* help */
  tui_list help_scroll;

  /* prompt line (also the filter) */
  tui_prompt_kind prompt;
  char *prompt_label;
  tui_line line;
  char *pending_path;          /* export path awaiting overwrite confirmation */
  char *prompt_error;          /* why the last input was refused (the prompt stays open) */
  strv completions;            /* the last Tab's candidates, shown while the prompt is open */

  /* syscall names for the search (sorted), built on first use */
  strv syscalls;

  char *status;
  bool status_error;
  char *clipboard;             /* text for OSC 52, taken by the loop */

  /* colours: the loop applies m->theme when an action returns TUI_THEME */
  bool color;                  /* false: NO_COLOR / --no-color, themes do not apply */
  tui_theme theme;
} tui_model;

void tui_model_init (tui_model *m, const hb_engine_opts *engine);
void tui_model_clear (tui_model *m);

/* Fill the targets: engine containers and images (or the banner when the
 * engine cannot be reached), the demo target, and extra rootfs dirs. */
void tui_model_load_targets (tui_model *m);
void tui_model_add_target (tui_model *m, hb_target_kind kind, const char *spec,
                           const char *name, const char *image, const char *state,
                           const char *badge);
void tui_model_apply_filter (tui_model *m);
/* Replace the engine's rows (containers, then images) with these; error
 * non-NULL: the engine is unreachable (the banner says so).  Directories,
 * the demo and the highlighted row are kept. */
void tui_model_set_engine_targets (tui_model *m, const hb_container_summary *containers,
                                   size_t nc, const hb_container_summary *images, size_t ni,
                                   const char *error);
/* List every container and image of the engine (blocking: the loop calls
 * it on a thread of its own, tui/reload.c). */
int tui_engine_list_all (const hb_engine_opts *opts, hb_container_summary **containers,
                         size_t *nc, hb_container_summary **images, size_t *ni, hb_error **err);
/* Does a prompt of this kind complete with Tab? */
bool tui_prompt_completes (tui_prompt_kind k);
/* Switch to the theme after the current one (m->theme; returns TUI_THEME). */
int tui_model_next_theme (tui_model *m);
/* Open a target in the policy editor (its saved policy when there is one). */
int tui_model_open_target (tui_model *m, const char *spec, hb_error **err);
/* Take an already resolved target. */
void tui_model_take_target (tui_model *m, hb_target *t);
/* Leave the editor (the trial is stopped). */
void tui_model_close_target (tui_model *m);

/* Edits not saved yet?  Save the policy where app/saved_policy.h says. */
bool tui_model_dirty (const tui_model *m);
int tui_model_save (tui_model *m, hb_error **err);

/* Rebuild rows and audit after an edit. */
void tui_model_refresh (tui_model *m);

/* Dispatch an action; returns enum tui_result flags. */
int tui_model_action (tui_model *m, tui_action a);
/* Text typed while a prompt is open (one UTF-8 character). */
int tui_model_type (tui_model *m, const char *utf8);
/* Backspace / Delete / ^W / ^U inside a prompt. */
int tui_model_prompt_key (tui_model *m, int which);
enum { TUI_PK_BACKSPACE, TUI_PK_DELETE, TUI_PK_KILL_WORD, TUI_PK_KILL_LINE, TUI_PK_COMPLETE };

/* A click on an item of a pane (as the views recorded it). */
typedef enum tui_hit_kind {
  TUI_HIT_NONE,
  TUI_HIT_TARGET,
  TUI_HIT_ROW,
  TUI_HIT_TAB,
  TUI_HIT_EVENT,
  TUI_HIT_SUGGEST,
  TUI_HIT_FORMAT,
  TUI_HIT_USER,
} tui_hit_kind;
int tui_model_click (tui_model *m, tui_hit_kind kind, size_t index);

/* The explanation of what is highlighted: a title and paragraphs. */
void tui_model_explanation (tui_model *m, char **title, strv *paragraphs);

/* Trial control. */
int tui_model_trial_start (tui_model *m, hb_error **err);
void tui_model_trial_stop (tui_model *m);
int tui_model_trial_fd (const tui_model *m);
/* The trial fd is readable. */
int tui_model_trial_process (tui_model *m);
/* Stop and wait for the end (quitting). */
void tui_model_trial_finish (tui_model *m);

/* The status line after a trial: counts with their plurals, or that
 * nothing was denied and what to do next (newly allocated). */
char *tui_trial_summary (int status, bool stopped, const tui_eventlog *log);
/* The event detail dialog's text (TUI_OVERLAY_EVENT): the whole event,
 * then the explanations of what it names. */
void tui_model_event_detail (tui_model *m, char **title, strv *paragraphs);

/* Export dialog. */
void tui_model_export_render (tui_model *m);
/* The image the export runs: the one named with i, else the target's. */
const char *tui_export_image (const tui_model *m);
/* The OSC 52 sequence that puts text on the clipboard (newly allocated). */
char *tui_osc52 (const char *text);

/* Show the warnings w collected since the last call in the status line
 * (the first, and how many more) and empty w; false when there were none
 * (model_base.c).  The workbench collects every warning this way: printed,
 * they would land over the screen. */
bool tui_model_take_warnings (tui_model *m, hb_warnings *w);

/* Set the status line (sanitised); error: drawn as an error (model_base.c). */
void tui_set_status (tui_model *m, bool error, const char *fmt, ...)
  __attribute__ ((format (printf, 3, 4)));

/* Move a list's selection by delta within n items (clamped); keeps it in view. */
void tui_list_move (tui_list *l, long delta, size_t n);
void tui_list_clamp (tui_list *l, size_t n);

#endif
