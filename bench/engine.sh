#!/bin/sh
# bench/engine.sh - the engine side of hardenbench, measured against the
# alternatives in the same run (hyperfine medians; ratios matter on a VM):
#   1. listing 500 containers: `hardenbench list --all` (list + 500 inspects,
#      for the hardening summary) vs `docker ps -a` (list only);
#   2. rootfs preparation of a small and a ~200 MB image: the overlay layer
#      directories in place vs export + hostile-tar extraction into the cache.
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

echo "creating $N containers..."
i=1
while [ "$i" -le "$N" ]; do echo "$P-$i"; i=$((i + 1)); done \
  | xargs -P 4 -I{} docker create --name {} "$SMALL" >/dev/null

hyperfine -N --warmup 2 --runs 15 --export-json "$WORK/hb.json" "$HB list --all" >/dev/null
hyperfine -N --warmup 2 --runs 15 --export-json "$WORK/ps.json" "docker ps -a" >/dev/null
hyperfine -N --warmup 2 --runs 15 --export-json "$WORK/psq.json" "docker ps -a -q" >/dev/null
hb=$(median "$WORK/hb.json"); ps=$(median "$WORK/ps.json"); psq=$(median "$WORK/psq.json")
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

python3 - "$N" "$count" "$hb" "$ps" "$psq" "$so" "$se" "$bo" "$be" <<'PY'
import sys
n, count, hb, ps, psq, so, se, bo, be = sys.argv[1], sys.argv[2], *map(float, sys.argv[3:])
print()
print("listing %s containers (hardenbench saw %s rows)" % (n, count))
print("| command | median ms | ratio to docker ps -a |")
print("| --- | ---: | ---: |")
for name, v in (("hardenbench list --all (list + inspect each)", hb),
                ("docker ps -a", ps), ("docker ps -a -q", psq)):
    print("| %s | %.1f | %.2f |" % (name, v, v / ps))
print()
print("rootfs preparation (from nothing; export: cache emptied before each run)")
print("| image | overlay layers ms | export + extract ms | export / overlay |")
print("| --- | ---: | ---: | ---: |")
print("| hb-test/busybox (2 MB) | %.1f | %.1f | %.0fx |" % (so, se, se / so))
print("| ~200 MB of files | %.1f | %.1f | %.0fx |" % (bo, be, be / bo))
PY
