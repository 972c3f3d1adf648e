#!/usr/bin/env bats
# Nothing left behind (issue 4): Ctrl-C, SIGTERM, a crashing target and a
# killed supervisor leave no processes, mounts, cgroups or temp dirs.

bats_require_minimum_version 1.5.0
load ../lib/sandbox

setup_file () {
  export SANDBOX_ROOT="$BATS_FILE_TMPDIR/rootfs"
  if [ "$(id -u)" = 0 ] && [ -x "$HB_BUILDDIR/tests/probe/probe" ]; then
    sandbox_make_rootfs "$SANDBOX_ROOT"
  fi
}

setup () {
  sandbox_require_root
  # a marker no other process carries
  MARK="$((3000 + RANDOM % 5000))"
}

trial_in_background () {
  # limits, so that cgroups exist; children, so that more than pid 1 runs
  "$HB" trial "$SANDBOX_ROOT" --pids-limit 50 --memory 128m --tmpfs /tmp "$@" -- \
    /bin/sh -c "sleep $MARK & sleep $MARK & sleep $MARK" 2>/dev/null &
  HBPID=$!
  wait_for marker_running
}

marker_running () {
  [ "$(sandbox_count_procs "sleep $MARK")" -ge 3 ]
}
marker_gone () {
  [ "$(sandbox_count_procs "sleep $MARK")" -eq 0 ]
}
cgroups_present () {
  [ "$(sandbox_count_cgroups "$HBPID")" -gt 0 ]
}

@test "Ctrl-C (SIGINT) of hardenbench leaves nothing behind" {
  local before after
  before="mounts=$(sandbox_count_mounts) procs=0 cgroups=0 rundirs=0"
  trial_in_background
  cgroups_present
  # the run dir is a tmpfs over the base in the trial's own namespace:
  # nothing is made on the host, even while the trial runs
  [ "$(sandbox_count_rundirs "$HBPID")" = 0 ]
  kill -INT "$HBPID"
  local st=0
  wait "$HBPID" || st=$?
  [ "$st" -eq 137 ]
  after=$(sandbox_snapshot "sleep $MARK" "$HBPID")
  [ "$before" = "$after" ]
}

@test "SIGTERM of hardenbench leaves nothing behind" {
  local before after
  before="mounts=$(sandbox_count_mounts) procs=0 cgroups=0 rundirs=0"
  trial_in_background
  cgroups_present
  kill -TERM "$HBPID"
  local st=0
  wait "$HBPID" || st=$?
  [ "$st" -eq 137 ]
  after=$(sandbox_snapshot "sleep $MARK" "$HBPID")
  [ "$before" = "$after" ]
}

@test "a crashing target leaves nothing behind" {
  local before after
  before="mounts=$(sandbox_count_mounts) procs=0"
  "$HB" trial "$SANDBOX_ROOT" --timeout 20 --pids-limit 50 --memory 128m -- /bin/probe crash "$MARK" 2>/dev/null &
  HBPID=$!
  local st=0
  wait "$HBPID" || st=$?
  [ "$st" -eq 139 ]
  after="mounts=$(sandbox_count_mounts) procs=$(sandbox_count_procs "/bin/probe crash $MARK")"
  [ "$before" = "$after" ]
  [ "$(sandbox_count_cgroups "$HBPID")" = 0 ]
  [ "$(sandbox_count_rundirs "$HBPID")" = 0 ]
}

@test "SIGKILL of hardenbench: the trial dies with it, the next start cleans up" {
  local before after
  before="mounts=$(sandbox_count_mounts) procs=0 cgroups=0 rundirs=0"
  trial_in_background
  cgroups_present
  kill -KILL "$HBPID"
  wait "$HBPID" || true
  # the trial's processes die with their supervisor (PR_SET_PDEATHSIG,
  # pid-namespace init); its mounts lived in its own namespace
  wait_for marker_gone
  [ "$(sandbox_count_mounts)" = "$(echo "$before" | sed 's/mounts=\([0-9]*\).*/\1/')" ]
  # a killed supervisor cannot clean: the next start removes its run dir
  # and cgroups (another suite's trial may have done it already)
  run "$HB" trial "$SANDBOX_ROOT" -- /bin/true
  [ "$status" -eq 0 ]
  after=$(sandbox_snapshot "sleep $MARK" "$HBPID")
  [ "$before" = "$after" ]
}
