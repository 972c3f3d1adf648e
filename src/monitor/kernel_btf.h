/* kernel_btf.h - where the running kernel keeps the fields the exit hook
 * reads to turn a relative path into an absolute one, read from its BTF
 * (/sys/kernel/btf/vmlinux).
 *
 * Why BTF: struct layouts change from one kernel build to the next; the
 * kernel describes its own in BTF, so the offsets come from there and
 * never from a header of ours. */
#ifndef HB_MONITOR_KERNEL_BTF_H
#define HB_MONITOR_KERNEL_BTF_H

#include <stdint.h>

/* Byte offsets of the fields walked from the current task to the name of
 * its working directory (or of the directory an fd refers to), of those
 * its capability checks read (its credentials, its root's mount), and of
 * those that tell whether it is the trial's (its pid namespace). */
typedef struct hb_kernel_offsets {
  int32_t task_fs, task_files;               /* struct task_struct */
  int32_t fs_root, fs_pwd;                   /* struct fs_struct */
  int32_t path_mnt, path_dentry;             /* struct path */
  int32_t dentry_parent, dentry_name;        /* struct dentry */
  int32_t qstr_len, qstr_name;               /* struct qstr */
  int32_t vfsmount_root;                     /* struct vfsmount */
  int32_t mount_mnt, mount_parent, mount_mountpoint;   /* struct mount */
  int32_t files_fdt;                         /* struct files_struct */
  int32_t fdtable_max_fds, fdtable_fd;       /* struct fdtable */
  int32_t file_path;                         /* struct file */
  int32_t task_cred;                         /* struct task_struct */
  int32_t cred_fsuid, cred_fsgid, cred_cap_effective;   /* struct cred */
  int32_t cred_group_info, cred_user_ns;
  int32_t group_info_ngroups, group_info_gid;           /* struct group_info */
  int32_t user_ns_ns, ns_common_inum;        /* struct user_namespace, ns_common */
  int32_t mount_mnt_id;                      /* struct mount */
  /* Which tasks are the trial's: traced, in its pid namespace. */
  int32_t task_thread_pid, task_group_leader, task_ptrace;   /* struct task_struct */
  int32_t pid_level, pid_numbers;            /* struct pid */
  int32_t upid_nr, upid_ns, upid_size;       /* struct upid, and its size */
  int32_t pid_ns_ns;                         /* struct pid_namespace */
} hb_kernel_offsets;

/* Read them from the BTF at path (NULL: the running kernel's).  0, or -1
 * and errno: ENOENT when the file or a field is missing, EINVAL when it
 * is not BTF this reader knows. */
int hb_kernel_offsets_read (const char *path, hb_kernel_offsets *out);

/* The running kernel's, from the cache store (core/cache_file.h) when it
 * holds them (reading the BTF takes milliseconds: most of a trial's
 * start), else read and stored there.  0, or -1 as above. */
int hb_kernel_offsets_get (hb_kernel_offsets *out);

#endif
