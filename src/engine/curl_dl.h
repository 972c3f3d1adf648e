/* curl_dl.h - libcurl, loaded when the engine is first contacted.
 *
 * Linking libcurl makes every process map it and its ~30 dependencies
 * (TLS, Kerberos, LDAP, SSH, ...) and run their constructors: ~13 ms per
 * start here, more than a whole trial of `true` otherwise costs.  Only
 * commands that talk to an engine need it, so it is opened with dlopen on
 * first use.  Include this instead of <curl/curl.h>: the curl_* names used
 * by http.c become calls through the table loaded by hb_curl_load. */
#ifndef HB_ENGINE_CURL_DL_H
#define HB_ENGINE_CURL_DL_H

#include "core/error.h"

#include <curl/curl.h>

/* The type-checking wrappers of curl/typecheck-gcc.h call the functions by
 * name; the calls go through the table instead. */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#undef curl_multi_setopt

#define HB_CURL_FUNCTIONS(X)                                                                   \
  X (curl_global_init)                                                                         \
  X (curl_easy_init)                                                                           \
  X (curl_easy_cleanup)                                                                        \
  X (curl_easy_reset)                                                                          \
  X (curl_easy_setopt)                                                                         \
  X (curl_easy_getinfo)                                                                        \
  X (curl_easy_perform)                                                                        \
  X (curl_easy_strerror)                                                                       \
  X (curl_slist_append)                                                                        \
  X (curl_slist_free_all)                                                                      \
  X (curl_multi_init)                                                                          \
  X (curl_multi_setopt)                                                                        \
  X (curl_multi_add_handle)                                                                    \
  X (curl_multi_remove_handle)                                                                 \
  X (curl_multi_perform)                                                                       \
  X (curl_multi_poll)                                                                          \
  X (curl_multi_info_read)                                                                     \
  X (curl_multi_strerror)                                                                      \
  X (curl_multi_cleanup)

#define HB_CURL_POINTER(name) __typeof__ (name) *name;
typedef struct hb_curl_api {
  HB_CURL_FUNCTIONS (HB_CURL_POINTER)
} hb_curl_api;
#undef HB_CURL_POINTER

extern hb_curl_api hb_curl;

/* Open libcurl and fill hb_curl (once; later calls return at once).
 * Fails with HB_EXIT_ENGINE when the library or a function is missing. */
int hb_curl_load (hb_error **err);

#ifndef HB_CURL_DL_IMPL
#define curl_global_init (hb_curl.curl_global_init)
#define curl_easy_init (hb_curl.curl_easy_init)
#define curl_easy_cleanup (hb_curl.curl_easy_cleanup)
#define curl_easy_reset (hb_curl.curl_easy_reset)
#define curl_easy_setopt (hb_curl.curl_easy_setopt)
#define curl_easy_getinfo (hb_curl.curl_easy_getinfo)
#define curl_easy_perform (hb_curl.curl_easy_perform)
#define curl_easy_strerror (hb_curl.curl_easy_strerror)
#define curl_slist_append (hb_curl.curl_slist_append)
#define curl_slist_free_all (hb_curl.curl_slist_free_all)
#define curl_multi_init (hb_curl.curl_multi_init)
#define curl_multi_setopt (hb_curl.curl_multi_setopt)
#define curl_multi_add_handle (hb_curl.curl_multi_add_handle)
#define curl_multi_remove_handle (hb_curl.curl_multi_remove_handle)
#define curl_multi_perform (hb_curl.curl_multi_perform)
#define curl_multi_poll (hb_curl.curl_multi_poll)
#define curl_multi_info_read (hb_curl.curl_multi_info_read)
#define curl_multi_strerror (hb_curl.curl_multi_strerror)
#define curl_multi_cleanup (hb_curl.curl_multi_cleanup)
#endif

#endif
