/* copytree.h - fill a trial's new volume with the image's files at its path,
 * as Docker fills a new anonymous or named volume. */
#ifndef HB_SANDBOX_COPYTREE_H
#define HB_SANDBOX_COPYTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct hb_copy_state {
  uint64_t budget;      /* bytes of file data still allowed; copying more fails (EFBIG) */
  bool keep_owner;      /* copy uid/gid (false: files belong to the copier) */
  bool lax_owner;       /* an owner the kernel cannot map (user namespace) is not an error */
  size_t skipped;       /* device nodes, fifos and sockets left out */
  char where[512];      /* on failure: the path (relative to the source) that failed */
} hb_copy_state;

/* Copy the contents of directory src into directory dst (both open
 * directory fds): directories, regular files and symlinks (as links, never
 * followed), with their modes, owners (keep_owner) and times.  Names come
 * from readdir and are opened with O_NOFOLLOW relative to their parent, so
 * a hostile tree cannot lead the copy outside src or dst.  0, or -1 with
 * errno and c->where set. */
int hb_copytree (int src, int dst, hb_copy_state *c);

#endif
