/* bpf_cache.h - seccomp filters as ready BPF programs, and a cache of them.
 *
 * A trial needs two programs (the policy's filter, the monitor's watch).
 * Building them with libseccomp and generating their BPF costs ~30M
 * instructions, several times the rest of a trial's start: so the
 * supervisor generates each program once, the child loads it with a bare
 * seccomp(SECCOMP_SET_MODE_FILTER), and the program is kept on disk under
 * hb_cache_dir()/bpf/ for the next trial with the same inputs.
 * The store and the rules an entry must pass: core/cache_file.h. */
#ifndef HB_SANDBOX_BPF_CACHE_H
#define HB_SANDBOX_BPF_CACHE_H

#include "core/cache_file.h"
#include "core/error.h"
#include "core/seccomp_bpf.h"
#include "core/strv.h"

#include <seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Look key up in the cache directory dirfd (hb_cache_files_open): 1 and
 * *out filled on a hit, 0 when there is no entry for key, -1 when an entry
 * exists but is refused (err says why, see core/cache_file.h). */
int hb_bpf_cache_load (int dirfd, const hb_cache_key *key, hb_bpf *out, hb_error **err);

/* Store b under key (a temporary file renamed into place). */
int hb_bpf_cache_store (int dirfd, const hb_cache_key *key, const hb_bpf *b, hb_error **err);

/* The file name of key's entry ("<16 hex digits>.bpf"), for tests. */
void hb_bpf_cache_name (const hb_cache_key *key, char name[32]);

/* The program for key: from the cache directory hb_cache_dir()/bpf when it
 * holds a valid entry, else from build (whose context is released here),
 * then stored (and the directory pruned to HB_CACHE_KEEP).  The cache
 * never makes a trial fail: when it cannot be used, a line saying why goes
 * to notes and the program is built in memory. */
typedef scmp_filter_ctx (*hb_bpf_build_fn) (const void *data, hb_error **err);
int hb_bpf_cached (const hb_cache_key *key, hb_bpf_build_fn build, const void *data, hb_bpf *out,
                   strv *notes, hb_error **err);

#endif
