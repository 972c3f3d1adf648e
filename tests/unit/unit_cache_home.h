/* unit_cache_home.h - a private XDG_CACHE_HOME for the cache unit tests:
 * a fresh temp directory (mkdtemp needs its six-X template) and the path
 * of hardenbench's BPF cache under it; removed with rm_rf. */
#ifndef HB_TESTS_UNIT_CACHE_HOME_H
#define HB_TESTS_UNIT_CACHE_HOME_H

#include <stdio.h>
#include <stdlib.h>

/* dir receives the new XDG_CACHE_HOME (tag names the test), bpf its
 * hardenbench/bpf; -1 when the directory cannot be made. */
static inline int
unit_cache_home_make (const char *tag, char dir[64], char bpf[96])
{
  snprintf (dir, 64, "/tmp/hbt-%s-XXXXXX", tag);
  if (mkdtemp (dir) == NULL)
    return -1;
  snprintf (bpf, 96, "%s/hardenbench/bpf", dir);
  setenv ("XDG_CACHE_HOME", dir, 1);
  return 0;
}

#endif
