/* list.c - the containers (or images) of an engine with a one-look
 * hardening summary each: the list endpoint gives the id, name, image and
 * state; the summary of a container already seen comes from the list cache
 * (list_cache.h: exact, its fields never change), and only the new ones are
 * inspected, in parallel. */
#include "config.h"

#include "engine/engine.h"
#include "engine/engine_json.h"
#include "engine/inspect.h"
#include "engine/list_cache.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "policy/capabilities.h"

#include <stdlib.h>
#include <string.h>

/* An engine that lists more than this is not one we can show. */
#define MAX_ROWS 100000

static void
summarise (json_t *inspect, bool is_image, hb_container_summary *row)
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

/* The inspects of the rows the cache did not know, as they arrive. */
typedef struct each_row {
  hb_container_summary *rows;
  const size_t *ask;    /* the row of each inspected path */
  char **stamps;
  bool *gone;
  hb_list_cache *cache;
  bool images;
} each_row;

static int
summarise_one (size_t k, json_t *inspect, void *data, hb_error **err)
{
  (void) err;
  each_row *er = data;
  size_t i = er->ask[k];
  if (inspect == NULL)
    {
      er->gone[i] = true;
      return 0;
    }
  summarise (inspect, er->images, &er->rows[i]);
  hb_list_cache_put (er->cache, er->rows[i].id, er->stamps[i], &er->rows[i]);
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
  if (!json_is_array (list))
    return hb_fail (err, HB_EXIT_ENGINE, "engine %s: expected a list", path);
  size_t count = json_array_size (list);
  if (count > MAX_ROWS)
    return hb_fail (err, HB_EXIT_ENGINE, "engine %s: more than %d entries, refused", path,
                    MAX_ROWS);
  hb_container_summary *rows = xcalloc (count ? count : 1, sizeof *rows);
  for (size_t i = 0; i < count; i++)
    if (row_from_list (json_array_get (list, i), i, images, &rows[i], err) < 0)
      {
        hb_container_summaries_free (rows, count);
        return -1;
      }

  /* Summaries known from the cache; the rest are inspected. */
  hb_list_cache *cache = hb_list_cache_open (hb_engine_url (e), images);
  char **stamps = xcalloc (count + 1, sizeof *stamps);
  size_t *ask = xcalloc (count + 1, sizeof *ask);
  char **paths = xcalloc (count + 1, sizeof *paths);
  size_t nask = 0;
  for (size_t i = 0; i < count; i++)
    {
      stamps[i] = hb_list_cache_stamp (json_array_get (list, i));
      if (hb_list_cache_get (cache, rows[i].id, stamps[i], &rows[i]))
        continue;
      cleanup_free char *esc = hb_engine_escape (rows[i].id);
      paths[nask] = xasprintf ("/%s/%s/json", images ? "images" : "containers", esc);
      ask[nask++] = i;
    }
  /* gone[i]: listed, but removed before its inspect (a 404). */
  bool *gone = xcalloc (count ? count : 1, sizeof *gone);
  each_row er = { .rows = rows, .ask = ask, .stamps = stamps, .gone = gone, .cache = cache,
                  .images = images };
  int r = hb_engine_get_json_each (e, (const char *const *) paths, nask, summarise_one, &er, err);
  for (size_t k = 0; k < nask; k++)
    free (paths[k]);
  if (r < 0)
    for (size_t k = 0; k < nask; k++)
      gone[ask[k]] = true;
  size_t kept = 0;
  for (size_t i = 0; i < count; i++)
    {
      free (stamps[i]);
      if (gone[i])
        hb_container_summaries_free_one (&rows[i]);
      else
        rows[kept++] = rows[i];
    }
  if (r == 0)
    hb_list_cache_save (cache, images || all);
  hb_list_cache_free (cache);
  free (gone);
  free (stamps);
  free (ask);
  free (paths);
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
