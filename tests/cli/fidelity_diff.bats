#!/usr/bin/env bats
# fidelity_diff.bats - the differential fidelity suite (issue 25): every
# probe of tests/fidelity/probes.tsv runs in hb-test/busybox under
# `docker run` and under `hardenbench trial image:hb-test/busybox` with the
# same flags (each flag set of tests/fidelity/flagsets.tsv), and the two
# outputs must be equal once the intended differences of
# tests/fidelity/differences.tsv (each with its reason) are normalised
# away.  A new difference fails, with a diff per probe.
#
# The docker side always runs with --network none: a trial has a network
# namespace of its own with only loopback.  The trial runs with
# --no-monitor: only the container's view is compared.  What is compared is
# what this engine (Docker 20.10, runc 1.1) does.

bats_require_minimum_version 1.5.0
load ../lib/common

IMAGE=hb-test/busybox:latest
TABLES=$HB_SRCDIR/tests/fidelity

setup () {
  local missing=
  [ "$(id -u)" = 0 ] || missing="trials need root"
  hb_have_docker || missing="no Docker engine at /var/run/docker.sock"
  [ -n "$missing" ] || docker image inspect "$IMAGE" >/dev/null 2>&1 \
    || missing="no $IMAGE (tests/lib/fixtures.sh images)"
  if [ -n "$missing" ]; then
    [ -z "${HB_FIXTURES_REQUIRED:-}" ] || { echo "$missing" >&2; return 1; }
    skip "$missing"
  fi
}

# rows FILE: the table's lines without comments and blank lines.
rows () { grep -v -e '^#' -e '^$' "$1"; }

# probe_script: one sh script running every probe, each after a marker.
probe_script () {
  local name cmd script=
  while IFS=$'\t' read -r name cmd; do
    script+="echo '@@ $name'; ( $cmd ) 2>&1; "
  done < <(rows "$TABLES/probes.tsv")
  printf '%s' "$script"
}

# normalise SIDE: stdin (one side's whole output) with the differences
# for SIDE applied to each probe's section (one sed script per probe,
# written by awk from the table).
normalise () {
  local dir=$BATS_TEST_TMPDIR/sed-$1
  rm -rf "$dir"
  mkdir -p "$dir"
  rows "$TABLES/differences.tsv" \
    | awk -F'\t' -v side="$1" -v dir="$dir" '$2 == side || $2 == "both" { print $3 > (dir "/" $1) }'
  awk -v dir="$dir" '
    function flush() {
      if (probe == "") return
      close(tmp)
      script = dir "/" probe
      if ((getline dummy < script) > 0) { close(script); system("sed -f \"" script "\" \"" tmp "\"") }
      else system("cat \"" tmp "\"")
    }
    BEGIN { tmp = dir "/.section"; printf "" > tmp }
    /^@@ / { flush(); probe = substr($0, 4); print; fflush(); printf "" > tmp; next }
    { print >> tmp }
    END { flush() }'
}

# compare FLAGSET: both sides, normalised; fails listing every probe that
# differs.
compare () {
  local flags
  flags=$(rows "$TABLES/flagsets.tsv" | awk -F'\t' -v n="$1" '$1 == n { print $2; f = 1 } END { exit !f }') \
    || { echo "flag set $1 is not in flagsets.tsv" >&2; return 1; }
  local script
  script=$(probe_script)
  # shellcheck disable=SC2086  # the flags are words
  run --separate-stderr docker run --rm --network none $flags "$IMAGE" sh -c "$script"
  [ "$status" -eq 0 ] || { echo "docker run $flags: status $status: $stderr" >&2; return 1; }
  normalise docker <<< "$output" > "$BATS_TEST_TMPDIR/docker"
  # shellcheck disable=SC2086
  run --separate-stderr "$HB" trial "image:$IMAGE" --no-monitor $flags -- /bin/sh -c "$script"
  [ "$status" -eq 0 ] || { echo "trial $flags: status $status: $stderr" >&2; return 1; }
  normalise trial <<< "$output" > "$BATS_TEST_TMPDIR/trial"
  # Every probe ran on both sides.
  [ "$(grep -c '^@@ ' "$BATS_TEST_TMPDIR/docker")" -eq "$(rows "$TABLES/probes.tsv" | wc -l)" ]
  if ! cmp -s "$BATS_TEST_TMPDIR/docker" "$BATS_TEST_TMPDIR/trial"; then
    echo "flag set $1 ($flags): docker run (<) and trial (>) differ:" >&2
    diff "$BATS_TEST_TMPDIR/docker" "$BATS_TEST_TMPDIR/trial" >&2 || true
    return 1
  fi
}

@test "fidelity tables: every flag set has its test, every difference names a probe and a reason" {
  local name p s e r
  while IFS=$'\t' read -r name _; do
    grep -q "^@test \"fidelity: $name:" "$BATS_TEST_FILENAME" || { echo "no test for flag set $name" >&2; return 1; }
  done < <(rows "$TABLES/flagsets.tsv")
  while IFS=$'\t' read -r p s e r; do
    cut -f1 <(rows "$TABLES/probes.tsv") | grep -qx -- "$p" || { echo "difference for unknown probe $p" >&2; return 1; }
    [[ "$s" =~ ^(docker|trial|both)$ ]] || { echo "difference $p: side $s" >&2; return 1; }
    [ -n "$e" ] && [ -n "$r" ] || { echo "difference $p: no expression or reason" >&2; return 1; }
  done < <(rows "$TABLES/differences.tsv")
}

@test "fidelity: default: no flags" { compare default; }
@test "fidelity: read-only: --read-only with tmpfs mounts and volumes" { compare read-only; }
@test "fidelity: user-numeric: --user uid:gid, that group alone" { compare user-numeric; }
@test "fidelity: user-groups: --user uid, with its /etc/group memberships" { compare user-groups; }
@test "fidelity: user-name: --user by name" { compare user-name; }
@test "fidelity: user-www-data: a system user with groups, read-only root" { compare user-www-data; }
@test "fidelity: cap-drop-all: --cap-drop ALL with adds" { compare cap-drop-all; }
@test "fidelity: cap-drop-some: some drops and an add to the default set" { compare cap-drop-some; }
@test "fidelity: tmpfs-existing: tmpfs over directories the image has, with mode=, uid=, gid=, ro" { compare tmpfs-existing; }
@test "fidelity: tmpfs-absent: tmpfs over new directories, with mode=, uid=, size=, exec" { compare tmpfs-absent; }
@test "fidelity: tmpfs-etc-read-only: a tmpfs /etc on a read-only root still gets hostname, hosts, resolv.conf" { compare tmpfs-etc-read-only; }
