#!/usr/bin/env bats
# The command line itself: help, version, usage errors.

load ../lib/common

@test "--version prints the package version" {
  run "$HB" --version
  assert_status 0
  [[ "$output" =~ ^hardenbench\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "--help lists the policy command and global options" {
  run "$HB" --help
  assert_status 0
  assert_output_contains "policy"
  assert_output_contains "--engine URL"
}

@test "COMMAND --help shows the command's own and the POLICY options" {
  run "$HB" policy --help
  assert_status 0
  assert_output_contains "Usage: hardenbench policy TARGET"
  assert_output_contains "--cap-drop CAP"
  assert_output_contains "--tmpfs PATH[:OPTS]"
}

@test "an unknown command is a usage error (exit 2)" {
  run "$HB" frobnicate
  assert_status 2
  assert_output_contains "hardenbench: unknown command frobnicate"
}

@test "an unknown option is a usage error naming it (exit 2)" {
  rootfs=$(hb_fixture_rootfs)
  run "$HB" policy "$rootfs" --frobnicate
  assert_status 2
  assert_output_contains "unknown option --frobnicate"
}

@test "a POLICY option without its value is a usage error (exit 2)" {
  rootfs=$(hb_fixture_rootfs)
  run "$HB" policy "$rootfs" --tmpfs
  assert_status 2
  assert_output_contains "--tmpfs needs a value"
}

@test "policy without TARGET is a usage error" {
  run "$HB" policy --json
  assert_status 2
  assert_output_contains "no TARGET given"
}

@test "errors come as 'hardenbench: WHAT: WHY' on stderr, nothing on stdout" {
  run --separate-stderr "$HB" policy ./does-not-exist --json
  assert_status 5
  [ -z "$output" ]
  [[ "$stderr" == "hardenbench: target ./does-not-exist: No such file or directory" ]]
}
