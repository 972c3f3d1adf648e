#!/usr/bin/env bats
# Devices, keyrings and masked paths as Docker has them (issue 18, items 2
# and 3; SECURITY.md 19-21).  A test image ships character nodes a
# container must not use (kmsg, hwrng, kvm, fuse, loop-control, tty1) and
# allowed ones (null, zero); the same probe script opens each for writing
# (writing nothing) and makes nodes with mknod, in `docker run` and in a
# trial of the same image: every answer must be the same, EPERM where
# Docker's device cgroup refuses, EACCES on nodev mounts, ok for the
# allowlist.  Without root the kernel refuses the nodes itself.

bats_require_minimum_version 1.5.0
load ../lib/common
load ../lib/sandbox

TOOL="${HB_ENGINE_TOOL:-$HB_BUILDDIR/tests/engine/hb_engine_tool}"

# name major minor: the nodes the image ships under /nodes.
NODES='kmsg 1 11
hwrng 10 183
kvm 10 232
fuse 10 229
loop-control 10 237
tty1 4 1
null 1 3
zero 1 5'

# Opens of the shipped nodes, nodes made inside (on /dev, a tmpfs, /dev/shm,
# the root), and the allowlist: the same lines in docker and in a trial.
PROBES='for n in kmsg hwrng kvm fuse loop-control tty1 null zero; do
  printf "/nodes/%s " "$n"; probe devopen "/nodes/$n"
done
for spec in "kmsg c 1 11" "hwrng c 10 183" "null c 1 3" "loop0 b 7 0"; do
  set -- $spec
  printf "/dev/hb-%s " "$1"; probe mknod "/dev/hb-$1" "$2" "$3" "$4" | tr "\n" " "; echo
done
printf "/dev/hb-loop0 read "; probe open /dev/hb-loop0
printf "/work/kmsg "; probe mknod /work/kmsg c 1 11 | tr "\n" " "; echo
printf "/dev/shm/kmsg "; probe mknod /dev/shm/kmsg c 1 11 | tr "\n" " "; echo
printf "/vol/kmsg "; probe mknod /vol/kmsg c 1 11 | tr "\n" " "; echo
printf "/vol/null "; probe mknod /vol/null c 1 3 | tr "\n" " "; echo
printf "/kmsg "; probe mknod /kmsg c 1 11 | tr "\n" " "; echo
for d in null zero full random urandom ptmx; do printf "/dev/%s " "$d"; probe devopen "/dev/$d"; done'

setup_file () {
  [ "$(id -u)" = 0 ] || return 0
  [ -x /bin/busybox ] && [ -x "$HB_BUILDDIR/tests/probe/probe" ] || return 0
  # Outside bats' private temp dir, so a throw-away user reaches it.
  WORK=$(mktemp -d /tmp/hb-devices.XXXXXX)
  chmod 755 "$WORK"
  export WORK
  sandbox_make_rootfs "$WORK/r"
  mkdir -p "$WORK/r/nodes" "$WORK/r/work" "$WORK/r/vol" "$WORK/r/dev" "$WORK/r/proc" "$WORK/r/sys"
  local n maj min
  while read -r n maj min; do
    mknod -m 666 "$WORK/r/nodes/$n" c "$maj" "$min"
  done <<< "$NODES"
  IMG=""
  if hb_have_docker; then
    IMG="hb-devtest-$$:latest"
    tar -C "$WORK/r" -c . | docker import - "$IMG" >/dev/null
  fi
  export IMG
}

teardown_file () {
  [ -n "${IMG:-}" ] && docker image rm -f "$IMG" >/dev/null 2>&1
  if [ -n "${U1:-}" ]; then
    pkill -KILL -u "$U1" 2>/dev/null || true
    rm -rf "/tmp/hardenbench-$(id -u "$U1" 2>/dev/null)"
    userdel "$U1" 2>/dev/null || true
  fi
  [ -n "${WORK:-}" ] && rm -rf "$WORK"
  true
}

setup () {
  sandbox_require_root
  [ -n "${WORK:-}" ] || skip "setup_file made no rootfs"
}

need_image () {
  [ -n "${IMG:-}" ] || skip "no Docker engine: no image to compare with"
}

# trial_cgroup HIERARCHY PID: the cgroup of hardenbench PID's trial there
# (prints it; fails when there is none).
trial_cgroup () {
  local d
  d=$(find "/sys/fs/cgroup/$1/hardenbench" -maxdepth 1 -name "trial-$2-*" 2>/dev/null | head -1)
  [ -n "$d" ] && echo "$d"
}

# The docker side.
docker_probes () {
  run --separate-stderr docker run --rm --network none --tmpfs /work -v /vol "$@" "$IMG" sh -c "$PROBES"
  [ "$status" -eq 0 ] || { echo "docker run: $stderr" >&2; return 1; }
  echo "$output"
}

# same DOCKER_OUTPUT TRIAL-ARGS...: the trial of the image prints exactly
# the docker lines.
same () {
  local dock="$1"
  shift
  run --separate-stderr "$HB" trial "image:$IMG" --tmpfs /work --volume /vol "$@" -- /bin/sh -c "$PROBES"
  if [ "$status" -ne 0 ] || [ "$output" != "$dock" ]; then
    echo "trial $* (status $status), differences from docker:" >&2
    diff <(echo "$dock") <(echo "$output") >&2 || true
    echo "$stderr" >&2
    return 1
  fi
}

# The answers themselves, so that two sides broken alike do not pass.
expected_answers () {
  local out="$1" n
  for n in kmsg hwrng kvm fuse loop-control tty1; do
    grep -qx "/nodes/$n devopen: EPERM" <<< "$out" || { echo "/nodes/$n not EPERM" >&2; return 1; }
  done
  grep -qx "/nodes/null devopen: ok" <<< "$out"
  grep -qx "/nodes/zero devopen: ok" <<< "$out"
  grep -qx "/dev/hb-kmsg mknod: ok devopen: EPERM " <<< "$out"
  grep -qx "/dev/hb-hwrng mknod: ok devopen: EPERM " <<< "$out"
  grep -qx "/dev/hb-null mknod: ok devopen: ok " <<< "$out"
  grep -qx "/dev/hb-loop0 mknod: ok devopen: EPERM " <<< "$out"
  grep -qx "/dev/hb-loop0 read open: EPERM" <<< "$out"
  # a tmpfs and /dev/shm are nodev, as Docker mounts them
  grep -qx "/work/kmsg mknod: ok devopen: EACCES " <<< "$out"
  grep -qx "/dev/shm/kmsg mknod: ok devopen: EACCES " <<< "$out"
  # volumes are not: the device rules decide there
  grep -qx "/vol/kmsg mknod: ok devopen: EPERM " <<< "$out"
  grep -qx "/vol/null mknod: ok devopen: ok " <<< "$out"
  for n in null zero full random urandom ptmx; do
    grep -qx "/dev/$n devopen: ok" <<< "$out" || { echo "/dev/$n not ok" >&2; return 1; }
  done
}

@test "19. shipped and mknod'd nodes: EPERM as in docker run, allowlist open (monitor on and off)" {
  need_image
  local dock
  dock=$(docker_probes)
  expected_answers "$dock"
  grep -qx "/kmsg mknod: ok devopen: EPERM " <<< "$dock"
  same "$dock" --no-monitor
  same "$dock"
  # those trials read the image's own overlay layers (not an extracted copy)
  run --separate-stderr "$HB" trial "image:$IMG" --no-monitor -- /bin/grep " / " /proc/self/mountinfo
  assert_status 0
  [[ "$output" == *"lowerdir"*"$(docker info -f '{{.DockerRootDir}}')/"* ]]
  # the same from the rootfs directory rather than the image's layers
  run --separate-stderr "$HB" trial "$WORK/r" --no-monitor --tmpfs /work --volume /vol -- \
    /bin/sh -c "$PROBES"
  assert_status 0
  [ "$output" = "$dock" ]
}

@test "19. --read-only: mknod through /dev still gives an unusable node, as in docker run" {
  need_image
  local dock
  dock=$(docker_probes --read-only)
  expected_answers "$dock"
  grep -qx "/kmsg mknod: EROFS " <<< "$dock"
  same "$dock" --read-only --no-monitor
  same "$dock" --read-only
}

@test "19. cgroup v2 path: the BPF device program (on the cgroup2 mount) gives the same answers" {
  need_image
  grep -q " /sys/fs/cgroup/unified cgroup2 " /proc/mounts \
    || grep -q "^cgroup2 /sys/fs/cgroup cgroup2 " /proc/mounts \
    || skip "no cgroup2 mount"
  local dock
  dock=$(docker_probes)
  HB_DEVICE_CGROUP=bpf same "$dock" --no-monitor
  HB_DEVICE_CGROUP=bpf same "$dock"
  # Only the program holds: on a hybrid host no v1 devices cgroup is made.
  if grep -q " /sys/fs/cgroup/unified cgroup2 " /proc/mounts; then
    HB_DEVICE_CGROUP=bpf "$HB" trial "$WORK/r" --no-monitor -- /bin/sleep 3 2>/dev/null &
    local pid=$!
    wait_for trial_cgroup unified "$pid"
    [ -z "$(trial_cgroup devices "$pid")" ]
    wait "$pid"
  fi
}

@test "19. the v1 devices cgroup holds Docker's rules; it is gone after the trial" {
  [ -e /sys/fs/cgroup/devices/devices.list ] || skip "no v1 devices hierarchy"
  "$HB" trial "$WORK/r" --no-monitor -- /bin/sleep 3 2>/dev/null &
  local pid=$! dir=""
  wait_for trial_cgroup devices "$pid"
  dir=$(trial_cgroup devices "$pid")
  run cat "$dir/devices.list"
  wait "$pid"
  diff <(printf '%s\n' "$output" | sort) <(sort <<'EOF'
c *:* m
b *:* m
c 1:3 rwm
c 1:5 rwm
c 1:7 rwm
c 1:8 rwm
c 1:9 rwm
c 5:0 rwm
c 5:1 rwm
c 5:2 rwm
c 10:200 rwm
c 136:* rwm
EOF
)
  # what docker gives its containers, on this host
  if [ -n "${IMG:-}" ]; then
    local cid
    cid=$(docker run -d --rm --network none "$IMG" sleep 5)
    local list
    list=$(cat "/sys/fs/cgroup/devices/docker/$cid/devices.list" 2>/dev/null || true)
    docker kill "$cid" >/dev/null 2>&1 || true
    [ -z "$list" ] || diff <(printf '%s\n' "$output" | sort) <(printf '%s\n' "$list" | sort)
  fi
  [ ! -e "$dir" ]
}

@test "19. a trial given CAP_SYS_ADMIN cannot widen its own v1 device rules" {
  [ -e /sys/fs/cgroup/devices/devices.list ] || skip "no v1 devices hierarchy"
  run --separate-stderr "$HB" trial "$WORK/r" --no-monitor --cap-add SYS_ADMIN --seccomp unconfined \
    -- /bin/sh -c 'mkdir -p /mnt && mount -t cgroup -o devices cgroup /mnt && echo mounted
      echo a > /mnt/devices.allow || echo "allow a refused"
      echo "c 1:11 rwm" > /mnt/devices.allow || echo "allow kmsg refused"
      probe devopen /nodes/kmsg'
  assert_status 0
  [ "${lines[0]}" = mounted ]
  [ "${lines[1]}" = "allow a refused" ]
  [ "${lines[2]}" = "allow kmsg refused" ]
  [ "${lines[3]}" = "devopen: EPERM" ]
}

@test "19. without the device rules a root trial does not run (exit 125), v1 and v2" {
  run unshare -m sh -c 'umount /sys/fs/cgroup/devices 2>/dev/null; umount /sys/fs/cgroup 2>/dev/null;
    exec "$0" trial "$1" --no-monitor -- /bin/true' "$HB" "$WORK/r"
  assert_status 125
  assert_output_contains "devices:"
  assert_output_contains "a trial does not run with every device open"
  if grep -q " /sys/fs/cgroup/unified cgroup2 " /proc/mounts; then
    run unshare -m sh -c 'umount /sys/fs/cgroup/unified;
      HB_DEVICE_CGROUP=bpf exec "$0" trial "$1" --no-monitor -- /bin/true' "$HB" "$WORK/r"
    assert_status 125
    assert_output_contains "is not a cgroup2 mount"
  fi
}

# A throw-away user for the trials without root.
make_user () {
  if [ -z "${U1:-}" ]; then
    U1=hbdev-$$
    useradd -r -M -d "$WORK/h" -s /bin/sh "$U1"
    mkdir -p "$WORK/h"
    rm -rf "$WORK/ru"
    cp -a "$WORK/r" "$WORK/ru"
    chown -R "$U1:$U1" "$WORK/h" "$WORK/ru"
  fi
}
as_user () {
  setpriv --reuid="$U1" --regid="$U1" --init-groups \
    env -u XDG_RUNTIME_DIR -u XDG_CACHE_HOME -u XDG_CONFIG_HOME HOME="$WORK/h" "$@"
}
userns_ok () {
  [ "$(cat /proc/sys/user/max_user_namespaces 2>/dev/null || echo 0)" -gt 0 ] \
    && ! { [ -r /proc/sys/kernel/unprivileged_userns_clone ] \
           && [ "$(cat /proc/sys/kernel/unprivileged_userns_clone)" = 0 ]; }
}

@test "19. without root: the kernel refuses every node of the image and every mknod" {
  userns_ok || skip "no unprivileged user namespaces"
  make_user
  local mon
  for mon in --no-monitor ""; do
    run --separate-stderr as_user "$HB" trial "$WORK/ru" $mon --tmpfs /work --volume /vol -- \
      /bin/sh -c "$PROBES"
    assert_status 0
    echo "$output"
    local n
    # on mounts of a user namespace every node is nodev to the kernel
    for n in kmsg hwrng kvm fuse loop-control tty1 null zero; do
      grep -qx "/nodes/$n devopen: EACCES" <<< "$output"
    done
    # mknod needs CAP_MKNOD in the initial user namespace
    grep -qx "/dev/hb-kmsg mknod: EPERM " <<< "$output"
    grep -qx "/dev/hb-null mknod: EPERM " <<< "$output"
    grep -qx "/kmsg mknod: EPERM " <<< "$output"
    grep -qx "/vol/kmsg mknod: EPERM " <<< "$output"
    # the allowlist: the host's own nodes, bound
    for n in null zero full random urandom ptmx; do
      grep -qx "/dev/$n devopen: ok" <<< "$output"
    done
  done
}

@test "19. the export extractor writes no device node, even as root, and says so" {
  local t="$BATS_TEST_TMPDIR"
  tar -C "$WORK/r" -cf "$t/a.tar" .
  mkdir "$t/dest"
  run --separate-stderr "$TOOL" untar "$t/dest" < "$t/a.tar"
  assert_status 0
  [ -x "$t/dest/bin/probe" ]
  [ -z "$(find "$t/dest" -type c -o -type b)" ]
  [[ "$stderr" == *"8 device nodes left out"* ]]
}

# keyring_checks ROOTFS [AS...]: in a session keyring of its own (as a
# login has), the caller adds a key; the trial's session keyring is not
# the caller's and the key is out of its reach.
keyring_checks () {
  local rootfs="$1" desc="hb-devtest-key-$$-$RANDOM"
  shift
  local script='probe=$1 hb=$2 rootfs=$3 desc=$4
    mine=$("$probe" keyring); echo "caller $mine"
    key=$("$probe" addkey "$desc" "${mine#keyring: }"); echo "caller $key"
    echo "caller $("$probe" findkey "$desc")"
    for mon in --no-monitor ""; do
      "$hb" trial "$rootfs" $mon --seccomp unconfined -- /bin/sh -c "probe keyring; probe findkey $desc" 2>/dev/null \
        | sed "s/^/trial /"
    done
    "$probe" rmkey "${key#addkey: }" >/dev/null'
  run "$@" "$HB_BUILDDIR/tests/probe/probe" session /bin/sh -c "$script" sh \
    "$HB_BUILDDIR/tests/probe/probe" "$HB" "$rootfs" "$desc"
  assert_status 0
  echo "$output"
  [[ "${lines[0]}" == "caller keyring: "* ]]
  [[ "${lines[1]}" == "caller addkey: "* ]]
  [ "${lines[2]}" = "caller findkey: ok" ]
  local mine="${lines[0]#caller }"
  # keyctl is denied by the default profile (as Docker's): unconfined,
  # monitor off and on
  [[ "${lines[3]}" == "trial keyring: "* ]] && [ "${lines[3]#trial }" != "$mine" ]
  [ "${lines[4]}" = "trial findkey: ENOKEY" ]
  [[ "${lines[5]}" == "trial keyring: "* ]] && [ "${lines[5]#trial }" != "$mine" ]
  [ "${lines[6]}" = "trial findkey: ENOKEY" ]
}

@test "20. a trial has a fresh session keyring: the caller's keys are out of reach" {
  keyring_checks "$WORK/r"
}

@test "20. without root too" {
  userns_ok || skip "no unprivileged user namespaces"
  make_user
  keyring_checks "$WORK/ru" as_user
}

# runc's current masked paths (moby's defaults, 2025) and read-only paths.
MASKED="/proc/asound /proc/acpi /proc/interrupts /proc/kcore /proc/keys /proc/latency_stats
/proc/timer_list /proc/timer_stats /proc/sched_debug /proc/scsi /sys/firmware
/sys/devices/virtual/powercap"
READONLY="/proc/bus /proc/fs /proc/irq /proc/sys /proc/sysrq-trigger"

# masked_checks ROOTFS [AS...]: every masked path reads empty, the
# read-only ones are mounted ro; monitor off and on.
masked_checks () {
  local rootfs="$1"
  shift
  local cpus
  cpus=$(ls -d /sys/devices/system/cpu/cpu[0-9]*/thermal_throttle 2>/dev/null | tr '\n' ' ')
  SCRIPT='for p in '"$(echo $MASKED) $cpus"'; do
    if [ -d "$p" ]; then echo "$p dir $(ls -A "$p" | wc -l)";
    elif [ -e "$p" ]; then echo "$p file $(cat "$p" 2>&1 | wc -c)";
    else echo "$p absent"; fi
  done
  for p in '"$READONLY"'; do
    grep -q " $p ro," /proc/self/mountinfo && echo "$p ro" || echo "$p rw"
  done'
  local mon
  for mon in --no-monitor ""; do
    run --separate-stderr "$@" "$HB" trial "$rootfs" $mon -- /bin/sh -c "$SCRIPT"
    assert_status 0
    echo "$output"
    local p
    for p in $MASKED $cpus; do
      if [ -e "$p" ]; then
        # present on the host: each one read inside gives nothing
        grep -Eqx "$p (dir|file) 0" <<< "$output"
      else
        grep -Eqx "$p (absent|dir 0|file 0)" <<< "$output"
      fi
    done
    for p in $READONLY; do
      [ -e "$p" ] || continue
      grep -qx "$p ro" <<< "$output"
    done
  done
}

@test "21. every path of runc's masked list reads as empty; the read-only ones refuse writes" {
  masked_checks "$WORK/r"
  # docker masks the same (those its version knows): compare the ones it has
  if [ -n "${IMG:-}" ]; then
    local dmask p
    dmask=$(docker run --rm --network none "$IMG" sh -c "$SCRIPT")
    for p in /proc/kcore /proc/keys /proc/timer_list /proc/sched_debug /sys/firmware; do
      [ -e "$p" ] || continue
      grep -qx "$(grep "^$p " <<< "$dmask")" <<< "$output"
    done
  fi
}

@test "21. without root too" {
  userns_ok || skip "no unprivileged user namespaces"
  make_user
  masked_checks "$WORK/ru" as_user
}
