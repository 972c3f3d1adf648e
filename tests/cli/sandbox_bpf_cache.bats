#!/usr/bin/env bats
# The seccomp BPF cache (programs, and the parsed profile beside them) seen
# from a trial: filled once, used after, and never trusted when damaged or
# not ours; the filter holds either way.

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
  export XDG_CACHE_HOME="$BATS_TEST_TMPDIR/cache"
  BPF="$XDG_CACHE_HOME/hardenbench/bpf"
}

# the denial the enforcing filter must give, whatever the cache held
denied () {
  [[ "$output" == *"unshare: EPERM"* ]] && [[ "$output" == *"uname: EFAULT"* ]]
}

entries () {
  find "$BPF" -maxdepth 1 -name '*.bpf' -printf '%i %s %f\n' | sort
}

@test "the first trial fills the cache, the next one reads it" {
  run "$HB" trial "$SANDBOX_ROOT" -- /bin/probe syscalls
  [ "$status" -eq 0 ]
  denied
  # the policy's filter and the monitor's watch filter
  [ "$(entries | wc -l)" -eq 2 ]
  [ "$(stat -c %a "$BPF")" = 700 ]
  [ "$(stat -c %a%U "$BPF"/*.bpf | sort -u)" = "600root" ]
  before=$(entries)
  run "$HB" trial "$SANDBOX_ROOT" -- /bin/probe syscalls
  [ "$status" -eq 0 ]
  denied
  [[ "$output" != *"filter cache"* ]]
  # a hit rewrites nothing (same inodes)
  [ "$(entries)" = "$before" ]
  # another policy is another program
  run "$HB" trial "$SANDBOX_ROOT" --deny uname -- /bin/probe syscalls
  [[ "$output" == *"uname: EPERM"* ]]
  [ "$(entries | wc -l)" -eq 3 ]
}

@test "a damaged entry is refused with a note, rebuilt, and the filter holds" {
  run "$HB" trial "$SANDBOX_ROOT" --no-monitor -- /bin/true
  [ "$status" -eq 0 ]
  f=$(ls "$BPF"/*.bpf)
  # turn the last instruction's return value into SECCOMP_RET_ALLOW
  size=$(stat -c %s "$f")
  printf '\0\0\377\177' | dd of="$f" bs=1 seek=$((size - 4)) conv=notrunc status=none
  run "$HB" trial "$SANDBOX_ROOT" --no-monitor -- /bin/probe syscalls
  [ "$status" -eq 0 ]
  [[ "$output" == *"filter cache"*"checksum mismatch (refused, rebuilt)"* ]]
  denied
  # rebuilt: the next trial is quiet
  run "$HB" trial "$SANDBOX_ROOT" --no-monitor -- /bin/probe syscalls
  [[ "$output" != *"filter cache"* ]]
  denied
}

@test "the parsed profile is kept beside the programs, read back, and parsed again when damaged" {
  run "$HB" trial "$SANDBOX_ROOT" --no-monitor -- /bin/true
  [ "$status" -eq 0 ]
  [ "$(find "$BPF" -maxdepth 1 -name '*.blob' | wc -l)" -eq 1 ]
  f=$(ls "$BPF"/*.blob)
  [ "$(stat -c %a%U "$f")" = "600root" ]
  before=$(stat -c %i "$f")
  run "$HB" trial "$SANDBOX_ROOT" --no-monitor -- /bin/probe syscalls
  [ "$status" -eq 0 ]
  [[ "$output" != *"filter cache"* ]]
  denied
  # read back, not rewritten
  [ "$(stat -c %i "$f")" = "$before" ]
  size=$(stat -c %s "$f")
  printf '\377' | dd of="$f" bs=1 seek=$((size - 9)) conv=notrunc status=none
  run "$HB" trial "$SANDBOX_ROOT" --no-monitor -- /bin/probe syscalls
  [ "$status" -eq 0 ]
  [[ "$output" == *"filter cache"*"checksum mismatch (refused, parsed again)"* ]]
  denied
  run "$HB" trial "$SANDBOX_ROOT" --no-monitor -- /bin/probe syscalls
  [[ "$output" != *"filter cache"* ]]
  denied
}

@test "a cache directory or entry that is not ours is not used" {
  run "$HB" trial "$SANDBOX_ROOT" --no-monitor -- /bin/true
  f=$(ls "$BPF"/*.bpf)
  chown 65534:65534 "$f"
  run "$HB" trial "$SANDBOX_ROOT" --no-monitor -- /bin/probe syscalls
  [ "$status" -eq 0 ]
  [[ "$output" == *"owned by uid 65534, not by us (refused, rebuilt)"* ]]
  denied
  [ "$(stat -c %u "$f")" = 0 ]   # replaced by ours
  chown 65534:65534 "$BPF"
  run "$HB" trial "$SANDBOX_ROOT" --no-monitor -- /bin/probe syscalls
  [ "$status" -eq 0 ]
  [[ "$output" == *"$BPF: owned by uid 65534, not by us: not used"* ]]
  denied
  chown 0:0 "$BPF"
  chmod 0777 "$BPF"
  run "$HB" trial "$SANDBOX_ROOT" --no-monitor -- /bin/probe syscalls
  [[ "$output" == *"writable by group or others: not used"* ]]
  denied
}
