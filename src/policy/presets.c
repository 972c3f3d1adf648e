/* presets.c - loading, matching and applying the per-image presets of
 * profiles/presets/ (format: profiles/presets/README.md). */
#include "config.h"

#include "policy/presets.h"
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/paths.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#define HB_MAX_PRESET_FILE (256u * 1024)

static bool
valid_preset_name (const char *s)
{
  if (*s == '\0' || strlen (s) > 64)
    return false;
  for (const char *c = s; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-'))
      return false;
  return true;
}

static int
read_string (json_t *obj, const char *key, const char *file, bool required, char **out,
             hb_error **err)
{
  json_t *v = json_object_get (obj, key);
  if (v == NULL && !required)
    return 0;
  if (!json_is_string (v) || json_string_length (v) == 0)
    return hb_fail (err, HB_EXIT_INPUT, "%s: .preset.%s: expected a non-empty string", file, key);
  *out = xstrdup (json_string_value (v));
  return 0;
}

static int
check_keys (json_t *obj, const char *const *known, const char *file, const char *where,
            hb_error **err)
{
  const char *key;
  json_t *v;
  json_object_foreach (obj, key, v)
    {
      bool ok = false;
      for (size_t i = 0; known[i] && !ok; i++)
        ok = strcmp (key, known[i]) == 0;
      if (!ok)
        {
          cleanup_free char *k = text_sanitize (key);
          return hb_fail (err, HB_EXIT_INPUT, "%s: %s.%s: unknown key", file, where, k);
        }
    }
  return 0;
}

/* Every writable path the policy opens is explained, and only those. */
static int
check_paths_explained (const hb_policy *p, const hb_preset *out, const char *file, hb_error **err)
{
  cleanup_strv strv mounts = { 0 };
  for (size_t i = 0; i < p->n_tmpfs; i++)
    strv_push (&mounts, p->tmpfs[i].path);
  for (size_t i = 0; i < p->n_volumes; i++)
    strv_push (&mounts, p->volumes[i].path);
  for (size_t i = 0; i < mounts.n; i++)
    if (!strv_contains (&out->paths, mounts.v[i]))
      return hb_fail (err, HB_EXIT_INPUT, "%s: .preset.paths: %s is writable but not explained",
                      file, mounts.v[i]);
  for (size_t i = 0; i < out->paths.n; i++)
    if (!strv_contains (&mounts, out->paths.v[i]))
      {
        cleanup_free char *path = text_sanitize (out->paths.v[i]);
        return hb_fail (err, HB_EXIT_INPUT,
                        "%s: .preset.paths: %s is explained but the policy does not mount it",
                        file, path);
      }
  return 0;
}

static int
parse_into (json_t *root, const char *file, hb_preset *out, hb_error **err)
{
  static const char *const top_keys[] = { "preset", "policy", NULL };
  static const char *const preset_keys[] = { "name", "description", "addon", "images", "paths",
                                             NULL };
  if (!json_is_object (root))
    return hb_fail (err, HB_EXIT_INPUT, "%s: a preset is a JSON object", file);
  if (check_keys (root, top_keys, file, "", err) < 0)
    return -1;
  json_t *meta = json_object_get (root, "preset");
  json_t *policy = json_object_get (root, "policy");
  if (!json_is_object (meta))
    return hb_fail (err, HB_EXIT_INPUT, "%s: .preset: expected an object", file);
  if (!json_is_object (policy))
    return hb_fail (err, HB_EXIT_INPUT, "%s: .policy: expected an object", file);
  if (check_keys (meta, preset_keys, file, ".preset", err) < 0)
    return -1;

  if (read_string (meta, "name", file, true, &out->name, err) < 0
      || read_string (meta, "description", file, true, &out->description, err) < 0)
    return -1;
  if (!valid_preset_name (out->name))
    return hb_fail (err, HB_EXIT_INPUT, "%s: .preset.name: use a-z, 0-9 and '-'", file);

  json_t *addon = json_object_get (meta, "addon");
  if (addon != NULL && !json_is_boolean (addon))
    return hb_fail (err, HB_EXIT_INPUT, "%s: .preset.addon: expected true or false", file);
  out->addon = json_is_true (addon);

  json_t *images = json_object_get (meta, "images");
  if (images != NULL && !json_is_array (images))
    return hb_fail (err, HB_EXIT_INPUT, "%s: .preset.images: expected a list of patterns", file);
  size_t i;
  json_t *v;
  json_array_foreach (images, i, v)
    {
      if (!json_is_string (v) || json_string_length (v) == 0)
        return hb_fail (err, HB_EXIT_INPUT, "%s: .preset.images[%zu]: expected a pattern", file, i);
      strv_push (&out->images, json_string_value (v));
    }
  if (out->images.n == 0 && !out->addon)
    return hb_fail (err, HB_EXIT_INPUT, "%s: .preset.images: a preset that is not an add-on "
                    "needs at least one image pattern", file);
  if (out->images.n > 0 && out->addon)
    return hb_fail (err, HB_EXIT_INPUT, "%s: .preset.images: an add-on matches no image", file);

  json_t *paths = json_object_get (meta, "paths");
  if (!json_is_object (paths))
    return hb_fail (err, HB_EXIT_INPUT, "%s: .preset.paths: expected an object {path: why}", file);
  const char *key;
  json_object_foreach (paths, key, v)
    {
      if (!json_is_string (v) || json_string_length (v) == 0)
        {
          cleanup_free char *shown = text_sanitize (key);
          return hb_fail (err, HB_EXIT_INPUT, "%s: .preset.paths.%s: expected the reason", file,
                          shown);
        }
      cleanup_free char *norm = hb_container_path_normalize (key, err);
      if (norm == NULL)
        return hb_error_wrap (err, "%s: .preset.paths", file);
      strv_push (&out->paths, norm);
      strv_push (&out->reasons, json_string_value (v));
    }

  out->policy_text = json_dumps (policy, JSON_PRESERVE_ORDER | JSON_COMPACT);
  if (out->policy_text == NULL)
    return hb_fail (err, HB_EXIT_INPUT, "%s: .policy: cannot be serialised", file);
  /* The policy part must load as a policy on its own. */
  cleanup_policy hb_policy *probe = hb_policy_new ();
  cleanup_free char *label = xasprintf ("%s .policy", file);
  if (hb_policy_apply_text (probe, out->policy_text, strlen (out->policy_text), label, err) < 0)
    return -1;
  return check_paths_explained (probe, out, file, err);
}

int
hb_preset_parse (const char *text, size_t len, const char *file, hb_preset *out, hb_error **err)
{
  memset (out, 0, sizeof *out);
  json_error_t jerr;
  cleanup_json json_t *root = json_loadb (text, len, JSON_REJECT_DUPLICATES, &jerr);
  if (root == NULL)
    return hb_fail (err, HB_EXIT_INPUT, "%s:%d:%d: %s", file, jerr.line, jerr.column, jerr.text);
  if (parse_into (root, file, out, err) < 0)
    {
      hb_preset_clear (out);
      return -1;
    }
  out->file = xstrdup (file);
  return 0;
}

int
hb_preset_load (const char *path, hb_preset *out, hb_error **err)
{
  size_t len;
  cleanup_free char *text = file_read_all (path, HB_MAX_PRESET_FILE, &len, HB_EXIT_INPUT, err);
  if (text == NULL)
    return -1;
  return hb_preset_parse (text, len, path, out, err);
}

void
hb_preset_clear (hb_preset *p)
{
  free (p->name);
  free (p->description);
  strv_clear (&p->images);
  strv_clear (&p->paths);
  strv_clear (&p->reasons);
  free (p->policy_text);
  free (p->file);
  memset (p, 0, sizeof *p);
}

static int
preset_cmp (const void *a, const void *b)
{
  return strcmp (((const hb_preset *) a)->name, ((const hb_preset *) b)->name);
}

int
hb_presets_load_dir (const char *dir, hb_preset_set *out, hb_error **err)
{
  memset (out, 0, sizeof *out);
  cleanup_free char *owned = dir ? NULL : xasprintf ("%s/profiles/presets", hb_data_dir ());
  if (dir == NULL)
    dir = owned;
  cleanup_dir DIR *d = opendir (dir);
  if (d == NULL)
    return hb_fail_errno (err, errno, HB_EXIT_INPUT, "presets %s", dir);
  struct dirent *de;
  while ((de = readdir (d)) != NULL)
    {
      if (de->d_name[0] == '.' || !text_has_suffix (de->d_name, ".json"))
        continue;
      cleanup_free char *path = xasprintf ("%s/%s", dir, de->d_name);
      hb_preset p;
      if (hb_preset_load (path, &p, err) < 0)
        {
          hb_preset_set_clear (out);
          return -1;
        }
      cleanup_free char *expect = xasprintf ("%s.json", p.name);
      if (strcmp (expect, de->d_name) != 0 || hb_preset_find (out, p.name) != NULL)
        {
          hb_fail (err, HB_EXIT_INPUT, "%s: .preset.name %s: the file must be named %s", path,
                   p.name, expect);
          hb_preset_clear (&p);
          hb_preset_set_clear (out);
          return -1;
        }
      out->v = xreallocarray (out->v, out->n + 1, sizeof *out->v);
      out->v[out->n++] = p;
    }
  if (out->n > 1)
    qsort (out->v, out->n, sizeof *out->v, preset_cmp);
  return 0;
}

void
hb_preset_set_clear (hb_preset_set *s)
{
  for (size_t i = 0; i < s->n; i++)
    hb_preset_clear (&s->v[i]);
  free (s->v);
  memset (s, 0, sizeof *s);
}

const hb_preset *
hb_preset_find (const hb_preset_set *s, const char *name)
{
  for (size_t i = 0; i < s->n; i++)
    if (text_ieq (s->v[i].name, name))
      return &s->v[i];
  return NULL;
}

/* The forms of an image reference the patterns are tried against. */
static void
image_forms (const char *image, strv *forms)
{
  strv_push (forms, image);
  const char *s = image;
  static const char *const hub[] = { "docker.io/", "index.docker.io/", "registry-1.docker.io/" };
  for (size_t i = 0; i < sizeof hub / sizeof hub[0]; i++)
    if (text_has_prefix (s, hub[i]))
      {
        s += strlen (hub[i]);
        break;
      }
  if (text_has_prefix (s, "library/"))
    s += strlen ("library/");
  strv_add_unique (forms, s);
  /* Without digest, then without tag (a ':' after the last '/'). */
  cleanup_free char *repo = xstrdup (s);
  char *at = strchr (repo, '@');
  if (at)
    *at = '\0';
  strv_add_unique (forms, repo);
  char *slash = strrchr (repo, '/');
  char *colon = strrchr (slash ? slash : repo, ':');
  if (colon)
    *colon = '\0';
  strv_add_unique (forms, repo);
}

bool
hb_preset_matches (const hb_preset *p, const char *image)
{
  if (image == NULL || *image == '\0' || p->addon)
    return false;
  cleanup_strv strv forms = { 0 };
  image_forms (image, &forms);
  for (size_t i = 0; i < p->images.n; i++)
    for (size_t k = 0; k < forms.n; k++)
      if (fnmatch (p->images.v[i], forms.v[k], 0) == 0)
        return true;
  return false;
}

void
hb_presets_for_image (const hb_preset_set *s, const char *image, strv *names)
{
  for (size_t i = 0; i < s->n; i++)
    if (hb_preset_matches (&s->v[i], image))
      strv_push (names, s->v[i].name);
}

int
hb_preset_apply_to (hb_policy *policy, const hb_preset *preset, hb_error **err)
{
  json_error_t jerr;
  cleanup_json json_t *obj = json_loads (preset->policy_text, 0, &jerr);
  if (obj == NULL)
    return hb_fail (err, HB_EXIT_INPUT, "preset %s: %s", preset->name, jerr.text);
  /* Mounts are added one by one below, the rest replaces what it names. */
  cleanup_json json_t *tmpfs = json_incref (json_object_get (obj, "tmpfs"));
  cleanup_json json_t *volumes = json_incref (json_object_get (obj, "volumes"));
  json_object_del (obj, "tmpfs");
  json_object_del (obj, "volumes");

  cleanup_policy hb_policy *q = hb_policy_copy (policy);
  cleanup_free char *rest = json_dumps (obj, JSON_COMPACT);
  cleanup_free char *label = xasprintf ("preset %s", preset->name);
  if (hb_policy_apply_text (q, rest, strlen (rest), label, err) < 0)
    return -1;
  size_t i;
  json_t *m;
  json_array_foreach (tmpfs, i, m)
    {
      json_t *opts = json_object_get (m, "options");
      if (hb_policy_set_tmpfs (q, json_string_value (json_object_get (m, "path")),
                               json_is_string (opts) ? json_string_value (opts) : NULL, err) < 0)
        return hb_error_wrap (err, "%s", label);
    }
  json_array_foreach (volumes, i, m)
    {
      json_t *src = json_object_get (m, "source");
      if (hb_policy_set_volume (q, json_string_value (json_object_get (m, "path")),
                                json_is_string (src) ? json_string_value (src) : NULL,
                                json_is_true (json_object_get (m, "read_only")), err) < 0)
        return hb_error_wrap (err, "%s", label);
    }
  hb_policy tmp = *policy;
  *policy = *q;
  *q = tmp;
  return 0;
}

int
hb_preset_apply (hb_policy *policy, const char *name, hb_error **err)
{
  hb_preset_set set;
  if (hb_presets_load_dir (NULL, &set, err) < 0)
    return -1;
  const hb_preset *p = hb_preset_find (&set, name);
  int r;
  if (p == NULL)
    {
      cleanup_free char *shown = text_sanitize (name);
      r = hb_fail (err, HB_EXIT_NOT_FOUND, "no preset %s (presets live in %s/profiles/presets)",
                   shown, hb_data_dir ());
    }
  else
    r = hb_preset_apply_to (policy, p, err);
  hb_preset_set_clear (&set);
  return r;
}
