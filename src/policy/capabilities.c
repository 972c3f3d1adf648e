/* capabilities.c - the table of the 41 Linux capabilities (capabilities(7)),
 * Docker's default set, name lookup and Docker's --cap-drop/--cap-add rules.
 *
 * The texts are shown by `hardenbench explain` and the TUI: each says what
 * the capability allows, what an attacker inside the container gains with
 * it, and when a real application needs it. */
#include "config.h"

#include "policy/capabilities.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const hb_capability cap_table[HB_CAP_COUNT] = {
  { "CHOWN", 0, true,
    "Change the owner and group of any file, whatever its current owner.",
    "Can give itself ownership of files it could not otherwise touch, such as another "
    "user's data or, with a writable host mount, host files.",
    "Package installers and entrypoints that chown their data directories at start-up." },
  { "DAC_OVERRIDE", 1, true,
    "Bypass file read, write and execute permission checks.",
    "Root in the container reads and writes every file regardless of its mode bits, "
    "including files on mounted volumes owned by other users.",
    "Processes running as root that must write files owned by another user; most "
    "well-built images do not need it." },
  { "DAC_READ_SEARCH", 2, false,
    "Bypass read permission checks on files and search checks on directories, and "
    "open files by handle (open_by_handle_at).",
    "With open_by_handle_at a process reaches host files outside its mount namespace "
    "by guessing file handles (the 2014 'shocker' container escape): granting it reopens "
    "that escape wherever the seccomp profile allows open_by_handle_at with it.",
    "Backup tools that must read every file; almost never an application container." },
  { "FOWNER", 3, true,
    "Bypass checks that require the caller to own the file: chmod, utimes, setting "
    "ACLs and extended attributes on files of other users.",
    "Can change the mode of any file: make another user's files writable, or set the "
    "setuid bit on a binary it does not own (setting setgid when not in the file's group "
    "also needs FSETID, chmod(2)).",
    "Tools that fix permissions or timestamps of files they do not own, such as "
    "archive extractors run as root." },
  { "FSETID", 4, true,
    "Keep the setuid and setgid bits when a file is modified, and set the setgid bit "
    "on files whose group the caller is not in.",
    "Helps create or preserve setuid/setgid programs, a route to privilege escalation "
    "inside the container or on a shared volume.",
    "Package managers installing setuid programs; rarely needed at run time." },
  { "KILL", 5, true,
    "Send signals to processes of any user.",
    "Can kill or stop any process in the container's PID namespace (all host processes "
    "if it shares the host's).",
    "Supervisors and init processes that manage children running under other users." },
  { "SETGID", 6, true,
    "Change group IDs and the supplementary group list freely, and forge group IDs in "
    "credentials passed over UNIX sockets.",
    "Can join any group, gaining access to group-owned files and devices such as "
    "docker.sock or disk devices if they are mounted in.",
    "Servers that start as root and switch to an unprivileged group (nginx, postgres "
    "entrypoints using gosu or su-exec)." },
  { "SETUID", 7, true,
    "Change user IDs freely, and forge user IDs in credentials passed over UNIX "
    "sockets.",
    "Can become any user, and back to root while it keeps the capability; a program "
    "that set all its uids to non-zero has lost it (capabilities(7)) unless it asked to "
    "keep it (PR_SET_KEEPCAPS).",
    "Servers that start as root and switch to an unprivileged user (su, gosu, "
    "su-exec, sshd)." },
  { "SETPCAP", 8, true,
    "Add capabilities from the bounding set to the inheritable set, drop "
    "capabilities from the bounding set, and change securebits.",
    "Can make capabilities inheritable across execve, keeping privileges in programs "
    "that were meant to start without them.",
    "Programs that drop their own capabilities cleanly (capsh, some init systems)." },
  { "LINUX_IMMUTABLE", 9, false,
    "Set and clear the immutable and append-only file attributes (chattr +i, +a).",
    "Can make files impossible to delete or change, hiding persistence and defeating "
    "cleanup, or remove append-only protection from logs.",
    "Almost never in a container; hardening tools that lock log files." },
  { "NET_BIND_SERVICE", 10, true,
    "Bind sockets to ports below net.ipv4.ip_unprivileged_port_start (1024 unless "
    "changed).",
    "Can impersonate a well-known service on a port of the container's network, "
    "little more.",
    "Non-root servers on ports below 1024 (80, 443) where the sysctl is 1024: with "
    "--network host, or on runtimes that keep it.  Docker 20.10 and later set it to 0 in "
    "a container's own network namespace, where any user binds any port." },
  { "NET_BROADCAST", 11, false,
    "Make socket broadcasts and listen to multicasts (unused by current kernels).",
    "Nothing measurable today: the kernel does not check it.",
    "No application needs it; listed for completeness." },
  { "NET_ADMIN", 12, false,
    "Administer networking: interfaces, addresses, routing, firewall rules, "
    "promiscuous mode, traffic control.",
    "Can reroute, sniff or block the container's traffic and, with the host's network "
    "namespace, the whole host's network.",
    "VPN clients, routers, firewalls and network debugging tools." },
  { "NET_RAW", 13, true,
    "Use raw and packet sockets, and bind to any address for transparent proxying.",
    "Can forge packets and spoof addresses on the container network, for example ARP "
    "or DNS spoofing of neighbouring containers.",
    "The ping and traceroute tools (though unprivileged ICMP sockets often suffice) "
    "and packet capture tools." },
  { "IPC_LOCK", 14, false,
    "Lock memory into RAM (mlock, mlockall, SHM_LOCK) beyond RLIMIT_MEMLOCK.",
    "Can pin large amounts of memory that cannot be swapped, starving the host.",
    "Databases and secret stores that keep keys out of swap (Vault, Elasticsearch "
    "with bootstrap.memory_lock)." },
  { "IPC_OWNER", 15, false,
    "Bypass permission checks on System V IPC objects (shared memory, semaphores, "
    "message queues).",
    "Can read and modify the shared memory and queues of other users in the same IPC "
    "namespace.",
    "Rarely; legacy software sharing IPC objects between users." },
  { "SYS_MODULE", 16, false,
    "Load and unload kernel modules.",
    "Full host compromise: a loaded module runs arbitrary code in the host kernel.",
    "Only host-level tools that install drivers; never an application container." },
  { "SYS_RAWIO", 17, false,
    "Perform raw I/O: iopl, ioperm, /dev/mem, /dev/kmem, raw SCSI commands, FIBMAP.",
    "Direct access to hardware and physical memory, which can compromise the host.",
    "Hardware management and firmware tools run with device access." },
  { "SYS_CHROOT", 18, true,
    "Use chroot and change mount namespaces with setns.",
    "Can build a chroot with its own libraries to trick setuid programs, a classic "
    "step in escalating privileges.",
    "Build tools and package managers that chroot into a target tree." },
  { "SYS_PTRACE", 19, false,
    "Trace and inspect any process with ptrace, and read or write its memory "
    "(process_vm_readv/writev).",
    "Can read secrets from and inject code into every process it can see, including "
    "host processes when sharing the host PID namespace.",
    "Debuggers (gdb, strace) and profilers run inside the container." },
  { "SYS_PACCT", 20, false,
    "Switch process accounting on or off (acct).",
    "Can disable host-wide process accounting or fill a file with accounting records.",
    "Only host accounting daemons." },
  { "SYS_ADMIN", 21, false,
    "A catch-all for administration: mount, namespaces, swap, quotas, sethostname, "
    "keyctl, bpf and perf on older kernels, and many device ioctls.",
    "Nearly equivalent to root on the host: mounting filesystems, cgroup release "
    "agents and similar tricks give well-known container escapes.",
    "Nested container runtimes, FUSE filesystems and tools that mount; avoid it "
    "wherever possible." },
  { "SYS_BOOT", 22, false,
    "Reboot the system and load a new kernel (reboot, kexec_load).",
    "Can reboot or replace the running kernel where the reboot is not confined to the "
    "PID namespace.",
    "Never an application container." },
  { "SYS_NICE", 23, false,
    "Raise process priority, set real-time scheduling, set CPU affinity and memory "
    "policy for any process.",
    "Can starve the host with real-time processes or lower the priority of other "
    "users' processes.",
    "Audio, media and low-latency trading software that needs real-time scheduling." },
  { "SYS_RESOURCE", 24, false,
    "Override resource limits and quotas: raise hard rlimits, use reserved disk "
    "space, exceed message queue and pipe size limits.",
    "Can escape the limits meant to contain a runaway or malicious process.",
    "Servers that raise their own file descriptor or memory lock limits beyond the "
    "hard limit they were given." },
  { "SYS_TIME", 25, false,
    "Set the system clock and the real-time hardware clock.",
    "Changes the host's clock (time is not namespaced), breaking TLS validity checks, "
    "logs and time-based tokens.",
    "NTP daemons such as chronyd, when the container manages host time." },
  { "SYS_TTY_CONFIG", 26, false,
    "Configure terminals: vhangup and privileged ioctls on virtual terminals.",
    "Can hang up terminals and disturb consoles it has access to.",
    "Rarely; console and getty management." },
  { "MKNOD", 27, true,
    "Create device special files with mknod.",
    "Can create device nodes; the device cgroup normally blocks using them, but a "
    "weakened device policy would expose host disks.",
    "Images that create device nodes at start-up; rarely needed at run time." },
  { "LEASE", 28, false,
    "Take file leases on files the caller does not own (fcntl F_SETLEASE).",
    "Can delay other processes' opens of a file, a small denial of service.",
    "File servers such as Samba that use leases for caching." },
  { "AUDIT_WRITE", 29, true,
    "Write records to the kernel audit log.",
    "Can flood or forge entries in the host's audit log.",
    "Login programs (sshd, login, su) that record sessions in the audit log." },
  { "AUDIT_CONTROL", 30, false,
    "Enable or disable kernel auditing, and change audit rules and filters.",
    "Can switch off host auditing and hide its tracks.",
    "Only audit daemons (auditd)." },
  { "SETFCAP", 31, true,
    "Set file capabilities (the security.capability extended attribute) on files.",
    "Can give a program file capabilities that it gains on execve, a way to keep or "
    "regain privileges.",
    "Package managers installing programs with file capabilities, such as ping." },
  { "MAC_OVERRIDE", 32, false,
    "Override mandatory access control checks (implemented by the Smack LSM).",
    "Can bypass the MAC policy that confines the container.",
    "Never an application container." },
  { "MAC_ADMIN", 33, false,
    "Change the mandatory access control configuration (Smack, AppArmor policy "
    "loading).",
    "Can load or weaken the MAC profiles that confine this and other containers.",
    "Only tools that manage host security policy." },
  { "SYSLOG", 34, false,
    "Perform privileged syslog operations: read and clear the kernel log, see kernel "
    "addresses in /proc when kptr_restrict is 1.",
    "Reads kernel addresses and messages that help kernel exploits, or clears the "
    "log.",
    "Log collectors that read the kernel ring buffer." },
  { "WAKE_ALARM", 35, false,
    "Set timers that wake the system from suspend (CLOCK_REALTIME_ALARM, "
    "CLOCK_BOOTTIME_ALARM).",
    "Can keep waking a suspended machine and drain its battery.",
    "Almost never in a container; scheduling on devices that suspend." },
  { "BLOCK_SUSPEND", 36, false,
    "Prevent the system from suspending (EPOLLWAKEUP, /proc/sys/wake_lock).",
    "Can keep a machine from suspending, a denial of service on laptops and phones.",
    "Almost never in a container." },
  { "AUDIT_READ", 37, false,
    "Read the audit log through a multicast netlink socket.",
    "With --network host, can read the host's audit records, which reveal activity of "
    "other users and containers (the audit multicast reaches the initial network "
    "namespace only).",
    "Audit log collectors and security monitoring agents." },
  { "PERFMON", 38, false,
    "Use performance monitoring: perf_event_open and related BPF features (Linux 5.8+).",
    "Can observe other processes and the kernel through performance counters, a side "
    "channel and a large kernel attack surface.",
    "Profilers and observability agents." },
  { "BPF", 39, false,
    "Use privileged BPF operations: load programs and create maps (Linux 5.8+).",
    "Loads code into the kernel's BPF machinery, a frequent source of kernel "
    "exploits; with PERFMON or NET_ADMIN it can trace or alter the host.",
    "Observability and networking agents (Cilium, bpftrace)." },
  { "CHECKPOINT_RESTORE", 40, false,
    "Checkpoint and restore processes: choose the PID of the next process "
    "(ns_last_pid, clone3 set_tid) and read other processes' /proc/PID/map_files.",
    "Can choose process IDs, which helps race-based attacks on other processes.",
    "Checkpoint/restore tools such as CRIU." },
};

/* Docker grants these 14 unless told otherwise (moby's default capability
 * list).  Kept as the docker_default flag of the table above. */

const hb_capability *
hb_cap_table (size_t *n)
{
  if (n)
    *n = HB_CAP_COUNT;
  return cap_table;
}

const hb_capability *
hb_cap_lookup (const char *name)
{
  if (name == NULL)
    return NULL;
  if (strncasecmp (name, "CAP_", 4) == 0)
    name += 4;
  for (size_t i = 0; i < HB_CAP_COUNT; i++)
    if (text_ieq (name, cap_table[i].name))
      return &cap_table[i];
  return NULL;
}

const hb_capability *
hb_cap_by_number (int number)
{
  if (number < 0 || number >= HB_CAP_COUNT)
    return NULL;
  /* The table is ordered by number. */
  return &cap_table[number];
}

char *
hb_cap_normalize (const char *name)
{
  if (name == NULL)
    return NULL;
  if (text_ieq (name, "ALL"))
    return xstrdup ("ALL");
  const hb_capability *c = hb_cap_lookup (name);
  return c ? xstrdup (c->name) : NULL;
}

static bool
list_has_all (const strv *list)
{
  for (size_t i = 0; list && i < list->n; i++)
    if (text_ieq (list->v[i], "ALL"))
      return true;
  return false;
}

static unsigned long long
list_mask (const strv *list)
{
  unsigned long long mask = 0;
  for (size_t i = 0; list && i < list->n; i++)
    {
      const hb_capability *c = hb_cap_lookup (list->v[i]);
      if (c)
        mask |= 1ULL << c->number;
    }
  return mask;
}

unsigned long long
hb_cap_effective_mask (const strv *drop, const strv *add)
{
  const unsigned long long all = (1ULL << HB_CAP_COUNT) - 1;
  unsigned long long set = 0;
  for (size_t i = 0; i < HB_CAP_COUNT; i++)
    if (cap_table[i].docker_default)
      set |= 1ULL << cap_table[i].number;

  /* Docker applies the drops first, then the adds: `--cap-drop ALL
   * --cap-add CHOWN` leaves exactly CHOWN. */
  if (list_has_all (drop))
    set = 0;
  else
    set &= ~list_mask (drop);

  if (list_has_all (add))
    set = all;
  else
    set |= list_mask (add);
  return set;
}

void
hb_cap_effective (const strv *drop, const strv *add, strv *out)
{
  unsigned long long mask = hb_cap_effective_mask (drop, add);
  for (int i = 0; i < HB_CAP_COUNT; i++)
    if (mask & (1ULL << i))
      strv_push (out, cap_table[i].name);
}
