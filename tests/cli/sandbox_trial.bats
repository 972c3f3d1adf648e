#!/usr/bin/env bats
# hardenbench trial: the command, its events and exit statuses (issue 4).

bats_require_minimum_version 1.5.0
load ../lib/common
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

@test "the target's exit status is the trial's" {
  run "$HB" trial "$SANDBOX_ROOT" -- /bin/sh -c 'echo hello; exit 7'
  [ "$status" -eq 7 ]
  [[ "$output" == *hello* ]]
}

@test "a target killed by a signal gives 128+N, with and without the monitor" {
  run "$HB" trial "$SANDBOX_ROOT" --no-monitor -- /bin/probe crash
  [ "$status" -eq 139 ]
  # A traced pid-namespace init survives its own fault unless the monitor
  # lets go of it: this would hang until the timeout.
  run "$HB" trial "$SANDBOX_ROOT" --timeout 20 -- /bin/probe crash
  [ "$status" -eq 139 ]
  [[ "$output" == *"killed by signal 11"* ]]
}

@test "--json prints the events of INTERFACE.md, output included" {
  run --separate-stderr "$HB" trial "$SANDBOX_ROOT" --json -- /bin/sh -c 'echo out; echo err >&2; exit 3'
  [ "$status" -eq 3 ]
  python3 - "$output" <<'PY'
import json, sys
evs = [json.loads(l) for l in sys.argv[1].splitlines()]
kinds = [e["kind"] for e in evs]
assert kinds[0] == "start" and kinds[1] == "exec", kinds
assert kinds[-2:] == ["exit", "summary"], kinds
start = evs[0]
assert set(start["namespaces"]) >= {"mnt", "pid", "ipc", "uts", "net"}, start
assert isinstance(start["policy"], dict) and "target" in start
ex = evs[1]
assert ex["pid"] == 1 and ex["argv"][0] == "/bin/sh" and ex["comm"] == "sh", ex
outs = {(e["stream"], e["line"]) for e in evs if e["kind"] == "output"}
assert outs == {("stdout", "out"), ("stderr", "err")}, outs
assert evs[-2]["status"] == 3 and evs[-2]["pid"] == 1
s = evs[-1]
assert s["exit_status"] == 3 and s["denied_writes"] == [] and s["denied_syscalls"] == []
assert all(isinstance(e["ts"], float) for e in evs)
PY
}

@test "--timeout stops the trial (SIGTERM, then SIGKILL for a pid-1 target without handler)" {
  run "$HB" trial "$SANDBOX_ROOT" --timeout 0.5 -- /bin/sleep 100
  [ "$status" -eq 137 ]
  [[ "$output" == *"timeout"* ]]
}

@test "--timeout: a target that handles SIGTERM ends with its own status" {
  run "$HB" trial "$SANDBOX_ROOT" --timeout 0.5 -- /bin/sh -c 'trap "exit 42" TERM; while :; do sleep 0.1; done'
  [ "$status" -eq 42 ]
}

@test "a missing command exits 127 like docker run, with a clear line" {
  run -127 "$HB" trial "$SANDBOX_ROOT" -- /bin/no-such-binary
  [[ "$output" == *"exec /bin/no-such-binary"* ]]
}

@test "a setup failure exits 125 and names the step" {
  local bad="$BATS_TEST_TMPDIR/badroot"
  sandbox_make_rootfs "$bad"
  ln -s /proc "$bad/proc"
  run "$HB" trial "$bad" -- /bin/true
  [ "$status" -eq 125 ]
  [[ "$output" == *"/proc is a symlink"* ]]
}

@test "usage errors exit 2" {
  run "$HB" trial
  [ "$status" -eq 2 ]
  run "$HB" trial "$SANDBOX_ROOT" --timeout abc -- /bin/true
  [ "$status" -eq 2 ]
  run "$HB" trial "$SANDBOX_ROOT" --publish 80 -- /bin/true
  [ "$status" -eq 2 ]
  run "$HB" trial "$SANDBOX_ROOT" --
  [ "$status" -eq 2 ]
}

@test "a missing target exits 5" {
  run "$HB" trial "$BATS_TEST_TMPDIR/nothing-here" -- /bin/true
  [ "$status" -eq 5 ]
}

@test "env, workdir, hostname and /etc files are provided" {
  run "$HB" trial "$SANDBOX_ROOT" -- /bin/sh -c 'echo "h=$(hostname) H=$HOSTNAME home=$HOME path=$PATH"; cat /etc/hostname; grep -c localhost /etc/hosts'
  [ "$status" -eq 0 ]
  [[ "$output" == *"h=hb-trial H=hb-trial home=/root path=/usr/local/sbin:"* ]]
  [[ "$output" == *$'\nhb-trial\n'* ]]
}

@test "the target's files are never modified, writes are thrown away" {
  run "$HB" trial "$SANDBOX_ROOT" -- /bin/sh -c 'echo x > /newfile && rm /bin/true && echo wrote'
  [ "$status" -eq 0 ]
  [[ "$output" == *wrote* ]]
  [ ! -e "$SANDBOX_ROOT/newfile" ]
  [ -L "$SANDBOX_ROOT/bin/true" ]
  [ ! -e "$SANDBOX_ROOT/etc/hostname" ]
}

@test "--publish forwards a host port into the trial" {
  command -v curl >/dev/null || skip "no curl"
  local port=$(hb_free_port)
  "$HB" trial "$SANDBOX_ROOT" --publish "$port:8080" --timeout 20 -- \
    /bin/sh -c 'while :; do printf "HTTP/1.0 200 OK\r\n\r\nhello-from-trial\n" | nc -l -p 8080 >/dev/null; done' \
    2>/dev/null &
  local hb=$!
  wait_for curl -sf "http://127.0.0.1:$port/" -o "$BATS_TEST_TMPDIR/body"
  kill -INT "$hb"
  wait "$hb" || true
  grep -q hello-from-trial "$BATS_TEST_TMPDIR/body"
}

@test "a volume starts with the image's files there, as a new Docker volume does" {
  r="$BATS_TEST_TMPDIR/vroot"
  sandbox_make_rootfs "$r"
  mkdir -p "$r/data/sub"
  echo shipped > "$r/data/conf"
  chown 1000:2000 "$r/data/conf"
  chmod 0640 "$r/data/conf"
  echo deep > "$r/data/sub/file"
  ln -s conf "$r/data/link"
  mkfifo "$r/data/fifo"
  chown 1000:1000 "$r/data"
  chmod 0750 "$r/data"
  # A hostile link: the copy follows it inside the root, never to the host's /root.
  ln -s /root "$r/escape"
  touch /root/hb-volume-host-marker
  run "$HB" trial "$r" --read-only --volume /data --volume /escape --volume /srv/host:/hostpath \
    -- /bin/sh -c 'stat -c "%u:%g %a %n" /data /data/conf; cat /data/conf /data/sub/file; readlink /data/link;
                   ls /data/fifo 2>&1; ls -A /escape; ls -A /hostpath; echo changed > /data/conf && cat /data/conf'
  rm -f /root/hb-volume-host-marker
  [ "$status" -eq 0 ]
  [[ "$output" == *"1000:1000 750 /data"* ]]
  [[ "$output" == *"1000:2000 640 /data/conf"* ]]
  [[ "$output" == *"shipped"*"deep"* ]]
  [[ "$output" == *"conf"* ]]
  [[ "$output" == *"/data/fifo: No such file"* ]]
  [[ "$output" == *"1 device node, fifo or socket of the image left out"* ]]
  [[ "$output" != *"hb-volume-host-marker"* ]]
  [[ "$output" == *"changed"* ]]
  # The image's files are untouched.
  [ "$(cat "$r/data/conf")" = shipped ]
  [ ! -e /srv/host ]
}

@test "a volume too big to copy is a clear setup error" {
  r="$BATS_TEST_TMPDIR/bigroot"
  sandbox_make_rootfs "$r"
  mkdir -p "$r/big"
  truncate -s 300M "$r/big/blob"
  run "$HB" trial "$r" --volume /big -- /bin/true
  [ "$status" -eq 125 ]
  [[ "$output" == *"volume /big: the image holds more than 256 MiB there"* ]]
}

@test "the command is found on the container's PATH, not the supervisor's" {
  # The init searches PATH itself (it shares the supervisor's memory until
  # it execs and must not set environ): a PATH of ours that leads nowhere
  # changes nothing inside.
  run env PATH=/hbt-nowhere "$HB" trial "$SANDBOX_ROOT" --no-monitor -- sh -c 'echo "path=$PATH"; exit 4'
  [ "$status" -eq 4 ]
  [[ "$output" == *"path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"* ]]
  run "$HB" trial "$SANDBOX_ROOT" -- no-such-command
  [ "$status" -eq 127 ]
  [[ "$output" == *"exec no-such-command: No such file or directory"* ]]
}

@test "a file the kernel cannot run is not handed to /bin/sh (as under docker run): exec format error, 126" {
  printf 'echo ran-by-a-shell\n' > "$SANDBOX_ROOT/noshebang"
  chmod 755 "$SANDBOX_ROOT/noshebang"
  run "$HB" trial "$SANDBOX_ROOT" -- /noshebang
  rm -f "$SANDBOX_ROOT/noshebang"
  [ "$status" -eq 126 ]
  [[ "$output" == *"Exec format error"* ]]
  [[ "$output" != *ran-by-a-shell* ]]
}
