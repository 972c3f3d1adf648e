/* kernel_btf.c - struct member offsets from the kernel's BTF (see
 * kernel_btf.h): the file is mapped, its types indexed once, and the few
 * structs the exit hook walks looked up by name.
 *
 * The format (the kernel's Documentation/bpf/btf.rst): a header, then a
 * type section of variable-length entries numbered from 1, then a string
 * section.  Every offset read from the file is checked against its size. */
#include "config.h"

#include "monitor/kernel_btf.h"

#include "core/cleanup.h"
#include "core/cache_file.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/btf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#define VMLINUX_BTF "/sys/kernel/btf/vmlinux"
/* BTF_KIND_ENUM64 (Linux 6.0): named here for older headers. */
#define KIND_ENUM64 19

typedef struct btf_view {
  const uint8_t *types;     /* the type section */
  uint32_t types_len;
  const char *strings;
  uint32_t strings_len;
  uint32_t *type_at;        /* offset in types of type id i (1-based) */
  uint32_t n_types;         /* ids 1 .. n_types - 1 */
} btf_view;

/* The bytes that follow a type's common part. */
static bool
extra_bytes (const struct btf_type *t, size_t *out)
{
  size_t vlen = BTF_INFO_VLEN (t->info);
  switch (BTF_INFO_KIND (t->info))
    {
    case BTF_KIND_INT: case BTF_KIND_VAR: case BTF_KIND_DECL_TAG:
      *out = 4;
      return true;
    case BTF_KIND_ARRAY:
      *out = sizeof (struct btf_array);
      return true;
    case BTF_KIND_STRUCT: case BTF_KIND_UNION:
      *out = vlen * sizeof (struct btf_member);
      return true;
    case BTF_KIND_ENUM:
      *out = vlen * sizeof (struct btf_enum);
      return true;
    case KIND_ENUM64: case BTF_KIND_DATASEC:
      *out = vlen * 12;   /* btf_enum64, btf_var_secinfo: 12 bytes each */
      return true;
    case BTF_KIND_FUNC_PROTO:
      *out = vlen * sizeof (struct btf_param);
      return true;
    case BTF_KIND_PTR: case BTF_KIND_FWD: case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE:
    case BTF_KIND_CONST: case BTF_KIND_RESTRICT: case BTF_KIND_FUNC: case BTF_KIND_FLOAT:
    case 18 /* BTF_KIND_TYPE_TAG */:
      *out = 0;
      return true;
    default:
      return false;   /* a kind newer than this reader: its size is unknown */
    }
}

static int
index_types (btf_view *v)
{
  /* A type takes at least 12 bytes: that bounds their number. */
  size_t cap = v->types_len / sizeof (struct btf_type) + 2;
  v->type_at = malloc (cap * sizeof *v->type_at);
  if (v->type_at == NULL)
    return -1;
  v->n_types = 1;
  size_t off = 0;
  while (off < v->types_len)
    {
      if (v->types_len - off < sizeof (struct btf_type) || v->n_types >= cap)
        goto bad;
      const struct btf_type *t = (const struct btf_type *) (v->types + off);
      size_t extra;
      if (!extra_bytes (t, &extra) || extra > v->types_len - off - sizeof *t)
        goto bad;
      v->type_at[v->n_types++] = (uint32_t) off;
      off += sizeof *t + extra;
    }
  return 0;
bad:
  errno = EINVAL;
  return -1;
}

static const struct btf_type *
type_by_id (const btf_view *v, uint32_t id)
{
  if (id == 0 || id >= v->n_types)
    return NULL;
  return (const struct btf_type *) (v->types + v->type_at[id]);
}

static const char *
name_of (const btf_view *v, uint32_t name_off)
{
  if (name_off >= v->strings_len)
    return "";
  return v->strings + name_off;   /* the section ends with a NUL: checked */
}

static bool
is_composite (const struct btf_type *t)
{
  int kind = BTF_INFO_KIND (t->info);
  return kind == BTF_KIND_STRUCT || kind == BTF_KIND_UNION;
}

/* The byte offset of member name in t, looking into its anonymous structs
 * and unions (qstr's len sits in one); -1 when absent or a bitfield. */
static int32_t
member_offset (const btf_view *v, const struct btf_type *t, const char *name, int depth)
{
  if (depth > 8)
    return -1;
  const struct btf_member *m = (const struct btf_member *) (t + 1);
  uint32_t vlen = BTF_INFO_VLEN (t->info);
  for (uint32_t i = 0; i < vlen; i++)
    {
      uint32_t bits = BTF_INFO_KFLAG (t->info) ? BTF_MEMBER_BIT_OFFSET (m[i].offset)
                                                : m[i].offset;
      if (m[i].name_off == 0)
        {
          const struct btf_type *inner = type_by_id (v, m[i].type);
          if (inner == NULL || !is_composite (inner))
            continue;
          int32_t r = member_offset (v, inner, name, depth + 1);
          if (r >= 0 && bits % 8 == 0)
            return (int32_t) (bits / 8) + r;
        }
      else if (strcmp (name_of (v, m[i].name_off), name) == 0)
        return bits % 8 == 0 ? (int32_t) (bits / 8) : -1;
    }
  return -1;
}

/* The structs walked, and their names in BTF. */
enum { S_TASK, S_FS, S_PATH, S_DENTRY, S_QSTR, S_VFSMOUNT, S_MOUNT, S_FILES, S_FDTABLE, S_FILE,
       S_CRED, S_GROUP_INFO, S_USER_NS, S_NS_COMMON, S_PID, S_UPID, S_PID_NS, N_STRUCTS };
static const char *const struct_names[N_STRUCTS] = {
  [S_TASK] = "task_struct", [S_FS] = "fs_struct", [S_PATH] = "path", [S_DENTRY] = "dentry",
  [S_QSTR] = "qstr", [S_VFSMOUNT] = "vfsmount", [S_MOUNT] = "mount",
  [S_FILES] = "files_struct", [S_FDTABLE] = "fdtable", [S_FILE] = "file",
  [S_CRED] = "cred", [S_GROUP_INFO] = "group_info", [S_USER_NS] = "user_namespace",
  [S_NS_COMMON] = "ns_common", [S_PID] = "pid", [S_UPID] = "upid",
  [S_PID_NS] = "pid_namespace",
};

static int
read_offsets (const btf_view *v, hb_kernel_offsets *o)
{
  static const struct {
    unsigned s;          /* S_* */
    const char *member;  /* NULL: the struct's size */
    size_t at;
  } want[] = {
#define W(s, m, f) { s, m, offsetof (hb_kernel_offsets, f) }
    W (S_TASK, "fs", task_fs), W (S_TASK, "files", task_files),
    W (S_FS, "root", fs_root), W (S_FS, "pwd", fs_pwd),
    W (S_PATH, "mnt", path_mnt), W (S_PATH, "dentry", path_dentry),
    W (S_DENTRY, "d_parent", dentry_parent), W (S_DENTRY, "d_name", dentry_name),
    W (S_QSTR, "len", qstr_len), W (S_QSTR, "name", qstr_name),
    W (S_VFSMOUNT, "mnt_root", vfsmount_root),
    W (S_MOUNT, "mnt", mount_mnt), W (S_MOUNT, "mnt_parent", mount_parent),
    W (S_MOUNT, "mnt_mountpoint", mount_mountpoint),
    W (S_FILES, "fdt", files_fdt),
    W (S_FDTABLE, "max_fds", fdtable_max_fds), W (S_FDTABLE, "fd", fdtable_fd),
    W (S_FILE, "f_path", file_path),
    W (S_TASK, "cred", task_cred),
    W (S_CRED, "fsuid", cred_fsuid), W (S_CRED, "fsgid", cred_fsgid),
    W (S_CRED, "cap_effective", cred_cap_effective),
    W (S_CRED, "group_info", cred_group_info), W (S_CRED, "user_ns", cred_user_ns),
    W (S_GROUP_INFO, "ngroups", group_info_ngroups), W (S_GROUP_INFO, "gid", group_info_gid),
    W (S_USER_NS, "ns", user_ns_ns), W (S_NS_COMMON, "inum", ns_common_inum),
    W (S_MOUNT, "mnt_id", mount_mnt_id),
    W (S_TASK, "thread_pid", task_thread_pid), W (S_TASK, "group_leader", task_group_leader),
    W (S_TASK, "ptrace", task_ptrace),
    W (S_PID, "level", pid_level), W (S_PID, "numbers", pid_numbers),
    W (S_UPID, "nr", upid_nr), W (S_UPID, "ns", upid_ns), W (S_UPID, NULL, upid_size),
    W (S_PID_NS, "ns", pid_ns_ns),
#undef W
  };
  /* One pass finds the structs (the first of each name: vmlinux BTF is
   * deduplicated). */
  const struct btf_type *found[N_STRUCTS] = { 0 };
  for (uint32_t id = 1; id < v->n_types; id++)
    {
      const struct btf_type *t = type_by_id (v, id);
      if (BTF_INFO_KIND (t->info) != BTF_KIND_STRUCT)
        continue;
      const char *name = name_of (v, t->name_off);
      for (size_t i = 0; i < N_STRUCTS; i++)
        if (found[i] == NULL && strcmp (name, struct_names[i]) == 0)
          found[i] = t;
    }
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
    {
      const struct btf_type *t = found[want[i].s];
      int32_t off = t == NULL ? -1
                    : want[i].member ? member_offset (v, t, want[i].member, 0)
                    : (int32_t) t->size;
      if (off < 0)
        {
          errno = ENOENT;
          return -1;
        }
      memcpy ((char *) o + want[i].at, &off, sizeof off);
    }
  return 0;
}

int
hb_kernel_offsets_read (const char *path, hb_kernel_offsets *out)
{
  memset (out, 0, sizeof *out);
  cleanup_close int fd = open (path ? path : VMLINUX_BTF, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  struct stat st;
  if (fstat (fd, &st) < 0)
    return -1;
  size_t size = (size_t) st.st_size;
  if (size < sizeof (struct btf_header))
    {
      errno = EINVAL;
      return -1;
    }
  /* Mapped, not read: the kernel's BTF is megabytes and reading it through
   * sysfs costs tens of milliseconds; a trial needs a few hundred bytes. */
  void *map = mmap (NULL, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  if (map == MAP_FAILED)
    return -1;
  const uint8_t *data = map;
  int ret = -1;
  btf_view v = { 0 };
  const struct btf_header *h = (const struct btf_header *) data;
  if (h->magic != BTF_MAGIC || h->version != BTF_VERSION || h->hdr_len < sizeof *h
      || h->hdr_len > size
      || h->type_off > size - h->hdr_len || h->type_len > size - h->hdr_len - h->type_off
      || h->str_off > size - h->hdr_len || h->str_len > size - h->hdr_len - h->str_off
      || h->str_len == 0 || data[h->hdr_len + h->str_off + h->str_len - 1] != '\0')
    {
      errno = EINVAL;
      goto out;
    }
  v.types = data + h->hdr_len + h->type_off;
  v.types_len = h->type_len;
  v.strings = (const char *) data + h->hdr_len + h->str_off;
  v.strings_len = h->str_len;
  if (index_types (&v) < 0)
    goto out;
  ret = read_offsets (&v, out);
out:
  {
    int saved = errno;
    free (v.type_at);
    munmap (map, size);
    errno = saved;
  }
  return ret;
}

int
hb_kernel_offsets_get (hb_kernel_offsets *out)
{
  struct stat st;
  struct utsname u;
  if (stat (VMLINUX_BTF, &st) < 0 || uname (&u) < 0)
    return -1;
  /* The kernel's build (release and version string) and its BTF's size
   * and time (the boot): another kernel is another entry. */
  hb_cache_key key;
  hb_cache_key_init (&key, "kernel struct offsets 3");
  hb_cache_key_str (&key, u.version);
  hb_cache_key_u64 (&key, (uint64_t) st.st_size);
  hb_cache_key_u64 (&key, (uint64_t) st.st_mtime);
  hb_error *cerr = NULL;
  cleanup_close int dfd = hb_cache_files_open (NULL);
  if (dfd >= 0)
    {
      cleanup_free unsigned char *data = NULL;
      size_t len = 0;
      int r = hb_cache_load_blob (dfd, &key, &data, &len, &cerr);
      hb_error_free (cerr);
      cerr = NULL;
      if (r == 1 && len == sizeof *out)
        {
          memcpy (out, data, sizeof *out);
          hb_cache_key_clear (&key);
          return 0;
        }
    }
  int ret = hb_kernel_offsets_read (NULL, out);
  if (ret == 0 && dfd >= 0)
    {
      /* Not stored: the next trial reads the BTF again, nothing worse. */
      hb_cache_store_blob (dfd, &key, out, sizeof *out, &cerr);
      hb_error_free (cerr);
    }
  hb_cache_key_clear (&key);
  return ret;
}
