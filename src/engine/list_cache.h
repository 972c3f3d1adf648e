/* list_cache.h - the hardening summaries of containers and images already
 * inspected, so that `list` asks the engine only about new ones.
 *
 * Exact, not a guess: every field of a summary (Privileged, CapAdd/CapDrop,
 * SecurityOpt, ReadonlyRootfs, Config.User) is fixed when the container is
 * created (`docker update` changes resources and the restart policy only),
 * and an image id is the digest of its config.  An entry is used only for
 * the same engine address, the same id and the same creation time and image
 * id as the list endpoint reports now; anything else is inspected again.
 * The file is the user's ($XDG_CACHE_HOME/hardenbench/list/, mode 0600):
 * one that is not ours alone (another owner, writable by group or others,
 * not a regular file, in such a directory) is not read; and it is still
 * checked field by field: a bad entry is dropped, never shown. */
#ifndef HB_ENGINE_LIST_CACHE_H
#define HB_ENGINE_LIST_CACHE_H

#include "engine/engine.h"

#include <jansson.h>
#include <stdbool.h>

typedef struct hb_list_cache hb_list_cache;

/* Load the cache of the engine at url (containers or images).  Never
 * fails: a missing or unreadable file is an empty cache. */
hb_list_cache *hb_list_cache_open (const char *url, bool images);
/* Fill row's summary from the entry for id when its stamp (what the list
 * endpoint says of it: creation time, image id) matches; false if none. */
bool hb_list_cache_get (hb_list_cache *c, const char *id, const char *stamp,
                        hb_container_summary *row);
/* Remember row's summary for id. */
void hb_list_cache_put (hb_list_cache *c, const char *id, const char *stamp,
                        const hb_container_summary *row);
/* Write it back when it changed (best effort: a failure costs the next
 * list its speed, nothing else).  complete: the listing had every entry
 * (list --all, images), so entries not seen were removed and are dropped. */
void hb_list_cache_save (hb_list_cache *c, bool complete);
void hb_list_cache_free (hb_list_cache *c);

/* The stamp of a list endpoint item: "CREATED/IMAGEID". */
char *hb_list_cache_stamp (json_t *item);

#endif
