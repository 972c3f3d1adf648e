#!/usr/bin/env bats
# The same commands against Podman's Docker-compatible API
# (`podman system service`), when podman is installed; skipped otherwise.

TOOL="${HB_ENGINE_TOOL:-$HB_BUILDDIR/tests/engine/hb_engine_tool}"
IMG=localhost/hbt-engine-podman/busybox:latest

setup_file () {
  command -v podman >/dev/null || return 0
  [ "$(id -u)" -eq 0 ] || return 0
  export PODMAN_DIR=$(mktemp -d)
  rootfs="$HB_BUILDDIR/tests/fixtures/busybox-rootfs"
  "$HB_SRCDIR/tests/lib/fixtures.sh" rootfs "$rootfs" >&2
  tar -C "$rootfs" --exclude=.hb-fixture-complete -c . | podman import - "$IMG" >/dev/null
  podman system service --time=0 "unix://$PODMAN_DIR/podman.sock" 3>&- &
  echo $! > "$PODMAN_DIR/pid"
  for _ in $(seq 100); do [ -S "$PODMAN_DIR/podman.sock" ] && break; sleep 0.1; done
}

teardown_file () {
  [ -n "${PODMAN_DIR:-}" ] || return 0
  podman ps -aq --filter name=hbt-engine-podman | xargs -r podman rm -f >/dev/null 2>&1 || true
  podman rmi -f "$IMG" >/dev/null 2>&1 || true
  kill "$(cat "$PODMAN_DIR/pid")" 2>/dev/null || true
  rm -rf "$PODMAN_DIR"
}

setup () {
  command -v podman >/dev/null || skip "podman is not installed"
  [ "$(id -u)" -eq 0 ] || skip "needs root (rootful podman)"
  [ -S "$PODMAN_DIR/podman.sock" ] || skip "podman system service did not start"
  ENGINE="unix://$PODMAN_DIR/podman.sock"
  TMP=$(mktemp -d)
  export XDG_CACHE_HOME=$TMP/cache
}

teardown () {
  [ -n "${TMP:-}" ] && rm -rf "$TMP"
  return 0
}

@test "podman: policy reproduces the settings of a hardened container" {
  podman create --name hbt-engine-podman-hard --read-only --cap-drop ALL \
    --cap-add NET_BIND_SERVICE --user 1000:1000 --memory 64m --pids-limit 50 \
    --security-opt no-new-privileges --tmpfs /tmp:rw,noexec,nosuid,size=16m "$IMG" /bin/sh >/dev/null
  run "$HB" --engine "$ENGINE" policy hbt-engine-podman-hard --json
  echo "$output"
  [ "$status" -eq 0 ]
  j=$(printf '%s' "$output" | jq -c '[.read_only_root, .user, .no_new_privileges, .limits.pids,
        ([.tmpfs[] | select(.path == "/tmp")][0].options | test("noexec"))]')
  [ "$j" = '[true,"1000:1000",true,50,true]' ]
  # Podman lists every dropped capability: the effective set is the same.
  run "$HB" --engine "$ENGINE" policy hbt-engine-podman-hard
  [[ "$output" == *"capabilities   NET_BIND_SERVICE"* ]]
  run "$HB" --engine "$ENGINE" list --all --json
  [ "$status" -eq 0 ]
  r=$(printf '%s' "$output" | jq -c '[.[] | select(.name == "hbt-engine-podman-hard")][0] |
        [.state, .read_only_root, .capabilities, .no_new_privileges]')
  [ "$r" = '["created",true,1,true]' ]
}

@test "podman: images, and both rootfs paths" {
  run "$HB" --engine "$ENGINE" list --images --json
  [ "$status" -eq 0 ]
  [ "$(printf '%s' "$output" | jq "[.[] | select(.name == \"$IMG\")] | length")" -eq 1 ]
  podman create --name hbt-engine-podman-fs "$IMG" /bin/sh >/dev/null
  run "$TOOL" rootfs --engine "$ENGINE" hbt-engine-podman-fs
  [ "$status" -eq 0 ]
  [[ "${lines[0]}" == /var/lib/containers/storage/overlay/*/diff ]]
  run env HARDENBENCH_ROOTFS=export "$TOOL" rootfs --engine "$ENGINE" "image:$IMG"
  echo "$output"
  [ "$status" -eq 0 ]
  [ -x "$output/bin/busybox" ]
  [ -z "$(podman ps -aq --filter label=org.hardenbench.temporary)" ]
}
