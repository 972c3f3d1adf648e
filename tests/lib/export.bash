# export.bash - helpers for tests/cli/export.bats (`load ../lib/export`).

HB_PY=/usr/bin/python3
HB_EXPORT_CHECK="$HB_SRCDIR/tests/lib/export_check.py"

# A fake `docker` first in PATH: it writes its argv, NUL-separated, to
# $FAKE_DOCKER_OUT and does nothing else.
hb_fake_docker() {
  local bin="$BATS_TEST_TMPDIR/fakebin"
  mkdir -p "$bin"
  cat > "$bin/docker" <<'SH'
#!/bin/sh
for a in "$@"; do printf '%s\0' "$a"; done > "$FAKE_DOCKER_OUT"
SH
  chmod +x "$bin/docker"
  echo "$bin"
}

# Write a hostile policy to $1 whose values hold $( ), backticks, quotes,
# newlines, '#', ': ', unicode and a leading '-'; markers under $2 would
# appear if any of them were executed; $3 names its read-only named volume.
hb_hostile_policy() {
  local file=$1 mark=$2 vol=$3
  MARK="$mark" VOL="$vol" "$HB_PY" - "$file" <<'PY'
import json, os, sys
m = os.environ["MARK"]
pol = {
  "version": 1,
  "read_only_root": True,
  "tmpfs": [{"path": "/tmp/a b $(touch %s/t1)" % m, "options": "rw,noexec,nosuid,size=8m,mode=1777"}],
  "volumes": [
    {"path": "/data/`touch %s/v1`" % m, "source": None, "read_only": False},
    {"path": "/data/it's \"q\" # c: d", "source": os.environ["VOL"], "read_only": True},
    {"path": "/data/ünï ✓", "source": None, "read_only": False},
  ],
  "capabilities": {"drop": ["ALL"], "add": ["CHOWN"]},
  "user": "1000:1000",
  "no_new_privileges": True,
  "limits": {"memory": "64m", "cpus": 0.5, "pids": 64},
  "process": {"entrypoint": [], "env": ["DOLLAR=$HOME $(touch %s/e1)" % m, "QUOTE=it's \"q\"", "NL=a\nb", "YES=yes"],
              "cmd": ["sh", "-c", "echo \"$DOLLAR\" `touch %s/c1` $(touch %s/c2)\n# c: d; sleep 600" % (m, m),
                      "-rf", "on", "0755", "~", "*a", "a: #b", "ünï"],
              "workdir": None, "ports": []}
}
json.dump(pol, open(sys.argv[1], "w"), ensure_ascii=False, indent=2)
PY
}

# The hostile policy's command list as JSON (what argv must end with).
hb_hostile_cmd_json() {
  "$HB_PY" -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["process"]["cmd"]))' "$1"
}

# No marker file exists under $1 (nothing was executed).
hb_assert_no_markers() {
  local n
  n=$(find "$1" -mindepth 1 | wc -l)
  if [ "$n" -ne 0 ]; then
    echo "something was executed: $(ls "$1")" >&2
    return 1
  fi
}

# docker inspect a container and evaluate a python expression over it (d).
hb_inspect_check() {
  local name=$1 expr=$2 result
  result=$(docker inspect "$name" | "$HB_PY" -c "import json,sys; d=json.load(sys.stdin)[0]; print($expr)")
  if [ "$result" != "True" ]; then
    echo "inspect check failed: $expr (got $result)" >&2
    docker inspect "$name" >&2
    return 1
  fi
}
