#!/usr/bin/env bats
# Warnings (hb_warn, core/error.h): the commands print them on stderr as
# they come, "hardenbench: warning: ..." with at most ten lines a profile
# and a count of the rest; the workbench shows them in its status line
# instead of writing them over the screen.

load tmux
bats_require_minimum_version 1.5.0

setup() {
  ROOTFS=$(hb_fixture_rootfs)
  cd "$BATS_TEST_TMPDIR"
  cp "$HB_SRCDIR/tests/fixtures/seccomp/unknown-syscall.json" one.json
  # twelve unknown names: ten warnings and "and 2 more"
  {
    printf '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"'
    for i in $(seq 0 11); do printf ', "frob%d"' "$i"; done
    printf '], "action": "SCMP_ACT_ALLOW"}]}\n'
  } >many.json
}

teardown() {
  tui_stop
}

@test "warnings: a command prints each on stderr, ten and a count of the rest" {
  run --separate-stderr "$HB" policy "$ROOTFS" --seccomp many.json --json
  assert_status 0
  [ "$(printf '%s\n' "$stderr" | wc -l)" -eq 11 ]
  [ "$(printf '%s\n' "$stderr" | sed -n 1p)" = 'hardenbench: warning: many.json:1:69: .syscalls[0].names[1]: unknown syscall "frob0", skipped, as Docker does' ]
  [ "$(printf '%s\n' "$stderr" | sed -n 11p)" = "hardenbench: warning: many.json: and 2 more warnings like these" ]
  # the policy itself is on stdout, untouched
  printf '%s\n' "$output" | jq -e ".seccomp.profile == \"many.json\"" >/dev/null
}

# Open the seccomp section's profile prompt and give it FILE.
set_profile() {
  tui_keys l l
  tui_wait "Profile"
  tui_keys Enter
  tui_wait "seccomp profile (default, default-no-chmod, unconfined or a file):"
  tui_keys C-u
  tui_type "$1"
  tui_keys Enter
  tui_wait_gone "seccomp profile (default, default-no-chmod, unconfined or a file):"
}

@test "warnings: the workbench shows a profile's warning in its status line, not over the screen" {
  TUI_W=140 tui_start -- "$ROOTFS"
  tui_wait "Read-only root filesystem"
  set_profile one.json
  tui_wait 'warning: one.json:4:24: .syscalls[0].names[1]: unknown syscall "frobnicate", skipped'
  ! tui_screen | grep -qF "hardenbench: warning:"
  # the profile was taken all the same
  tui_wait "one.json"
  # the next key clears the status line as any other message
  tui_keys q
  tui_wait "Unsaved changes"
  tui_keys n
  tui_wait "HB-EXIT=0"
  ! tui_screen | grep -qF "hardenbench: warning:"
}

@test "warnings: many warnings are one status line, the first and how many more" {
  TUI_W=140 tui_start -- "$ROOTFS"
  tui_wait "Read-only root filesystem"
  set_profile many.json
  tui_wait 'warning: many.json:1:69: .syscalls[0].names[1]: unknown syscall "frob0", skipped, as Docker does (and 10 more)'
  ! tui_screen | grep -qF "hardenbench: warning:"
}
