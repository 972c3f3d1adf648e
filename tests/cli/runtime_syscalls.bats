#!/usr/bin/env bats
# runtime_syscalls.bats - profiles hardenbench writes start under the real
# OCI runtimes: the runtime's own calls between loading the filter and exec
# (src/policy/runtime_syscalls.c) are allowed, measured again here against
# this machine's runc, crun and docker; and a learned nginx profile serves
# under docker run (runc) and under crun.

bats_require_minimum_version 1.5.0
load ../lib/common

setup() {
  [ "$(id -u)" -eq 0 ] || skip "the runtimes here need root"
  command -v strace >/dev/null || skip "strace missing"
  command -v crun >/dev/null || skip "crun missing"
  T=$BATS_TEST_TMPDIR
  NAME="hbt-rtsys-$$-$BATS_TEST_NUMBER"
}

teardown() {
  docker rm -f "$NAME" >/dev/null 2>&1 || true
  crun kill "$NAME" KILL >/dev/null 2>&1 || true
  crun delete -f "$NAME" >/dev/null 2>&1 || true
  ip netns del "$NAME" >/dev/null 2>&1 || true
}

# The names a Docker/OCI profile allows unconditionally.
allowed_names() {
  /usr/bin/python3 -c '
import json, sys
p = json.load(open(sys.argv[1]))
for r in p["syscalls"]:
    if r["action"] in ("SCMP_ACT_ALLOW", "SCMP_ACT_LOG") and not r.get("args") \
            and not r.get("includes") and not r.get("excludes"):
        print("\n".join(r["names"]))' "$1" | sort -u
}

@test "every profile written allows what runc, crun and docker call after loading the filter" {
  hb_require_docker
  rootfs=$(hb_fixture_rootfs)
  run --separate-stderr "$HB_SRCDIR/tools/runtime-syscalls" "$rootfs"
  assert_status 0
  measured=$output
  # the measurement saw each runtime load a filter and exec
  for rt in runc crun docker-runc; do
    grep -qx "$rt execve" <<<"$measured" || { echo "no execve measured for $rt" >&2; echo "$measured" >&2; false; }
  done
  # A profile that denies everything, as a learned allowlist does for what
  # a run did not show: the export adds what the runtimes need.
  printf '{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"], "syscalls": [{"names": ["getpid"], "action": "SCMP_ACT_ALLOW"}]}\n' > "$T/deny.json"
  run "$HB" export "$rootfs" --format seccomp --seccomp "$T/deny.json" -o "$T/exported.json"
  assert_status 0
  allowed_names "$T/exported.json" > "$T/allowed"
  missing=$(awk '{print $2}' <<<"$measured" | sort -u | comm -23 - "$T/allowed")
  if [ -n "$missing" ]; then
    echo "the runtimes call these after loading the filter, and runtime_syscalls.c lacks them:" >&2
    echo "$missing" >&2
    false
  fi
  # A profile learned from a run of /bin/true: docker starts it as root
  # and as another user (runc's privilege drop runs under the filter then).
  run "$HB" learn "$rootfs" --timeout 10 -o "$T/true.json" -- /bin/true
  assert_status 0
  [ "$(jq -r .defaultAction "$T/true.seccomp.json")" = SCMP_ACT_ERRNO ]
  run "$HB" export "$rootfs" --format seccomp --policy "$T/true.json" -o "$T/true-exported.json"
  assert_status 0
  for user in 0:0 1000:1000; do
    run docker run --rm --network none --user "$user" --security-opt "seccomp=$T/true-exported.json" \
      hb-test/busybox:latest /bin/true
    assert_status 0
    run crun_true "$rootfs" "$T/true-exported.json" "${user%%:*}"
    assert_status 0
  done
}

# crun_true ROOTFS PROFILE UID: /bin/true under crun with that profile.
crun_true() {
  local b="$T/bundle-true-$3"
  mkdir -p "$b"
  /usr/bin/python3 - "$1" "$2" "$3" > "$b/config.json" <<'PY'
import json, sys
prof = json.load(open(sys.argv[2]))
keep = ("names", "action", "errnoRet", "args")
seccomp = {"defaultAction": prof["defaultAction"], "architectures": prof["architectures"],
           "syscalls": [{k: r[k] for k in keep if k in r} for r in prof["syscalls"]
                        if not r.get("includes") and not r.get("excludes")]}
uid = int(sys.argv[3])
print(json.dumps({
  "ociVersion": "1.0.2",
  "process": {"terminal": False, "user": {"uid": uid, "gid": uid}, "args": ["/bin/true"],
              "env": ["PATH=/bin"], "cwd": "/", "noNewPrivileges": False,
              "capabilities": {k: ["CAP_CHOWN", "CAP_SETUID", "CAP_SETGID"] for k in ("bounding", "effective", "permitted")}},
  "root": {"path": sys.argv[1], "readonly": True},
  "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"}],
  "linux": {"namespaces": [{"type": t} for t in ("pid", "mount", "ipc", "uts", "network")],
            "seccomp": seccomp},
}))
PY
  local cmd=(crun run --bundle "$b" "$NAME-true-$3")
  if mountpoint -q /sys/fs/cgroup/unified 2>/dev/null; then
    cmd=(unshare --mount --propagation private sh -c 'umount /sys/fs/cgroup/unified && exec "$@"' crun "${cmd[@]}")
  fi
  "${cmd[@]}"
}

@test "a syscall the runtime needs that the policy denies is kept denied, with a note" {
  rootfs=$(hb_fixture_rootfs)
  # The default profile allows what the runtimes need: no note ...
  run --separate-stderr "$HB" export "$rootfs" --format seccomp --seccomp default -o "$T/p.json"
  assert_status 0
  [[ "$stderr" != *"OCI runtime"* ]]
  # ... until a rule denies one of them
  run --separate-stderr "$HB" export "$rootfs" --format seccomp --seccomp default --deny fstatfs -o "$T/p2.json"
  assert_status 0
  [[ "$stderr" == *"the policy does not always allow fstatfs, which the OCI runtime"* ]]
  printf '{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": []}\n' > "$T/deny.json"
  run --separate-stderr "$HB" export "$rootfs" --format seccomp --seccomp "$T/deny.json" --deny fstatfs -o "$T/q.json"
  assert_status 0
  [[ "$stderr" == *"the policy does not always allow fstatfs, which the OCI runtime"* ]]
  ! allowed_names "$T/q.json" | grep -qx fstatfs
  allowed_names "$T/q.json" | grep -qx capset
}

# learn_nginx OUT: learn nginx with requests made while it records, stopped
# with SIGINT once it answered (then learn's own verification trial runs).
learn_nginx() {
  local port=$(hb_free_port) pid i
  "$HB" learn "$NGINX" --timeout 10 --publish "127.0.0.1:$port:80" -o "$1" -- nginx -g 'daemon off;' \
    > "$T/learn.out" 2> "$T/learn.err" &
  pid=$!
  for i in $(seq 200); do
    curl -fsS -m 2 "http://127.0.0.1:$port/" >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.3
  done
  curl -fsS -m 2 "http://127.0.0.1:$port/" >/dev/null
  sleep 1
  kill -INT "$pid"
  wait "$pid"
}

# probe URL...: the first answer within 30 s.
probe() {
  local i
  for i in $(seq 100); do
    "$@" 2>/dev/null && return 0
    sleep 0.3
  done
  return 1
}

@test "a learned nginx profile: the run export serves under docker (runc), the seccomp export under crun" {
  hb_require_docker
  NGINX=$HB_BUILDDIR/tests/fixtures/nginx-rootfs
  [ -f "$NGINX/.hb-fixture-complete" ] \
    || skip "nginx fixture absent: run tests/lib/nginx-fixture.sh rootfs $NGINX (debootstrap, a few minutes)"
  "$HB_SRCDIR/tests/lib/nginx-fixture.sh" image "$NGINX" >&2
  learn_nginx "$T/learned.json"
  [ "$(jq -r .defaultAction "$T/learned.seccomp.json")" = SCMP_ACT_ERRNO ]

  # docker run, as exported
  run "$HB" export "$NGINX" --format run --image hb-test/nginx:latest --name "$NAME" \
    --policy "$T/learned.json" -o "$T/run.sh" -- nginx -g 'daemon off;'
  assert_status 0
  (cd "$T" && sh run.sh) >&2
  ip=$(docker inspect -f '{{.NetworkSettings.IPAddress}}' "$NAME")
  if ! probe curl -fsS -m 2 "http://$ip/" -o "$T/page"; then
    docker ps -a --filter "name=$NAME" >&2; docker logs "$NAME" >&2
    false
  fi
  grep -q 'hardenbench nginx fixture' "$T/page"
  [ "$(docker inspect -f '{{.State.Running}}' "$NAME")" = true ]

  # crun, on a bundle with the exported seccomp profile and the policy's
  # mounts and capabilities, in a network namespace of its own
  run "$HB" export "$NGINX" --format seccomp --policy "$T/learned.json" -o "$T/seccomp.json"
  assert_status 0
  mkdir -p "$T/bundle"
  ip netns add "$NAME"
  ip -n "$NAME" link set lo up
  /usr/bin/python3 - "$T/learned.json" "$T/seccomp.json" "$(realpath "$NGINX")" "/var/run/netns/$NAME" \
    > "$T/bundle/config.json" <<'PY'
import json, sys
pol, prof = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
caps = ["CAP_" + c for c in pol["capabilities"]["add"]]
mounts = [
  {"destination": "/proc", "type": "proc", "source": "proc"},
  {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "strictatime", "mode=755"]},
  {"destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"]},
  {"destination": "/dev/shm", "type": "tmpfs", "source": "shm", "options": ["nosuid", "noexec", "nodev", "mode=1777"]},
  {"destination": "/sys", "type": "sysfs", "source": "sysfs", "options": ["nosuid", "noexec", "nodev", "ro"]},
] + [{"destination": t["path"], "type": "tmpfs", "source": "tmpfs", "options": t["options"].split(",")}
     for t in pol["tmpfs"]]
keep = ("names", "action", "errnoRet", "args")
seccomp = {"defaultAction": prof["defaultAction"], "architectures": prof["architectures"],
           "syscalls": [{k: r[k] for k in keep if k in r} for r in prof["syscalls"]
                        if not r.get("includes") and not r.get("excludes")]}
if "defaultErrnoRet" in prof:
    seccomp["defaultErrnoRet"] = prof["defaultErrnoRet"]
print(json.dumps({
  "ociVersion": "1.0.2",
  "process": {"terminal": False, "user": {"uid": 0, "gid": 0},
              "args": ["nginx", "-g", "daemon off;"],
              "env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], "cwd": "/",
              "noNewPrivileges": bool(pol["no_new_privileges"]),
              "capabilities": {k: caps for k in ("bounding", "effective", "permitted")}},
  "root": {"path": sys.argv[3], "readonly": bool(pol["read_only_root"])},
  "hostname": "nginx", "mounts": mounts,
  "linux": {"namespaces": [{"type": "pid"}, {"type": "mount"}, {"type": "ipc"}, {"type": "uts"},
                           {"type": "network", "path": sys.argv[4]}],
            "seccomp": seccomp},
}))
PY
  # crun refuses this host's hybrid cgroup layout with the cgroup2 mount visible.
  crun_cmd=(crun run --bundle "$T/bundle" "$NAME")
  if mountpoint -q /sys/fs/cgroup/unified 2>/dev/null; then
    crun_cmd=(unshare --mount --propagation private sh -c 'umount /sys/fs/cgroup/unified && exec "$@"' crun "${crun_cmd[@]}")
  fi
  "${crun_cmd[@]}" > "$T/crun.out" 2> "$T/crun.err" &
  crun_pid=$!
  if ! probe ip netns exec "$NAME" curl -fsS -m 2 http://127.0.0.1/ -o "$T/page2"; then
    cat "$T/crun.out" "$T/crun.err" >&2
    false
  fi
  grep -q 'hardenbench nginx fixture' "$T/page2"
  crun kill "$NAME" TERM
  wait "$crun_pid" || true
}
