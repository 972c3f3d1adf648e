#!/usr/bin/env bats
# monitor-nginx.bats - convergence on a real application: nginx from Debian
# packages, read-only with every capability dropped, suggestions applied
# round after round until a trial shows no denials and serves HTTP on a
# published port; and learn on the same workload.
#
# Needs the fixture: tests/lib/nginx-fixture.sh rootfs $HB_BUILDDIR/tests/fixtures/nginx-rootfs

load ../lib/common

setup() {
  [ "$(id -u)" -eq 0 ] || skip "trials here need root"
  NGINX=$HB_BUILDDIR/tests/fixtures/nginx-rootfs
  [ -f "$NGINX/.hb-fixture-complete" ] \
    || skip "nginx fixture absent: run tests/lib/nginx-fixture.sh rootfs $NGINX (debootstrap, a few minutes)"
  command -v curl >/dev/null || skip "curl missing"
  PORT=$(hb_free_port)
}

# serve CMD...: run CMD (a trial or learn of nginx on $PORT, with a long
# --timeout as a bound) in the background and fetch the page every 0.3 s.
# Once a page came back (plus a second for nginx to write its log), CMD is
# stopped with SIGINT, as a user would; when nginx cannot start, CMD ends on
# its own.  So a slow machine only makes it wait longer, never fail: the
# answer goes to $BATS_TEST_TMPDIR/page, CMD's stdout to .../out.
serve() {
  rm -f "$BATS_TEST_TMPDIR/page"
  "$@" > "$BATS_TEST_TMPDIR/out" 2> "$BATS_TEST_TMPDIR/err" &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    if curl -s -m 2 "http://127.0.0.1:$PORT/" > "$BATS_TEST_TMPDIR/page.tmp" 2>/dev/null \
      && [ -s "$BATS_TEST_TMPDIR/page.tmp" ]; then
      mv "$BATS_TEST_TMPDIR/page.tmp" "$BATS_TEST_TMPDIR/page"
      sleep 1
      kill -INT "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.3
  done
  wait "$pid" || true
}

# converge PLATFORM: from read-only with every capability dropped, apply
# the suggestions of `trial --platform PLATFORM` round after round until a
# trial serves with no denial; the policy is $policy.
converge() {
  policy=$BATS_TEST_TMPDIR/nginx.json
  printf '{"version": 1, "read_only_root": true, "capabilities": {"drop": ["ALL"]}, "seccomp": {"profile": "default"}}\n' > "$policy"
  converged=
  for round in 1 2 3 4 5 6 7 8 9 10; do
    serve "$HB" trial "$NGINX" --policy "$policy" --json --timeout 20 --platform "$1" \
      --publish "127.0.0.1:$PORT:80" --save-suggested "$policy" -- nginx -g 'daemon off;'
    summary=$(jq -c 'select(.kind == "summary")' "$BATS_TEST_TMPDIR/out")
    echo "$1, round $round: $(jq -c .suggestions <<< "$summary")" >&3
    # a trial that ended without its summary failed to run: say why
    [ -n "$summary" ] || { echo "$1, round $round: no summary; stderr:" >&3; cat "$BATS_TEST_TMPDIR/err" >&3; false; }
    denials=$(jq -s '[.[] | select(.kind | test("denied"))] | length' "$BATS_TEST_TMPDIR/out")
    if [ "$denials" -eq 0 ]; then
      converged=$round
      break
    fi
  done
  [ -n "$converged" ]
  [ "$converged" -ge 2 ]   # the first round did show denials
  grep -q 'hardenbench nginx fixture' "$BATS_TEST_TMPDIR/page"
}

@test "nginx: read-only, all capabilities dropped, suggestions converge to a serving trial" {
  converge docker
  # The suggestions: directories (never /, /etc, /usr, /var), the
  # capabilities nginx's master needs, nothing more.
  jq -e '[.tmpfs[].path] | index("/var/lib/nginx") and index("/var/log/nginx")' "$policy"
  jq -e '[.tmpfs[].path] | map(select(. == "/" or . == "/etc" or . == "/usr" or . == "/var")) | length == 0' "$policy"
  # what nginx needs under Docker, which leaves no port privileged in a
  # container's own network namespace: no NET_BIND_SERVICE for port 80
  jq -e '.capabilities.add | index("SETUID") and index("SETGID") and index("CHOWN")' "$policy"
  jq -e '.capabilities.add | index("NET_BIND_SERVICE") | not' "$policy"
  jq -e '.read_only_root and (.capabilities.drop == ["ALL"])' "$policy"
}

@test "nginx: under --platform kubernetes, where port 80 stays privileged, the suggestions add NET_BIND_SERVICE" {
  converge kubernetes
  jq -e '.capabilities.add | index("SETUID") and index("SETGID") and index("CHOWN")' "$policy"
  jq -e '.capabilities.add | index("NET_BIND_SERVICE")' "$policy"
}

@test "nginx: learn proposes a policy that serves without denials" {
  out=$BATS_TEST_TMPDIR/learned.json
  serve "$HB" learn "$NGINX" --timeout 60 --publish "127.0.0.1:$PORT:80" -o "$out" -- nginx -g 'daemon off;'
  cat "$BATS_TEST_TMPDIR/err" >&3
  grep -q 'no denials' "$BATS_TEST_TMPDIR/err"
  jq -e '.read_only_root and (.capabilities.drop == ["ALL"])' "$out"
  [ "$(jq -r .defaultAction "$(jq -r .seccomp.profile "$out")")" = SCMP_ACT_ERRNO ]
  serve "$HB" trial "$NGINX" --policy "$out" --json --timeout 60 --publish "127.0.0.1:$PORT:80" \
    -- nginx -g 'daemon off;'
  [ "$(jq -s '[.[] | select(.kind | test("denied"))] | length' "$BATS_TEST_TMPDIR/out")" -eq 0 ]
  grep -q 'hardenbench nginx fixture' "$BATS_TEST_TMPDIR/page"
}
