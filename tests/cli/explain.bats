#!/usr/bin/env bats
# explain.bats - `hardenbench explain` for each kind of topic, ambiguous
# names, --list, and unknown topics (exit 5 with suggestions); the runtime
# facts the texts state, measured under docker.

load ../lib/common

entry_ok() {
  [ "$status" -eq 0 ]
  [[ "${lines[0]}" == "$1 ($2)" ]]
  for field in what risk needed control; do
    [[ "$output" =~ (^|$'\n')$field\ +[^\ ] ]] || { echo "no $field"; false; }
  done
}

@test "explain a capability, with or without CAP_, any case" {
  run "$HB" explain CAP_NET_BIND_SERVICE
  entry_ok CAP_NET_BIND_SERVICE capability
  [[ "$output" == *"--cap-drop NET_BIND_SERVICE"* ]]
  run "$HB" explain sys_admin
  entry_ok CAP_SYS_ADMIN capability
  [[ "$output" == *"--cap-add SYS_ADMIN"* ]]
}

@test "explain a namespace, a seccomp action, a syscall, a mount option, a setting, a check" {
  run "$HB" explain pid
  entry_ok pid namespace
  run "$HB" explain SCMP_ACT_NOTIFY
  entry_ok SCMP_ACT_NOTIFY "seccomp action"
  run "$HB" explain scmp_act_kill
  entry_ok SCMP_ACT_KILL_THREAD "seccomp action"
  run "$HB" explain unshare
  entry_ok unshare syscall
  run "$HB" explain finit_module
  entry_ok init_module syscall
  run "$HB" explain noexec
  entry_ok noexec "mount option"
  run "$HB" explain no-new-privileges
  entry_ok no-new-privileges setting
  run "$HB" explain 5.13
  entry_ok 5.13 check
  [[ "$(tr -s ' \n' '  ' <<<"$output")" == *"Ensure that the container's root filesystem is mounted as read only"* ]]
}

@test "explain a name with two meanings prints both" {
  run "$HB" explain chown
  [ "$status" -eq 0 ]
  [[ "$output" == *"chown (syscall)"* ]]
  [[ "$output" == *"CAP_CHOWN (capability)"* ]]
  run "$HB" explain -- --user
  entry_ok user setting
}

@test "explain an unknown topic: exit 5 and the nearest names" {
  run "$HB" explain CAP_NET_BIND_SERVIC
  [ "$status" -eq 5 ]
  [[ "$output" == *"did you mean: CAP_NET_BIND_SERVICE"* ]]
  run "$HB" explain unshar
  [ "$status" -eq 5 ]
  [[ "$output" == *"did you mean: unshare"* ]]
  run "$HB" explain zzzzzzzzzzzzzzzz
  [ "$status" -eq 5 ]
  [[ "$output" == *"explain --list"* ]]
}

@test "explain never echoes control characters from the topic" {
  run "$HB" explain $'\033[31mpid'
  [ "$status" -eq 5 ]
  [[ "$output" != *$'\033'* ]]
}

@test "explain --list groups every topic by kind" {
  run "$HB" explain --list
  [ "$status" -eq 0 ]
  for kind in capability namespace "seccomp action" syscall "mount option" setting \
      "security module" "Kubernetes control" check; do
    [[ "$output" == *$'\n'"$kind:"* || "${lines[0]}" == "$kind:" ]] || { echo "no $kind"; false; }
  done
  [[ "$output" == *CAP_CHECKPOINT_RESTORE* ]]
  [[ "$output" == *5.32* ]]
  [ "$(grep -c '^[A-Za-z ]*:$' <<<"$output")" -eq 9 ]
  # the topics issue 24 added
  for t in accept io_uring_setup clone3 memfd_create execve mbind kcmp sethostname acct iopl \
      vhangup address-families apparmor selinux landlock allowPrivilegeEscalation runAsNonRoot \
      seccompProfile securityContext.capabilities hostPath hostPort hostNetwork exec suid dev \
      propagation devices ulimit sysctls ip_unprivileged_port_start 5.1 5.12 5.20 5.28 \
      io_uring_enter io_uring_register execveat set_mempolicy get_mempolicy pidfd_getfd \
      process_madvise ioperm hostPID hostIPC; do
    grep -qE "(^| )$t( |$)" <<<"$output" || { echo "not listed: $t"; false; }
  done
  # every CIS section 5 id
  for i in $(seq 1 32); do
    grep -qE "(^| )5\.$i( |$)" <<<"$output" || { echo "not listed: 5.$i"; false; }
  done
  # every syscall of the shipped profiles is listed, as a topic or beside its entry
  for name in $(jq -r '.syscalls[].names[]' "$HB_SRCDIR"/profiles/seccomp/docker-*.json | sort -u); do
    grep -qE "(^| )$name( |$)" <<<"$output" || { echo "not listed: $name"; false; }
  done
}

@test "explain accept4, io_uring_enter, clone3: a topic, with what the default profile does" {
  run "$HB" explain accept4
  entry_ok accept syscall
  [[ "$(tr -s ' \n' '  ' <<<"$output")" == *"accept and accept4 are allowed"* ]]
  run "$HB" explain io_uring_enter
  entry_ok io_uring_setup syscall
  [[ "$output" == *"Docker 25.0"* ]]
  run "$HB" explain clone3
  entry_ok clone3 syscall
  [[ "$(tr -s ' \n' '  ' <<<"$output")" == *"fails with ENOSYS without CAP_SYS_ADMIN"* ]]
  run "$HB" explain userfaultfd
  entry_ok userfaultfd syscall
  [[ "$(tr -s ' \n' '  ' <<<"$output")" == *"userfaultfd is always denied (EPERM)"* ]]
  run "$HB" explain 5.12
  entry_ok 5.12 check
  [[ "$(tr -s ' \n' '  ' <<<"$output")" == *"Not decided by a policy"*"CpuShares"* ]]
}

# The runtime facts the texts state, measured under the engine (Docker 20.10
# and later): a container's own network starts with ip_unprivileged_port_start
# 0 and ping_group_range "0 2147483647", --network host keeps the host's;
# --tmpfs is rw,nosuid,nodev,noexec.
@test "explain: the low-port sysctl and tmpfs defaults as docker run has them" {
  hb_require_docker
  docker image inspect hb-test/busybox >/dev/null 2>&1 || skip "no hb-test/busybox image"
  [ "$(docker run --rm hb-test/busybox cat /proc/sys/net/ipv4/ip_unprivileged_port_start)" = 0 ]
  [ "$(docker run --rm hb-test/busybox cat /proc/sys/net/ipv4/ping_group_range)" = $'0\t2147483647' ]
  [ "$(docker run --rm --network host hb-test/busybox cat /proc/sys/net/ipv4/ip_unprivileged_port_start)" = \
    "$(cat /proc/sys/net/ipv4/ip_unprivileged_port_start)" ]
  # a non-root user without capabilities binds port 80 in the container's own
  # network (nc listens until timeout ends it), not on the host's
  run docker run --rm --user 1000:1000 --cap-drop ALL hb-test/busybox \
    sh -c 'timeout 1 nc -l -p 80; echo "rc=$?"'
  [[ "$output" == *"rc=143"* ]]
  run docker run --rm --network host --user 1000:1000 --cap-drop ALL hb-test/busybox \
    sh -c 'timeout 1 nc -l -p 80; echo "rc=$?"'
  [[ "$output" == *"Permission denied"* ]]
  run docker run --rm --tmpfs /x hb-test/busybox grep " /x " /proc/mounts
  [[ "$output" == *"rw,nosuid,nodev,noexec"* ]]
  # and the texts say so
  run "$HB" explain ip_unprivileged_port_start
  [[ "$(tr -s ' \n' '  ' <<<"$output")" == *"Docker 20.10 and later set it to 0"*"--network host the host's value"* ]]
  run "$HB" explain sysctls
  [[ "$(tr -s ' \n' '  ' <<<"$output")" == *"net.ipv4.ping_group_range=\"0 2147483647\""* ]]
  run "$HB" explain noexec
  [[ "$(tr -s ' \n' '  ' <<<"$output")" == *"Docker mounts --tmpfs rw,nosuid,nodev,noexec"* ]]
}

@test "explain: usage errors" {
  run "$HB" explain
  [ "$status" -eq 2 ]
  run "$HB" explain pid net
  [ "$status" -eq 2 ]
  run "$HB" explain --list pid
  [ "$status" -eq 2 ]
  run "$HB" explain --bogus
  [ "$status" -eq 2 ]
  run "$HB" explain --help
  [ "$status" -eq 0 ]
  [[ "$output" == *"--list"* ]]
}
