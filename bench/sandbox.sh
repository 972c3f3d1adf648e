#!/bin/sh
# bench/sandbox.sh - start-to-exit latency of `busybox true` confined by a
# hardenbench trial (with its monitor, the default, and --no-monitor),
# against docker run --rm, runc run, crun run, bwrap and the bare binary,
# all on the same root filesystem (docker runs it imported as an image).
# The trial's BPF cache is warm (hyperfine's warm-up run fills it).
# hyperfine measures a few runs of every launcher per round, rounds
# alternate the launchers, and the medians over all rounds are printed with
# their ratio to the trial, then the aims of issue 4.
#
# crun refuses this hybrid cgroup layout ("cgroups in hybrid mode not
# supported, drop all controllers from cgroupv2"), so it runs inside
# `unshare -m` with the cgroup2 mount hidden (that cost is included, and
# measured alone as "unshare -m" for reference).
set -eu

HB=${HB:-hardenbench}
ROUNDS=${HB_BENCH_ROUNDS:-${BENCH_ROUNDS:-5}}
RUNS=${BENCH_RUNS:-10}
DOCKER_RUNS=${BENCH_DOCKER_RUNS:-2}
# BENCH_CPU=1 pins every launcher (and hyperfine) to that CPU
PIN=
[ -n "${BENCH_CPU:-}" ] && PIN="taskset -c $BENCH_CPU"
IMAGE=hbt-bench-sandbox-$$:latest

if [ "$(id -u)" != 0 ]; then
  echo "sandbox bench: needs root (skipped)"
  exit 0
fi
command -v hyperfine >/dev/null || { echo "sandbox bench: hyperfine missing (skipped)"; exit 0; }

work=$(mktemp -d /tmp/hbt-bench-sandbox-XXXXXX)
cleanup() {
  docker rmi -f "$IMAGE" >/dev/null 2>&1 || true
  [ -n "${BENCH_KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT INT TERM
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
mkdir -p "$work/bundle/rootfs/bin" "$work/bundle/rootfs/proc" "$work/bundle/rootfs/dev" \
         "$work/bundle/rootfs/sys" "$work/bundle/rootfs/tmp" "$work/json"
cp /bin/busybox "$work/bundle/rootfs/bin/busybox"
root="$work/bundle/rootfs"
(cd "$work/bundle" && runc spec 2>/dev/null || crun spec)
/usr/bin/python3 - "$work/bundle/config.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["process"]["args"] = ["/bin/busybox", "true"]
c["process"]["terminal"] = False
c["root"]["readonly"] = True
json.dump(c, open(sys.argv[1], "w"))
PY

# the same files for docker
if docker version >/dev/null 2>&1; then
  tar -C "$root" -c . | docker import - "$IMAGE" >/dev/null || true
fi

# name|command, one per line
cmds="native|$root/bin/busybox true
hardenbench trial|$HB trial $root -- /bin/busybox true
hardenbench trial --no-monitor|$HB trial --no-monitor $root -- /bin/busybox true"
if command -v bwrap >/dev/null; then
  cmds="$cmds
bwrap --unshare-all|bwrap --ro-bind $root / --proc /proc --dev /dev --unshare-all /bin/busybox true"
fi
cmds="$cmds
unshare -m|unshare -m --propagation private /bin/true"
if command -v runc >/dev/null; then
  cmds="$cmds
runc run|runc run --bundle $work/bundle hbt-bench-runc-$$"
fi
if command -v crun >/dev/null; then
  cmds="$cmds
crun run (cgroup2 hidden)|unshare -m --propagation private sh -c 'umount /sys/fs/cgroup/unified 2>/dev/null; exec crun run --bundle $work/bundle hbt-bench-crun-$$'"
fi
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  cmds="$cmds
docker run --rm|docker run --rm --network none $IMAGE /bin/busybox true"
fi

# check each launcher works once, drop those that do not
echo "$cmds" | while IFS='|' read -r name cmd; do
  if sh -c "$cmd" </dev/null >/dev/null 2>&1; then
    printf '%s|%s\n' "$name" "$cmd"
  else
    echo "sandbox bench: $name fails here, left out" >&2
  fi
done > "$work/cmds"

r=1
while [ "$r" -le "$ROUNDS" ]; do
  i=0
  while IFS='|' read -r name cmd; do
    i=$((i + 1))
    runs=$RUNS
    case "$name" in docker*) runs=$DOCKER_RUNS ;; esac
    $PIN hyperfine -N --style none --warmup 1 --runs "$runs" \
      --export-json "$work/json/$i-$r.json" -n "$name" "$cmd" </dev/null >/dev/null 2>&1 \
      || $PIN hyperfine --style none --warmup 1 --runs "$runs" \
           --export-json "$work/json/$i-$r.json" -n "$name" "$cmd" </dev/null >/dev/null 2>&1 \
      || echo "sandbox bench: $name failed in round $r" >&2
  done < "$work/cmds"
  r=$((r + 1))
done

/usr/bin/python3 - "$work/json" <<'PY'
import glob, json, os, statistics, sys
times = {}
order = []
for f in sorted(glob.glob(os.path.join(sys.argv[1], "*.json")),
                key=lambda p: tuple(int(x) for x in os.path.basename(p)[:-5].split("-"))):
    for res in json.load(open(f))["results"]:
        name = res["command"]
        if name not in times:
            times[name] = []
            order.append(name)
        times[name].extend(res["times"])
ref = statistics.median(times["hardenbench trial"]) if "hardenbench trial" in times else None
med = {name: statistics.median(times[name]) for name in order}
print("| launcher | runs | median ms | vs trial |")
print("| --- | --- | --- | --- |")
for name in order:
    m = med[name]
    ratio = "%.2fx" % (m / ref) if ref else "-"
    print("| %s | %d | %.2f | %s |" % (name, len(times[name]), m * 1000, ratio))
if ref:
    print()
    print("issue 4 aims (trial with its monitor):")
    b = med.get("bwrap --unshare-all")
    if b:
        print("  trial / bwrap = %.2f (aim: <= 1)" % (ref / b))
    d = med.get("docker run --rm")
    if d:
        print("  docker run --rm / trial = %.1f (aim: >= 50)" % (d / ref))
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
