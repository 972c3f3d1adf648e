/* cmd_list.c - `hardenbench list [--all] [--images] [--json]`: what the
 * engine runs, with a one-look hardening summary per container. */
#include "config.h"

#include "commands/commands.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "engine/engine.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

static json_t *
row_to_json (const hb_container_summary *r)
{
  json_t *o = json_object ();
  json_object_set_new (o, "id", json_string (r->id));
  json_object_set_new (o, "name", json_string (r->name));
  json_object_set_new (o, "image", json_string (r->image));
  json_object_set_new (o, "state", json_string (r->state));
  if (!r->is_image)
    {
      json_object_set_new (o, "read_only_root", json_boolean (r->read_only_root));
      json_object_set_new (o, "privileged", json_boolean (r->privileged));
      json_object_set_new (o, "capabilities", r->n_caps >= 0 ? json_integer (r->n_caps)
                                                               : json_null ());
      json_object_set_new (o, "seccomp", json_string (r->seccomp ? r->seccomp : "?"));
      json_object_set_new (o, "no_new_privileges", json_boolean (r->no_new_privileges));
    }
  json_object_set_new (o, "user", json_string (r->user ? r->user : ""));
  return o;
}

static int
print_json (const hb_container_summary *rows, size_t n)
{
  cleanup_json json_t *arr = json_array ();
  for (size_t i = 0; i < n; i++)
    json_array_append_new (arr, row_to_json (&rows[i]));
  /* json_dumps escapes control characters: safe on a terminal. */
  cleanup_free char *text = json_dumps (arr, JSON_INDENT (2) | JSON_PRESERVE_ORDER);
  if (text == NULL)
    return -1;
  puts (text);
  return 0;
}

/* A column value: sanitised, cut to width with a trailing '~'. */
static char *
cell (const char *s, size_t width)
{
  char *clean = text_sanitize (s ? s : "");
  if (strlen (clean) > width)
    {
      clean[width - 1] = '~';
      clean[width] = '\0';
    }
  return clean;
}

static void
print_table (const hb_container_summary *rows, size_t n, bool images)
{
  size_t wname = 4, wimage = 5;
  for (size_t i = 0; i < n; i++)
    {
      size_t a = strlen (rows[i].name), b = strlen (rows[i].image);
      wname = a > wname ? a : wname;
      wimage = b > wimage ? b : wimage;
    }
  wname = wname > 30 ? 30 : wname;
  wimage = wimage > 32 ? 32 : wimage;
  if (images)
    {
      printf ("%-12s  %-*s  %s\n", "ID", (int) wname, "NAME", "USER");
      for (size_t i = 0; i < n; i++)
        {
          cleanup_free char *name = cell (rows[i].name, wname);
          cleanup_free char *user = cell (rows[i].user && *rows[i].user ? rows[i].user
                                          : "root", 20);
          printf ("%-12.12s  %-*s  %s\n", rows[i].id, (int) wname, name, user);
        }
      return;
    }
  printf ("%-12s  %-*s  %-*s  %-10s  %-4s  %-5s  %-10s  %-4s  %s\n", "ID", (int) wname, "NAME",
          (int) wimage, "IMAGE", "STATE", "RO", "CAPS", "SECCOMP", "NNP", "USER");
  for (size_t i = 0; i < n; i++)
    {
      const hb_container_summary *r = &rows[i];
      cleanup_free char *name = cell (r->name, wname);
      cleanup_free char *image = cell (r->image, wimage);
      cleanup_free char *state = cell (r->state, 10);
      cleanup_free char *user = cell (r->user && *r->user ? r->user : "root", 20);
      cleanup_free char *caps = r->privileged ? xstrdup ("ALL!")
                                : r->n_caps < 0 ? xstrdup ("?")
                                : xasprintf ("%d", r->n_caps);
      printf ("%-12.12s  %-*s  %-*s  %-10s  %-4s  %-5s  %-10s  %-4s  %s\n", r->id,
              (int) wname, name, (int) wimage, image, state, r->read_only_root ? "yes" : "no",
              caps, r->seccomp ? r->seccomp : "?", r->no_new_privileges ? "yes" : "no", user);
    }
}

typedef struct list_values {
  bool all, images, json;
} list_values;

static const cli_option options[] = {
  { .name = "--all", .alias = "-a", .kind = CLI_FLAG, .offset = offsetof (list_values, all),
    .help = "also stopped and created containers" },
  { .name = "--images", .kind = CLI_FLAG, .offset = offsetof (list_values, images),
    .help = "list images instead of containers" },
  { .name = "--json", .kind = CLI_FLAG, .offset = offsetof (list_values, json),
    .help = "a JSON array, one object per container (id, name, image,\n"
            "state, read_only_root, privileged, capabilities, seccomp,\n"
            "no_new_privileges, user)" },
  { .name = NULL },
};

const cli_spec cmd_list_spec = { .cmd = "list", .options = options };

int
cmd_list (int argc, char **argv, hb_globals *g)
{
  hb_error *err = NULL;
  list_values v = { 0 };
  cleanup_cli_args cli_args args = { 0 };
  if (cli_parse (&cmd_list_spec, g, argc, argv, &v, &args, &err) < 0)
    return hb_error_report (err);
  cleanup_engine hb_engine *e = hb_engine_open (&g->engine, &err);
  if (e == NULL)
    return hb_error_report (err);
  hb_container_summary *rows = NULL;
  size_t n = 0;
  if (hb_engine_list (e, v.all, v.images, &rows, &n, &err) < 0)
    return hb_error_report (err);
  int status = 0;
  if (v.json)
    status = print_json (rows, n) < 0 ? HB_EXIT_FAILURE : 0;
  else
    print_table (rows, n, v.images);
  hb_container_summaries_free (rows, n);
  if (fflush (stdout) != 0)
    status = HB_EXIT_FAILURE;
  /* Which engine answered (flags, DOCKER_HOST and contexts choose it): on
   * stderr after the table, so the table and the JSON stay as they were. */
  if (!v.json)
    fprintf (stderr, "engine: %s, API %s\n", hb_engine_describe (e), hb_engine_api_version (e));
  return status;
}
