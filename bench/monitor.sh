#!/bin/sh
# bench/monitor.sh - the live monitor's overhead on three workloads (a
# getppid loop, read-only open+close, write-open+close on a tmpfs): native,
# trial without the monitor, trial with it, strace -f, and
# strace -f --seccomp-bpf -e trace=%file.  Variants alternate within each
# round; the table gives medians (µs per iteration), ratios to native, and
# what each watched event (a write-open: the only stop under the monitor)
# costs the monitor, next to strace's cost for the same event.
set -eu
: "${HB:?}" "${HB_SRCDIR:?}" "${HB_BUILDDIR:?}"
ROUNDS=${HB_BENCH_ROUNDS:-5}
WL=$HB_BUILDDIR/tests/probe/hb-monitor-workload
[ -x "$WL" ] || { echo "monitor bench: $WL missing (make check builds it)"; exit 0; }
[ "$(id -u)" -eq 0 ] || { echo "monitor bench: skipped (trials here need root)"; exit 0; }

tmp=$(mktemp -d /tmp/hbt-monitor-bench-XXXXXX)
shm=/dev/shm/hbt-monitor-bench-$$
trap 'rm -rf "$tmp" "$shm"' EXIT INT TERM
mkdir -p "$shm"
fixture=$HB_BUILDDIR/tests/fixtures/busybox-rootfs
"$HB_SRCDIR/tests/lib/fixtures.sh" rootfs "$fixture" >/dev/null
cp -a "$fixture" "$tmp/rootfs"
cp "$WL" "$tmp/rootfs/bin/hb-monitor-workload"
echo bench > "$tmp/ro-file"

have_strace=no
command -v strace >/dev/null && have_strace=yes

# run VARIANT MODE N: prints µs per iteration
run() {
  variant=$1 mode=$2 n=$3
  case $mode in
    getppid) native_path= ; trial_path= ;;
    rdopen) native_path=$tmp/ro-file ; trial_path=/etc/hostname ;;
    wropen) native_path=$shm/w ; trial_path=/tmp/w ;;
  esac
  case $variant in
    native) out=$("$WL" "$mode" "$n" $native_path) ;;
    trial) out=$("$HB" trial "$tmp/rootfs" --seccomp unconfined --tmpfs /tmp --no-monitor \
                   -- /bin/hb-monitor-workload "$mode" "$n" $trial_path 2>/dev/null) ;;
    monitor) out=$("$HB" trial "$tmp/rootfs" --seccomp unconfined --tmpfs /tmp \
                     -- /bin/hb-monitor-workload "$mode" "$n" $trial_path 2>/dev/null) ;;
    strace) out=$(strace -f -o /dev/null "$WL" "$mode" "$n" $native_path) ;;
    strace-bpf) out=$(strace -f --seccomp-bpf -e trace=%file -o /dev/null "$WL" "$mode" "$n" $native_path) ;;
  esac
  echo "$out" | tail -1 | awk '{ printf "%.3f\n", $1 / 1000 }'
}

median() {
  sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

variants="native trial monitor"
[ "$have_strace" = yes ] && variants="$variants strace strace-bpf"

load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "Load average before: $(load) on $(nproc) CPUs"
echo
echo "| workload | native µs | trial µs (x) | trial+monitor µs (x) | strace -f µs (x) | strace --seccomp-bpf µs (x) | monitor µs per watched event |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
# diff A B: A - B, "-" when either is missing
diff_us() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || a == "" || b == "") print "-"; else printf "%.1f", a - b }'; }
for w in "getppid 200000" "rdopen 50000" "wropen 20000"; do
  set -- $w
  mode=$1 n=$2
  for v in $variants; do : > "$tmp/$v"; done
  r=0
  while [ $r -lt "$ROUNDS" ]; do
    for v in $variants; do
      # strace -f stops every syscall: a tenth of the iterations suffice.
      nn=$n
      [ "$v" = strace ] && nn=$((n / 10))
      run "$v" "$mode" "$nn" >> "$tmp/$v" || echo "monitor bench: $v $mode failed" >&2
    done
    r=$((r + 1))
  done
  base=$(median < "$tmp/native")
  line="| $mode | $base"
  for v in trial monitor strace strace-bpf; do
    if [ -f "$tmp/$v" ] && [ -s "$tmp/$v" ]; then
      m=$(median < "$tmp/$v")
      line="$line | $m ($(awk -v a="$m" -v b="$base" 'BEGIN { printf "%.2f", a / b }'))"
    else
      line="$line | -"
    fi
  done
  # Only write-opens stop under the monitor: one watched event per
  # iteration.  Elsewhere nothing is watched.
  if [ "$mode" = wropen ]; then
    line="$line | $(diff_us "$(median < "$tmp/monitor")" "$(median < "$tmp/trial")")"
    med() { if [ -s "$tmp/$1" ]; then median < "$tmp/$1"; else echo -; fi; }
    wr_monitor=$(med monitor) wr_trial=$(med trial) wr_strace=$(med strace) wr_strace_bpf=$(med strace-bpf)
    wr_native=$base
  else
    line="$line | none watched"
  fi
  echo "$line |"
done
echo
mon=$(diff_us "$wr_monitor" "$wr_trial")
bpf=$(diff_us "$wr_strace_bpf" "$wr_native")
full=$(diff_us "$wr_strace" "$wr_native")
echo "Per watched event (wropen): monitor $mon µs (trial+monitor - trial), strace --seccomp-bpf $bpf µs, strace -f $full µs (each minus native)."
awk -v m="$mon" -v b="$bpf" 'BEGIN { if (m != "-" && b != "-" && b > 0) printf "Monitor per event / strace --seccomp-bpf per event: %.2f\n", m / b }'
echo "Load average after: $(load)"
