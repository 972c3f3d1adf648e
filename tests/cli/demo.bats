#!/usr/bin/env bats
# demo.bats - the demo root filesystem is built and its service does what
# the walkthrough says: pid file, log, cache, chmod, /tmp, then it serves
# HTTP; with its paths not writable it names each one and refuses to start.

setup() {
  ROOTFS="$HB_BUILDDIR/demo-rootfs"
  [ -x "$ROOTFS/bin/busybox" ] || { echo "demo rootfs not built: $ROOTFS" >&2; false; }
  # a private copy: the service writes into its root filesystem
  COPY="$BATS_TEST_TMPDIR/rootfs"
  cp -a "$ROOTFS" "$COPY"
}

teardown() {
  if [ -n "${HTTPD_PID:-}" ]; then
    kill "$HTTPD_PID" 2>/dev/null || true
    wait "$HTTPD_PID" 2>/dev/null || true
  fi
}

need_root() {
  [ "$(id -u)" -eq 0 ] || skip "chroot needs root"
  CHROOT=$(command -v chroot)
}

@test "demo rootfs: a busybox with its applets, the service and its users" {
  [ -x "$ROOTFS/app/app.sh" ]
  [ "$(readlink "$ROOTFS/bin/httpd")" = busybox ]
  grep -q '^demo:x:1000:1000:' "$ROOTFS/etc/passwd"
  [ "$(stat -c %a "$ROOTFS/tmp")" = 1777 ]
}

@test "demo service: start-up writes its pid file, log and cache and chmods the cache" {
  need_root
  run env -i PATH=/bin DEMO_ONESHOT=1 "$CHROOT" "$COPY" /app/app.sh
  [ "$status" -eq 0 ]
  [[ "$output" == *"oneshot: start-up writes done"* ]]
  [ -s "$COPY/run/demo.pid" ]
  grep -q 'starting on port 8080' "$COPY/var/log/demo/app.log"
  [ "$(stat -c %a "$COPY/var/cache/demo/started")" = 600 ]
  [ -z "$(ls -A "$COPY/tmp")" ]
}

@test "demo service: every unwritable path is named and the start refused" {
  need_root
  chmod 0555 "$COPY/run" "$COPY/var/log/demo" "$COPY/var/cache/demo"
  chmod 0755 "$COPY/tmp"
  run env -i PATH=/bin DEMO_ONESHOT=1 "$CHROOT" --userspec=1000:1000 "$COPY" /app/app.sh
  [ "$status" -eq 1 ]
  [[ "$output" == *"cannot write the pid file /run/demo.pid"* ]]
  [[ "$output" == *"cannot write the log /var/log/demo/app.log"* ]]
  [[ "$output" == *"cannot fill the cache /var/cache/demo"* ]]
  [[ "$output" == *"cannot create a scratch file in /tmp"* ]]
  [[ "$output" == *"not starting"* ]]
}

@test "demo service: serves its page over HTTP" {
  need_root
  port=$((20000 + RANDOM % 20000))
  env -i PATH=/bin DEMO_PORT="$port" "$CHROOT" "$COPY" /app/app.sh >"$BATS_TEST_TMPDIR/out" 2>&1 &
  HTTPD_PID=$!
  page=
  for _ in $(seq 1 100); do
    page=$(busybox wget -q -O - "http://127.0.0.1:$port/" 2>/dev/null) && break
    sleep 0.1
  done
  [[ "$page" == *"hardenbench demo"* ]]
  grep -q "listening on port $port" "$BATS_TEST_TMPDIR/out"
}

@test "policy @demo --json: the demo target and its process" {
  run "$HB" policy @demo --json
  [ "$status" -eq 0 ]
  [ "$(jq -r .target.name <<<"$output")" = "@demo" ]
  [ "$(jq -r '.process.entrypoint[0]' <<<"$output")" = /app/app.sh ]
  [ "$(jq -r '.process.ports[0]' <<<"$output")" = 8080/tcp ]
}
