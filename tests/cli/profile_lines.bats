#!/usr/bin/env bats
# "default" seccomp follows the engine (policy/profile_line.h): the engine
# here is Docker 20.10.24, so a trial of one of its images under "default"
# answers the probe syscalls that differ between Docker's release lines
# exactly as `docker run` of the same image does, errno for errno:
#   io_uring_setup      allowed on 20.10 and 23-24, denied from 25.0
#   clone3              ENOSYS without CAP_SYS_ADMIN on every line
#   socket(AF_VSOCK)    allowed on 20.10, refused from 23.0
#   pkey_alloc          denied on 20.10, allowed from 23.0
#   name_to_handle_at   CAP_SYS_ADMIN on 20.10, allowed from 23.0.7/24.0.3
# fchmodat2 is the one known difference, compared on its own below: runc
# answers ENOSYS for every syscall newer than the newest one the profile
# names (its "-ENOSYS stub", so that the C library falls back), a trial the
# profile's default errno (EPERM).

bats_require_minimum_version 1.5.0
load ../lib/common

IMAGE="hbt-lines-${BATS_ROOT_PID:-$$}:latest"
PROBE="$HB_BUILDDIR/tests/probe/hb-probe-lines"

setup_file () {
  [ "$(id -u)" = 0 ] || return 0
  hb_have_docker || return 0
  docker image inspect hb-test/busybox:latest >/dev/null 2>&1 || return 0
  local root="$BATS_FILE_TMPDIR/root"
  mkdir -p "$root"
  docker create --name "hbt-lines-${BATS_ROOT_PID:-$$}" hb-test/busybox:latest >/dev/null
  docker export "hbt-lines-${BATS_ROOT_PID:-$$}" | tar -x -C "$root"
  docker rm -f "hbt-lines-${BATS_ROOT_PID:-$$}" >/dev/null
  cp "$PROBE" "$root/hb-probe-lines"
  tar -C "$root" -c . | docker import - "$IMAGE" >/dev/null
}

teardown_file () {
  docker rmi -f "$IMAGE" >/dev/null 2>&1 || true
}

setup () {
  [ "$(id -u)" = 0 ] || skip "trials need root"
  hb_require_docker
  docker image inspect "$IMAGE" >/dev/null 2>&1 || skip "no $IMAGE"
  engine=$(docker version --format '{{.Server.Version}}')
  [[ "$engine" == 20.10.* ]] || skip "the probes' expected answers are Docker 20.10's (engine $engine)"
}

# both FLAGS...: the probe under docker run and under a trial of the same
# image with the same flags; $dock and $mine keep what each printed.
both () {
  run --separate-stderr docker run --rm --network none "$@" "$IMAGE" /hb-probe-lines
  [ "$status" -eq 0 ] || { echo "docker: $stderr"; return 1; }
  dock=$output
  run --separate-stderr "$HB" trial "$IMAGE" --no-monitor "$@" -- /hb-probe-lines
  [ "$status" -eq 0 ] || { echo "trial: $stderr"; return 1; }
  mine=$output
  trial_stderr=$stderr
}

same_but_fchmodat2 () {
  diff <(grep -v '^fchmodat2:' <<<"$dock") <(grep -v '^fchmodat2:' <<<"$mine")
}

@test "under default, a trial answers the line-dependent syscalls as docker run does" {
  both
  same_but_fchmodat2
  # the answers are the 20.10 line's, not the newest
  [[ "$mine" == *"io_uring_setup: EFAULT"* ]]
  [[ "$mine" == *"clone3: ENOSYS"* ]]
  [[ "$mine" == *"pkey_alloc: EPERM"* ]]
  [[ "$mine" == *"name_to_handle_at: EPERM"* ]]
  [[ "$mine" != *"socket_vsock: EPERM"* ]]
  # and the trial says which line it took
  [[ "$trial_stderr" == *"(default seccomp: Docker 20.10's)"* ]]
}

@test "with CAP_SYS_ADMIN both allow clone3 and name_to_handle_at" {
  both --cap-add SYS_ADMIN
  same_but_fchmodat2
  [[ "$mine" == *"clone3: EFAULT"* ]]
  [[ "$mine" == *"name_to_handle_at: EFAULT"* ]]
}

@test "the start event says the engine's line, without a note; a directory gets the newest, with one" {
  run --separate-stderr "$HB" trial "$IMAGE" --json --no-monitor -- /bin/true
  assert_status 0
  start=$(jq -c 'select(.kind == "start")' <<<"$output")
  [ "$(jq -r .seccomp_default <<<"$start")" = docker-20.10 ]
  [ "$(jq 'has("seccomp_default_note")' <<<"$start")" = false ]
  # the same files as a directory: no engine, the newest line, and why
  local root="$BATS_FILE_TMPDIR/root"
  run --separate-stderr "$HB" trial "$root" --json --no-monitor -- /hb-probe-lines
  assert_status 0
  start=$(jq -c 'select(.kind == "start")' <<<"$output")
  [ "$(jq -r .seccomp_default <<<"$start")" = docker-25 ]
  [[ "$(jq -r .seccomp_default_note <<<"$start")" == *"in no engine, so the newest line"* ]]
  # the text form says it too, and no note event repeats it
  [ "$(jq -s '[.[] | select(.kind == "note")] | length' <<<"$output")" -eq 0 ]
  # Docker 25's answers: io_uring denied, pkey and name_to_handle_at allowed, no vsock
  [[ "$output" == *'"io_uring_setup: EPERM"'* ]]
  [[ "$output" == *'"pkey_alloc: EINVAL"'* ]]
  [[ "$output" == *'"name_to_handle_at: EFAULT"'* ]]
  [[ "$output" == *'"socket_vsock: EPERM"'* ]]
  run --separate-stderr "$HB" trial "$root" --no-monitor -- /bin/true
  [[ "$stderr" == *"started (default seccomp: Docker 25+'s: the target is a directory, in no engine, so the newest line hardenbench ships)"* ]]
}

@test "a line pinned by name: docker-23 allows io_uring, refuses AF_VSOCK" {
  run --separate-stderr "$HB" trial "$IMAGE" --seccomp docker-23 --no-monitor -- /hb-probe-lines
  assert_status 0
  [[ "$output" == *"io_uring_setup: EFAULT"* ]]
  [[ "$output" == *"socket_vsock: EPERM"* ]]
  [[ "$output" == *"pkey_alloc: EINVAL"* ]]
}

@test "fchmodat2: ENOSYS from runc's stub, EPERM from a trial (the known difference)" {
  both
  [ "$(grep '^fchmodat2:' <<<"$dock")" = "fchmodat2: ENOSYS" ]
  [ "$(grep '^fchmodat2:' <<<"$mine")" = "fchmodat2: EPERM" ]
}
