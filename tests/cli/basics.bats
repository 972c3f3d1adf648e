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

@test "value options: missing, empty or bad values are usage errors, short forms too" {
  run "$HB" trial /tmp --timeout
  assert_status 2
  assert_output_contains "--timeout needs SECONDS"
  run "$HB" trial /tmp --timeout=abc
  assert_status 2
  assert_output_contains "--timeout abc: needs a number of seconds > 0"
  run "$HB" trial /tmp -p
  assert_status 2
  assert_output_contains "--publish needs HOST:CONT"
  run "$HB" learn /tmp -o ''
  assert_status 2
  assert_output_contains "--output needs a FILE"
  run "$HB" learn /tmp --rounds 99
  assert_status 2
  assert_output_contains "--rounds 99: needs a number from 0 to 20"
}
