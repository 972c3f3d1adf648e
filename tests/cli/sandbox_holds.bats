#!/usr/bin/env bats
# The sandbox holds (issue 4, SECURITY.md "The sandbox holds"): each test
# probes from inside a trial and checks the outcome; each can fail.

bats_require_minimum_version 1.5.0
load ../lib/sandbox

setup_file () {
  export SANDBOX_ROOT="$BATS_FILE_TMPDIR/rootfs"
  if [ "$(id -u)" = 0 ] && [ -x "$HB_BUILDDIR/tests/probe/probe" ]; then
    sandbox_make_rootfs "$SANDBOX_ROOT"
  fi
}

setup () {
  sandbox_require_root
}

trial () {
  run --separate-stderr "$HB" trial "$SANDBOX_ROOT" "$@"
}

@test "1. a read-only root gives EROFS; tmpfs mounts carry their options" {
  trial --read-only --tmpfs /tmp:size=1m -- /bin/sh -c \
    'probe write /x; probe write /tmp/x; grep " /tmp " /proc/self/mountinfo'
  [ "$status" -eq 0 ]
  [[ "$output" == *"write: EROFS"* ]]
  [[ "$output" == *"write: ok"* ]]
  [[ "$output" == *" /tmp rw,nosuid,nodev,noexec"* ]]
  [[ "$output" == *"size=1024k"* ]]
}

@test "2. capability sets are Docker's defaults, inheritable and ambient empty" {
  trial -- /bin/grep ^Cap /proc/self/status
  [ "$status" -eq 0 ]
  [[ "$output" == *"CapInh:	0000000000000000"* ]]
  [[ "$output" == *"CapPrm:	00000000a80425fb"* ]]
  [[ "$output" == *"CapEff:	00000000a80425fb"* ]]
  [[ "$output" == *"CapBnd:	00000000a80425fb"* ]]
  [[ "$output" == *"CapAmb:	0000000000000000"* ]]
}

@test "2. --cap-drop ALL --cap-add NET_BIND_SERVICE leaves only that one" {
  trial --cap-drop ALL --cap-add NET_BIND_SERVICE -- /bin/grep ^Cap /proc/self/status
  [ "$status" -eq 0 ]
  [[ "$output" == *"CapPrm:	0000000000000400"* ]]
  [[ "$output" == *"CapEff:	0000000000000400"* ]]
  [[ "$output" == *"CapBnd:	0000000000000400"* ]]
}

@test "2. a non-root user has capabilities only in the bounding set" {
  trial --user 1000:1000 -- /bin/sh -c 'grep ^Cap /proc/self/status; id'
  [ "$status" -eq 0 ]
  [[ "$output" == *"CapEff:	0000000000000000"* ]]
  [[ "$output" == *"CapBnd:	00000000a80425fb"* ]]
  [[ "$output" == *"uid=1000"*"gid=1000"* ]]
}

@test "3. no-new-privileges: NoNewPrivs is 1 and a setuid-root binary gains nothing" {
  trial --user 65534:65534 --no-new-privileges -- /bin/sh -c 'grep ^NoNewPrivs /proc/self/status; probe-suid euid'
  [ "$status" -eq 0 ]
  [[ "$output" == *"NoNewPrivs:	1"* ]]
  [[ "$output" == *"euid: 65534"* ]]
  # and the check can fail: without the flag the setuid bit works
  trial --user 65534:65534 -- /bin/sh -c 'grep ^NoNewPrivs /proc/self/status; probe-suid euid'
  [[ "$output" == *"NoNewPrivs:	0"* ]]
  [[ "$output" == *"euid: 0"* ]]
}

@test "4. only the trial's processes are visible; host pids are unreachable" {
  trial -- /bin/sh -c "ps -o pid= | wc -l; probe kill $$; probe ptrace $$; probe kill 1"
  [ "$status" -eq 0 ]
  local lines
  lines=$(echo "$output" | head -1 | tr -d ' ')
  [ "$lines" -le 4 ]
  [[ "$output" == *"kill: ESRCH"* ]]
  [[ "$output" == *"ptrace_attach: ESRCH"* ]] || [[ "$output" == *"ptrace_attach: EPERM"* ]]
}

@test "5. /proc and /sys are masked and read-only as in runc" {
  trial -- /bin/sh -c 'cat /proc/keys | wc -c; cat /proc/timer_list | wc -c; ls /sys/firmware | wc -l;
    probe write /proc/sys/kernel/hostname; probe write /proc/sysrq-trigger; grep -E " /proc/(sys|keys|timer_list|acpi) | /sys/firmware " /proc/self/mountinfo | wc -l'
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = 0 ]
  [ "${lines[1]}" = 0 ]
  [ "${lines[2]}" = 0 ]
  [ "${lines[3]}" = "write: EROFS" ]
  [[ "${lines[4]}" == "write: EROFS" || "${lines[4]}" == "write: ENOENT" ]]
  [ "${lines[5]}" -ge 4 ]
}

@test "6. a fresh /proc from a nested user namespace cannot be mounted" {
  trial -- /bin/probe mountproc
  [ "$status" -eq 0 ]
  [[ "$output" != *"mount_proc: ok"* ]]
  [[ "$output" == *"unshare_userns: EPERM"* ]]
}

@test "6. no mount or unmount from inside, even as root with default caps" {
  trial -- /bin/sh -c 'mount -t tmpfs none /tmp; echo rc=$?'
  [[ "$output" == *"rc=1"* || "$output" == *"rc=255"* ]]
}

@test "7. the default profile denies the dangerous syscalls" {
  trial -- /bin/probe syscalls
  [ "$status" -eq 0 ]
  local s
  for s in mount umount2 pivot_root setns unshare unshare_user keyctl add_key bpf \
           perf_event_open open_by_handle_at kexec_load init_module; do
    [[ "$output" == *"$s: EPERM"* ]] || { echo "not denied: $s"; false; }
  done
  [[ "$output" == *"uname: EFAULT"* ]]
  # and the probe can tell: unconfined, mount gets to the kernel (EFAULT)
  trial --seccomp unconfined -- /bin/probe syscalls
  [[ "$output" == *"mount: EFAULT"* ]]
}

@test "8. a policy deny rule denies the syscall" {
  trial --deny uname -- /bin/probe syscalls
  [ "$status" -eq 0 ]
  [[ "$output" == *"uname: EPERM"* ]]
  [[ "$output" == *"chmod: EFAULT"* ]]
}

@test "9. the x32 and i386 entry points do not bypass the filter" {
  trial -- /bin/sh -c 'probe x32; probe int80; echo done'
  [[ "$output" == *"x32_mount: EPERM"* || "$output" == *"x32_mount: ENOSYS"* ]]
  [[ "$output" != *"x32_mount: EFAULT"* ]]
  [[ "$output" != *"int80_mount: EFAULT"* ]]
  [[ "$output" == *done* ]]
}

@test "10. TIOCSTI cannot reach the user's terminal (no tty inside)" {
  trial -- /bin/probe tiocsti
  [ "$status" -eq 0 ]
  [[ "$output" != *"tiocsti: ok"* ]]
}

@test "11. no host fd reaches the target, even one leaked on purpose" {
  exec 7</
  exec 8>"$BATS_TEST_TMPDIR/leak"
  trial -- /bin/probe fds
  exec 7<&- 8>&-
  [ "$status" -eq 0 ]
  [[ "$output" == *"fds: clean"* ]]
  [[ "$output" == *"cwd: /"* ]]
}

@test "11. /proc/1/root and /proc/self/fd lead nowhere outside the root" {
  local canary="$BATS_TEST_TMPDIR/host-canary"
  echo secret > "$canary"
  trial -- /bin/sh -c "probe open /proc/1/root$canary; ls /proc/self/fd | wc -l"
  [ "$status" -eq 0 ]
  [[ "$output" == *"open: ENOENT"* ]]
}

@test "12. /proc/PID/exe of nothing inside can be opened for writing; hardenbench is untouched" {
  local before after
  before=$(md5sum < "$HB")
  trial -- /bin/probe exe
  [ "$status" -eq 0 ]
  [[ "$output" == *"write_exe_1: ETXTBSY"* ]]
  [[ "$output" != *": ok"* ]]
  after=$(md5sum < "$HB")
  [ "$before" = "$after" ]
}

@test "13. hostile symlinks: provided files and tmpfs targets land inside the root" {
  local bad="$BATS_TEST_TMPDIR/hostile" host="$BATS_TEST_TMPDIR/hostside"
  sandbox_make_rootfs "$bad"
  mkdir -p "$host/tmpdir"
  echo canary > "$host/hosts"
  echo canary > "$host/hostname"
  ln -s "$host/hosts" "$bad/etc/hosts"
  ln -s "$host/hostname" "$bad/etc/hostname"
  ln -s ../../../../../../..$host/resolv "$bad/etc/resolv.conf"
  rm -rf "$bad/tmp"
  ln -s "$host/tmpdir" "$bad/tmp"
  local mounts_before
  mounts_before=$(grep -c "$host" /proc/self/mountinfo || true)
  run "$HB" trial "$bad" --tmpfs /tmp -- /bin/sh -c 'cat /etc/hosts | head -1; echo inside > /tmp/x; cat /etc/hostname'
  [ "$status" -eq 0 ]
  [[ "$output" == *"localhost"* ]]
  [ "$(cat "$host/hosts")" = canary ]
  [ "$(cat "$host/hostname")" = canary ]
  [ ! -e "$host/resolv" ]
  [ ! -e "$host/tmpdir/x" ]
  [ "$(grep -c "$host" /proc/self/mountinfo || true)" = "$mounts_before" ]
}

@test "13. a rootfs whose /dev or /sys is a symlink is refused" {
  local bad="$BATS_TEST_TMPDIR/hostile2"
  sandbox_make_rootfs "$bad"
  ln -s /dev "$bad/dev"
  run "$HB" trial "$bad" -- /bin/true
  [ "$status" -eq 125 ]
  [[ "$output" == *"/dev is a symlink"* ]]
  rm "$bad/dev"
  ln -s /sys "$bad/sys"
  run "$HB" trial "$bad" -- /bin/true
  [ "$status" -eq 125 ]
  [[ "$output" == *"/sys is a symlink"* ]]
}

@test "14. an image's /dev/null that is a symlink or a file is never a mask source" {
  local bad="$BATS_TEST_TMPDIR/hostile-null" pattern
  pattern=$(cat /proc/sys/kernel/core_pattern)
  sandbox_make_rootfs "$bad"
  for kind in symlink file; do
    rm -rf "$bad/dev"
    mkdir -p "$bad/dev"
    if [ "$kind" = symlink ]; then
      ln -s /proc/sys/kernel/core_pattern "$bad/dev/null"
    else
      echo planted > "$bad/dev/null"
    fi
    run --separate-stderr "$HB" trial "$bad" -- /bin/sh -c \
      'stat -c "%F %t:%T" /dev/null; cat /proc/kcore | wc -c; cat /proc/keys | wc -c; echo x > /dev/null; echo rc=$?'
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "character special file 1:3" ]
    [ "${lines[1]}" = 0 ]
    [ "${lines[2]}" = 0 ]
    [ "${lines[3]}" = rc=0 ]
    [ "$(cat /proc/sys/kernel/core_pattern)" = "$pattern" ]
  done
  [ "$(cat "$bad/dev/null")" = planted ]
}

@test "15. no mount propagates: nothing shared inside, host mountinfo unchanged" {
  local before after
  before=$(sandbox_count_mounts)
  trial -- /bin/sh -c 'grep -c shared: /proc/self/mountinfo'
  [ "$output" = 0 ]
  after=$(sandbox_count_mounts)
  [ "$before" = "$after" ]
}

@test "17. the pids limit stops a fork bomb" {
  trial --pids-limit 10 -- /bin/probe forkbomb 50
  [[ "$output" == *"forked: "* ]]
  local made
  made=$(echo "$output" | sed -n 's/.*forked: \([0-9]*\).*/\1/p')
  [ "$made" -lt 10 ]
  [[ "$output" != *"failed: 0"* ]]
}

# The memory limit file of the trial run by supervisor $1 (cgroups are named
# trial-SUPERVISORPID-N; other suites' trials may run at the same time), once
# a process has joined it: the limits are written before that.
memory_limit_file () {
  local f
  for f in /sys/fs/cgroup/memory/hardenbench/trial-"$1"-*/memory.limit_in_bytes \
           /sys/fs/cgroup/hardenbench/trial-"$1"-*/memory.max; do
    # cgroup files report size 0: read them
    [ -e "$f" ] && [ -n "$(cat "$(dirname "$f")/cgroup.procs")" ] && { echo "$f"; return 0; }
  done
  return 1
}

@test "17. memory and cpu limits are applied to the trial's cgroup (or a note says why not)" {
  "$HB" trial "$SANDBOX_ROOT" --memory 64m --cpus 0.5 --timeout 30 -- /bin/sleep 3599 \
    2>"$BATS_TEST_TMPDIR/err" &
  local hb=$! f
  wait_for memory_limit_file "$hb"
  f=$(memory_limit_file "$hb")
  local limit procs
  limit=$(cat "$f")
  procs=$(cat "$(dirname "$f")/cgroup.procs" | wc -l)
  kill -INT "$hb"
  wait "$hb" || true
  if grep -q "memory limit not applied" "$BATS_TEST_TMPDIR/err"; then
    skip "$(cat "$BATS_TEST_TMPDIR/err")"
  fi
  [ "$limit" = 67108864 ]
  [ "$procs" -ge 1 ]
}
