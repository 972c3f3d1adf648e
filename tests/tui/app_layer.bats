#!/usr/bin/env bats
# One application layer under both front ends (src/app): a policy edited
# in the workbench and the same policy given to `hardenbench export` as
# flags give the same files, byte for byte, side files included.  The
# container's name has underscores and the volume is given as SOURCE:PATH,
# as the command line and docker read it.

load tmux

setup() {
  hb_require_docker
  NAME="hbt_app_$$_${BATS_TEST_NUMBER}"
  FORMATS=(run compose ecs ecs-fargate k8s seccomp dockerfile)
}

teardown() {
  tui_stop
  docker rm -f "$NAME" >/dev/null 2>&1 || true
}

@test "app layer: every format saved from the workbench equals the export command's, side files included" {
  docker create --name "$NAME" --read-only --cap-drop ALL hb-test/busybox:latest sleep 600 >/dev/null
  local d=$BATS_TEST_TMPDIR fmt i
  tui_start -- "$NAME"
  tui_wait "[x] Read-only root filesystem"
  # the volume, as --volume takes it (the last row of the mounts)
  tui_keys G Enter
  tui_wait "volume [SOURCE:]PATH[:ro]:"
  tui_type "/srv/appdata:/data"
  tui_keys Enter
  tui_wait_gone "volume [SOURCE:]PATH[:ro]:"
  # a deny rule, as --deny takes it
  tui_keys l l a
  tui_wait "deny SYSCALL"
  tui_type "chmod"
  tui_keys Enter
  tui_wait_gone "deny SYSCALL"
  tui_keys e
  tui_wait "Export: run "
  for fmt in "${FORMATS[@]}"; do
    for ((i = 0; i < 10; i++)); do
      tui_screen | grep -qF "Export: $fmt " && break
      tui_keys j
      sleep 0.2
    done
    tui_wait "Export: $fmt "
    tui_keys w
    tui_wait "save to:"
    tui_keys C-u
    tui_type "$fmt.out"
    tui_keys Enter
    tui_wait "saved the $fmt export to $fmt.out"
  done
  tui_keys Escape q
  mkdir "$d/tui" "$d/cli"
  mv "$d"/*.out "$d"/*.seccomp.json "$d/tui/"
  # the side file the run and compose exports refer to is there
  [ -f "$d/tui/run.seccomp.json" ] && [ -f "$d/tui/compose.seccomp.json" ]
  # the name is the command's: '_' is not a DNS label character
  grep -q -- "--name=hbt-app-" "$d/tui/run.out"
  # the volume is the host's /srv/appdata at /data, not the other way round
  grep -q -- "--volume=/srv/appdata:/data" "$d/tui/run.out" \
    || grep -q -- "--mount=type=bind,source=/srv/appdata,target=/data" "$d/tui/run.out"

  cd "$d"
  for fmt in "${FORMATS[@]}"; do
    run "$HB" export "$NAME" --format "$fmt" --volume /srv/appdata:/data --deny chmod -o "$fmt.out"
    assert_status 0
  done
  mv "$d"/*.out "$d"/*.seccomp.json "$d/cli/"
  diff -r "$d/cli" "$d/tui"
}
