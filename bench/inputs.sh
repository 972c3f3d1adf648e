#!/bin/sh
# bench/inputs.sh - loading huge inputs stays linear: `hardenbench policy`
# on a policy of 5k and of 50k tmpfs entries, of 5k and 50k seccomp rules,
# and on a seccomp profile of 5k and 50k rules for one syscall (each with
# another errno: every rule after the first warns, capped at ten lines).
# The ratio 50k / 5k is 10 when loading is linear (it was over 100 before:
# 20k tmpfs entries took 2.6 s, 20k policy rules 145 s).  `jq .` parsing
# the same 50k file is the alternative: what reading the JSON alone costs.
# hyperfine medians; ratios matter on a VM.
set -eu

HB=${HB:-hardenbench}
command -v hyperfine >/dev/null || { echo "inputs bench: hyperfine missing (skipped)"; exit 0; }
command -v python3 >/dev/null || { echo "inputs bench: python3 missing (skipped)"; exit 0; }
RUNS=${BENCH_RUNS:-10}

work=$(mktemp -d /tmp/hbt-bench-inputs-XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$work/root" "$work/json"
export XDG_CACHE_HOME="$work/cache" XDG_CONFIG_HOME="$work/config"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"

python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
for n in (5000, 50000):
    tmpfs = [{"path": "/t/%d" % i, "options": "rw,size=1m"} for i in range(n)]
    json.dump({"version": 1, "tmpfs": tmpfs}, open("%s/tmpfs-%d.json" % (work, n), "w"), indent=1)
    rules = [{"names": ["chmod"], "action": "SCMP_ACT_ERRNO",
              "args": [{"index": 1, "value": i, "op": "SCMP_CMP_EQ"}]} for i in range(n)]
    json.dump({"version": 1, "seccomp": {"profile": "default", "rules": rules}},
              open("%s/rules-%d.json" % (work, n), "w"), indent=1)
    syscalls = [{"names": ["chmod"], "action": "SCMP_ACT_ERRNO", "errnoRet": i % 4000 + 1}
                for i in range(n)]
    json.dump({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": syscalls},
              open("%s/profile-%d.json" % (work, n), "w"), indent=1)
PY

# run NAME COMMAND -> median ms
run() {
  hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$work/json/$1.json" "$2" >/dev/null 2>&1 \
    || { echo "inputs bench: '$2' failed" >&2; exit 1; }
  python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' \
    "$work/json/$1.json"
}

rows=
for kind in tmpfs rules profile; do
  if [ "$kind" = profile ]; then opt=--seccomp; else opt=--policy; fi
  small=$(run "$kind-5k" "$HB policy $work/root $opt $work/$kind-5000.json")
  big=$(run "$kind-50k" "$HB policy $work/root $opt $work/$kind-50000.json")
  jq=-
  command -v jq >/dev/null && jq=$(run "$kind-jq" "jq -c . $work/$kind-50000.json")
  rows="$rows$kind $small $big $jq
"
done

printf '%s' "$rows" | python3 -c '
import sys
names = {"tmpfs": "policy, tmpfs entries", "rules": "policy, seccomp rules",
         "profile": "profile, rules for one syscall (each warns)"}
print()
print("loading huge inputs (hardenbench policy DIR, median ms; 10.0 = linear)")
print("| input | 5k ms | 50k ms | 50k / 5k | jq -c . 50k ms | hardenbench / jq |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for line in sys.stdin:
    kind, small, big, jq = line.split()
    small, big = float(small), float(big)
    ratio = "%.2f" % (big / float(jq)) if jq != "-" else "-"
    print("| %s | %.1f | %.1f | %.1f | %s | %s |" % (names[kind], small, big, big / small, jq, ratio))
'
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
