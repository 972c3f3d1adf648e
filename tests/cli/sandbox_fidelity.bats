#!/usr/bin/env bats
# Fidelity to Docker (issue 4): the same probes run in `docker run` and in a
# trial of the same files with the equivalent flags give the same answers.
#
# Deliberate, documented differences (not compared): the network (a trial
# has only loopback, as --network none: used on the docker side too), the
# hostname (docker's is the container id: --hostname on the docker side),
# /sys/fs/cgroup (docker mounts the cgroup hierarchies, a trial does not),
# the source and options columns of mountinfo (overlay paths, tmpfs sizes),
# pid numbers (runc forks more before the target starts), and the monitor's
# own watch filter (a second seccomp filter, default ALLOW): the comparison
# runs with --no-monitor, which enforces exactly the same.

bats_require_minimum_version 1.5.0
load ../lib/common
load ../lib/sandbox

IMAGE=hb-test/busybox:latest

setup_file () {
  export FID_ROOT="$BATS_FILE_TMPDIR/busybox-rootfs"
  [ "$(id -u)" = 0 ] || return 0
  hb_have_docker || return 0
  docker image inspect "$IMAGE" >/dev/null 2>&1 || "$HB_SRCDIR/tests/lib/fixtures.sh" images >&2 || return 0
  docker create --name "hbt-sandbox-fid-$$" "$IMAGE" >/dev/null
  mkdir -p "$FID_ROOT"
  docker export "hbt-sandbox-fid-$$" | tar -x -C "$FID_ROOT"
  docker rm -f "hbt-sandbox-fid-$$" >/dev/null
}

setup () {
  [ "$(id -u)" = 0 ] || skip "trials need root"
  hb_require_docker
  [ -x "$FID_ROOT/bin/sh" ] || skip "no exported rootfs"
}

# What both sides print.
PROBES='grep -E "^(Cap|NoNewPrivs|Seccomp)" /proc/self/status
id
hostname
cat /etc/hostname
while read -r _ _ _ _ mp opts _; do
  case "$mp" in /|/proc|/dev|/dev/pts|/dev/shm|/dev/mqueue|/sys|/tmp) echo "$mp $opts";; esac
done < /proc/self/mountinfo | sort
touch /probe-root 2>&1; echo "write / -> $?"
touch /tmp/probe-tmp 2>&1; echo "write /tmp -> $?"
stat -c "%a %U" /tmp
ps -o user,comm'

compare () {
  # compare DOCKER-FLAGS -- TRIAL-FLAGS
  local dflags=() tflags=()
  while [ "$1" != "--" ]; do dflags+=("$1"); shift; done
  shift
  tflags=("$@")
  run --separate-stderr docker run --rm --network none --hostname hb-trial "${dflags[@]}" \
    "$IMAGE" sh -c "$PROBES"
  local dock="$output"
  run --separate-stderr "$HB" trial "$FID_ROOT" --no-monitor "${tflags[@]}" -- /bin/sh -c "$PROBES"
  local mine="$output"
  if [ "$dock" != "$mine" ]; then
    diff <(echo "$dock") <(echo "$mine") || true
    return 1
  fi
  # the probes did see something
  [[ "$mine" == *"CapBnd:"* ]]
  [[ "$mine" == *"/proc rw,nosuid,nodev,noexec"* ]]
}

@test "fidelity: default settings" {
  compare -- 
}

@test "fidelity: read-only root, tmpfs, capabilities, no-new-privileges, user" {
  compare --read-only --tmpfs /tmp --cap-drop ALL --cap-add CHOWN --cap-add NET_BIND_SERVICE \
    --security-opt no-new-privileges --user 1000:1000 -- \
    --read-only --tmpfs /tmp --cap-drop ALL --cap-add CHOWN --cap-add NET_BIND_SERVICE \
    --no-new-privileges --user 1000:1000
}

@test "fidelity: root user with capabilities dropped, seccomp unconfined" {
  compare --cap-drop NET_RAW --cap-drop SETUID --security-opt seccomp=unconfined -- \
    --cap-drop NET_RAW --cap-drop SETUID --seccomp unconfined
}

@test "fidelity: --user by name and number, with and without a group: ids and supplementary groups" {
  # The image's /etc/group makes app a member of www-data and staff: a spec
  # without a group gets them, USER:GROUP gets that group alone (runc).
  local spec dock mine bad=0
  for spec in app 1000 app:staff 1000:1000 www-data 0:33 4242 4242:7; do
    dock=$(docker run --rm --network none --user "$spec" "$IMAGE" sh -c 'id; grep ^Groups /proc/self/status')
    mine=$("$HB" trial "$FID_ROOT" --no-monitor --user "$spec" -- /bin/sh -c 'id; grep ^Groups /proc/self/status' 2>/dev/null)
    if [ "$dock" != "$mine" ]; then
      echo "--user $spec: docker: $dock" >&2
      echo "--user $spec: trial:  $mine" >&2
      bad=1
    fi
  done
  [ "$bad" = 0 ]
  # and the probe saw the memberships at all
  [[ "$(docker run --rm --network none --user app "$IMAGE" id)" == *"50(staff)"* ]]
}
