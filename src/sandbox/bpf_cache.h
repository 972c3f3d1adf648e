/* bpf_cache.h - seccomp filters as ready BPF programs, and a cache of them.
 *
 * A trial needs two programs (the policy's filter, the monitor's watch).
 * Building them with libseccomp and generating their BPF costs ~30M
 * instructions, several times the rest of a trial's start: so the
 * supervisor generates each program once, the child loads it with a bare
 * seccomp(SECCOMP_SET_MODE_FILTER), and the program is kept on disk under
 * hb_cache_dir()/bpf/ for the next trial with the same inputs.
 *
 * The cache is a security-relevant input.  An entry is used only when:
 *  - the directory is owned by the caller and writable by nobody else;
 *  - the file is a regular file owned by the caller, not writable by group
 *    or others, with one link;
 *  - its size is exactly header + key + a whole number of instructions;
 *  - its key is byte for byte the key asked for (the file name is only a
 *    hash of it, so a collision is a miss, never a wrong program);
 *  - its checksum matches.
 * Anything else is a miss, and the entry is rebuilt and replaced.  Entries
 * of older builds are pruned (least recently used beyond 64). */
#ifndef HB_SANDBOX_BPF_CACHE_H
#define HB_SANDBOX_BPF_CACHE_H

#include "core/error.h"
#include "core/seccomp_bpf.h"
#include "core/strv.h"

#include <seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a program is built from, as bytes: every input that can change the
 * program goes in.  hb_bpf_key_init adds the environment: the kind of
 * filter, hardenbench's version and build, libseccomp's version and API
 * level, the native architecture and the kernel release. */
typedef struct hb_bpf_key {
  unsigned char *data;
  size_t len, cap;
} hb_bpf_key;

void hb_bpf_key_init (hb_bpf_key *k, const char *kind);
void hb_bpf_key_u64 (hb_bpf_key *k, uint64_t v);
/* A string, length first (NULL and "" differ). */
void hb_bpf_key_str (hb_bpf_key *k, const char *s);
/* Bytes, length first. */
void hb_bpf_key_bytes (hb_bpf_key *k, const void *p, size_t len);
void hb_bpf_key_clear (hb_bpf_key *k);

/* Open the cache directory path, creating it 0700.  Refused (-1, err says
 * why) when it is not a directory, not owned by the caller, or writable by
 * group or others. */
int hb_bpf_cache_open (const char *path, hb_error **err);

/* Look key up in the cache directory dirfd: 1 and *out filled on a hit,
 * 0 when there is no entry for key, -1 when an entry exists but is refused
 * (err says why: owner, mode, size, key, checksum). */
int hb_bpf_cache_load (int dirfd, const hb_bpf_key *key, hb_bpf *out, hb_error **err);

/* Store b under key (a temporary file renamed into place). */
int hb_bpf_cache_store (int dirfd, const hb_bpf_key *key, const hb_bpf *b, hb_error **err);

/* Remove temporary files left by killed processes, and the least recently
 * used entries beyond keep (a hit marks its entry used).  hb_bpf_cached
 * does this after each store, keeping 64. */
void hb_bpf_cache_prune (int dirfd, size_t keep);

/* The file name of key's entry ("<16 hex digits>.bpf"), for tests. */
void hb_bpf_cache_name (const hb_bpf_key *key, char name[32]);

/* Entries of bytes rather than programs (a parsed seccomp profile:
 * profile_cache.h), under the same rules; their files end in .blob and
 * the same pruning keeps them.  load: 1 and *data (newly allocated, *len
 * bytes) on a hit, 0 and -1 as hb_bpf_cache_load. */
int hb_bpf_cache_load_blob (int dirfd, const hb_bpf_key *key, unsigned char **data, size_t *len,
                            hb_error **err);
int hb_bpf_cache_store_blob (int dirfd, const hb_bpf_key *key, const void *data, size_t len,
                             hb_error **err);
/* Whether an entry of len bytes under key is within the size every entry
 * is held to (4 MiB with its key): a bigger one is not stored. */
bool hb_bpf_cache_blob_fits (const hb_bpf_key *key, size_t len);

/* The cache directory hb_cache_dir()/bpf, opened for the calls above; -1
 * after a line in notes saying why it cannot be used. */
int hb_bpf_cache_dir (strv *notes);
/* A line in notes for e ("seccomp filter cache: " e's text, then what),
 * and e freed. */
void hb_bpf_cache_note (strv *notes, hb_error *e, const char *what);

/* The program for key: from the cache directory hb_cache_dir()/bpf when it
 * holds a valid entry, else from build (whose context is released here),
 * then stored.  The cache never makes a trial fail: when it cannot be used,
 * a line saying why goes to notes and the program is built in memory. */
typedef scmp_filter_ctx (*hb_bpf_build_fn) (const void *data, hb_error **err);
int hb_bpf_cached (const hb_bpf_key *key, hb_bpf_build_fn build, const void *data, hb_bpf *out,
                   strv *notes, hb_error **err);

#endif
