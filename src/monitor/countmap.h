/* countmap.h - a string -> count map that remembers first-seen order
 * (denied paths, denied syscalls, learned names), hashed so a burst of
 * twenty thousand distinct paths stays linear. */
#ifndef HB_MONITOR_COUNTMAP_H
#define HB_MONITOR_COUNTMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct hb_countmap_entry {
  char *key;
  uint64_t count;
} hb_countmap_entry;

typedef struct hb_countmap {
  hb_countmap_entry *v;   /* in first-seen order */
  size_t n, cap;
  size_t *slots;          /* open addressing: index + 1, 0 = empty */
  size_t n_slots;
} hb_countmap;

/* Add count to key (inserted with count when new). */
void hb_countmap_add (hb_countmap *m, const char *key, uint64_t count);
uint64_t hb_countmap_get (const hb_countmap *m, const char *key);
void hb_countmap_clear (hb_countmap *m);

#endif
