/* curl_dl.c - opening libcurl on first use (see curl_dl.h for why). */
#define HB_CURL_DL_IMPL
#include "config.h"

#include "engine/curl_dl.h"

#include <dlfcn.h>
#include <stddef.h>

hb_curl_api hb_curl;

int
hb_curl_load (hb_error **err)
{
  static int loaded;
  if (loaded)
    return 0;
  /* RTLD_LOCAL: its symbols (and its dependencies') stay out of ours. */
  void *lib = dlopen (HB_CURL_SONAME, RTLD_NOW | RTLD_LOCAL);
  if (lib == NULL)
    {
      const char *why = dlerror ();
      return hb_fail (err, HB_EXIT_ENGINE, "cannot load libcurl (%s): %s", HB_CURL_SONAME,
                      why ? why : "unknown error");
    }
  hb_curl_api api;
#define HB_CURL_LOOKUP(name)                                                                   \
  *(void **) &api.name = dlsym (lib, #name);                                                   \
  if (api.name == NULL)                                                                        \
    {                                                                                          \
      dlclose (lib);                                                                           \
      return hb_fail (err, HB_EXIT_ENGINE, "%s has no %s (libcurl too old?)", HB_CURL_SONAME, \
                      #name);                                                                  \
    }
  HB_CURL_FUNCTIONS (HB_CURL_LOOKUP)
#undef HB_CURL_LOOKUP
  hb_curl = api;
  /* Never closed: handles live until exit. */
  loaded = 1;
  return 0;
}
