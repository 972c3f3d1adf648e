/* explain_text.c - what namespaces, seccomp actions, syscalls, mount
 * options, settings and audit checks are, what they give an attacker, when
 * an application needs them and what controls them.  Short on purpose: the
 * TUI shows one entry in a side pane. */
#include "config.h"

#include "audit/explain_text.h"

#define NS "namespace"
#define ACT "seccomp action"
#define SYS "syscall"
#define OPT "mount option"
#define SET "setting"

const hb_explain_text hb_explain_texts[] = {
  /* --- namespaces ------------------------------------------------------- */
  { "mnt", "mount-namespace mountns", NS,
    "The mount namespace gives the container its own mount table: its root filesystem, "
    "volumes and tmpfs mounts are invisible to the host and to other containers.",
    "Sharing it (or gaining CAP_SYS_ADMIN inside it) lets a process remount paths, hide "
    "files under new mounts or reach host filesystems that were mounted in.",
    "Every container has its own; nothing needs the host's mount namespace.",
    "Always private in Docker; what is mounted into it is set by --read-only, --tmpfs, --volume." },
  { "pid", "pid-namespace pidns", NS,
    "The PID namespace numbers the container's processes from 1 and hides every process "
    "outside it.",
    "With the host's PID namespace (--pid host) a process sees every host process, their "
    "command lines and environments, and can signal or ptrace them given the capabilities.",
    "Only host monitoring and debugging tools need to see host processes.",
    "Docker --pid (default private; \"host\" shares it); audit check 5.16." },
  { "net", "network network-namespace netns", NS,
    "The network namespace gives the container its own interfaces, routes, firewall rules "
    "and port space.",
    "With the host's network (--network host) the container can bind any host port, reach "
    "services listening on the host's loopback and sniff host traffic with CAP_NET_RAW.",
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
    "Docker --uts (default private; \"host\" shares it); audit check 5.21." },
  { "user", "user-namespace userns", NS,
    "The user namespace maps user and group ids: root inside can be an unprivileged id "
    "outside, and capabilities then only count inside the namespace.",
    "Without remapping, uid 0 in the container is uid 0 on the host: a kernel or runtime "
    "escape lands as host root.  Creating new user namespaces also exposes kernel code "
    "otherwise reserved to root.",
    "Remapping suits almost every service; a few need --userns host to share files with "
    "host ids (volumes written by host users).",
    "dockerd --userns-remap; per container --userns host disables it (audit check 5.31); the "
    "default seccomp profile blocks unshare(CLONE_NEWUSER) without CAP_SYS_ADMIN." },
  { "cgroup", "cgroup-namespace cgroupns", NS,
    "The cgroup namespace makes the container's cgroup look like the root of the hierarchy "
    "in /proc/self/cgroup and in a mounted cgroupfs.",
    "With the host's cgroup namespace a process learns the host's cgroup layout, and with a "
    "writable cgroupfs could change other groups' limits.",
    "Only tools that manage host cgroups.",
    "Docker --cgroupns (private by default on cgroup v2, host on v1)." },
  { "time", "time-namespace timens", NS,
    "The time namespace gives the container its own offsets for the monotonic and boot-time "
    "clocks (Linux 5.6 and later); the wall clock is never namespaced.",
    "It does not protect the wall clock: with CAP_SYS_TIME a container still sets the host's "
    "time for everyone.",
    "Checkpoint/restore and tests that need a shifted boot time.",
    "Not set by Docker; created with unshare(CLONE_NEWTIME), which the default seccomp profile "
    "reserves to CAP_SYS_ADMIN." },

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

  /* --- syscalls ------------------------------------------------------------ */
  { "mount", "fsopen fsconfig fsmount fspick move_mount open_tree mount_setattr", SYS,
    "Attaches a filesystem or a bind of a directory to the mount tree (the fs* calls are the "
    "new mount API).",
    "Remounting read-only paths writable, mounting host devices, or covering files with "
    "attacker content; the classic first step of many escapes.",
    "Only system containers and tools that build filesystems; not web services.",
    "Blocked by the default seccomp profile unless CAP_SYS_ADMIN is granted: keep SYS_ADMIN "
    "dropped; --deny mount." },
  { "umount2", "umount", SYS,
    "Detaches a mount.",
    "Unmounting a mount placed over sensitive paths (masked /proc entries) reveals what it "
    "hid.",
    "Only system containers.",
    "Requires CAP_SYS_ADMIN, which the default profile and capability set withhold." },
  { "ptrace", "process_vm_readv process_vm_writev", SYS,
    "Lets one process inspect and change another's memory and registers (debuggers, strace); "
    "process_vm_readv/writev copy memory between processes.",
    "Reading secrets from other processes and injecting code into them; on old kernels, "
    "bypassing seccomp.",
    "Debuggers and profilers inside the container.",
    "Allowed by Docker's default profile on Linux 4.8+, yet another process needs "
    "CAP_SYS_PTRACE unless it is a descendant: --deny ptrace to remove it." },
  { "unshare", NULL, SYS,
    "Moves the caller into new namespaces (mount, user, pid, net, ...).",
    "New user namespaces hand a process full capabilities over its own namespace, exposing "
    "kernel code (netfilter, filesystems) that has produced many privilege escalations.",
    "Container runtimes and sandboxing browsers running inside the container.",
    "The default profile allows it only with CAP_SYS_ADMIN; --deny unshare." },
  { "clone", "clone3 fork vfork", SYS,
    "Creates a process or thread; with CLONE_NEW* flags it also creates namespaces.",
    "The namespace flags carry unshare's risks; plain clone is harmless but a fork bomb "
    "can exhaust the host without a pids limit.",
    "Every multi-process or multi-threaded program.",
    "The default profile filters the CLONE_NEW* flags without CAP_SYS_ADMIN; --pids-limit "
    "bounds the number of processes." },
  { "setns", NULL, SYS,
    "Joins an existing namespace through a file descriptor of /proc/PID/ns/*.",
    "Entering the host's namespaces from a leaked descriptor is a direct escape.",
    "Only tools like nsenter and runtimes.",
    "The default profile allows it only with CAP_SYS_ADMIN; --deny setns." },
  { "bpf", NULL, SYS,
    "Loads eBPF programs and manipulates eBPF maps.",
    "The eBPF verifier and JIT have had many privilege-escalation bugs, and tracing programs "
    "can read kernel memory.",
    "Observability and networking agents (Cilium, Falco), which run privileged anyway.",
    "The default profile allows it only with CAP_SYS_ADMIN or CAP_BPF; --deny bpf." },
  { "keyctl", "add_key request_key", SYS,
    "Manages the kernel keyring (keys for filesystems, Kerberos, dm-crypt).",
    "Keyrings are not namespaced: a container can read or exhaust keys belonging to the "
    "host or other containers.",
    "Rare in containers; some Kerberos and CIFS clients.",
    "Blocked by the default seccomp profile." },
  { "kexec_load", "kexec_file_load kexec", SYS,
    "Loads a new kernel to boot into.",
    "Replacing the running kernel: complete control of the host.",
    "Never inside a container.",
    "Blocked by the default profile; also needs CAP_SYS_BOOT." },
  { "init_module", "finit_module delete_module module", SYS,
    "Loads or unloads a kernel module.",
    "Running arbitrary code in the kernel: complete control of the host.",
    "Never inside a container; load modules on the host.",
    "Blocked by the default profile; also needs CAP_SYS_MODULE." },
  { "clock_settime", "settimeofday adjtimex clock_adjtime stime clock", SYS,
    "Sets or slews the system clock.",
    "The clock is shared with the host: changing it breaks TLS validity, logs and "
    "time-based tokens everywhere.",
    "Only NTP daemons, which belong on the host.",
    "Setting the clock needs CAP_SYS_TIME, which Docker drops and the default profile also "
    "requires; keep it dropped." },
  { "swapon", "swapoff swap", SYS,
    "Starts or stops swapping to a file or device.",
    "Disrupting host memory management and reading swapped pages.",
    "Never inside a container.",
    "The default profile allows them only with CAP_SYS_ADMIN." },
  { "reboot", NULL, SYS,
    "Reboots or halts the system, or enables Ctrl-Alt-Del.",
    "In the host's PID namespace it reboots the host; in a container it ends the container.",
    "Init systems running as PID 1 of a system container.",
    "The default profile allows it only with CAP_SYS_BOOT." },
  { "personality", NULL, SYS,
    "Sets the execution domain, such as 32-bit address limits or disabling address space "
    "randomisation (ADDR_NO_RANDOMIZE).",
    "Turning off ASLR makes memory-corruption exploits reliable.",
    "Emulators and setarch; the default profile allows only the harmless values.",
    "The default profile allows a few argument values only; --deny personality." },
  { "userfaultfd", NULL, SYS,
    "Lets a process handle page faults of its own memory in user space.",
    "Stalling the kernel at a chosen page fault widens race windows, a standard aid for "
    "exploiting kernel bugs.",
    "Live migration (CRIU, QEMU) and some garbage collectors.",
    "The default profile allows it only with CAP_SYS_PTRACE; --deny userfaultfd." },
  { "perf_event_open", NULL, SYS,
    "Opens performance counters and tracepoints.",
    "Kernel profiling data leaks addresses and side channels, and the subsystem has had "
    "privilege-escalation bugs.",
    "Profilers (perf) run for performance work.",
    "The default profile allows it only with CAP_SYS_ADMIN or CAP_PERFMON." },
  { "open_by_handle_at", "name_to_handle_at", SYS,
    "Opens a file from an opaque handle instead of a path.",
    "Handles are not confined to the container's root: the 2014 \"shocker\" exploit read "
    "host files with it.",
    "NFS servers and backup tools running on the host.",
    "Needs CAP_DAC_READ_SEARCH, which Docker drops; the default profile blocks it too." },
  { "pivot_root", NULL, SYS,
    "Swaps the root mount of the caller's mount namespace.",
    "Changing the root can expose filesystems the container was meant not to see.",
    "Container runtimes only.",
    "Blocked by the default profile; needs CAP_SYS_ADMIN." },
  { "chroot", NULL, SYS,
    "Changes the root directory for path lookups.",
    "Used with an open directory outside the new root it is a known way out of a chroot; "
    "within a container it mainly enables tricks with setuid programs.",
    "Some daemons (sshd, bind, postfix) chroot their workers after start.",
    "Needs CAP_SYS_CHROOT (a Docker default): --cap-drop SYS_CHROOT." },
  { "open", "openat openat2 creat", SYS,
    "Opens a file; with O_WRONLY, O_RDWR, O_CREAT, O_TRUNC or O_APPEND it writes.",
    "Writing to the root filesystem lets an attacker plant binaries, change configuration "
    "and persist across restarts of the process.",
    "Every program reads files; writes belong in the few paths the application owns.",
    "--read-only makes writes fail with EROFS; --tmpfs PATH and --volume PATH open the "
    "writable paths; hardenbench trial shows each denied write." },
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
    "Making files world-writable, or executable; setting the setuid bit on a copied shell "
    "for a later privilege escalation.",
    "Installers and programs that create private files (0600 keys, sockets).",
    "--read-only stops it on the root filesystem; the default-no-chmod seccomp profile "
    "returns EPERM; nosuid on writable mounts neutralises setuid bits." },
  { "chown", "fchown lchown fchownat", SYS,
    "Changes a file's owner or group.",
    "Taking ownership of files to bypass permission checks; giving a setuid file to root.",
    "Entrypoints that fix volume ownership before dropping root (postgres, redis).",
    "Needs CAP_CHOWN (a Docker default): --cap-drop CHOWN; --read-only." },
  { "link", "linkat symlink symlinkat", SYS,
    "Creates hard or symbolic links.",
    "Links redirect a privileged process's writes to files it did not mean to touch "
    "(symlink races in shared directories such as /tmp).",
    "Package managers, build tools, some caches.",
    "--read-only; the kernel's protected_symlinks/protected_hardlinks sysctls." },
  { "truncate", "ftruncate", SYS,
    "Shortens or extends a file.",
    "Destroying data or logs in place.",
    "Databases and log rotation.",
    "--read-only; writable paths via --tmpfs / --volume." },
  { "mknod", "mknodat", SYS,
    "Creates device nodes, FIFOs and sockets.",
    "A device node for a host disk gives raw access to it, if the device cgroup allows it.",
    "FIFOs are common; device nodes only in system containers.",
    "Device nodes need CAP_MKNOD (a Docker default): --cap-drop MKNOD; nodev on mounts." },
  { "setxattr", "lsetxattr fsetxattr removexattr lremovexattr fremovexattr", SYS,
    "Sets or removes extended attributes, including security labels and file capabilities.",
    "Writing security.capability grants file capabilities to a binary; security.* labels "
    "change how LSMs treat a file.",
    "Backup/restore and package managers.",
    "security.* attributes need CAP_SETFCAP or CAP_SYS_ADMIN; --read-only." },
  { "utimensat", "utime utimes futimesat", SYS,
    "Sets a file's access and modification times.",
    "Backdating planted files to hide them from forensics.",
    "Archive extractors and build tools.",
    "--read-only; writable paths via --tmpfs / --volume." },
  { "syslog", "klogctl", SYS,
    "Reads or clears the kernel log ring buffer.",
    "Kernel messages leak addresses that defeat KASLR and reveal host activity.",
    "Only host logging daemons.",
    "Needs CAP_SYSLOG, which Docker drops; the default profile also withholds it." },

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
    "Files on the mount cannot be executed (execve fails with EACCES).",
    "Without it, a downloaded payload in /tmp can be run directly.",
    "Drop noexec only where the application runs code it wrote: JIT caches, compiled "
    "templates, or installers unpacking binaries.",
    "--tmpfs PATH:rw,noexec,..." },
  { "nosuid", NULL, OPT,
    "setuid and setgid bits and file capabilities on the mount are ignored.",
    "A setuid-root binary planted on a writable mount is an easy way back to root.",
    "Almost never needed on writable mounts.",
    "--tmpfs PATH:rw,nosuid,...; --no-new-privileges has the same effect on every mount." },
  { "nodev", NULL, OPT,
    "Device nodes on the mount cannot be opened.",
    "A device node for a host disk or for memory would give raw access to it.",
    "Only a /dev mount needs devices; writable data paths never do.",
    "--tmpfs PATH:rw,nodev,..." },
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
    "Anything kept there disappears on restart, so an attacker cannot persist, but can still "
    "run code from it unless it is noexec.",
    "Temporary files, caches, pid files and sockets.",
    "--tmpfs PATH[:OPTS]; policy key tmpfs [{path, options}]." },
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
    "Only entrypoints that must bind low ports without capabilities or fix ownership before "
    "dropping privileges start as root.",
    "--user USER[:GROUP]; policy key user; audit check 4.1." },
  { "capabilities", "cap-drop cap-add --cap-drop --cap-add", SET,
    "Linux splits root's power into about 40 capabilities; Docker grants 14 by default.",
    "Each capability kept is a privilege a compromised process can use (see explain CAP_NAME).",
    "Most services need none or a few: NET_BIND_SERVICE for ports below 1024, SETUID/SETGID "
    "to drop root, CHOWN to fix ownership.",
    "--cap-drop ALL --cap-add NAME; policy key capabilities {drop, add}; audit check 5.4." },
  { "seccomp", "seccomp-profile", SET,
    "A filter in the kernel that decides, for each syscall, to allow it, fail it with an "
    "errno, kill the process or ask a supervisor.",
    "Without it (unconfined) every syscall is reachable, including the ones behind most "
    "kernel exploits.",
    "Every container; custom profiles for applications that need a blocked call or want a "
    "tighter allowlist.",
    "--seccomp default|unconfined|FILE, --deny, --allow; policy key seccomp; audit check 5.22." },
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
    "--cpus N; policy key limits.cpus; audit check 5.12." },
  { "pids-limit", "pids --pids-limit limits.pids", SET,
    "The maximum number of processes and threads in the container's cgroup.",
    "Without it a fork bomb exhausts the host's process table.",
    "Every service: a few hundred suits most.",
    "--pids-limit N; policy key limits.pids; audit check 5.29." },
};

const size_t hb_explain_n_texts = sizeof hb_explain_texts / sizeof hb_explain_texts[0];

const hb_check_text hb_check_texts[] = {
  { "4.1",
    "Whether the container runs as a user other than root.",
    "A process running as root inside the container needs only one escape bug to act as "
    "root on the host, and can change every file of the image.",
    "Root is only needed by entrypoints that fix ownership or bind low ports and then drop "
    "privileges." },
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
  { "5.12",
    "Whether the container's CPU use is bounded (hardenbench checks --cpus).",
    "Without it, one container can starve the host's other services of CPU.",
    "Every container should have one." },
  { "5.13",
    "Whether the container's root filesystem is mounted read-only.",
    "A writable root lets an attacker change binaries, libraries and configuration of the "
    "running service.",
    "Every service, with tmpfs or volumes for the paths it writes." },
  { "5.16",
    "Whether the container shares the host's PID namespace.",
    "It sees and, with capabilities, signals or traces every host process.",
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
