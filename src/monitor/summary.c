/* summary.c - the monitor's part of a trial's summary: what was denied,
 * the suggestions built from it, and with learn what was learned. */
#include "config.h"

#include "monitor/monitor_internal.h"

static json_t *
countmap_json (const hb_countmap *cm, const char *key)
{
  json_t *a = json_array ();
  for (size_t i = 0; i < cm->n; i++)
    json_array_append_new (a, json_pack ("{s:s, s:I}", key, cm->v[i].key, "count",
                                         (json_int_t) cm->v[i].count));
  return a;
}

static void
countmap_keys (const hb_countmap *cm, strv *out)
{
  for (size_t i = 0; i < cm->n; i++)
    strv_push (out, cm->v[i].key);
}

static json_t *
keys_json (const hb_countmap *cm, bool sorted)
{
  cleanup_strv strv k = { 0 };
  countmap_keys (cm, &k);
  if (sorted)
    strv_sort (&k);
  json_t *a = json_array ();
  for (size_t i = 0; i < k.n; i++)
    json_array_append_new (a, json_string (k.v[i]));
  return a;
}

void
hb_monitor_summary (hb_monitor *m, json_t *summary)
{
  json_object_set_new (summary, "monitor", json_string (m->used_hook ? "exit-hook" : "ptrace"));
  json_object_set_new (summary, "denied_writes", countmap_json (&m->denied_writes, "path"));
  json_object_set_new (summary, "denied_syscalls",
                       countmap_json (&m->denied_syscalls, "syscall"));
  cleanup_strv strv paths = { 0 };
  cleanup_strv strv syscalls = { 0 };
  cleanup_strv strv caps = { 0 };
  cleanup_strv strv mkdirs = { 0 };
  countmap_keys (&m->denied_writes, &paths);
  countmap_keys (&m->denied_mkdirs, &mkdirs);
  countmap_keys (&m->denied_syscalls, &syscalls);
  countmap_keys (&m->missing_caps, &caps);
  hb_suggestions s = { 0 };
  hb_suggestions_build (&paths, &mkdirs, &syscalls, &caps, &s);
  json_object_set_new (summary, "suggestions", hb_suggestions_to_json (&s));
  hb_suggestions_clear (&s);
  if (m->learn)
    {
      cleanup_strv strv written = { 0 };
      cleanup_strv strv created = { 0 };
      countmap_keys (&m->created_dirs, &created);
      cleanup_strv strv dirs = { 0 };
      countmap_keys (&m->written_paths, &written);
      hb_suggest_writable_dirs (&written, &created, &dirs);
      json_t *dj = json_array ();
      for (size_t i = 0; i < dirs.n; i++)
        json_array_append_new (dj, json_string (dirs.v[i]));
      json_object_set_new (summary, "learned",
                           json_pack ("{s:o, s:o, s:o}", "syscalls",
                                      keys_json (&m->learned_syscalls, true), "written_dirs", dj,
                                      "capabilities", keys_json (&m->used_caps, true)));
    }
}
