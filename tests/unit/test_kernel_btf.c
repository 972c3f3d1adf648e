/* test_kernel_btf.c - struct offsets from BTF (src/monitor/kernel_btf.c):
 * the running kernel's, files that are not BTF or are cut short, BTF
 * without the structs, and the cached copy. */
#include "config.h"

#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/xalloc.h"
#include "monitor/kernel_btf.h"
#include "unit_cache_home.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/btf.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define VMLINUX "/sys/kernel/btf/vmlinux"
/* A btf_type's info: kind in bits 24-28, member count in 0-15. */
#define INFO(kind, vlen) (((uint32_t) (kind) << 24) | (uint32_t) (vlen))

static void
skip_without_btf (void)
{
  if (access (VMLINUX, R_OK) != 0)
    skip ();
}

/* A file of these bytes, in memory (a memfd: nothing to clean up on
 * disk); *path names it while the returned fd is open. */
static int
mem_file (const char *name, const void *data, size_t len, char path[32])
{
  int fd = memfd_create (name, MFD_CLOEXEC);
  assert_true (fd >= 0);
  assert_int_equal (write (fd, data, len), (ssize_t) len);
  snprintf (path, 32, "/proc/self/fd/%d", fd);
  return fd;
}

static void
test_running_kernel (void **state)
{
  (void) state;
  skip_without_btf ();
  hb_kernel_offsets o;
  assert_int_equal (hb_kernel_offsets_read (NULL, &o), 0);
  /* Layouts that have not moved in any 64-bit kernel. */
  assert_int_equal (o.path_mnt, 0);
  assert_int_equal (o.path_dentry, 8);
  assert_int_equal (o.qstr_name, 8);
  /* qstr's len is in an anonymous struct in an anonymous union: after
   * the hash on little-endian machines. */
  assert_int_equal (o.qstr_len, 4);
  /* The others vary with the build; each is inside its struct. */
  assert_true (o.task_fs > 0 && o.task_files > 0 && o.task_fs != o.task_files);
  assert_true (o.fs_root != o.fs_pwd);
  assert_true (o.dentry_parent != o.dentry_name);
  assert_true (o.mount_mnt > 0 && o.mount_parent != o.mount_mountpoint);
  assert_true (o.fdtable_fd != o.fdtable_max_fds);
  assert_true (o.file_path > 0);
  /* What a capability check reads: struct cred's ids before its
   * capability sets, a group_info's count before its gids. */
  assert_true (o.task_cred > 0 && o.task_cred != o.task_fs);
  assert_true (o.cred_fsuid > 0 && o.cred_fsgid == o.cred_fsuid + 4);
  assert_true (o.cred_cap_effective > o.cred_fsgid);
  assert_true (o.cred_group_info > 0 && o.cred_user_ns > 0
               && o.cred_group_info != o.cred_user_ns);
  assert_true (o.group_info_gid > o.group_info_ngroups);
  assert_true (o.user_ns_ns >= 0 && o.ns_common_inum >= 0);
  assert_true (o.mount_mnt_id > 0 && o.mount_mnt_id != o.mount_mnt);
  /* Which tasks are the trial's: struct upid is { int nr; a pointer },
   * a struct's size read as such; a struct pid's numbers follow its
   * level. */
  assert_int_equal (o.upid_nr, 0);
  assert_int_equal (o.upid_ns, 8);
  assert_int_equal (o.upid_size, 16);
  assert_true (o.pid_numbers > o.pid_level);
  assert_true (o.task_thread_pid > 0 && o.task_group_leader > 0 && o.task_ptrace > 0);
  assert_true (o.pid_ns_ns > 0);
}

static void
test_missing_file (void **state)
{
  (void) state;
  hb_kernel_offsets o;
  assert_int_equal (hb_kernel_offsets_read ("/nonexistent/hardenbench/vmlinux", &o), -1);
  assert_int_equal (errno, ENOENT);
}

static void
test_not_btf (void **state)
{
  (void) state;
  static const char text[] = "root:x:0:0:root:/root:/bin/sh\n";
  char path[32], empty[32];
  cleanup_close int fd = mem_file ("text", text, sizeof text - 1, path);
  hb_kernel_offsets o;
  assert_int_equal (hb_kernel_offsets_read (path, &o), -1);
  assert_int_equal (errno, EINVAL);
  cleanup_close int efd = mem_file ("empty", "", 0, empty);
  assert_int_equal (hb_kernel_offsets_read (empty, &o), -1);
  assert_int_equal (errno, EINVAL);
}

/* The kernel's BTF cut after 64 KiB: its header promises more. */
static void
test_cut_short (void **state)
{
  (void) state;
  skip_without_btf ();
  cleanup_close int fd = open (VMLINUX, O_RDONLY | O_CLOEXEC);
  assert_true (fd >= 0);
  size_t len = 64 * 1024;
  cleanup_free char *buf = xmalloc (len);
  size_t got = 0;
  while (got < len)
    {
      ssize_t n = read (fd, buf + got, len - got);
      assert_true (n > 0);
      got += (size_t) n;
    }
  char path[32];
  cleanup_close int cut_fd = mem_file ("cut", buf, len, path);
  hb_kernel_offsets o;
  assert_int_equal (hb_kernel_offsets_read (path, &o), -1);
  assert_int_equal (errno, EINVAL);
}

/* Valid BTF with an int and struct path only: the walk's other structs
 * are missing. */
static void
test_structs_missing (void **state)
{
  (void) state;
  static const char strings[] = "\0int\0path\0mnt\0dentry";
  struct {
    struct btf_header h;
    struct btf_type t_int;
    uint32_t int_bits;
    struct btf_type t_path;
    struct btf_member m[2];
    char s[sizeof strings];
  } __attribute__ ((packed)) b;
  memset (&b, 0, sizeof b);
  b.h.magic = BTF_MAGIC;
  b.h.version = BTF_VERSION;
  b.h.hdr_len = sizeof b.h;
  b.h.type_off = 0;
  b.h.type_len = (uint32_t) (offsetof (__typeof__ (b), s) - sizeof b.h);
  b.h.str_off = b.h.type_len;
  b.h.str_len = sizeof strings;
  b.t_int.name_off = 1;                                  /* "int" */
  b.t_int.info = INFO (BTF_KIND_INT, 0);
  b.t_int.size = 8;
  b.int_bits = 64;
  b.t_path.name_off = 5;                                 /* "path" */
  b.t_path.info = INFO (BTF_KIND_STRUCT, 2);
  b.t_path.size = 16;
  b.m[0] = (struct btf_member) { .name_off = 10, .type = 1, .offset = 0 };    /* mnt */
  b.m[1] = (struct btf_member) { .name_off = 14, .type = 1, .offset = 64 };   /* dentry */
  memcpy (b.s, strings, sizeof strings);
  char path[32], cut[32];
  cleanup_close int small_fd = mem_file ("small", &b, sizeof b, path);
  hb_kernel_offsets o;
  assert_int_equal (hb_kernel_offsets_read (path, &o), -1);
  assert_int_equal (errno, ENOENT);

  /* The same with a type section that ends inside a member. */
  b.h.type_len -= 6;
  cleanup_close int cut_fd = mem_file ("small-cut", &b, sizeof b, cut);
  assert_int_equal (hb_kernel_offsets_read (cut, &o), -1);
  assert_int_equal (errno, EINVAL);
}

static size_t
count_blobs (const char *dir)
{
  DIR *d = opendir (dir);
  if (d == NULL)
    return 0;
  size_t n = 0;
  struct dirent *e;
  while ((e = readdir (d)) != NULL)
    n += strstr (e->d_name, ".blob") != NULL;
  closedir (d);
  return n;
}

/* Read once, then from the cache: the same offsets. */
static void
test_cached (void **state)
{
  (void) state;
  skip_without_btf ();
  char home[64], bpf[96];
  assert_int_equal (unit_cache_home_make ("btfcache", home, bpf), 0);
  hb_kernel_offsets direct, first, again;
  assert_int_equal (hb_kernel_offsets_read (NULL, &direct), 0);
  assert_int_equal (count_blobs (bpf), 0);
  assert_int_equal (hb_kernel_offsets_get (&first), 0);
  assert_int_equal (count_blobs (bpf), 1);
  assert_int_equal (hb_kernel_offsets_get (&again), 0);
  assert_int_equal (count_blobs (bpf), 1);
  assert_memory_equal (&direct, &first, sizeof direct);
  assert_memory_equal (&direct, &again, sizeof direct);
  unsetenv ("XDG_CACHE_HOME");
  assert_int_equal (rm_rf (home, NULL), 0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_running_kernel),
    cmocka_unit_test (test_missing_file),
    cmocka_unit_test (test_not_btf),
    cmocka_unit_test (test_cut_short),
    cmocka_unit_test (test_structs_missing),
    cmocka_unit_test (test_cached),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
