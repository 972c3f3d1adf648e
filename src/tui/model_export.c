/* model_export.c - the export dialog's model: every exporter of the export
 * module, a preview, saving without overwriting unasked, and OSC 52. */
#include "config.h"

#include "tui/model.h"
#include "tui/model_internal.h"
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "export/export.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A service name from the target: its last path component, [a-z0-9_-]. */
static char *
service_name (const tui_model *m)
{
  const char *name = m->target && m->target->name ? m->target->name : "app";
  const char *slash = strrchr (name, '/');
  if (slash && slash[1])
    name = slash + 1;
  char *s = xstrdup (*name ? name : "app");
  for (char *c = s; *c; c++)
    {
      if (*c >= 'A' && *c <= 'Z')
        *c = (char) (*c - 'A' + 'a');
      if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'))
        *c = '-';
    }
  /* no '-' or '_' first or last ("@demo" is "demo"), at most 63 */
  size_t start = strspn (s, "-_");
  memmove (s, s + start, strlen (s + start) + 1);
  size_t len = strlen (s);
  if (len > 63)
    s[len = 63] = '\0';
  while (len > 0 && (s[len - 1] == '-' || s[len - 1] == '_'))
    s[--len] = '\0';
  if (len == 0)
    {
      free (s);
      s = xstrdup ("app");
    }
  return s;
}

static const hb_exporter *
current_exporter (const tui_model *m)
{
  size_t n;
  const hb_exporter *ex = hb_exporters (&n);
  if (n == 0)
    return NULL;
  return &ex[m->export_format < n ? m->export_format : 0];
}

/* Render the selected format; output_path names where side files go. */
static char *
render (tui_model *m, const char *output_path, hb_error **err)
{
  const hb_exporter *ex = current_exporter (m);
  if (ex == NULL)
    {
      hb_fail (err, HB_EXIT_FAILURE, "no export formats");
      return NULL;
    }
  cleanup_free char *service = service_name (m);
  const char *image = m->target && m->target->image ? m->target->image
                      : m->policy->target_image ? m->policy->target_image : service;
  hb_export_ctx ctx = {
    .policy = m->policy,
    .service_name = service,
    .image = image,
    .output_path = output_path,
  };
  char *text = hb_export_to_string (ex, &ctx, err);
  strv_clear (&m->export_notes);
  strv_copy (&m->export_notes, &ctx.notes);
  strv_clear (&ctx.notes);
  strv_clear (&ctx.side_files);
  return text;
}

void
tui_model_export_render (tui_model *m)
{
  free (m->export_text);
  m->export_text = NULL;
  memset (&m->export_scroll, 0, sizeof m->export_scroll);
  if (m->policy == NULL)
    return;
  hb_error *err = NULL;
  m->export_text = render (m, NULL, &err);
  if (m->export_text == NULL)
    {
      m->export_text = xasprintf ("cannot export: %s\n", err && err->msg ? err->msg : "failed");
      hb_error_free (err);
    }
}

static size_t
count_lines (const char *s)
{
  size_t n = 0;
  for (; s && *s; s++)
    n += *s == '\n';
  return n + 1;
}

static const char *
extension_of (const char *fmt)
{
  if (strcmp (fmt, "run") == 0)
    return "sh";
  if (strcmp (fmt, "compose") == 0 || strcmp (fmt, "k8s") == 0)
    return "yaml";
  if (strcmp (fmt, "dockerfile") == 0)
    return "Dockerfile";
  return "json";
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
  cleanup_free char *text = render (m, path, &err);
  const hb_exporter *ex = current_exporter (m);
  /* A `docker run` line saved to a file is a script: a #! line and the
   * execute bit, so ./web-run.sh runs it. */
  bool script = text && ex && strcmp (ex->name, "run") == 0;
  if (script && !text_has_prefix (text, "#!"))
    {
      char *with = xasprintf ("#!/bin/sh\n%s", text);
      free (text);
      text = with;
    }
  if (text == NULL
      || file_write_atomic (path, text, strlen (text), overwrite, script ? 0755 : 0644, &err) < 0)
    {
      tui_set_error (m, err);
      return;
    }
  tui_set_status (m, false, "saved the %s export to %s%s", ex->name, path,
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
        cleanup_free char *service = service_name (m);
        const char *fmt = ex[m->export_format].name;
        cleanup_free char *def = strcmp (fmt, "dockerfile") == 0
                                   ? xasprintf ("%s.Dockerfile", service)
                                   : xasprintf ("%s-%s.%s", service, fmt, extension_of (fmt));
        tui_prompt_open (m, TUI_PROMPT_EXPORT_PATH, "save to: ", def);
        return TUI_HANDLED | TUI_REDRAW;
      }
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
