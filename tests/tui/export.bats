#!/usr/bin/env bats
# The export dialog: every format listed, compose saved to a file whose
# content is checked, never overwritten without asking.

load tmux

setup() {
  hb_require_docker
  NAME="hbt-tui-$$-${BATS_TEST_NUMBER}"
}

teardown() {
  tui_stop
  docker rm -f "$NAME" >/dev/null 2>&1 || true
}

# Move the format list down to FMT.
select_format() {
  local i
  for ((i = 0; i < 10; i++)); do
    tui_screen | grep -qF "Export: $1 " && return 0
    tui_keys j
    sleep 0.2
  done
  tui_wait "Export: $1 "
}

@test "export: every format is offered; compose is saved to a file, never overwritten unasked" {
  docker create --name "$NAME" --read-only --cap-drop ALL hb-test/busybox:latest true >/dev/null
  tui_start -- "$NAME"
  tui_wait "[x] Read-only root filesystem"
  tui_keys a
  tui_type "/run:size=1m"
  tui_keys Enter
  tui_wait "tmpfs  /run"
  tui_keys e
  tui_wait "Export: run"
  for fmt in run compose ecs ecs-fargate k8s seccomp dockerfile; do
    tui_wait " $fmt"
  done
  tui_wait "docker run"
  select_format compose
  tui_wait "services:"
  tui_keys w
  tui_wait "save to:"
  tui_keys C-u
  tui_type "$BATS_TEST_TMPDIR/out.yaml"
  tui_keys Enter
  tui_wait "saved the compose export"
  grep -q "services:" "$BATS_TEST_TMPDIR/out.yaml"
  grep -q "$NAME" "$BATS_TEST_TMPDIR/out.yaml"
  grep -q "read_only: true" "$BATS_TEST_TMPDIR/out.yaml"
  grep -q "/run" "$BATS_TEST_TMPDIR/out.yaml"
  grep -q "ALL" "$BATS_TEST_TMPDIR/out.yaml"
  # saving again asks; n keeps the file
  echo "keep me" > "$BATS_TEST_TMPDIR/out.yaml"
  tui_keys w
  tui_wait "save to:"
  tui_keys C-u
  tui_type "$BATS_TEST_TMPDIR/out.yaml"
  tui_keys Enter
  tui_wait "exists: overwrite it?"
  tui_keys n
  tui_wait "not saved"
  [ "$(cat "$BATS_TEST_TMPDIR/out.yaml")" = "keep me" ]
  tui_keys w
  tui_keys C-u
  tui_type "$BATS_TEST_TMPDIR/out.yaml"
  tui_keys Enter
  tui_wait "exists: overwrite it?"
  tui_keys y
  tui_wait "saved the compose export"
  grep -q "services:" "$BATS_TEST_TMPDIR/out.yaml"
  tui_keys Escape
  tui_wait_gone "Export: compose"
}

@test "export: c copies the preview to the clipboard with OSC 52" {
  docker create --name "$NAME" --read-only hb-test/busybox:latest true >/dev/null
  tui_start -- "$NAME"
  tui_tmux set-option -g set-clipboard on
  tui_wait "[x] Read-only root filesystem"
  tui_keys e
  select_format compose
  tui_keys c
  tui_wait "copied the compose export"
  local i
  for ((i = 0; i < 50; i++)); do
    tui_tmux show-buffer 2>/dev/null | grep -q "read_only: true" && break
    sleep 0.1
  done
  tui_tmux show-buffer | grep -q "services:"
  tui_tmux show-buffer | grep -q "$NAME"
}
