# common.bash - helpers every bats file loads (`load ../lib/common`).

: "${HB:?HB must name the hardenbench binary (make check sets it)}"
: "${HB_SRCDIR:?}"
: "${HB_BUILDDIR:?}"

# The shared busybox rootfs fixture, built once per build tree.
hb_fixture_rootfs() {
  local dir="$HB_BUILDDIR/tests/fixtures/busybox-rootfs"
  "$HB_SRCDIR/tests/lib/fixtures.sh" rootfs "$dir" >&2
  echo "$dir"
}

# A private copy of the rootfs that a test may modify.
hb_private_rootfs() {
  local src dst
  src=$(hb_fixture_rootfs)
  dst="$BATS_TEST_TMPDIR/rootfs"
  cp -a "$src" "$dst"
  echo "$dst"
}

# A TCP port on 127.0.0.1 nothing listens on now (tests run in parallel:
# a page fetched from a busy port could be another test's).
hb_free_port() {
  local p i
  for i in $(seq 50); do
    p=$((20000 + RANDOM % 20000))
    ss -Hltn "sport = :$p" 2>/dev/null | grep -q . || { echo "$p"; return 0; }
  done
  echo "$p"
}

hb_have_docker() {
  [ -S /var/run/docker.sock ] && docker version >/dev/null 2>&1
}

# An engine, and the test image hb-test/busybox in it: built locally from
# busybox-static when missing (never pulled: no registry is reachable).
hb_require_docker() {
  hb_have_docker || skip "no Docker engine at /var/run/docker.sock"
  hb_require_test_image
}

hb_require_test_image() {
  docker image inspect hb-test/busybox:latest >/dev/null 2>&1 && return 0
  local why
  why=$("$HB_SRCDIR/tests/lib/fixtures.sh" images 2>&1 >/dev/null) \
    || skip "hb-test/busybox is missing and could not be built: ${why:-tests/lib/fixtures.sh images failed}"
}

# Assert the last `run` exited with $1.
assert_status() {
  if [ "$status" -ne "$1" ]; then
    echo "expected exit status $1, got $status; output:" >&2
    echo "$output" >&2
    return 1
  fi
}

# Assert the last output contains $1 (fixed string).
assert_output_contains() {
  if ! grep -qF -- "$1" <<<"$output"; then
    echo "expected output to contain: $1" >&2
    echo "actual output:" >&2
    echo "$output" >&2
    return 1
  fi
}

# Evaluate a python3 expression over the JSON in $output; must print True.
assert_json() {
  local result
  result=$(printf '%s' "$output" | /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print($1)")
  if [ "$result" != "True" ]; then
    echo "JSON check failed: $1 (got $result)" >&2
    echo "$output" >&2
    return 1
  fi
}
