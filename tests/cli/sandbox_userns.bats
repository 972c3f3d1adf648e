#!/usr/bin/env bats
# hardenbench trial without root (issue 4): a user namespace with an id map.
# The tests make throw-away users (one with no /etc/subuid range: a
# single-id map; one with a range, through newuidmap) and run hardenbench
# as them on a real kernel.

bats_require_minimum_version 1.5.0
load ../lib/common
load ../lib/sandbox

IMG=hb-test/busybox:latest

# Why the kernel forbids unprivileged user namespaces here, or nothing.

setup_file () {
  [ "$(id -u)" = 0 ] || return 0
  [ -x /bin/busybox ] && [ -x "$HB_BUILDDIR/tests/probe/probe" ] || return 0
  [ -z "$(userns_forbidden)" ] || return 0
  # Outside bats' private (0700, root's) temp dir, so the users reach it.
  WORK=$(mktemp -d /tmp/hb-userns.XXXXXX)
  chmod 755 "$WORK"
  U1=hbns1-$$ U2=hbns2-$$
  # -r: a system account gets no /etc/subuid range: a single-id map.
  useradd -r -M -d "$WORK/h1" -s /bin/sh "$U1"
  useradd -r -M -d "$WORK/h2" -s /bin/sh "$U2"
  RANGED=no
  if [ -x /usr/bin/newuidmap ] && [ -x /usr/bin/newgidmap ] \
     && usermod --add-subuids 900000000-900065535 --add-subgids 900000000-900065535 "$U2"; then
    RANGED=yes
  fi
  mkdir -p "$WORK/h1" "$WORK/h2"
  sandbox_make_rootfs "$WORK/r1"
  # A file of the host's root inside the user's rootfs: unmapped.
  echo original > "$WORK/r1/etc/rootonly"
  chown -R "$U1:$U1" "$WORK/h1" "$WORK/r1"
  chown root:root "$WORK/r1/etc/rootonly"
  chmod 644 "$WORK/r1/etc/rootonly"
  sandbox_make_rootfs "$WORK/r2"
  chown -R "$U2:$U2" "$WORK/h2" "$WORK/r2"
  export WORK U1 U2 RANGED
}

teardown_file () {
  [ -n "${WORK:-}" ] || return 0
  local u uid
  for u in "$U1" "$U2"; do
    uid=$(id -u "$u" 2>/dev/null) || continue
    pkill -KILL -u "$u" 2>/dev/null || true
    # the users' run dir bases (XDG_RUNTIME_DIR is unset for them)
    rm -rf "/tmp/hardenbench-$uid"
    userdel "$u" 2>/dev/null || true
    sed -i "/^$u:/d" /etc/subuid /etc/subgid
  done
  rm -rf "$WORK"
}

setup () {
  [ "$(id -u)" = 0 ] || skip "the test makes throw-away users: needs root"
  local why
  why=$(userns_forbidden)
  [ -z "$why" ] || skip "the kernel forbids unprivileged user namespaces: $why"
  [ -x /bin/busybox ] || skip "no /bin/busybox"
  [ -x "$HB_BUILDDIR/tests/probe/probe" ] || skip "probe not built"
  [ -n "${WORK:-}" ] || skip "setup_file made no users"
}

# as USER HOME CMD...: run CMD as USER (its own groups), with a clean
# per-user environment.
as () {
  local u="$1" h="$2"
  shift 2
  setpriv --reuid="$u" --regid="$u" --init-groups \
    env -u XDG_RUNTIME_DIR -u XDG_CACHE_HOME -u XDG_CONFIG_HOME HOME="$h" "$@"
}
hb1 () { as "$U1" "$WORK/h1" "$HB" "$@"; }
hb2 () { as "$U2" "$WORK/h2" "$HB" "$@"; }

@test "not root: the trial runs as container root in a user namespace, and says what the map is" {
  run --separate-stderr hb1 trial "$WORK/r1" --json -- /bin/sh -c 'id -u; id -g; cat /proc/self/uid_map'
  assert_status 0
  python3 - "$output" "$(id -u "$U1")" <<'PY'
import json, sys
evs = [json.loads(l) for l in sys.argv[1].splitlines()]
assert "user" in evs[0]["namespaces"], evs[0]
out = [e["line"] for e in evs if e["kind"] == "output"]
assert out[0] == "0" and out[1] == "0", out
assert out[2].split() == ["0", sys.argv[2], "1"], out
notes = [e["line"] for e in evs if e["kind"] == "note"]
assert any("only container uid 0 and gid 0 exist" in n for n in notes), notes
PY
}

@test "not root: the read-only root gives EROFS, a tmpfs is writable" {
  run hb1 trial "$WORK/r1" --no-monitor --read-only --tmpfs /scratch -- /bin/sh -c \
    'touch /x 2>&1; touch /scratch/y && echo tmpfs-ok; grep " /scratch " /proc/self/mounts'
  assert_status 0
  assert_output_contains "Read-only file system"
  assert_output_contains "tmpfs-ok"
  assert_output_contains "nosuid,nodev,noexec"
}

@test "not root: a file of an unmapped owner cannot be written, even by container root" {
  run hb1 trial "$WORK/r1" --no-monitor -- /bin/sh -c \
    'ls -ln /etc/rootonly; echo changed >> /etc/rootonly || echo refused'
  assert_status 0
  assert_output_contains " 65534 "
  assert_output_contains "refused"
  [ "$(cat "$WORK/r1/etc/rootonly")" = original ]
  # Nothing outside the root is reachable at all.
  run hb1 trial "$WORK/r1" --no-monitor -- /bin/sh -c "ls $WORK 2>&1 || echo absent"
  assert_output_contains "absent"
}

@test "not root: the capability lines of /proc/self/status follow the policy" {
  run hb1 trial "$WORK/r1" --no-monitor --cap-drop ALL --cap-add NET_BIND_SERVICE -- \
    /bin/grep ^Cap /proc/self/status
  assert_status 0
  assert_output_contains "CapInh:	0000000000000000"
  assert_output_contains "CapPrm:	0000000000000400"
  assert_output_contains "CapEff:	0000000000000400"
  assert_output_contains "CapBnd:	0000000000000400"
  assert_output_contains "CapAmb:	0000000000000000"
  run hb1 trial "$WORK/r1" --no-monitor --no-new-privileges -- /bin/grep NoNewPrivs /proc/self/status
  assert_output_contains "NoNewPrivs:	1"
}

@test "not root: seccomp denies, and the monitor reports denied syscalls and writes" {
  run --separate-stderr hb1 trial "$WORK/r1" --json --read-only --deny mkdir -- \
    /bin/sh -c 'mkdir /tmp/d; touch /x; exit 0'
  assert_status 0
  python3 - "$output" <<'PY'
import json, sys
evs = [json.loads(l) for l in sys.argv[1].splitlines()]
sd = [e for e in evs if e["kind"] == "syscall-denied"]
assert any(e["syscall"] == "mkdir" and e["errno"] == "EPERM" for e in sd), sd
wd = [e for e in evs if e["kind"] == "write-denied"]
assert any(e["path"] == "/x" and e["errno"] == "EROFS" for e in wd), wd
PY
}

@test "not root: a memory limit without a delegated cgroup gives a clear 'not applied' line" {
  run hb1 trial "$WORK/r1" --no-monitor --memory 64m --pids-limit 50 -- /bin/true
  assert_status 0
  assert_output_contains "memory limit not applied: not root"
  assert_output_contains "pids limit not applied: not root"
  assert_output_contains "delegated"
}

@test "not root: a memory limit is applied under a cgroup delegated to the user" {
  local dir
  if [ -d /sys/fs/cgroup/memory ] && [ -f /sys/fs/cgroup/memory/cgroup.procs ]; then
    dir=/sys/fs/cgroup/memory/hb-userns-$$
  else
    skip "no cgroup v1 memory hierarchy to delegate from (cgroup v2 delegation comes from systemd)"
  fi
  mkdir "$dir"
  chown -R "$U1:$U1" "$dir"
  # Root moves the shell into the delegated cgroup, then becomes the user.
  run sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' sh "$dir" \
    setpriv --reuid="$U1" --regid="$U1" --init-groups env HOME="$WORK/h1" \
    "$HB" trial "$WORK/r1" --no-monitor --memory 32m -- \
    /bin/sh -c 'x=$(head -c 100000000 /dev/zero | tr "\0" a); echo survived'
  rmdir "$dir/hardenbench" 2>/dev/null || true
  rmdir "$dir"
  [[ "$output" != *"not applied"* ]]
  ! grep -qx survived <<<"$output"
  assert_status 137
}

@test "not root, single id: a non-root policy user is a clear error" {
  run hb1 trial "$WORK/r1" --user 1000 -- /bin/id
  assert_status 125
  assert_output_contains "container uid 1000 cannot exist in the trial's user namespace"
  assert_output_contains "/etc/subuid"
}

@test "not root, with a /etc/subuid range: the image's non-root user exists and is watched" {
  [ "$RANGED" = yes ] || skip "newuidmap/newgidmap (package uidmap) not installed"
  run --separate-stderr hb2 trial "$WORK/r2" --json --read-only --user 1000 -- \
    /bin/sh -c 'id -u; id -G; touch /x; exit 0'
  assert_status 0
  python3 - "$output" <<'PY'
import json, sys
evs = [json.loads(l) for l in sys.argv[1].splitlines()]
out = [e["line"] for e in evs if e["kind"] == "output"]
assert out[0] == "1000", out
assert out[1].split() == ["1000", "2000"], out
notes = [e["line"] for e in evs if e["kind"] == "note"]
assert any("uids 1-65536 are 900000000-900065535" in n for n in notes), notes
wd = [e for e in evs if e["kind"] == "write-denied"]
assert any(e["path"] == "/x" and e["errno"] == "EROFS" for e in wd), wd
PY
}

@test "not root: --publish forwards a host port into the trial" {
  local port=$(hb_free_port)
  hb1 trial "$WORK/r1" --no-monitor --timeout 20 --publish "$port:8080" -- \
    /bin/sh -c 'echo hello-inside | nc -l -p 8080' > "$WORK/pub.out" 2>&1 &
  local pid=$! got=""
  for _ in $(seq 1 100); do
    got=$(timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && cat <&3" 2>/dev/null) && [ -n "$got" ] && break
    sleep 0.1
  done
  wait "$pid"
  [ "$got" = hello-inside ]
}

@test "not root: SIGINT leaves no run dir, process or mount behind" {
  local uid rundir
  uid=$(id -u "$U1")
  rundir=/tmp/hardenbench-$uid
  # exec: $! is hardenbench itself, not a subshell around it
  (exec setpriv --reuid="$U1" --regid="$U1" --init-groups env HOME="$WORK/h1" \
     "$HB" trial "$WORK/r1" --memory 32m -- /bin/sh -c 'sleep 300 & sleep 300' > /dev/null 2>&1) &
  local pid=$!
  wait_for pgrep -u "$uid" -x sleep
  # the run dir is a tmpfs over the base in the trial's own namespace:
  # the base stays empty on the host while the trial runs
  [ -z "$(ls -A "$rundir")" ]
  kill -INT "$pid"
  local st=0
  wait "$pid" || st=$?
  [ "$st" -eq 137 ]
  [ "$(stat -c %a "$rundir")" = 700 ]
  [ "$(stat -c %U "$rundir")" = "$U1" ]
  [ -z "$(ls -A "$rundir")" ]
  ! pgrep -u "$uid"
  ! grep -q -e "$rundir" -e "$WORK/r1" /proc/self/mountinfo
}

@test "not root: a run dir base that is not the user's is refused" {
  local uid
  uid=$(id -u "$U1")
  rmdir /tmp/hardenbench-"$uid" 2>/dev/null || true
  mkdir -p /tmp/hardenbench-"$uid"
  run hb1 trial "$WORK/r1" --no-monitor -- /bin/true
  rmdir /tmp/hardenbench-"$uid"
  assert_status 125
  assert_output_contains "not a directory owned by you"
}

@test "not root: @demo (a root-owned rootfs) runs, its mount points in a layer of our own" {
  # Its root-owned directories cannot be written in the user namespace:
  # the note says so, and tmpfs mounts give the demo what it writes.
  run hb1 trial @demo --timeout 2 --tmpfs /run --tmpfs /var/log/demo --tmpfs /var/cache/demo \
    --tmpfs /tmp:exec
  assert_output_contains "belongs to uid 0, which does not exist in the user namespace"
  assert_output_contains "demo: started as uid 0"
  assert_output_contains "demo: listening on port 8080"
  [[ "$output" != *"demo: cannot"* ]]
}

@test "not root, in the docker group: an image trial uses the export in the user's cache" {
  hb_require_docker
  usermod -aG docker "$U1"
  run hb1 trial "image:$IMG" --no-monitor -- /bin/sh -c 'id -u; ls /bin/busybox'
  gpasswd -d "$U1" docker >/dev/null
  assert_status 0
  assert_output_contains "the engine's layer directories are readable only by root"
  assert_output_contains "$WORK/h1/.cache/hardenbench/rootfs/"
  assert_output_contains "/bin/busybox"
}

@test "not root: learn converges on a rootfs of the user's own" {
  # r1 belongs to U1 (but for /etc/rootonly): the permissive run can write.
  run hb1 learn "$WORK/r1" --timeout 5 -o "$WORK/h1/learned.json" \
    -- /bin/sh -c 'mkdir -p /var/lib/app && echo x > /var/lib/app/state && cat /var/lib/app/state'
  assert_status 0
  assert_output_contains "learn: verification trial 1: no denials"
  [[ "$output" != *"outside your user namespace"* ]]
  jq -e '.read_only_root == true and (.tmpfs | length) == 1' "$WORK/h1/learned.json"
}

@test "not root: learn on a root-owned rootfs says up front why it may learn too little" {
  run hb1 learn @demo --timeout 3 --rounds 0 -o "$WORK/h1/demo.json"
  assert_output_contains "learn: not root, and"
  assert_output_contains "belongs to uid 0, outside your user namespace"
  assert_output_contains "run learn as root, or on a copy you own"
}
