/* bpf_cache.c - seccomp programs generated once, loaded by the child as
 * plain BPF, and kept in the cache store (core/cache_file.h) keyed by
 * everything they are built from: entries <hash64(key)>.bpf holding the
 * program's instructions (native endian). */
#include "config.h"

#include "sandbox/bpf_cache.h"
#include "core/cleanup.h"

#include <linux/filter.h>

#define ENTRY_MAGIC "HBBPF\0\1\0"

static const hb_cache_kind program_kind = {
  ENTRY_MAGIC, "bpf", "BPF", "whole instructions", sizeof (struct sock_filter), BPF_MAXINSNS,
};

void
hb_bpf_cache_name (const hb_cache_key *key, char name[32])
{
  hb_cache_entry_name (&program_kind, key, name);
}

int
hb_bpf_cache_load (int dirfd, const hb_cache_key *key, hb_bpf *out, hb_error **err)
{
  unsigned char *prog = NULL;
  size_t n = 0;
  int r = hb_cache_load (dirfd, &program_kind, key, &prog, &n, err);
  if (r != 1)
    return r;
  out->insns = (struct sock_filter *) prog;
  out->n = n;
  out->flags = hb_bpf_flags_of (out->insns, out->n);
  return 1;
}

int
hb_bpf_cache_store (int dirfd, const hb_cache_key *key, const hb_bpf *b, hb_error **err)
{
  return hb_cache_store (dirfd, &program_kind, key, b->insns, b->n, err);
}

int
hb_bpf_cached (const hb_cache_key *key, hb_bpf_build_fn build, const void *data, hb_bpf *out,
               strv *notes, hb_error **err)
{
  hb_error *cerr = NULL;
  cleanup_close int dfd = hb_cache_files_open (notes);
  if (dfd >= 0)
    {
      int r = hb_bpf_cache_load (dfd, key, out, &cerr);
      if (r == 1)
        return 0;
      if (r < 0)
        {
          hb_cache_note (notes, cerr, " (refused, rebuilt)");
          cerr = NULL;
        }
    }
  scmp_filter_ctx ctx = build (data, err);
  if (ctx == NULL)
    return -1;
  int r = hb_bpf_from_ctx (ctx, out, err);
  seccomp_release (ctx);
  if (r < 0)
    return -1;
  if (dfd >= 0)
    {
      if (hb_bpf_cache_store (dfd, key, out, &cerr) < 0)
        hb_cache_note (notes, cerr, " (not stored)");
      hb_cache_prune (dfd, HB_CACHE_KEEP);
    }
  return 0;
}
