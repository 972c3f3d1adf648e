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
  run "$HB" frobnicate --json </dev/null
  assert_status 2
  assert_output_contains "hardenbench: unknown command frobnicate"
}

@test "a near miss of a command is an unknown command with the command meant" {
  run "$HB" trail </dev/null
  assert_status 2
  assert_output_contains "hardenbench: unknown command trail; did you mean trial?"
  run "$HB" lst @demo </dev/null
  assert_status 2
  assert_output_contains "unknown command lst; did you mean list?"
}

@test "without a terminal, the workbench of a TARGET says it needs a terminal (exit 2)" {
  # a bare word is a container the workbench would open, not an unknown command
  run --separate-stderr "$HB" web </dev/null
  assert_status 2
  [ -z "$output" ]
  [[ "$stderr" == *"the workbench (hardenbench TARGET) needs a terminal"* ]]
  [[ "$stderr" == *"'web' is not a command"* ]]
  [[ "$stderr" == *"hardenbench policy web"* ]]
  [[ "$stderr" != *"unknown command"* ]]
  # stdin a terminal is not enough: stdout goes to a pipe here
  for target in @demo image:hb-test/busybox ./rootfs; do
    run --separate-stderr "$HB" "$target" </dev/null
    assert_status 2
    [[ "$stderr" == *"the workbench needs a terminal"* ]] || { echo "$target: $stderr"; false; }
  done
  # no TARGET at all: the same
  run --separate-stderr "$HB" </dev/null
  assert_status 2
  [[ "$stderr" == *"needs a terminal"* ]]
}

@test "--help names every TARGET form, @demo included" {
  run "$HB" --help
  assert_status 0
  assert_output_contains "image:REF"
  assert_output_contains "@demo, the bundled demo service"
  assert_output_contains "hardenbench trial @demo"
}

@test "trial --help names every shipped seccomp profile" {
  run "$HB" trial --help
  assert_status 0
  local n=0
  for f in "$HB_SRCDIR"/profiles/seccomp/*.json; do
    name=$(basename "$f" .json)
    grep -qE -- "--seccomp PROFILE .*\b$name\b" <<<"$output" || { echo "missing $name"; false; }
    n=$((n + 1))
  done
  [ "$n" -ge 3 ]   # default, default-no-chmod, strict-web
  assert_output_contains "strict-web"
}

@test "the build's ar flags make no warning (no 'u' modifier)" {
  local ar arflags
  ar=$(sed -n 's/^AR = //p' "$HB_BUILDDIR/Makefile")
  arflags=$(sed -n 's/^ARFLAGS = //p' "$HB_BUILDDIR/Makefile")
  [ -n "$ar" ] && [ -n "$arflags" ]
  [[ "$arflags" != *u* ]]
  # an archive made the way the build makes libhardenbench.a
  run --separate-stderr $ar $arflags "$BATS_TEST_TMPDIR/t.a" "$HB_BUILDDIR/src/main.o"
  assert_status 0
  [ -z "$stderr" ] || { echo "ar said: $stderr"; false; }
  [ "$(ar t "$BATS_TEST_TMPDIR/t.a")" = main.o ]
}

@test "the man page's WORKBENCH KEYS section is the workbench's help, generated from its action table" {
  run "$HB_BUILDDIR/tests/helpers/man_keys" --check "$HB_SRCDIR/doc/hardenbench.1"
  assert_status 0
  # one entry per action of src/tui/actions.h, each with its description
  local actions entries
  actions=$(grep -cE '^ +X \([A-Z_]+, "' "$HB_SRCDIR/src/tui/actions.h")
  entries=$(sed -n '/^\.SH WORKBENCH KEYS/,/^\.SH /p' "$HB_SRCDIR/doc/hardenbench.1" | grep -c '^\.TP')
  [ "$actions" -gt 20 ]
  [ "$entries" -eq "$actions" ] || { echo "$entries entries for $actions actions"; false; }
  while IFS= read -r desc; do
    roff=$(sed 's/-/\\-/g' <<<"$desc")
    grep -qxF -- "$roff" "$HB_SRCDIR/doc/hardenbench.1" || { echo "missing: $desc"; false; }
  done < <(sed -nE 's/^ +X \([A-Z_]+, "[^"]*", "([^"]*)".*/\1/p' "$HB_SRCDIR/src/tui/actions.h")
  # and man renders it
  if command -v man >/dev/null; then
    run man -l "$HB_SRCDIR/doc/hardenbench.1"
    assert_output_contains "WORKBENCH KEYS"
    assert_output_contains "quit (stops a running trial"
  fi
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
