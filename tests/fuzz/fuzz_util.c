/* fuzz_util.c - the scratch directory and canary of fuzz.h. */
#define _GNU_SOURCE
#include "config.h"

#include "fuzz.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CANARY_TEXT "hardenbench fuzz canary: nothing may write here\n"

static char scratch[4096];
static unsigned long fresh_count;

static void
die (const char *what)
{
  perror (what);
  abort ();
}

static void
remove_scratch (void)
{
  if (scratch[0] != '\0')
    fuzz_remove_tree (scratch);
}

/* Run from anywhere (libFuzzer is started by hand): the shipped profiles
 * and presets are found in the source tree unless the caller said. */
__attribute__ ((constructor)) static void
fuzz_datadir (void)
{
  setenv ("HARDENBENCH_DATADIR", HB_ABS_SRCDIR, 0);
}

const char *
fuzz_scratch (void)
{
  if (scratch[0] != '\0')
    return scratch;
  const char *tmp = getenv ("TMPDIR");
  snprintf (scratch, sizeof scratch, "%s/hb-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (mkdtemp (scratch) == NULL)
    die ("fuzz: mkdtemp");
  char path[4200];
  snprintf (path, sizeof path, "%s/root", scratch);
  if (mkdir (path, 0700) < 0)
    die ("fuzz: mkdir root");
  snprintf (path, sizeof path, "%s/canary", scratch);
  int fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 || write (fd, CANARY_TEXT, strlen (CANARY_TEXT)) != (ssize_t) strlen (CANARY_TEXT)
      || close (fd) < 0)
    die ("fuzz: canary");
  atexit (remove_scratch);
  return scratch;
}

char *
fuzz_fresh_dir (void)
{
  char *path;
  if (asprintf (&path, "%s/root/%lu", fuzz_scratch (), fresh_count++) < 0)
    die ("fuzz: asprintf");
  if (mkdir (path, 0700) < 0)
    die ("fuzz: mkdir");
  return path;
}

static int
open_up (const char *path, const struct stat *st, int type, struct FTW *ftw)
{
  (void) ftw;
  /* Called before the walk reads the directory: a directory of mode 0
   * (an archive can make one) would stop it for a non-root run. */
  if (type == FTW_D && (st->st_mode & 0700) != 0700)
    chmod (path, 0700);
  return 0;
}

static int
remove_one (const char *path, const struct stat *st, int type, struct FTW *ftw)
{
  (void) st;
  (void) type;
  (void) ftw;
  if (remove (path) < 0)
    die (path);
  return 0;
}

void
fuzz_remove_tree (const char *path)
{
  struct stat st;
  if (lstat (path, &st) < 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      chmod (path, 0700);
      nftw (path, open_up, 32, FTW_PHYS);
    }
  if (nftw (path, remove_one, 32, FTW_DEPTH | FTW_PHYS) < 0)
    die (path);
}

static void
only_entries (const char *dir, const char *a, const char *b)
{
  DIR *d = opendir (dir);
  if (d == NULL)
    die (dir);
  struct dirent *e;
  while ((e = readdir (d)) != NULL)
    if (strcmp (e->d_name, ".") != 0 && strcmp (e->d_name, "..") != 0
        && (a == NULL || strcmp (e->d_name, a) != 0) && (b == NULL || strcmp (e->d_name, b) != 0))
      {
        fprintf (stderr, "fuzz: %s/%s appeared outside the directory the input was given\n", dir,
                 e->d_name);
        abort ();
      }
  closedir (d);
}

void
fuzz_check_canary (void)
{
  const char *dir = fuzz_scratch ();
  char path[4200];
  snprintf (path, sizeof path, "%s/canary", dir);
  struct stat st;
  char buf[sizeof CANARY_TEXT + 16];
  int fd = open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 || fstat (fd, &st) < 0 || !S_ISREG (st.st_mode) || (st.st_mode & 07777) != 0600)
    {
      fprintf (stderr, "fuzz: the canary %s was replaced\n", path);
      abort ();
    }
  ssize_t n = read (fd, buf, sizeof buf);
  close (fd);
  if (n != (ssize_t) strlen (CANARY_TEXT) || memcmp (buf, CANARY_TEXT, (size_t) n) != 0)
    {
      fprintf (stderr, "fuzz: the canary %s was written to\n", path);
      abort ();
    }
  only_entries (dir, "root", "canary");
  /* Each input's directory is removed before this check: anything left
   * under root was written beside it ("../x"). */
  snprintf (path, sizeof path, "%s/root", dir);
  only_entries (path, NULL, NULL);
}
