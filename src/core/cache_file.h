/* cache_file.h - the on-disk cache store: entries of bytes kept under
 * hb_cache_dir()/bpf/ by a key of everything they were computed from.
 * The sandbox keeps seccomp programs there (sandbox/bpf_cache.h) and
 * parsed profiles (sandbox/profile_cache.h), the monitor the kernel's
 * struct offsets (monitor/kernel_btf.c).
 *
 * The cache is a security-relevant input.  An entry is used only when:
 *  - the directory is owned by the caller and writable by nobody else;
 *  - the file is a regular file owned by the caller, not writable by group
 *    or others, with one link;
 *  - its size is exactly header + key + a whole number of units;
 *  - its key is byte for byte the key asked for (the file name is only a
 *    hash of it, so a collision is a miss, never a wrong entry);
 *  - its checksum matches.
 * Anything else is a miss, and the entry is rebuilt and replaced.  Entries
 * of older builds are pruned (least recently used beyond HB_CACHE_KEEP). */
#ifndef HB_CORE_CACHE_FILE_H
#define HB_CORE_CACHE_FILE_H

#include "core/error.h"
#include "core/strv.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Entries of older builds are never hit again: beyond this many, the least
 * recently used go (a hit touches its entry). */
#define HB_CACHE_KEEP 64

/* What an entry is computed from, as bytes: every input that can change
 * it goes in.  hb_cache_key_init adds the environment: the kind of entry,
 * hardenbench's version and build, libseccomp's version and API level,
 * the native architecture and the kernel release. */
typedef struct hb_cache_key {
  unsigned char *data;
  size_t len, cap;
} hb_cache_key;

void hb_cache_key_init (hb_cache_key *k, const char *kind);
void hb_cache_key_u64 (hb_cache_key *k, uint64_t v);
/* A string, length first (NULL and "" differ). */
void hb_cache_key_str (hb_cache_key *k, const char *s);
/* Bytes, length first. */
void hb_cache_key_bytes (hb_cache_key *k, const void *p, size_t len);
void hb_cache_key_clear (hb_cache_key *k);

/* A kind of entry: what tells programs and blobs apart on disk. */
typedef struct hb_cache_kind {
  const char *magic;      /* 8 bytes at the start of the file */
  const char *suffix;     /* of the file name: lower-case letters */
  const char *what;       /* "BPF", in errors */
  const char *units;      /* "whole instructions", in errors */
  size_t unit;            /* bytes per unit of payload */
  uint64_t max_units;
} hb_cache_kind;

/* Open the cache directory path, creating it 0700.  Refused (-1, err says
 * why) when it is not a directory, not owned by the caller, or writable by
 * group or others. */
int hb_cache_open (const char *path, hb_error **err);

/* The file name of key's entry of kind ("<16 hex digits>.<suffix>"). */
void hb_cache_entry_name (const hb_cache_kind *kind, const hb_cache_key *key, char name[32]);

/* Look key's entry of kind up in the cache directory dirfd: 1 and
 * *payload (newly allocated, *units units) on a hit, 0 when there is no
 * entry for key, -1 when an entry exists but is refused (err says why:
 * owner, mode, size, key, checksum). */
int hb_cache_load (int dirfd, const hb_cache_kind *kind, const hb_cache_key *key,
                   unsigned char **payload, size_t *units, hb_error **err);
/* Store units units of data under key (a temporary file renamed into
 * place). */
int hb_cache_store (int dirfd, const hb_cache_kind *kind, const hb_cache_key *key,
                    const void *data, size_t units, hb_error **err);

/* Remove temporary files left by killed processes, and the least recently
 * used entries beyond keep (a hit marks its entry used). */
void hb_cache_prune (int dirfd, size_t keep);

/* Entries of bytes (files ending in .blob).  load: 1 and *data (newly
 * allocated, *len bytes) on a hit, 0 and -1 as hb_cache_load. */
int hb_cache_load_blob (int dirfd, const hb_cache_key *key, unsigned char **data, size_t *len,
                        hb_error **err);
int hb_cache_store_blob (int dirfd, const hb_cache_key *key, const void *data, size_t len,
                         hb_error **err);
/* Whether an entry of len bytes under key is within the size every entry
 * is held to (4 MiB with its key): a bigger one is not stored. */
bool hb_cache_blob_fits (const hb_cache_key *key, size_t len);

/* The cache directory hb_cache_dir()/bpf, opened for the calls above; -1
 * after a line in notes (when not NULL) saying why it cannot be used. */
int hb_cache_files_open (strv *notes);
/* A line in notes for e ("seccomp filter cache: " e's text, then what),
 * and e freed. */
void hb_cache_note (strv *notes, hb_error *e, const char *what);

#endif
