#!/usr/bin/env bats
# `list` on the real engine: the summary of every container, first asked
# (inspected) and then known (the list cache), equals what `docker inspect`
# of that container says; a cache entry is used only while the list endpoint
# describes the same container; a removed container drops out of it.

load ../lib/common
IMG=hb-test/busybox:latest
P=hbt-remote-list-$$

setup () {
  hb_require_docker
  TMP=$(mktemp -d)
  export XDG_CACHE_HOME=$TMP/cache
}

teardown () {
  docker ps -aq --filter "name=^$P" | xargs -r docker rm -f >/dev/null 2>&1 || true
  rm -rf "$TMP"
}

# The summary fields of container $1 from `docker inspect`, as list --json
# spells them (capabilities are checked against the expected counts).
inspected () {
  docker inspect "$1" | jq -c '.[0] | [.HostConfig.ReadonlyRootfs, .HostConfig.Privileged,
    (.Config.User // ""),
    ((.HostConfig.SecurityOpt // []) | any(. == "no-new-privileges" or . == "no-new-privileges:true")),
    (if .HostConfig.Privileged or ((.HostConfig.SecurityOpt // []) | any(. == "seccomp=unconfined"))
     then "unconfined" else "default" end)]'
}

listed () { # listed JSON NAME
  jq -c --arg n "$2" '.[] | select(.name == $n) | [.read_only_root, .privileged, .user,
    .no_new_privileges, .seccomp]' <<<"$1"
}

caps_of () {
  jq -c --arg n "$2" '.[] | select(.name == $n) | .capabilities' <<<"$1"
}

make_containers () {
  docker create --name "$P-plain" "$IMG" >/dev/null
  docker create --name "$P-hard" --read-only --cap-drop ALL --cap-add NET_BIND_SERVICE \
    --security-opt no-new-privileges --user 1000:1000 "$IMG" >/dev/null
  docker create --name "$P-priv" --privileged "$IMG" >/dev/null
  docker create --name "$P-wide" --cap-add SYS_ADMIN --security-opt seccomp=unconfined \
    "$IMG" >/dev/null
}

check_against_inspect () { # check_against_inspect JSON
  for c in plain hard priv wide; do
    want=$(inspected "$P-$c")
    got=$(listed "$1" "$P-$c")
    echo "$c: list $got, inspect $want"
    [ "$got" = "$want" ]
  done
  [ "$(caps_of "$1" "$P-plain")" = 14 ]
  [ "$(caps_of "$1" "$P-hard")" = 1 ]
  [ "$(caps_of "$1" "$P-priv")" = 41 ]
  [ "$(caps_of "$1" "$P-wide")" = 15 ]
}

@test "list --all: the summaries equal docker inspect, asked and then from the cache" {
  make_containers
  run "$HB" list --all --json
  [ "$status" -eq 0 ]
  first=$output
  check_against_inspect "$first"
  cache=$(ls "$XDG_CACHE_HOME"/hardenbench/list/containers-*.json)
  [ "$(stat -c %a "$cache")" = 600 ]
  # the second listing takes them from the cache: same answer
  jq -e --arg id "$(docker inspect -f '{{.Id}}' "$P-hard")" '.entries[$id].caps == 1' "$cache"
  run "$HB" list --all --json
  [ "$status" -eq 0 ]
  check_against_inspect "$output"
  [ "$(jq -S "[.[] | select(.name | startswith(\"$P-\"))] | sort_by(.name)" <<<"$output")" = \
    "$(jq -S "[.[] | select(.name | startswith(\"$P-\"))] | sort_by(.name)" <<<"$first")" ]
}

@test "list: an entry for another creation time is not used; removed containers leave the cache" {
  make_containers
  run "$HB" list --all --json
  [ "$status" -eq 0 ]
  cache=$(ls "$XDG_CACHE_HOME"/hardenbench/list/containers-*.json)
  id=$(docker inspect -f '{{.Id}}' "$P-plain")
  # An entry that claims privileged for this id but another creation time.
  jq --arg id "$id" '.entries[$id].privileged = true | .entries[$id].stamp = "1/sha256:x"' \
    "$cache" > "$TMP/c" && cp "$TMP/c" "$cache"
  run "$HB" list --all --json
  [ "$status" -eq 0 ]
  [ "$(listed "$output" "$P-plain")" = "$(inspected "$P-plain")" ]
  # ...and it was replaced by the truth
  jq -e --arg id "$id" '.entries[$id].privileged == false' "$cache"
  # An entry with the right stamp in a file others may write is not used.
  jq --arg id "$id" '.entries[$id].privileged = true' "$cache" > "$TMP/c" && cp "$TMP/c" "$cache"
  chmod 666 "$cache"
  run "$HB" list --all --json
  [ "$(listed "$output" "$P-plain")" = "$(inspected "$P-plain")" ]
  [ "$(stat -c %a "$cache")" = 600 ]   # replaced by a new file of ours
  # A malformed entry is dropped, not shown.
  jq --arg id "$id" '.entries[$id].caps = "lots"' "$cache" > "$TMP/c" && cp "$TMP/c" "$cache"
  run "$HB" list --all --json
  [ "$(caps_of "$output" "$P-plain")" = 14 ]
  docker rm -f "$P-plain" >/dev/null
  run "$HB" list --all --json
  [ "$status" -eq 0 ]
  jq -e --arg id "$id" '.entries[$id] == null' "$cache"
  # Without --all the stopped containers stay in the cache.
  id2=$(docker inspect -f '{{.Id}}' "$P-hard")
  run "$HB" list --json
  [ "$status" -eq 0 ]
  jq -e --arg id "$id2" '.entries[$id].caps == 1' "$cache"
}

@test "list names the engine it reached on stderr after the table" {
  run "$HB" list
  [ "$status" -eq 0 ]
  [[ "${lines[0]}" == ID*NAME* ]]
  [[ "${lines[-1]}" == "engine: unix:///var/run/docker.sock (default), API 1."* ]]
  run "$HB" --engine unix:///var/run/docker.sock list
  [[ "${lines[-1]}" == "engine: unix:///var/run/docker.sock (--engine), API 1."* ]]
  run env DOCKER_HOST=unix:///var/run/docker.sock "$HB" list
  [[ "${lines[-1]}" == "engine: unix:///var/run/docker.sock (DOCKER_HOST), API 1."* ]]
}
