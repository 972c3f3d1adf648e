#!/usr/bin/env bats
# presets.bats - the shipped presets on images equivalent to the official
# nginx, php (FPM), redis and postgres images (tests/lib/services-fixture.sh
# says how they are equivalent and how they differ).  Each service runs
# under `trial --preset NAME` until a request in its own protocol succeeds
# through --publish: no write may be denied.  Then, for each writable path of
# the preset, the same trial without that one path must show denied writes
# under it: the test can tell a preset missing a path from a good one.
#
# The phpmyadmin, nginx-unprivileged and node presets run the same way on
# images equivalent to those official images (tests/lib/apps-fixture.sh).
#
# Needs root, a Docker engine and the fixtures:
#   tests/lib/services-fixture.sh image $HB_BUILDDIR/tests/fixtures/services-rootfs
#   tests/lib/apps-fixture.sh image $HB_BUILDDIR/tests/fixtures/apps-rootfs
# (tools/test builds them; the images are imported from the rootfs when absent).

load ../lib/common

PROBE=$HB_SRCDIR/tests/lib/service_probe.py

setup() {
  missing=
  [ "$(id -u)" -eq 0 ] || missing="trials here need root"
  hb_have_docker || missing="no Docker engine at /var/run/docker.sock"
  command -v curl >/dev/null || missing="curl missing"
  PORT=$((20000 + RANDOM % 20000))
  OUT=$BATS_TEST_TMPDIR/out
}

# fixture services|apps: skip (fail under tools/test) unless the
# prerequisites and that fixture are there; import its images; set ROOTFS
# and TAG.
fixture() {
  local script=$HB_SRCDIR/tests/lib/$1-fixture.sh
  ROOTFS=$HB_BUILDDIR/tests/fixtures/$1-rootfs
  [ -n "$missing" ] || [ -f "$ROOTFS/.hb-fixture-complete" ] \
    || missing="$1 fixture absent: run $script image $ROOTFS (debootstrap, a few minutes)"
  if [ -n "$missing" ]; then
    # tools/test provides all of these: there, a missing one is a failure.
    [ -z "${HB_FIXTURES_REQUIRED:-}" ] || { echo "$missing" >&2; return 1; }
    skip "$missing"
  fi
  "$script" image "$ROOTFS" >&2
  TAG=$("$script" tag)
}

# probe_nginx | probe_php | probe_redis | probe_postgres: one request to the
# service on $PORT; prints the answer, fails when there is none.
probe_nginx() { curl -sf -m 2 "http://127.0.0.1:$PORT/"; }
probe_php() { "$PROBE" fcgi "$PORT" /var/www/html/index.php; }
probe_redis() { "$PROBE" redis "$PORT"; }
probe_postgres() { "$PROBE" postgres "$PORT" postgres; }
# phpMyAdmin's login page, posted with a file: PHP keeps the upload in
# /tmp, phpMyAdmin starts a session in /sessions and twig compiles the page
# into /var/www/html/tmp.
probe_pma() {
  printf 'hardenbench upload\n' > "$BATS_TEST_TMPDIR/upload.txt"
  curl -sf -m 5 -F "import_file=@$BATS_TEST_TMPDIR/upload.txt" "http://127.0.0.1:$PORT/index.php" \
    | grep -q '<title>phpMyAdmin' && echo phpmyadmin login page
}
probe_node() { curl -sf -m 2 --data-binary 'hardenbench body' "http://127.0.0.1:$PORT/"; }

# denied_under PATH: the write-denied events of $OUT under PATH (or under
# what PATH links to in the image: /var/run is /run on Debian).
denied_under() {
  local p=$1 alias
  alias=$(readlink "$ROOTFS$p" || true)
  case "$alias" in
    '') alias=$p ;;
    /*) ;;
    *) alias=$(dirname "$p")/$alias ;;
  esac
  jq -c --arg p "$p" --arg a "$alias" \
    'select(.kind == "write-denied" and (.path == $p or (.path | startswith($p + "/"))
            or .path == $a or (.path | startswith($a + "/"))))' "$OUT"
}

# trial_serving SERVICE UNTIL HB-ARGS...: run `hardenbench trial HB-ARGS
# --json` in the background, probing the service every 0.3 s; the last
# answer goes to $BATS_TEST_TMPDIR/answer.  Once UNTIL (a command) succeeds,
# let the service run one more second, then stop the trial as Ctrl-C does
# (the service shuts down and may write then too).  --timeout bounds it.
trial_serving() {
  local service=$1 until=$2
  shift 2
  rm -f "$BATS_TEST_TMPDIR/answer"
  "$HB" trial "$@" --timeout 120 --json > "$OUT" 2> "$BATS_TEST_TMPDIR/err" &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    if "probe_$service" > "$BATS_TEST_TMPDIR/answer.tmp" 2>/dev/null; then
      mv "$BATS_TEST_TMPDIR/answer.tmp" "$BATS_TEST_TMPDIR/answer"
    fi
    if "$until"; then
      sleep 1
      kill -TERM "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.3
  done
  wait "$pid" || true
  echo "trial of $service: $(jq -c 'select(.kind == "summary")' "$OUT")" >&3
}

# has_output REGEX: a line of the service's output matches.
has_output() {
  jq -e -s --arg re "$1" 'any(.[]; .kind == "output" and (.line | test($re)))' "$OUT" >/dev/null \
    || { echo "no output line matches: $1" >&2; return 1; }
}

answered() { [ -s "$BATS_TEST_TMPDIR/answer" ]; }
denied_here() { [ -n "$(denied_under "$NEG_PATH")" ] || answered; }

# preset_run NAME SERVICE IMAGE CONTAINER-PORT [HB-ARGS...]: the trial under
# the preset, serving; no write denied, no event dropped.
preset_run() {
  local name=$1 service=$2 image=$3 cport=$4
  shift 4
  trial_serving "$service" answered "image:hb-test/$image:$TAG" --preset "$name" \
    --publish "127.0.0.1:$PORT:$cport" "$@"
  if [ "$(jq -s '[.[] | select(.kind == "write-denied")] | length' "$OUT")" -ne 0 ]; then
    echo "denied writes under preset $name:" >&2
    jq -c 'select(.kind == "write-denied")' "$OUT" >&2
    return 1
  fi
  # The preset's capabilities suffice too.  A preset whose user is not
  # root is the exception: Docker gives such a process no capability even
  # with --cap-add (bounding set only), so none can be missing from the
  # preset; what it was refused is shown, and the service must still answer.
  local user
  user=$(jq -r '.policy.user // "0"' "$HB_SRCDIR/profiles/presets/$name.json")
  if [ "${user%%:*}" != 0 ] && [ "${user%%:*}" != root ]; then
    echo "preset $name runs as $user; refused for lack of a capability (none can be added):" \
      "$(jq -c 'select(.kind == "perm-denied") | [.comm, .syscall, .capability]' "$OUT" | sort -u | tr '\n' ' ')" >&3
  elif [ "$(jq -s '[.[] | select(.kind == "perm-denied")] | length' "$OUT")" -ne 0 ]; then
    echo "operations denied for lack of a capability under preset $name:" >&2
    jq -c 'select(.kind == "perm-denied")' "$OUT" >&2
    return 1
  fi
  [ "$(jq -s '[.[] | select(.kind == "dropped")] | length' "$OUT")" -eq 0 ]
  answered || { echo "no answer from $service; output:" >&2; jq -r 'select(.kind == "output") | .line' "$OUT" >&2; cat "$BATS_TEST_TMPDIR/err" >&2; return 1; }
}

# preset_without NAME SERVICE IMAGE CONTAINER-PORT [HB-ARGS...]: for each
# writable path of preset NAME, the same trial with the preset's policy
# minus that path (and without the image's own volumes, which a policy's
# list replaces) must show a denied write under the path.
preset_without() {
  local name=$1 service=$2 image=$3 cport=$4
  shift 4
  local preset=$HB_SRCDIR/profiles/presets/$name.json
  local paths
  paths=$(jq -r '.preset.paths | keys[]' "$preset")
  [ -n "$paths" ]
  while read -r NEG_PATH; do
    local neg=$BATS_TEST_TMPDIR/without.json
    jq --arg p "$NEG_PATH" '.policy | {version: 1} + .
        | .tmpfs = [(.tmpfs // [])[] | select(.path != $p)]
        | .volumes = [(.volumes // [])[] | select(.path != $p)]' "$preset" > "$neg"
    trial_serving "$service" denied_here "image:hb-test/$image:$TAG" --policy "$neg" \
      --publish "127.0.0.1:$PORT:$cport" "$@"
    if [ -z "$(denied_under "$NEG_PATH")" ]; then
      echo "preset $name without $NEG_PATH: no write denied under it; events:" >&2
      jq -c 'select(.kind != "output")' "$OUT" >&2
      return 1
    fi
    echo "without $NEG_PATH: $(denied_under "$NEG_PATH" | jq -r .path | sort -u | tr '\n' ' ')" >&3
  done <<< "$paths"
}

# A policy file giving the postgres image's environment plus a password
# (the entrypoint refuses to initialise a cluster without one).
postgres_env() {
  "$HB" policy "image:hb-test/postgres:$TAG" --json \
    | jq '{version: 1, process: {env: (.process.env + ["POSTGRES_PASSWORD=hb-test-secret"])}}' \
    > "$BATS_TEST_TMPDIR/env.json"
  echo "$BATS_TEST_TMPDIR/env.json"
}

@test "preset nginx: the official-like nginx serves with no denied write" {
  fixture services
  preset_run nginx nginx nginx-official-like 80
  grep -q 'hardenbench services fixture: nginx' "$BATS_TEST_TMPDIR/answer"
  # The entrypoint rendered the template into the writable conf.d.
  has_output "envsubst on /etc/nginx/templates/default.conf.template"
}

@test "preset nginx: without any one of its paths, writes are denied there" {
  fixture services
  preset_without nginx nginx nginx-official-like 80
}

@test "preset php-fpm: php-fpm answers FastCGI on 9000, sessions and temp files work, no denied write" {
  fixture services
  preset_run php-fpm php php-fpm 9000
  grep -q 'hardenbench services fixture: php-fpm 8.2' "$BATS_TEST_TMPDIR/answer"
  has_output "ready to handle connections"
}

@test "preset php-fpm: without /tmp, the session and temporary files are denied" {
  fixture services
  preset_without php-fpm php php-fpm 9000
}

@test "preset redis: redis answers PING as user redis, saves /data on shutdown, no denied write" {
  fixture services
  preset_run redis redis redis 6379
  grep -q PONG "$BATS_TEST_TMPDIR/answer"
  has_output "Ready to accept connections"
  has_output "DB saved on disk"
}

@test "preset redis: without /data, the snapshot is denied" {
  fixture services
  preset_without redis redis redis 6379
}

@test "preset postgres: initdb on first start, the server accepts connections, no denied write" {
  fixture services
  env=$(postgres_env)
  preset_run postgres postgres postgres 5432 --policy "$env"
  grep -q 'ready for query\|accepting connections' "$BATS_TEST_TMPDIR/answer"
  has_output "PostgreSQL init process complete"
  has_output "database system is ready to accept connections"
}

@test "preset postgres: without PGDATA or the socket directory, writes are denied there" {
  fixture services
  env=$(postgres_env)
  preset_without postgres postgres postgres 5432 --policy "$env"
}

@test "preset phpmyadmin: Apache with mod_php serves the login page, an upload, a session and twig's cache, no denied write" {
  fixture apps
  preset_run phpmyadmin pma phpmyadmin 80
  grep -q 'phpmyadmin login page' "$BATS_TEST_TMPDIR/answer"
  has_output "resuming normal operations"
}

@test "preset phpmyadmin: without any one of its paths (/var/www/html/tmp included), writes are denied there" {
  fixture apps
  preset_without phpmyadmin pma phpmyadmin 80
}

@test "preset nginx-unprivileged: nginx as uid 101 serves on 8080 with no capability and no denied write" {
  fixture apps
  preset_run nginx-unprivileged nginx nginx-unprivileged 8080
  grep -q 'hardenbench apps fixture: nginx-unprivileged' "$BATS_TEST_TMPDIR/answer"
  has_output "envsubst on /etc/nginx/templates/default.conf.template"
  # The workers run as 101 too: nothing needed a capability.
  [ "$(jq -r '.policy.user' "$OUT" | head -1)" = 101:101 ]
}

@test "preset nginx-unprivileged: without /tmp or /etc/nginx/conf.d, writes are denied there" {
  fixture apps
  preset_without nginx-unprivileged nginx nginx-unprivileged 8080
}

@test "preset node: yarn start runs a Node.js HTTP server that keeps request bodies in os.tmpdir(), no denied write" {
  fixture apps
  preset_run node node node 3000
  grep -q 'hardenbench apps fixture: node' "$BATS_TEST_TMPDIR/answer"
  has_output "listening on 3000"
}

@test "preset node: without /tmp or /usr/local/share (yarn's cache as root), writes are denied there" {
  fixture apps
  preset_without node node node 3000
}
