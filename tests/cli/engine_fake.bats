#!/usr/bin/env bats
# Bad engine responses from tests/lib/fake_engine.py: each is a clear error
# with exit status 3, never a crash, a hang or unbounded memory.  And what
# an engine says of itself picks the release line of "default" seccomp.

bats_require_minimum_version 1.5.0

setup () {
  TMP=$(mktemp -d)
  SOCK=$TMP/engine.sock
  export XDG_CACHE_HOME=$TMP/cache
}

teardown () {
  [ -n "${FAKE_PID:-}" ] && kill "$FAKE_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$TMP"
}

start_fake () {
  python3 "$HB_SRCDIR/tests/lib/fake_engine.py" "$SOCK" "$1" 3>&- &
  FAKE_PID=$!
  for _ in $(seq 50); do [ -S "$SOCK" ] && return 0; sleep 0.1; done
  return 1
}

list_fails () {
  start_fake "$1"
  run env HARDENBENCH_ENGINE_TIMEOUT=3 "$HB" --engine "unix://$SOCK" list --all
  echo "$output"
  [ "$status" -eq 3 ]
  [[ "$output" == *"$2"* ]]
}

@test "malformed JSON: exit 3 and where it broke" {
  list_fails malformed "malformed JSON at line 1"
}

@test "wrong types are reported with their path" {
  list_fails wrongtype "[0].Id: expected a string"
}

@test "\\u0000 inside a string is refused" {
  list_fails nul "u0000"
}

@test "deep nesting is refused before parsing" {
  list_fails deep "nested deeper than"
}

@test "1e400 is an error, not infinity" {
  list_fails bignum "overflow"
}

@test "truncated chunked body" {
  list_fails truncated-chunked "hung up mid-response"
}

@test "bad chunk size" {
  list_fails bad-chunk "engine at unix://"
}

@test "hang-up mid-response" {
  list_fails hangup "hung up mid-response"
}

@test "500 carries the engine's message, control characters stripped" {
  list_fails error500 "engine exploded ?[31mred?[0m here (HTTP 500"
  [[ "$output" != *$'\e'* ]]
}

@test "a hanging engine times out" {
  list_fails hang "did not answer in time"
}

@test "an engine older than API 1.24 is refused" {
  list_fails oldapi "speaks API 1.12"
}

@test "policy of a target on a broken engine: exit 3" {
  start_fake malformed
  run "$HB" --engine "unix://$SOCK" policy web --json
  [ "$status" -eq 3 ]
  [[ "$output" == *"malformed JSON"* ]]
}

@test "a huge body (hundreds of MB) is refused with bounded memory" {
  start_fake huge
  run /usr/bin/time -f "maxrss=%M" "$HB" --engine "unix://$SOCK" list --all
  echo "$output"
  [ "$status" -eq 3 ]
  [[ "$output" == *"response larger than 67108864 bytes"* ]]
  rss=$(echo "$output" | sed -n 's/^maxrss=//p')
  # 64 MiB cap plus the program: far below the ~400 MB sent.  Sanitizer
  # builds use more: they are allowed up to 300 MB.
  [ "$rss" -lt 300000 ]
}

@test "a well-formed answer over unix://: an empty list" {
  start_fake empty
  run "$HB" --engine "unix://$SOCK" list --all --json
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq length)" -eq 0 ]
}

@test "tcp:// engines work, and DOCKER_HOST selects them" {
  SOCK="tcp:$TMP/port"
  python3 "$HB_SRCDIR/tests/lib/fake_engine.py" "$SOCK" empty 3>&- &
  FAKE_PID=$!
  for _ in $(seq 50); do [ -s "$TMP/port" ] && break; sleep 0.1; done
  port=$(cat "$TMP/port")
  run "$HB" --engine "tcp://127.0.0.1:$port" list --all --json
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq length)" -eq 0 ]
  run env DOCKER_HOST="tcp://127.0.0.1:$port" "$HB" list --json
  [ "$status" -eq 0 ]
}

@test "no Api-Version header: /version decides, and the lower version is used" {
  # The fake answers 400 unless the request path starts with /v1.40/.
  start_fake noheader
  run "$HB" --engine "unix://$SOCK" list --all --json
  echo "$output"
  [ "$status" -eq 0 ]
}

@test "permission denied on the socket names the owner and the fix" {
  [ "$(id -u)" -eq 0 ] || skip "needs root to drop to another user"
  command -v setpriv >/dev/null || skip "no setpriv"
  start_fake empty
  chgrp daemon "$SOCK" && chmod 0660 "$SOCK" && chmod 0755 "$TMP"
  run setpriv --reuid=65534 --regid=65534 --clear-groups "$HB" --engine "unix://$SOCK" list
  echo "$output"
  [ "$status" -eq 3 ]
  [[ "$output" == *"permission denied on unix://$SOCK"*"add yourself to group daemon"* ]]
}

@test "libcurl and libarchive are opened only when used" {
  # not linked: a trial or --version does not pay for them and their ~40 libraries
  run readelf -d "$HB"
  [ "$status" -eq 0 ]
  [[ "$output" == *"(NEEDED)"*"libseccomp"* ]]
  [[ "$output" != *"libcurl"* ]]
  [[ "$output" != *"libarchive"* ]]
  run env LD_DEBUG=files "$HB" --version
  [[ "$output" != *"libcurl"* ]]
  [[ "$output" != *"libarchive"* ]]
  # libarchive, loaded by the first extraction
  mkdir -p "$TMP/src" "$TMP/dest"
  echo hi > "$TMP/src/f"
  tar -C "$TMP/src" -cf "$TMP/t.tar" f
  run env LD_DEBUG=files "$HB_BUILDDIR/tests/engine/hb_engine_tool" untar "$TMP/dest" < "$TMP/t.tar"
  [ "$status" -eq 0 ]
  [[ "$output" == *"file=libarchive"* ]]
  [ "$(cat "$TMP/dest/f")" = hi ]
  # and loaded on use
  start_fake empty
  run env LD_DEBUG=files "$HB" --engine "unix://$SOCK" list --all
  [ "$status" -eq 0 ]
  [[ "$output" == *"file=libcurl"* ]]
}

# "default" seccomp follows the engine's version (policy/profile_line.h).
@test "explain names the engine's release line of the default profile" {
  start_fake docker24
  run --separate-stderr "$HB" explain --engine "unix://$SOCK" io_uring_setup
  [ "$status" -eq 0 ]
  flat=$(tr -s ' \n' '  ' <<<"$output")   # explain folds its lines
  [[ "$flat" == *"Under Docker 23-24's default seccomp profile, io_uring_setup"* ]]
  [ -z "$stderr" ]
}

@test "explain under Podman: the newest line, and a note why" {
  start_fake podman
  run --separate-stderr "$HB" explain --engine "unix://$SOCK" pkey_alloc
  [ "$status" -eq 0 ]
  flat=$(tr -s ' \n' '  ' <<<"$output")   # explain folds its lines
  [[ "$flat" == *"Under Docker 25+'s default seccomp profile"* ]]
  [[ "$stderr" == *"note: default seccomp is Docker 25+'s: the engine is Podman"* ]]
}

@test "an engine that names its version only in /version, older than 20.10: the 20.10 line, said" {
  start_fake noheader
  run --separate-stderr "$HB" explain --engine "unix://$SOCK" name_to_handle_at
  [ "$status" -eq 0 ]
  flat=$(tr -s ' \n' '  ' <<<"$output")   # explain folds its lines
  [[ "$flat" == *"Under Docker 20.10's default seccomp profile, "* ]]
  [[ "$flat" == *"name_to_handle_at is allowed only with CAP_SYS_ADMIN"* ]]
  [[ "$stderr" == *"Docker 20.10's: the engine's version 19.03 is older than 20.10"* ]]
}

@test "explain without an engine: the newest line, and a note" {
  run --separate-stderr "$HB" explain --engine "unix://$BATS_TEST_TMPDIR/none.sock" io_uring_setup
  [ "$status" -eq 0 ]
  flat=$(tr -s ' \n' '  ' <<<"$output")   # explain folds its lines
  [[ "$flat" == *"io_uring_register are always denied (EPERM)"* ]]
  [[ "$stderr" == *"note: default seccomp is Docker 25+'s: no engine answered, so the newest line"* ]]
}
