/* explain.c - the index of teaching texts: capabilities (their texts come
 * from the capability table), the hand-written entries of explain_text.c
 * and the audit checks (their fix is the control).  What the default
 * seccomp profile does with a syscall is never hand-written: it is computed
 * from the profile (explain_profile.c) and put first in the control text,
 * naming the profile's release line ("Under Docker 20.10's default seccomp
 * profile, ...": "default" follows the engine, policy/profile_line.h).
 * Built once per line, on first use, and kept for the process's lifetime,
 * so that an entry handed out stays valid when the line changes. */
#include "config.h"

#include "audit/audit.h"
#include "audit/explain.h"
#include "audit/explain_profile.h"
#include "audit/explain_text.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "policy/capabilities.h"
#include "policy/profile_line.h"
#include "policy/seccomp_profile.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
  hb_explanation e;
  const char *aliases;       /* space-separated, or NULL */
  const char *short_name;    /* capabilities: the name without CAP_ */
} entry;

/* One index per release line of the default profile; entries and
 * n_entries are the current line's (build_index). */
static struct {
  entry *v;
  size_t n;
} indexes[HB_N_LINES];
static entry *entries;
static size_t n_entries;

static void
add_entry (const hb_explanation *e, const char *aliases, const char *short_name)
{
  entries = xreallocarray (entries, n_entries + 1, sizeof *entries);
  entries[n_entries].e = *e;
  entries[n_entries].aliases = aliases;
  entries[n_entries].short_name = short_name;
  n_entries++;
}

/* "CLAUSE HAND" or HAND when there is no clause (clause is freed). */
static const char *
with_clause (char *clause, const char *hand)
{
  if (clause == NULL)
    return hand;
  char *s = xasprintf ("%s %s", clause, hand);
  free (clause);
  return s;
}

/* The names an entry's profile sentence covers: its own list, or for a
 * syscall entry its name and aliases. */
static char *
entry_syscalls (const hb_explain_text *t)
{
  if (t->syscalls)
    return xstrdup (t->syscalls);
  if (strcmp (t->kind, "syscall") != 0)
    return NULL;
  return xasprintf ("%s %s", t->topic, t->aliases ? t->aliases : "");
}

/* "4.1" < "5.2" < "5.10" */
static int
check_cmp (const void *a, const void *b)
{
  const char *x = ((const entry *) a)->e.topic, *y = ((const entry *) b)->e.topic;
  unsigned long xa = strtoul (x, NULL, 10), ya = strtoul (y, NULL, 10);
  if (xa != ya)
    return xa < ya ? -1 : 1;
  const char *xd = strchr (x, '.'), *yd = strchr (y, '.');
  unsigned long xb = xd ? strtoul (xd + 1, NULL, 10) : 0, yb = yd ? strtoul (yd + 1, NULL, 10) : 0;
  return xb < yb ? -1 : xb > yb;
}

static void build_line_index (void);

/* The current line's index, built on first use. */
static void
build_index (void)
{
  hb_profile_line line = hb_profile_line_current ();
  if (indexes[line].v == NULL)
    {
      entries = NULL;
      n_entries = 0;
      build_line_index ();
      indexes[line].v = entries;
      indexes[line].n = n_entries;
    }
  entries = indexes[line].v;
  n_entries = indexes[line].n;
}

static void
build_line_index (void)
{
  hb_error *perr = NULL;
  cleanup_seccomp_profile hb_seccomp_profile *prof = hb_seccomp_profile_resolve ("default", &perr);
  /* "Docker 20.10's default seccomp profile" */
  cleanup_free char *label = xasprintf ("%s's default seccomp profile",
                                         hb_profile_line_label (hb_profile_line_current ()));
  char *unreadable = NULL;
  if (prof == NULL)
    {
      unreadable = xasprintf ("(What %s does here is unknown: %s.)", label, perr->msg);
      hb_error_free (perr);
    }

  size_t n_caps;
  const hb_capability *caps = hb_cap_table (&n_caps);
  for (size_t i = 0; i < n_caps; i++)
    {
      const hb_capability *c = &caps[i];
      char *control = c->docker_default
          ? xasprintf ("granted by Docker by default: --cap-drop %s removes it (policy key "
                       "capabilities.drop); --cap-drop ALL removes every one", c->name)
          : xasprintf ("not granted by Docker by default: --cap-add %s grants it (policy key "
                       "capabilities.add); audit check 5.4 fails while it is granted", c->name);
      if (prof)
        {
          char *clause = hb_profile_cap_clause (prof, label, c->name);
          if (clause)
            {
              char *both = xasprintf ("%s. %s", control, clause);
              free (control);
              free (clause);
              control = both;
            }
        }
      hb_explanation e = {
        .topic = xasprintf ("CAP_%s", c->name),
        .kind = "capability",
        .what = c->summary,
        .risk = c->risk,
        .needed = c->needed_by,
        .control = control,
      };
      add_entry (&e, NULL, c->name);
    }

  for (size_t i = 0; i < hb_explain_n_texts; i++)
    {
      const hb_explain_text *t = &hb_explain_texts[i];
      const char *control = t->control;
      cleanup_free char *names = entry_syscalls (t);
      if (names && prof)
        control = with_clause (hb_profile_clause (prof, label, names), t->control);
      else if (names)
        control = with_clause (xstrdup (unreadable), t->control);
      hb_explanation e = {
        .topic = t->topic, .kind = t->kind, .what = t->what,
        .risk = t->risk, .needed = t->needed, .control = control,
      };
      add_entry (&e, t->aliases, NULL);
    }

  /* The checks, audited or not, in the benchmark's order. */
  size_t first_check = n_entries;
  for (size_t i = 0; i < hb_check_n_texts; i++)
    {
      const hb_check_text *t = &hb_check_texts[i];
      const hb_check *c = hb_audit_check_lookup (t->id);
      if (c == NULL)
        continue;
      hb_explanation e = {
        .topic = c->id,
        .kind = "check",
        .what = xasprintf ("CIS Docker Benchmark v1.6.0 %s: %s.  %s", c->id, c->title, t->what),
        .risk = t->risk,
        .needed = t->needed,
        .control = c->fix,
      };
      add_entry (&e, "", NULL);
    }
  for (size_t i = 0; i < hb_undecided_n_checks; i++)
    {
      const hb_undecided_check *u = &hb_undecided_checks[i];
      hb_explanation e = {
        .topic = u->id,
        .kind = "check",
        .what = xasprintf ("CIS Docker Benchmark v1.6.0 %s: %s.  Not decided by a policy, so "
                           "hardenbench audit leaves it out: %s", u->id, u->title, u->why),
        .risk = u->risk,
        .needed = "Decided where the setting lives: the engine, the host or the deployment.",
        .control = u->control,
      };
      add_entry (&e, "", NULL);
    }
  qsort (entries + first_check, n_entries - first_check, sizeof *entries, check_cmp);
  free (unreadable);
}

size_t
hb_explain_count (void)
{
  build_index ();
  return n_entries;
}

const hb_explanation *
hb_explain_at (size_t i)
{
  build_index ();
  return i < n_entries ? &entries[i].e : NULL;
}

const char *
hb_explain_aliases_at (size_t i)
{
  build_index ();
  return i < n_entries ? entries[i].aliases : NULL;
}

/* Is name one of the space-separated words of list (case-insensitive)? */
static bool
alias_matches (const char *list, const char *name)
{
  if (list == NULL)
    return false;
  size_t len = strlen (name);
  const char *p = list;
  while (*p)
    {
      while (*p == ' ')
        p++;
      size_t n = strcspn (p, " ");
      if (n == len && n > 0 && strncasecmp (p, name, n) == 0)
        return true;
      p += n;
    }
  return false;
}

/* "CIS-5.13" and "cis 5.13" name the check 5.13. */
static const char *
strip_cis_prefix (const char *topic)
{
  if (strncasecmp (topic, "cis", 3) != 0)
    return topic;
  const char *t = topic + 3;
  while (*t == '-' || *t == ' ' || *t == '_')
    t++;
  return (*t >= '0' && *t <= '9') ? t : topic;
}

size_t
hb_explain_lookup_all (const char *topic, const hb_explanation **out, size_t max)
{
  build_index ();
  if (topic == NULL || *topic == '\0')
    return 0;
  topic = strip_cis_prefix (topic);
  size_t found = 0;
  bool *taken = xcalloc (n_entries, sizeof *taken);
  /* pass 0: canonical names; 1: aliases; 2: capabilities without CAP_ */
  for (int pass = 0; pass < 3; pass++)
    for (size_t i = 0; i < n_entries; i++)
      {
        const entry *en = &entries[i];
        bool match = pass == 0 ? text_ieq (en->e.topic, topic)
                     : pass == 1 ? alias_matches (en->aliases, topic)
                     : en->short_name != NULL && text_ieq (en->short_name, topic);
        if (!match || taken[i])
          continue;
        taken[i] = true;
        if (found < max)
          out[found] = &en->e;
        found++;
      }
  free (taken);
  return found;
}

const hb_explanation *
hb_explain_lookup (const char *topic)
{
  const hb_explanation *e = NULL;
  return hb_explain_lookup_all (topic, &e, 1) > 0 ? e : NULL;
}

typedef struct candidate {
  const char *name;
  size_t distance;
} candidate;

static char *
lower_copy (const char *s)
{
  char *c = xstrdup (s);
  for (char *p = c; *p; p++)
    if (*p >= 'A' && *p <= 'Z')
      *p = (char) (*p - 'A' + 'a');
  return c;
}

/* How far name is from the (lower-cased) query; a name that starts with the
 * query counts as one edit away, so "CAP_NET" suggests CAP_NET_*. */
static size_t
name_distance (const char *query, size_t qlen, const char *name)
{
  cleanup_free char *lname = lower_copy (name);
  if (qlen >= 3 && strncmp (lname, query, qlen) == 0)
    return 1;
  return text_edit_distance (query, lname);
}

static int
candidate_cmp (const void *a, const void *b)
{
  const candidate *x = a, *y = b;
  if (x->distance != y->distance)
    return x->distance < y->distance ? -1 : 1;
  return strcmp (x->name, y->name);
}

size_t
hb_explain_suggest (const char *topic, const char **out, size_t max)
{
  build_index ();
  if (topic == NULL || max == 0)
    return 0;
  cleanup_free char *query = lower_copy (topic);
  size_t qlen = strlen (query);
  /* Allow about a third of the word to be wrong, at least two edits. */
  size_t limit = qlen / 3 > 2 ? qlen / 3 : 2;
  cleanup_free candidate *cands = xcalloc (n_entries, sizeof *cands);
  size_t nc = 0;
  for (size_t i = 0; i < n_entries; i++)
    {
      const entry *en = &entries[i];
      size_t best = name_distance (query, qlen, en->e.topic);
      if (en->short_name)
        {
          size_t d = name_distance (query, qlen, en->short_name);
          if (d < best)
            best = d;
        }
      const char *p = en->aliases ? en->aliases : "";
      while (*p)
        {
          while (*p == ' ')
            p++;
          size_t n = strcspn (p, " ");
          if (n > 0)
            {
              cleanup_free char *alias = xstrndup (p, n);
              size_t d = name_distance (query, qlen, alias);
              if (d < best)
                best = d;
            }
          p += n;
        }
      if (best <= limit)
        {
          cands[nc].name = en->e.topic;
          cands[nc].distance = best;
          nc++;
        }
    }
  qsort (cands, nc, sizeof *cands, candidate_cmp);
  size_t k = nc < max ? nc : max;
  for (size_t i = 0; i < k; i++)
    out[i] = cands[i].name;
  return k;
}
