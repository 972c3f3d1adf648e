/* profile_cache.h - the trial's seccomp base profile, parsed once.
 *
 * Parsing the shipped default profile is a fifth of a trial's start (the
 * JSON library, then every rule checked); its result depends only on the
 * file's bytes, this build and libseccomp's syscall tables.  So the parsed
 * profile is kept as a blob in the cache store (core/cache_file.h: the
 * same ownership, mode, full-key and checksum checks), keyed by all of
 * those, and read back instead of parsed. */
#ifndef HB_SANDBOX_PROFILE_CACHE_H
#define HB_SANDBOX_PROFILE_CACHE_H

#include "core/error.h"
#include "core/strv.h"
#include "policy/seccomp_profile.h"

#include <stddef.h>

/* The profile name stands for (as hb_seccomp_profile_resolve gives it, with
 * the same errors): from the cache when it has the profile parsed from the
 * same bytes, else parsed and then stored.  A profile whose parsing warned
 * is not stored, so that it warns every time.  When the cache cannot be
 * used, a line saying why goes to notes (a seccomp_loader's data). */
hb_seccomp_profile *hb_profile_cached (const char *name, void *notes, hb_error **err);

/* The profile as bytes, and back (NULL when data is not a whole, valid
 * encoding), for the cache and its tests. */
void *hb_profile_encode (const hb_seccomp_profile *p, size_t *len);
hb_seccomp_profile *hb_profile_decode (const unsigned char *data, size_t len);

#endif
