#!/usr/bin/env bats
# monitor.bats - the live monitor through `hardenbench trial` and `learn`:
# denied writes, seccomp denials, capability denials, a burst of 20,000
# events, the same behaviour with and without the monitor, learn.

load ../lib/common

setup() {
  [ "$(id -u)" -eq 0 ] || skip "trials here need root"
  ROOT=$(hb_private_rootfs)
  cp "$HB_BUILDDIR/tests/probe/hb-monitor-workload" "$ROOT/bin/hb-monitor-workload"
}

# The events of kind $1 from the JSON lines in $output.
events() {
  printf '%s\n' "$output" | jq -c "select(.kind == \"$1\")"
}

@test "trial: denied writes carry path, errno, pid and comm" {
  run "$HB" trial "$ROOT" --read-only --seccomp unconfined --json -- \
    sh -c 'touch /etc/new.conf; mkdir /var/lib/app; cd /var/log && echo x > rel.log; true'
  assert_status 0
  run jq -s -c '[.[] | select(.kind == "write-denied")]' <<< "$output"
  [ "$(jq length <<< "$output")" -eq 3 ]
  [ "$(jq -r '.[0] | "\(.path) \(.errno) \(.syscall) \(.comm)"' <<< "$output")" = "/etc/new.conf EROFS openat touch" ]
  [ "$(jq -r '.[1] | "\(.path) \(.errno) \(.syscall) \(.comm)"' <<< "$output")" = "/var/lib/app EROFS mkdir mkdir" ]
  [ "$(jq -r '.[2] | "\(.path) \(.errno) \(.pid) \(.comm)"' <<< "$output")" = "/var/log/rel.log EROFS 1 sh" ]
  # touch and mkdir ran as forked children: pids inside the trial, not 1.
  [ "$(jq -r '.[0].pid' <<< "$output")" -gt 1 ]
}

@test "trial: the summary suggests the directories, not the files" {
  run "$HB" trial "$ROOT" --read-only --seccomp unconfined --json -- \
    sh -c 'for f in a b c d; do echo x > /var/log/$f.log; done; mkdir /var/cache/app; true'
  assert_status 0
  sum=$(printf '%s\n' "$output" | jq -c 'select(.kind == "summary")')
  [ "$(jq -c .suggestions.tmpfs <<< "$sum")" = '["/var/cache/app","/var/log"]' ]
  [ "$(jq '.denied_writes | length' <<< "$sum")" -eq 5 ]
}

@test "trial: chmod 777 / under a profile without chmod is a syscall-denied EPERM" {
  if "$HB" trial "$ROOT" --seccomp default-no-chmod -- true 2>/dev/null; then
    prof=(--seccomp default-no-chmod)
  else
    prof=(--seccomp unconfined --deny chmod --deny fchmod --deny fchmodat)
  fi
  run "$HB" trial "$ROOT" "${prof[@]}" --json -- chmod 777 /
  assert_status 1
  ev=$(events syscall-denied)
  [ "$(jq -s length <<< "$ev")" -eq 1 ]
  [[ "$(jq -r .syscall <<< "$ev")" =~ ^(chmod|fchmodat|fchmodat2)$ ]]
  [ "$(jq -r .errno <<< "$ev")" = EPERM ]
  [ "$(jq -r .comm <<< "$ev")" = chmod ]
  # default-no-chmod leaves chmod out of its allowlist: its default action
  # denies it; the --deny fallback names the rule.
  rule=$(jq -r .rule <<< "$ev")
  [[ "$rule" == "default action SCMP_ACT_ERRNO" || "$rule" == *chmod* ]]
  [ "$(printf '%s\n' "$output" | jq -r 'select(.kind == "summary") | .suggestions.allow_syscalls[0]')" = "$(jq -r .syscall <<< "$ev")" ]
}

@test "trial: capability denials name the capability" {
  # port 80 is no denial: as under Docker, no port is privileged in the
  # trial's own network namespace (sandbox_fidelity_docker.bats)
  run "$HB" trial "$ROOT" --seccomp unconfined --cap-drop ALL --tmpfs /tmp --json -- \
    sh -c 'touch /tmp/f; chown 1000 /tmp/f; nc -l -p 80 -w 1; su app -c true; true'
  assert_status 0
  run jq -r -s -c '[.[] | select(.kind == "perm-denied") | "\(.syscall):\(.errno):\(.capability)"] | join(" ")' <<< "$output"
  [ "$output" = "chown:EPERM:CAP_CHOWN setgroups:EPERM:CAP_SETGID" ]
}

# As uid 0 with every capability dropped but CHOWN: files handed to uid
# 1000 in a root-owned, non-sticky directory on a writable tmpfs.
OWNER_SCRIPT='mkdir /tmp/d; touch /tmp/d/f /tmp/d/g; chown 1000 /tmp/d/f; chmod 600 /tmp/d/f && echo chmod-ok; chmod 600 /tmp/d/g; chown 1000 /tmp/d/g; echo x > /tmp/d/g && echo write-ok; true'

@test "trial: chmod of another uid's file names CAP_FOWNER, a write-open its mode bits refuse CAP_DAC_OVERRIDE" {
  run "$HB" trial "$ROOT" --seccomp unconfined --cap-drop ALL --cap-add CHOWN --tmpfs /tmp --json -- \
    sh -c "$OWNER_SCRIPT"
  assert_status 0
  run jq -r -s -c '[.[] | select(.kind | test("denied")) | "\(.kind):\(.syscall):\(.errno):\(.capability)"] | join(" ")' <<< "$output"
  [ "$output" = "perm-denied:chmod:EPERM:CAP_FOWNER perm-denied:openat:EACCES:CAP_DAC_OVERRIDE" ]
}

@test "trial: a perm event names the file it was refused for (exit hook and ptrace watch)" {
  for mech in "" ptrace; do
    HB_MONITOR_MECHANISM=$mech run "$HB" trial "$ROOT" --seccomp unconfined --cap-drop ALL --cap-add CHOWN \
      --tmpfs /tmp --json -- sh -c "$OWNER_SCRIPT"
    assert_status 0
    run jq -r -s -c '[.[] | select(.kind == "perm-denied") | "\(.syscall):\(.path)"] | join(" ")' <<< "$output"
    [ "$output" = "chmod:/tmp/d/f openat:/tmp/d/g" ] || { echo "mechanism ${mech:-default}: $output" >&2; false; }
  done
  # and the text output says it too
  run "$HB" trial "$ROOT" --seccomp unconfined --cap-drop ALL --cap-add CHOWN --tmpfs /tmp -- sh -c "$OWNER_SCRIPT"
  assert_output_contains "chmod /tmp/d/f: EPERM, needs CAP_FOWNER"
}

# The exit hook's record is judged after the fact: the app has often
# exited by then, and with it the trial's mount namespace.  The monitor
# holds that namespace until it is done, so the file is still found on
# the tmpfs (without it, about one run in ten said write-denied here).
@test "trial: a write refused just before the app exits still names CAP_DAC_OVERRIDE (20 runs)" {
  for i in $(seq 1 20); do
    run "$HB" trial "$ROOT" --seccomp unconfined --cap-drop ALL --cap-add CHOWN --tmpfs /tmp --json -- \
      sh -c 'mkdir /tmp/d; touch /tmp/d/g; chmod 600 /tmp/d/g; chown 1000 /tmp/d/g; echo x > /tmp/d/g'
    run jq -r -s -c '[.[] | select(.kind | test("denied")) | "\(.kind):\(.syscall):\(.capability)"] | join(" ")' <<< "$output"
    [ "$output" = "perm-denied:openat:CAP_DAC_OVERRIDE" ]
  done
}

@test "trial: the summary suggests adding FOWNER and DAC_OVERRIDE, and explain knows them" {
  run "$HB" trial "$ROOT" --seccomp unconfined --cap-drop ALL --cap-add CHOWN --tmpfs /tmp --json -- \
    sh -c "$OWNER_SCRIPT"
  [ "$(printf '%s\n' "$output" | jq -c 'select(.kind == "summary") | .suggestions.cap_add')" = '["DAC_OVERRIDE","FOWNER"]' ]
  for cap in FOWNER DAC_OVERRIDE; do
    run "$HB" explain "CAP_$cap"
    assert_status 0
    [ -n "$output" ]
  done
}

@test "trial: with CAP_FOWNER and CAP_DAC_OVERRIDE added the same script succeeds without events" {
  run "$HB" trial "$ROOT" --seccomp unconfined --cap-drop ALL --cap-add CHOWN --cap-add FOWNER \
    --cap-add DAC_OVERRIDE --tmpfs /tmp --json -- sh -c "$OWNER_SCRIPT"
  assert_status 0
  [ "$(printf '%s\n' "$output" | jq -s '[.[] | select(.kind | test("denied"))] | length')" -eq 0 ]
  [ "$(printf '%s\n' "$output" | jq -r -s -c '[.[] | select(.kind == "output") | .line] | join(" ")')" = "chmod-ok write-ok" ]
}

@test "trial: creating in a directory its mode bits close is CAP_DAC_OVERRIDE; a sticky one is not told" {
  run "$HB" trial "$ROOT" --seccomp unconfined --cap-drop ALL --cap-add CHOWN --tmpfs /tmp --json -- \
    sh -c 'mkdir /tmp/d /tmp/s; chmod 1777 /tmp/s; touch /tmp/s/f; chmod 600 /tmp/s/f; chown 1000 /tmp/d /tmp/s/f; touch /tmp/d/new; echo x > /tmp/s/f; true'
  assert_status 0
  # /tmp/s/f is refused too, but in a sticky directory fs.protected_regular
  # could refuse it even with the capability: reported as a denied write.
  run jq -r -s -c '[.[] | select(.kind | test("denied")) | "\(.kind):\(.syscall):\(.path):\(.capability // "-")"] | join(" ")' <<< "$output"
  [ "$output" = "perm-denied:openat:/tmp/d/new:CAP_DAC_OVERRIDE write-denied:openat:/tmp/s/f:-" ]
}

@test "trial: on a read-only root chmod and create fail with EROFS: write-denied, not perm-denied" {
  run "$HB" trial "$ROOT" --read-only --seccomp unconfined --cap-drop ALL --json -- \
    sh -c 'chmod 700 /home/app; echo x > /home/app/f; true'
  assert_status 0
  [ "$(events perm-denied | wc -l)" -eq 0 ]
  run jq -r -s -c '[.[] | select(.kind == "write-denied") | "\(.syscall):\(.path):\(.errno)"] | join(" ")' <<< "$output"
  [ "$output" = "chmod:/home/app:EROFS openat:/home/app/f:EROFS" ]
}

@test "trial: a burst of 20,000 denied writes gives 20,000 events, none dropped" {
  run "$HB" trial "$ROOT" --read-only --seccomp unconfined --json -- \
    /bin/hb-monitor-workload wrtry 20000 /burst
  assert_status 0
  [ "$(events write-denied | wc -l)" -eq 20000 ]
  [ "$(events dropped | wc -l)" -eq 0 ]
  [ "$(printf '%s\n' "$output" | jq 'select(.kind == "summary") | .denied_writes[0].count')" -eq 20000 ]
}

@test "trial: with and without the monitor the target behaves the same" {
  script='touch /x 2>&1; chmod 700 /tmp 2>&1; mkdir /tmp/d && echo made; echo $?; exit 3'
  args=(--read-only --tmpfs /tmp --seccomp unconfined --deny fchmodat --deny chmod)
  run "$HB" trial "$ROOT" "${args[@]}" -- sh -c "$script"
  with_status=$status with_out=$output
  run "$HB" trial "$ROOT" "${args[@]}" --no-monitor -- sh -c "$script"
  [ "$status" -eq "$with_status" ]
  [ "$status" -eq 3 ]
  # Event lines are on stderr prefixed "hardenbench:"; the target's own
  # lines must be identical.
  diff <(grep -v '^hardenbench:' <<< "$with_out") <(grep -v '^hardenbench:' <<< "$output")
  grep -q "Operation not permitted" <<< "$output"
}

@test "trial: root trials watch writes with the exit hook; both mechanisms report the same" {
  # Relative paths too: the hook walks from the cwd to the root, across
  # the /tmp mount and through "..".
  script='touch /etc/a.conf; mkdir /var/lib/app; echo ok > /tmp/fine; chown 5 /tmp/fine; cd /var && echo x > rel; cd /tmp && ln -s a ../etc/l; cd /etc && mkdir ./../etc/e; true'
  args=(--read-only --tmpfs /tmp --seccomp unconfined --cap-drop ALL)
  run "$HB" trial "$ROOT" "${args[@]}" --json -- sh -c "$script"
  assert_status 0
  hook=$output
  [ "$(jq -r 'select(.kind == "summary") | .monitor' <<< "$hook")" = exit-hook ]
  HB_MONITOR_MECHANISM=ptrace run "$HB" trial "$ROOT" "${args[@]}" --json -- sh -c "$script"
  assert_status 0
  [ "$(jq -r 'select(.kind == "summary") | .monitor' <<< "$output")" = ptrace ]
  # The same events, field for field (but the time).
  pick='select(.kind == "write-denied" or .kind == "perm-denied") | del(.ts)'
  diff <(jq -c "$pick" <<< "$hook") <(jq -c "$pick" <<< "$output")
  [ "$(jq -c "$pick" <<< "$hook" | wc -l)" -eq 6 ]
  jq -s -e 'any(.[]; .kind == "perm-denied" and .capability == "CAP_CHOWN" and .syscall == "chown")' <<< "$hook"
  jq -s -e 'any(.[]; .kind == "write-denied" and .path == "/var/rel" and .pid == 1)' <<< "$hook"
  jq -s -e 'any(.[]; .kind == "write-denied" and .path == "/etc/l" and .errno == "EROFS")' <<< "$hook"
  jq -s -e 'any(.[]; .kind == "write-denied" and .path == "/etc/e" and .syscall == "mkdir")' <<< "$hook"
}

@test "trial: under the exit hook a task's own SIGSTOP still stops it until SIGCONT" {
  # The hook stops a task with SIGSTOP after a failed write and the monitor
  # swallows that one; a SIGSTOP the app sends must keep its meaning.
  run timeout 20 "$HB" trial "$ROOT" --read-only --seccomp unconfined --json -- sh -c '
    sh -c "touch /denied; kill -STOP \$\$; echo resumed" &
    child=$!
    sleep 0.5
    # T: stopped; t: stopped while traced (the monitor listens).
    case $(sed -n "s/^State:[[:space:]]*//p" /proc/$child/status) in
      T*|t*) echo stopped ;;
      *) echo running ;;
    esac
    kill -CONT $child
    wait $child
    echo "done $?"'
  assert_status 0
  [ "$(jq -r 'select(.kind == "output" and .stream == "stdout") | .line' <<< "$output" | tr '\n' ' ')" = "stopped resumed done 0 " ]
  [ "$(events write-denied | jq -r .path)" = /denied ]
}

@test "trial: under the exit hook a write refused without a stop is shown while the app runs" {
  # EROFS for an absolute path stops nothing: the ring's reader reports it
  # at once, not the app's next stop or its end.  The shell writes, then
  # spins without a syscall that would stop it (no fork, no exec).
  out=$BATS_TEST_TMPDIR/events.json
  "$HB" trial "$ROOT" --read-only --seccomp unconfined --timeout 30 --json -- \
    sh -c 'echo x > /live; while :; do :; done' > "$out" 2>/dev/null &
  pid=$!
  seen=no
  for _ in $(seq 200); do
    grep -q '"write-denied"' "$out" && { seen=yes; break; }
    sleep 0.05
  done
  running=no
  kill -0 "$pid" 2>/dev/null && running=yes
  kill -TERM "$pid"
  wait "$pid" || true
  [ "$seen" = yes ]
  [ "$running" = yes ]
  [ "$(jq -r 'select(.kind == "write-denied") | "\(.path) \(.errno) \(.pid) \(.comm)"' "$out")" = "/live EROFS 1 sh" ]
  [ "$(jq -r 'select(.kind == "summary") | .monitor' "$out")" = exit-hook ]
}

@test "trial: exec and exit of every process" {
  run "$HB" trial "$ROOT" --seccomp unconfined --json -- sh -c '/bin/sh -c "exit 5"; true'
  assert_status 0
  [ "$(events exec | jq -s length)" -eq 2 ]
  [ "$(events exec | jq -s -c '.[1].argv')" = '["/bin/sh","-c","exit 5"]' ]
  [ "$(events exit | jq -s -c '[.[] | .status]')" = '[5,0]' ]
}

@test "learn: a proposed policy under which the same workload shows no denials" {
  out=$BATS_TEST_TMPDIR/learned.json
  run "$HB" learn "$ROOT" -o "$out" -- \
    sh -c 'mkdir -p /var/lib/app/data && echo x > /var/lib/app/data/f && echo y > /tmp/z && chown 1000 /tmp/z && echo ok'
  assert_status 0
  grep -q "verification trial 1: no denials" <<< "$output"
  [ "$(jq -r .read_only_root "$out")" = true ]
  [ "$(jq -c '[.tmpfs[].path]' "$out")" = '["/tmp","/var/lib/app"]' ]
  [ "$(jq -c .capabilities "$out")" = '{"drop":["ALL"],"add":["CHOWN"]}' ]
  prof=$(jq -r .seccomp.profile "$out")
  [ "$prof" = "$BATS_TEST_TMPDIR/learned.seccomp.json" ]
  [ "$(jq -r .defaultAction "$prof")" = SCMP_ACT_ERRNO ]
  jq -e '.syscalls[0].names | index("chown")' "$prof" >/dev/null
  jq -e '.syscalls[0].names | index("ptrace") | not' "$prof" >/dev/null
  # A trial under it, monitor on: no denials of any kind.
  run "$HB" trial "$ROOT" --policy "$out" --json -- \
    sh -c 'mkdir -p /var/lib/app/data && echo x > /var/lib/app/data/f && echo y > /tmp/z && chown 1000 /tmp/z && echo ok'
  assert_status 0
  [ "$(printf '%s\n' "$output" | jq -s '[.[] | select(.kind | test("denied"))] | length')" -eq 0 ]
  # And a syscall the run never made is now refused.
  run "$HB" trial "$ROOT" --policy "$out" --json -- sh -c 'mkdir -p /var/lib/app && chmod 700 /var/lib/app'
  [ "$(events syscall-denied | jq -r .syscall)" = chmod ]
}
