#!/bin/sh
# bench/engine.sh - the engine side of hardenbench, measured against the
# alternatives in the same run (hyperfine medians; ratios matter on a VM):
#   1. listing 500 containers: `hardenbench list --all` vs `docker ps -a`
#      (list only): warm (the summaries in the list cache: one list request)
#      and cold (cache emptied before each run: list + 500 inspects, 8 at a
#      time);
#   2. rootfs preparation of a small and a ~200 MB image: the overlay layer
#      directories in place vs export + hostile-tar extraction into the cache;
#   3. the first use of the ~200 MB image, cold (no rootfs cache): rootfs
#      preparation (both paths) and a whole first trial of `true`, against
#      `docker create` and `docker create` + `docker start -a` of the same
#      image; rounds alternate them, medians over all rounds.
# Creates its containers and its big image, and removes them at the end.
set -eu

: "${HB:?HB must name the hardenbench binary}"
: "${HB_BUILDDIR:?}"
TOOL=$HB_BUILDDIR/tests/engine/hb_engine_tool
SMALL=hb-test/busybox:latest
P=hbt-bench-engine-$$
BIG=hbt-bench-engine/big-$$:latest
N=${HB_BENCH_CONTAINERS:-500}

if ! docker version >/dev/null 2>&1; then
  echo "engine bench: no Docker engine, skipped"; exit 0
fi
command -v hyperfine >/dev/null || { echo "engine bench: hyperfine missing, skipped"; exit 0; }
[ -x "$TOOL" ] || { echo "engine bench: $TOOL missing (make check builds it)"; exit 1; }

WORK=$(mktemp -d)
cleanup() {
  docker ps -aq --filter "name=^$P-" | xargs -r docker rm -f >/dev/null 2>&1 || true
  docker rmi -f "$BIG" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
export XDG_CACHE_HOME="$WORK/cache"

median() { # median FILE.json -> ms of the first result
  python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$1"
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
echo "creating $N containers..."
i=1
while [ "$i" -le "$N" ]; do echo "$P-$i"; i=$((i + 1)); done \
  | xargs -P 4 -I{} docker create --name {} "$SMALL" >/dev/null

# Rounds alternate the commands, so that a load change on this shared
# machine hits both alike.
for r in 1 2 3; do
  hyperfine -N --warmup 2 --runs 7 --export-json "$WORK/hb-$r.json" "$HB list --all" >/dev/null
  hyperfine -N --warmup 2 --runs 7 --export-json "$WORK/ps-$r.json" "docker ps -a" >/dev/null
  hyperfine -N --warmup 2 --runs 7 --export-json "$WORK/psq-$r.json" "docker ps -a -q" >/dev/null
  hyperfine -N --runs 5 --prepare "rm -rf $XDG_CACHE_HOME/hardenbench/list" \
    --export-json "$WORK/hbc-$r.json" "$HB list --all" >/dev/null
done
medians() { # medians NAME -> the median ms over every round's runs
  python3 -c 'import glob,json,statistics,sys; t=[x for f in glob.glob(sys.argv[1]+"-*.json") for x in json.load(open(f))["results"][0]["times"]]; print("%.1f" % (statistics.median(t)*1000))' "$WORK/$1"
}
hb=$(medians hb); ps=$(medians ps); psq=$(medians psq); hbc=$(medians hbc)
count=$("$HB" list --all --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')

echo "building a ~200 MB image..."
mkdir -p "$WORK/big/bin" "$WORK/big/data"
cp /bin/busybox "$WORK/big/bin/busybox" 2>/dev/null || true
j=0
while [ "$j" -lt 200 ]; do
  head -c 1048576 /dev/urandom > "$WORK/big/data/blob-$j"; j=$((j + 1))
done
tar -C "$WORK/big" -c . | docker import - "$BIG" >/dev/null
rm -rf "$WORK/big"

prep() { # prep NAME MODE TARGET -> median ms
  if [ "$2" = export ]; then
    hyperfine -N --runs "$4" --prepare "rm -rf $XDG_CACHE_HOME" \
      --export-json "$WORK/$1.json" "env HARDENBENCH_ROOTFS=export $TOOL rootfs $3" >/dev/null
  else
    hyperfine -N --warmup 2 --runs 15 --export-json "$WORK/$1.json" "$TOOL rootfs $3" >/dev/null
  fi
  median "$WORK/$1.json"
}
so=$(prep small-overlay overlay "image:$SMALL")
se=$(prep small-export export "image:$SMALL" 10)
bo=$(prep big-overlay overlay "image:$BIG")
be=$(prep big-export export "image:$BIG" 5)

# 3. first use of the big image, alternating; every run starts cold
ROUNDS=${HB_BENCH_ROUNDS:-${BENCH_ROUNDS:-3}}
C=$P-first
mkdir -p "$WORK/first"
first_cmds="docker create|docker create --name $C $BIG /bin/busybox true
docker create + start -a|sh -c 'docker create --name $C $BIG /bin/busybox true >/dev/null && exec docker start -a $C'
hardenbench rootfs, overlay layers|$TOOL rootfs image:$BIG
hardenbench rootfs, export + extract|env HARDENBENCH_ROOTFS=export $TOOL rootfs image:$BIG"
if [ "$(id -u)" = 0 ]; then
  first_cmds="$first_cmds
hardenbench first trial (overlay layers)|$HB trial image:$BIG -- /bin/busybox true
hardenbench first trial (export + extract)|env HARDENBENCH_ROOTFS=export $HB trial image:$BIG -- /bin/busybox true"
fi
# The seccomp BPF cache is not part of a first use: fill it once.
[ "$(id -u)" = 0 ] && "$HB" trial image:$BIG -- /bin/busybox true >/dev/null 2>&1 || true
r=1
while [ "$r" -le "$ROUNDS" ]; do
  i=0
  echo "$first_cmds" | while IFS='|' read -r name cmd; do
    i=$((i + 1))
    hyperfine --style none --runs 2 \
      --prepare "sh -c 'docker rm -f $C >/dev/null 2>&1; rm -rf $XDG_CACHE_HOME/hardenbench/rootfs'" \
      --export-json "$WORK/first/$i-$r.json" -n "$name" "$cmd" </dev/null >/dev/null 2>&1 \
      || echo "engine bench: $name failed in round $r" >&2
  done
  r=$((r + 1))
done
docker rm -f "$C" >/dev/null 2>&1 || true

python3 - "$N" "$count" "$hb" "$ps" "$psq" "$so" "$se" "$bo" "$be" "$hbc" <<'PY'
import sys
n, count, hb, ps, psq, so, se, bo, be, hbc = sys.argv[1], sys.argv[2], *map(float, sys.argv[3:])
print()
print("listing %s containers (hardenbench saw %s rows)" % (n, count))
print("| command | median ms | ratio to docker ps -a |")
print("| --- | ---: | ---: |")
for name, v in (("hardenbench list --all (summaries cached: list only)", hb),
                ("hardenbench list --all, cold (list + inspect each, 8 at a time)", hbc),
                ("docker ps -a", ps), ("docker ps -a -q", psq)):
    print("| %s | %.1f | %.2f |" % (name, v, v / ps))
print("hardenbench list --all / docker ps -a = %.2f (cold: %.2f; goal <= 1)" % (hb / ps, hbc / ps))
print()
print("rootfs preparation (from nothing; export: cache emptied before each run)")
print("| image | overlay layers ms | export + extract ms | export / overlay |")
print("| --- | ---: | ---: | ---: |")
print("| hb-test/busybox (2 MB) | %.1f | %.1f | %.0fx |" % (so, se, se / so))
print("| ~200 MB of files | %.1f | %.1f | %.0fx |" % (bo, be, be / bo))
PY

python3 - "$WORK/first" <<'PY'
import glob, json, os, statistics, sys
times, order = {}, []
for f in sorted(glob.glob(os.path.join(sys.argv[1], "*.json")),
                key=lambda p: tuple(int(x) for x in os.path.basename(p)[:-5].split("-"))):
    for res in json.load(open(f))["results"]:
        times.setdefault(res["command"], []).extend(res["times"])
        if res["command"] not in order:
            order.append(res["command"])
med = {n: statistics.median(times[n]) * 1000 for n in order}
ref = med.get("docker create")
print()
print("first use of the ~200 MB image, cold (no rootfs cache before each run)")
print("| step | runs | median ms | vs docker create |")
print("| --- | ---: | ---: | ---: |")
for n in order:
    print("| %s | %d | %.1f | %s |" % (n, len(times[n]), med[n], "%.2fx" % (med[n] / ref) if ref else "-"))
t = med.get("hardenbench first trial (overlay layers)")
d = med.get("docker create + start -a")
if t and d:
    print("docker create + start -a / hardenbench first trial = %.1fx" % (d / t))
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
