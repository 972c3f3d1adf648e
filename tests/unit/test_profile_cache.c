/* test_profile_cache.c - the trial's parsed seccomp profiles: the bytes
 * give back exactly the parsed profile, a damaged encoding is never a
 * profile, a second load is read from the cache, a changed file or a
 * damaged entry is parsed again, and a profile that warns is not kept. */
#define _GNU_SOURCE
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sandbox/profile_cache.h"
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/xalloc.h"

#include <dirent.h>
#include "unit_cache_home.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FIXTURES HB_ABS_SRCDIR "/tests/fixtures/seccomp"

typedef struct fixture {
  char dir[64];     /* XDG_CACHE_HOME */
  char bpf[96];     /* its hardenbench/bpf */
} fixture;

static int
setup (void **state)
{
  fixture *f = xcalloc (1, sizeof *f);
  if (unit_cache_home_make ("profile-cache", f->dir, f->bpf) < 0)
    return -1;
  setenv ("HARDENBENCH_DATADIR", HB_ABS_SRCDIR, 1);
  *state = f;
  return 0;
}

static int
teardown (void **state)
{
  fixture *f = *state;
  rm_rf (f->dir, NULL);
  free (f);
  return 0;
}

/* Everything a profile holds, as text, rule locations included. */
static char *
describe (const hb_seccomp_profile *p)
{
  cleanup_json json_t *j = hb_seccomp_profile_to_json (p);
  cleanup_free char *text = json_dumps (j, JSON_SORT_KEYS | JSON_COMPACT);
  char *all = xasprintf ("%s|%s|%s|", text, p->source, p->description ? p->description : "-");
  for (size_t i = 0; i < p->n_rules; i++)
    {
      char *more = xasprintf ("%s%d:%d,", all, p->rules[i].line, p->rules[i].column);
      free (all);
      all = more;
    }
  return all;
}

static void
expect_round_trip (const char *name)
{
  hb_error *err = NULL;
  cleanup_seccomp_profile hb_seccomp_profile *p = hb_seccomp_profile_resolve (name, &err);
  if (p == NULL)
    fail_msg ("%s: %s", name, err->msg);
  size_t len = 0;
  cleanup_free unsigned char *data = hb_profile_encode (p, &len);
  cleanup_seccomp_profile hb_seccomp_profile *q = hb_profile_decode (data, len);
  assert_non_null (q);
  cleanup_free char *want = describe (p);
  cleanup_free char *got = describe (q);
  assert_string_equal (got, want);
}

static void
test_encoding_round_trip (void **state)
{
  (void) state;
  expect_round_trip ("default");
  expect_round_trip ("default-no-chmod");
  expect_round_trip ("strict-web");
  /* args with every operator, includes/excludes, minKernel, comments */
  expect_round_trip (FIXTURES "/valid-all-features.json");
}

static void
test_damaged_encoding_is_no_profile (void **state)
{
  (void) state;
  hb_error *err = NULL;
  cleanup_seccomp_profile hb_seccomp_profile *p
    = hb_seccomp_profile_resolve (FIXTURES "/valid-all-features.json", &err);
  assert_non_null (p);
  size_t len = 0;
  cleanup_free unsigned char *data = hb_profile_encode (p, &len);
  /* cut anywhere */
  for (size_t n = 0; n < len; n++)
    assert_null (hb_profile_decode (data, n));
  /* one byte too many */
  cleanup_free unsigned char *longer = xmalloc (len + 1);
  memcpy (longer, data, len);
  longer[len] = 0;
  assert_null (hb_profile_decode (longer, len + 1));
  /* the default action out of range; a count far beyond the data */
  cleanup_free unsigned char *bad = xmalloc (len);
  memcpy (bad, data, len);
  bad[0] = 99;
  assert_null (hb_profile_decode (bad, len));
  memcpy (bad, data, len);
  memset (bad + 16, 0x7f, 8);   /* the number of architectures */
  assert_null (hb_profile_decode (bad, len));
}

/* The one entry of the cache ending in .blob: its path, or NULL. */
static char *
blob_entry (const fixture *f)
{
  cleanup_dir DIR *d = opendir (f->bpf);
  if (d == NULL)
    return NULL;
  char *found = NULL;
  struct dirent *de;
  while ((de = readdir (d)) != NULL)
    if (strstr (de->d_name, ".blob"))
      {
        assert_null (found);
        found = xasprintf ("%s/%s", f->bpf, de->d_name);
      }
  return found;
}

static hb_seccomp_profile *
cached (const char *name, strv *notes)
{
  hb_error *err = NULL;
  hb_seccomp_profile *p = hb_profile_cached (name, notes, &err);
  if (p == NULL)
    fail_msg ("%s: %s", name, err->msg);
  return p;
}

static void
test_second_load_is_a_hit (void **state)
{
  fixture *f = *state;
  strv notes = { 0 };
  cleanup_seccomp_profile hb_seccomp_profile *first = cached ("default", &notes);
  cleanup_free char *entry = blob_entry (f);
  assert_non_null (entry);
  /* a hit marks its entry used: make it look old first */
  struct timespec old[2] = { { 946684800, 0 }, { 946684800, 0 } };
  assert_int_equal (utimensat (AT_FDCWD, entry, old, 0), 0);
  cleanup_seccomp_profile hb_seccomp_profile *second = cached ("default", &notes);
  struct stat st;
  assert_int_equal (stat (entry, &st), 0);
  assert_true (st.st_mtime > 946684800);
  assert_int_equal (notes.n, 0);
  cleanup_free char *want = describe (first);
  cleanup_free char *got = describe (second);
  assert_string_equal (got, want);
  assert_string_equal (second->source, "default");
  strv_clear (&notes);
}

static void
test_damaged_entry_is_parsed_again (void **state)
{
  fixture *f = *state;
  strv notes = { 0 };
  cleanup_seccomp_profile hb_seccomp_profile *first = cached ("default", &notes);
  cleanup_free char *entry = blob_entry (f);
  assert_non_null (entry);
  int fd = open (entry, O_RDWR);
  assert_true (fd >= 0);
  unsigned char c;
  off_t end = lseek (fd, 0, SEEK_END);
  assert_int_equal (pread (fd, &c, 1, end - 5), 1);
  c ^= 1;
  assert_int_equal (pwrite (fd, &c, 1, end - 5), 1);
  close (fd);
  cleanup_seccomp_profile hb_seccomp_profile *second = cached ("default", &notes);
  assert_int_equal (notes.n, 1);
  assert_non_null (strstr (notes.v[0], "checksum"));
  assert_non_null (strstr (notes.v[0], "parsed again"));
  cleanup_free char *want = describe (first);
  cleanup_free char *got = describe (second);
  assert_string_equal (got, want);
  /* and stored again: the next load says nothing */
  strv_clear (&notes);
  cleanup_seccomp_profile hb_seccomp_profile *third = cached ("default", &notes);
  assert_int_equal (notes.n, 0);
}

static void
write_text (const char *path, const char *text)
{
  hb_error *err = NULL;
  if (file_write_atomic (path, text, strlen (text), true, 0644, &err) < 0)
    fail_msg ("%s", err->msg);
}

static void
test_changed_file_is_parsed_again (void **state)
{
  fixture *f = *state;
  cleanup_free char *path = xasprintf ("%s/p.json", f->dir);
  strv notes = { 0 };
  write_text (path, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": "
                    "[\"read\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 5}]}");
  cleanup_seccomp_profile hb_seccomp_profile *a = cached (path, &notes);
  assert_int_equal (a->rules[0].errno_ret, 5);
  write_text (path, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": "
                    "[\"read\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 6}]}");
  cleanup_seccomp_profile hb_seccomp_profile *b = cached (path, &notes);
  assert_int_equal (b->rules[0].errno_ret, 6);
  assert_string_equal (b->source, path);
  assert_int_equal (notes.n, 0);
}

static void
test_profile_that_warns_is_not_kept (void **state)
{
  fixture *f = *state;
  strv notes = { 0 };
  hb_warnings warns = { 0 };
  hb_warnings_collect (&warns);
  cleanup_seccomp_profile hb_seccomp_profile *p = cached (FIXTURES "/unknown-syscall.json", &notes);
  /* handed on to the caller's collector, once */
  assert_int_equal (warns.n, 1);
  assert_non_null (strstr (warns.lines[0], "unknown syscall"));
  assert_int_equal (p->rules[0].names.n, 2);
  cleanup_free char *entry = blob_entry (f);
  assert_null (entry);
  /* so it warns again */
  cleanup_seccomp_profile hb_seccomp_profile *q = cached (FIXTURES "/unknown-syscall.json", &notes);
  hb_warnings_stop (&warns);
  assert_int_equal (warns.n, 2);
  hb_warnings_clear (&warns);
  assert_int_equal (notes.n, 0);
}

/* Megabytes of profile (the file is part of the key): parsed every time,
 * quietly, never stored. */
static void
test_huge_profile_is_not_kept (void **state)
{
  fixture *f = *state;
  size_t big = 3u << 20;
  char *text = xmalloc (big + 200);
  int n = snprintf (text, 200, "{\"comment\": \"");
  memset (text + n, 'x', big);
  snprintf (text + n + big, 200, "\", \"defaultAction\": \"SCMP_ACT_ALLOW\"}");
  cleanup_free char *path = xasprintf ("%s/huge.json", f->dir);
  write_text (path, text);
  free (text);
  strv notes = { 0 };
  cleanup_seccomp_profile hb_seccomp_profile *p = cached (path, &notes);
  assert_int_equal (strlen (p->description), big);
  cleanup_seccomp_profile hb_seccomp_profile *q = cached (path, &notes);
  assert_int_equal (notes.n, 0);
  cleanup_free char *entry = blob_entry (f);
  assert_null (entry);
}

static void
test_errors_as_resolve (void **state)
{
  (void) state;
  strv notes = { 0 };
  hb_error *err = NULL;
  assert_null (hb_profile_cached ("strict", &notes, &err));
  assert_non_null (err);
  assert_non_null (strstr (err->msg, "unknown seccomp profile \"strict\""));
  hb_error_free (err);
  err = NULL;
  assert_null (hb_profile_cached (FIXTURES "/malformed.json", &notes, &err));
  assert_non_null (err);
  assert_non_null (strstr (err->msg, "malformed.json:"));
  hb_error_free (err);
  cleanup_seccomp_profile hb_seccomp_profile *u = cached ("unconfined", &notes);
  assert_int_equal (u->default_action, HB_SCMP_ALLOW);
  assert_int_equal (notes.n, 0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_encoding_round_trip, setup, teardown),
    cmocka_unit_test_setup_teardown (test_damaged_encoding_is_no_profile, setup, teardown),
    cmocka_unit_test_setup_teardown (test_second_load_is_a_hit, setup, teardown),
    cmocka_unit_test_setup_teardown (test_damaged_entry_is_parsed_again, setup, teardown),
    cmocka_unit_test_setup_teardown (test_changed_file_is_parsed_again, setup, teardown),
    cmocka_unit_test_setup_teardown (test_profile_that_warns_is_not_kept, setup, teardown),
    cmocka_unit_test_setup_teardown (test_huge_profile_is_not_kept, setup, teardown),
    cmocka_unit_test_setup_teardown (test_errors_as_resolve, setup, teardown),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
