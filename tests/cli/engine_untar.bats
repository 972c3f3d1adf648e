#!/usr/bin/env bats
# The export extractor (src/engine/export_tar.c) on crafted hostile
# archives: each is refused, and nothing is written outside the destination
# (a host canary directory stays exactly as it was).

TOOL="${HB_ENGINE_TOOL:-$HB_BUILDDIR/tests/engine/hb_engine_tool}"

setup () {
  TMP=$(mktemp -d)
  CANARY=$TMP/canary-dir
  mkdir -p "$CANARY" "$TMP/dest"
  echo original > "$CANARY/canary"
  BEFORE=$(cd "$CANARY" && ls -la --time-style=+ . && cat canary)
}

teardown () {
  rm -rf "$TMP"
}

canary_unchanged () {
  after=$(cd "$CANARY" && ls -la --time-style=+ . && cat canary)
  [ "$after" = "$BEFORE" ]
}

extract () {
  python3 "$HB_SRCDIR/tests/lib/make_tar.py" "$1" "$TMP/a.tar" "$CANARY"
  run "$TOOL" untar "$TMP/dest" < "$TMP/a.tar"
  echo "$output"
}

refused () {
  extract "$1"
  [ "$status" -ne 0 ]
  canary_unchanged
}

@test "a well-formed archive extracts (files, symlink, hardlink inside)" {
  extract ok
  [ "$status" -eq 0 ]
  [ -x "$TMP/dest/bin/tool" ]
  [ "$(readlink "$TMP/dest/bin/sh")" = tool ]
  [ "$(stat -c %i "$TMP/dest/etc/passwd")" = "$(stat -c %i "$TMP/dest/etc/passwd-hard")" ]
  canary_unchanged
}

@test "../ entries are refused" {
  refused dotdot
  [[ "$output" == *'".." refused'* ]]
}

@test "absolute names are refused" {
  refused absolute
  [[ "$output" == *"absolute name refused"* ]]
}

@test "symlink to a host dir, then a file through it" {
  refused symlink-file
  [ ! -e "$CANARY/through-symlink" ]
}

@test "relative symlink climbing out, then a file through it" {
  refused symlink-relative
  [ ! -e "$CANARY/through-relative" ]
}

@test "a directory replaced by a symlink, then a file through it" {
  refused dir-then-symlink
  [ ! -e "$CANARY/dir-then-symlink" ]
}

@test "hardlink to an absolute host file" {
  refused hardlink-outside
  [ "$(stat -c %h "$CANARY/canary")" = 1 ]
}

@test "hardlink with .. to a host file" {
  refused hardlink-dotdot
  [ "$(stat -c %h "$CANARY/canary")" = 1 ]
}

@test "hardlink through a symlink to a host file" {
  refused hardlink-via-symlink
  [ "$(stat -c %h "$CANARY/canary")" = 1 ]
}

@test "a truncated stream is an error" {
  refused truncated
  [[ "$output" == *"export archive"* ]]
}

@test "setuid bits are not restored on the host" {
  extract setuid
  [ "$status" -eq 0 ]
  [ "$(stat -c %a "$TMP/dest/suid")" = 755 ]
}

@test "a FIFO is created without being opened" {
  extract fifo
  [ "$status" -eq 0 ]
  [ -p "$TMP/dest/fifo" ]
}
