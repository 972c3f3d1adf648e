/* fuzz_tar.c - libFuzzer harness: the export tar extractor
 * (engine/export_tar.c), whose archive comes from the engine.
 *
 * Each input is a tar on a memfd, extracted into a fresh directory of a
 * private scratch root.  Beyond "no crash": whether the extraction succeeds
 * or fails, nothing it wrote is a device node or has a setuid or setgid
 * bit, and nothing appears outside the directory it was given
 * (fuzz_check_canary). */
#define _GNU_SOURCE
#include "config.h"

#include "fuzz.h"
#include "engine/extract.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static int
check_one (const char *path, const struct stat *st, int type, struct FTW *ftw)
{
  (void) type;
  (void) ftw;
  /* A FIFO is kept (images ship them; what reads the root opens files
   * O_NONBLOCK and wants regular ones); a device node never. */
  if (S_ISCHR (st->st_mode) || S_ISBLK (st->st_mode) || S_ISSOCK (st->st_mode))
    {
      fprintf (stderr, "fuzz: the extractor wrote a device node %s (mode %o)\n", path,
               (unsigned) st->st_mode);
      abort ();
    }
  if (st->st_mode & (S_ISUID | S_ISGID))
    {
      fprintf (stderr, "fuzz: the extractor wrote a setuid/setgid file %s\n", path);
      abort ();
    }
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  int fd = memfd_create ("fuzz-tar", MFD_CLOEXEC);
  if (fd < 0)
    abort ();
  size_t done = 0;
  while (done < size)
    {
      ssize_t w = write (fd, data + done, size - done);
      if (w <= 0)
        abort ();
      done += (size_t) w;
    }
  if (lseek (fd, 0, SEEK_SET) != 0)
    abort ();
  char *dest = fuzz_fresh_dir ();
  /* Small limits: the fuzzer explores the checks, not the disk. */
  const hb_extract_limits limits = { .max_bytes = 8u << 20, .max_entries = 4096 };
  hb_error *err = NULL;
  if (hb_tar_extract_fd (fd, dest, &limits, &err) < 0)
    {
      if (err == NULL || err->msg == NULL || err->status == 0)
        abort ();
      hb_error_free (err);
    }
  close (fd);
  if (nftw (dest, check_one, 32, FTW_PHYS) < 0)
    abort ();
  fuzz_remove_tree (dest);
  free (dest);
  fuzz_check_canary ();
  return 0;
}
