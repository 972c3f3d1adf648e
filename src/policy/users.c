/* users.c - users and groups of a target, read from its own /etc/passwd and
 * /etc/group (inside the container root, never the host's), resolved the
 * way runc resolves `--user`. */
#include "config.h"

#include "policy/policy.h"
#include "core/cleanup.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DB_FILE (4u * 1024 * 1024)

/* Split a colon-separated line into at most max fields, in place. */
static size_t
split_fields (char *line, char **fields, size_t max)
{
  size_t n = 0;
  char *p = line;
  while (n < max)
    {
      fields[n++] = p;
      char *colon = strchr (p, ':');
      if (colon == NULL)
        break;
      *colon = '\0';
      p = colon + 1;
    }
  return n;
}

static bool
parse_id (const char *s, unsigned *out)
{
  uint64_t v;
  if (!text_parse_u64 (s, &v) || v > 0xfffffffeULL)
    return false;
  *out = (unsigned) v;
  return true;
}

/* Read a database file of the root.  NULL with *problem NULL when it does
 * not exist; NULL with *problem set (when problem is not NULL) when it
 * exists but cannot be used: too big, not a regular file, unreadable.
 * Saying "the target has no /etc/passwd" of a 5 MB one sent people looking
 * for a file that is there. */
static char *
read_db (const hb_rootfs *root, const char *path, hb_error **problem)
{
  if (root == NULL)
    return NULL;
  hb_error *err = NULL;
  char *text = hb_rootfs_read_file (root, path, MAX_DB_FILE, NULL, &err);
  if (text == NULL && err && err->errnum != ENOENT && problem)
    *problem = steal_pointer (&err);
  hb_error_free (err);
  return text;
}

/* "what: cannot use the target's /etc/passwd: why" from problem (freed). */
static int
db_fail (hb_error **err, hb_error *problem, const char *what, const char *db, const char *hint)
{
  cleanup_free char *safe = text_sanitize (what);
  int r = hb_fail (err, HB_EXIT_USAGE, "%s: cannot use the target's %s: %s%s", safe, db,
                   problem->msg, hint);
  hb_error_free (problem);
  return r;
}

typedef bool (*line_fn) (char **fields, size_t n, void *data);

static void
for_each_line (char *text, size_t min_fields, line_fn fn, void *data)
{
  char *save = NULL;
  for (char *line = strtok_r (text, "\n", &save); line; line = strtok_r (NULL, "\n", &save))
    {
      if (line[0] == '#' || line[0] == '+' || line[0] == '-')
        continue;
      char *fields[7] = { 0 };
      size_t n = split_fields (line, fields, 7);
      if (n < min_fields)
        continue;
      if (fn (fields, n, data))
        break;
    }
}

hb_user_entry *
hb_user_list (const hb_rootfs *root, size_t *n)
{
  *n = 0;
  cleanup_free char *text = read_db (root, "/etc/passwd", NULL);
  if (text == NULL)
    return NULL;
  hb_user_entry *out = NULL;
  size_t cap = 0;
  char *save = NULL;
  for (char *line = strtok_r (text, "\n", &save); line; line = strtok_r (NULL, "\n", &save))
    {
      char *f[7] = { 0 };
      if (line[0] == '#' || split_fields (line, f, 7) < 4)
        continue;
      unsigned uid, gid;
      if (!parse_id (f[2], &uid) || !parse_id (f[3], &gid) || f[0][0] == '\0')
        continue;
      if (*n == cap)
        out = xreallocarray (out, cap = cap ? cap * 2 : 16, sizeof *out);
      out[*n].name = text_sanitize (f[0]);
      out[*n].uid = uid;
      out[*n].gid = gid;
      out[*n].home = xstrdup (f[5] ? f[5] : "");
      out[*n].shell = xstrdup (f[6] ? f[6] : "");
      (*n)++;
    }
  return out;
}

void
hb_user_list_free (hb_user_entry *u, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      free (u[i].name);
      free (u[i].home);
      free (u[i].shell);
    }
  free (u);
}

typedef struct passwd_query {
  const char *name;   /* match by name, or */
  bool by_uid;
  unsigned uid;       /* match by uid */
  bool found;
  unsigned out_uid, out_gid;
} passwd_query;

static bool
match_passwd (char **f, size_t n, void *data)
{
  passwd_query *q = data;
  unsigned uid, gid;
  if (!parse_id (f[2], &uid) || !parse_id (f[3], &gid))
    return false;
  if ((q->by_uid && uid == q->uid) || (!q->by_uid && strcmp (f[0], q->name) == 0))
    {
      q->found = true;
      q->out_uid = uid;
      q->out_gid = gid;
      return true;
    }
  return false;
}

typedef struct group_query {
  const char *name;
  bool found;
  unsigned gid;
} group_query;

static bool
match_group (char **f, size_t n, void *data)
{
  group_query *q = data;
  unsigned gid;
  if (strcmp (f[0], q->name) == 0 && parse_id (f[2], &gid))
    {
      q->found = true;
      q->gid = gid;
      return true;
    }
  return false;
}

int
hb_user_resolve (const hb_rootfs *root, const char *spec, char **out, hb_error **err)
{
  cleanup_free char *copy = xstrdup (spec);
  char *group = strchr (copy, ':');
  if (group)
    *group++ = '\0';
  const char *user = copy;
  if (*user == '\0' || (group && *group == '\0'))
    return hb_fail (err, HB_EXIT_USAGE, "user %s: expected USER[:GROUP]", spec);

  unsigned uid = 0, gid = 0, group_id = 0;
  bool numeric = parse_id (user, &uid);
  bool numeric_group = group && parse_id (group, &group_id);
  hb_error *problem = NULL;
  /* A numeric user with a group needs no passwd at all. */
  cleanup_free char *passwd = numeric && group ? NULL : read_db (root, "/etc/passwd", &problem);
  if (problem)
    {
      cleanup_free char *what = xasprintf ("user %s", spec);
      return db_fail (err, problem, what, "/etc/passwd",
                      numeric ? " (give the group too: UID:GID)" : "");
    }
  passwd_query pq = { 0 };
  if (numeric)
    {
      /* A numeric user needs no passwd entry; its group comes from one if
       * there is one, else 0, as runc does. */
      pq.by_uid = true;
      pq.uid = uid;
      if (passwd)
        for_each_line (passwd, 4, match_passwd, &pq);
      gid = pq.found ? pq.out_gid : 0;
    }
  else
    {
      pq.name = user;
      if (passwd)
        for_each_line (passwd, 4, match_passwd, &pq);
      if (!pq.found)
        {
          cleanup_free char *safe = text_sanitize (user);
          return hb_fail (err, HB_EXIT_USAGE, "user %s: not in the target's /etc/passwd%s", safe,
                          passwd ? "" : " (the target has no /etc/passwd: use a number)");
        }
      uid = pq.out_uid;
      gid = pq.out_gid;
    }

  if (group)
    {
      if (numeric_group)
        gid = group_id;
      else
        {
          cleanup_free char *groups = read_db (root, "/etc/group", &problem);
          if (problem)
            {
              cleanup_free char *what = xasprintf ("group %s", group);
              return db_fail (err, problem, what, "/etc/group", " (give it as a number)");
            }
          group_query gq = { group, false, 0 };
          if (groups)
            for_each_line (groups, 3, match_group, &gq);
          if (!gq.found)
            {
              cleanup_free char *safe = text_sanitize (group);
              return hb_fail (err, HB_EXIT_USAGE, "group %s: not in the target's /etc/group%s", safe,
                              groups ? "" : " (the target has no /etc/group: use a number)");
            }
          gid = gq.gid;
        }
    }
  /* Without a group the spec stays a bare uid: docker then takes the
   * primary group from passwd and adds the /etc/group memberships, while
   * UID:GID means exactly that group (runc; measured with docker 20.10). */
  *out = group ? xasprintf ("%u:%u", uid, gid) : xasprintf ("%u", uid);
  return 0;
}

typedef struct member_query {
  const char *name;
  unsigned primary;
  strv *out;
} member_query;

static bool
match_member (char **f, size_t n, void *data)
{
  member_query *q = data;
  unsigned gid;
  if (n < 4 || !parse_id (f[2], &gid) || gid == q->primary)
    return false;
  cleanup_free char *members = xstrdup (f[3]);
  char *save = NULL;
  for (char *m = strtok_r (members, ",", &save); m; m = strtok_r (NULL, ",", &save))
    if (strcmp (m, q->name) == 0)
      {
        cleanup_free char *g = xasprintf ("%u", gid);
        strv_add_unique (q->out, g);
        break;
      }
  return false;
}

void
hb_user_groups (const hb_rootfs *root, const char *name, unsigned gid, strv *gids_out)
{
  if (name == NULL)
    return;
  cleanup_free char *groups = read_db (root, "/etc/group", NULL);
  if (groups == NULL)
    return;
  member_query q = { name, gid, gids_out };
  for_each_line (groups, 4, match_member, &q);
}
