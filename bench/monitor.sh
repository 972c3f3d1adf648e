#!/bin/sh
# bench/monitor.sh - the live monitor's overhead on six workloads (a
# getppid loop, read-only open+close, write-open+close on a tmpfs,
# write-opens a read-only filesystem refuses, by absolute and by relative
# path: the exit hook reports both without stopping the task, the second
# after a walk from the cwd to the root; and write-opens a file's mode
# bits refuse to a user without capabilities, EACCES, for which the
# monitor also tells the missing capability), and two of seccomp: getppid
# denied by a rule (every call a user notification the monitor answers
# with the errno and reports; without the monitor the kernel's plain
# ERRNO), and getppid under the default profile, allowed and unwatched
# (what the enforcing filter costs a syscall nobody watches): native, trial without the
# monitor, trial with it (the exit hook, as root trials run), trial with
# the ptrace watch (HB_MONITOR_MECHANISM=ptrace, as rootless trials run),
# strace -f, and strace -f --seccomp-bpf -e trace=%file.  Variants
# alternate within each round; the table gives medians (µs per iteration),
# ratios to native, and what each watched write costs each monitor, next
# to strace's cost for the same syscall, and what each denied syscall costs
# the monitor's reporting.  HB_BENCH_MONITOR_ROWS="denied dflt" runs only
# the rows named.
set -eu
: "${HB:?}" "${HB_SRCDIR:?}" "${HB_BUILDDIR:?}"
ROUNDS=${HB_BENCH_ROUNDS:-5}
WL=$HB_BUILDDIR/tests/probe/hb-monitor-workload
[ -x "$WL" ] || { echo "monitor bench: $WL missing (make check builds it)"; exit 0; }
[ "$(id -u)" -eq 0 ] || { echo "monitor bench: skipped (trials here need root)"; exit 0; }

tmp=$(mktemp -d /tmp/hbt-monitor-bench-XXXXXX)
shm=/dev/shm/hbt-monitor-bench-$$
trap 'rm -rf "$tmp" "$shm"' EXIT INT TERM
mkdir -p "$shm" "$tmp/rofs"
fixture=$HB_BUILDDIR/tests/fixtures/busybox-rootfs
"$HB_SRCDIR/tests/lib/fixtures.sh" rootfs "$fixture" >/dev/null
cp -a "$fixture" "$tmp/rootfs"
cp "$WL" "$tmp/rootfs/bin/hb-monitor-workload"
echo bench > "$tmp/ro-file"
# A file of uid 1000 that uid 1 may not write, in the trial's root and
# outside it.
for f in "$tmp/rootfs/locked" "$shm/locked"; do
  : > "$f"
  chown 1000:1000 "$f"
  chmod 600 "$f"
done

have_strace=no
command -v strace >/dev/null && have_strace=yes

# Outside a trial, the denied writes go to a read-only tmpfs of a mount
# namespace of their own.
on_rofs() {
  unshare -m sh -c 'mount -t tmpfs -o ro none "$0" && exec "$@"' "$tmp/rofs" "$@"
}
# The same, with the read-only tmpfs as the cwd (a trial's cwd is its
# read-only root).
on_rofs_cwd() {
  unshare -m sh -c 'mount -t tmpfs -o ro none "$0" && cd "$0" && exec "$@"' "$tmp/rofs" "$@"
}

# As uid 1, no capabilities (the trial's --user 1:1).
as_user1() {
  setpriv --reuid=1 --regid=1 --clear-groups "$@"
}

# run VARIANT MODE N: prints µs per iteration
run() {
  variant=$1 mode=$2 n=$3
  wrap=
  case $mode in
    getppid) native_path= ; trial_path= ;;
    rdopen) native_path=$tmp/ro-file ; trial_path=/etc/hostname ;;
    wropen) native_path=$shm/w ; trial_path=/tmp/w ;;
    wrdeny) native_path=$tmp/rofs/w ; trial_path=/w ; wrap=on_rofs ;;
    wrdenyrel) native_path=w ; trial_path=w ; wrap=on_rofs_cwd ;;
    wracces) native_path=$shm/locked ; trial_path=/locked ; wrap=as_user1 ;;
    denied|dflt) native_path= ; trial_path= ;;
  esac
  wl=$mode
  case $mode in wrdeny*|wracces) wl=wrtry ;; denied|dflt) wl=getppid ;; esac
  trial_args="--read-only --seccomp unconfined --tmpfs /tmp"
  case $mode in
    wracces) trial_args="--seccomp unconfined --tmpfs /tmp --user 1:1" ;;
    denied) trial_args="--seccomp unconfined --deny getppid:EACCES" ;;
    dflt) trial_args="--seccomp default" ;;
  esac
  case $variant in
    native) out=$($wrap "$WL" "$wl" "$n" $native_path) ;;
    trial) out=$("$HB" trial "$tmp/rootfs" $trial_args --no-monitor \
                   -- /bin/hb-monitor-workload "$wl" "$n" $trial_path 2>/dev/null) ;;
    monitor) out=$("$HB" trial "$tmp/rootfs" $trial_args \
                     -- /bin/hb-monitor-workload "$wl" "$n" $trial_path 2>/dev/null) ;;
    ptrace) out=$(HB_MONITOR_MECHANISM=ptrace "$HB" trial "$tmp/rootfs" $trial_args \
                    -- /bin/hb-monitor-workload "$wl" "$n" $trial_path 2>/dev/null) ;;
    strace) out=$($wrap strace -f -o /dev/null "$WL" "$wl" "$n" $native_path) ;;
    strace-bpf) out=$($wrap strace -f --seccomp-bpf -e trace=%file -o /dev/null "$WL" "$wl" "$n" $native_path) ;;
  esac
  echo "$out" | tail -1 | awk '{ printf "%.3f\n", $1 / 1000 }'
}

median() {
  sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

variants="native trial monitor ptrace"
[ "$have_strace" = yes ] && variants="$variants strace strace-bpf"

load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "Load average before: $(load) on $(nproc) CPUs"
echo
echo "| workload | native µs | trial µs (x) | trial+monitor, exit hook µs (x) | trial+monitor, ptrace µs (x) | strace -f µs (x) | strace --seccomp-bpf µs (x) |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
# diff A B: A - B, "-" when either is missing
diff_us() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || a == "" || b == "") print "-"; else printf "%.1f", a - b }'; }
med() { if [ -s "$tmp/$1" ]; then median < "$tmp/$1"; else echo -; fi; }
rows=${HB_BENCH_MONITOR_ROWS:-getppid rdopen wropen wrdeny wrdenyrel wracces denied dflt}
for w in "getppid 200000" "rdopen 50000" "wropen 20000" "wrdeny 20000" "wrdenyrel 20000" "wracces 20000" \
         "denied 20000" "dflt 200000"; do
  set -- $w
  mode=$1 n=$2
  case " $rows " in *" $mode "*) ;; *) continue ;; esac
  # The seccomp rows: a denial natively is not one; strace has nothing to add.
  vs=$variants
  case $mode in denied|dflt) vs="native trial monitor ptrace" ;; esac
  for v in $variants; do : > "$tmp/$v"; done
  r=0
  while [ $r -lt "$ROUNDS" ]; do
    for v in $vs; do
      # strace -f stops every syscall: a tenth of the iterations suffice.
      nn=$n
      [ "$v" = strace ] && nn=$((n / 10))
      run "$v" "$mode" "$nn" >> "$tmp/$v" || echo "monitor bench: $v $mode failed" >&2
    done
    r=$((r + 1))
  done
  base=$(median < "$tmp/native")
  line="| $mode | $base"
  for v in trial monitor ptrace strace strace-bpf; do
    if [ -f "$tmp/$v" ] && [ -s "$tmp/$v" ]; then
      m=$(median < "$tmp/$v")
      line="$line | $m ($(awk -v a="$m" -v b="$base" 'BEGIN { printf "%.2f", a / b }'))"
    else
      line="$line | -"
    fi
  done
  echo "$line |"
  # Every iteration of wropen, wrdeny* and wracces is one watched write: what each
  # costs, over the trial without a monitor (strace: over native).
  if [ "$mode" != getppid ] && [ "$mode" != rdopen ] && [ "$mode" != dflt ]; then
    hook=$(diff_us "$(med monitor)" "$(med trial)")
    ptr=$(diff_us "$(med ptrace)" "$(med trial)")
    bpf=$(diff_us "$(med strace-bpf)" "$base")
    full=$(diff_us "$(med strace)" "$base")
    eval "per_$mode=\"\$hook \$ptr \$bpf \$full\""
  fi
done
case " $rows " in
  *" wropen "*|*" wrdeny "*|*" wrdenyrel "*|*" wracces "*)
echo
echo "Extra µs per watched write (trial+monitor - trial; strace: - native):"
echo
echo "| workload | monitor, exit hook | monitor, ptrace | strace --seccomp-bpf | strace -f | exit hook / strace --seccomp-bpf |"
echo "| --- | --- | --- | --- | --- | --- |"
  ;;
esac
for mode in wropen wrdeny wrdenyrel wracces; do
  case " $rows " in *" $mode "*) ;; *) continue ;; esac
  eval "set -- \$per_$mode"
  ratio=$(awk -v m="$1" -v b="$3" 'BEGIN { if (m != "-" && b != "-" && b > 0) printf "%.2f", m / b; else print "-" }')
  case $mode in
    wropen) what="write-open that succeeds" ;;
    wrdeny) what="write-open refused (EROFS), absolute path: an event, no stop" ;;
    wrdenyrel) what="write-open refused (EROFS), relative path: an event, no stop" ;;
    wracces) what="write-open refused by mode bits (EACCES): an event naming CAP_DAC_OVERRIDE, no stop" ;;
  esac
  echo "| $what | $1 | $2 | $3 | $4 | $ratio |"
done
if [ -n "${per_denied:-}" ]; then
  set -- $per_denied
  echo
  echo "Extra µs per denied syscall (trial+monitor - trial --no-monitor, whose kernel ERRNO"
  echo "costs next to nothing): the user notification, the monitor's answer with the"
  echo "rule's errno and its syscall-denied event."
  echo
  echo "| workload | monitor, exit hook | monitor, ptrace |"
  echo "| --- | --- | --- |"
  echo "| getppid denied by a rule (EACCES), reported | $1 | $2 |"
fi
echo
echo "Load average after: $(load)"
