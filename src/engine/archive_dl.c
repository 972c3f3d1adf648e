/* archive_dl.c - opening libarchive on first use (see archive_dl.h). */
#define HB_ARCHIVE_DL_IMPL
#include "config.h"

#include "engine/archive_dl.h"

#include <dlfcn.h>
#include <stddef.h>

hb_archive_api hb_archive;

int
hb_archive_load (hb_error **err)
{
  static int loaded;
  if (loaded)
    return 0;
  void *lib = dlopen (HB_ARCHIVE_SONAME, RTLD_NOW | RTLD_LOCAL);
  if (lib == NULL)
    {
      const char *why = dlerror ();
      return hb_fail (err, HB_EXIT_FAILURE, "cannot load libarchive (%s): %s", HB_ARCHIVE_SONAME,
                      why ? why : "unknown error");
    }
  hb_archive_api api;
#define HB_ARCHIVE_LOOKUP(name)                                                                \
  *(void **) &api.name = dlsym (lib, #name);                                                   \
  if (api.name == NULL)                                                                        \
    {                                                                                          \
      dlclose (lib);                                                                           \
      return hb_fail (err, HB_EXIT_FAILURE, "%s has no %s (libarchive too old?)",              \
                      HB_ARCHIVE_SONAME, #name);                                               \
    }
  HB_ARCHIVE_FUNCTIONS (HB_ARCHIVE_LOOKUP)
#undef HB_ARCHIVE_LOOKUP
  hb_archive = api;
  /* Never closed: extractions may follow. */
  loaded = 1;
  return 0;
}
