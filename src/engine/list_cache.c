/* list_cache.c - summaries already inspected, per engine address (see
 * list_cache.h for why they stay exact). */
#include "config.h"

#include "engine/list_cache.h"
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/paths.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "policy/capabilities.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CACHE_VERSION 1
/* 100000 rows (list.c's limit) of ~250 bytes. */
#define MAX_CACHE_FILE (32u * 1024 * 1024)

struct hb_list_cache {
  char *path;     /* NULL: no cache directory, nothing is saved */
  char *url;
  json_t *old;    /* entries read from the file: id -> entry */
  json_t *now;    /* entries of the current listing */
};

/* list/containers-unix___var_run_docker.sock.json: readable, and the full
 * address inside the file tells apart two that read the same here. */
static char *
cache_path (const char *url, bool images)
{
  cleanup_free char *dir = hb_cache_dir ();
  if (dir == NULL)
    return NULL;
  cleanup_free char *name = xstrndup (url, 160);
  for (char *p = name; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')
          || *p == '.' || *p == '-'))
      *p = '_';
  return xasprintf ("%s/list/%s-%s.json", dir, images ? "images" : "containers", name);
}

/* Ours alone: owned by us and writable by nobody else (what is shown as
 * a container's hardening must not come from another user's file). */
static bool
ours (const char *path, bool dir)
{
  struct stat st;
  return lstat (path, &st) == 0 && (dir ? S_ISDIR (st.st_mode) : S_ISREG (st.st_mode))
         && st.st_uid == geteuid () && (st.st_mode & 022) == 0;
}

hb_list_cache *
hb_list_cache_open (const char *url, bool images)
{
  hb_list_cache *c = xcalloc (1, sizeof *c);
  c->path = cache_path (url, images);
  c->url = xstrdup (url);
  c->now = json_object ();
  if (c->path == NULL)
    return c;
  cleanup_free char *dir = xstrdup (c->path);
  *strrchr (dir, '/') = '\0';
  if (access (dir, F_OK) == 0 && !ours (dir, true))
    {
      /* Someone else's directory: neither read nor write there. */
      free (c->path);
      c->path = NULL;
      return c;
    }
  if (!ours (c->path, false))
    return c;
  hb_error *err = NULL;
  size_t len = 0;
  cleanup_free char *text = file_read_all (c->path, MAX_CACHE_FILE, &len, HB_EXIT_FAILURE, &err);
  hb_error_free (err);
  if (text == NULL)
    return c;
  json_error_t jerr;
  cleanup_json json_t *j = json_loadb (text, len, JSON_REJECT_DUPLICATES, &jerr);
  json_t *entries = json_object_get (j, "entries");
  /* Another version may count capabilities differently. */
  json_t *by = json_object_get (j, "hardenbench");
  if (json_integer_value (json_object_get (j, "version")) == CACHE_VERSION
      && json_is_string (by) && strcmp (json_string_value (by), PACKAGE_VERSION) == 0
      && json_is_string (json_object_get (j, "engine"))
      && strcmp (json_string_value (json_object_get (j, "engine")), url) == 0
      && json_is_object (entries))
    c->old = json_incref (entries);
  return c;
}

static bool
valid_seccomp (const char *s)
{
  return s && (strcmp (s, "default") == 0 || strcmp (s, "unconfined") == 0
               || strcmp (s, "custom") == 0);
}

bool
hb_list_cache_get (hb_list_cache *c, const char *id, const char *stamp, hb_container_summary *row)
{
  json_t *e = c->old ? json_object_get (c->old, id) : NULL;
  if (!json_is_object (e))
    return false;
  json_t *st = json_object_get (e, "stamp"), *ro = json_object_get (e, "read_only_root"),
         *priv = json_object_get (e, "privileged"), *caps = json_object_get (e, "caps"),
         *sc = json_object_get (e, "seccomp"), *user = json_object_get (e, "user"),
         *nnp = json_object_get (e, "no_new_privileges");
  if (!json_is_string (st) || strcmp (json_string_value (st), stamp) != 0
      || !json_is_boolean (ro) || !json_is_boolean (priv) || !json_is_integer (caps)
      || json_integer_value (caps) < 0 || json_integer_value (caps) > HB_CAP_COUNT
      || !json_is_string (sc) || !valid_seccomp (json_string_value (sc))
      || !json_is_string (user) || strlen (json_string_value (user)) > 256
      || !json_is_boolean (nnp))
    return false;
  row->read_only_root = json_is_true (ro);
  row->privileged = json_is_true (priv);
  row->n_caps = (int) json_integer_value (caps);
  row->seccomp = xstrdup (json_string_value (sc));
  row->user = xstrdup (json_string_value (user));
  row->no_new_privileges = json_is_true (nnp);
  json_object_set (c->now, id, e);
  return true;
}

void
hb_list_cache_put (hb_list_cache *c, const char *id, const char *stamp,
                   const hb_container_summary *row)
{
  /* A summary that could not be made ("?") is asked for again next time. */
  if (row->n_caps < 0 || !valid_seccomp (row->seccomp) || row->user == NULL)
    return;
  json_object_set_new (c->now, id,
                       json_pack ("{s:s, s:b, s:b, s:i, s:s, s:s, s:b}", "stamp", stamp,
                                  "read_only_root", row->read_only_root, "privileged",
                                  row->privileged, "caps", row->n_caps, "seccomp",
                                  row->seccomp, "user", row->user, "no_new_privileges",
                                  row->no_new_privileges));
}

void
hb_list_cache_save (hb_list_cache *c, bool complete)
{
  if (c->path == NULL)
    return;
  if (!complete && c->old)
    {
      /* Running containers only: the stopped ones are still there. */
      const char *id;
      json_t *e;
      json_object_foreach (c->old, id, e)
        if (json_object_get (c->now, id) == NULL)
          json_object_set (c->now, id, e);
    }
  if (c->old ? json_equal (c->old, c->now) : json_object_size (c->now) == 0)
    return;
  cleanup_json json_t *doc = json_pack ("{s:i, s:s, s:s, s:O}", "version", CACHE_VERSION,
                                        "hardenbench", PACKAGE_VERSION, "engine", c->url,
                                        "entries", c->now);
  cleanup_free char *text = json_dumps (doc, JSON_COMPACT | JSON_SORT_KEYS);
  if (text == NULL)
    return;
  cleanup_free char *dir = xstrdup (c->path);
  char *slash = strrchr (dir, '/');
  *slash = '\0';
  hb_error *err = NULL;
  if (mkdir_p (dir, 0700, &err) == 0)
    file_write_atomic (c->path, text, strlen (text), true, 0600, &err);
  hb_error_free (err);
}

void
hb_list_cache_free (hb_list_cache *c)
{
  if (c == NULL)
    return;
  free (c->path);
  free (c->url);
  json_decref (c->old);
  json_decref (c->now);
  free (c);
}

char *
hb_list_cache_stamp (json_t *item)
{
  json_t *created = json_object_get (item, "Created");
  const char *image = json_string_value (json_object_get (item, "ImageID"));
  return xasprintf ("%lld/%s", json_is_integer (created)
                    ? (long long) json_integer_value (created) : -1LL, image ? image : "");
}
