/* explain_text.c - what namespaces, seccomp actions, syscalls, mount
 * options, settings, security modules, Kubernetes controls and audit checks
 * are, what they give an attacker, when an application needs them and what
 * controls them.  Short on purpose: the TUI shows one entry in a side pane.
 *
 * No text here says what the default seccomp profile does: explain.c puts
 * that sentence, computed from the profile, before each control text of the
 * syscalls an entry names (tests/unit/test_explain.c enforces both).  A
 * claim that holds only under some condition names it (Docker 20.10 and
 * later, --network host, Yama's ptrace_scope, a sysctl). */
#include "config.h"

#include "audit/explain_text.h"

#define NS "namespace"
#define ACT "seccomp action"
#define SYS "syscall"
#define OPT "mount option"
#define SET "setting"
#define LSM "security module"
#define K8S "Kubernetes control"

const hb_explain_text hb_explain_texts[] = {
  /* --- namespaces ------------------------------------------------------- */
  { "mnt", "mount-namespace mountns", NS,
    "The mount namespace gives the container its own mount table: its root filesystem, "
    "volumes and tmpfs mounts are invisible to the host and to other containers.",
    "Sharing it (or gaining CAP_SYS_ADMIN inside it) lets a process remount paths, hide "
    "files under new mounts or reach host filesystems that were mounted in.",
    "Every container has its own; nothing needs the host's mount namespace.",
    "Always private in Docker; what is mounted into it is set by --read-only, --tmpfs, --volume.",
    "mount umount2 pivot_root" },
  { "pid", "pid-namespace pidns", NS,
    "The PID namespace numbers the container's processes from 1 and hides every process "
    "outside it.",
    "With the host's PID namespace (--pid host) a process sees every host process and its "
    "command line, and signals those of its own uid (any, with CAP_KILL).  Their "
    "environments (/proc/PID/environ) and memory need ptrace's access check: the same uids "
    "and no capability the reader lacks, or CAP_SYS_PTRACE; so container root with Docker's "
    "default capabilities reads few host processes' environments.",
    "Only host monitoring and debugging tools need to see host processes.",
    "Docker --pid (default private; \"host\" shares it); audit check 5.16." },
  { "net", "network network-namespace netns", NS,
    "The network namespace gives the container its own interfaces, routes, firewall rules, "
    "port space and network sysctls.",
    "With the host's network (--network host) the container can bind any host port, reach "
    "services listening on the host's loopback, sniff host traffic with CAP_NET_RAW and read "
    "the audit log with CAP_AUDIT_READ.",
    "Rare: network appliances and some monitoring agents.",
    "Docker --network (default bridge; \"host\" shares it, \"none\" cuts it); audit checks 5.10, 5.30." },
  { "ipc", "ipc-namespace ipcns", NS,
    "The IPC namespace isolates System V shared memory, semaphores and message queues, and "
    "POSIX message queues.",
    "With the host's IPC namespace (--ipc host) a process can read or corrupt shared memory "
    "segments of host processes.",
    "Only applications built to share memory with a host process, such as some databases' "
    "sidecars.",
    "Docker --ipc (default private; \"host\" shares it); audit check 5.17." },
  { "uts", "uts-namespace utsns hostname", NS,
    "The UTS namespace holds the hostname and NIS domain name.",
    "With the host's UTS namespace (--uts host) and CAP_SYS_ADMIN a process can rename the "
    "host, confusing logs and services that rely on the name.",
    "Almost never; set a name with --hostname instead.",
    "Docker --uts (default private; \"host\" shares it); audit check 5.21.",
    "sethostname setdomainname" },
  { "user", "user-namespace userns", NS,
    "The user namespace maps user and group ids: root inside can be an unprivileged id "
    "outside, and capabilities then only count inside the namespace.",
    "Without remapping, uid 0 in the container is uid 0 on the host: a kernel or runtime "
    "escape lands as host root.  Creating a new user namespace needs no capability and "
    "hands the creator full capabilities inside it, exposing kernel code otherwise reserved "
    "to root.",
    "Remapping suits almost every service; a few need --userns host to share files with "
    "host ids (volumes written by host users).",
    "dockerd --userns-remap; per container --userns host disables it (audit check 5.31).",
    "unshare clone clone3" },
  { "cgroup", "cgroup-namespace cgroupns", NS,
    "The cgroup namespace makes the container's cgroup look like the root of the hierarchy "
    "in /proc/self/cgroup and in a mounted cgroupfs.",
    "With the host's cgroup namespace a process learns the host's cgroup layout, and with a "
    "writable cgroupfs could change other groups' limits.",
    "Only tools that manage host cgroups.",
    "Docker --cgroupns (Docker 20.10 and later: private by default on cgroup v2, host on v1)." },
  { "time", "time-namespace timens", NS,
    "The time namespace gives the container its own offsets for the monotonic and boot-time "
    "clocks (Linux 5.6 and later); the wall clock is never namespaced.",
    "It does not protect the wall clock: with CAP_SYS_TIME a container still sets the host's "
    "time for everyone.",
    "Checkpoint/restore and tests that need a shifted boot time.",
    "Not set by Docker; created with unshare(CLONE_NEWTIME) or clone3.",
    "unshare clone3" },

  /* --- seccomp actions ----------------------------------------------------- */
  { "SCMP_ACT_ALLOW", "ALLOW ACT_ALLOW", ACT,
    "The syscall runs normally.",
    "Every allowed syscall is kernel code an attacker can reach; an allowlist keeps that "
    "attack surface to what the application uses.",
    "For the syscalls the application calls (hardenbench learn records them).",
    "\"action\": \"SCMP_ACT_ALLOW\" in a profile rule; --allow SYSCALL." },
  { "SCMP_ACT_ERRNO", "ERRNO ACT_ERRNO", ACT,
    "The syscall is not run and returns -1 with the rule's errno (errnoRet; EPERM when unset).",
    "None: it is the safe way to deny, because the application sees an ordinary error and can "
    "fall back.",
    "The usual action for denied syscalls and for a profile's defaultAction.",
    "\"action\": \"SCMP_ACT_ERRNO\" with \"errnoRet\"; --deny SYSCALL[:ERRNO]." },
  { "SCMP_ACT_KILL_PROCESS", "KILL_PROCESS ACT_KILL_PROCESS", ACT,
    "The whole process (every thread) is killed with SIGSYS as if by an uncatchable signal, "
    "dumping core.",
    "None for the attacker; but a legitimate call kills the service, so tests must cover "
    "every code path.",
    "For syscalls an application must never make, when stopping at once beats continuing.",
    "\"action\": \"SCMP_ACT_KILL_PROCESS\" in a profile rule (Linux 4.14 and later)." },
  { "SCMP_ACT_KILL_THREAD", "KILL_THREAD ACT_KILL_THREAD SCMP_ACT_KILL KILL", ACT,
    "Only the calling thread is killed with SIGSYS (SCMP_ACT_KILL is the same action).",
    "Other threads keep running in a possibly inconsistent state, which can hide the event "
    "or deadlock the service.",
    "Seldom: prefer SCMP_ACT_KILL_PROCESS or SCMP_ACT_ERRNO.",
    "\"action\": \"SCMP_ACT_KILL_THREAD\" (or \"SCMP_ACT_KILL\") in a profile rule." },
  { "SCMP_ACT_TRAP", "TRAP ACT_TRAP", ACT,
    "The kernel sends SIGSYS to the thread instead of running the syscall; a handler can "
    "inspect or emulate it.",
    "A process that installs its own SIGSYS handler decides what happens, so it is no "
    "barrier against code already running in the process.",
    "Sandboxes that emulate syscalls in-process (gVisor's systrap, Chromium).",
    "\"action\": \"SCMP_ACT_TRAP\" in a profile rule." },
  { "SCMP_ACT_TRACE", "TRACE ACT_TRACE", ACT,
    "A ptrace tracer is notified and decides; without a tracer the syscall fails with ENOSYS.",
    "Before Linux 4.8 the tracer's changes were not re-checked by seccomp, allowing a bypass; "
    "whoever traces the process controls the outcome.",
    "Debuggers and tracing sandboxes.",
    "\"action\": \"SCMP_ACT_TRACE\" with a value for the tracer." },
  { "SCMP_ACT_LOG", "LOG ACT_LOG", ACT,
    "The syscall runs normally and is logged to the kernel audit log.",
    "Nothing is blocked: it only records.",
    "While building a profile, to learn what an application calls before denying it.",
    "\"action\": \"SCMP_ACT_LOG\" (Linux 4.14 and later)." },
  { "SCMP_ACT_NOTIFY", "NOTIFY ACT_NOTIFY USER_NOTIF", ACT,
    "The syscall is suspended and a supervisor process, holding the notification fd, decides "
    "its result or performs it on the caller's behalf.",
    "The supervisor must not trust pointer arguments: the caller's memory can change between "
    "the check and the use (time-of-check/time-of-use).",
    "Container managers that emulate mount or mknod for unprivileged containers (LXD, "
    "Sysbox); hardenbench's own monitor.",
    "\"action\": \"SCMP_ACT_NOTIFY\" with listenerPath in an OCI profile (Linux 5.0 and later)." },

  /* --- syscalls: privileged and dangerous ---------------------------------- */
  { "mount", "fsopen fsconfig fsmount fspick move_mount open_tree mount_setattr", SYS,
    "Attaches a filesystem or a bind of a directory to the mount tree (the fs* calls are the "
    "new mount API).",
    "Remounting read-only paths writable, mounting host devices, or covering files with "
    "attacker content; the classic first step of many escapes.",
    "Only system containers and tools that build filesystems; not web services.",
    "Needs CAP_SYS_ADMIN: keep SYS_ADMIN dropped; --deny mount." },
  { "umount2", "umount", SYS,
    "Detaches a mount.",
    "Unmounting a mount placed over sensitive paths (masked /proc entries) reveals what it "
    "hid.",
    "Only system containers.",
    "Needs CAP_SYS_ADMIN, which Docker does not grant." },
  { "ptrace", "process_vm_readv process_vm_writev", SYS,
    "Lets one process inspect and change another's memory and registers (debuggers, strace); "
    "process_vm_readv/writev copy memory between processes.",
    "Reading secrets from other processes and injecting code into them; before Linux 4.8, "
    "bypassing seccomp.",
    "Debuggers and profilers inside the container.",
    "Another process may be traced when ptrace's access check passes (ptrace(2)): the same "
    "uids, dumpable, and no capability the tracer lacks; otherwise CAP_SYS_PTRACE is needed.  "
    "Where the host sets Yama's kernel.yama.ptrace_scope, attaching is narrower: 1 only "
    "descendants (or CAP_SYS_PTRACE), 2 only with CAP_SYS_PTRACE, 3 never.  --deny ptrace." },
  { "kcmp", "pidfd_getfd process_madvise", SYS,
    "kcmp compares kernel objects of two processes; pidfd_getfd copies a file descriptor out "
    "of another process; process_madvise gives memory advice for another process.",
    "Taking another process's open files or sockets (pidfd_getfd), or learning which files "
    "and memory two processes share.",
    "Checkpoint/restore (CRIU) and process managers.",
    "The kernel asks for ptrace access to the other process (CAP_SYS_PTRACE across uids); "
    "--deny pidfd_getfd." },
  { "unshare", NULL, SYS,
    "Moves the caller into new namespaces (mount, user, pid, net, ...).",
    "New user namespaces hand a process full capabilities over its own namespace, exposing "
    "kernel code (netfilter, filesystems) that has produced many privilege escalations.",
    "Container runtimes and sandboxing browsers running inside the container.",
    "--deny unshare." },
  { "clone", "fork vfork", SYS,
    "Creates a process or thread; with CLONE_NEW* flags it also creates namespaces.",
    "The namespace flags carry unshare's risks; plain clone is harmless but a fork bomb "
    "can exhaust the host without a pids limit.",
    "Every multi-process or multi-threaded program.",
    "--pids-limit bounds the number of processes." },
  { "clone3", NULL, SYS,
    "clone with its arguments in a structure in memory (Linux 5.3 and later): set_tid, "
    "cgroup, pidfd.",
    "A seccomp filter cannot read memory, so it cannot check clone3's namespace flags the way "
    "it checks clone's; CLONE_NEWUSER needs no capability.",
    "The C library tries it first for new threads (glibc 2.34 and later) and falls back to "
    "clone when it fails with ENOSYS.",
    "Failing with ENOSYS is on purpose: do not --allow clone3, it would let namespace flags "
    "past the filter." },
  { "setns", NULL, SYS,
    "Joins an existing namespace through a file descriptor of /proc/PID/ns/*.",
    "Entering the host's namespaces from a leaked descriptor is a direct escape.",
    "Only tools like nsenter and runtimes.",
    "--deny setns." },
  { "sethostname", "setdomainname", SYS,
    "Sets the hostname or NIS domain name of the UTS namespace.",
    "With --uts host, renaming the host; in the container's own namespace, only confusing.",
    "Almost never: docker --hostname sets the name before the container starts.",
    "Needs CAP_SYS_ADMIN, which Docker does not grant." },
  { "bpf", NULL, SYS,
    "Loads eBPF programs and manipulates eBPF maps.",
    "The eBPF verifier and JIT have had many privilege-escalation bugs, and tracing programs "
    "can read kernel memory.",
    "Observability and networking agents (Cilium, Falco), which run privileged anyway.",
    "The kernel reserves most of it to CAP_BPF (Linux 5.8 and later) or CAP_SYS_ADMIN, and "
    "kernel.unprivileged_bpf_disabled the rest; --deny bpf." },
  { "perf_event_open", NULL, SYS,
    "Opens performance counters and tracepoints.",
    "Kernel profiling data leaks addresses and side channels, and the subsystem has had "
    "privilege-escalation bugs.",
    "Profilers (perf) run for performance work.",
    "kernel.perf_event_paranoid decides what a process without CAP_PERFMON (Linux 5.8 and "
    "later) or CAP_SYS_ADMIN may observe; --deny perf_event_open." },
  { "keyctl", "add_key request_key", SYS,
    "Manages the kernel keyring (keys for filesystems, Kerberos, dm-crypt).",
    "Without a user namespace a container's uid shares that uid's keyrings with the host: "
    "root in the container can read or revoke keys of the host's root, or exhaust its key "
    "quota.",
    "Rare in containers; some Kerberos and CIFS clients.",
    "--deny keyctl." },
  { "kexec_load", "kexec_file_load kexec", SYS,
    "Loads a new kernel to boot into.",
    "Replacing the running kernel: complete control of the host.",
    "Never inside a container.",
    "Also needs CAP_SYS_BOOT, which Docker does not grant." },
  { "init_module", "finit_module delete_module module", SYS,
    "Loads or unloads a kernel module.",
    "Running arbitrary code in the kernel: complete control of the host.",
    "Never inside a container; load modules on the host.",
    "Needs CAP_SYS_MODULE.  Where seccomp follows the capability, as in the sentence above, "
    "--cap-add SYS_MODULE lifts both: the capability is the one barrier, keep it dropped." },
  { "clock_settime", "clock_settime64 settimeofday adjtimex clock_adjtime clock_adjtime64 stime "
    "clock", SYS,
    "Sets or slews the system clock; adjtimex and clock_adjtime also read its state.",
    "The clock is shared with the host: changing it breaks TLS validity, logs and "
    "time-based tokens everywhere.",
    "Only NTP daemons, which belong on the host.",
    "Changing the clock needs CAP_SYS_TIME, which Docker does not grant; keep it dropped." },
  { "swapon", "swapoff swap", SYS,
    "Starts or stops swapping to a file or device.",
    "Disrupting host memory management and reading swapped pages.",
    "Never inside a container.",
    "Also needs CAP_SYS_ADMIN." },
  { "reboot", NULL, SYS,
    "Reboots or halts the system, or enables Ctrl-Alt-Del.",
    "In the host's PID namespace it reboots the host; in a container's own PID namespace it "
    "ends the container.",
    "Init systems running as PID 1 of a system container.",
    "Needs CAP_SYS_BOOT, which Docker does not grant." },
  { "acct", NULL, SYS,
    "Switches process accounting on or off, writing a record for every process that exits.",
    "Accounting is host-wide: turning it off hides activity, a record file fills a disk.",
    "Only host accounting daemons.",
    "Needs CAP_SYS_PACCT, which Docker does not grant." },
  { "iopl", "ioperm", SYS,
    "Grants the process direct access to x86 I/O ports.",
    "Talking to hardware behind the kernel's back: a host compromise.",
    "Never in an application container; some legacy hardware tools.",
    "Needs CAP_SYS_RAWIO, which Docker does not grant." },
  { "vhangup", NULL, SYS,
    "Simulates a hangup on the current terminal.",
    "Disconnects other users' sessions on a shared terminal.",
    "Only getty and login managers.",
    "Needs CAP_SYS_TTY_CONFIG, which Docker does not grant." },
  { "mbind", "set_mempolicy get_mempolicy set_mempolicy_home_node migrate_pages move_pages", SYS,
    "Sets or reads the NUMA memory policy of memory ranges or the process, or moves pages "
    "between NUMA nodes.",
    "Moving another process's pages (migrate_pages, move_pages) degrades it; little else.",
    "NUMA-aware databases and HPC applications (numactl).",
    "Moving other processes' pages needs CAP_SYS_NICE; --deny mbind." },
  { "personality", NULL, SYS,
    "Sets the execution domain, such as 32-bit address limits or disabling address space "
    "randomisation (ADDR_NO_RANDOMIZE).",
    "Turning off ASLR makes memory-corruption exploits reliable.",
    "Emulators and setarch.",
    "--deny personality." },
  { "userfaultfd", NULL, SYS,
    "Lets a process handle page faults of its own memory in user space.",
    "Stalling the kernel at a chosen page fault widens race windows, a standard aid for "
    "exploiting kernel bugs.",
    "Live migration (CRIU, QEMU) and some garbage collectors.",
    "Where a profile allows it, vm.unprivileged_userfaultfd decides: at 0 (the kernel's "
    "default) a process without CAP_SYS_PTRACE in the initial user namespace must pass "
    "UFFD_USER_MODE_ONLY (Linux 5.11 and later); --deny userfaultfd." },
  { "open_by_handle_at", "name_to_handle_at", SYS,
    "Opens a file from an opaque handle instead of a path.",
    "Handles are not confined to the container's root: the 2014 \"shocker\" exploit read "
    "host files with it.",
    "NFS servers and backup tools running on the host.",
    "Needs CAP_DAC_READ_SEARCH, which Docker does not grant.  Where seccomp follows the "
    "capability, as in the sentence above, it is the one barrier: --cap-add DAC_READ_SEARCH "
    "reopens the shocker escape." },
  { "pivot_root", NULL, SYS,
    "Swaps the root mount of the caller's mount namespace.",
    "Changing the root can expose filesystems the container was meant not to see.",
    "Container runtimes only.",
    "Needs CAP_SYS_ADMIN." },
  { "chroot", NULL, SYS,
    "Changes the root directory for path lookups.",
    "Used with an open directory outside the new root it is a known way out of a chroot; "
    "within a container it mainly enables tricks with setuid programs.",
    "Some daemons (sshd, bind, postfix) chroot their workers after start.",
    "Needs CAP_SYS_CHROOT (a Docker default): --cap-drop SYS_CHROOT." },
  { "syslog", "klogctl", SYS,
    "Reads or clears the kernel log ring buffer.",
    "Kernel messages leak addresses that defeat KASLR and reveal host activity.",
    "Only host logging daemons.",
    "Needs CAP_SYSLOG (CAP_SYS_ADMIN on kernels before 2.6.37), which Docker does not grant; "
    "kernel.dmesg_restrict decides whether reading needs it." },
  { "quotactl", "quotactl_fd", SYS,
    "Manages disk quotas.",
    "Changing or disabling quotas on filesystems the host shares.",
    "Only quota tools on the host.",
    "Changing quotas needs CAP_SYS_ADMIN." },
  { "fanotify_init", "fanotify_mark", SYS,
    "Watches file access on a mount or filesystem, and can decide whether each open is "
    "allowed.",
    "Observing or blocking every file access on a shared filesystem.",
    "Antivirus and file-integrity agents on the host.",
    "fanotify_init needs CAP_SYS_ADMIN (Linux 5.13 and later allow a limited unprivileged "
    "mode)." },
  { "lookup_dcookie", NULL, SYS,
    "Returns a directory entry's path for a cookie (used by the old oprofile profiler).",
    "Reading paths of files the caller cannot otherwise see.",
    "Nothing current.",
    "Needs CAP_SYS_ADMIN." },
  { "io_uring_setup", "io_uring_enter io_uring_register io_uring", SYS,
    "io_uring: asynchronous I/O through rings shared with the kernel, which then performs "
    "the operations (reads, writes, opens, sockets) without further syscalls.",
    "Operations submitted through the ring are not seen by seccomp, and io_uring has been a "
    "rich source of kernel exploits; Docker 25.0 and later deny it in their built-in seccomp "
    "profile.",
    "High-performance databases and runtimes (some builds of Node.js, QEMU, ScyllaDB); "
    "they fall back to other I/O when it fails.",
    "--deny io_uring_setup (the others need a ring); kernel.io_uring_disabled (Linux 6.6 and "
    "later) turns it off host-wide." },
  { "memfd_create", "memfd_secret", SYS,
    "Creates an anonymous file that lives in memory; memfd_secret creates memory even the "
    "kernel does not map.",
    "Code can be written to a memfd and run with execveat, or mapped executable, without "
    "ever touching a noexec or read-only filesystem.",
    "Common: JIT engines, Wayland and sandboxes (Chromium, systemd), shared memory between "
    "processes.",
    "--deny memfd_create (breaks some runtimes); vm.memfd_noexec (Linux 6.3 and later) can "
    "forbid executable memfds." },
  { "execve", "execveat", SYS,
    "Replaces the process's program with another; execveat takes a directory file descriptor "
    "and, with AT_EMPTY_PATH, runs an open file.",
    "execveat on a memfd runs code that is on no filesystem; setuid programs and file "
    "capabilities raise privileges on exec unless no_new_privs is set.",
    "Every container's first process, and every program that starts others.",
    "noexec mounts stop execve of files on them; --no-new-privileges makes exec grant "
    "nothing." },

  /* --- syscalls: files --------------------------------------------------------- */
  { "open", "openat openat2 creat", SYS,
    "Opens a file; with O_WRONLY, O_RDWR, O_CREAT, O_TRUNC or O_APPEND it writes.",
    "Writing to the root filesystem lets an attacker plant binaries, change configuration "
    "and persist across restarts of the process.",
    "Every program reads files; writes belong in the few paths the application owns.",
    "--read-only makes writes fail with EROFS; --tmpfs PATH and --volume PATH open the "
    "writable paths; hardenbench trial shows each denied write." },
  { "read", "write readv writev pread64 pwrite64 preadv pwritev preadv2 pwritev2 lseek _llseek "
    "close close_range sendfile sendfile64 splice tee vmsplice copy_file_range readahead "
    "fadvise64 fadvise64_64 arm_fadvise64_64 fallocate", SYS,
    "Reads and writes through file descriptors already open, moves the offset, copies "
    "between descriptors (sendfile, splice, copy_file_range) and closes them.",
    "None by themselves: what a process can touch was decided when the file was opened.",
    "Every program.",
    "Restrict what can be opened for writing: --read-only, --tmpfs, --volume." },
  { "stat", "lstat fstat newfstatat stat64 lstat64 fstat64 fstatat64 statx statfs fstatfs "
    "statfs64 fstatfs64 access faccessat faccessat2 readlink readlinkat getdents getdents64 "
    "getcwd chdir fchdir umask", SYS,
    "Reads file metadata, lists and changes directories, checks permissions.",
    "Little: they reveal what exists, which the mount namespace already limits.",
    "Every program.",
    "The container's mounts decide what can be seen." },
  { "fsync", "fdatasync sync syncfs sync_file_range sync_file_range2 arm_sync_file_range flock",
    SYS,
    "Flushes written data to storage, or takes advisory file locks.",
    "sync flushes every filesystem of the host, a small I/O denial of service.",
    "Databases and anything that must not lose writes.",
    "Writable paths via --tmpfs / --volume decide where there is anything to flush." },
  { "mkdir", "mkdirat", SYS,
    "Creates a directory.",
    "Preparing paths for planted files or filling the disk.",
    "Caches, spool and upload directories at start.",
    "--read-only; writable paths via --tmpfs / --volume." },
  { "unlink", "unlinkat rmdir", SYS,
    "Removes a file or an empty directory.",
    "Deleting logs and evidence, or replacing a file by removing and recreating it.",
    "Temporary files, stale pid files and sockets.",
    "--read-only; writable paths via --tmpfs / --volume." },
  { "rename", "renameat renameat2", SYS,
    "Moves or renames a file, atomically replacing the target.",
    "Swapping a trusted file for an attacker's copy.",
    "Atomic saves: write a temporary file, then rename it over the old one.",
    "--read-only; writable paths via --tmpfs / --volume." },
  { "chmod", "fchmod fchmodat fchmodat2", SYS,
    "Changes a file's permission bits.",
    "Making files world-writable or executable; setting the setuid bit on a file (its owner "
    "may, CAP_FOWNER lets any process) for a later privilege escalation.",
    "Installers and programs that create private files (0600 keys, sockets).",
    "--read-only stops it on the root filesystem; --seccomp default-no-chmod makes chmod, "
    "fchmod, fchmodat and fchmodat2 fail with EPERM; nosuid on writable mounts neutralises "
    "setuid bits." },
  { "chown", "fchown lchown fchownat chown32 fchown32 lchown32", SYS,
    "Changes a file's owner or group.",
    "Taking ownership of files to get past permission checks, or handing files to another "
    "user or group.  It cannot hand over a setuid program: chown clears the setuid and setgid "
    "bits of an executable file, even when root calls it (chown(2)).",
    "Entrypoints that fix volume ownership before dropping root (postgres, redis).",
    "Changing the owner needs CAP_CHOWN (a Docker default): --cap-drop CHOWN; --read-only." },
  { "link", "linkat symlink symlinkat", SYS,
    "Creates hard or symbolic links.",
    "Links redirect a privileged process's writes to files it did not mean to touch "
    "(symlink races in shared directories such as /tmp).",
    "Package managers, build tools, some caches.",
    "--read-only; the kernel's protected_symlinks/protected_hardlinks sysctls." },
  { "truncate", "ftruncate truncate64 ftruncate64", SYS,
    "Shortens or extends a file.",
    "Destroying data or logs in place.",
    "Databases and log rotation.",
    "--read-only; writable paths via --tmpfs / --volume." },
  { "mknod", "mknodat", SYS,
    "Creates device nodes, FIFOs and sockets.",
    "A device node for a host disk gives raw access to it, if the device cgroup allows it.",
    "FIFOs are common; device nodes only in system containers.",
    "Device nodes need CAP_MKNOD (a Docker default): --cap-drop MKNOD; nodev on mounts; the "
    "device cgroup decides which can be opened (explain devices)." },
  { "setxattr", "lsetxattr fsetxattr removexattr lremovexattr fremovexattr", SYS,
    "Sets or removes extended attributes, including security labels and file capabilities.",
    "Writing security.capability grants file capabilities to a binary; security.* labels "
    "change how LSMs treat a file.",
    "Backup/restore and package managers.",
    "security.capability needs CAP_SETFCAP, other security.* and trusted.* attributes "
    "CAP_SYS_ADMIN; --read-only." },
  { "getxattr", "lgetxattr fgetxattr listxattr llistxattr flistxattr", SYS,
    "Reads or lists extended attributes.",
    "Little: trusted.* attributes stay hidden without CAP_SYS_ADMIN.",
    "ls -l, cp -a, tar and anything that copies files faithfully.",
    "Nothing to set." },
  { "utimensat", "utime utimes futimesat utimensat_time64", SYS,
    "Sets a file's access and modification times.",
    "Backdating planted files to hide them from forensics.",
    "Archive extractors and build tools.",
    "--read-only; writable paths via --tmpfs / --volume." },
  { "inotify_init", "inotify_init1 inotify_add_watch inotify_rm_watch", SYS,
    "Watches files and directories for changes.",
    "Little: only files the caller can read; watches count against a per-user limit.",
    "Servers that reload configuration on change, development tools.",
    "fs.inotify.max_user_watches (host-wide, per uid)." },

  /* --- syscalls: descriptors, memory, processes --------------------------------- */
  { "fcntl", "fcntl64 dup dup2 dup3 pipe pipe2", SYS,
    "Duplicates and controls file descriptors (flags, locks, leases), creates pipes.",
    "Little; leases on files of other users need CAP_LEASE.",
    "Every program.",
    "Nothing to set." },
  { "ioctl", NULL, SYS,
    "Device- and file-specific control operations, one number per operation.",
    "A wide and varied kernel surface; on a terminal shared with a more privileged process, "
    "TIOCSTI injects keystrokes into it (turned off by dev.tty.legacy_tiocsti=0, Linux 6.2 and "
    "later).",
    "Terminals, sockets, block devices: nearly every program.",
    "A profile can allow only chosen request numbers with a rule on argument 1." },
  { "epoll_wait", "epoll_create epoll_create1 epoll_ctl epoll_pwait epoll_pwait2 epoll_ctl_old "
    "epoll_wait_old select _newselect pselect6 pselect6_time64 poll ppoll ppoll_time64 eventfd "
    "eventfd2 signalfd signalfd4 timerfd_create timerfd_settime timerfd_gettime "
    "timerfd_settime64 timerfd_gettime64", SYS,
    "Waits for file descriptors to become ready, and makes events, signals and timers into "
    "file descriptors.",
    "None by themselves.",
    "Every server's event loop.",
    "Nothing to set." },
  { "mmap", "mmap2 munmap mremap mprotect madvise mincore msync remap_file_pages brk cachestat",
    SYS,
    "Maps files and memory into the address space and changes its protection.",
    "mprotect or mmap with PROT_EXEC makes written bytes executable, how injected code "
    "runs; mincore and cachestat reveal which pages are cached, a side channel.",
    "Every program (the C library's allocator, shared libraries, JIT engines).",
    "Mapping a file executable fails on a noexec mount." },
  { "mlock", "mlock2 munlock mlockall munlockall", SYS,
    "Locks memory into RAM so it is never swapped.",
    "Pinned memory cannot be reclaimed, starving the host.",
    "Secret stores and databases that keep keys out of swap.",
    "Beyond RLIMIT_MEMLOCK it needs CAP_IPC_LOCK; --ulimit memlock; --memory bounds it." },
  { "membarrier", "futex futex_time64 futex_waitv futex_wake futex_wait futex_requeue "
    "set_robust_list get_robust_list rseq", SYS,
    "Thread synchronisation: futexes, memory barriers across threads, restartable sequences.",
    "None by themselves; futex has had kernel bugs exploited from sandboxes.",
    "Every multi-threaded program.",
    "Nothing to set." },
  { "wait4", "waitid waitpid exit exit_group restart_syscall", SYS,
    "Ends the calling thread or process, or waits for a child to end.",
    "None.",
    "Every program.",
    "Nothing to set." },
  { "getpid", "getppid gettid getpgid setpgid getpgrp getsid setsid set_tid_address uname "
    "sysinfo getrandom getcpu", SYS,
    "Reads the process's identity, sessions and groups, the system's name and load, and "
    "random bytes.",
    "None: they reveal little beyond the container.",
    "Every program.",
    "Nothing to set." },
  { "prctl", NULL, SYS,
    "Process controls: no_new_privs, dumpability, keep-capabilities, dropping from the "
    "capability bounding set, the process's name, seccomp mode.",
    "PR_SET_DUMPABLE on makes a process readable by others of its uid; the rest mostly "
    "restrict the caller.",
    "Runtimes, init systems and programs that harden themselves.",
    "--no-new-privileges sets no_new_privs for the whole container." },
  { "pidfd_open", "pidfd_send_signal process_mrelease", SYS,
    "Refers to a process by a file descriptor, to signal it or reap its memory without pid "
    "reuse races.",
    "The same as kill: signals need the uid or CAP_KILL.",
    "Supervisors and init systems (systemd).",
    "Nothing to set." },
  { "getuid", "geteuid getgid getegid getuid32 geteuid32 getgid32 getegid32 getresuid getresgid "
    "getresuid32 getresgid32 getgroups getgroups32 capget", SYS,
    "Reads the process's user and group ids and capabilities.",
    "None.",
    "Every program.",
    "Nothing to set." },
  { "setuid", "setgid setuid32 setgid32 setreuid setregid setreuid32 setregid32 setresuid "
    "setresgid setresuid32 setresgid32 setfsuid setfsgid setfsuid32 setfsgid32 setgroups "
    "setgroups32", SYS,
    "Changes the process's user and group ids and supplementary groups.",
    "With CAP_SETUID and CAP_SETGID a process becomes any user or group in the container.",
    "Entrypoints and servers that start as root and drop to a service user.",
    "Changing to other ids needs CAP_SETUID / CAP_SETGID (Docker defaults): drop them once "
    "--user starts the process as its user." },
  { "capset", NULL, SYS,
    "Sets the calling thread's capability sets.",
    "Only within the bounding and permitted sets: it cannot add what the process lacks.",
    "Programs that drop their own capabilities (capsh, some daemons).",
    "--cap-drop decides what there is to keep." },
  { "kill", "tkill tgkill rt_sigqueueinfo rt_tgsigqueueinfo", SYS,
    "Sends a signal to a process or thread.",
    "Killing or stopping processes of the same uid; any process with CAP_KILL.",
    "Supervisors, shells, graceful reloads.",
    "Signals to other users' processes need CAP_KILL (a Docker default): --cap-drop KILL; "
    "the PID namespace limits who can be seen." },
  { "rt_sigaction", "rt_sigprocmask rt_sigreturn rt_sigpending rt_sigtimedwait "
    "rt_sigtimedwait_time64 rt_sigsuspend sigaltstack sigreturn sigprocmask pause sigaction "
    "signal sigpending sigsuspend sgetmask ssetmask", SYS,
    "Installs signal handlers, blocks and waits for signals, returns from handlers.",
    "None by themselves.",
    "Every program.",
    "Nothing to set." },
  { "clock_gettime", "time gettimeofday clock_gettime64 clock_getres clock_getres_time64 "
    "clock_nanosleep clock_nanosleep_time64 nanosleep alarm getitimer setitimer timer_create "
    "timer_settime timer_settime64 timer_gettime timer_gettime64 timer_getoverrun timer_delete "
    "times", SYS,
    "Reads clocks, sleeps and sets timers of the process.",
    "None: changing the clock is clock_settime's.",
    "Every program.",
    "Nothing to set." },
  { "sched_setscheduler", "sched_yield sched_setparam sched_getparam sched_getscheduler "
    "sched_get_priority_max sched_get_priority_min sched_rr_get_interval "
    "sched_rr_get_interval_time64 sched_setaffinity sched_getaffinity sched_setattr "
    "sched_getattr getpriority setpriority nice ioprio_get ioprio_set", SYS,
    "Reads and sets scheduling policy, priority, CPU affinity and I/O priority.",
    "Real-time scheduling and raised priorities can starve the host's other work.",
    "Latency-sensitive media and trading software.",
    "Raising priority or real-time scheduling needs CAP_SYS_NICE; --cpus bounds the CPU "
    "time." },
  { "setrlimit", "getrlimit ugetrlimit prlimit64 getrusage", SYS,
    "Reads and sets resource limits (open files, processes, core size, locked memory) and "
    "reads resource use.",
    "Raising a hard limit needs CAP_SYS_RESOURCE: without it a process can only lower its "
    "limits or raise soft ones up to the hard limit.",
    "Servers raising their open-file limit.",
    "docker --ulimit (explain ulimit); prlimit64 on other processes needs their uid or "
    "CAP_SYS_RESOURCE." },
  { "arch_prctl", "set_thread_area get_thread_area modify_ldt set_tls breakpoint cacheflush "
    "map_shadow_stack vm86 vm86old", SYS,
    "Architecture-specific state: the FS/GS base for thread-local storage on x86-64, the "
    "local descriptor table, x86 shadow stacks and 32-bit virtual-8086 mode (vm86), ARM's "
    "TLS register and cache flushing.",
    "modify_ldt and vm86 have had kernel bugs; the rest are harmless.",
    "The C library at start (thread-local storage); Wine and 32-bit runtimes (modify_ldt).",
    "Nothing to set." },
  { "pkey_mprotect", "pkey_alloc pkey_free", SYS,
    "Memory protection keys: tag pages with a key, then change a thread's access to them "
    "without mprotect (x86 MPK, arm64 POE).",
    "None added: the process protects its own memory with them.",
    "Some JIT engines and allocators.",
    "Nothing to set." },
  { "uselib", "ustat sysfs _sysctl bdflush create_module get_kernel_syms query_module "
    "nfsservctl getpmsg putpmsg afs_syscall tuxcall security vserver break ftime gtty stty idle "
    "lock mpx prof profil ulimit oldfstat oldlstat oldstat olduname oldolduname readdir", SYS,
    "Obsolete syscalls (uselib for a.out libraries, ustat, sysfs, _sysctl, bdflush, the old "
    "stat and uname variants) and numbers reserved for calls Linux never implemented or "
    "removed long ago (create_module, nfsservctl, getpmsg, tuxcall, vserver ...).",
    "Old, little-exercised kernel code where it still exists (uselib has had exploitable "
    "bugs); the rest fail with ENOSYS anyway.",
    "Nothing current; binaries from the 1990s.",
    "Deny them; no application notices." },
  { "seccomp-syscall", "seccomp", SYS,
    "The seccomp() syscall: a process adds a seccomp filter to itself (and its future "
    "children).",
    "None: a filter can only take syscalls away (no_new_privs or CAP_SYS_ADMIN is required).",
    "Sandboxing programs (browsers, systemd services, OpenSSH) and container runtimes.",
    "Nothing to set; explain seccomp for the container's own profile." },

  /* --- syscalls: sockets and IPC ------------------------------------------- */
  { "socket", "socketpair socketcall", SYS,
    "Creates a socket of an address family (explain address-families) and type.",
    "Raw and packet sockets forge traffic (they need CAP_NET_RAW); rare families reach "
    "little-used kernel code.",
    "Every networked program.",
    "--cap-drop NET_RAW removes raw and packet sockets; a profile can allow socket only for "
    "chosen families with a rule on argument 0." },
  { "bind", "listen", SYS,
    "Gives a socket its local address and port, and listens on it.",
    "Binding a port below net.ipv4.ip_unprivileged_port_start impersonates a well-known "
    "service; on the host's network a container can take any free host port.",
    "Every server.",
    "Ports below the sysctl need CAP_NET_BIND_SERVICE: Docker 20.10 and later set it to 0 in "
    "a container's own network namespace, so only --network host keeps the host's value "
    "(explain ip_unprivileged_port_start)." },
  { "accept", "accept4", SYS,
    "Takes the next incoming connection of a listening socket (accept4 also sets flags such "
    "as SOCK_CLOEXEC on the new descriptor).",
    "None by itself: the listening socket decided what is reachable.",
    "Every connection-oriented server.",
    "Nothing to set; publish only the ports that must be reached." },
  { "connect", NULL, SYS,
    "Connects a socket to an address.",
    "Reaching services the container should not: the host's, other containers', the cloud "
    "metadata endpoint.",
    "Every client.",
    "Networks and firewall rules, not seccomp: user-defined networks, --network none." },
  { "sendto", "send sendmsg sendmmsg recvfrom recv recvmsg recvmmsg recvmmsg_time64 getsockname "
    "getpeername getsockopt setsockopt shutdown", SYS,
    "Sends and receives on sockets, reads and sets socket options.",
    "Some options need capabilities (SO_MARK, SO_PRIORITY above 6: CAP_NET_ADMIN).",
    "Every networked program.",
    "Nothing to set." },
  { "shmget", "ipc shmat shmdt shmctl semget semop semctl semtimedop semtimedop_time64 msgget "
    "msgsnd msgrcv msgctl", SYS,
    "System V shared memory, semaphores and message queues.",
    "Within the IPC namespace only; --ipc host shares the host's.",
    "PostgreSQL (older versions), Oracle, some legacy software.",
    "--ipc; objects of other users need CAP_IPC_OWNER." },
  { "mq_open", "mq_unlink mq_timedsend mq_timedsend_time64 mq_timedreceive "
    "mq_timedreceive_time64 mq_notify mq_getsetattr", SYS,
    "POSIX message queues.",
    "Within the IPC namespace only.",
    "Rare: some real-time and legacy software.",
    "--ipc; fs.mqueue.* sysctls (namespaced)." },
  { "io_setup", "io_destroy io_submit io_cancel io_getevents io_pgetevents io_pgetevents_time64",
    SYS,
    "Linux native asynchronous I/O (libaio).",
    "A moderate kernel surface; every context's events count against fs.aio-max-nr, "
    "host-wide.",
    "Databases (MySQL/InnoDB, ScyllaDB) and QEMU.",
    "Nothing to set." },
  { "landlock_create_ruleset", "landlock_add_rule landlock_restrict_self", SYS,
    "Landlock's syscalls: build a ruleset and restrict the calling thread to it (explain "
    "landlock).",
    "None: they only take rights away.",
    "Applications that sandbox themselves.",
    "Nothing to set." },

  /* --- mount options ----------------------------------------------------- */
  { "ro", "readonly", OPT,
    "Mounts the filesystem read-only: every write fails with EROFS.",
    "A writable mount is where an attacker stores tools and changes configuration.",
    "Writable mounts are needed only for the paths the application writes.",
    "Root: --read-only (policy key read_only_root); volumes: read_only in the policy, :ro in docker." },
  { "rw", NULL, OPT,
    "Mounts the filesystem read-write.",
    "Whatever is writable can be changed by a compromised process.",
    "The paths the application writes: caches, pid files, uploads, data.",
    "--tmpfs PATH:rw,... and --volume PATH." },
  { "noexec", NULL, OPT,
    "Files on the mount cannot be executed: execve fails with EACCES and mapping them "
    "executable fails with EPERM.",
    "Without it, a payload written to the mount runs directly.  With it, an interpreter "
    "still runs scripts from there (sh /tmp/x.sh) and code can run from memory "
    "(memfd_create and execveat): it raises the bar, it is no barrier.",
    "Drop noexec only where the application runs code it wrote: JIT caches, compiled "
    "templates, or installers unpacking binaries.",
    "Docker mounts --tmpfs rw,nosuid,nodev,noexec unless options say otherwise; "
    "--tmpfs PATH:exec lifts it." },
  { "exec", NULL, OPT,
    "Allows executing files on the mount (the opposite of noexec).",
    "A writable, executable mount is where a downloaded tool runs.",
    "Caches of compiled code and extracted binaries.",
    "--tmpfs PATH:rw,exec,... (Docker's --tmpfs is noexec otherwise)." },
  { "nosuid", NULL, OPT,
    "setuid and setgid bits and file capabilities on the mount are ignored.",
    "A setuid-root binary planted on a writable mount is an easy way back to root.",
    "Almost never needed on writable mounts.",
    "Docker's --tmpfs is nosuid unless options say suid; --no-new-privileges has the same "
    "effect on every mount." },
  { "suid", NULL, OPT,
    "Honours setuid and setgid bits and file capabilities on the mount (the opposite of "
    "nosuid).",
    "Any setuid binary written there raises privileges when run.",
    "Never on a writable mount.",
    "--tmpfs PATH:suid (Docker's --tmpfs is nosuid otherwise)." },
  { "nodev", NULL, OPT,
    "Device nodes on the mount cannot be opened.",
    "A device node for a host disk or for memory would give raw access to it.",
    "Only a /dev mount needs devices; writable data paths never do.",
    "Docker's --tmpfs is nodev unless options say dev." },
  { "dev", NULL, OPT,
    "Device nodes on the mount can be opened (the opposite of nodev), within what the "
    "device cgroup allows.",
    "A device node created there reaches a host device if the device cgroup lets it.",
    "Only a /dev mount.",
    "--tmpfs PATH:dev (Docker's --tmpfs is nodev otherwise)." },
  { "size", NULL, OPT,
    "The maximum size of a tmpfs (64m, 1g); tmpfs lives in memory and counts against the "
    "container's memory limit.",
    "An unbounded tmpfs lets a process fill memory until the OOM killer acts.",
    "Size it to what the application writes (hardenbench trial shows it).",
    "--tmpfs PATH:rw,size=64m" },
  { "mode", NULL, OPT,
    "The permissions of the tmpfs root directory, in octal (Docker's default is 1777).",
    "A world-writable directory lets every user in the container plant files there.",
    "Use 1777 for shared /tmp, 0700 or 0750 for one service's private directory.",
    "--tmpfs PATH:rw,mode=0700" },
  { "propagation", "mount-propagation bind-propagation shared rshared slave rslave private "
    "rprivate", OPT,
    "Whether mounts made under a bind mount travel between the host and the container: "
    "private (neither way), slave (host to container), shared (both ways); the r- forms "
    "cover every mount below.",
    "With shared propagation a mount the container makes there appears on the host, and the "
    "host's new mounts appear in the container.",
    "Only containers that mount filesystems for the host or others (storage and CSI "
    "plugins); they use rslave or rshared.",
    "docker -v SRC:DST:rslave or --mount ...,bind-propagation=rslave (Docker's default is "
    "rprivate); audit check 5.20, not decided by a policy." },

  /* --- settings ------------------------------------------------------------ */
  { "no-new-privileges", "no_new_privileges nnp no-new-privs", SET,
    "Sets the no_new_privs process flag: execve can no longer raise privileges through setuid "
    "or setgid bits or file capabilities, and the flag is inherited by every child.",
    "Without it, a compromised process running as an unprivileged user can exec a setuid "
    "program to become root again.",
    "Only applications that rely on setuid helpers (sudo, su, ping on old images).",
    "--no-new-privileges (docker --security-opt no-new-privileges); policy key "
    "no_new_privileges; audit check 5.26." },
  { "read-only", "read_only_root read-only-root readonly-root", SET,
    "Mounts the container's root filesystem read-only; writable paths are added as tmpfs "
    "mounts or volumes.",
    "A writable root lets an attacker replace binaries and libraries, add cron jobs or "
    "modify the application's code.",
    "Every service can run this way once its writable paths are known (hardenbench trial "
    "lists them).",
    "--read-only; policy key read_only_root; audit check 5.13." },
  { "tmpfs", NULL, SET,
    "A memory-backed writable mount at a path, empty at every start.",
    "Nothing kept there survives a restart.  Docker mounts it noexec, which stops execve of "
    "files there but not scripts run by an interpreter or code run from memory.",
    "Temporary files, caches, pid files and sockets.",
    "--tmpfs PATH[:OPTS] (Docker's defaults: rw,nosuid,nodev,noexec); policy key tmpfs "
    "[{path, options}]." },
  { "volume", "volumes", SET,
    "A writable mount that outlives the container: a named volume, an anonymous one or a "
    "host directory.",
    "A host directory mounted in gives the container write access to host files; a socket "
    "like docker.sock gives it the host.",
    "Data that must persist: databases, uploads.",
    "--volume PATH; policy key volumes [{path, source, read_only}]; audit checks 5.6, 5.32." },
  { "user", "run-as --user", SET,
    "The user and group the container's process runs as (uid:gid or names from the image's "
    "/etc/passwd).",
    "Root in the container owns every file of the image and holds all granted capabilities; "
    "without user namespaces it is also root on the host's files it can reach.",
    "Only entrypoints that fix ownership before dropping privileges need to start as root; "
    "low ports do not need root where Docker 20.10 and later set "
    "net.ipv4.ip_unprivileged_port_start to 0 (a container's own network).",
    "--user USER[:GROUP]; policy key user; audit check 4.1." },
  { "capabilities", "cap-drop cap-add --cap-drop --cap-add", SET,
    "Linux splits root's power into about 40 capabilities; Docker grants 14 by default.",
    "Each capability kept is a privilege a compromised process can use (see explain CAP_NAME).",
    "Most services need none or a few: SETUID/SETGID to drop root, CHOWN to fix ownership, "
    "NET_BIND_SERVICE for ports below 1024 only with --network host (Docker 20.10 and later "
    "let a container's own network bind them without it).",
    "--cap-drop ALL --cap-add NAME; policy key capabilities {drop, add}; audit check 5.4." },
  { "seccomp", "seccomp-profile", SET,
    "A filter in the kernel that decides, for each syscall, to allow it, fail it with an "
    "errno, kill the process or ask a supervisor.",
    "Without it (unconfined) every syscall is reachable, including the ones behind most "
    "kernel exploits.",
    "Every container; custom profiles for applications that need a blocked call or want a "
    "tighter allowlist.",
    "--seccomp default|default-no-chmod|strict-web|unconfined|FILE, --deny, --allow; policy "
    "key seccomp; audit check 5.22; explain SYSCALL tells what --seccomp default does with "
    "it." },
  { "privileged", "--privileged", SET,
    "Docker's --privileged: every capability, all host devices, no seccomp, no AppArmor, "
    "writable /sys and /proc.",
    "Complete control of the host: mount its disks, load modules, write to /sys.",
    "Only containers that manage the host itself (Docker-in-Docker, device drivers).",
    "Do not use --privileged; grant single capabilities; audit check 5.5." },
  { "memory", "--memory limits.memory", SET,
    "The memory limit of the container's cgroup; above it the kernel reclaims and then "
    "OOM-kills inside the container.",
    "Without a limit a leak or an attack exhausts host memory and disturbs every service.",
    "Every service: set it above the peak working set.",
    "--memory SIZE; policy key limits.memory; audit check 5.11." },
  { "cpus", "--cpus limits.cpus", SET,
    "The CPU quota of the container, in CPUs (0.5 is half a CPU).",
    "Without a limit a busy loop takes every core from the host's other services.",
    "Every service: set it to what the service needs at peak.",
    "--cpus N; policy key limits.cpus.  CIS check 5.12 asks for CPU shares (--cpu-shares), "
    "a relative weight a policy does not carry." },
  { "pids-limit", "pids --pids-limit limits.pids", SET,
    "The maximum number of processes and threads in the container's cgroup.",
    "Without it a fork bomb exhausts the host's process table.",
    "Every service: a few hundred suits most.",
    "--pids-limit N; policy key limits.pids; audit check 5.29." },
  { "ip_unprivileged_port_start", "net.ipv4.ip_unprivileged_port_start low-ports "
    "privileged-ports", SET,
    "The sysctl net.ipv4.ip_unprivileged_port_start: binding a port below it needs "
    "CAP_NET_BIND_SERVICE.  The kernel's default is 1024, per network namespace.",
    "Low ports mean something only on a shared address such as the host's: in a container's "
    "own network namespace they protect nothing.",
    "Binding 80 or 443 as a non-root user.",
    "Docker 20.10 and later set it to 0 in a container's own network namespace, so any user "
    "binds any port there; with --network host the host's value applies and "
    "CAP_NET_BIND_SERVICE is needed below it; docker run --sysctl "
    "net.ipv4.ip_unprivileged_port_start=N sets it." },
  { "sysctls", "sysctl --sysctl", SET,
    "Kernel settings under /proc/sys.  Those of a namespace (net.*, kernel.shm*, kernel.msg*, "
    "kernel.sem, fs.mqueue.*) can differ per container; the others are the host's.",
    "The host's sysctls are not namespaced: Docker mounts /proc/sys read-only, and a "
    "container that can write it (--privileged) changes the host.",
    "Servers tuning their own network stack (somaxconn, port ranges).",
    "docker run --sysctl KEY=VALUE (namespaced keys only).  Docker 20.10 and later set "
    "net.ipv4.ip_unprivileged_port_start=0 and net.ipv4.ping_group_range=\"0 2147483647\" in "
    "a container's own network namespace.  Not part of a hardenbench policy." },
  { "ulimit", "ulimits --ulimit rlimit rlimits nofile nproc", SET,
    "Per-process resource limits (open files, processes, core size, locked memory): a "
    "container inherits dockerd's, or dockerd --default-ulimit, unless --ulimit sets them.",
    "High limits let one process exhaust descriptors or lock memory; RLIMIT_NPROC counts "
    "every process of the uid, across containers sharing it.",
    "Servers with many connections raise nofile; databases raise memlock.",
    "docker run --ulimit nofile=1024:4096; raising a hard limit inside needs "
    "CAP_SYS_RESOURCE; --pids-limit is the per-container bound on processes; audit check "
    "5.19, not decided by a policy.",
    "setrlimit prlimit64" },
  { "devices", "device --device device-cgroup", SET,
    "The device nodes a container may use: Docker creates a small /dev (null, zero, full, "
    "random, urandom, tty, pts, ptmx, shm, mqueue) and a device cgroup that lets it open "
    "only a short list of devices; --device adds a host device.",
    "A host disk or /dev/mem in the container is raw access to the host's data; "
    "--privileged passes every device.",
    "GPUs, serial and USB hardware, for the few containers that drive it.",
    "docker run --device /dev/X[:PERMS] (r, w, m); audit check 5.18, not decided by a "
    "policy." },
  { "address-families", "socket-families AF_INET AF_INET6 AF_UNIX AF_NETLINK AF_PACKET AF_VSOCK "
    "AF_ALG", SET,
    "A socket's address family, socket()'s first argument: AF_UNIX (local), AF_INET and "
    "AF_INET6 (IP), AF_NETLINK (kernel interfaces), AF_PACKET (raw frames), AF_VSOCK (to the "
    "hypervisor), AF_ALG (kernel crypto) and some thirty more.",
    "Rarely used families reach kernel code with a history of privilege escalations "
    "(AF_PACKET, AF_VSOCK, AF_ALG, TIPC, RDS); AF_PACKET and raw IP sockets need CAP_NET_RAW.",
    "Services use AF_UNIX, AF_INET and AF_INET6, and netlink to list interfaces "
    "(getifaddrs).",
    "--cap-drop NET_RAW removes raw and packet sockets; a profile rule on socket's argument "
    "0 can allow only chosen families.",
    "socket" },

  /* --- security modules ---------------------------------------------------- */
  { "apparmor", "AppArmor --security-opt-apparmor", LSM,
    "A path-based mandatory access control module: a profile limits the files, mounts, "
    "signals and ptrace of the processes it confines.  Docker confines each container with "
    "its docker-default profile when the host runs AppArmor.",
    "apparmor=unconfined or --privileged loses the profile's denials, such as mount and "
    "writes to most of /proc/sys.",
    "A custom profile for an application the default one breaks, or to confine it further.",
    "--security-opt apparmor=PROFILE (loaded on the host with apparmor_parser); audit check "
    "5.2, not decided by a policy." },
  { "selinux", "SELinux label --security-opt-label", LSM,
    "A label-based mandatory access control module: with dockerd --selinux-enabled each "
    "container runs as container_t with its own MCS category, so containers cannot read "
    "each other's files or the host's.",
    "label=disable or --privileged runs it unconfined; relabelling a volume (:z, :Z) changes "
    "the labels of host files.",
    "Hosts that run SELinux (Fedora, RHEL and their derivatives).",
    "--security-opt label=type:TYPE, label=level:LEVEL or label=disable; audit check 5.3, not "
    "decided by a policy." },
  { "landlock", "Landlock", LSM,
    "An unprivileged, stackable access-control module (Linux 5.13 and later): a process "
    "restricts its own file access, and from Linux 6.7 its TCP bind and connect, with a "
    "ruleset that its children inherit.",
    "None added: it only takes rights away (files already open stay usable).",
    "Applications that sandbox themselves.",
    "Not set by Docker or Kubernetes: the application applies it to itself.",
    "landlock_create_ruleset landlock_add_rule landlock_restrict_self" },

  /* --- Kubernetes Pod Security Standards controls ------------------------------ */
  { "allowPrivilegeEscalation", "allow-privilege-escalation", K8S,
    "securityContext.allowPrivilegeEscalation: false sets no_new_privs for the container's "
    "processes, as --no-new-privileges does.",
    "Left at its default (true), setuid programs and file capabilities raise privileges; it "
    "is always true for privileged containers and those adding CAP_SYS_ADMIN.",
    "Only images that rely on setuid helpers.",
    "Pod Security Standards: restricted requires false.  hardenbench export --format k8s "
    "writes false." },
  { "runAsNonRoot", "run-as-non-root runAsUser", K8S,
    "securityContext.runAsNonRoot: true makes the kubelet refuse to start a container whose "
    "user is uid 0 (it checks the number: a user name it cannot resolve fails too).",
    "Root in the container holds the granted capabilities and owns the image's files.",
    "Only images whose entrypoint must start as root.",
    "Pod Security Standards: restricted requires runAsNonRoot true and runAsUser not 0; "
    "hardenbench export --format k8s writes runAsUser from --user." },
  { "seccompProfile", "seccomp-profile-type RuntimeDefault Localhost Unconfined", K8S,
    "securityContext.seccompProfile.type: RuntimeDefault (the container runtime's own), "
    "Localhost (a profile file on the node) or Unconfined.",
    "Kubernetes runs containers Unconfined unless a profile is set or the kubelet's "
    "seccompDefault is on.",
    "Every pod; Localhost for a profile made for the application.",
    "Pod Security Standards: baseline forbids Unconfined, restricted requires RuntimeDefault "
    "or Localhost." },
  { "securityContext.capabilities", "k8s-capabilities drop-all", K8S,
    "securityContext.capabilities {drop, add}: the container's capabilities relative to the "
    "runtime's default set.",
    "Each capability kept or added is a privilege a compromised process can use.",
    "NET_BIND_SERVICE to bind ports below 1024 as non-root where the runtime keeps the "
    "sysctl's default of 1024.",
    "Pod Security Standards: baseline allows adding only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, "
    "FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and "
    "SYS_CHROOT; restricted requires drop ALL and allows adding back only NET_BIND_SERVICE." },
  { "hostPath", "hostpath", K8S,
    "volumes[].hostPath mounts a file or directory of the node into the pod.",
    "Node files in the pod: a writable system directory or the container runtime's socket "
    "is the node.",
    "Node agents (log collectors, CSI drivers), which run in privileged namespaces anyway.",
    "Pod Security Standards: baseline forbids hostPath volumes; use emptyDir or persistent "
    "volumes (hardenbench export --format k8s writes emptyDir)." },
  { "hostPort", "hostport", K8S,
    "ports[].hostPort publishes a container port on the node's own addresses.",
    "It exposes the pod outside its Service and ties it to nodes where the port is free.",
    "Rare: node-level proxies and DaemonSets.",
    "Pod Security Standards: baseline forbids host ports, or allows a known list." },
  { "hostNetwork", "hostPID hostIPC host-namespaces", K8S,
    "hostNetwork, hostPID and hostIPC put the pod in the node's network, PID or IPC "
    "namespace (explain net, pid, ipc).",
    "The node's traffic and loopback services, its processes, its shared memory.",
    "Only node agents.",
    "Pod Security Standards: baseline forbids all three." },
};

const size_t hb_explain_n_texts = sizeof hb_explain_texts / sizeof hb_explain_texts[0];

const hb_check_text hb_check_texts[] = {
  { "4.1",
    "Whether the container runs as a user other than root.",
    "A process running as root inside the container needs only one escape bug to act as "
    "root on the host, and can change every file of the image.",
    "Root is only needed by entrypoints that fix ownership and then drop privileges, or that "
    "bind ports below 1024 with --network host (Docker 20.10 and later let a container's own "
    "network bind them as any user)." },
  { "5.4",
    "Whether the container runs with fewer capabilities than Docker's default set of 14, and "
    "none beyond it.",
    "Added capabilities (SYS_ADMIN, NET_ADMIN, SYS_PTRACE ...) are the usual ingredients of "
    "container escapes; even the defaults include NET_RAW and MKNOD.",
    "Keep only what the application uses; hardenbench trial reports the capability behind "
    "each EPERM." },
  { "5.5",
    "Whether the container runs with --privileged.",
    "A privileged container is root on the host in all but name: every capability, every "
    "device, no seccomp.",
    "Only host-management tools; everything else gets single capabilities." },
  { "5.6",
    "Whether host directories such as /, /boot, /dev, /etc, /lib, /proc, /sys or /usr are "
    "mounted into the container.",
    "Writable host system directories let the container change host configuration, binaries "
    "or kernel settings; read-only ones still leak secrets.",
    "Single read-only files (/etc/localtime) are common and reported as information." },
  { "5.7",
    "Whether the container starts an SSH daemon.",
    "sshd adds a network-facing login service, keys to manage and another process to patch.",
    "Never: docker exec gives a shell without it." },
  { "5.10",
    "Whether the container shares the host's network namespace.",
    "It can bind host ports, reach host-only services on 127.0.0.1 and see host traffic.",
    "Only network appliances and some monitoring agents." },
  { "5.11",
    "Whether the container has a memory limit.",
    "Without it, one container can exhaust host memory and trigger the OOM killer on others.",
    "Every container should have one." },
  { "5.13",
    "Whether the container's root filesystem is mounted read-only.",
    "A writable root lets an attacker change binaries, libraries and configuration of the "
    "running service.",
    "Every service, with tmpfs or volumes for the paths it writes." },
  { "5.16",
    "Whether the container shares the host's PID namespace.",
    "It sees every host process and, with capabilities, signals or traces them.",
    "Only host monitoring and debugging tools." },
  { "5.17",
    "Whether the container shares the host's IPC namespace.",
    "It can read and change host processes' shared memory.",
    "Only applications designed to share memory with host processes." },
  { "5.21",
    "Whether the container shares the host's UTS namespace.",
    "With CAP_SYS_ADMIN it can change the host's hostname.",
    "Almost never." },
  { "5.22",
    "Whether a seccomp profile filters the container's syscalls (not unconfined, not "
    "privileged).",
    "Unfiltered, every kernel syscall is reachable, including those behind known exploits.",
    "Every container; relax single syscalls with --allow rather than disabling seccomp." },
  { "5.26",
    "Whether no-new-privileges is set.",
    "Without it, setuid programs in the image can turn an unprivileged process back into root.",
    "Every container that does not depend on setuid helpers." },
  { "5.29",
    "Whether the container has a pids limit.",
    "Without it, a fork bomb exhausts the host's process table.",
    "Every container should have one." },
  { "5.30",
    "Whether the container uses Docker's default bridge docker0 (reported as information: "
    "networks are not part of a hardenbench policy).",
    "All containers on docker0 share one unfiltered layer-2 segment, open to ARP spoofing and "
    "MAC flooding between them.",
    "Use user-defined networks that group only the containers that talk to each other." },
  { "5.31",
    "Whether the container opts out of user namespace remapping with --userns host.",
    "Root in the container is then root on the host.",
    "Only containers that must share file ownership with host users." },
  { "5.32",
    "Whether the Docker socket (or a directory holding it) is mounted into the container.",
    "Whoever can talk to the Docker daemon can start a privileged container: full host "
    "control.",
    "CI runners and management UIs, which should use a restricted socket proxy instead." },
};

const size_t hb_check_n_texts = sizeof hb_check_texts / sizeof hb_check_texts[0];

const hb_undecided_check hb_undecided_checks[] = {
  { "5.1", "Ensure swarm mode is not enabled, if not needed",
    "Swarm mode is a setting of the engine, not of a container.",
    "A swarm manager listens for cluster traffic and holds the cluster's secrets.",
    "docker info shows Swarm: inactive; docker swarm leave --force on hosts that need none." },
  { "5.2", "Ensure that, if applicable, an AppArmor Profile is enabled",
    "The AppArmor profile is an engine and host matter (--security-opt apparmor=...), which a "
    "hardenbench policy does not carry.",
    "Without a profile the container loses AppArmor's denials (explain apparmor).",
    "docker inspect --format '{{.AppArmorProfile}}' shows docker-default or a custom profile." },
  { "5.3", "Ensure that, if applicable, SELinux security options are set",
    "SELinux labels (--security-opt label=...) are not part of a hardenbench policy.",
    "Without labels, containers on an SELinux host are not separated from each other by it "
    "(explain selinux).",
    "dockerd --selinux-enabled; docker inspect --format '{{.HostConfig.SecurityOpt}}'." },
  { "5.8", "Ensure that privileged ports are not mapped within containers",
    "Published host ports belong to the deployment, not to a policy.",
    "A host port below 1024 is one the host's services expect only root to bind.",
    "docker port CONTAINER lists them; publish on ports from 1024 up." },
  { "5.9", "Ensure that only needed ports are open on the container",
    "Which ports are needed is the application's; a policy does not publish ports.",
    "Every published port is reachable from wherever the host is.",
    "docker port CONTAINER; publish only what clients use." },
  { "5.12", "Ensure that CPU priority is set appropriately on containers",
    "CIS audits CPU shares (HostConfig.CpuShares, docker run --cpu-shares), a relative weight "
    "under contention.  A policy carries a CPU quota (--cpus, a hard bound), not shares.",
    "Without a weight or a bound, one container can take CPU time from the others.",
    "docker run --cpu-shares 512; --cpus N (policy key limits.cpus) bounds CPU use." },
  { "5.14", "Ensure that incoming container traffic is bound to a specific host interface",
    "Published ports and their host addresses are the deployment's, not a policy's.",
    "A port published on 0.0.0.0 is reachable on every interface of the host.",
    "docker run --publish 10.2.3.4:8080:80 binds one address." },
  { "5.15", "Ensure that the 'on-failure' container restart policy is set to '5'",
    "Restart policies are the deployment's (docker run --restart), not a policy's.",
    "An endlessly restarting container can keep the host busy and hide a crash loop.",
    "docker run --restart on-failure:5." },
  { "5.18", "Ensure that host devices are not directly exposed to containers",
    "Devices (--device) are not part of a hardenbench policy.",
    "A host device in the container is raw access to it (explain devices).",
    "docker inspect --format '{{.HostConfig.Devices}}' should be empty." },
  { "5.19", "Ensure that the default ulimit is overwritten at runtime if needed",
    "Ulimits (--ulimit) are not part of a hardenbench policy.",
    "The engine's defaults may be too high or too low for the application (explain "
    "ulimit).",
    "docker inspect --format '{{.HostConfig.Ulimits}}'; docker run --ulimit where needed." },
  { "5.20", "Ensure mount propagation mode is not set to shared",
    "A policy's volumes carry no propagation mode.",
    "Shared propagation lets mounts cross between the container and the host (explain "
    "propagation).",
    "docker inspect --format '{{range .Mounts}}{{.Propagation}} {{end}}' shows no shared or "
    "rshared." },
  { "5.23", "Ensure that docker exec commands are not used with the privileged option",
    "docker exec is an action on a running container, not a setting of it.",
    "docker exec --privileged gives the new process every capability and no seccomp.",
    "Review the engine's audit log for exec with Privileged set." },
  { "5.24", "Ensure that docker exec commands are not used with the user=root option",
    "docker exec is an action on a running container, not a setting of it.",
    "An exec as root bypasses the container's --user.",
    "Review the engine's audit log for exec with User root." },
  { "5.25", "Ensure that cgroup usage is confirmed",
    "The parent cgroup (--cgroup-parent) is the engine's and the deployment's, not a policy's.",
    "A container in an unexpected cgroup escapes the limits meant for it.",
    "docker inspect --format '{{.HostConfig.CgroupParent}}' is empty or the intended one." },
  { "5.27", "Ensure that container health is checked at runtime",
    "Health checks are the image's or the deployment's (HEALTHCHECK, --health-cmd).",
    "An unhealthy container keeps serving errors unnoticed.",
    "docker inspect --format '{{.State.Health.Status}}'." },
  { "5.28", "Ensure that Docker commands always make use of the latest version of their image",
    "Which image version runs is the deployment's, not a policy's.",
    "An old image keeps known vulnerabilities.",
    "Pull and redeploy pinned, updated image digests." },
};

const size_t hb_undecided_n_checks = sizeof hb_undecided_checks / sizeof hb_undecided_checks[0];
