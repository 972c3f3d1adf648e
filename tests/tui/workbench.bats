#!/usr/bin/env bats
# The workbench on a root filesystem directory: open, help, edits with the
# audit following, save and reload, the quit question, resize, themes,
# NO_COLOR, not-a-terminal.

load tmux

setup() {
  ROOTFS=$(hb_fixture_rootfs)
}

teardown() {
  tui_stop
}

@test "workbench: needs a terminal (exit 2 with a clear message)" {
  run "$HB" "$ROOTFS" </dev/null
  assert_status 2
  assert_output_contains "needs a terminal"
}

@test "workbench: an unknown --theme is refused before the screen opens" {
  run "$HB" --theme no-such-theme "$ROOTFS"
  [ "$status" -ne 0 ]
}

@test "workbench: a rootfs directory opens in the policy editor" {
  tui_start -- "$ROOTFS"
  tui_wait "Read-only root filesystem"
  tui_wait "(rootfs)"
  tui_wait "Filesystem"
  tui_wait "Capabilities"
  tui_wait "Explanation"
  tui_keys q
  tui_wait "HB-EXIT=0"
}

@test "workbench: Esc goes to the targets list, / filters as you type" {
  tui_start -- "$ROOTFS"
  tui_wait "Read-only root filesystem"
  tui_keys Escape
  tui_wait "HARDENING"
  tui_wait "busybox-rootfs"
  tui_keys /
  tui_wait "Filter:"
  tui_type "zzzz"
  tui_wait "No target matches the filter"
  tui_keys BSpace BSpace BSpace BSpace
  tui_type "fixtures/busybox"
  tui_wait "1 shown"
  tui_keys Enter
  tui_keys Enter
  tui_wait "Read-only root filesystem"
  tui_keys q
  tui_wait "HB-EXIT=0"
}

@test "workbench: ? lists every key of the action table" {
  tui_start -- "$ROOTFS"
  tui_wait "Read-only root filesystem"
  tui_keys '?'
  tui_wait "Keys (? or Esc closes)"
  local seen
  seen=$(tui_screen)
  tui_keys End
  sleep 0.3
  tui_wait "Mouse"
  seen+=$(tui_screen)
  # every description of src/tui/actions.h is on one of the two pages
  local desc n=0
  while IFS= read -r desc; do
    n=$((n + 1))
    if ! grep -qF -- "$desc" <<<"$seen"; then
      echo "help lacks: $desc" >&2
      echo "$seen" >&2
      return 1
    fi
  done < <(sed -n 's/^ *X ([A-Z_]*, "[a-z-]*", "\([^"]*\)".*/\1/p' "$HB_SRCDIR/src/tui/actions.h")
  [ "$n" -ge 20 ]
  grep -qF "Space" <<<"$seen"
  grep -qF "Tab" <<<"$seen"
  tui_keys Escape
  tui_wait_gone "Keys (? or Esc closes)"
}

@test "workbench: toggles change the audit score; capabilities drop all and Docker default" {
  tui_start -- "$ROOTFS"
  tui_wait "CIS audit:"
  local before after
  before=$(tui_audit_pass)
  tui_keys Space   # read-only root on
  tui_wait "[x] Read-only root filesystem"
  tui_wait "[modified]"
  after=$(tui_audit_pass)
  [ "$after" -gt "$before" ]
  tui_keys Space
  tui_wait "[ ] Read-only root filesystem"
  [ "$(tui_audit_pass)" -eq "$before" ]
  tui_keys l
  tui_wait "14 of 41 granted"
  tui_keys D
  tui_wait "0 of 41 granted"
  tui_keys R
  tui_wait "14 of 41 granted"
  tui_keys j Space
  tui_wait "13 of 41 granted"
}

@test "workbench: unsaved changes are asked about on quit; y saves, the policy reloads" {
  tui_start -- "$ROOTFS"
  tui_wait "Read-only root filesystem"
  tui_keys Space
  tui_wait "[modified]"
  tui_keys q
  tui_wait "Unsaved changes"
  tui_keys c
  tui_wait_gone "Unsaved changes"
  tui_keys q
  tui_wait "Unsaved changes"
  tui_keys y
  tui_wait "HB-EXIT=0"
  ls "$BATS_TEST_TMPDIR"/config/hardenbench/policies/*.json
  grep -q '"read_only_root": true' "$BATS_TEST_TMPDIR"/config/hardenbench/policies/*.json
  tui_stop
  tui_start -- "$ROOTFS"
  tui_wait "loaded the saved policy"
  tui_wait "[x] Read-only root filesystem"
  tui_keys q
  tui_wait "HB-EXIT=0"
}

@test "workbench: n on the quit question leaves without saving" {
  tui_start -- "$ROOTFS"
  tui_wait "Read-only root filesystem"
  tui_keys Space
  tui_wait "[modified]"
  tui_keys q
  tui_wait "Unsaved changes"
  tui_keys n
  tui_wait "HB-EXIT=0"
  ! ls "$BATS_TEST_TMPDIR"/config/hardenbench/policies/*.json 2>/dev/null
}

@test "workbench: resize to 80x24 keeps everything, 20x5 shows a note, back again" {
  tui_start -- "$ROOTFS"
  tui_wait "Read-only root filesystem"
  tui_tmux resize-window -t hb -x 80 -y 24
  tui_wait "CIS audit:"
  tui_wait "Read-only root filesystem"
  tui_wait "Explanation"
  tui_tmux resize-window -t hb -x 20 -y 5
  tui_wait "too small"
  tui_tmux resize-window -t hb -x 100 -y 30
  tui_wait "Read-only root filesystem"
  tui_keys q
  tui_wait "HB-EXIT=0"
}

@test "workbench: a tmpfs added through the prompt, a bad one reported" {
  tui_start -- "$ROOTFS"
  tui_wait "Read-only root filesystem"
  tui_keys a
  tui_wait "tmpfs PATH[:OPTIONS]:"
  tui_type "/var/run:size=1m"
  tui_keys Enter
  tui_wait "tmpfs  /var/run"
  tui_keys a
  tui_type "relative"
  tui_keys Enter
  tui_wait "relative"
  tui_screen | grep -qv "tmpfs  relative"
}

@test "workbench: NO_COLOR and --no-color draw without colour codes" {
  tui_start -- "$ROOTFS"
  tui_wait "Read-only root filesystem"
  # control: with colours the screen has colour escapes
  tui_tmux capture-pane -e -p -t hb | grep -qE $'\e\\[([0-9;]*;)?(3[0-7]|4[0-7]|9[0-7]|38;5|48;5)[;m]'
  tui_stop
  tui_start NO_COLOR=1 -- "$ROOTFS"
  tui_wait "Read-only root filesystem"
  ! tui_tmux capture-pane -e -p -t hb | grep -qE $'\e\\[([0-9;]*;)?(3[0-7]|4[0-7]|9[0-7]|10[0-7]|38;5|48;5)[;m]'
  tui_stop
  tui_start -- --no-color "$ROOTFS"
  tui_wait "Read-only root filesystem"
  ! tui_tmux capture-pane -e -p -t hb | grep -qE $'\e\\[([0-9;]*;)?(3[0-7]|4[0-7]|9[0-7]|10[0-7]|38;5|48;5)[;m]'
}

@test "workbench: every shipped theme loads" {
  for theme in default light high-contrast mono; do
    tui_start -- --theme "$theme" "$ROOTFS"
    tui_wait "Read-only root filesystem"
    tui_keys q
    tui_wait "HB-EXIT=0"
    tui_stop
  done
}

@test "workbench: ASCII line drawing when the locale is not UTF-8" {
  tui_start LANG=C LC_ALL=C -- "$ROOTFS"
  tui_wait "Read-only root filesystem"
  tui_wait "+- Filesystem"
}

@test "workbench: the demo hardened without an engine: read-only, every suggestion applied, clean re-run" {
  tui_start -- --engine unix:///nonexistent.sock @demo
  tui_wait "@demo (demo)"
  tui_keys Space
  tui_wait "[x] Read-only root filesystem"
  tui_keys t
  # the demo gives up when its start-up steps fail: the trial ends by itself
  tui_wait "Trial 1: ended"
  tui_wait "Suggestions"
  tui_wait "tmpfs /run"
  # A applies the selected suggestion and moves to the next one
  tui_keys A A A A A A
  tui_wait "tmpfs /var/log/demo  (applied)"
  tui_wait "tmpfs  /var/log/demo"
  tui_wait "tmpfs  /var/cache/demo"
  tui_wait "tmpfs  /run"
  tui_keys t
  tui_wait "Trial 2: running"
  tui_wait "listening on port"
  tui_wait "writes 0"
  tui_keys s
  tui_wait "Trial 2: ended"
  tui_wait "writes 0"
}
