/* model_export.c - the export dialog's model: every exporter of the export
 * module, a preview, saving without overwriting unasked (both through
 * app/export_files.h, as the export command does), and OSC 52. */
#include "config.h"

#include "tui/model.h"
#include "tui/model_base.h"
#include "tui/model_internal.h"
#include "app/export_files.h"
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "export/export.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const hb_exporter *
current_exporter (const tui_model *m)
{
  size_t n;
  const hb_exporter *ex = hb_exporters (&n);
  if (n == 0)
    return NULL;
  return &ex[m->export_format < n ? m->export_format : 0];
}

const char *
tui_export_image (const tui_model *m)
{
  if (m->export_image)
    return m->export_image;
  if (m->target && m->target->image)
    return m->target->image;
  return m->policy ? m->policy->target_image : NULL;
}

/* The selected format for the current policy, as the export command
 * would write it (app/export_files.h); output: the file to save to. */
static void
export_request (const tui_model *m, app_export *x, const char *output)
{
  x->format = current_exporter (m);
  x->policy = m->policy;
  x->image = tui_export_image (m);
  x->output = output;
}

/* Keep the notes for the dialog. */
static void
keep_notes (tui_model *m, app_export *x)
{
  strv_clear (&m->export_notes);
  m->export_notes = x->notes;
  x->notes = (strv) { 0 };
}

void
tui_model_export_render (tui_model *m)
{
  free (m->export_text);
  m->export_text = NULL;
  memset (&m->export_scroll, 0, sizeof m->export_scroll);
  if (m->policy == NULL)
    return;
  if (current_exporter (m) == NULL)
    return;
  hb_error *err = NULL;
  app_export x = { 0 };
  export_request (m, &x, NULL);
  if (app_export_render (&x, &err) == 0)
    m->export_text = steal_pointer (&x.text);
  else
    {
      m->export_text = xasprintf ("cannot export: %s\n", err && err->msg ? err->msg : "failed");
      hb_error_free (err);
    }
  keep_notes (m, &x);
  app_export_clear (&x);
}

static size_t
count_lines (const char *s)
{
  size_t n = 0;
  for (; s && *s; s++)
    n += *s == '\n';
  return n + 1;
}

void
tui_export_save (tui_model *m, const char *path, bool overwrite)
{
  struct stat st;
  if (!overwrite && lstat (path, &st) == 0)
    {
      free (m->pending_path);
      m->pending_path = xstrdup (path);
      cleanup_free char *label = xasprintf ("%s exists: overwrite it? (y)es (n)o", path);
      tui_prompt_open (m, TUI_PROMPT_CONFIRM_OVERWRITE, label, NULL);
      return;
    }
  hb_error *err = NULL;
  app_export x = { 0 };
  export_request (m, &x, path);
  x.force = overwrite;
  int r = app_export_save (&x, &err);
  keep_notes (m, &x);
  app_export_clear (&x);
  if (r < 0)
    {
      tui_set_error (m, err);
      return;
    }
  tui_set_status (m, false, "saved the %s export to %s%s", current_exporter (m)->name, path,
                  m->export_notes.n ? " (with notes: see the dialog)" : "");
}

char *
tui_osc52 (const char *text)
{
  static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t len = strlen (text);
  char *out = xmalloc (len / 3 * 4 + 16);
  char *o = out;
  o += sprintf (o, "\033]52;c;");
  const unsigned char *s = (const unsigned char *) text;
  size_t i = 0;
  for (; i + 2 < len; i += 3)
    {
      *o++ = b64[s[i] >> 2];
      *o++ = b64[((s[i] & 3) << 4) | (s[i + 1] >> 4)];
      *o++ = b64[((s[i + 1] & 15) << 2) | (s[i + 2] >> 6)];
      *o++ = b64[s[i + 2] & 63];
    }
  if (len - i == 1)
    {
      *o++ = b64[s[i] >> 2];
      *o++ = b64[(s[i] & 3) << 4];
      *o++ = '=';
      *o++ = '=';
    }
  else if (len - i == 2)
    {
      *o++ = b64[s[i] >> 2];
      *o++ = b64[((s[i] & 3) << 4) | (s[i + 1] >> 4)];
      *o++ = b64[(s[i + 1] & 15) << 2];
      *o++ = '=';
    }
  *o++ = '\a';
  *o = '\0';
  return out;
}

int
tui_export_action (tui_model *m, tui_action a)
{
  size_t n;
  const hb_exporter *ex = hb_exporters (&n);
  switch (a)
    {
    case TUI_ACT_UP:
    case TUI_ACT_DOWN:
      {
        size_t before = m->export_format;
        if (a == TUI_ACT_UP && m->export_format > 0)
          m->export_format--;
        if (a == TUI_ACT_DOWN && m->export_format + 1 < n)
          m->export_format++;
        if (before != m->export_format)
          tui_model_export_render (m);
        return TUI_HANDLED | TUI_REDRAW;
      }
    case TUI_ACT_PAGE_UP:
    case TUI_ACT_PAGE_DOWN:
    case TUI_ACT_FIRST:
    case TUI_ACT_LAST:
      {
        tui_list *l = &m->export_scroll;
        /* the preview's wrapped lines as last drawn (the logical lines before) */
        size_t lines = m->export_rows ? m->export_rows : count_lines (m->export_text);
        size_t h = l->height ? l->height : 1;
        size_t max_top = lines > h ? lines - h : 0;
        long page = h > 1 ? (long) h - 1 : 1;
        long top = (long) l->top;
        top += a == TUI_ACT_PAGE_UP ? -page : a == TUI_ACT_PAGE_DOWN ? page
               : a == TUI_ACT_FIRST ? -(long) lines : (long) lines;
        if (top < 0)
          top = 0;
        if ((size_t) top > max_top)
          top = (long) max_top;
        l->top = l->sel = (size_t) top;
        return TUI_HANDLED | TUI_REDRAW;
      }
    case TUI_ACT_SAVE:
    case TUI_ACT_EDIT:
      {
        if (n == 0)
          return TUI_HANDLED;
        cleanup_free char *def = app_export_default_file (current_exporter (m), m->policy, NULL,
                                                          tui_export_image (m));
        tui_prompt_open (m, TUI_PROMPT_EXPORT_PATH, "save to: ", def);
        return TUI_HANDLED | TUI_REDRAW;
      }
    case TUI_ACT_IMAGE:
      tui_prompt_open (m, TUI_PROMPT_EXPORT_IMAGE, "image to run (REF): ", tui_export_image (m));
      return TUI_HANDLED | TUI_REDRAW;
    case TUI_ACT_COPY:
      if (m->export_text)
        {
          free (m->clipboard);
          m->clipboard = xstrdup (m->export_text);
          tui_set_status (m, false, "copied the %s export to the clipboard (OSC 52)",
                          ex[m->export_format].name);
          return TUI_HANDLED | TUI_REDRAW | TUI_CLIPBOARD;
        }
      return TUI_HANDLED;
    case TUI_ACT_BACK:
    case TUI_ACT_EXPORT:
    case TUI_ACT_QUIT:
      m->overlay = TUI_OVERLAY_NONE;
      return TUI_HANDLED | TUI_REDRAW;
    default:
      return TUI_HANDLED;
    }
}
