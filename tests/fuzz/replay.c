/* replay.c - main() of replay_<harness>: runs a fuzz harness's entry point
 * on every file of its seed corpus and kept regressions, as a TAP test.
 *
 * Built in every configuration (gcc included), so that `make check` proves
 * each crash once found stays fixed, and under --enable-sanitizers or
 * --enable-fuzzing with ASan/UBSan watching.  With arguments, runs those
 * files instead (to try one input without libFuzzer). */
#include "config.h"

#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef HB_FUZZ_NAME
#error "HB_FUZZ_NAME names the harness"
#endif

typedef struct {
  char **v;
  size_t n, cap;
} file_list;

static void
add (file_list *l, const char *path)
{
  if (l->n == l->cap)
    {
      l->cap = l->cap ? 2 * l->cap : 16;
      l->v = realloc (l->v, l->cap * sizeof *l->v);
      if (l->v == NULL)
        abort ();
    }
  l->v[l->n] = strdup (path);
  if (l->v[l->n++] == NULL)
    abort ();
}

static int
cmp (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Every regular file of dir (a missing dir has none). */
static void
add_dir (file_list *l, const char *dir)
{
  DIR *d = opendir (dir);
  if (d == NULL)
    {
      if (errno == ENOENT)
        return;
      fprintf (stderr, "replay: %s: %s\n", dir, strerror (errno));
      exit (99);
    }
  size_t first = l->n;
  struct dirent *e;
  while ((e = readdir (d)) != NULL)
    {
      if (e->d_name[0] == '.')
        continue;
      char path[4096];
      snprintf (path, sizeof path, "%s/%s", dir, e->d_name);
      struct stat st;
      if (stat (path, &st) == 0 && S_ISREG (st.st_mode))
        add (l, path);
    }
  closedir (d);
  qsort (l->v + first, l->n - first, sizeof *l->v, cmp);
}

static unsigned char *
slurp (const char *path, size_t *len)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat (fd, &st) < 0)
    return NULL;
  unsigned char *buf = malloc ((size_t) st.st_size + 1);
  size_t got = 0;
  while (buf && got < (size_t) st.st_size)
    {
      ssize_t r = read (fd, buf + got, (size_t) st.st_size - got);
      if (r <= 0)
        break;
      got += (size_t) r;
    }
  close (fd);
  *len = got;
  return buf;
}

int
main (int argc, char **argv)
{
  file_list files = { 0 };
  if (argc > 1)
    for (int i = 1; i < argc; i++)
      add (&files, argv[i]);
  else
    {
      const char *src = getenv ("HB_SRCDIR");
      if (src == NULL || *src == '\0')
        src = HB_ABS_SRCDIR;
      char dir[4096];
      snprintf (dir, sizeof dir, "%s/tests/fuzz/corpus/%s", src, HB_FUZZ_NAME);
      add_dir (&files, dir);
      snprintf (dir, sizeof dir, "%s/tests/fuzz/regressions/%s", src, HB_FUZZ_NAME);
      add_dir (&files, dir);
    }
  /* stdout carries TAP: what the code under test prints goes to stderr. */
  setvbuf (stdout, NULL, _IOLBF, 0);
  printf ("1..%zu\n", files.n);
  if (files.n == 0)
    printf ("# no inputs for %s\n", HB_FUZZ_NAME);
  int failed = 0;
  for (size_t i = 0; i < files.n; i++)
    {
      size_t len = 0;
      unsigned char *data = slurp (files.v[i], &len);
      if (data == NULL)
        {
          printf ("not ok %zu - %s: cannot read: %s\n", i + 1, files.v[i], strerror (errno));
          failed = 1;
          continue;
        }
      /* A crash (or a sanitizer report) ends the process here: the TAP
       * driver then reports the missing results as an error. */
      fprintf (stderr, "replay: %s\n", files.v[i]);
      LLVMFuzzerTestOneInput (data, len);
      free (data);
      const char *base = strrchr (files.v[i], '/');
      printf ("ok %zu - %s %s\n", i + 1, HB_FUZZ_NAME, base ? base + 1 : files.v[i]);
      free (files.v[i]);
    }
  free (files.v);
  return failed;
}
