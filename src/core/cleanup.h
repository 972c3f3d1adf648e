/* cleanup.h - scope-exit cleanup, as crun and systemd do it.
 *
 *   cleanup_free char *buf = xmalloc (n);
 *   cleanup_close int fd = open (...);
 *
 * The variable is released when it goes out of scope; hand ownership away
 * with steal_pointer() / steal_fd(). */
#ifndef HB_CORE_CLEANUP_H
#define HB_CORE_CLEANUP_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <errno.h>
#include <dirent.h>
#include <jansson.h>

static inline void
cleanup_freep (void *p)
{
  void **pp = (void **) p;
  free (*pp);
}

static inline void
cleanup_closep (int *fd)
{
  if (*fd >= 0)
    {
      int saved = errno;
      close (*fd);
      errno = saved;
    }
}

static inline void
cleanup_fclosep (FILE **f)
{
  if (*f != NULL)
    fclose (*f);
}

static inline void
cleanup_closedirp (DIR **d)
{
  if (*d != NULL)
    {
      int saved = errno;
      closedir (*d);
      errno = saved;
    }
}

static inline void
cleanup_json_decrefp (json_t **j)
{
  json_decref (*j);
}

#define cleanup_free __attribute__ ((cleanup (cleanup_freep)))
#define cleanup_close __attribute__ ((cleanup (cleanup_closep)))
#define cleanup_fclose __attribute__ ((cleanup (cleanup_fclosep)))
#define cleanup_dir __attribute__ ((cleanup (cleanup_closedirp)))
#define cleanup_json __attribute__ ((cleanup (cleanup_json_decrefp)))

static inline void *
steal_pointer_impl (void *pp)
{
  void **p = (void **) pp;
  void *v = *p;
  *p = NULL;
  return v;
}
#define steal_pointer(pp) steal_pointer_impl (pp)

static inline int
steal_fd (int *fd)
{
  int v = *fd;
  *fd = -1;
  return v;
}

#endif
