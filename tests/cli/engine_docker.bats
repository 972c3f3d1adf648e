#!/usr/bin/env bats
# hardenbench against the real engine: policies of containers and images
# reproduce their settings, list shows every container, errors exit 3 / 5,
# and both rootfs paths (overlay layers, export cache) give the files.

TOOL="${HB_ENGINE_TOOL:-$HB_BUILDDIR/tests/engine/hb_engine_tool}"
load ../lib/common
IMG=hb-test/busybox:latest
P=hbt-engine-$$

setup_file () {
  export P
}

setup () {
  hb_require_docker
  TMP=$(mktemp -d)
  export XDG_CACHE_HOME=$TMP/cache
}

teardown () {
  docker ps -aq --filter "name=^$P" | xargs -r docker rm -f >/dev/null 2>&1 || true
  docker volume rm "$P-vol" >/dev/null 2>&1 || true
  rm -rf "$TMP"
}

jq_is () {
  # jq_is FILTER EXPECTED  (on $output)
  got=$(printf '%s' "$output" | jq -c "$1")
  echo "$1 = $got (want $2)"
  [ "$got" = "$2" ]
}

@test "policy of a hardened container reproduces every setting" {
  cat > "$TMP/prof.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["chmod", "fchmod"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}
JSON
  docker create --name "$P-hard" --read-only --tmpfs /tmp:rw,noexec,nosuid,size=16m \
    --cap-drop ALL --cap-add NET_BIND_SERVICE --security-opt no-new-privileges \
    --user 1000:1000 --memory 64m --pids-limit 50 --cpus 0.5 \
    --security-opt "seccomp=$TMP/prof.json" -v "$TMP:/host:ro" -v "$P-vol:/data" \
    -e HB_TEST=1 -w /tmp --expose 8080 "$IMG" sleep 10 >/dev/null
  run "$HB" policy "$P-hard" --json
  echo "$output"
  [ "$status" -eq 0 ]
  jq_is .target.name "\"$P-hard\""
  jq_is .read_only_root true
  jq_is '.tmpfs[0].path' '"/tmp"'
  jq_is '.tmpfs[0].options | split(",") | (index("noexec") != null and index("nosuid") != null)' true
  jq_is '.tmpfs[0].options | test("size=(16m|16777216)")' true
  jq_is '[.volumes[] | select(.path == "/host")][0] | [.source, .read_only]' "[\"$TMP\",true]"
  jq_is '[.volumes[] | select(.path == "/data")][0] | [.source, .read_only]' "[\"$P-vol\",false]"
  jq_is .capabilities.drop '["ALL"]'
  jq_is .capabilities.add '["NET_BIND_SERVICE"]'
  jq_is .no_new_privileges true
  jq_is .user '"1000:1000"'
  jq_is '.limits.memory | tostring | test("^(67108864|64m)$")' true
  jq_is .limits.pids 50
  jq_is .limits.cpus 0.5
  # The inline profile docker stored was saved as a file with the same rules.
  profile=$(printf '%s' "$output" | jq -r .seccomp.profile)
  [ -f "$profile" ]
  [ "$(stat -c %a "$profile")" = 600 ]
  [ "$(jq -c '.syscalls[0].names' "$profile")" = '["chmod","fchmod"]' ]
  [ "$(jq -r .defaultAction "$profile")" = SCMP_ACT_ALLOW ]
}

@test "policy of a default container: nothing hardened, process kept" {
  docker create --name "$P-plain" -e HB_TEST=1 -w /tmp "$IMG" sleep 10 >/dev/null
  run "$HB" policy "$P-plain" --json
  echo "$output"
  [ "$status" -eq 0 ]
  jq_is .read_only_root false
  jq_is .no_new_privileges false
  jq_is '.tmpfs | length' 0
  jq_is '.capabilities.drop | length' 0
  jq_is '.capabilities.add | length' 0
  jq_is '.limits.pids // 0' 0
  [[ "$(printf '%s' "$output" | jq -c .)" == *'"sleep","10"'* ]]
  [[ "$(printf '%s' "$output" | jq -c .)" == *'HB_TEST=1'* ]]
}

@test "unconfined seccomp and privileged are reported" {
  docker create --name "$P-wild" --security-opt seccomp=unconfined --privileged "$IMG" >/dev/null
  run "$HB" policy "$P-wild" --json
  [ "$status" -eq 0 ]
  jq_is .seccomp.profile '"unconfined"'
  run "$HB" list --all --json
  [ "$status" -eq 0 ]
  jq_is "[.[] | select(.name == \"$P-wild\")][0] | [.privileged, .seccomp]" '[true,"unconfined"]'
}

@test "list --all --json shows 200 containers the test created" {
  for i in $(seq 1 200); do echo "$P-many-$i"; done \
    | xargs -P 4 -I{} docker create --name {} "$IMG" >/dev/null
  run "$HB" list --all --json
  [ "$status" -eq 0 ]
  n=$(printf '%s' "$output" | jq "[.[] | select(.name | startswith(\"$P-many-\"))] | length")
  [ "$n" -eq 200 ]
  jq_is "[.[] | select(.name == \"$P-many-7\")][0] | [.image, .state, (.id | length)]" \
    "[\"$IMG\",\"created\",64]"
  # The table shows them too, one line each.
  run "$HB" list --all
  [ "$status" -eq 0 ]
  [ "$(printf '%s\n' "$output" | grep -c " $P-many-")" -eq 200 ]
  [[ "${lines[0]}" == ID*NAME*IMAGE*STATE*RO*CAPS*SECCOMP* ]]
}

@test "list without --all leaves out stopped containers" {
  docker create --name "$P-stopped" "$IMG" >/dev/null
  run "$HB" list --json
  [ "$status" -eq 0 ]
  [ "$(printf '%s' "$output" | jq "[.[] | select(.name == \"$P-stopped\")] | length")" -eq 0 ]
}

@test "images: list --images and policy image:REF" {
  run "$HB" list --images --json
  [ "$status" -eq 0 ]
  [ "$(printf '%s' "$output" | jq "[.[] | select(.name == \"$IMG\")] | length")" -eq 1 ]
  run "$HB" policy "image:$IMG" --json
  echo "$output"
  [ "$status" -eq 0 ]
  jq_is .target.image "\"$IMG\""
  jq_is .process.cmd '["/bin/sh"]'
  # Without the prefix, a name that is no container falls back to images.
  run "$HB" policy "$IMG" --json
  [ "$status" -eq 0 ]
}

@test "target not found: exit 5" {
  run "$HB" policy "$P-does-not-exist"
  echo "$output"
  [ "$status" -eq 5 ]
  [[ "$output" == *"no such container or image"* ]]
  run "$HB" policy "image:$P-does-not-exist"
  [ "$status" -eq 5 ]
}

@test "no engine: exit 3 and the fix" {
  run "$HB" --engine unix:///nonexistent.sock list
  echo "$output"
  [ "$status" -eq 3 ]
  [[ "$output" == *"no Docker engine at unix:///nonexistent.sock — is dockerd running? set DOCKER_HOST or --engine"* ]]
  run env DOCKER_HOST=unix:///nonexistent.sock "$HB" policy web
  [ "$status" -eq 3 ]
  run "$HB" --engine ftp://host list
  [ "$status" -eq 3 ]
  [[ "$output" == *"unsupported (use unix:///path, tcp://host:port or ssh://"* ]]
}

@test "permission denied names the group to join" {
  [ "$(id -u)" -eq 0 ] || skip "needs root to drop to nobody"
  command -v setpriv >/dev/null || skip "no setpriv"
  sock=$(stat -c %G /var/run/docker.sock)
  [ "$sock" != root ] || skip "docker.sock belongs to group root"
  run setpriv --reuid=65534 --regid=65534 --clear-groups env XDG_CACHE_HOME=/tmp "$HB" list
  echo "$output"
  [ "$status" -eq 3 ]
  [[ "$output" == *"permission denied"*"group $sock"* ]]
}

@test "rootfs: overlay layers in place, then the export cache" {
  docker create --name "$P-fs" "$IMG" >/dev/null
  run "$TOOL" rootfs "$P-fs"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "${lines[0]}" == /*/diff ]]
  [ "${#lines[@]}" -ge 2 ]
  [ ! -e "$XDG_CACHE_HOME/hardenbench/rootfs" ]
  run env HARDENBENCH_ROOTFS=export "$TOOL" rootfs "$P-fs"
  echo "$output"
  [ "$status" -eq 0 ]
  id=$(docker inspect -f '{{.Id}}' "$P-fs")
  [ "$output" = "$XDG_CACHE_HOME/hardenbench/rootfs/$id/root" ]
  [ -x "$output/bin/busybox" ] || [ -x "$output/bin/sh" ]
  [ -f "$XDG_CACHE_HOME/hardenbench/rootfs/$id/.complete" ]
  [ "$(stat -c %a "$XDG_CACHE_HOME/hardenbench")" = 700 ]
  [ "$(stat -c %a "$XDG_CACHE_HOME/hardenbench/rootfs")" = 700 ]
  # Reused: a marker-carrying directory is not extracted again.
  touch "$output/reuse-check"
  run env HARDENBENCH_ROOTFS=export "$TOOL" rootfs "$P-fs"
  [ -e "$output/reuse-check" ]
}

@test "rootfs of an image: a temporary container, removed afterwards" {
  # (Other test suites share the engine: count only our labelled ones.)
  run env HARDENBENCH_ROOTFS=export "$TOOL" rootfs "image:$IMG"
  echo "$output"
  [ "$status" -eq 0 ]
  [ -d "$output/bin" ]
  [ -z "$(docker ps -aq --filter label=org.hardenbench.temporary)" ]
}

@test "a cache directory without its marker is never used" {
  docker create --name "$P-partial" "$IMG" >/dev/null
  id=$(docker inspect -f '{{.Id}}' "$P-partial")
  mkdir -p "$XDG_CACHE_HOME/hardenbench/rootfs/$id/root"
  touch "$XDG_CACHE_HOME/hardenbench/rootfs/$id/root/stale-leftover"
  run env HARDENBENCH_ROOTFS=export "$TOOL" rootfs "$P-partial"
  [ "$status" -eq 0 ]
  [ ! -e "$output/stale-leftover" ]
  [ -d "$output/bin" ]
}

@test "temporary containers a killed hardenbench left are removed by the next export" {
  boot=$(cat /proc/sys/kernel/random/boot_id)
  # A pid that existed and is gone now.
  sh -c 'exit 0' & dead=$!
  wait "$dead"
  docker create --name "$P-tmp-dead" --label org.hardenbench.temporary=export \
    --label "org.hardenbench.owner=$boot:$dead" "$IMG" >/dev/null
  # One whose maker still runs (this shell) must be left alone.
  docker create --name "$P-tmp-live" --label org.hardenbench.temporary=export \
    --label "org.hardenbench.owner=$boot:$$" "$IMG" >/dev/null
  run env HARDENBENCH_ROOTFS=export "$TOOL" rootfs "image:$IMG"
  [ "$status" -eq 0 ]
  ! docker inspect "$P-tmp-dead" >/dev/null 2>&1
  docker inspect "$P-tmp-live" >/dev/null
}
