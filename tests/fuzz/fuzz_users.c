/* fuzz_users.c - libFuzzer harness: users and groups read from a target's
 * own /etc/passwd and /etc/group (policy/users.c), and the --user value
 * itself (hb_policy_set_user).
 *
 * An input is "SPEC\0PASSWD\0GROUP": the two files are written into a fresh
 * root directory.  Beyond "no crash": --user takes no blank or control
 * character, and a resolved user is "UID" or "UID:GID", which it takes. */
#define _GNU_SOURCE
#include "config.h"

#include "fuzz.h"
#include "core/rootfs.h"
#include "policy/policy.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void
write_file (const char *dir, const char *name, const uint8_t *data, size_t size)
{
  char path[4200];
  snprintf (path, sizeof path, "%s/%s", dir, name);
  int fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0 || (size > 0 && write (fd, data, size) != (ssize_t) size) || close (fd) < 0)
    abort ();
}

/* The next NUL-terminated part of data (the rest when there is no NUL). */
static const uint8_t *
part (const uint8_t **data, size_t *size, size_t *len)
{
  const uint8_t *start = *data;
  const uint8_t *nul = memchr (start, '\0', *size);
  *len = nul ? (size_t) (nul - start) : *size;
  size_t used = nul ? *len + 1 : *len;
  *data += used;
  *size -= used;
  return start;
}

static bool
well_formed (const char *s)
{
  char *end;
  strtoul (s, &end, 10);
  if (end == s)
    return false;
  if (*end == ':')
    {
      const char *g = end + 1;
      strtoul (g, &end, 10);
      if (end == g)
        return false;
    }
  return *end == '\0';
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  size_t spec_len, passwd_len, group_len;
  const uint8_t *spec_bytes = part (&data, &size, &spec_len);
  const uint8_t *passwd = part (&data, &size, &passwd_len);
  const uint8_t *group = part (&data, &size, &group_len);
  char *spec = strndup ((const char *) spec_bytes, spec_len);

  char *dir = fuzz_fresh_dir ();
  char etc[4200];
  snprintf (etc, sizeof etc, "%s/etc", dir);
  if (mkdir (etc, 0755) < 0)
    abort ();
  write_file (etc, "passwd", passwd, passwd_len);
  write_file (etc, "group", group, group_len);
  hb_rootfs root = { 0 };
  strv_push (&root.layers, dir);

  hb_policy *p = hb_policy_new ();
  hb_error *err = NULL;
  if (hb_policy_set_user (p, spec, &err) < 0)
    hb_error_free (err);
  else
    for (const unsigned char *c = (const unsigned char *) p->user; *c; c++)
      if (*c <= ' ' || *c == 0x7f)
        {
          fprintf (stderr, "fuzz: --user took a blank or control character\n");
          abort ();
        }
  err = NULL;
  char *resolved = NULL;
  if (hb_user_resolve (&root, spec, &resolved, &err) == 0)
    {
      if (!well_formed (resolved))
        {
          fprintf (stderr, "fuzz: user %s resolved to \"%s\"\n", spec, resolved);
          abort ();
        }
      if (hb_policy_set_user (p, resolved, &err) < 0)
        {
          fprintf (stderr, "fuzz: user resolved to \"%s\", which the policy refuses\n", resolved);
          abort ();
        }
    }
  else
    {
      if (err == NULL || err->msg == NULL)
        abort ();
      hb_error_free (err);
    }
  free (resolved);

  size_t n = 0;
  hb_user_entry *users = hb_user_list (&root, &n);
  strv gids = { 0 };
  if (n > 0)
    hb_user_groups (&root, users[0].name, users[0].gid, &gids);
  strv_clear (&gids);
  hb_user_list_free (users, n);

  hb_policy_free (p);
  hb_rootfs_clear (&root);
  free (spec);
  fuzz_remove_tree (dir);
  free (dir);
  fuzz_check_canary ();
  return 0;
}
