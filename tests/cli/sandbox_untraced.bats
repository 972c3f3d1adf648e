#!/usr/bin/env bats
# Enforcement never depends on the tracer (issue 18, SECURITY.md 18): a
# child made with clone(CLONE_UNTRACED), traced by its own parent with
# PTRACE_O_TRACESECCOMP that continues every stop, still gets the
# profile's errno for every denied syscall, and the monitor reports each
# as syscall-denied: with the exit hook, with the ptrace watch, without a
# tracer at all, with --no-monitor, as root and not as root.  The probe is
# tests/probe/hb-probe-untraced.c.

bats_require_minimum_version 1.5.0
load ../lib/common
load ../lib/sandbox

PROBE_BIN=hb-probe-untraced
# default-no-chmod: chmod falls to the default action (EPERM); keyctl,
# unshare and mount without CAP_SYS_ADMIN too; mkdir gets its own rule
# with its own errno, so a denial that only looks right cannot pass.
PROFILE=(--seccomp default-no-chmod --deny mkdir:EACCES)


setup_file () {
  [ "$(id -u)" = 0 ] || return 0
  [ -x /bin/busybox ] && [ -x "$HB_BUILDDIR/tests/probe/probe" ] \
    && [ -x "$HB_BUILDDIR/tests/probe/$PROBE_BIN" ] || return 0
  export SANDBOX_ROOT="$BATS_FILE_TMPDIR/rootfs"
  sandbox_make_rootfs "$SANDBOX_ROOT"
  cp "$HB_BUILDDIR/tests/probe/$PROBE_BIN" "$SANDBOX_ROOT/bin/$PROBE_BIN"
  [ -z "$(userns_forbidden)" ] || return 0
  # A throw-away user for the rootless trials (a single-id map), its
  # files outside bats' private temp dir.
  WORK=$(mktemp -d /tmp/hb-untraced.XXXXXX)
  chmod 755 "$WORK"
  UU=hbut-$$
  useradd -r -M -d "$WORK/h" -s /bin/sh "$UU"
  mkdir -p "$WORK/h"
  sandbox_make_rootfs "$WORK/r"
  cp "$HB_BUILDDIR/tests/probe/$PROBE_BIN" "$WORK/r/bin/$PROBE_BIN"
  chown -R "$UU:$UU" "$WORK/h" "$WORK/r"
  export WORK UU
}

teardown_file () {
  [ -n "${WORK:-}" ] || return 0
  local uid
  if uid=$(id -u "$UU" 2>/dev/null); then
    pkill -KILL -u "$UU" 2>/dev/null || true
    rm -rf "/tmp/hardenbench-$uid"
    userdel "$UU" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}

setup () {
  sandbox_require_root
  [ -x "$HB_BUILDDIR/tests/probe/$PROBE_BIN" ] || skip "$PROBE_BIN not built"
}

need_user () {
  local why
  why=$(userns_forbidden)
  [ -z "$why" ] || skip "the kernel forbids unprivileged user namespaces: $why"
  [ -n "${WORK:-}" ] || skip "setup_file made no user"
}

# as_user CMD...: run CMD as the throw-away user, with a clean environment.
as_user () {
  setpriv --reuid="$UU" --regid="$UU" --init-groups \
    env -u XDG_RUNTIME_DIR -u XDG_CACHE_HOME -u XDG_CONFIG_HOME HOME="$WORK/h" "$@"
}

# check_probe MECHANISM: $output holds the trial's --json events.  Every
# attempt failed with the profile's errno; with a MECHANISM ("exit-hook",
# "ptrace") the monitor reported each as syscall-denied from pid 2, the
# untraced child, and the summary names the mechanism; "none": no monitor.
check_probe () {
  python3 - "$1" "$output" <<'PY'
import json, sys
mech = sys.argv[1]
evs = [json.loads(l) for l in sys.argv[2].splitlines() if l.startswith("{")]
out = [e["line"] for e in evs if e["kind"] == "output"]
got = dict(l.split(": ", 1) for l in out if ": " in l)
want = {"keyctl": "EPERM", "unshare_user": "EPERM", "unshare_ns": "EPERM",
        "mount_tmpfs": "EPERM", "mkdir": "EACCES", "chmod": "EPERM"}
for k, v in want.items():
    assert got.get(k) == v, (k, got.get(k), out)
assert got.get("child") == "exit 0", out
sd = [e for e in evs if e["kind"] == "syscall-denied"]
summary = [e for e in evs if e["kind"] == "summary"][-1]
if mech == "none":
    assert sd == [], sd
    assert "monitor" not in summary, summary
    sys.exit(0)
assert summary.get("monitor") == mech, summary
pairs = [(e["syscall"], e["errno"]) for e in sd]
for s in [("keyctl", "EPERM"), ("mount", "EPERM"), ("mkdir", "EACCES"), ("chmod", "EPERM")]:
    assert pairs.count(s) == 1, (s, pairs)
assert pairs.count(("unshare", "EPERM")) == 2, pairs
assert len(sd) == 6, pairs
# A denial is reported once: not again as a failed write (the exit hook
# sees mkdir fail with EACCES) or a missing capability.
other = [e for e in evs if e["kind"] in ("write-denied", "perm-denied")]
assert other == [], other
for e in sd:
    assert e["pid"] == 2 and e["comm"] == "hb-probe-untrac", e
    assert e["rule"], e
rules = {e["syscall"]: e["rule"] for e in sd}
assert "mkdir" in rules["mkdir"], rules
assert rules["chmod"] == "default action SCMP_ACT_ERRNO", rules
PY
}

@test "root, exit hook: the self-traced untraced child gets every errno, each reported" {
  run --separate-stderr env -u HB_MONITOR_MECHANISM "$HB" trial "$SANDBOX_ROOT" "${PROFILE[@]}" \
    --json -- /bin/$PROBE_BIN
  assert_status 0
  if [[ "$stderr$output" == *"watching writes with ptrace"* ]]; then
    skip "the exit hook is not available here"
  fi
  check_probe exit-hook
}

@test "root, ptrace watch: the self-traced untraced child gets every errno, each reported" {
  run --separate-stderr env HB_MONITOR_MECHANISM=ptrace "$HB" trial "$SANDBOX_ROOT" "${PROFILE[@]}" \
    --json -- /bin/$PROBE_BIN
  assert_status 0
  check_probe ptrace
}

@test "root: an untraced child nobody traces gets the profile's errno, not ENOSYS" {
  run --separate-stderr env HB_MONITOR_MECHANISM=ptrace "$HB" trial "$SANDBOX_ROOT" "${PROFILE[@]}" \
    --json -- /bin/$PROBE_BIN --alone
  assert_status 0
  check_probe ptrace
  run --separate-stderr env -u HB_MONITOR_MECHANISM "$HB" trial "$SANDBOX_ROOT" "${PROFILE[@]}" \
    --json -- /bin/$PROBE_BIN --alone
  assert_status 0
  [[ "$output" != *'"monitor":"exit-hook"'* ]] || check_probe exit-hook
}

@test "root, --no-monitor: the same errnos, nothing to report" {
  run --separate-stderr "$HB" trial "$SANDBOX_ROOT" "${PROFILE[@]}" --no-monitor --json -- \
    /bin/$PROBE_BIN
  assert_status 0
  check_probe none
}

@test "not root, ptrace watch: the self-traced untraced child gets every errno, each reported" {
  need_user
  run --separate-stderr as_user "$HB" trial "$WORK/r" "${PROFILE[@]}" --json -- /bin/$PROBE_BIN
  assert_status 0
  check_probe ptrace
  run --separate-stderr as_user "$HB" trial "$WORK/r" "${PROFILE[@]}" --json -- \
    /bin/$PROBE_BIN --alone
  assert_status 0
  check_probe ptrace
}

@test "not root, --no-monitor: the same errnos" {
  need_user
  run --separate-stderr as_user "$HB" trial "$WORK/r" "${PROFILE[@]}" --no-monitor --json -- \
    /bin/$PROBE_BIN
  assert_status 0
  check_probe none
}
