/* fuzz_bpf_cache.c - libFuzzer harness: reading the BPF cache's entries
 * (core/cache_file.c, sandbox/bpf_cache.c) and the parsed profiles kept in them
 * (sandbox/profile_cache.c).
 *
 * The first byte picks what the rest is:
 *   0 a program entry file, as found in the cache directory
 *   1 a blob entry file
 *   2 an encoded profile (hb_profile_decode, what a blob entry holds)
 *   3 a program, stored and read back: the same instructions come back
 * A profile that decodes must encode to the same bytes. */
#include "config.h"

#include "fuzz.h"
#include "core/cache_file.h"
#include "sandbox/bpf_cache.h"
#include "sandbox/profile_cache.h"

#include <fcntl.h>
#include <linux/filter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
plant (int dirfd, const char *name, const uint8_t *data, size_t size)
{
  int fd = openat (dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 || (size > 0 && write (fd, data, size) != (ssize_t) size) || close (fd) < 0)
    abort ();
}

static void
decode (const uint8_t *data, size_t size)
{
  hb_seccomp_profile *p = hb_profile_decode (data, size);
  if (p == NULL)
    return;
  size_t len = 0;
  void *again = hb_profile_encode (p, &len);
  if (len != size || memcmp (again, data, size) != 0)
    {
      fprintf (stderr, "fuzz: a decoded profile encodes to other bytes\n");
      abort ();
    }
  free (again);
  hb_seccomp_profile_free (p);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size < 1)
    return 0;
  unsigned kind = data[0] % 4;
  data++;
  size--;
  if (kind == 2)
    {
      decode (data, size);
      return 0;
    }
  char *dir = fuzz_fresh_dir ();
  hb_error *err = NULL;
  int dirfd = hb_cache_open (dir, &err);
  if (dirfd < 0)
    abort ();
  hb_cache_key key;
  hb_cache_key_init (&key, "fuzz");
  char name[32];
  hb_bpf_cache_name (&key, name);
  hb_bpf prog = { 0 };
  if (kind == 0)
    {
      plant (dirfd, name, data, size);
      if (hb_bpf_cache_load (dirfd, &key, &prog, &err) < 0)
        hb_error_free (err);
    }
  else if (kind == 1)
    {
      /* The blob's name: the program's with its own suffix. */
      char *dot = strrchr (name, '.');
      snprintf (dot, sizeof name - (size_t) (dot - name), ".blob");
      plant (dirfd, name, data, size);
      unsigned char *blob = NULL;
      size_t len = 0;
      int r = hb_cache_load_blob (dirfd, &key, &blob, &len, &err);
      if (r < 0)
        hb_error_free (err);
      else if (r == 1)
        decode (blob, len);
      free (blob);
    }
  else
    {
      size_t n = size / sizeof (struct sock_filter);
      if (n > 0 && n <= BPF_MAXINSNS)
        {
          hb_bpf in = { .insns = malloc (n * sizeof *in.insns), .n = n };
          memcpy (in.insns, data, n * sizeof *in.insns);
          if (hb_bpf_cache_store (dirfd, &key, &in, &err) < 0)
            abort ();
          if (hb_bpf_cache_load (dirfd, &key, &prog, &err) != 1 || prog.n != n
              || memcmp (prog.insns, in.insns, n * sizeof *in.insns) != 0)
            {
              fprintf (stderr, "fuzz: a stored program did not come back\n");
              abort ();
            }
          hb_bpf_clear (&in);
        }
    }
  hb_bpf_clear (&prog);
  hb_cache_key_clear (&key);
  close (dirfd);
  fuzz_remove_tree (dir);
  free (dir);
  fuzz_check_canary ();
  return 0;
}
