/* rootfs_cache.c - a target's files when its layers cannot be used in
 * place: the engine's export, extracted once into the cache.
 *
 *   $XDG_CACHE_HOME/hardenbench/            0700
 *     rootfs/<id>/.complete                 written last, before the rename
 *     rootfs/<id>/root/                     the extracted files
 *     rootfs/.partial-<id>-XXXXXX/          an extraction in progress
 *
 * An extraction happens in a .partial directory that is renamed into place
 * only after it finished and its marker was written: a crash, a hang-up of
 * the engine or a hostile archive leaves no usable directory behind. */
#include "config.h"

#include "engine/engine.h"
#include "engine/extract.h"
#include "engine/target.h"
#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/paths.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* An export larger than this is refused while downloading. */
#define MAX_EXPORT_BYTES (HB_EXTRACT_MAX_BYTES + HB_EXTRACT_MAX_BYTES / 8)
/* Partial directories older than this were left by a dead process. */
#define STALE_PARTIAL_SECONDS 3600

static bool
is_complete (const char *dir)
{
  cleanup_free char *marker = xasprintf ("%s/.complete", dir);
  cleanup_free char *root = xasprintf ("%s/root", dir);
  struct stat st;
  return lstat (marker, &st) == 0 && S_ISREG (st.st_mode) && lstat (root, &st) == 0
         && S_ISDIR (st.st_mode);
}

/* A private directory: created 0700, and made 0700 if it existed. */
static int
private_dir (const char *path, hb_error **err)
{
  if (mkdir_p (path, 0700, err) < 0)
    return -1;
  struct stat st;
  if (lstat (path, &st) < 0 || !S_ISDIR (st.st_mode))
    return hb_fail (err, HB_EXIT_FAILURE, "%s: not a directory", path);
  if (st.st_uid != geteuid ())
    return hb_fail (err, HB_EXIT_FAILURE, "%s: owned by someone else, refused", path);
  if ((st.st_mode & 07777) != 0700 && chmod (path, 0700) < 0)
    return hb_fail_errno (err, errno, HB_EXIT_FAILURE, "chmod %s", path);
  return 0;
}

static void
remove_stale_partials (const char *dir)
{
  cleanup_dir DIR *d = opendir (dir);
  if (d == NULL)
    return;
  time_t now = time (NULL);
  struct dirent *de;
  while ((de = readdir (d)) != NULL)
    {
      if (!text_has_prefix (de->d_name, ".partial-"))
        continue;
      struct stat st;
      if (fstatat (dirfd (d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
        continue;
      if (now - st.st_mtime < STALE_PARTIAL_SECONDS)
        continue;
      cleanup_free char *path = xasprintf ("%s/%s", dir, de->d_name);
      hb_error *ignored = NULL;
      rm_rf (path, &ignored);
      hb_error_free (ignored);
    }
}

/* Export id (a container) into partial/root; *bytes: the archive's size. */
static int
export_into (hb_engine *e, const char *container_id, const char *partial, uint64_t *bytes,
             hb_error **err)
{
  cleanup_free char *tar = xasprintf ("%s/export.tar", partial);
  cleanup_close int fd = open (tar, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    return hb_fail_errno (err, errno, HB_EXIT_FAILURE, "%s", tar);
  if (hb_engine_export (e, container_id, fd, MAX_EXPORT_BYTES, err) < 0)
    return hb_error_wrap (err, "exporting the container's files");
  off_t size = lseek (fd, 0, SEEK_END);
  if (size < 0 || lseek (fd, 0, SEEK_SET) < 0)
    return hb_fail_errno (err, errno, HB_EXIT_FAILURE, "%s", tar);
  *bytes = (uint64_t) size;
  cleanup_free char *root = xasprintf ("%s/root", partial);
  if (mkdir (root, 0755) < 0)
    return hb_fail_errno (err, errno, HB_EXIT_FAILURE, "mkdir %s", root);
  if (hb_tar_extract_fd (fd, root, NULL, err) < 0)
    return -1;
  unlink (tar);
  return 0;
}

/* What copying a remote target's files cost, said once (the copy is kept). */
static char *
remote_note (const hb_target *t, const hb_engine *e, uint64_t bytes, double seconds,
             const char *where)
{
  cleanup_free char *name = text_sanitize (t->name);
  cleanup_free char *size = text_format_size ((int64_t) bytes);
  return xasprintf ("%s %s is on the engine at %s, not on this machine: its files were "
                    "copied here once (docker export, %s in %.1f s) and later trials of it "
                    "reuse the copy in %s", hb_target_kind_name (t->kind), name,
                    hb_engine_url (e), size, seconds, where);
}

static int
extract_target (hb_target *t, const hb_engine_opts *opts, const char *partial,
                const char *final, hb_error **err)
{
  cleanup_engine hb_engine *e = hb_engine_open (opts, err);
  if (e == NULL)
    return -1;
  struct timespec t0, t1;
  clock_gettime (CLOCK_MONOTONIC, &t0);
  uint64_t bytes = 0;
  if (t->kind == HB_TARGET_CONTAINER)
    {
      if (export_into (e, t->id, partial, &bytes, err) < 0)
        return -1;
    }
  else
    {
      cleanup_free char *tmp = NULL;
      if (hb_engine_create_temporary (e, t->id, &tmp, err) < 0)
        return -1;
      int r = export_into (e, tmp, partial, &bytes, err);
  /* Removed whatever happened; a failure here is reported only if the
   * export itself worked. */
      hb_error *rm_err = NULL;
      if (hb_engine_remove_container (e, tmp, &rm_err) < 0 && r == 0)
        {
          *err = rm_err;
          hb_error_wrap (err, "removing the temporary container %.12s", tmp);
          return -1;
        }
      hb_error_free (rm_err);
      if (r < 0)
        return -1;
    }
  clock_gettime (CLOCK_MONOTONIC, &t1);
  if (!hb_engine_is_local (e))
    {
      free (t->rootfs_note);
      t->rootfs_note = remote_note (t, e, bytes,
                                    (double) (t1.tv_sec - t0.tv_sec)
                                    + (double) (t1.tv_nsec - t0.tv_nsec) / 1e9, final);
    }
  return 0;
}

int
hb_target_prepare_rootfs (hb_target *t, const hb_engine_opts *opts, hb_error **err)
{
  if (t->rootfs.layers.n > 0)
    return 0;
  if (t->kind != HB_TARGET_CONTAINER && t->kind != HB_TARGET_IMAGE)
    return hb_fail (err, HB_EXIT_FAILURE, "target %s has no files", t->name);
  const char *key = t->id;
  if (text_has_prefix (key, "sha256:"))
    key += strlen ("sha256:");
  if (*key == '\0' || strlen (key) > 128 || strspn (key, "0123456789abcdef") != strlen (key))
    return hb_fail (err, HB_EXIT_ENGINE, "target %s: the engine's id is not hexadecimal",
                    t->name);

  cleanup_free char *cache = hb_cache_dir ();
  cleanup_free char *dir = xasprintf ("%s/rootfs", cache);
  if (private_dir (cache, err) < 0 || private_dir (dir, err) < 0)
    return hb_error_wrap (err, "preparing the rootfs cache");
  cleanup_free char *final = xasprintf ("%s/%s", dir, key);
  cleanup_free char *root = xasprintf ("%s/root", final);
  if (is_complete (final))
    {
      strv_push (&t->rootfs.layers, root);
      return 0;
    }
  remove_stale_partials (dir);
  /* Something without its marker is a leftover: never use it. */
  if (rm_rf (final, err) < 0)
    return -1;

  cleanup_free char *partial = xasprintf ("%s/.partial-%s-XXXXXX", dir, key);
  if (mkdtemp (partial) == NULL)
    return hb_fail_errno (err, errno, HB_EXIT_FAILURE, "mkdtemp in %s", dir);
  if (extract_target (t, opts, partial, final, err) < 0)
    {
      hb_error *ignored = NULL;
      rm_rf (partial, &ignored);
      hb_error_free (ignored);
      cleanup_free char *name = text_sanitize (t->name);
      return hb_error_wrap (err, "%s %s", hb_target_kind_name (t->kind), name);
    }
  cleanup_free char *marker = xasprintf ("%s/.complete", partial);
  cleanup_free char *text = xasprintf ("%s\n", t->id);
  if (file_write_atomic (marker, text, strlen (text), true, 0600, err) < 0)
    {
      hb_error *ignored = NULL;
      rm_rf (partial, &ignored);
      hb_error_free (ignored);
      return -1;
    }
  if (rename (partial, final) < 0)
    {
      int e = errno;
      hb_error *ignored = NULL;
      rm_rf (partial, &ignored);
      hb_error_free (ignored);
      /* Another hardenbench finished the same extraction first. */
      if ((e == ENOTEMPTY || e == EEXIST) && is_complete (final))
        {
          strv_push (&t->rootfs.layers, root);
          return 0;
        }
      return hb_fail_errno (err, e, HB_EXIT_FAILURE, "%s", final);
    }
  strv_push (&t->rootfs.layers, root);
  return 0;
}
