/* suggest.c - turning denials into the smallest policy changes. */
#include "config.h"

#include "monitor/suggest.h"

#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "monitor/resolve.h"

#include <stdlib.h>
#include <string.h>

/* Directories a tmpfs would hide the system under. */
static const char *const never_dirs[] = {
  "/", "/etc", "/usr", "/var", "/bin", "/lib", "/lib32", "/lib64", "/libx32", "/sbin",
  "/boot", "/usr/bin", "/usr/sbin", "/usr/lib", "/usr/lib32", "/usr/lib64", "/usr/libexec",
  "/usr/share", "/usr/include", "/usr/local", "/opt", "/srv", "/home", "/mnt", "/media",
};
/* Trees the sandbox provides itself: never mounted over. */
static const char *const never_trees[] = { "/proc", "/sys", "/dev" };

bool
hb_suggest_dir_allowed (const char *dir)
{
  if (dir == NULL || dir[0] != '/')
    return false;
  for (size_t i = 0; i < sizeof never_dirs / sizeof never_dirs[0]; i++)
    if (strcmp (dir, never_dirs[i]) == 0)
      return false;
  for (size_t i = 0; i < sizeof never_trees / sizeof never_trees[0]; i++)
    {
      size_t n = strlen (never_trees[i]);
      if (strncmp (dir, never_trees[i], n) == 0 && (dir[n] == '\0' || dir[n] == '/'))
        return false;
    }
  return true;
}

static char *
parent_dir (const char *path)
{
  cleanup_free char *norm = hb_path_normalize_lexical (path);
  char *slash = strrchr (norm, '/');
  if (slash == norm)
    return xstrdup ("/");
  return xstrndup (norm, (size_t) (slash - norm));
}

bool
hb_path_is_under (const char *path, const char *dir)
{
  size_t n = strlen (dir);
  if (strcmp (dir, "/") == 0)
    return true;
  return strncmp (path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* Directories whose own subdirectories an app creates (mkdir /var/lib/app):
 * a tmpfs over them would hide the system's files there. */
static const char *const shared_dirs[] = { "/var/lib", "/var/cache", "/var/spool", "/var/log" };

static bool
shared_dir (const char *dir)
{
  for (size_t i = 0; i < sizeof shared_dirs / sizeof shared_dirs[0]; i++)
    if (strcmp (dir, shared_dirs[i]) == 0)
      return true;
  return false;
}

void
hb_suggest_writable_dirs (const strv *denied_paths, const strv *created_dirs, strv *out)
{
  cleanup_strv strv dirs = { 0 };
  for (size_t i = 0; i < denied_paths->n; i++)
    {
      const char *p = denied_paths->v[i];
      if (p == NULL || p[0] != '/')
        continue;   /* unresolved ("?cwd/x"): nothing certain to suggest */
      cleanup_free char *d = parent_dir (p);
      bool created = created_dirs && strv_contains (created_dirs, p);
      if (created && (!hb_suggest_dir_allowed (d) || shared_dir (d)))
        {
          cleanup_free char *self = hb_path_normalize_lexical (p);
          if (hb_suggest_dir_allowed (self))
            strv_add_unique (&dirs, self);
        }
      else if (hb_suggest_dir_allowed (d))
        strv_add_unique (&dirs, d);
    }
  strv_sort (&dirs);
  /* Sorted, an ancestor comes before its descendants. */
  for (size_t i = 0; i < dirs.n; i++)
    {
      bool covered = false;
      for (size_t k = 0; k < out->n && !covered; k++)
        covered = hb_path_is_under (dirs.v[i], out->v[k]);
      if (!covered)
        strv_add_unique (out, dirs.v[i]);
    }
}

static char *
cap_short_name (const char *cap)
{
  const char *c = text_has_prefix (cap, "CAP_") || text_has_prefix (cap, "cap_") ? cap + 4 : cap;
  return text_upper (c);
}

void
hb_suggestions_build (const strv *denied_paths, const strv *created_dirs,
                      const strv *denied_syscalls, const strv *missing_caps,
                      hb_suggestions *out)
{
  if (denied_paths)
    hb_suggest_writable_dirs (denied_paths, created_dirs, &out->tmpfs);
  for (size_t i = 0; denied_syscalls && i < denied_syscalls->n; i++)
    strv_add_unique (&out->allow_syscalls, denied_syscalls->v[i]);
  strv_sort (&out->allow_syscalls);
  for (size_t i = 0; missing_caps && i < missing_caps->n; i++)
    {
      cleanup_free char *c = cap_short_name (missing_caps->v[i]);
      strv_add_unique (&out->cap_add, c);
      /* Dropping privileges is setgid/setgroups then setuid: a denied
       * setgid stops the process before its setuid could be seen, so the
       * pair is suggested together (one round instead of two). */
      if (strcmp (c, "SETGID") == 0)
        strv_add_unique (&out->cap_add, "SETUID");
    }
  strv_sort (&out->cap_add);
}

json_t *
hb_suggestions_to_json (const hb_suggestions *s)
{
  return json_pack ("{s:o, s:o, s:o}", "tmpfs", strv_to_json (&s->tmpfs), "allow_syscalls",
                    strv_to_json (&s->allow_syscalls), "cap_add", strv_to_json (&s->cap_add));
}

static int
json_strv (json_t *obj, const char *key, strv *out, hb_error **err)
{
  json_t *a = json_object_get (obj, key);
  if (a == NULL || json_is_null (a))
    return 0;
  if (!json_is_array (a))
    return hb_fail (err, HB_EXIT_INPUT, "suggestions: .%s: not a list", key);
  size_t i;
  json_t *v;
  json_array_foreach (a, i, v)
    {
      if (!json_is_string (v))
        return hb_fail (err, HB_EXIT_INPUT, "suggestions: .%s[%zu]: not a string", key, i);
      strv_add_unique (out, json_string_value (v));
    }
  return 0;
}

int
hb_suggestions_from_json (json_t *obj, hb_suggestions *out, hb_error **err)
{
  if (!json_is_object (obj))
    return hb_fail (err, HB_EXIT_INPUT, "suggestions: not an object");
  if (json_strv (obj, "tmpfs", &out->tmpfs, err) < 0
      || json_strv (obj, "allow_syscalls", &out->allow_syscalls, err) < 0
      || json_strv (obj, "cap_add", &out->cap_add, err) < 0)
    return -1;
  return 0;
}

bool
hb_suggestions_empty (const hb_suggestions *s)
{
  return s->tmpfs.n == 0 && s->allow_syscalls.n == 0 && s->cap_add.n == 0;
}

void
hb_suggestions_clear (hb_suggestions *s)
{
  strv_clear (&s->tmpfs);
  strv_clear (&s->allow_syscalls);
  strv_clear (&s->cap_add);
}
