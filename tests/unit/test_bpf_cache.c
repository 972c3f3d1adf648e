/* test_bpf_cache.c - the on-disk cache of seccomp BPF programs: a hit gives
 * the program libseccomp generates, any change of the inputs misses, and a
 * damaged, foreign or loosely protected entry is refused and rebuilt. */
#define _GNU_SOURCE
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sandbox/bpf_cache.h"
#include "sandbox/seccomp_filter.h"
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/xalloc.h"

#include <errno.h>
#include "unit_cache_home.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PROFILE                                                                            \
  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_X86_64\", "    \
  "\"SCMP_ARCH_X86\", \"SCMP_ARCH_X32\"], \"syscalls\": ["                                  \
  "{\"names\": [\"read\", \"write\", \"exit_group\"], \"action\": \"SCMP_ACT_ALLOW\"},"   \
  "{\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": " \
  "0, \"value\": 8, \"op\": \"SCMP_CMP_EQ\"}]},"                                            \
  "{\"names\": [\"mount\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"caps\": "     \
  "[\"CAP_SYS_ADMIN\"]}}]}"

typedef struct fixture {
  char dir[64];     /* XDG_CACHE_HOME */
  char bpf[96];     /* its hardenbench/bpf */
  int dfd;
} fixture;

static int
setup (void **state)
{
  fixture *f = xcalloc (1, sizeof *f);
  if (unit_cache_home_make ("bpf-cache", f->dir, f->bpf) < 0)
    return -1;
  hb_error *err = NULL;
  f->dfd = hb_cache_open (f->bpf, &err);
  if (f->dfd < 0)
    return -1;
  *state = f;
  return 0;
}

static int
teardown (void **state)
{
  fixture *f = *state;
  close (f->dfd);
  rm_rf (f->dir, NULL);
  free (f);
  return 0;
}

static hb_seccomp_profile *
parse (const char *json)
{
  hb_error *err = NULL;
  hb_seccomp_profile *p = hb_seccomp_profile_parse (json, strlen (json), "test.json", &err);
  if (p == NULL)
    fail_msg ("parse: %s", err->msg);
  return p;
}

static int builds;

static scmp_filter_ctx
small_filter (const void *data, hb_error **err)
{
  (void) err;
  builds++;
  scmp_filter_ctx ctx = seccomp_init (SCMP_ACT_ALLOW);
  seccomp_rule_add (ctx, SCMP_ACT_ERRNO (*(const int *) data), SCMP_SYS (getppid), 0);
  return ctx;
}

static void
small_key (hb_cache_key *k, const char *kind, uint64_t v)
{
  hb_cache_key_init (k, kind);
  hb_cache_key_u64 (k, v);
}

static void
test_hit_gives_the_generated_program (void **state)
{
  fixture *f = *state;
  int errnum = 42;
  hb_error *err = NULL;
  hb_bpf built = { 0 }, again = { 0 }, direct = { 0 };
  hb_cache_key k;
  small_key (&k, "test", 1);
  strv notes = { 0 };
  builds = 0;
  assert_int_equal (hb_bpf_cached (&k, small_filter, &errnum, &built, &notes, &err), 0);
  assert_int_equal (builds, 1);
  assert_int_equal (hb_bpf_cached (&k, small_filter, &errnum, &again, &notes, &err), 0);
  assert_int_equal (builds, 1);   /* second time from the cache */
  assert_int_equal (notes.n, 0);

  scmp_filter_ctx ctx = small_filter (&errnum, &err);
  assert_int_equal (hb_bpf_from_ctx (ctx, &direct, &err), 0);
  seccomp_release (ctx);
  assert_true (direct.n > 0);
  assert_int_equal (again.n, direct.n);
  assert_memory_equal (again.insns, direct.insns, direct.n * sizeof *direct.insns);
  assert_int_equal (again.flags, 0);

  /* the entry: 0600, ours, in a 0700 directory */
  char name[32];
  hb_bpf_cache_name (&k, name);
  struct stat st;
  assert_int_equal (fstatat (f->dfd, name, &st, 0), 0);
  assert_int_equal (st.st_mode & 07777, 0600);
  assert_int_equal (fstat (f->dfd, &st), 0);
  assert_int_equal (st.st_mode & 07777, 0700);
  hb_bpf_clear (&built);
  hb_bpf_clear (&again);
  hb_bpf_clear (&direct);
  hb_cache_key_clear (&k);
  strv_clear (&notes);
}

static void
test_any_key_change_misses (void **state)
{
  fixture *f = *state;
  int errnum = 1;
  hb_error *err = NULL;
  hb_bpf b = { 0 };
  hb_cache_key k;
  small_key (&k, "test", 1);
  assert_int_equal (hb_bpf_cached (&k, small_filter, &errnum, &b, NULL, &err), 0);
  hb_bpf_clear (&b);
  assert_int_equal (hb_bpf_cache_load (f->dfd, &k, &b, &err), 1);
  hb_bpf_clear (&b);
  hb_cache_key_clear (&k);
  /* another kind, another value: misses */
  small_key (&k, "other", 1);
  assert_int_equal (hb_bpf_cache_load (f->dfd, &k, &b, &err), 0);
  hb_cache_key_clear (&k);
  small_key (&k, "test", 2);
  assert_int_equal (hb_bpf_cache_load (f->dfd, &k, &b, &err), 0);
  hb_cache_key_clear (&k);

  /* NULL and "" are different strings */
  hb_cache_key a, c;
  hb_cache_key_init (&a, "s");
  hb_cache_key_str (&a, NULL);
  hb_cache_key_init (&c, "s");
  hb_cache_key_str (&c, "");
  assert_true (a.len != c.len || memcmp (a.data, c.data, a.len) != 0);
  hb_cache_key_clear (&a);
  hb_cache_key_clear (&c);

  /* every field of a profile that the builder reads changes the key */
  static const char *const variants[] = {
    PROFILE,
    "{\"defaultAction\": \"SCMP_ACT_KILL_PROCESS\", \"syscalls\": []}",
    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 38, \"syscalls\": []}",
    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": []}",
    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_X86_64\"]}",
    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
    "\"action\": \"SCMP_ACT_ALLOW\"}]}",
    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"write\"], "
    "\"action\": \"SCMP_ACT_ALLOW\"}]}",
    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
    "\"action\": \"SCMP_ACT_LOG\"}]}",
    "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], "
    "\"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 5}]}",
    "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], "
    "\"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 6}]}",
    "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], "
    "\"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0, \"value\": 1, \"op\": "
    "\"SCMP_CMP_EQ\"}]}]}",
    "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], "
    "\"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0, \"value\": 2, \"op\": "
    "\"SCMP_CMP_EQ\"}]}]}",
    "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], "
    "\"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 1, \"value\": 2, \"op\": "
    "\"SCMP_CMP_EQ\"}]}]}",
    "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], "
    "\"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 1, \"value\": 2, \"op\": "
    "\"SCMP_CMP_NE\"}]}]}",
    "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], "
    "\"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 1, \"value\": 3, \"valueTwo\": "
    "1, \"op\": \"SCMP_CMP_MASKED_EQ\"}]}]}",
    "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], "
    "\"action\": \"SCMP_ACT_ERRNO\", \"includes\": {\"caps\": [\"CAP_CHOWN\"]}}]}",
    "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], "
    "\"action\": \"SCMP_ACT_ERRNO\", \"excludes\": {\"caps\": [\"CAP_CHOWN\"]}}]}",
    "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], "
    "\"action\": \"SCMP_ACT_ERRNO\", \"includes\": {\"arches\": [\"amd64\"]}}]}",
    "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], "
    "\"action\": \"SCMP_ACT_ERRNO\", \"includes\": {\"minKernel\": \"4.8\"}}]}",
    "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], "
    "\"action\": \"SCMP_ACT_ERRNO\", \"excludes\": {\"minKernel\": \"4.8\"}}]}",
    /* the same rules in another order: TRACE data carry rule indexes */
    "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], "
    "\"action\": \"SCMP_ACT_ERRNO\"}, {\"names\": [\"write\"], \"action\": \"SCMP_ACT_LOG\"}]}",
    "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"write\"], "
    "\"action\": \"SCMP_ACT_LOG\"}, {\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\"}]}",
  };
  size_t nv = sizeof variants / sizeof variants[0];
  hb_cache_key keys[sizeof variants / sizeof variants[0]];
  for (size_t i = 0; i < nv; i++)
    {
      cleanup_seccomp_profile hb_seccomp_profile *p = parse (variants[i]);
      hb_cache_key_init (&keys[i], "enforce");
      hb_seccomp_filter_key (&keys[i], p);
    }
  for (size_t i = 0; i < nv; i++)
    for (size_t j = i + 1; j < nv; j++)
      if (keys[i].len == keys[j].len && memcmp (keys[i].data, keys[j].data, keys[i].len) == 0)
        fail_msg ("variants %zu and %zu give the same key", i, j);
  /* the same text gives the same key */
  {
    cleanup_seccomp_profile hb_seccomp_profile *p = parse (variants[0]);
    hb_cache_key same;
    hb_cache_key_init (&same, "enforce");
    hb_seccomp_filter_key (&same, p);
    assert_int_equal (same.len, keys[0].len);
    assert_memory_equal (same.data, keys[0].data, same.len);
    hb_cache_key_clear (&same);
  }
  for (size_t i = 0; i < nv; i++)
    hb_cache_key_clear (&keys[i]);
}

/* The compile path end to end: caps and flags are part of the key, a hit
 * gives what libseccomp generates. */
static void
test_filter_compile (void **state)
{
  fixture *f = *state;
  cleanup_seccomp_profile hb_seccomp_profile *p = parse (PROFILE);
  hb_error *err = NULL;
  strv notes = { 0 };
  unsigned long long admin = 1ULL << 21;   /* CAP_SYS_ADMIN */
  hb_bpf first = { 0 }, second = { 0 }, other = { 0 }, traced = { 0 }, direct = { 0 };
  assert_int_equal (hb_seccomp_filter_compile (p, 0, 0, &first, &notes, &err), 0);
  assert_int_equal (hb_seccomp_filter_compile (p, 0, 0, &second, &notes, &err), 0);
  assert_int_equal (hb_seccomp_filter_compile (p, admin, 0, &other, &notes, &err), 0);
  assert_int_equal (hb_seccomp_filter_compile (p, 0, HB_FILTER_TRACE_DENIALS, &traced, &notes,
                                               &err), 0);
  assert_int_equal (notes.n, 0);
  scmp_filter_ctx ctx = hb_seccomp_filter_build (p, 0, 0, &err);
  assert_non_null (ctx);
  assert_int_equal (hb_bpf_from_ctx (ctx, &direct, &err), 0);
  seccomp_release (ctx);
  assert_int_equal (second.n, direct.n);
  assert_memory_equal (second.insns, direct.insns, direct.n * sizeof *direct.insns);
  /* mount is allowed with CAP_SYS_ADMIN only: another program */
  assert_true (other.n != first.n
               || memcmp (other.insns, first.insns, first.n * sizeof *first.insns) != 0);
  assert_true (traced.n != first.n
               || memcmp (traced.insns, first.insns, first.n * sizeof *first.insns) != 0);
  /* three entries: (0, 0), (admin, 0), (0, trace) */
  int n = 0;
  cleanup_dir DIR *d = fdopendir (dup (f->dfd));
  struct dirent *de;
  while ((de = readdir (d)) != NULL)
    n += strstr (de->d_name, ".bpf") != NULL;
  assert_int_equal (n, 3);
  hb_bpf_clear (&first);
  hb_bpf_clear (&second);
  hb_bpf_clear (&other);
  hb_bpf_clear (&traced);
  hb_bpf_clear (&direct);
  strv_clear (&notes);
}

/* Store an entry for key and return its file name. */
static void
stored (fixture *f, const hb_cache_key *k, char name[32])
{
  int errnum = 7;
  hb_error *err = NULL;
  hb_bpf b = { 0 };
  scmp_filter_ctx ctx = small_filter (&errnum, &err);
  assert_int_equal (hb_bpf_from_ctx (ctx, &b, &err), 0);
  seccomp_release (ctx);
  assert_int_equal (hb_bpf_cache_store (f->dfd, k, &b, &err), 0);
  hb_bpf_clear (&b);
  hb_bpf_cache_name (k, name);
}

static void
expect_refused (fixture *f, const hb_cache_key *k, const char *why)
{
  hb_error *err = NULL;
  hb_bpf b = { 0 };
  assert_int_equal (hb_bpf_cache_load (f->dfd, k, &b, &err), -1);
  assert_non_null (err);
  if (strstr (err->msg, why) == NULL)
    fail_msg ("expected \"%s\" in \"%s\"", why, err->msg);
  assert_null (b.insns);
  hb_error_free (err);
}

static void
patch_byte (int dfd, const char *name, off_t off, int delta)
{
  int fd = openat (dfd, name, O_RDWR);
  assert_true (fd >= 0);
  unsigned char c;
  if (off < 0)
    off += lseek (fd, 0, SEEK_END);
  assert_int_equal (pread (fd, &c, 1, off), 1);
  c = (unsigned char) (c + delta);
  assert_int_equal (pwrite (fd, &c, 1, off), 1);
  close (fd);
}

static void
test_damaged_entries_refused_and_rebuilt (void **state)
{
  fixture *f = *state;
  hb_cache_key k;
  small_key (&k, "damaged", 1);
  char name[32];
  struct stat st;

  /* a flipped bit in the program */
  stored (f, &k, name);
  patch_byte (f->dfd, name, -3, 1);
  expect_refused (f, &k, "checksum");
  /* a flipped bit in the stored key */
  stored (f, &k, name);
  patch_byte (f->dfd, name, 40, 1);
  expect_refused (f, &k, "checksum");
  /* truncated in the middle of an instruction, or cut to nothing */
  stored (f, &k, name);
  assert_int_equal (fstatat (f->dfd, name, &st, 0), 0);
  int fd = openat (f->dfd, name, O_RDWR);
  assert_int_equal (ftruncate (fd, st.st_size - 3), 0);
  expect_refused (f, &k, "whole instructions");
  assert_int_equal (ftruncate (fd, 0), 0);
  close (fd);
  expect_refused (f, &k, "0 bytes");
  /* one byte too many */
  stored (f, &k, name);
  fd = openat (f->dfd, name, O_WRONLY | O_APPEND);
  assert_int_equal (write (fd, "x", 1), 1);
  close (fd);
  expect_refused (f, &k, "whole instructions");
  /* a different magic */
  stored (f, &k, name);
  patch_byte (f->dfd, name, 0, 1);
  expect_refused (f, &k, "not a hardenbench BPF entry");

  /* hb_bpf_cached says so, rebuilds and replaces the entry */
  int errnum = 9;
  hb_error *err = NULL;
  hb_bpf b = { 0 };
  strv notes = { 0 };
  builds = 0;
  assert_int_equal (hb_bpf_cached (&k, small_filter, &errnum, &b, &notes, &err), 0);
  assert_int_equal (builds, 1);
  assert_int_equal (notes.n, 1);
  assert_non_null (strstr (notes.v[0], "refused, rebuilt"));
  hb_bpf_clear (&b);
  assert_int_equal (hb_bpf_cache_load (f->dfd, &k, &b, &err), 1);
  hb_bpf_clear (&b);
  strv_clear (&notes);
  hb_cache_key_clear (&k);
}

/* Flip each bit of the file in turn: refused every time (the checksum,
 * or the magic and size checks for the header), never a hit. */
static void
expect_every_bit_flip_refused (fixture *f, const hb_cache_key *k, const char *name, bool blob)
{
  struct stat st;
  assert_int_equal (fstatat (f->dfd, name, &st, 0), 0);
  int fd = openat (f->dfd, name, O_RDWR);
  assert_true (fd >= 0);
  size_t size = (size_t) st.st_size;
  for (size_t off = 0; off < size; off++)
    for (int bit = 0; bit < 8; bit++)
      {
        unsigned char c, flipped;
        assert_int_equal (pread (fd, &c, 1, (off_t) off), 1);
        flipped = (unsigned char) (c ^ (1u << bit));
        assert_int_equal (pwrite (fd, &flipped, 1, (off_t) off), 1);
        hb_error *err = NULL;
        hb_bpf b = { 0 };
        unsigned char *data = NULL;
        size_t len = 0;
        int r = blob ? hb_cache_load_blob (f->dfd, k, &data, &len, &err)
                     : hb_bpf_cache_load (f->dfd, k, &b, &err);
        if (r != -1)
          fail_msg ("%s: bit %d of byte %zu flipped: %d, not refused", name, bit, off, r);
        assert_non_null (err);
        hb_error_free (err);
        assert_null (b.insns);
        assert_null (data);
        assert_int_equal (pwrite (fd, &c, 1, (off_t) off), 1);
      }
  close (fd);
}

static void
test_every_flipped_bit_refused (void **state)
{
  fixture *f = *state;
  hb_cache_key k;
  small_key (&k, "bits", 1);
  /* a key and a payload that end in the middle of a word, and a payload
   * that starts unaligned in the file.  The padding takes 0..7 bytes,
   * depending on how long this machine's kernel release and build id make
   * the key: the buffer holds 8 (a 5-byte "tail" was read past whenever
   * more than 5 were needed: ASan's global-buffer-overflow). */
  static const char tail[8] = "tail";
  hb_cache_key_bytes (&k, tail, (13 - k.len % 8) % 8);
  assert_int_equal (k.len % 8, 5);
  char name[32];
  stored (f, &k, name);
  expect_every_bit_flip_refused (f, &k, name, false);

  static const char payload[] = "thirty-seven bytes of a parsed profil";
  assert_int_equal (sizeof payload - 1, 37);
  hb_error *err = NULL;
  assert_int_equal (hb_cache_store_blob (f->dfd, &k, payload, 37, &err), 0);
  char blob[40];
  snprintf (blob, sizeof blob, "%.*s.blob", 16, name);
  expect_every_bit_flip_refused (f, &k, blob, true);

  /* all restored: both hit and give back what was stored */
  hb_bpf b = { 0 };
  assert_int_equal (hb_bpf_cache_load (f->dfd, &k, &b, &err), 1);
  assert_true (b.n > 0);
  hb_bpf_clear (&b);
  unsigned char *data = NULL;
  size_t len = 0;
  assert_int_equal (hb_cache_load_blob (f->dfd, &k, &data, &len, &err), 1);
  assert_int_equal (len, 37);
  assert_memory_equal (data, payload, 37);
  free (data);
  hb_cache_key_clear (&k);
}

/* An entry for another key under our key's name is a miss, not a hit. */
static void
test_same_name_other_key_misses (void **state)
{
  fixture *f = *state;
  hb_cache_key a, b;
  small_key (&a, "a", 1);
  small_key (&b, "b", 1);
  char na[32], nb[32];
  stored (f, &a, na);
  hb_bpf_cache_name (&b, nb);
  assert_int_equal (renameat (f->dfd, na, f->dfd, nb), 0);
  hb_error *err = NULL;
  hb_bpf out = { 0 };
  assert_int_equal (hb_bpf_cache_load (f->dfd, &b, &out, &err), 0);
  assert_null (out.insns);
  hb_cache_key_clear (&a);
  hb_cache_key_clear (&b);
}

static void
test_owner_and_mode_refused (void **state)
{
  fixture *f = *state;
  hb_cache_key k;
  small_key (&k, "owner", 1);
  char name[32];

  /* writable by group or others */
  stored (f, &k, name);
  assert_int_equal (fchmodat (f->dfd, name, 0620, 0), 0);
  expect_refused (f, &k, "writable by group or others");
  assert_int_equal (fchmodat (f->dfd, name, 0602, 0), 0);
  expect_refused (f, &k, "writable by group or others");
  /* a second link (someone else's name for it) */
  stored (f, &k, name);
  assert_int_equal (linkat (f->dfd, name, f->dfd, "second", 0), 0);
  expect_refused (f, &k, "2 links");
  unlinkat (f->dfd, "second", 0);
  /* a symlink to a valid entry, a FIFO (must not block) */
  char real[40];
  snprintf (real, sizeof real, "real-%s", name);
  stored (f, &k, name);
  assert_int_equal (renameat (f->dfd, name, f->dfd, real), 0);
  assert_int_equal (symlinkat (real, f->dfd, name), 0);
  expect_refused (f, &k, name);
  unlinkat (f->dfd, name, 0);
  assert_int_equal (mkfifoat (f->dfd, name, 0600), 0);
  expect_refused (f, &k, "not a regular file");
  unlinkat (f->dfd, name, 0);

  /* a directory writable by others, or owned by someone else */
  hb_error *err = NULL;
  cleanup_free char *loose = xasprintf ("%s/loose", f->dir);
  assert_int_equal (mkdir (loose, 0700), 0);
  assert_int_equal (chmod (loose, 0777), 0);
  assert_int_equal (hb_cache_open (loose, &err), -1);
  assert_non_null (strstr (err->msg, "writable by group or others"));
  hb_error_free (err);
  err = NULL;
  /* only group/other readable: ours, made private */
  assert_int_equal (chmod (loose, 0755), 0);
  int dfd = hb_cache_open (loose, &err);
  assert_true (dfd >= 0);
  struct stat st;
  assert_int_equal (fstat (dfd, &st), 0);
  assert_int_equal (st.st_mode & 07777, 0700);
  close (dfd);

  if (geteuid () != 0)
    {
      hb_cache_key_clear (&k);
      skip ();   /* chown needs root */
    }
  stored (f, &k, name);
  assert_int_equal (fchownat (f->dfd, name, 65534, 65534, 0), 0);
  expect_refused (f, &k, "owned by uid 65534");
  assert_int_equal (chown (loose, 65534, 65534), 0);
  assert_int_equal (hb_cache_open (loose, &err), -1);
  assert_non_null (strstr (err->msg, "owned by uid 65534"));
  hb_error_free (err);
  err = NULL;

  /* hb_bpf_cached with a foreign cache directory: built in memory, a note,
   * nothing written there */
  cleanup_free char *foreign = xasprintf ("%s/foreign", f->dir);
  cleanup_free char *fbpf = xasprintf ("%s/hardenbench/bpf", foreign);
  assert_int_equal (mkdir_p (fbpf, 0700, NULL), 0);
  assert_int_equal (chown (fbpf, 65534, 65534), 0);
  setenv ("XDG_CACHE_HOME", foreign, 1);
  int errnum = 3;
  hb_bpf b = { 0 };
  strv notes = { 0 };
  builds = 0;
  assert_int_equal (hb_bpf_cached (&k, small_filter, &errnum, &b, &notes, &err), 0);
  setenv ("XDG_CACHE_HOME", f->dir, 1);
  assert_int_equal (builds, 1);
  assert_true (b.n > 0);
  assert_int_equal (notes.n, 1);
  assert_non_null (strstr (notes.v[0], "owned by uid 65534"));
  hb_bpf_cache_name (&k, name);
  cleanup_free char *path = xasprintf ("%s/%s", fbpf, name);
  assert_int_equal (access (path, F_OK), -1);
  hb_bpf_clear (&b);
  strv_clear (&notes);
  hb_cache_key_clear (&k);
}

/* Beyond the limit the least recently used entries go; a hit counts as a
 * use; stale temporary files go, fresh ones stay. */
static void
test_prune_least_recently_used (void **state)
{
  fixture *f = *state;
  enum { N = 10, KEEP = 6 };
  hb_cache_key k[N];
  char names[N][32];
  struct timespec now;
  clock_gettime (CLOCK_REALTIME, &now);
  for (int i = 0; i < N; i++)
    {
      small_key (&k[i], "prune", (uint64_t) i);
      stored (f, &k[i], names[i]);
      /* entry i last used i minutes after the first */
      struct timespec t[2] = { { now.tv_sec - 3600 + 60 * i, 0 },
                               { now.tv_sec - 3600 + 60 * i, 0 } };
      assert_int_equal (utimensat (f->dfd, names[i], t, 0), 0);
    }
  /* a hit on the oldest makes it the newest */
  hb_error *err = NULL;
  hb_bpf b = { 0 };
  assert_int_equal (hb_bpf_cache_load (f->dfd, &k[0], &b, &err), 1);
  hb_bpf_clear (&b);
  int stale = openat (f->dfd, ".tmp-1-stale.bpf", O_WRONLY | O_CREAT, 0600);
  int fresh = openat (f->dfd, ".tmp-2-fresh.bpf", O_WRONLY | O_CREAT, 0600);
  assert_true (stale >= 0 && fresh >= 0);
  struct timespec old[2] = { { now.tv_sec - 7200, 0 }, { now.tv_sec - 7200, 0 } };
  assert_int_equal (futimens (stale, old), 0);
  close (stale);
  close (fresh);

  hb_cache_prune (f->dfd, KEEP);
  struct stat st;
  assert_int_equal (fstatat (f->dfd, names[0], &st, 0), 0);
  for (int i = 1; i <= N - KEEP; i++)
    assert_int_equal (fstatat (f->dfd, names[i], &st, 0), -1);
  for (int i = N - KEEP + 1; i < N; i++)
    assert_int_equal (fstatat (f->dfd, names[i], &st, 0), 0);
  assert_int_equal (fstatat (f->dfd, ".tmp-1-stale.bpf", &st, 0), -1);
  assert_int_equal (fstatat (f->dfd, ".tmp-2-fresh.bpf", &st, 0), 0);
  for (int i = 0; i < N; i++)
    hb_cache_key_clear (&k[i]);
}

/* A filter that can notify is loaded with NEW_LISTENER, as seccomp_load does. */
static void
test_notify_flag (void **state)
{
  (void) state;
  hb_error *err = NULL;
  hb_bpf b = { 0 };
  scmp_filter_ctx ctx = seccomp_init (SCMP_ACT_ALLOW);
  assert_int_equal (seccomp_rule_add (ctx, SCMP_ACT_NOTIFY, SCMP_SYS (getppid), 0), 0);
  assert_int_equal (hb_bpf_from_ctx (ctx, &b, &err), 0);
  seccomp_release (ctx);
  assert_int_equal (b.flags, HB_BPF_NEW_LISTENER);
  hb_bpf_clear (&b);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_hit_gives_the_generated_program, setup, teardown),
    cmocka_unit_test_setup_teardown (test_any_key_change_misses, setup, teardown),
    cmocka_unit_test_setup_teardown (test_filter_compile, setup, teardown),
    cmocka_unit_test_setup_teardown (test_damaged_entries_refused_and_rebuilt, setup, teardown),
    cmocka_unit_test_setup_teardown (test_every_flipped_bit_refused, setup, teardown),
    cmocka_unit_test_setup_teardown (test_same_name_other_key_misses, setup, teardown),
    cmocka_unit_test_setup_teardown (test_owner_and_mode_refused, setup, teardown),
    cmocka_unit_test_setup_teardown (test_prune_least_recently_used, setup, teardown),
    cmocka_unit_test (test_notify_flag),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
