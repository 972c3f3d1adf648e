/* list.c - the containers (or images) of an engine with a one-look
 * hardening summary each: the list endpoint, then every inspect in
 * parallel. */
#include "config.h"

#include "engine/engine.h"
#include "engine/engine_json.h"
#include "engine/inspect.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "policy/capabilities.h"

#include <stdlib.h>
#include <string.h>

/* An engine that lists more than this is not one we can show. */
#define MAX_ROWS 100000

void
hb_container_summary_fill (json_t *inspect, bool is_image, hb_container_summary *row)
{
  cleanup_policy hb_policy *p = hb_policy_new ();
  hb_error *err = NULL;
  int r = is_image ? hb_inspect_image_policy (inspect, p, &err)
                   : hb_inspect_container_policy (inspect, NULL, p, &err);
  if (r < 0)
    {
      /* One odd container must not hide the others: its summary says so. */
      hb_error_free (err);
      row->seccomp = xstrdup ("?");
      row->user = xstrdup ("?");
      row->n_caps = -1;
      return;
    }
  row->read_only_root = p->read_only_root;
  row->privileged = p->privileged;
  row->no_new_privileges = p->no_new_privileges;
  if (p->privileged)
    row->n_caps = HB_CAP_COUNT;
  else
    {
      cleanup_strv strv caps = { 0 };
      hb_cap_effective (&p->cap_drop, &p->cap_add, &caps);
      row->n_caps = (int) caps.n;
    }
  const char *sc = p->seccomp_profile;
  if (p->privileged || (sc && strcmp (sc, "unconfined") == 0))
    row->seccomp = xstrdup ("unconfined");
  else if (sc == NULL || strcmp (sc, "default") == 0)
    row->seccomp = xstrdup ("default");
  else
    row->seccomp = xstrdup ("custom");
  row->user = xstrdup (p->user ? p->user : "");
}

static int
row_from_list (json_t *item, size_t i, bool images, hb_container_summary *row, hb_error **err)
{
  cleanup_free char *ctx = xasprintf ("[%zu]", i);
  if (!json_is_object (item))
    return hb_fail (err, HB_EXIT_ENGINE, "engine list %s: expected an object", ctx);
  const char *id = NULL;
  if (hb_jget_string (item, "Id", ctx, &id, err) < 0)
    return -1;
  if (id == NULL || *id == '\0')
    return hb_fail (err, HB_EXIT_ENGINE, "engine list %s: no Id", ctx);
  if (text_has_prefix (id, "sha256:"))
    id += strlen ("sha256:");
  cleanup_strv strv names = { 0 };
  row->id = xstrdup (id);
  row->is_image = images;
  if (images)
    {
      if (hb_jget_strv (item, "RepoTags", ctx, &names, err) < 0)
        return -1;
      const char *tag = NULL;
      for (size_t k = 0; k < names.n && tag == NULL; k++)
        if (strcmp (names.v[k], "<none>:<none>") != 0)
          tag = names.v[k];
      row->name = xstrdup (tag ? tag : "<none>");
      row->image = xstrdup (row->name);
      row->state = xstrdup ("image");
      return 0;
    }
  const char *image = NULL, *state = NULL;
  if (hb_jget_strv (item, "Names", ctx, &names, err) < 0
      || hb_jget_string (item, "Image", ctx, &image, err) < 0
      || hb_jget_string (item, "State", ctx, &state, err) < 0)
    return -1;
  const char *name = names.n > 0 ? names.v[0] : "";
  row->name = xstrdup (name + (name[0] == '/'));
  row->image = xstrdup (image ? image : "");
  row->state = xstrdup (state ? state : "");
  return 0;
}

int
hb_engine_list_rows (json_t *list, const char *what, bool images, hb_container_summary **out,
                     size_t *n, hb_error **err)
{
  *out = NULL;
  *n = 0;
  if (!json_is_array (list))
    return hb_fail (err, HB_EXIT_ENGINE, "engine %s: expected a list", what);
  size_t count = json_array_size (list);
  if (count > MAX_ROWS)
    return hb_fail (err, HB_EXIT_ENGINE, "engine %s: more than %d entries, refused", what,
                    MAX_ROWS);
  hb_container_summary *rows = xcalloc (count ? count : 1, sizeof *rows);
  for (size_t i = 0; i < count; i++)
    if (row_from_list (json_array_get (list, i), i, images, &rows[i], err) < 0)
      {
        hb_container_summaries_free (rows, count);
        return -1;
      }
  *out = rows;
  *n = count;
  return 0;
}

int
hb_engine_list (hb_engine *e, bool all, bool images, hb_container_summary **out, size_t *n,
                hb_error **err)
{
  *out = NULL;
  *n = 0;
  const char *path = images ? "/images/json" : all ? "/containers/json?all=1" : "/containers/json";
  cleanup_json json_t *list = hb_engine_get_json (e, path, err);
  if (list == NULL)
    return -1;
  hb_container_summary *rows;
  size_t count;
  if (hb_engine_list_rows (list, path, images, &rows, &count, err) < 0)
    return -1;

  char **paths = xcalloc (count + 1, sizeof *paths);
  json_t **inspects = xcalloc (count ? count : 1, sizeof *inspects);
  for (size_t i = 0; i < count; i++)
    {
      cleanup_free char *esc = hb_engine_escape (rows[i].id);
      paths[i] = xasprintf ("/%s/%s/json", images ? "images" : "containers", esc);
    }
  int r = hb_engine_get_json_many (e, (const char *const *) paths, count, inspects, err);
  size_t kept = 0;
  for (size_t i = 0; i < count; i++)
    {
      free (paths[i]);
      if (r == 0 && inspects[i] != NULL)
        {
          hb_container_summary_fill (inspects[i], images, &rows[i]);
          rows[kept++] = rows[i];
        }
      else
        hb_container_summaries_free_one (&rows[i]);
      json_decref (inspects[i]);
    }
  free (paths);
  free (inspects);
  if (r < 0)
    {
      hb_container_summaries_free (rows, kept);
      return -1;
    }
  *out = rows;
  *n = kept;
  return 0;
}

void
hb_container_summaries_free_one (hb_container_summary *s)
{
  free (s->id);
  free (s->name);
  free (s->image);
  free (s->state);
  free (s->seccomp);
  free (s->user);
  memset (s, 0, sizeof *s);
}

void
hb_container_summaries_free (hb_container_summary *v, size_t n)
{
  if (v == NULL)
    return;
  for (size_t i = 0; i < n; i++)
    hb_container_summaries_free_one (&v[i]);
  free (v);
}
