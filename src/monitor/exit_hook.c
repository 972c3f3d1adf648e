/* exit_hook.c - the eBPF program on sys_exit that reports failed watched
 * syscalls (see exit_hook.h), its maps, and reading its ring buffer.
 *
 * The program is assembled here, about 590 instructions, so that
 * the build needs neither clang's BPF target nor libbpf: four maps
 * (watched syscall numbers, counters and the trial's pid namespace, a
 * scratch record per CPU, the ring buffer), one raw tracepoint.  No map
 * of tasks: the program tells the trial's tasks by their pid namespace,
 * so nothing is updated per task (and a hash map's buckets, allocated at
 * once, took about 0.9 ms of every trial's start here). */
#include "config.h"

#include "monitor/exit_hook.h"

#include "core/xalloc.h"
#include "monitor/kernel_btf.h"
#include "monitor/watched.h"

#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__) && defined(SYS_bpf)
#include <linux/bpf.h>

/* Records: a failure reported whole takes its path's length and 296
 * bytes, one waiting for its task's stop takes 80.  A report that would
 * fill more than half stops its task instead (exit_hook.h), so the other
 * half holds a record for each of 1600 tasks stopped at once. */
#define RING_BYTES (256u * 1024u)
#define RING_REPORT_MAX (RING_BYTES / 2)
/* Where the record's path starts; a record that stops its task holds
 * what comes before its comm. */
#define RECORD_HEAD ((int) offsetof (hb_exit_record, path))
#define STOP_HEAD ((int) offsetof (hb_exit_record, comm))
#define WATCHED_MAX 1024u
/* PROC_PID_INIT_INO: the host's own pid namespace. */
#define INIT_PID_NS_INO 0xEFFFFFFCu

/* Kinds in the watched map: which failures of syscall nr are reported. */
enum { KIND_NONE, KIND_ANY, KIND_FLAGS_SI, KIND_FLAGS_DX, KIND_OPENAT2 };

/* The watched map's value. */
typedef struct watched_value {
  uint32_t kind;
  uint32_t path_arg;   /* 1 + the argument that is the written path; 0: none */
  uint32_t dirfd_arg;  /* 1 + the argument a relative path starts from; 0: the cwd */
  uint32_t fd_arg;     /* 1 + the argument that is the written fd; 0: none */
  uint32_t addr_arg;   /* 1 + the argument that is a socket address (bind); 0: none */
  uint32_t bare;       /* 1: nothing but the credentials to read (setuid ...) */
} watched_value;

/* struct pt_regs of x86_64, as offsets (the program copies it whole). */
enum {
  PT_REGS_SIZE = 168, PT_R10 = 56, PT_R9 = 64, PT_R8 = 72, PT_DX = 96, PT_SI = 104,
  PT_DI = 112, PT_ORIG_AX = 120, PT_CS = 136,
};
#define USER64_CS 0x33   /* 64-bit user code: compat tasks have their own */

/* The counters map's one value. */
typedef struct hook_counters {
  uint64_t dropped;
  int64_t walk_max;    /* steps of one walk (see build_walk), set once */
  uint32_t pidns;      /* the trial's pid namespace (its inode number), */
  uint32_t started;    /* once its init has exec'd the app (before: the
                          runtime's failures, no one's business) */
} hook_counters;

struct hb_exit_hook {
  int watched_fd, counters_fd, scratch_fd, ring_fd, prog_fd, link_fd;
  size_t page;
  uint64_t *consumer;           /* read-write page */
  uint8_t *producer;            /* producer page, then the data twice (read-only) */
};

static long
sys_bpf (int cmd, union bpf_attr *attr)
{
  return syscall (SYS_bpf, cmd, attr, sizeof *attr);
}

/* --- a tiny assembler with forward labels -------------------------------- */

enum label {
  L_CHECK, L_SI, L_FLAGS, L_RECORD, L_COMMIT, L_STOP, L_DROP, L_OUT,
  L_HOW, L_RELATIVE, L_FD_WRITE, L_FROM_CWD, L_FROM_FD, L_HAVE_DIR, L_WALK, L_NOT_ROOT,
  L_COMPONENT, L_JOINED, L_FD_NUL, L_RELATIVE_NAME, L_PATH, L_CRED, L_NO_ADDR, L_BARE, N_LABELS
};

#define PROG_MAX 768

typedef struct prog {
  struct bpf_insn insn[PROG_MAX];
  size_t n;
  int label_at[N_LABELS];
  int jump_to[PROG_MAX];      /* label index of insn i's jump, or -1 */
} prog;

static void
emit (prog *p, uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
  if (p->n == PROG_MAX)
    abort ();   /* build () outgrew PROG_MAX: a programming error */
  struct bpf_insn *i = &p->insn[p->n];
  memset (i, 0, sizeof *i);
  i->code = code;
  i->dst_reg = dst & 0xf;
  i->src_reg = src & 0xf;
  i->off = off;
  i->imm = imm;
  p->jump_to[p->n] = -1;
  p->n++;
}

static void
label (prog *p, enum label l)
{
  p->label_at[l] = (int) p->n;
}

/* if (dst OP imm) goto l; OP BPF_JA: always. */
static void
jump (prog *p, uint8_t op, uint8_t dst, int32_t imm, enum label l)
{
  emit (p, BPF_JMP | op | BPF_K, dst, 0, 0, imm);
  p->jump_to[p->n - 1] = (int) l;
}

/* if (dst OP src) goto l; */
static void
jump_reg (prog *p, uint8_t op, uint8_t dst, uint8_t src, enum label l)
{
  emit (p, BPF_JMP | op | BPF_X, dst, src, 0, 0);
  p->jump_to[p->n - 1] = (int) l;
}

static void
mov_imm (prog *p, uint8_t dst, int32_t imm)
{
  emit (p, BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm);
}

static void
mov_reg (prog *p, uint8_t dst, uint8_t src)
{
  emit (p, BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0);
}

/* dst = the frame pointer + off */
static void
frame_addr (prog *p, uint8_t dst, int16_t off)
{
  mov_reg (p, dst, BPF_REG_10);
  emit (p, BPF_ALU64 | BPF_ADD | BPF_K, dst, 0, 0, off);
}

static void
load (prog *p, uint8_t size, uint8_t dst, uint8_t src, int16_t off)
{
  emit (p, BPF_LDX | BPF_MEM | size, dst, src, off, 0);
}

static void
store (prog *p, uint8_t size, uint8_t dst, int16_t off, uint8_t src)
{
  emit (p, BPF_STX | BPF_MEM | size, dst, src, off, 0);
}

static void
load_map (prog *p, uint8_t dst, int map_fd)
{
  emit (p, BPF_LD | BPF_DW | BPF_IMM, dst, BPF_PSEUDO_MAP_FD, 0, map_fd);
  emit (p, 0, 0, 0, 0, 0);
}

static void
call (prog *p, int32_t helper)
{
  emit (p, BPF_JMP | BPF_CALL, 0, 0, 0, helper);
}

/* r0 = the value of map_fd for the key on the stack at key_off; if it has
 * none, goto missing. */
static void
lookup (prog *p, int map_fd, int16_t key_off, enum label missing)
{
  load_map (p, BPF_REG_1, map_fd);
  frame_addr (p, BPF_REG_2, key_off);
  call (p, BPF_FUNC_map_lookup_elem);
  jump (p, BPF_JEQ, BPF_REG_0, 0, missing);
}

/* Read size bytes of kernel memory at src + src_off to base + off; if
 * that fails, goto fail.  Clobbers r0-r5. */
static void
read_kernel (prog *p, uint8_t base, int16_t off, int32_t size, uint8_t src, int32_t src_off,
             enum label fail)
{
  mov_reg (p, BPF_REG_3, src);
  emit (p, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_3, 0, 0, src_off);
  mov_reg (p, BPF_REG_1, base);
  emit (p, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_1, 0, 0, off);
  mov_imm (p, BPF_REG_2, size);
  call (p, BPF_FUNC_probe_read_kernel);
  jump (p, BPF_JNE, BPF_REG_0, 0, fail);
}

/* To the stack at fp_off. */
static void
kread (prog *p, int16_t fp_off, int32_t size, uint8_t src, int32_t src_off, enum label fail)
{
  read_kernel (p, BPF_REG_10, fp_off, size, src, src_off, fail);
}

/* To the scratch record (r6) at rec_off. */
static void
rec_read (prog *p, int16_t rec_off, int32_t size, uint8_t src, int32_t src_off, enum label fail)
{
  read_kernel (p, BPF_REG_6, rec_off, size, src, src_off, fail);
}

/* The 8 bytes a helper wrote to the stack at fp_off, loaded and stored
 * back: the verifier then sees a register's value there. */
static void
respill (prog *p, int16_t fp_off)
{
  load (p, BPF_DW, BPF_REG_1, BPF_REG_10, fp_off);
  store (p, BPF_DW, BPF_REG_10, fp_off, BPF_REG_1);
}

static void
resolve_labels (prog *p)
{
  for (size_t i = 0; i < p->n; i++)
    if (p->jump_to[i] >= 0)
      p->insn[i].off = (int16_t) (p->label_at[p->jump_to[i]] - (int) i - 1);
}

/* Stack layout (offsets from the frame pointer). */
enum {
  FP_TID = -4,                     /* the task's id, as the host sees it */
  FP_NSPID = -8,                   /* its process's pid in the trial */
  FP_REGS = -8 - PT_REGS_SIZE,     /* -176: the copy of pt_regs */
  FP_KEY = FP_REGS - 4,            /* -180: a map key */
  FP_PATH_ARG = FP_KEY - 4,        /* -184: watched_value.path_arg */
  FP_DIRFD_ARG = FP_PATH_ARG - 4,  /* -188: watched_value.dirfd_arg */
  FP_FD_ARG = FP_DIRFD_ARG - 4,    /* -192: watched_value.fd_arg */
  /* The walk from a relative path's directory up to the task's root. */
  FP_TASK = -200,                  /* the current task_struct */
  FP_TMP = -208,                   /* one pointer read */
  FP_TMP2 = -216,                  /* the fd; a struct mount; the directory's length */
  FP_ROOT = -232,                  /* struct path: the task's root */
  FP_CUR = -248,                   /* struct path: where the walk is */
  FP_QSTR = -264,                  /* struct qstr: the name of FP_CUR's dentry */
  FP_WIDEN = -270,                 /* see the walk's loop */
  FP_HOW = -280,                   /* openat2's flags */
  FP_ADDR_ARG = -284,              /* watched_value.addr_arg */
  FP_BARE = -288,                  /* watched_value.bare */
};
#define FP_REG(off) ((int16_t) (FP_REGS + (off)))
/* A field of the record, from the scratch record's address. */
#define REC(f) ((int16_t) offsetof (hb_exit_record, f))
/* The scratch value: the record, then where a relative path's directory
 * is built backwards from its end, with room for one more name before
 * its start (so the verifier can see every write is inside). */
#define WORK_AT ((int32_t) sizeof (hb_exit_record))
#define WORK_LEN HB_EXIT_PATH_MAX
#define NAME_MAX_BYTES 255
#define SCRATCH_BYTES ((uint32_t) WORK_AT + WORK_LEN + NAME_MAX_BYTES + 1)
/* Directories and mount crossings one walk goes through at most; a
 * deeper directory stops its task, as one without the walk does. */
#define WALK_MAX 256
/* may_goto (Linux 6.9): a loop the verifier checks until its states
 * repeat, not once per turn; the kernel bounds it at run time. */
#define HB_BPF_JCOND 0xe0
#define HB_BPF_MAY_GOTO 0

/* The walk from a relative path's directory (the cwd, or the dirfd
 * argument's) up to the task's root, as d_path() does it: each dentry's
 * name, and at a mount's root, on to its mountpoint in the parent mount.
 * It ends in L_COMMIT with r7 the length of "/dir/.../name" in the
 * record's path, or in L_STOP (a directory outside the root, too deep, a
 * read that fails), where the monitor reads the stopped task instead.
 * The kernel may rename a directory during the walk: the path is then
 * that of a moment, as /proc/PID/cwd gives it.
 * In: r6 the scratch record, r8 free, r9 the counters. */
/* r2 = the int argument whose number (1-based) is in reg, from the
 * record; a number not in 1..6: goto bad.  Clobbers reg. */
static void
arg_of (prog *p, uint8_t reg, enum label bad)
{
  jump (p, BPF_JEQ, reg, 0, bad);
  jump (p, BPF_JGT, reg, 6, bad);
  emit (p, BPF_ALU64 | BPF_LSH | BPF_K, reg, 0, 0, 3);
  emit (p, BPF_ALU64 | BPF_ADD | BPF_X, reg, BPF_REG_6, 0, 0);
  load (p, BPF_W, BPF_REG_2, reg, (int16_t) (REC (args) - 8));
}

/* FP_TASK = the current task; r8 = its fs_struct; FP_ROOT = its root. */
static void
task_and_root (prog *p, const hb_kernel_offsets *ko)
{
  call (p, BPF_FUNC_get_current_task);
  store (p, BPF_DW, BPF_REG_10, FP_TASK, BPF_REG_0);
  kread (p, FP_TMP, 8, BPF_REG_0, ko->task_fs, L_STOP);
  load (p, BPF_DW, BPF_REG_8, BPF_REG_10, FP_TMP);
  jump (p, BPF_JEQ, BPF_REG_8, 0, L_STOP);                  /* an exiting task */
  kread (p, FP_ROOT, 16, BPF_REG_8, ko->fs_root, L_STOP);
}

static void
build_walk (prog *p, const hb_kernel_offsets *ko)
{
  /* A write through an fd: the fd's own path. */
  label (p, L_FD_WRITE);
  load (p, BPF_W, BPF_REG_1, BPF_REG_10, FP_FD_ARG);
  arg_of (p, BPF_REG_1, L_STOP);
  store (p, BPF_DW, BPF_REG_10, FP_TMP2, BPF_REG_2);
  jump (p, BPF_JA, 0, 0, L_FROM_FD);

  /* A relative path: from the cwd, or from the dirfd argument. */
  label (p, L_RELATIVE);
  load (p, BPF_W, BPF_REG_1, BPF_REG_10, FP_DIRFD_ARG);
  jump (p, BPF_JEQ, BPF_REG_1, 0, L_FROM_CWD);
  arg_of (p, BPF_REG_1, L_STOP);
  emit (p, BPF_JMP32 | BPF_JEQ | BPF_K, BPF_REG_2, 0, 0, AT_FDCWD);   /* an int: 32 bits */
  p->jump_to[p->n - 1] = L_FROM_CWD;
  store (p, BPF_DW, BPF_REG_10, FP_TMP2, BPF_REG_2);

  /* The fd in FP_TMP2: task->files->fdt, its max_fds, fd[fd]->f_path. */
  label (p, L_FROM_FD);
  task_and_root (p, ko);
  load (p, BPF_DW, BPF_REG_1, BPF_REG_10, FP_TASK);
  kread (p, FP_TMP, 8, BPF_REG_1, ko->task_files, L_STOP);
  load (p, BPF_DW, BPF_REG_1, BPF_REG_10, FP_TMP);
  kread (p, FP_TMP, 8, BPF_REG_1, ko->files_fdt, L_STOP);
  load (p, BPF_DW, BPF_REG_8, BPF_REG_10, FP_TMP);         /* r8 = fdt */
  kread (p, FP_TMP, 4, BPF_REG_8, ko->fdtable_max_fds, L_STOP);
  load (p, BPF_W, BPF_REG_1, BPF_REG_10, FP_TMP);
  load (p, BPF_DW, BPF_REG_2, BPF_REG_10, FP_TMP2);
  /* unsigned: a negative fd is beyond max_fds too */
  jump_reg (p, BPF_JGE, BPF_REG_2, BPF_REG_1, L_STOP);
  kread (p, FP_TMP, 8, BPF_REG_8, ko->fdtable_fd, L_STOP);
  load (p, BPF_DW, BPF_REG_1, BPF_REG_10, FP_TMP);
  load (p, BPF_DW, BPF_REG_2, BPF_REG_10, FP_TMP2);
  emit (p, BPF_ALU64 | BPF_LSH | BPF_K, BPF_REG_2, 0, 0, 3);
  emit (p, BPF_ALU64 | BPF_ADD | BPF_X, BPF_REG_1, BPF_REG_2, 0, 0);
  kread (p, FP_TMP, 8, BPF_REG_1, 0, L_STOP);
  load (p, BPF_DW, BPF_REG_1, BPF_REG_10, FP_TMP);         /* the struct file */
  jump (p, BPF_JEQ, BPF_REG_1, 0, L_STOP);
  kread (p, FP_CUR, 16, BPF_REG_1, ko->file_path, L_STOP);
  jump (p, BPF_JA, 0, 0, L_HAVE_DIR);

  label (p, L_FROM_CWD);
  task_and_root (p, ko);
  kread (p, FP_CUR, 16, BPF_REG_8, ko->fs_pwd, L_STOP);

  label (p, L_HAVE_DIR);
  /* The walk's slots hold registers from here on, as the loop leaves
   * them: the verifier then finds its states alike sooner. */
  respill (p, FP_CUR);
  respill (p, FP_CUR + 8);
  respill (p, FP_ROOT);
  respill (p, FP_ROOT + 8);
  /* r7: where the path built so far starts in the work area; it ends in
   * the '/' the relative path will follow. */
  mov_imm (p, BPF_REG_7, WORK_LEN - 1);
  emit (p, BPF_ST | BPF_MEM | BPF_B, BPF_REG_6, 0, (int16_t) (WORK_AT + WORK_LEN - 1), '/');
  /* r8: steps left, read from the counters map so that the verifier
   * does not know it (a known count it would follow turn by turn). */
  load (p, BPF_DW, BPF_REG_8, BPF_REG_9, offsetof (hook_counters, walk_max));
  const int16_t cur_mnt = (int16_t) (FP_CUR + ko->path_mnt);
  const int16_t cur_dentry = (int16_t) (FP_CUR + ko->path_dentry);

  label (p, L_WALK);
  emit (p, BPF_JMP | HB_BPF_JCOND, 0, HB_BPF_MAY_GOTO, 0, 0);
  p->jump_to[p->n - 1] = L_STOP;
  jump (p, BPF_JSLE, BPF_REG_8, 0, L_STOP);
  emit (p, BPF_ALU64 | BPF_SUB | BPF_K, BPF_REG_8, 0, 0, 1);
  /* At the root: done. */
  load (p, BPF_DW, BPF_REG_1, BPF_REG_10, cur_dentry);
  load (p, BPF_DW, BPF_REG_2, BPF_REG_10, (int16_t) (FP_ROOT + ko->path_dentry));
  jump_reg (p, BPF_JNE, BPF_REG_1, BPF_REG_2, L_NOT_ROOT);
  load (p, BPF_DW, BPF_REG_1, BPF_REG_10, cur_mnt);
  load (p, BPF_DW, BPF_REG_2, BPF_REG_10, (int16_t) (FP_ROOT + ko->path_mnt));
  jump_reg (p, BPF_JEQ, BPF_REG_1, BPF_REG_2, L_JOINED);
  label (p, L_NOT_ROOT);
  /* At its mount's root: on to the mountpoint, in the parent mount. */
  load (p, BPF_DW, BPF_REG_1, BPF_REG_10, cur_mnt);
  kread (p, FP_TMP, 8, BPF_REG_1, ko->vfsmount_root, L_STOP);
  load (p, BPF_DW, BPF_REG_1, BPF_REG_10, FP_TMP);
  load (p, BPF_DW, BPF_REG_2, BPF_REG_10, cur_dentry);
  jump_reg (p, BPF_JNE, BPF_REG_1, BPF_REG_2, L_COMPONENT);
  load (p, BPF_DW, BPF_REG_1, BPF_REG_10, cur_mnt);
  emit (p, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_1, 0, 0, -ko->mount_mnt);   /* its struct mount */
  store (p, BPF_DW, BPF_REG_10, FP_TMP2, BPF_REG_1);
  kread (p, FP_TMP, 8, BPF_REG_1, ko->mount_parent, L_STOP);
  load (p, BPF_DW, BPF_REG_1, BPF_REG_10, FP_TMP);
  load (p, BPF_DW, BPF_REG_2, BPF_REG_10, FP_TMP2);
  /* A mount that is its own parent: the top, and the root never met. */
  jump_reg (p, BPF_JEQ, BPF_REG_1, BPF_REG_2, L_STOP);
  emit (p, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_1, 0, 0, ko->mount_mnt);
  store (p, BPF_DW, BPF_REG_10, cur_mnt, BPF_REG_1);
  kread (p, cur_dentry, 8, BPF_REG_2, ko->mount_mountpoint, L_STOP);
  respill (p, cur_dentry);
  jump (p, BPF_JA, 0, 0, L_WALK);

  label (p, L_COMPONENT);
  /* "/name" before what is built, and on to the parent. */
  load (p, BPF_DW, BPF_REG_1, BPF_REG_10, cur_dentry);
  kread (p, FP_TMP, 8, BPF_REG_1, ko->dentry_parent, L_STOP);
  load (p, BPF_DW, BPF_REG_1, BPF_REG_10, cur_dentry);
  load (p, BPF_DW, BPF_REG_2, BPF_REG_10, FP_TMP);
  /* A filesystem's root that is no mount's root here: not reachable. */
  jump_reg (p, BPF_JEQ, BPF_REG_1, BPF_REG_2, L_STOP);
  kread (p, FP_QSTR, 16, BPF_REG_1, ko->dentry_name, L_STOP);
  load (p, BPF_W, BPF_REG_2, BPF_REG_10, (int16_t) (FP_QSTR + ko->qstr_len));
  jump (p, BPF_JEQ, BPF_REG_2, 0, L_STOP);
  jump (p, BPF_JGT, BPF_REG_2, NAME_MAX_BYTES, L_STOP);
  /* r7 = r7 - len - 1, not below the work area's start */
  emit (p, BPF_ALU64 | BPF_SUB | BPF_X, BPF_REG_7, BPF_REG_2, 0, 0);
  emit (p, BPF_ALU64 | BPF_SUB | BPF_K, BPF_REG_7, 0, 0, 1);
  jump (p, BPF_JSLT, BPF_REG_7, 0, L_STOP);
  mov_reg (p, BPF_REG_1, BPF_REG_6);
  emit (p, BPF_ALU64 | BPF_ADD | BPF_X, BPF_REG_1, BPF_REG_7, 0, 0);
  emit (p, BPF_ST | BPF_MEM | BPF_B, BPF_REG_1, 0, (int16_t) WORK_AT, '/');
  emit (p, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_1, 0, 0, WORK_AT + 1);
  load (p, BPF_DW, BPF_REG_3, BPF_REG_10, (int16_t) (FP_QSTR + ko->qstr_name));
  call (p, BPF_FUNC_probe_read_kernel);
  jump (p, BPF_JNE, BPF_REG_0, 0, L_STOP);
  load (p, BPF_DW, BPF_REG_1, BPF_REG_10, FP_TMP);
  store (p, BPF_DW, BPF_REG_10, cur_dentry, BPF_REG_1);
  /* r7 through a stack slot the verifier does not track (an unaligned
   * half-word), then bounded: it sees any position in the work area, so
   * the loop's states repeat after a turn or two (a range narrowed by each
   * name would have it check the body again for every possible depth). */
  store (p, BPF_H, BPF_REG_10, FP_WIDEN, BPF_REG_7);
  load (p, BPF_H, BPF_REG_7, BPF_REG_10, FP_WIDEN);
  emit (p, BPF_ALU64 | BPF_AND | BPF_K, BPF_REG_7, 0, 0, WORK_LEN - 1);
  jump (p, BPF_JA, 0, 0, L_WALK);

  label (p, L_JOINED);
  /* The directory, then the relative path read again after it. */
  mov_imm (p, BPF_REG_2, WORK_LEN);
  emit (p, BPF_ALU64 | BPF_SUB | BPF_X, BPF_REG_2, BPF_REG_7, 0, 0);   /* its length */
  jump (p, BPF_JSLT, BPF_REG_2, 1, L_STOP);
  jump (p, BPF_JSGE, BPF_REG_2, HB_EXIT_PATH_MAX - 1, L_STOP);
  store (p, BPF_DW, BPF_REG_10, FP_TMP2, BPF_REG_2);
  mov_reg (p, BPF_REG_3, BPF_REG_6);
  emit (p, BPF_ALU64 | BPF_ADD | BPF_X, BPF_REG_3, BPF_REG_7, 0, 0);
  emit (p, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_3, 0, 0, WORK_AT);
  mov_reg (p, BPF_REG_1, BPF_REG_6);
  emit (p, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_1, 0, 0, RECORD_HEAD);
  call (p, BPF_FUNC_probe_read_kernel);
  jump (p, BPF_JNE, BPF_REG_0, 0, L_STOP);
  load (p, BPF_W, BPF_REG_1, BPF_REG_10, FP_PATH_ARG);
  jump (p, BPF_JNE, BPF_REG_1, 0, L_RELATIVE_NAME);
  /* An fd's path: the directory's without its last '/' ("/" stays). */
  load (p, BPF_DW, BPF_REG_7, BPF_REG_10, FP_TMP2);
  jump (p, BPF_JEQ, BPF_REG_7, 1, L_FD_NUL);
  emit (p, BPF_ALU64 | BPF_SUB | BPF_K, BPF_REG_7, 0, 0, 1);
  label (p, L_FD_NUL);
  mov_reg (p, BPF_REG_1, BPF_REG_6);
  emit (p, BPF_ALU64 | BPF_ADD | BPF_X, BPF_REG_1, BPF_REG_7, 0, 0);
  emit (p, BPF_ST | BPF_MEM | BPF_B, BPF_REG_1, 0, RECORD_HEAD, 0);
  emit (p, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_7, 0, 0, 1);   /* with the NUL */
  jump (p, BPF_JA, 0, 0, L_COMMIT);
  label (p, L_RELATIVE_NAME);
  jump (p, BPF_JGT, BPF_REG_1, 6, L_STOP);
  emit (p, BPF_ALU64 | BPF_LSH | BPF_K, BPF_REG_1, 0, 0, 3);
  emit (p, BPF_ALU64 | BPF_ADD | BPF_X, BPF_REG_1, BPF_REG_6, 0, 0);
  load (p, BPF_DW, BPF_REG_3, BPF_REG_1, (int16_t) (REC (args) - 8));
  load (p, BPF_DW, BPF_REG_7, BPF_REG_10, FP_TMP2);
  mov_reg (p, BPF_REG_1, BPF_REG_6);
  emit (p, BPF_ALU64 | BPF_ADD | BPF_X, BPF_REG_1, BPF_REG_7, 0, 0);
  emit (p, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_1, 0, 0, RECORD_HEAD);
  mov_imm (p, BPF_REG_2, HB_EXIT_PATH_MAX);
  emit (p, BPF_ALU64 | BPF_SUB | BPF_X, BPF_REG_2, BPF_REG_7, 0, 0);
  call (p, BPF_FUNC_probe_read_user_str);
  jump (p, BPF_JSLE, BPF_REG_0, 1, L_STOP);
  emit (p, BPF_ALU64 | BPF_ADD | BPF_X, BPF_REG_7, BPF_REG_0, 0, 0);
  jump (p, BPF_JGT, BPF_REG_7, HB_EXIT_PATH_MAX, L_STOP);
  jump (p, BPF_JA, 0, 0, L_COMMIT);
}

/* The credentials of an EPERM or EACCES into the record's creds (what
 * /proc/TID/status would say, and whether its root is a mount's root),
 * then on to its path (L_PATH), or with none to read (setuid, a bind to
 * a port) to L_COMMIT.  A read that fails, more groups than the record
 * holds, or a unix socket's path: L_STOP.
 * In: r6 the scratch record; r7, r8 free. */
static void
build_creds (prog *p, const hb_kernel_offsets *ko)
{
#define CRED(f) REC (creds.f)
  task_and_root (p, ko);
  /* Its root: the mount's id, when the root is that mount's root. */
  emit (p, BPF_ST | BPF_MEM | BPF_W, BPF_REG_6, 0, CRED (root_mnt_id), -1);
  load (p, BPF_DW, BPF_REG_1, BPF_REG_10, (int16_t) (FP_ROOT + ko->path_mnt));
  kread (p, FP_TMP, 8, BPF_REG_1, ko->vfsmount_root, L_STOP);
  load (p, BPF_DW, BPF_REG_1, BPF_REG_10, FP_TMP);
  load (p, BPF_DW, BPF_REG_2, BPF_REG_10, (int16_t) (FP_ROOT + ko->path_dentry));
  jump_reg (p, BPF_JNE, BPF_REG_1, BPF_REG_2, L_CRED);
  load (p, BPF_DW, BPF_REG_8, BPF_REG_10, (int16_t) (FP_ROOT + ko->path_mnt));
  rec_read (p, CRED (root_mnt_id), 4, BPF_REG_8, ko->mount_mnt_id - ko->mount_mnt, L_STOP);

  label (p, L_CRED);
  load (p, BPF_DW, BPF_REG_1, BPF_REG_10, FP_TASK);
  kread (p, FP_TMP, 8, BPF_REG_1, ko->task_cred, L_STOP);
  load (p, BPF_DW, BPF_REG_8, BPF_REG_10, FP_TMP);           /* r8 = its cred */
  rec_read (p, CRED (fsuid), 4, BPF_REG_8, ko->cred_fsuid, L_STOP);
  rec_read (p, CRED (fsgid), 4, BPF_REG_8, ko->cred_fsgid, L_STOP);
  rec_read (p, CRED (cap_eff), 8, BPF_REG_8, ko->cred_cap_effective, L_STOP);
  kread (p, FP_TMP, 8, BPF_REG_8, ko->cred_user_ns, L_STOP);
  load (p, BPF_DW, BPF_REG_1, BPF_REG_10, FP_TMP);
  rec_read (p, CRED (userns), 4, BPF_REG_1, ko->user_ns_ns + ko->ns_common_inum, L_STOP);
  kread (p, FP_TMP, 8, BPF_REG_8, ko->cred_group_info, L_STOP);
  load (p, BPF_DW, BPF_REG_8, BPF_REG_10, FP_TMP);           /* r8 = its group_info */
  rec_read (p, CRED (n_groups), 4, BPF_REG_8, ko->group_info_ngroups, L_STOP);
  /* Exactly its groups: a read past them could run off the page. */
  load (p, BPF_W, BPF_REG_2, BPF_REG_6, CRED (n_groups));
  jump (p, BPF_JGT, BPF_REG_2, HB_EXIT_GROUPS_MAX, L_STOP);
  emit (p, BPF_ALU64 | BPF_LSH | BPF_K, BPF_REG_2, 0, 0, 2);
  mov_reg (p, BPF_REG_3, BPF_REG_8);
  emit (p, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_3, 0, 0, ko->group_info_gid);
  mov_reg (p, BPF_REG_1, BPF_REG_6);
  emit (p, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_1, 0, 0, CRED (groups));
  call (p, BPF_FUNC_probe_read_kernel);
  jump (p, BPF_JNE, BPF_REG_0, 0, L_STOP);
  load (p, BPF_DW, BPF_REG_1, BPF_REG_10, FP_HOW);
  store (p, BPF_DW, BPF_REG_6, CRED (open_flags), BPF_REG_1);

  /* bind: its address; a port needs no path, a unix socket's path is
   * left to the stop. */
  load (p, BPF_W, BPF_REG_1, BPF_REG_10, FP_ADDR_ARG);
  jump (p, BPF_JEQ, BPF_REG_1, 0, L_NO_ADDR);
  jump (p, BPF_JGT, BPF_REG_1, 6, L_STOP);
  emit (p, BPF_ALU64 | BPF_LSH | BPF_K, BPF_REG_1, 0, 0, 3);
  emit (p, BPF_ALU64 | BPF_ADD | BPF_X, BPF_REG_1, BPF_REG_6, 0, 0);
  load (p, BPF_DW, BPF_REG_3, BPF_REG_1, (int16_t) (REC (args) - 8));
  mov_reg (p, BPF_REG_1, BPF_REG_6);
  emit (p, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_1, 0, 0, CRED (addr));
  mov_imm (p, BPF_REG_2, sizeof ((hb_exit_creds *) 0)->addr);
  call (p, BPF_FUNC_probe_read_user);
  jump (p, BPF_JNE, BPF_REG_0, 0, L_STOP);
  load (p, BPF_H, BPF_REG_1, BPF_REG_6, CRED (addr));
  jump (p, BPF_JEQ, BPF_REG_1, AF_UNIX, L_STOP);
  jump (p, BPF_JA, 0, 0, L_BARE);
  label (p, L_NO_ADDR);
  load (p, BPF_W, BPF_REG_1, BPF_REG_10, FP_BARE);
  jump (p, BPF_JEQ, BPF_REG_1, 0, L_PATH);
  label (p, L_BARE);
  emit (p, BPF_ST | BPF_MEM | BPF_B, BPF_REG_6, 0, RECORD_HEAD, 0);
  mov_imm (p, BPF_REG_7, 1);
  jump (p, BPF_JA, 0, 0, L_COMMIT);
#undef CRED
}

/* ko: where the task's pid namespace, credentials and directories are;
 * walk: with the walk (a kernel that takes may_goto), else a relative
 * path or an fd stops its task. */
static void
build (prog *p, const hb_kernel_offsets *ko, bool walk, int watched_fd, int counters_fd,
       int scratch_fd, int ring_fd)
{
  /* r6 ctx, then the scratch record; r7 ret, then the path's length; r8
   * syscall number; r9 the counters. */
  mov_reg (p, BPF_REG_6, BPF_REG_1);
  load (p, BPF_DW, BPF_REG_7, BPF_REG_6, 8);               /* ctx->args[1]: ret */
  /* Almost every syscall on the host leaves here. */
  jump (p, BPF_JEQ, BPF_REG_7, -EPERM, L_CHECK);
  jump (p, BPF_JEQ, BPF_REG_7, -EACCES, L_CHECK);
  jump (p, BPF_JEQ, BPF_REG_7, -EROFS, L_CHECK);
  jump (p, BPF_JA, 0, 0, L_OUT);

  label (p, L_CHECK);
  emit (p, BPF_ST | BPF_MEM | BPF_W, BPF_REG_10, 0, FP_KEY, 0);
  lookup (p, counters_fd, FP_KEY, L_OUT);
  mov_reg (p, BPF_REG_9, BPF_REG_0);
  load (p, BPF_W, BPF_REG_1, BPF_REG_9, offsetof (hook_counters, started));
  jump (p, BPF_JEQ, BPF_REG_1, 0, L_OUT);
  /* A task of the trial: traced (by the monitor: a task has one tracer,
   * and the monitor takes every task of the trial as it is made), and in
   * the trial's pid namespace, level 1 (the supervisor's is the host's).
   * Never stop anyone else. */
  call (p, BPF_FUNC_get_current_task);
  store (p, BPF_DW, BPF_REG_10, FP_TASK, BPF_REG_0);
  kread (p, FP_TMP, 4, BPF_REG_0, ko->task_ptrace, L_OUT);
  load (p, BPF_W, BPF_REG_1, BPF_REG_10, FP_TMP);
  jump (p, BPF_JEQ, BPF_REG_1, 0, L_OUT);
  load (p, BPF_DW, BPF_REG_1, BPF_REG_10, FP_TASK);
  kread (p, FP_TMP, 8, BPF_REG_1, ko->task_thread_pid, L_OUT);
  load (p, BPF_DW, BPF_REG_8, BPF_REG_10, FP_TMP);           /* r8 = its struct pid */
  kread (p, FP_TMP, 4, BPF_REG_8, ko->pid_level, L_OUT);
  load (p, BPF_W, BPF_REG_1, BPF_REG_10, FP_TMP);
  jump (p, BPF_JEQ, BPF_REG_1, 0, L_OUT);
  kread (p, FP_TMP, 8, BPF_REG_8, ko->pid_numbers + ko->upid_size + ko->upid_ns, L_OUT);
  load (p, BPF_DW, BPF_REG_1, BPF_REG_10, FP_TMP);
  kread (p, FP_TMP, 4, BPF_REG_1, ko->pid_ns_ns + ko->ns_common_inum, L_OUT);
  load (p, BPF_W, BPF_REG_1, BPF_REG_10, FP_TMP);
  load (p, BPF_W, BPF_REG_2, BPF_REG_9, offsetof (hook_counters, pidns));
  jump_reg (p, BPF_JNE, BPF_REG_1, BPF_REG_2, L_OUT);
  /* Its process's pid in the trial: its group leader's there. */
  load (p, BPF_DW, BPF_REG_1, BPF_REG_10, FP_TASK);
  kread (p, FP_TMP, 8, BPF_REG_1, ko->task_group_leader, L_OUT);
  load (p, BPF_DW, BPF_REG_1, BPF_REG_10, FP_TMP);
  kread (p, FP_TMP, 8, BPF_REG_1, ko->task_thread_pid, L_OUT);
  load (p, BPF_DW, BPF_REG_1, BPF_REG_10, FP_TMP);
  kread (p, FP_NSPID, 4, BPF_REG_1, ko->pid_numbers + ko->upid_size + ko->upid_nr, L_OUT);
  call (p, BPF_FUNC_get_current_pid_tgid);
  store (p, BPF_W, BPF_REG_10, FP_TID, BPF_REG_0);
  /* Its registers: the syscall number, arguments, code segment. */
  frame_addr (p, BPF_REG_1, FP_REGS);
  mov_imm (p, BPF_REG_2, PT_REGS_SIZE);
  load (p, BPF_DW, BPF_REG_3, BPF_REG_6, 0);               /* ctx->args[0]: regs */
  call (p, BPF_FUNC_probe_read_kernel);
  jump (p, BPF_JNE, BPF_REG_0, 0, L_OUT);
  load (p, BPF_DW, BPF_REG_1, BPF_REG_10, FP_REG (PT_CS));
  emit (p, BPF_ALU64 | BPF_AND | BPF_K, BPF_REG_1, 0, 0, 0xffff);
  jump (p, BPF_JNE, BPF_REG_1, USER64_CS, L_OUT);          /* compat: ptrace's */
  load (p, BPF_DW, BPF_REG_8, BPF_REG_10, FP_REG (PT_ORIG_AX));
  jump (p, BPF_JGT, BPF_REG_8, WATCHED_MAX - 1, L_OUT);    /* x32 too */
  store (p, BPF_W, BPF_REG_10, FP_KEY, BPF_REG_8);
  lookup (p, watched_fd, FP_KEY, L_OUT);
  load (p, BPF_W, BPF_REG_2, BPF_REG_0, offsetof (watched_value, path_arg));
  store (p, BPF_W, BPF_REG_10, FP_PATH_ARG, BPF_REG_2);
  load (p, BPF_W, BPF_REG_2, BPF_REG_0, offsetof (watched_value, dirfd_arg));
  store (p, BPF_W, BPF_REG_10, FP_DIRFD_ARG, BPF_REG_2);
  load (p, BPF_W, BPF_REG_2, BPF_REG_0, offsetof (watched_value, fd_arg));
  store (p, BPF_W, BPF_REG_10, FP_FD_ARG, BPF_REG_2);
  load (p, BPF_W, BPF_REG_2, BPF_REG_0, offsetof (watched_value, addr_arg));
  store (p, BPF_W, BPF_REG_10, FP_ADDR_ARG, BPF_REG_2);
  load (p, BPF_W, BPF_REG_2, BPF_REG_0, offsetof (watched_value, bare));
  store (p, BPF_W, BPF_REG_10, FP_BARE, BPF_REG_2);
  emit (p, BPF_ST | BPF_MEM | BPF_DW, BPF_REG_10, 0, FP_HOW, 0);
  load (p, BPF_W, BPF_REG_1, BPF_REG_0, offsetof (watched_value, kind));
  jump (p, BPF_JEQ, BPF_REG_1, KIND_NONE, L_OUT);
  jump (p, BPF_JEQ, BPF_REG_1, KIND_ANY, L_RECORD);
  jump (p, BPF_JEQ, BPF_REG_1, KIND_FLAGS_SI, L_SI);
  jump (p, BPF_JEQ, BPF_REG_1, KIND_OPENAT2, L_HOW);
  load (p, BPF_DW, BPF_REG_2, BPF_REG_10, FP_REG (PT_DX));
  jump (p, BPF_JA, 0, 0, L_FLAGS);
  label (p, L_SI);
  load (p, BPF_DW, BPF_REG_2, BPF_REG_10, FP_REG (PT_SI));
  jump (p, BPF_JA, 0, 0, L_FLAGS);
  /* openat2: the flags are the first field of its struct open_how;
   * unreadable, the failure is reported rather than hidden. */
  label (p, L_HOW);
  frame_addr (p, BPF_REG_1, FP_TMP);
  mov_imm (p, BPF_REG_2, 8);
  load (p, BPF_DW, BPF_REG_3, BPF_REG_10, FP_REG (PT_DX));
  call (p, BPF_FUNC_probe_read_user);
  jump (p, BPF_JNE, BPF_REG_0, 0, L_RECORD);
  load (p, BPF_DW, BPF_REG_2, BPF_REG_10, FP_TMP);
  store (p, BPF_DW, BPF_REG_10, FP_HOW, BPF_REG_2);
  label (p, L_FLAGS);
  /* An open that asked for no write: not a write failure. */
  emit (p, BPF_ALU64 | BPF_AND | BPF_K, BPF_REG_2, 0, 0, O_WRONLY | O_RDWR | O_CREAT | O_TRUNC);
  jump (p, BPF_JEQ, BPF_REG_2, 0, L_OUT);

  label (p, L_RECORD);
  /* The record is built in this CPU's scratch value: a path does not fit
   * the stack.  (The program runs with preemption off, and the kernel
   * never nests a program on one CPU, so the value is ours.)  A plain
   * array indexed by CPU: a per-CPU map costs every trial a per-CPU
   * allocation. */
  call (p, BPF_FUNC_get_smp_processor_id);
  store (p, BPF_W, BPF_REG_10, FP_KEY, BPF_REG_0);
  lookup (p, scratch_fd, FP_KEY, L_DROP);                  /* a CPU beyond the map */
  mov_reg (p, BPF_REG_6, BPF_REG_0);
  load (p, BPF_W, BPF_REG_1, BPF_REG_10, FP_TID);
  store (p, BPF_W, BPF_REG_6, REC (tid), BPF_REG_1);
  store (p, BPF_W, BPF_REG_6, REC (nr), BPF_REG_8);
  store (p, BPF_DW, BPF_REG_6, REC (ret), BPF_REG_7);
  static const int16_t arg_regs[6] = { PT_DI, PT_SI, PT_DX, PT_R10, PT_R8, PT_R9 };
  for (int i = 0; i < 6; i++)
    {
      load (p, BPF_DW, BPF_REG_1, BPF_REG_10, FP_REG (arg_regs[i]));
      store (p, BPF_DW, BPF_REG_6, (int16_t) (REC (args) + 8 * i), BPF_REG_1);
    }
  load (p, BPF_W, BPF_REG_1, BPF_REG_10, FP_NSPID);
  store (p, BPF_W, BPF_REG_6, REC (nspid), BPF_REG_1);

  /* The monitor lags: stop.  Otherwise the record says all and nothing
   * stops. */
  load_map (p, BPF_REG_1, ring_fd);
  mov_imm (p, BPF_REG_2, BPF_RB_AVAIL_DATA);
  call (p, BPF_FUNC_ringbuf_query);
  jump (p, BPF_JGT, BPF_REG_0, RING_REPORT_MAX, L_STOP);
  jump (p, BPF_JEQ, BPF_REG_7, -EROFS, L_PATH);
  /* EPERM, EACCES: the monitor judges which capability was missing from
   * what the task's status would say, read now. */
  build_creds (p, ko);

  label (p, L_PATH);
  load (p, BPF_W, BPF_REG_1, BPF_REG_10, FP_PATH_ARG);
  jump (p, BPF_JEQ, BPF_REG_1, 0, walk ? L_FD_WRITE : L_STOP);
  jump (p, BPF_JGT, BPF_REG_1, 6, L_STOP);
  /* r3 = args[path_arg - 1], from the record */
  emit (p, BPF_ALU64 | BPF_LSH | BPF_K, BPF_REG_1, 0, 0, 3);
  emit (p, BPF_ALU64 | BPF_ADD | BPF_X, BPF_REG_1, BPF_REG_6, 0, 0);
  load (p, BPF_DW, BPF_REG_3, BPF_REG_1, (int16_t) (REC (args) - 8));
  mov_reg (p, BPF_REG_1, BPF_REG_6);
  emit (p, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_1, 0, 0, RECORD_HEAD);
  mov_imm (p, BPF_REG_2, HB_EXIT_PATH_MAX);
  call (p, BPF_FUNC_probe_read_user_str);
  /* Its length with the NUL; not read, empty or not absolute: stop. */
  jump (p, BPF_JSLE, BPF_REG_0, 1, L_STOP);
  jump (p, BPF_JGT, BPF_REG_0, HB_EXIT_PATH_MAX, L_STOP);
  mov_reg (p, BPF_REG_7, BPF_REG_0);
  load (p, BPF_B, BPF_REG_1, BPF_REG_6, RECORD_HEAD);
  jump (p, BPF_JNE, BPF_REG_1, '/', walk ? L_RELATIVE : L_STOP);

  label (p, L_COMMIT);
  mov_reg (p, BPF_REG_1, BPF_REG_6);
  emit (p, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_1, 0, 0, REC (comm));
  mov_imm (p, BPF_REG_2, sizeof ((hb_exit_record *) 0)->comm);
  call (p, BPF_FUNC_get_current_comm);
  emit (p, BPF_ST | BPF_MEM | BPF_W, BPF_REG_6, 0, REC (stopped), 0);
  load_map (p, BPF_REG_1, ring_fd);
  mov_reg (p, BPF_REG_2, BPF_REG_6);
  mov_reg (p, BPF_REG_3, BPF_REG_7);
  emit (p, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_3, 0, 0, RECORD_HEAD);
  /* Wake the monitor's reader if it has read all before this record. */
  mov_imm (p, BPF_REG_4, 0);
  call (p, BPF_FUNC_ringbuf_output);
  jump (p, BPF_JEQ, BPF_REG_0, 0, L_OUT);
  /* No room after all (another CPU wrote): the short record and a stop. */

  label (p, L_STOP);
  emit (p, BPF_ST | BPF_MEM | BPF_W, BPF_REG_6, 0, REC (stopped), 1);
  load_map (p, BPF_REG_1, ring_fd);
  mov_reg (p, BPF_REG_2, BPF_REG_6);
  mov_imm (p, BPF_REG_3, STOP_HEAD);
  /* No wake-up: the tracer is woken by the stop, and reads the ring then. */
  mov_imm (p, BPF_REG_4, BPF_RB_NO_WAKEUP);
  call (p, BPF_FUNC_ringbuf_output);
  jump (p, BPF_JNE, BPF_REG_0, 0, L_DROP);
  mov_imm (p, BPF_REG_1, SIGSTOP);
  call (p, BPF_FUNC_send_signal_thread);
  jump (p, BPF_JEQ, BPF_REG_0, 0, L_OUT);

  label (p, L_DROP);
  mov_imm (p, BPF_REG_1, 1);
  emit (p, BPF_STX | BPF_ATOMIC | BPF_DW, BPF_REG_9, BPF_REG_1,
        offsetof (hook_counters, dropped), BPF_ADD);
  label (p, L_OUT);
  mov_imm (p, BPF_REG_0, 0);
  emit (p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
  if (walk)
    build_walk (p, ko);
  resolve_labels (p);
}

static int
map_create (uint32_t type, uint32_t key_size, uint32_t value_size, uint32_t max_entries,
            uint32_t flags)
{
  union bpf_attr a;
  memset (&a, 0, sizeof a);
  a.map_type = type;
  a.key_size = key_size;
  a.value_size = value_size;
  a.max_entries = max_entries;
  a.map_flags = flags;
  return (int) sys_bpf (BPF_MAP_CREATE, &a);
}

static int
map_update (int fd, uint32_t key, const void *value)
{
  union bpf_attr a;
  memset (&a, 0, sizeof a);
  a.map_fd = (uint32_t) fd;
  a.key = (uintptr_t) &key;
  a.value = (uintptr_t) value;
  return (int) sys_bpf (BPF_MAP_UPDATE_ELEM, &a);
}

/* The highest CPU number the kernel may ever use, plus one: the last
 * number of /sys/devices/system/cpu/possible ("0-3", "0,2-5"). */
static uint32_t
possible_cpus (void)
{
  char buf[256];
  int fd = open ("/sys/devices/system/cpu/possible", O_RDONLY | O_CLOEXEC);
  ssize_t n = fd >= 0 ? read (fd, buf, sizeof buf - 1) : -1;
  if (fd >= 0)
    close (fd);
  if (n <= 0)
    return 1024;   /* unknown: far more than most machines have */
  buf[n] = '\0';
  size_t end = strcspn (buf, "\n");
  buf[end] = '\0';
  const char *last = buf + end;
  while (last > buf && last[-1] >= '0' && last[-1] <= '9')
    last--;
  unsigned long v = strtoul (last, NULL, 10);
  return *last && v < 65536 ? (uint32_t) v + 1 : 1024;
}

/* Is the supervisor in the host's pid namespace?  The program knows tasks
 * by their ids there. */
static bool
in_init_pid_ns (void)
{
  struct stat st;
  return stat ("/proc/self/ns/pid", &st) == 0 && st.st_ino == INIT_PID_NS_INO;
}

/* The verifier's complaint: the last line of its log but its closing
 * statistics ("processed N insns ..."), cut in place. */
static const char *
last_line (char *log)
{
  for (;;)
    {
      size_t n = strlen (log);
      while (n > 0 && log[n - 1] == '\n')
        log[--n] = '\0';
      char *nl = strrchr (log, '\n');
      const char *line = nl ? nl + 1 : log;
      if (nl == NULL || strncmp (line, "processed ", 10) != 0)
        return line;
      *nl = '\0';
    }
}

/* Offsets the program can use as its immediates and within what it reads
 * whole (a struct path, a struct qstr: 16 bytes each). */
static bool
offsets_usable (const hb_kernel_offsets *ko)
{
  const int32_t *all = (const int32_t *) ko;
  for (size_t i = 0; i < sizeof *ko / sizeof *all; i++)
    if (all[i] < 0 || all[i] > 1 << 20)
      return false;
  return ko->path_mnt % 8 == 0 && ko->path_mnt <= 8 && ko->path_dentry % 8 == 0
         && ko->path_dentry <= 8 && ko->path_mnt != ko->path_dentry
         && ko->qstr_len % 4 == 0 && ko->qstr_len <= 12 && ko->qstr_name % 8 == 0
         && ko->qstr_name <= 8;
}

/* The watched native syscalls and which failures of each count. */
static int
fill_watched (int fd)
{
  size_t n;
  const hb_watched *tab = hb_watched_table (&n);
  for (size_t i = 0; i < n; i++)
    {
      int nr = seccomp_syscall_resolve_name_arch (SCMP_ARCH_X86_64, tab[i].name);
      if (nr < 0 || (unsigned) nr >= WATCHED_MAX)
        continue;
      watched_value v = { .kind = KIND_ANY };
      if (tab[i].kind == HB_WATCH_OPEN)
        v.kind = tab[i].flags_arg == 1 ? KIND_FLAGS_SI : KIND_FLAGS_DX;
      else if (tab[i].kind == HB_WATCH_OPENAT2)
        v.kind = KIND_OPENAT2;
      /* What a whole report reads besides the credentials (see
       * report_failure in monitor.c): a write's path or its fd's, bind's
       * address, nothing for the set-id calls. */
      if (tab[i].kind == HB_WATCH_BIND)
        v.addr_arg = 2;
      else if (!hb_watched_is_write (&tab[i]))
        v.bare = 1;
      else if (tab[i].path_arg >= 0 && tab[i].path_arg < 6)
        {
          v.path_arg = (uint32_t) tab[i].path_arg + 1;
          if (tab[i].dirfd_arg >= 0 && tab[i].dirfd_arg < 6)
            v.dirfd_arg = (uint32_t) tab[i].dirfd_arg + 1;
        }
      else if (tab[i].fd_arg >= 0 && tab[i].fd_arg < 6)
        v.fd_arg = (uint32_t) tab[i].fd_arg + 1;
      if (map_update (fd, (uint32_t) nr, &v) < 0)
        return -1;
    }
  return 0;
}

/* Build and load the program (with walk, the walk too); with log, the
 * verifier's words go there.  Its fd, or -1 and errno. */
static int
load_program (const hb_exit_hook *h, const hb_kernel_offsets *ko, bool walk, char *log,
              size_t log_size)
{
  prog p;
  memset (&p, 0, sizeof p);
  build (&p, ko, walk, h->watched_fd, h->counters_fd, h->scratch_fd, h->ring_fd);
  union bpf_attr a;
  memset (&a, 0, sizeof a);
  a.prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT;
  a.insns = (uintptr_t) p.insn;
  a.insn_cnt = (uint32_t) p.n;
  /* The tracing helpers (probe_read_kernel, send_signal) are GPL-only. */
  a.license = (uintptr_t) "GPL";
  if (log)
    {
      a.log_buf = (uintptr_t) log;
      a.log_size = (uint32_t) log_size;
      a.log_level = 1;
    }
  return (int) sys_bpf (BPF_PROG_LOAD, &a);
}

hb_exit_hook *
hb_exit_hook_open (hb_error **err)
{
  if (!in_init_pid_ns ())
    {
      hb_fail (err, HB_EXIT_SANDBOX, "monitor: exit hook: not in the host's pid namespace");
      return NULL;
    }
  hb_exit_hook *h = xcalloc (1, sizeof *h);
  h->watched_fd = h->counters_fd = h->scratch_fd = h->ring_fd = -1;
  h->prog_fd = h->link_fd = -1;
  h->page = (size_t) sysconf (_SC_PAGESIZE);
  h->consumer = MAP_FAILED;
  h->producer = MAP_FAILED;
  const char *what = "maps";
  h->watched_fd = map_create (BPF_MAP_TYPE_ARRAY, 4, sizeof (watched_value), WATCHED_MAX, 0);
  h->counters_fd = map_create (BPF_MAP_TYPE_ARRAY, 4, sizeof (hook_counters), 1, 0);
  h->scratch_fd = map_create (BPF_MAP_TYPE_ARRAY, 4, SCRATCH_BYTES, possible_cpus (), 0);
  h->ring_fd = map_create (BPF_MAP_TYPE_RINGBUF, 0, 0, RING_BYTES, 0);
  if (h->watched_fd < 0 || h->counters_fd < 0 || h->scratch_fd < 0
      || h->ring_fd < 0 || fill_watched (h->watched_fd) < 0)
    goto fail;

  what = "program";
  hook_counters start = { .dropped = 0, .walk_max = WALK_MAX };
  if (map_update (h->counters_fd, 0, &start) < 0)
    goto fail;
  /* The program knows the trial's tasks by where the kernel's BTF says
   * their pid namespace is: without BTF, no hook (the ptrace watch). */
  hb_kernel_offsets ko;
  if (hb_kernel_offsets_get (&ko) < 0 || !offsets_usable (&ko))
    {
      hb_fail_errno (err, errno ? errno : EINVAL, HB_EXIT_SANDBOX,
                     "monitor: exit hook: no struct offsets from the kernel's BTF");
      hb_exit_hook_close (h);
      return NULL;
    }
  /* A kernel without may_goto (before 6.9) refuses the walk: relative
   * paths then stop their tasks. */
  h->prog_fd = load_program (h, &ko, true, NULL, 0);
  if (h->prog_fd < 0)
    h->prog_fd = load_program (h, &ko, false, NULL, 0);
  if (h->prog_fd < 0)
    {
      int saved = errno;
      if (saved == EACCES || saved == EINVAL)
        {
          /* The verifier refused it: its last word says why. */
          static char log[16384];
          log[0] = '\0';
          if (load_program (h, &ko, false, log, sizeof log) < 0 && log[0])
            {
              hb_fail (err, HB_EXIT_SANDBOX, "monitor: exit hook: program refused: %s",
                       last_line (log));
              hb_exit_hook_close (h);
              return NULL;
            }
        }
      errno = saved;
      goto fail;
    }

  what = "ring buffer";
  h->consumer = mmap (NULL, h->page, PROT_READ | PROT_WRITE, MAP_SHARED, h->ring_fd, 0);
  if (h->consumer == MAP_FAILED)
    goto fail;
  h->producer = mmap (NULL, h->page + 2 * RING_BYTES, PROT_READ, MAP_SHARED, h->ring_fd,
                      (off_t) h->page);
  if (h->producer == MAP_FAILED)
    goto fail;

  what = "tracepoint sys_exit";
  union bpf_attr a;
  memset (&a, 0, sizeof a);
  a.raw_tracepoint.name = (uintptr_t) "sys_exit";
  a.raw_tracepoint.prog_fd = (uint32_t) h->prog_fd;
  h->link_fd = (int) sys_bpf (BPF_RAW_TRACEPOINT_OPEN, &a);
  if (h->link_fd < 0)
    goto fail;
  return h;

fail:
  hb_fail_errno (err, errno, HB_EXIT_SANDBOX, "monitor: exit hook: %s", what);
  hb_exit_hook_close (h);
  return NULL;
}

int
hb_exit_hook_start (hb_exit_hook *h, pid_t init)
{
  char path[64];
  snprintf (path, sizeof path, "/proc/%d/ns/pid", (int) init);
  struct stat st;
  if (stat (path, &st) < 0)
    return -1;
  hook_counters c;
  uint32_t key = 0;
  union bpf_attr a;
  memset (&a, 0, sizeof a);
  a.map_fd = (uint32_t) h->counters_fd;
  a.key = (uintptr_t) &key;
  a.value = (uintptr_t) &c;
  if (sys_bpf (BPF_MAP_LOOKUP_ELEM, &a) < 0)
    return -1;
  /* Nothing adds to the drop count before this: the value is ours. */
  c.pidns = (uint32_t) st.st_ino;
  c.started = 1;
  return map_update (h->counters_fd, 0, &c);
}

int
hb_exit_hook_fd (const hb_exit_hook *h)
{
  return h ? h->ring_fd : -1;
}

/* A record another CPU has reserved and is still copying: that takes the
 * program a moment with preemption off, and the records behind it wait
 * for it (the ring is read in order), so wait for it too.  Bounded: a
 * record that never completes is left for the next read. */
static uint32_t
record_len (const uint8_t *hdr)
{
  uint32_t len;
  for (int spins = 0; spins < 20000; spins++)
    {
      len = __atomic_load_n ((const uint32_t *) hdr, __ATOMIC_ACQUIRE);
      if (!(len & BPF_RINGBUF_BUSY_BIT))
        return len;
      __builtin_ia32_pause ();
    }
  return len;
}

int
hb_exit_hook_next (hb_exit_hook *h, hb_exit_record *out)
{
  uint64_t cons = __atomic_load_n (h->consumer, __ATOMIC_RELAXED);
  for (;;)
    {
      uint64_t prod = __atomic_load_n ((const uint64_t *) h->producer, __ATOMIC_ACQUIRE);
      if (cons >= prod)
        return 0;
      const uint8_t *hdr = h->producer + h->page + (cons & (RING_BYTES - 1));
      uint32_t len = record_len (hdr);
      if (len & BPF_RINGBUF_BUSY_BIT)
        return 0;   /* still being written */
      bool discarded = (len & BPF_RINGBUF_DISCARD_BIT) != 0;
      len &= ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
      /* The program writes the part before the comm (a stop) or all
       * before the path and a path with its NUL. */
      bool ours = !discarded && len >= (uint32_t) STOP_HEAD && len <= sizeof *out;
      if (ours)
        {
          memcpy (out, hdr + BPF_RINGBUF_HDR_SZ, len);
          size_t path_len = len > (uint32_t) RECORD_HEAD ? len - (uint32_t) RECORD_HEAD : 0;
          if (path_len == 0)
            {
              out->stopped = 1;
              memset (out->comm, 0, sizeof out->comm);
            }
          /* An EROFS record's creds are the scratch's last use, not
           * this task's. */
          if (out->stopped || out->ret == -EROFS)
            memset (&out->creds, 0, sizeof out->creds);
          else
            {
              size_t ng = out->creds.n_groups < HB_EXIT_GROUPS_MAX ? out->creds.n_groups
                                                                    : HB_EXIT_GROUPS_MAX;
              memset (out->creds.groups + ng, 0, (HB_EXIT_GROUPS_MAX - ng) * sizeof (uint32_t));
              out->creds.pad = 0;
            }
          out->path[path_len > 0 ? path_len - 1 : 0] = '\0';
          out->comm[sizeof out->comm - 1] = '\0';
        }
      cons += (BPF_RINGBUF_HDR_SZ + len + 7) & ~7u;
      __atomic_store_n (h->consumer, cons, __ATOMIC_RELEASE);
      if (ours)
        return 1;
    }
}

uint64_t
hb_exit_hook_dropped (const hb_exit_hook *h)
{
  hook_counters c;
  uint32_t key = 0;
  union bpf_attr a;
  memset (&a, 0, sizeof a);
  a.map_fd = (uint32_t) h->counters_fd;
  a.key = (uintptr_t) &key;
  a.value = (uintptr_t) &c;
  if (sys_bpf (BPF_MAP_LOOKUP_ELEM, &a) < 0)
    return 0;
  return c.dropped;
}

void
hb_exit_hook_close (hb_exit_hook *h)
{
  if (h == NULL)
    return;
  /* The link first: the program stops running before its maps go. */
  if (h->link_fd >= 0)
    close (h->link_fd);
  if (h->producer != MAP_FAILED)
    munmap (h->producer, h->page + 2 * RING_BYTES);
  if (h->consumer != MAP_FAILED)
    munmap (h->consumer, h->page);
  int fds[] = { h->prog_fd, h->ring_fd, h->scratch_fd, h->counters_fd, h->watched_fd };
  for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++)
    if (fds[i] >= 0)
      close (fds[i]);
  free (h);
}

#else /* not x86_64 */

struct hb_exit_hook {
  int unused;
};

hb_exit_hook *
hb_exit_hook_open (hb_error **err)
{
  hb_fail (err, HB_EXIT_SANDBOX, "monitor: exit hook: only on x86_64");
  return NULL;
}

int
hb_exit_hook_start (hb_exit_hook *h, pid_t init)
{
  (void) h;
  (void) init;
  errno = EOPNOTSUPP;
  return -1;
}

int
hb_exit_hook_fd (const hb_exit_hook *h)
{
  (void) h;
  return -1;
}

int
hb_exit_hook_next (hb_exit_hook *h, hb_exit_record *out)
{
  (void) h;
  (void) out;
  return 0;
}

uint64_t
hb_exit_hook_dropped (const hb_exit_hook *h)
{
  (void) h;
  return 0;
}

void
hb_exit_hook_close (hb_exit_hook *h)
{
  free (h);
}

#endif
