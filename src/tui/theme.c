/* theme.c - colour roles, theme parsing and the compiled-in themes.
 * No curses here: tui/draw.c applies a parsed theme to the terminal. */
#include "config.h"

#include "tui/theme.h"
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/paths.h"
#include "core/strv.h"
#include "core/xalloc.h"

#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

/* Kept identical to themes/default.theme and themes/mono.theme (a unit test
 * compares them), so the binary works uninstalled. */
static const char default_theme[] =
  "# default.theme - hardenbench's default theme, for dark terminals.\n"
  "# role = FG BG [ATTR...]; colours: default, black, red, green, yellow, blue,\n"
  "# magenta, cyan, white, bright-NAME or 0..255; attributes: bold, dim,\n"
  "# underline, reverse, standout.  This file is compiled into the binary too.\n"
  "normal       = default default\n"
  "title        = black cyan bold\n"
  "status       = black cyan\n"
  "key          = black cyan bold\n"
  "border       = blue default\n"
  "header       = cyan default bold\n"
  "tab          = default default\n"
  "tab-active   = black cyan bold\n"
  "selected     = black bright-cyan\n"
  "selected-dim = default blue\n"
  "hint         = bright-black default\n"
  "denied       = bright-red default bold\n"
  "allowed      = bright-green default\n"
  "warning      = yellow default bold\n"
  "error        = bright-white red bold\n"
  "banner       = black yellow bold\n"
  "exec         = cyan default\n"
  "output       = default default\n"
  "mark         = magenta default\n";

static const char mono_theme[] =
  "# mono.theme - no colours, attributes only (what --no-color and NO_COLOR use).\n"
  "normal       = default default\n"
  "title        = default default reverse bold\n"
  "status       = default default reverse\n"
  "key          = default default reverse bold\n"
  "border       = default default\n"
  "header       = default default bold underline\n"
  "tab          = default default\n"
  "tab-active   = default default reverse bold\n"
  "selected     = default default reverse\n"
  "selected-dim = default default underline\n"
  "hint         = default default dim\n"
  "denied       = default default bold\n"
  "allowed      = default default\n"
  "warning      = default default bold\n"
  "error        = default default reverse bold\n"
  "banner       = default default reverse bold\n"
  "exec         = default default\n"
  "output       = default default\n"
  "mark         = default default bold\n";

static const char *const role_names[] = {
#define X(id, name, desc) name,
  HB_TUI_ROLES (X)
#undef X
};

const char *
tui_role_name (tui_role r)
{
  return r < TUI_ROLE_COUNT ? role_names[r] : "?";
}

const char *
tui_theme_default_text (void)
{
  return default_theme;
}

const char *
tui_theme_mono_text (void)
{
  return mono_theme;
}

static const char *const color_names[] = {
  "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static bool
parse_color (const char *w, short *out)
{
  if (strcmp (w, "default") == 0)
    {
      *out = TUI_COLOR_DEFAULT;
      return true;
    }
  int base = 0;
  if (strncmp (w, "bright-", 7) == 0)
    {
      base = 8;
      w += 7;
    }
  for (size_t i = 0; i < sizeof color_names / sizeof color_names[0]; i++)
    if (strcmp (w, color_names[i]) == 0)
      {
        *out = (short) (base + (int) i);
        return true;
      }
  if (base == 0 && *w != '\0' && strspn (w, "0123456789") == strlen (w) && strlen (w) <= 3)
    {
      int n = atoi (w);
      if (n <= 255)
        {
          *out = (short) n;
          return true;
        }
    }
  return false;
}

static bool
parse_attr (const char *w, unsigned *out)
{
  static const struct { const char *name; unsigned bit; } attrs[] = {
    { "bold", TUI_A_BOLD }, { "dim", TUI_A_DIM }, { "underline", TUI_A_UNDERLINE },
    { "reverse", TUI_A_REVERSE }, { "standout", TUI_A_STANDOUT },
  };
  for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++)
    if (strcmp (w, attrs[i].name) == 0)
      {
        *out |= attrs[i].bit;
        return true;
      }
  return false;
}

static int
role_lookup (const char *name)
{
  for (int r = 0; r < TUI_ROLE_COUNT; r++)
    if (strcmp (name, role_names[r]) == 0)
      return r;
  return -1;
}

/* Split line into at most max words (in place). */
static size_t
split_words (char *line, char **words, size_t max)
{
  size_t n = 0;
  char *save = NULL;
  for (char *w = strtok_r (line, " \t\r", &save); w != NULL; w = strtok_r (NULL, " \t\r", &save))
    {
      if (n == max)
        return max + 1;
      words[n++] = w;
    }
  return n;
}

int
tui_theme_parse (tui_theme *t, const char *text, const char *file, hb_error **err)
{
  cleanup_free char *copy = xstrdup (text);
  int lineno = 0;
  char *cursor = copy;
  while (cursor != NULL)
    {
      char *line = cursor;
      char *nl = strchr (cursor, '\n');
      if (nl)
        {
          *nl = '\0';
          cursor = nl + 1;
        }
      else
        cursor = NULL;
      lineno++;
      char *hash = strchr (line, '#');
      if (hash)
        *hash = '\0';
      while (isspace ((unsigned char) *line))
        line++;
      if (*line == '\0')
        continue;
      char *eq = strchr (line, '=');
      if (eq == NULL)
        return hb_fail (err, HB_EXIT_INPUT, "%s:%d: expected 'role = FG BG [ATTR...]'", file, lineno);
      *eq = '\0';
      char *role_words[2];
      if (split_words (line, role_words, 1) != 1)
        return hb_fail (err, HB_EXIT_INPUT, "%s:%d: expected one role name before '='", file, lineno);
      int role = role_lookup (role_words[0]);
      if (role < 0)
        return hb_fail (err, HB_EXIT_INPUT, "%s:%d: unknown role '%s'", file, lineno, role_words[0]);
      char *words[8];
      size_t n = split_words (eq + 1, words, 7);
      if (n < 2 || n > 7)
        return hb_fail (err, HB_EXIT_INPUT, "%s:%d: expected FG BG [ATTR...] after '='", file, lineno);
      tui_style st = { .set = true };
      if (!parse_color (words[0], &st.fg))
        return hb_fail (err, HB_EXIT_INPUT, "%s:%d: unknown colour '%s'", file, lineno, words[0]);
      if (!parse_color (words[1], &st.bg))
        return hb_fail (err, HB_EXIT_INPUT, "%s:%d: unknown colour '%s'", file, lineno, words[1]);
      for (size_t i = 2; i < n; i++)
        if (!parse_attr (words[i], &st.attrs))
          return hb_fail (err, HB_EXIT_INPUT, "%s:%d: unknown attribute '%s'", file, lineno, words[i]);
      t->styles[role] = st;
    }
  return 0;
}

int
tui_theme_load (tui_theme *t, const char *name, hb_error **err)
{
  if (name == NULL)
    name = "default";
  /* Start from the default so a partial theme file still colours every role. */
  if (tui_theme_parse (t, default_theme, "default.theme", err) < 0)
    return -1;
  free (t->name);
  t->name = xstrdup (name);
  if (strchr (name, '/') == NULL && strcmp (name, "default") == 0)
    return 0;
  cleanup_free char *path = NULL;
  if (strchr (name, '/') != NULL)
    path = xstrdup (name);
  else
    {
      if (strspn (name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != strlen (name))
        return hb_fail (err, HB_EXIT_USAGE, "theme %s: a theme name has letters, digits, '-' and '_' only", name);
      path = xasprintf ("%s/themes/%s.theme", hb_data_dir (), name);
    }
  hb_error *local = NULL;
  cleanup_free char *text = file_read_all (path, 1024 * 1024, NULL, HB_EXIT_USAGE, &local);
  if (text == NULL)
    {
      if (strcmp (name, "mono") == 0)
        {
          hb_error_free (local);
          return tui_theme_parse (t, mono_theme, "mono.theme", err);
        }
      if (strchr (name, '/') != NULL)
        hb_fail (err, local->status, "theme %s: %s", name, local->msg);
      else
        {
          strv names = { 0 };
          tui_theme_names (&names);
          cleanup_free char *list = strv_join (&names, ", ");
          strv_clear (&names);
          hb_fail (err, HB_EXIT_USAGE, "unknown theme '%s' (themes: %s; or a file path)", name,
                   list);
        }
      hb_error_free (local);
      return -1;
    }
  return tui_theme_parse (t, text, path, err);
}

static int
cmp_names (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

void
tui_theme_names (strv *out)
{
  /* default and mono are compiled in; the rest are data files */
  strv_add_unique (out, "default");
  strv_add_unique (out, "mono");
  cleanup_free char *dir = xasprintf ("%s/themes", hb_data_dir ());
  DIR *d = opendir (dir);
  if (d != NULL)
    {
      struct dirent *de;
      while ((de = readdir (d)) != NULL)
        {
          size_t len = strlen (de->d_name);
          if (len <= 6 || strcmp (de->d_name + len - 6, ".theme") != 0 || de->d_name[0] == '.')
            continue;
          cleanup_free char *name = xstrndup (de->d_name, len - 6);
          if (strspn (name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
              == strlen (name))
            strv_add_unique (out, name);
        }
      closedir (d);
    }
  /* default first, then by name */
  if (out->n > 2)
    qsort (out->v + 1, out->n - 1, sizeof *out->v, cmp_names);
}

void
tui_theme_clear (tui_theme *t)
{
  free (t->name);
  t->name = NULL;
}
