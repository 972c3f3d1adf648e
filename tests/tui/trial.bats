#!/usr/bin/env bats
# Trials from the workbench against real containers: the denied path shows
# up live, the suggested tmpfs is applied with one key and the re-run has no
# denial; duplicates coalesce; resizing mid-trial; quitting stops the trial.

load tmux

setup() {
  hb_require_docker
  NAME="hbt-tui-$$-${BATS_TEST_NUMBER}"
}

teardown() {
  tui_stop
  docker rm -f "$NAME" >/dev/null 2>&1 || true
}

@test "trial: a read-only container writing to / shows the denied path; the suggested tmpfs fixes it" {
  docker create --name "$NAME" --read-only hb-test/busybox:latest \
    sh -c 'mkdir -p /data; echo hi > /data/x; echo done' >/dev/null
  tui_start -- "$NAME"
  tui_wait "[x] Read-only root filesystem"
  tui_keys t
  tui_wait "Trial 1: ended"
  tui_wait "write   /data"
  tui_wait "EROFS"
  tui_wait "Suggestions"
  tui_wait "tmpfs /data"
  tui_keys A
  tui_wait "tmpfs  /data"
  tui_wait "(applied)"
  tui_keys t
  tui_wait "Trial 2: ended"
  tui_wait "writes 0"
  tui_wait "stdout  done"
  ! tui_screen | grep -qF "write   /data"
}

@test "trial: an image whose layers are not read directly runs from the export cache" {
  # HARDENBENCH_ROOTFS=export is what a user without access to the engine's
  # layer directories gets: the first trial extracts the export first.
  tui_start HARDENBENCH_ROOTFS=export XDG_CACHE_HOME="$BATS_TEST_TMPDIR/cache" -- image:hb-test/busybox:latest
  tui_wait "hb-test/busybox:latest"
  tui_keys t
  tui_wait "Trial 1: ended"
  ! tui_screen | grep -qF "no files"
  [ -d "$BATS_TEST_TMPDIR/cache/hardenbench/rootfs" ]
}

@test "trial: repeated denials coalesce; resizing to 80x24 and 20x5 mid-trial; s stops it" {
  docker create --name "$NAME" --read-only hb-test/busybox:latest \
    sh -c 'while :; do touch /stamp 2>/dev/null; echo tick; sleep 0.05; done' >/dev/null
  tui_start -- "$NAME"
  tui_wait "[x] Read-only root filesystem"
  tui_keys t
  tui_wait "Trial 1: running"
  tui_wait "write   /stamp"
  tui_wait "×"
  tui_tmux resize-window -t hb -x 80 -y 24
  tui_wait "Trial 1: running"
  tui_wait "write   /stamp"
  tui_tmux resize-window -t hb -x 20 -y 5
  tui_wait "too small"
  tui_tmux resize-window -t hb -x 100 -y 30
  tui_wait "Trial 1: running"
  # the keyboard stays responsive while events stream in
  tui_keys l
  tui_wait "14 of 41 granted"
  tui_keys s
  tui_wait "Trial 1: ended"
}

@test "trial: quitting stops the trial and leaves no process behind" {
  local mark=$((4000 + $$ % 1000))
  docker create --name "$NAME" --read-only hb-test/busybox:latest sh -c "sleep $mark.5" >/dev/null
  tui_start -- "$NAME"
  tui_wait "[x] Read-only root filesystem"
  tui_keys t
  tui_wait "Trial 1: running"
  local i
  for ((i = 0; i < 100; i++)); do pgrep -f "sleep $mark.5" >/dev/null && break; sleep 0.1; done
  pgrep -f "sleep $mark.5"
  tui_keys q
  tui_wait "HB-EXIT=0"
  for ((i = 0; i < 100; i++)); do pgrep -f "sleep $mark.5" >/dev/null || break; sleep 0.1; done
  ! pgrep -f "sleep $mark.5"
}

@test "trial: SIGTERM to the workbench stops the trial too" {
  local mark=$((5000 + $$ % 1000))
  docker create --name "$NAME" hb-test/busybox:latest sh -c "sleep $mark.5" >/dev/null
  tui_start -- "$NAME"
  tui_wait "Read-only root filesystem"
  tui_keys t
  tui_wait "Trial 1: running"
  local i
  for ((i = 0; i < 100; i++)); do pgrep -f "sleep $mark.5" >/dev/null && break; sleep 0.1; done
  # the workbench is the child of the pane's shell
  local shell pid
  shell=$(tui_tmux display-message -p -t hb '#{pane_pid}')
  pid=$(pgrep -P "$shell" | head -1)
  [ -n "$pid" ]
  kill -TERM "$pid"
  tui_wait "HB-EXIT=0"
  for ((i = 0; i < 100; i++)); do pgrep -f "sleep $mark.5" >/dev/null || break; sleep 0.1; done
  ! pgrep -f "sleep $mark.5"
}
