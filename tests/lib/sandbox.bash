# sandbox.bash - fixtures for the trial tests: a static busybox root
# filesystem with the probe binary, and counters of what a trial could
# leave behind.

sandbox_require_root () {
  [ "$(id -u)" = 0 ] || skip "trials need root"
  [ -x /bin/busybox ] || skip "no /bin/busybox"
  [ -x "$HB_BUILDDIR/tests/probe/probe" ] || skip "probe not built"
}

# sandbox_make_rootfs DIR: busybox applets, probe, passwd/group, a
# setuid-root copy of probe.
sandbox_make_rootfs () {
  local r="$1"
  mkdir -p "$r/bin" "$r/etc" "$r/tmp" "$r/root" "$r/home/user"
  cp /bin/busybox "$r/bin/busybox"
  local a
  for a in sh id cat ls echo true false grep hostname mount touch mkdir ps sleep env wc \
           head sed kill nc cut sort tr stat readlink md5sum; do
    ln -sf busybox "$r/bin/$a"
  done
  cp "$HB_BUILDDIR/tests/probe/probe" "$r/bin/probe"
  cp "$HB_BUILDDIR/tests/probe/probe" "$r/bin/probe-suid"
  chown 0:0 "$r/bin/probe-suid"
  chmod 4755 "$r/bin/probe-suid"
  printf 'root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:user:/home/user:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' > "$r/etc/passwd"
  printf 'root:x:0:\nwheel:x:10:root\nuser:x:1000:\nextra:x:2000:user\nnogroup:x:65534:\n' > "$r/etc/group"
  chmod 1777 "$r/tmp"
}

# Things a trial must not leave behind.
sandbox_count_mounts () {
  grep -c -e hardenbench -e "$SANDBOX_ROOT" /proc/self/mountinfo || true
}
sandbox_count_procs () {
  # processes whose whole command line is the marker
  pgrep -c -x -f -- "$1" || true
}
# Cgroups and run dirs of the trials of hardenbench process $1 (other
# test suites may run trials at the same time).
sandbox_count_cgroups () {
  find /sys/fs/cgroup -mindepth 2 -maxdepth 4 -path "*/hardenbench/trial-$1-*" -type d 2>/dev/null | wc -l
}
sandbox_count_rundirs () {
  find /run/hardenbench -mindepth 1 -maxdepth 1 -name "trial-$1-*" 2>/dev/null | wc -l
}
# sandbox_snapshot MARKER HBPID
sandbox_snapshot () {
  echo "mounts=$(sandbox_count_mounts) procs=$(sandbox_count_procs "$1") cgroups=$(sandbox_count_cgroups "$2") rundirs=$(sandbox_count_rundirs "$2")"
}

# wait_for CMD...: retry up to 10 s (a wait, not a timing assertion).
wait_for () {
  local i
  for i in $(seq 1 100); do
    if "$@"; then return 0; fi
    sleep 0.1
  done
  return 1
}

# Why this kernel refuses unprivileged user namespaces, or nothing.
userns_forbidden () {
  local v
  v=$(cat /proc/sys/user/max_user_namespaces 2>/dev/null || echo 0)
  [ "$v" -gt 0 ] || { echo "user.max_user_namespaces is 0"; return; }
  if [ -r /proc/sys/kernel/unprivileged_userns_clone ] \
     && [ "$(cat /proc/sys/kernel/unprivileged_userns_clone)" = 0 ]; then
    echo "kernel.unprivileged_userns_clone is 0"; return
  fi
  if [ -r /proc/sys/kernel/apparmor_restrict_unprivileged_userns ] \
     && [ "$(cat /proc/sys/kernel/apparmor_restrict_unprivileged_userns)" = 1 ]; then
    echo "kernel.apparmor_restrict_unprivileged_userns is 1"; return
  fi
}
