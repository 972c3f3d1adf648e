#!/usr/bin/env bats
# profiles.bats - the strict-web seccomp profile: hardenbench resolves it by
# name, and Docker accepts it and runs a web server under it while the
# dangerous calls fail.

load ../lib/common

setup() {
  PROFILE="$HB_SRCDIR/profiles/seccomp/strict-web.json"
  NAME="hbt-audit-strictweb-$$-$BATS_TEST_NUMBER"
}

teardown() {
  docker rm -f "$NAME" >/dev/null 2>&1 || true
}

need_engine() {
  hb_require_docker
}

@test "strict-web is a shipped profile name" {
  mkdir -p "$BATS_TEST_TMPDIR/root"
  run "$HB" policy "$BATS_TEST_TMPDIR/root" --seccomp strict-web --json
  [ "$status" -eq 0 ]
  [ "$(jq -r .seccomp.profile <<<"$output")" = strict-web ]
}

@test "docker runs busybox httpd under strict-web; unshare and chmod fail" {
  need_engine
  run docker run --rm --name "$NAME" --read-only --cap-drop ALL \
    --cap-add NET_BIND_SERVICE --cap-add SETUID --cap-add SETGID --tmpfs /work \
    --security-opt "seccomp=$PROFILE" hb-test/busybox sh -c '
      httpd -p 127.0.0.1:8080 -h /etc -u 65534:65534 || exit 10
      wget -q -O - http://127.0.0.1:8080/passwd | grep -q "^root:" || exit 11
      echo served
      if unshare -U true 2>/dev/null; then echo unshare-allowed; fi
      touch /work/f || exit 12
      if chmod 700 /work/f 2>/dev/null; then echo chmod-allowed; fi
      echo done'
  [ "$status" -eq 0 ]
  [ "$output" = $'served\ndone' ]
}

@test "under Docker's default profile the same chmod works, so the test above means something" {
  need_engine
  run docker run --rm --name "$NAME" --read-only --cap-drop ALL --tmpfs /work \
    hb-test/busybox sh -c 'touch /work/f && chmod 700 /work/f && echo chmod-allowed'
  [ "$status" -eq 0 ]
  [ "$output" = chmod-allowed ]
}
