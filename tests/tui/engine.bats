#!/usr/bin/env bats
# The workbench against the real engine: containers listed with their
# hardening badge, filtered, opened from their current settings; and the
# no-engine banner.

load tmux

setup() {
  NAME="hbt-tui-$$-${BATS_TEST_NUMBER}"
}

teardown() {
  tui_stop
  if hb_have_docker; then
    docker rm -f "$NAME-ro" "$NAME-rw" >/dev/null 2>&1 || true
  fi
}

@test "engine: the targets list shows containers with their badge; / filters; Enter opens" {
  hb_require_docker
  docker create --name "$NAME-ro" --read-only --cap-drop ALL --user 1000:1000 \
    hb-test/busybox:latest sh -c 'echo hi > /x' >/dev/null
  docker create --name "$NAME-rw" hb-test/busybox:latest true >/dev/null
  tui_start
  tui_wait "targets:"
  # the shared engine may list many containers: filter down to ours
  tui_keys /
  tui_type "$NAME"
  tui_wait "2 shown"
  tui_wait "$NAME-ro"
  tui_wait "$NAME-rw"
  tui_screen | grep -F "$NAME-ro" | grep -q "RO caps:0"
  tui_screen | grep -F "$NAME-rw" | grep -q "rw caps:14"
  tui_type "-ro"
  tui_wait "1 shown"
  tui_wait_gone "$NAME-rw"
  tui_keys Enter Enter
  tui_wait "$NAME-ro (container)"
  tui_wait "[x] Read-only root filesystem"
  tui_keys l
  tui_wait "0 of 41 granted"
  tui_keys l l
  tui_wait "1000:1000"
  tui_keys Escape
  tui_wait "targets:"
  tui_keys / C-u
  tui_type "image"
  tui_wait "hb-test/busybox:latest"
  tui_keys Enter q
  tui_wait "HB-EXIT=0"
}

@test "engine: a container named on the command line opens directly" {
  hb_require_docker
  docker create --name "$NAME-ro" --read-only hb-test/busybox:latest true >/dev/null
  tui_start -- "$NAME-ro"
  tui_wait "$NAME-ro (container)"
  tui_wait "[x] Read-only root filesystem"
}

@test "engine: no engine shows the banner saying how to connect, and still works" {
  rootfs=$(hb_fixture_rootfs)
  tui_start -- --engine unix:///nonexistent.sock "$rootfs"
  tui_wait "Read-only root filesystem"
  tui_keys Escape
  tui_wait "No container engine"
  tui_wait "DOCKER_HOST"
  tui_wait "--engine"
  tui_wait "dockerd"
  tui_wait "busybox-rootfs"
  tui_wait "@demo"
  # the demo opens without an engine
  tui_keys /
  tui_type "@demo"
  tui_keys Enter Enter
  tui_wait "@demo (demo)"
  tui_wait "Read-only root filesystem"
  tui_keys q
  tui_wait "HB-EXIT=0"
}
