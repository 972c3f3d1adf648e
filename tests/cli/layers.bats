#!/usr/bin/env bats
# The layers of src/ (tools/check-includes): no include cycle between
# subsystems, tui/ and commands/ apart, and the README saying the order.

load ../lib/common

check=$HB_SRCDIR/tools/check-includes

# A copy of src/ a test may plant includes in.
copy_src() {
  cp -a "$HB_SRCDIR/src" "$BATS_TEST_TMPDIR/src"
  echo "$BATS_TEST_TMPDIR/src"
}

@test "src/ has no include cycle and prints its layer order, which the README shows" {
  run "$check" --readme "$HB_SRCDIR/README.md"
  assert_status 0
  [[ "$output" =~ ^Layers:\ core\ \<\ policy\ \< ]]
  assert_output_contains "< commands/tui"
}

@test "an include cycle between two subsystems fails, naming each include of it" {
  src=$(copy_src)
  echo '#include "sandbox/plan.h"' >>"$src/monitor/perm.c"
  run "$check" --src "$src"
  assert_status 1
  assert_output_contains "include cycle between monitor, sandbox"
  assert_output_contains "src/monitor/perm.c:"
  assert_output_contains 'monitor -> sandbox: #include "sandbox/plan.h"'
  assert_output_contains "sandbox -> monitor"
}

@test "a cycle through three subsystems fails" {
  src=$(copy_src)
  # core -> policy exists already (policy includes core); close the loop.
  echo '#include "engine/target.h"' >>"$src/core/text.c"
  run "$check" --src "$src"
  assert_status 1
  assert_output_contains "include cycle between"
  assert_output_contains 'core -> engine: #include "engine/target.h"'
}

@test "tui/ and commands/ never include each other, even without a cycle" {
  src=$(copy_src)
  echo '#include "commands/commands.h"' >>"$src/tui/draw.c"
  run "$check" --src "$src"
  assert_status 1
  assert_output_contains "tui/ includes commands/"
}

@test "a README with another order fails" {
  sed 's/^Layers: .*/Layers: core < everything/' "$HB_SRCDIR/README.md" >"$BATS_TEST_TMPDIR/README.md"
  run "$check" --readme "$BATS_TEST_TMPDIR/README.md"
  assert_status 1
  assert_output_contains "does not say"
}
