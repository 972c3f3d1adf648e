/* profile_cache.c - a parsed seccomp profile kept as bytes in the BPF
 * cache directory, and read back instead of parsed (profile_cache.h).
 *
 * The encoding is a flat list of 64-bit numbers and length-prefixed
 * strings (hb_cache_key's appenders), in the order of the structures in
 * policy/seccomp_profile.h.  Reading it back checks every count, enum and
 * length: an entry that is not exactly one valid profile is a miss. */
#include "config.h"

#include "sandbox/profile_cache.h"
#include "core/cache_file.h"
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/xalloc.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Part of every key: a change of the encoding misses every older entry. */
#define PROFILE_ENCODING "seccomp profile 1"

/* ---------------------------------------------------------------------------
 * Writing
 * ------------------------------------------------------------------------- */

static void
put_int (hb_cache_key *b, int64_t v)
{
  hb_cache_key_u64 (b, (uint64_t) v);
}

static void
put_strv (hb_cache_key *b, const strv *v)
{
  hb_cache_key_u64 (b, v->n);
  for (size_t i = 0; i < v->n; i++)
    hb_cache_key_str (b, v->v[i]);
}

static void
put_cond (hb_cache_key *b, const hb_scmp_filter_cond *c)
{
  put_strv (b, &c->caps);
  put_strv (b, &c->arches);
  hb_cache_key_str (b, c->min_kernel);
}

void *
hb_profile_encode (const hb_seccomp_profile *p, size_t *len)
{
  hb_cache_key b = { 0 };
  hb_cache_key_u64 (&b, p->default_action);
  put_int (&b, p->default_errno);
  put_strv (&b, &p->architectures);
  hb_cache_key_str (&b, p->source);
  hb_cache_key_str (&b, p->description);
  hb_cache_key_u64 (&b, p->n_rules);
  for (size_t i = 0; i < p->n_rules; i++)
    {
      const hb_scmp_rule *r = &p->rules[i];
      put_strv (&b, &r->names);
      hb_cache_key_u64 (&b, r->action);
      put_int (&b, r->errno_ret);
      hb_cache_key_u64 (&b, r->n_args);
      for (size_t a = 0; a < r->n_args; a++)
        {
          hb_cache_key_u64 (&b, r->args[a].index);
          hb_cache_key_u64 (&b, r->args[a].value);
          hb_cache_key_u64 (&b, r->args[a].value_two);
          hb_cache_key_u64 (&b, r->args[a].op);
        }
      put_cond (&b, &r->includes);
      put_cond (&b, &r->excludes);
      hb_cache_key_str (&b, r->comment);
      put_int (&b, r->line);
      put_int (&b, r->column);
    }
  *len = b.len;
  return b.data;
}

/* ---------------------------------------------------------------------------
 * Reading
 * ------------------------------------------------------------------------- */

typedef struct reader {
  const unsigned char *p;
  size_t left;
  bool bad;
} reader;

static uint64_t
get_u64 (reader *r)
{
  uint64_t v = 0;
  if (r->left < sizeof v)
    {
      r->bad = true;
      return 0;
    }
  memcpy (&v, r->p, sizeof v);
  r->p += sizeof v;
  r->left -= sizeof v;
  return v;
}

/* A number in [lo, hi]. */
static int64_t
get_int (reader *r, int64_t lo, int64_t hi)
{
  int64_t v = (int64_t) get_u64 (r);
  if (v < lo || v > hi)
    r->bad = true;
  return r->bad ? lo : v;
}

/* A count of items that take at least 8 bytes each: never more than what
 * is left, so a damaged count cannot make us allocate much. */
static size_t
get_count (reader *r)
{
  uint64_t n = get_u64 (r);
  if (n > r->left / 8)
    r->bad = true;
  return r->bad ? 0 : (size_t) n;
}

/* A string (NULL when written as NULL and may_be_null); no NUL inside. */
static char *
get_str (reader *r, bool may_be_null)
{
  uint64_t n = get_u64 (r);
  if (r->bad)
    return NULL;
  if (n == UINT64_MAX)
    {
      if (!may_be_null)
        r->bad = true;
      return NULL;
    }
  if (n > r->left || memchr (r->p, '\0', (size_t) n) != NULL)
    {
      r->bad = true;
      return NULL;
    }
  char *s = xstrndup ((const char *) r->p, (size_t) n);
  r->p += n;
  r->left -= (size_t) n;
  return s;
}

static void
get_strv (reader *r, strv *out)
{
  size_t n = get_count (r);
  for (size_t i = 0; i < n && !r->bad; i++)
    {
      char *s = get_str (r, false);
      if (s)
        strv_push_owned (out, s);
    }
}

static void
get_cond (reader *r, hb_scmp_filter_cond *c)
{
  get_strv (r, &c->caps);
  get_strv (r, &c->arches);
  c->min_kernel = get_str (r, true);
}

hb_seccomp_profile *
hb_profile_decode (const unsigned char *data, size_t len)
{
  reader r = { data, len, false };
  hb_seccomp_profile *p = xcalloc (1, sizeof *p);
  p->default_action = (hb_scmp_action) get_int (&r, 0, HB_SCMP_ALLOW);
  p->default_errno = (int) get_int (&r, -1, 4095);
  get_strv (&r, &p->architectures);
  p->source = get_str (&r, false);
  p->description = get_str (&r, true);
  size_t n = get_count (&r);
  p->rules = xcalloc (n ? n : 1, sizeof *p->rules);
  for (size_t i = 0; i < n && !r.bad; i++)
    {
      hb_scmp_rule *rule = &p->rules[i];
      p->n_rules = i + 1;
      get_strv (&r, &rule->names);
      rule->action = (hb_scmp_action) get_int (&r, 0, HB_SCMP_ALLOW);
      rule->errno_ret = (int) get_int (&r, -1, 4095);
      rule->n_args = (size_t) get_int (&r, 0, 6);
      for (size_t a = 0; a < rule->n_args && !r.bad; a++)
        {
          rule->args[a].index = (unsigned) get_int (&r, 0, 5);
          rule->args[a].value = get_u64 (&r);
          rule->args[a].value_two = get_u64 (&r);
          rule->args[a].op = (hb_scmp_op) get_int (&r, 0, HB_SCMP_CMP_MASKED_EQ);
        }
      get_cond (&r, &rule->includes);
      get_cond (&r, &rule->excludes);
      rule->comment = get_str (&r, true);
      rule->line = (int) get_int (&r, 0, INT32_MAX);
      rule->column = (int) get_int (&r, 0, INT32_MAX);
    }
  if (r.bad || r.left != 0)
    {
      hb_seccomp_profile_free (p);
      return NULL;
    }
  return p;
}

/* ---------------------------------------------------------------------------
 * The cache
 * ------------------------------------------------------------------------- */

hb_seccomp_profile *
hb_profile_cached (const char *name, void *notes_data, hb_error **err)
{
  strv *notes = notes_data;
  cleanup_free char *path = NULL;
  if (hb_seccomp_profile_locate (name, &path, err) < 0)
    return NULL;
  if (path == NULL)
    return hb_seccomp_profile_resolve (name, err);   /* unconfined: no file */
  size_t len = 0;
  cleanup_free char *text = file_read_all (path, HB_MAX_INPUT_FILE, &len, HB_EXIT_INPUT, err);
  if (text == NULL)
    {
      hb_error_wrap (err, "seccomp profile");
      return NULL;
    }

  /* The build id and libseccomp's version in the key cover the parser and
   * the syscall names it knows. */
  hb_cache_key key;
  hb_cache_key_init (&key, PROFILE_ENCODING);
  hb_cache_key_str (&key, name);
  hb_cache_key_str (&key, path);
  hb_cache_key_bytes (&key, text, len);
  hb_seccomp_profile *p = NULL;
  hb_error *cerr = NULL;
  cleanup_close int dfd = hb_cache_files_open (notes);
  if (dfd >= 0)
    {
      cleanup_free unsigned char *data = NULL;
      size_t dlen = 0;
      int r = hb_cache_load_blob (dfd, &key, &data, &dlen, &cerr);
      if (r == 1 && (p = hb_profile_decode (data, dlen)) != NULL)
        {
          hb_cache_key_clear (&key);
          return p;
        }
      if (r == 1)
        hb_fail (&cerr, HB_EXIT_FAILURE, "the entry for %s is not a valid profile", path);
      if (cerr)
        hb_cache_note (notes, cerr, " (refused, parsed again)");
      cerr = NULL;
    }

  /* A profile that warns is parsed again next time, so it warns again. */
  hb_warnings warns = { 0 };
  hb_warnings_collect (&warns);
  p = hb_seccomp_profile_named (name, path, text, len, err);
  hb_warnings_stop (&warns);
  bool warned = warns.n > 0;
  hb_warnings_forward (&warns);
  if (p && dfd >= 0 && !warned)
    {
      size_t blen = 0;
      cleanup_free void *blob = hb_profile_encode (p, &blen);
      /* A profile of megabytes (the file is in the key) is parsed every
       * time, without a note each time. */
      if (hb_cache_blob_fits (&key, blen)
          && hb_cache_store_blob (dfd, &key, blob, blen, &cerr) < 0)
        hb_cache_note (notes, cerr, " (not stored)");
    }
  hb_cache_key_clear (&key);
  return p;
}
