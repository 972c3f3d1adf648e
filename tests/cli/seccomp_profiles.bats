#!/usr/bin/env bats
# The shipped seccomp profiles against the real Docker engine (20.10.24
# here): Docker accepts them, default-no-chmod denies chmod, and
# docker-20.10.json behaves like the engine's built-in default profile
# (probes, and the compiled filters compared call by call).

load ../lib/common

PROFILES="$HB_SRCDIR/profiles/seccomp"
IMAGE=hb-test/busybox:latest

setup() {
  hb_require_docker
  NAME="hbt-seccomp-$$-$BATS_TEST_NUMBER"
  # default-no-chmod is derived when loaded (seccomp_profile.c): Docker
  # gets the same derivation of this engine's line as a file
  NOCHMOD="$BATS_TEST_TMPDIR/default-no-chmod.json"
  python3 - "$PROFILES/docker-20.10.json" "$NOCHMOD" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
gone = {"chmod", "fchmod", "fchmodat", "fchmodat2"}
for r in p["syscalls"]:
    r["names"] = [n for n in r["names"] if n not in gone]
p["syscalls"] = [r for r in p["syscalls"] if r["names"]]
json.dump(p, open(sys.argv[2], "w"))
PY
}

teardown() {
  if [ -n "${NAME:-}" ]; then
    docker rm -f "$NAME" >/dev/null 2>&1 || true
  fi
}

# run_in SECCOMP_OPT CMD...: a throw-away container; SECCOMP_OPT "" is Docker's built-in profile.
run_in() {
  local opt=$1
  shift
  if [ -n "$opt" ]; then
    run docker run --rm --network none --security-opt "seccomp=$opt" "$IMAGE" "$@"
  else
    run docker run --rm --network none "$IMAGE" "$@"
  fi
}

@test "Docker accepts the shipped docker-20.10 profile" {
  run_in "$PROFILES/docker-20.10.json" /bin/true
  assert_status 0
}

@test "Docker accepts the other lines' profiles and strict-web" {
  for p in docker-23 docker-25 strict-web; do
    run_in "$PROFILES/$p.json" /bin/true
    assert_status 0
  done
}

@test "Docker accepts default-no-chmod as derived from docker-20.10" {
  run_in "$NOCHMOD" /bin/true
  assert_status 0
}

@test "chmod is denied under default-no-chmod and allowed under default" {
  run_in "$NOCHMOD" /bin/busybox chmod 777 /tmp
  assert_status 1
  assert_output_contains "Operation not permitted"
  run_in "$NOCHMOD" /bin/busybox sh -c '/bin/busybox touch /tmp/f && /bin/busybox chmod 600 /tmp/f'
  assert_status 1
  assert_output_contains "Operation not permitted"
  run_in "$PROFILES/docker-20.10.json" /bin/busybox sh -c '/bin/busybox chmod 777 /tmp && /bin/busybox stat -c %a /tmp'
  assert_status 0
  assert_output_contains "777"
}

# Each probe: the command, then what both profiles must print.
probe_both() {
  local expect_status=$1 expect_text=$2
  shift 2
  local p
  for p in "" "$PROFILES/docker-20.10.json"; do
    run_in "$p" "$@"
    echo "profile ${p:-built-in}: status $status: $output" >&2
    assert_status "$expect_status"
    if [ -n "$expect_text" ]; then
      assert_output_contains "$expect_text"
    fi
  done
}

@test "unshare of a user or mount namespace fails under both profiles" {
  # Under no profile at all, unshare -U works: the probe can tell them apart.
  run_in unconfined /bin/busybox unshare -U /bin/true
  assert_status 0
  probe_both 1 "Operation not permitted" /bin/busybox unshare -U /bin/true
  probe_both 1 "Operation not permitted" /bin/busybox unshare -m /bin/true
}

@test "mount, setns and sethostname fail under both profiles" {
  probe_both 1 "permission denied" /bin/busybox mount -t tmpfs none /mnt
  probe_both 1 "Operation not permitted" /bin/busybox nsenter -t 1 -n /bin/true
  probe_both 1 "Operation not permitted" /bin/busybox hostname hbt
}

@test "ordinary busybox commands work under both profiles" {
  probe_both 0 "hello" /bin/busybox sh -c 'echo hello > /tmp/x && /bin/busybox cat /tmp/x'
  probe_both 0 "uid=0(root)" /bin/busybox id
  probe_both 0 "passwd" /bin/busybox ls /etc
  probe_both 0 "i686" /bin/busybox linux32 /bin/busybox uname -m
  probe_both 0 "" /bin/busybox chroot / /bin/true
  probe_both 0 "PID" /bin/busybox ps
}

# filter_table NAME DOCKER-ARGS...: the effect table of a container's filter.
filter_table() {
  local out=$1
  shift
  docker run -d --network none --name "$NAME" "$@" "$IMAGE" /bin/busybox sleep 60 >/dev/null
  local pid
  pid=$(docker inspect -f '{{.State.Pid}}' "$NAME")
  local rc=0
  "$HB_BUILDDIR/tests/helpers/seccomp_filter_table" "$pid" > "$out" || rc=$?
  docker rm -f "$NAME" >/dev/null
  [ "$rc" -ne 77 ] || skip "cannot read seccomp filters here (needs root and x86_64)"
  [ "$rc" -eq 0 ]
}

compare_filters() {
  filter_table "$BATS_TEST_TMPDIR/builtin" "$@"
  filter_table "$BATS_TEST_TMPDIR/ours" --security-opt "seccomp=$PROFILES/docker-20.10.json" "$@"
  # The table must be substantial and show both answers.
  [ "$(wc -l < "$BATS_TEST_TMPDIR/ours")" -gt 900 ]
  grep -q "^x86_64 read ALLOW" "$BATS_TEST_TMPDIR/ours"
  grep -q "^x86_64 keyctl ERRNO(1)" "$BATS_TEST_TMPDIR/ours"
  diff -u "$BATS_TEST_TMPDIR/builtin" "$BATS_TEST_TMPDIR/ours"
}

@test "docker-20.10.json compiles to the same answers as Docker's built-in profile (default caps)" {
  compare_filters
  # clone: plain threads yes, a new user namespace no.
  grep -q "^x86_64 clone ALLOW ERRNO(1) ERRNO(1) ALLOW ERRNO(1) ALLOW ALLOW$" "$BATS_TEST_TMPDIR/ours"
  grep -q "^x86_64 clone3 ERRNO(38)" "$BATS_TEST_TMPDIR/ours"
}

@test "docker-20.10.json matches Docker's built-in profile with CAP_SYS_ADMIN" {
  compare_filters --cap-add SYS_ADMIN
  grep -q "^x86_64 mount ALLOW" "$BATS_TEST_TMPDIR/ours"
}

@test "docker-20.10.json matches Docker's built-in profile with every cap it conditions on" {
  compare_filters --cap-add SYS_PTRACE --cap-add SYS_NICE --cap-add SYS_TIME \
    --cap-add SYS_MODULE --cap-add SYS_BOOT --cap-add SYS_RAWIO --cap-add SYSLOG \
    --cap-add DAC_READ_SEARCH --cap-add SYS_PACCT --cap-add SYS_TTY_CONFIG
}

@test "docker-20.10.json matches Docker's built-in profile with all caps dropped" {
  compare_filters --cap-drop ALL
  grep -q "^x86_64 chroot ERRNO(1)" "$BATS_TEST_TMPDIR/ours"
}

@test "a container's inline profile is validated where it is read: policy, audit and export all refuse errnoRet 99999" {
  cat > "$BATS_TEST_TMPDIR/bad.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [
   {"names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": 99999}
 ]}
JSON
  docker create --name "$NAME" --security-opt "seccomp=$BATS_TEST_TMPDIR/bad.json" "$IMAGE" true >/dev/null
  export XDG_CACHE_HOME="$BATS_TEST_TMPDIR/cache"
  for cmd in "policy $NAME" "audit $NAME" "policy $NAME --json" "export $NAME --format seccomp"; do
    run $HB $cmd
    assert_status 4
    # the saved copy's file:line:column, as for any profile file
    [[ "$output" == *"container $NAME: inline seccomp profile in SecurityOpt: $XDG_CACHE_HOME/hardenbench/seccomp/"*".json:"[0-9]*":"[0-9]*": .syscalls[0].errnoRet: errno 99999 out of range 0..4095"* ]] \
      || { echo "$cmd: $output" >&2; false; }
  done
  # the line and column point at the value in the saved copy
  file=$(ls "$XDG_CACHE_HOME"/hardenbench/seccomp/*.json)
  loc=$(sed -n 's/.*\.json:\([0-9]*\):\([0-9]*\): .*/\1 \2/p' <<<"$output")
  line=${loc% *} col=${loc#* }
  [ "$(sed -n "${line}p" "$file" | cut -c"$col"-)" = "99999" ]
  # list only names it: one bad container does not break the list
  run "$HB" list --all
  assert_status 0
  assert_output_contains "$NAME"
}
