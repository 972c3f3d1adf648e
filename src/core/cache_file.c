/* cache_file.c - the on-disk cache store: keyed entries, each checked in
 * full before use, under one directory that must be ours.
 *
 *   hb_cache_dir()/bpf/             0700, owned by the caller
 *     <hash64(key)>.bpf             header, key, program (bpf_cache.c)
 *     <hash64(key)>.blob            header, key, bytes (a parsed profile,
 *                                   the kernel's struct offsets)
 *     .tmp-<pid>-<name>             an entry being written
 *
 * The key is stored in the entry and compared in full: the name is only a
 * hash, so two keys sharing a name evict each other and never share a
 * payload.  The checksum catches a torn or damaged file; it is no defence
 * against an attacker, who is kept out instead: the directory and every
 * entry must be ours and writable by nobody else (checked at each open).
 * So the hash is a fast non-cryptographic one. */
#define _GNU_SOURCE
#include "config.h"

#include "core/cache_file.h"
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/paths.h"
#include "core/xalloc.h"

#include <ctype.h>
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define BLOB_MAGIC "HBBLOB\1\0"
/* A temporary file this old was left by a killed process. */
#define TMP_STALE_SECONDS 3600
/* Far above any real entry (4096 instructions and a key of a few tens of
 * KB): a bigger file is refused before it is read, and never written. */
#define ENTRY_MAX_BYTES (4u * 1024 * 1024)

typedef struct entry_header {
  char magic[8];
  uint64_t n_insns;    /* a blob: its length in bytes */
  uint64_t key_len;
  uint64_t checksum;   /* hash_words over n_insns, key_len, key and program */
} entry_header;

/* Two odd 64-bit constants (the golden ratio and a SplitMix64 multiplier):
 * multiplying by either is a bijection modulo 2^64. */
#define HASH_P1 0x9e3779b97f4a7c15ULL
#define HASH_P2 0xbf58476d1ce4e5b9ULL
#define HASH_SEED 0x243f6a8885a308d3ULL

static inline uint64_t
rotl64 (uint64_t x, unsigned r)
{
  return (x << r) | (x >> (64 - r));
}

/* One 8-byte word into the state.  For a fixed state this is a bijection
 * of the word, and for a fixed word a bijection of the state: inputs of
 * one length that differ in a single word (one flipped bit, or several
 * in the same word) always hash differently, not just probably. */
static inline uint64_t
hash_step (uint64_t h, uint64_t w)
{
  return rotl64 (h ^ (w * HASH_P1), 29) * HASH_P2;
}

/* Eight bytes a step (byte-at-a-time FNV-1a was ~1% of a whole trial over
 * keys and entries of tens of KB).  memcpy reads unaligned words safely
 * and compiles to a plain load; the tail is zero-padded and the length
 * folded in, so "ab" and "ab\0" differ.  The words are native endian, as
 * the entries are.  Chainable: h is the previous result or HASH_SEED. */
static uint64_t
hash_words (uint64_t h, const void *data, size_t len)
{
  const unsigned char *p = data;
  size_t n = len;
  for (; n >= 8; p += 8, n -= 8)
    {
      uint64_t w;
      memcpy (&w, p, 8);
      h = hash_step (h, w);
    }
  if (n > 0)
    {
      uint64_t w = 0;
      memcpy (&w, p, n);
      h = hash_step (h, w);
    }
  h = hash_step (h, (uint64_t) len);
  /* The last multiply only carries upwards: mix the high bits back down
   * so that every bit of the name depends on every word (MurmurHash3's
   * finaliser; each step of it is a bijection too). */
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

/* ---------------------------------------------------------------------------
 * Keys
 * ------------------------------------------------------------------------- */

static void
key_bytes (hb_cache_key *k, const void *p, size_t len)
{
  if (k->len + len > k->cap)
    {
      k->cap = (k->len + len) * 2 + 256;
      k->data = xrealloc (k->data, k->cap);
    }
  memcpy (k->data + k->len, p, len);
  k->len += len;
}

void
hb_cache_key_u64 (hb_cache_key *k, uint64_t v)
{
  key_bytes (k, &v, sizeof v);
}

void
hb_cache_key_bytes (hb_cache_key *k, const void *p, size_t len)
{
  hb_cache_key_u64 (k, len);
  key_bytes (k, p, len);
}

void
hb_cache_key_str (hb_cache_key *k, const char *s)
{
  if (s == NULL)
    {
      hb_cache_key_u64 (k, UINT64_MAX);
      return;
    }
  size_t len = strlen (s);
  hb_cache_key_u64 (k, len);
  key_bytes (k, s, len);
}

typedef struct build_id {
  unsigned char bytes[64];
  size_t len;
} build_id;

/* The GNU build id of the main program: it changes with any change of the
 * code that builds filters (the watched table, the builder, ...), which
 * the version number does not during development. */
static int
build_id_cb (struct dl_phdr_info *info, size_t size, void *data)
{
  (void) size;
  build_id *id = data;
  for (int i = 0; i < info->dlpi_phnum; i++)
    {
      const ElfW (Phdr) *ph = &info->dlpi_phdr[i];
      if (ph->p_type != PT_NOTE)
        continue;
      size_t align = ph->p_align == 8 ? 8 : 4;
      const char *p = (const char *) (info->dlpi_addr + ph->p_vaddr);
      const char *end = p + ph->p_memsz;
      while ((size_t) (end - p) >= sizeof (ElfW (Nhdr)))
        {
          const ElfW (Nhdr) *nh = (const void *) p;
          const char *name = p + sizeof *nh;
          size_t name_len = (nh->n_namesz + align - 1) & ~(align - 1);
          size_t desc_len = (nh->n_descsz + align - 1) & ~(align - 1);
          if ((size_t) (end - name) < name_len + desc_len)
            break;
          const char *desc = name + name_len;
          if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 && memcmp (name, "GNU", 4) == 0
              && nh->n_descsz > 0 && nh->n_descsz <= sizeof id->bytes)
            {
              memcpy (id->bytes, desc, nh->n_descsz);
              id->len = nh->n_descsz;
              return 1;
            }
          p = desc + desc_len;
        }
    }
  return 1;   /* the first object is the main program: stop there */
}

static void
key_build (hb_cache_key *k)
{
  static build_id id;
  static int done;
  if (!done)
    {
      dl_iterate_phdr (build_id_cb, &id);
      done = 1;
    }
  if (id.len > 0)
    {
      hb_cache_key_u64 (k, id.len);
      key_bytes (k, id.bytes, id.len);
      return;
    }
  /* No build id (linked without one): the executable file itself. */
  struct stat st;
  memset (&st, 0, sizeof st);
  stat ("/proc/self/exe", &st);
  hb_cache_key_u64 (k, (uint64_t) st.st_dev);
  hb_cache_key_u64 (k, (uint64_t) st.st_ino);
  hb_cache_key_u64 (k, (uint64_t) st.st_size);
  hb_cache_key_u64 (k, (uint64_t) st.st_mtim.tv_sec);
  hb_cache_key_u64 (k, (uint64_t) st.st_mtim.tv_nsec);
}

void
hb_cache_key_init (hb_cache_key *k, const char *kind)
{
  memset (k, 0, sizeof *k);
  hb_cache_key_str (k, "hardenbench seccomp BPF 1");
  hb_cache_key_str (k, kind);
  hb_cache_key_str (k, PACKAGE_VERSION);
  key_build (k);
  const struct scmp_version *v = seccomp_version ();
  hb_cache_key_u64 (k, v ? v->major : 0);
  hb_cache_key_u64 (k, v ? v->minor : 0);
  hb_cache_key_u64 (k, v ? v->micro : 0);
  /* The API level says which actions and flags the kernel takes. */
  hb_cache_key_u64 (k, seccomp_api_get ());
  hb_cache_key_u64 (k, seccomp_arch_native ());
  struct utsname u;
  hb_cache_key_str (k, uname (&u) == 0 ? u.release : "");
}

void
hb_cache_key_clear (hb_cache_key *k)
{
  free (k->data);
  memset (k, 0, sizeof *k);
}
static const hb_cache_kind blob_kind = {
  BLOB_MAGIC, "blob", "cache", "its length", 1, ENTRY_MAX_BYTES,
};

void
hb_cache_entry_name (const hb_cache_kind *kind, const hb_cache_key *key, char name[32])
{
  snprintf (name, 32, "%016llx.%s", (unsigned long long) hash_words (HASH_SEED, key->data, key->len),
            kind->suffix);
}

static uint64_t
entry_checksum (const entry_header *h, const void *key, const void *prog, size_t prog_len)
{
  uint64_t c = hash_step (HASH_SEED, h->n_insns);
  c = hash_step (c, h->key_len);
  c = hash_words (c, key, (size_t) h->key_len);
  return hash_words (c, prog, prog_len);
}

/* ---------------------------------------------------------------------------
 * The directory and its entries
 * ------------------------------------------------------------------------- */

int
hb_cache_open (const char *path, hb_error **err)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT)
    {
      if (mkdir_p (path, 0700, err) < 0)
        return -1;
      fd = open (path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    }
  if (fd < 0)
    return hb_fail_errno (err, errno, HB_EXIT_FAILURE, "%s", path);
  struct stat st;
  if (fstat (fd, &st) < 0)
    {
      hb_fail_errno (err, errno, HB_EXIT_FAILURE, "%s", path);
      close (fd);
      return -1;
    }
  if (st.st_uid != geteuid ())
    {
      hb_fail (err, HB_EXIT_FAILURE, "%s: owned by uid %u, not by us: not used", path,
               (unsigned) st.st_uid);
      close (fd);
      return -1;
    }
  if (st.st_mode & 022)
    {
      hb_fail (err, HB_EXIT_FAILURE, "%s: writable by group or others: not used", path);
      close (fd);
      return -1;
    }
  /* Ours and writable only by us: make it private as well. */
  if ((st.st_mode & 077) != 0 && fchmod (fd, 0700) < 0)
    {
      hb_fail_errno (err, errno, HB_EXIT_FAILURE, "chmod %s", path);
      close (fd);
      return -1;
    }
  return fd;
}

int
hb_cache_load (int dirfd, const hb_cache_kind *kind, const hb_cache_key *key, unsigned char **payload,
            size_t *units, hb_error **err)
{
  char name[32];
  hb_cache_entry_name (kind, key, name);
  /* O_NONBLOCK: a FIFO planted here must not hang us before fstat. */
  cleanup_close int fd = openat (dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT)
    return 0;
  if (fd < 0)
    return hb_fail_errno (err, errno, HB_EXIT_FAILURE, "%s", name);
  struct stat st;
  if (fstat (fd, &st) < 0)
    return hb_fail_errno (err, errno, HB_EXIT_FAILURE, "%s", name);
  if (!S_ISREG (st.st_mode))
    return hb_fail (err, HB_EXIT_FAILURE, "%s: not a regular file", name);
  if (st.st_uid != geteuid ())
    return hb_fail (err, HB_EXIT_FAILURE, "%s: owned by uid %u, not by us", name,
                    (unsigned) st.st_uid);
  if (st.st_mode & 022)
    return hb_fail (err, HB_EXIT_FAILURE, "%s: writable by group or others", name);
  if (st.st_nlink != 1)
    return hb_fail (err, HB_EXIT_FAILURE, "%s: %ju links", name, (uintmax_t) st.st_nlink);
  if (st.st_size < (off_t) sizeof (entry_header) || st.st_size > (off_t) ENTRY_MAX_BYTES)
    return hb_fail (err, HB_EXIT_FAILURE, "%s: %lld bytes", name, (long long) st.st_size);

  size_t size = (size_t) st.st_size;
  /* One buffer, the payload moved to its start on a hit: every new page
   * is a page fault. */
  cleanup_free unsigned char *buf = xmalloc (size);
  if (fd_pread_all (fd, buf, size, 0) < 0)
    return hb_fail (err, HB_EXIT_FAILURE, "%s: short read", name);
  entry_header h;
  memcpy (&h, buf, sizeof h);
  if (memcmp (h.magic, kind->magic, sizeof h.magic) != 0)
    return hb_fail (err, HB_EXIT_FAILURE, "%s: not a hardenbench %s entry", name, kind->what);
  size_t body = size - sizeof h;
  if (h.n_insns == 0 || h.n_insns > kind->max_units || h.key_len > body
      || (body - h.key_len) != h.n_insns * kind->unit)
    return hb_fail (err, HB_EXIT_FAILURE, "%s: its size is not header + key + %s", name,
                    kind->units);
  const unsigned char *kdata = buf + sizeof h;
  const unsigned char *data = kdata + h.key_len;
  size_t data_len = (size_t) h.n_insns * kind->unit;
  if (entry_checksum (&h, kdata, data, data_len) != h.checksum)
    return hb_fail (err, HB_EXIT_FAILURE, "%s: checksum mismatch", name);
  /* Another key with the same name: not ours, a miss. */
  if (h.key_len != key->len || memcmp (kdata, key->data, key->len) != 0)
    return 0;
  memmove (buf, data, data_len);
  *payload = buf;
  buf = NULL;
  *units = (size_t) h.n_insns;
  /* used now: the last to be pruned */
  futimens (fd, NULL);
  return 1;
}

int
hb_cache_load_blob (int dirfd, const hb_cache_key *key, unsigned char **data, size_t *len,
                        hb_error **err)
{
  return hb_cache_load (dirfd, &blob_kind, key, data, len, err);
}

/* Is name one hb_cache_entry_name makes (16 hex digits, '.', a suffix of
 * letters)?  Whatever else is in the directory is left alone. */
static bool
entry_file_name (const char *name)
{
  size_t i = 0;
  for (; i < 16; i++)
    if (!isxdigit ((unsigned char) name[i]))
      return false;
  if (name[i++] != '.' || name[i] == '\0')
    return false;
  for (; name[i]; i++)
    if (!islower ((unsigned char) name[i]))
      return false;
  return true;
}

typedef struct entry_age {
  struct timespec mtime;
  char name[32];
} entry_age;

static int
entry_age_cmp (const void *a, const void *b)
{
  const struct timespec *x = &((const entry_age *) a)->mtime;
  const struct timespec *y = &((const entry_age *) b)->mtime;
  if (x->tv_sec != y->tv_sec)
    return x->tv_sec < y->tv_sec ? -1 : 1;
  return (x->tv_nsec > y->tv_nsec) - (x->tv_nsec < y->tv_nsec);
}

void
hb_cache_prune (int dirfd, size_t keep)
{
  int fd = dup (dirfd);
  if (fd < 0)
    return;
  DIR *d = fdopendir (fd);
  if (d == NULL)
    {
      close (fd);
      return;
    }
  rewinddir (d);
  entry_age *v = NULL;
  size_t n = 0, cap = 0;
  time_t now = time (NULL);
  struct dirent *de;
  while ((de = readdir (d)) != NULL)
    {
      struct stat st;
      if (fstatat (dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG (st.st_mode))
        continue;
      if (strncmp (de->d_name, ".tmp-", 5) == 0)
        {
          if (now - st.st_mtime > TMP_STALE_SECONDS)
            unlinkat (dirfd, de->d_name, 0);
          continue;
        }
      size_t len = strlen (de->d_name);
      if (len >= sizeof v->name || !entry_file_name (de->d_name))
        continue;
      if (n == cap)
        v = xrealloc (v, (cap = cap ? cap * 2 : 64) * sizeof *v);
      v[n].mtime = st.st_mtim;
      memcpy (v[n].name, de->d_name, len + 1);
      n++;
    }
  closedir (d);
  if (n > keep)
    {
      qsort (v, n, sizeof *v, entry_age_cmp);
      for (size_t i = 0; i < n - keep; i++)
        unlinkat (dirfd, v[i].name, 0);
    }
  free (v);
}

int
hb_cache_store (int dirfd, const hb_cache_kind *kind, const hb_cache_key *key, const void *data,
             size_t units, hb_error **err)
{
  char name[32];
  hb_cache_entry_name (kind, key, name);
  char tmp[80];
  snprintf (tmp, sizeof tmp, ".tmp-%d-%s", (int) getpid (), name);
  int fd = openat (dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0 && errno == EEXIST)
    {
      /* left by a killed process that had our pid */
      unlinkat (dirfd, tmp, 0);
      fd = openat (dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    }
  if (fd < 0)
    return hb_fail_errno (err, errno, HB_EXIT_FAILURE, "%s", tmp);
  entry_header h;
  memset (&h, 0, sizeof h);
  memcpy (h.magic, kind->magic, sizeof h.magic);
  h.n_insns = units;
  h.key_len = key->len;
  size_t data_len = units * kind->unit;
  h.checksum = entry_checksum (&h, key->data, data, data_len);
  int failed = fd_write_all (fd, &h, sizeof h) < 0 || fd_write_all (fd, key->data, key->len) < 0
               || fd_write_all (fd, data, data_len) < 0;
  int saved = errno;
  if (close (fd) < 0 && !failed)
    {
      failed = 1;
      saved = errno;
    }
  /* No fsync: a torn entry after a crash fails its checks and is rebuilt. */
  if (failed || renameat (dirfd, tmp, dirfd, name) < 0)
    {
      if (!failed)
        saved = errno;
      unlinkat (dirfd, tmp, 0);
      return hb_fail_errno (err, saved, HB_EXIT_FAILURE, "%s", name);
    }
  return 0;
}

bool
hb_cache_blob_fits (const hb_cache_key *key, size_t len)
{
  return len > 0 && key->len <= ENTRY_MAX_BYTES - sizeof (entry_header)
         && len <= ENTRY_MAX_BYTES - sizeof (entry_header) - key->len;
}

int
hb_cache_store_blob (int dirfd, const hb_cache_key *key, const void *data, size_t len,
                         hb_error **err)
{
  if (!hb_cache_blob_fits (key, len))
    return hb_fail (err, HB_EXIT_FAILURE, "cache entry of %zu bytes: not stored",
                    sizeof (entry_header) + key->len + len);
  return hb_cache_store (dirfd, &blob_kind, key, data, len, err);
}

/* Once per trial: the profile and both programs meet the same directory. */
static void
add_note (strv *notes, hb_error *e, const char *what)
{
  if (notes)
    {
      cleanup_free char *line = xasprintf ("seccomp filter cache: %s%s", e->msg, what);
      strv_add_unique (notes, line);
    }
  hb_error_free (e);
}

int
hb_cache_files_open (strv *notes)
{
  cleanup_free char *base = hb_cache_dir ();
  cleanup_free char *dir = xasprintf ("%s/bpf", base);
  hb_error *cerr = NULL;
  int dfd = hb_cache_open (dir, &cerr);
  if (dfd < 0)
    add_note (notes, cerr, "");
  return dfd;
}

void
hb_cache_note (strv *notes, hb_error *e, const char *what)
{
  add_note (notes, e, what);
}
