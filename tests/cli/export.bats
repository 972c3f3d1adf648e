#!/usr/bin/env bats
# `hardenbench export`: every format checked by the tool it targets —
# sh and the Docker engine (run), docker-compose (compose), botocore's ECS
# model (ecs, ecs-fargate), PyYAML and the python3-kubernetes models (k8s),
# `docker run --security-opt seccomp=FILE` (seccomp), `docker build`
# (dockerfile) — with hostile values in paths, environment and command.

load ../lib/common
load ../lib/export

IMAGE=hb-test/busybox:latest

setup() {
  ROOTFS=$(hb_fixture_rootfs)
  T="$BATS_TEST_TMPDIR"
  MARK="$T/markers"
  mkdir -p "$MARK" "$T/out"
  SUFFIX="$$-${BATS_TEST_NUMBER}"
  hb_hostile_policy "$T/hostile.json" "$MARK" "hbt-export-vol-$SUFFIX"
  CNAME="hbt-export-$SUFFIX"
  PROJECT="hbtexport$$${BATS_TEST_NUMBER}"
}

teardown() {
  if hb_have_docker; then
    docker rm -f -v "$CNAME" "$CNAME-src" >/dev/null 2>&1 || true
    if [ -f "$T/out/app.yml" ]; then
      docker-compose -p "$PROJECT" -f "$T/out/app.yml" down -v >/dev/null 2>&1 || true
    fi
    docker volume rm "hbt-export-vol-$SUFFIX" >/dev/null 2>&1 || true
    docker image rm -f "hbt-export-df:$SUFFIX" >/dev/null 2>&1 || true
  fi
}

# --- the command ------------------------------------------------------------

@test "export --help lists every format" {
  run "$HB" export --help
  assert_status 0
  for f in run compose ecs ecs-fargate k8s seccomp dockerfile; do
    assert_output_contains "  $f "
  done
}

@test "an unknown or missing format is a usage error listing the formats" {
  run "$HB" export "$ROOTFS" --format yaml
  assert_status 2
  assert_output_contains "unknown format 'yaml'"
  assert_output_contains "run, compose, ecs, ecs-fargate, k8s, seccomp, dockerfile"
  run "$HB" export "$ROOTFS"
  assert_status 2
  assert_output_contains "no --format given"
}

@test "a directory target needs --image for formats that run an image" {
  run "$HB" export "$ROOTFS" --format run
  assert_status 2
  assert_output_contains "--image"
}

@test "-o never overwrites without --force, and --force replaces the file" {
  echo "precious" > "$T/out/run.sh"
  run "$HB" export "$ROOTFS" --format run --image "$IMAGE" --read-only -o "$T/out/run.sh"
  assert_status 2
  assert_output_contains "exists already (use --force to replace it)"
  [ "$(cat "$T/out/run.sh")" = "precious" ]
  run "$HB" export "$ROOTFS" --format run --image "$IMAGE" --read-only -o "$T/out/run.sh" --force
  assert_status 0
  grep -q -- "--read-only" "$T/out/run.sh"
  # no temporary file left behind
  [ "$(ls -A "$T/out")" = "run.sh" ]
}

@test "-o FILE --force replaces only a regular file: a device, FIFO, socket, directory or a symlink to one is refused" {
  [ "$(id -u)" = 0 ] || skip "needs root (the /dev/null case)"
  before=$(stat -c '%F %t:%T %i' /dev/null)
  run "$HB" export "$ROOTFS" --format run --image "$IMAGE" -o /dev/null --force
  assert_status 2
  assert_output_contains "/dev/null: a character device, not a regular file: refused"
  [ "$(stat -c '%F %t:%T %i' /dev/null)" = "$before" ]
  [ -c /dev/null ]
  ! ls -A /dev | grep -q '^\.null\.'

  # a device node of our own, made where the test owns the directory
  mknod "$T/out/zero" c 1 5
  run "$HB" export "$ROOTFS" --format run --image "$IMAGE" -o "$T/out/zero" --force
  assert_status 2
  assert_output_contains "a character device, not a regular file"
  [ -c "$T/out/zero" ]

  # a FIFO: refused at once (nothing opens it, so nothing blocks)
  mkfifo "$T/out/fifo"
  run timeout 10 "$HB" export "$ROOTFS" --format run --image "$IMAGE" -o "$T/out/fifo" --force
  assert_status 2
  assert_output_contains "$T/out/fifo: a FIFO, not a regular file"
  [ -p "$T/out/fifo" ]

  "$HB_PY" -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$T/out/sock"
  run "$HB" export "$ROOTFS" --format run --image "$IMAGE" -o "$T/out/sock" --force
  assert_status 2
  assert_output_contains "a socket, not a regular file"
  [ -S "$T/out/sock" ]

  mkdir "$T/out/dir"
  touch "$T/out/dir/kept"
  run "$HB" export "$ROOTFS" --format run --image "$IMAGE" -o "$T/out/dir" --force
  assert_status 2
  assert_output_contains "a directory, not a regular file"
  [ -f "$T/out/dir/kept" ]

  # symlinks to each of those: refused, the link and its target kept
  for target in /dev/null "$T/out/fifo" "$T/out/sock" "$T/out/dir"; do
    ln -sfn "$target" "$T/out/link"
    run timeout 10 "$HB" export "$ROOTFS" --format run --image "$IMAGE" -o "$T/out/link" --force
    assert_status 2
    assert_output_contains "$T/out/link: a symlink to"
    [ "$(readlink "$T/out/link")" = "$target" ]
  done
  [ -c /dev/null ] && [ -p "$T/out/fifo" ] && [ -S "$T/out/sock" ] && [ -d "$T/out/dir" ]

  # without --force, the same clear reason (not "use --force")
  run "$HB" export "$ROOTFS" --format run --image "$IMAGE" -o "$T/out/fifo"
  assert_status 2
  assert_output_contains "a FIFO, not a regular file"

  # the side file of a run export is checked before anything is written
  mkfifo "$T/out/web.seccomp.json"
  run timeout 10 "$HB" export "$ROOTFS" --format run --image "$IMAGE" --deny mkdir -o "$T/out/web.sh" --force
  assert_status 2
  assert_output_contains "web.seccomp.json: a FIFO"
  [ ! -e "$T/out/web.sh" ]
  [ -p "$T/out/web.seccomp.json" ]

  # a regular file, and a symlink to one (the link is replaced), still are
  echo old > "$T/out/file"
  ln -sfn "$T/out/file" "$T/out/link"
  run "$HB" export "$ROOTFS" --format run --image "$IMAGE" -o "$T/out/link" --force
  assert_status 0
  [ -f "$T/out/link" ] && [ ! -L "$T/out/link" ]
  [ "$(cat "$T/out/file")" = old ]
  run "$HB" export "$ROOTFS" --format run --image "$IMAGE" -o "$T/out/file" --force
  assert_status 0
  grep -q "docker run" "$T/out/file"
  # no temporary file left behind
  ! ls -A "$T/out" | grep -q '^\.'
}

@test "learn -o refuses a FIFO or a device before it runs a trial, and leaves it" {
  mkfifo "$T/out/fifo"
  run timeout 20 "$HB" learn "$ROOTFS" -o "$T/out/fifo" -- /bin/true
  assert_status 2
  assert_output_contains "$T/out/fifo: a FIFO, not a regular file: refused"
  [ -p "$T/out/fifo" ]
  # the seccomp profile beside it is checked too
  mkfifo "$T/out/p.seccomp.json"
  run timeout 20 "$HB" learn "$ROOTFS" -o "$T/out/p.json" -- /bin/true
  assert_status 2
  assert_output_contains "p.seccomp.json: a FIFO"
  [ ! -e "$T/out/p.json" ]
  if [ "$(id -u)" = 0 ]; then
    run "$HB" learn "$ROOTFS" -o /dev/null -- /bin/true
    assert_status 2
    [ -c /dev/null ]
    [ ! -e /dev/null.seccomp.json ]
  fi
}

@test "the seccomp profile of a run export is written next to -o FILE, or into the current directory" {
  run "$HB" export "$ROOTFS" --format run --image "$IMAGE" --name web --seccomp unconfined --deny mkdir -o "$T/out/web.sh"
  assert_status 0
  assert_output_contains "hardenbench: note: wrote $T/out/web.seccomp.json"
  grep -qF -- "--security-opt=seccomp=$T/out/web.seccomp.json" "$T/out/web.sh"
  "$HB_PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["syscalls"][0]["names"] == ["mkdir"]' "$T/out/web.seccomp.json"
  cd "$T"
  run "$HB" export "$ROOTFS" --format compose --image "$IMAGE" --name web --seccomp unconfined --deny mkdir
  assert_status 0
  [ -f "$T/web.seccomp.json" ]
  assert_output_contains "seccomp=$T/web.seccomp.json"
  # the same profile again: kept, not an error
  run "$HB" export "$ROOTFS" --format run --image "$IMAGE" --name web --seccomp unconfined --deny mkdir
  assert_status 0
  # a different one is not overwritten without --force
  run "$HB" export "$ROOTFS" --format run --image "$IMAGE" --name web --seccomp unconfined --deny chmod
  assert_status 2
  grep -q '"mkdir"' "$T/web.seccomp.json"
}

@test "notes say what a format cannot express, on stderr" {
  run --separate-stderr "$HB" export "$ROOTFS" --format ecs-fargate --image "$IMAGE" --tmpfs /tmp:size=8m --cap-add NET_ADMIN --no-new-privileges
  assert_status 0
  # Fargate takes linuxParameters.tmpfs (since 2026-01-06): no note, the mount itself
  ! grep -qi "tmpfs" <<<"$stderr"
  "$HB_PY" -c 'import json,sys; c=json.load(sys.stdin)["containerDefinitions"][0]; assert c["linuxParameters"]["tmpfs"]==[{"containerPath":"/tmp","size":8}], c' <<<"$output"
  grep -qF "hardenbench: note: ecs-fargate: capability NET_ADMIN cannot be added on Fargate" <<<"$stderr"
  grep -qF "no-new-privileges cannot be set on Fargate" <<<"$stderr"
  ! grep -q "hardenbench:" <<<"$output"
}

# --- run ----------------------------------------------------------------------

@test "run: the line, evaluated by sh, hands docker exactly the intended argv" {
  FAKEBIN=$(hb_fake_docker)
  run "$HB" export "$ROOTFS" --format run --image "$IMAGE" --name "$CNAME" --policy "$T/hostile.json" -o "$T/out/run.sh"
  assert_status 0
  FAKE_DOCKER_OUT="$T/argv" PATH="$FAKEBIN:$PATH" sh -c "$(cat "$T/out/run.sh")"
  hb_assert_no_markers "$MARK"
  "$HB_PY" - "$T/argv" "$T/hostile.json" "$MARK" "$SUFFIX" <<'PY'
import json, sys
argv = open(sys.argv[1], encoding="utf-8").read().split("\0")[:-1]
pol = json.load(open(sys.argv[2]))
m = sys.argv[3]
assert argv[:2] == ["run", "--detach"], argv[:2]
i = argv.index("hb-test/busybox:latest")
assert argv[i + 1:] == pol["process"]["cmd"], argv[i + 1:]
opts = argv[:i]
for e in pol["process"]["env"]:
    assert "--env=" + e in opts, e
assert "--tmpfs=/tmp/a b $(touch %s/t1):rw,noexec,nosuid,size=8m,mode=1777" % m in opts
assert "--volume=/data/`touch %s/v1`" % m in opts
assert "--mount=type=volume,source=hbt-export-vol-%s,\"target=/data/it's \"\"q\"\" # c: d\",readonly" % sys.argv[4] in opts, opts
assert "--volume=/data/ünï ✓" in opts
for o in ["--read-only", "--cap-drop=ALL", "--cap-add=CHOWN", "--security-opt=no-new-privileges",
          "--user=1000:1000", "--memory=64m", "--cpus=0.5", "--pids-limit=64"]:
    assert o in opts, o
PY
}

@test "run: the exported line starts a container with every setting (real engine)" {
  hb_require_docker
  run "$HB" export "$ROOTFS" --format run --image "$IMAGE" --name "$CNAME" --policy "$T/hostile.json" \
      --seccomp unconfined --deny mkdir -o "$T/out/run.sh" -- sleep 600
  assert_status 0
  cd "$T"
  sh -c "$(cat "$T/out/run.sh")" >/dev/null
  hb_assert_no_markers "$MARK"
  hb_inspect_check "$CNAME" 'd["State"]["Running"] is True'
  hb_inspect_check "$CNAME" 'd["HostConfig"]["ReadonlyRootfs"] is True'
  hb_inspect_check "$CNAME" 'd["HostConfig"]["Tmpfs"] == {"/tmp/a b $(touch '"$MARK"'/t1)": "rw,noexec,nosuid,size=8m,mode=1777"}'
  hb_inspect_check "$CNAME" '[c.replace("CAP_", "") for c in d["HostConfig"]["CapDrop"]] == ["ALL"] and [c.replace("CAP_", "") for c in d["HostConfig"]["CapAdd"]] == ["CHOWN"]'
  hb_inspect_check "$CNAME" '"no-new-privileges" in d["HostConfig"]["SecurityOpt"]'
  hb_inspect_check "$CNAME" 'any(o.startswith("seccomp=") and "mkdir" in o for o in d["HostConfig"]["SecurityOpt"])'
  hb_inspect_check "$CNAME" 'd["Config"]["User"] == "1000:1000"'
  hb_inspect_check "$CNAME" 'd["HostConfig"]["Memory"] == 64 * 1024 * 1024'
  hb_inspect_check "$CNAME" 'd["HostConfig"]["NanoCpus"] == 500000000'
  hb_inspect_check "$CNAME" 'd["HostConfig"]["PidsLimit"] == 64'
  hb_inspect_check "$CNAME" 'sorted(m["Destination"] for m in d["Mounts"] if m["Type"] == "volume") == sorted(["/data/`touch '"$MARK"'/v1`", "/data/it'"'"'s \"q\" # c: d", "/data/ünï ✓"])'
  # the values arrive unchanged, and the policy holds inside
  [ "$(docker exec "$CNAME" /bin/sh -c 'printf %s "$DOLLAR"')" = "\$HOME \$(touch $MARK/e1)" ]
  [ "$(docker exec "$CNAME" /bin/sh -c 'printf %s "$QUOTE"')" = "it's \"q\"" ]
  docker exec "$CNAME" /bin/touch "/tmp/a b \$(touch $MARK/t1)/ok"
  run docker exec "$CNAME" /bin/mkdir "/tmp/a b \$(touch $MARK/t1)/dir"
  [ "$status" -ne 0 ]
  assert_output_contains "Operation not permitted"
  run docker exec "$CNAME" /bin/touch /etc/x
  [ "$status" -ne 0 ]
  assert_output_contains "Read-only file system"
}

# --- compose ------------------------------------------------------------------

@test "compose: docker-compose config accepts it and YAML reads back what was meant" {
  run "$HB" export "$ROOTFS" --format compose --image "$IMAGE" --name "$CNAME" --policy "$T/hostile.json" \
      --seccomp unconfined --deny mkdir -o "$T/out/app.yml"
  assert_status 0
  run docker-compose -p "$PROJECT" -f "$T/out/app.yml" config -q
  assert_status 0
  hb_assert_no_markers "$MARK"
  "$HB_PY" - "$T/out/app.yml" "$T/hostile.json" "$CNAME" "$T/out/app.seccomp.json" <<'PY'
import json, sys, yaml
y = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
pol = json.load(open(sys.argv[2]))
un = lambda s: s.replace("$$", "$")          # compose's own unescaping
svc = y["services"][sys.argv[3]]
assert [un(c) for c in svc["command"]] == pol["process"]["cmd"], svc["command"]
assert [un(e) for e in svc["environment"]] == pol["process"]["env"], svc["environment"]
assert svc["read_only"] is True and svc["user"] == "1000:1000"
assert [un(t) for t in svc["tmpfs"]] == ["%s:%s" % (t["path"], t["options"]) for t in pol["tmpfs"]]
assert [un(v["target"]) for v in svc["volumes"]] == [v["path"] for v in pol["volumes"]]
assert [v["read_only"] for v in svc["volumes"]] == [v["read_only"] for v in pol["volumes"]]
assert svc["cap_drop"] == ["ALL"] and svc["cap_add"] == ["CHOWN"]
assert svc["security_opt"] == ["no-new-privileges:true", "seccomp=" + sys.argv[4]]
assert svc["mem_limit"] == "64m" and svc["cpus"] == 0.5 and svc["pids_limit"] == 64
PY
}

@test "compose: a named volume is declared at the top level; YAML traps are quoted" {
  run "$HB" export "$ROOTFS" --format compose --image "$IMAGE" --volume /cache --policy "$HB_SRCDIR/tests/golden/export/hostile/policy.json" -o "$T/out/app.yml"
  assert_status 0
  run docker-compose -p "$PROJECT" -f "$T/out/app.yml" config -q
  assert_status 0
  "$HB_PY" -c '
import sys, yaml
y = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
assert set(y["volumes"]) == {"no", "0755"}, y["volumes"]
svc = y["services"]["hostile-app"]
assert svc["command"][1:] == ["-rf", "on", "1e3", "~", "*a", "a: #b"], svc["command"]
assert "YES=yes" in svc["environment"] and "NUL=null" in svc["environment"]
' "$T/out/app.yml"
}

@test "compose: docker-compose up starts it with every setting (real engine)" {
  hb_require_docker
  run "$HB" export "$ROOTFS" --format compose --image "$IMAGE" --name "$CNAME" --policy "$T/hostile.json" \
      --seccomp unconfined --deny mkdir -o "$T/out/app.yml" -- sleep 600
  assert_status 0
  cd "$T/out"
  run docker-compose -p "$PROJECT" -f "$T/out/app.yml" up -d
  assert_status 0
  local c
  c=$(docker-compose -p "$PROJECT" -f "$T/out/app.yml" ps -q "$CNAME")
  [ -n "$c" ]
  hb_inspect_check "$c" 'd["State"]["Running"] is True'
  hb_inspect_check "$c" 'd["HostConfig"]["ReadonlyRootfs"] is True'
  hb_inspect_check "$c" 'list(d["HostConfig"]["Tmpfs"]) == ["/tmp/a b $(touch '"$MARK"'/t1)"]'
  hb_inspect_check "$c" '[c.replace("CAP_", "") for c in d["HostConfig"]["CapDrop"]] == ["ALL"] and [c.replace("CAP_", "") for c in d["HostConfig"]["CapAdd"]] == ["CHOWN"]'
  hb_inspect_check "$c" '"no-new-privileges:true" in d["HostConfig"]["SecurityOpt"]'
  hb_inspect_check "$c" 'any(o.startswith("seccomp=") and "mkdir" in o for o in d["HostConfig"]["SecurityOpt"])'
  hb_inspect_check "$c" 'd["Config"]["User"] == "1000:1000"'
  hb_inspect_check "$c" 'd["HostConfig"]["Memory"] == 64 * 1024 * 1024 and d["HostConfig"]["NanoCpus"] == 500000000'
  hb_inspect_check "$c" 'd["HostConfig"]["PidsLimit"] == 64'
  [ "$(docker exec "$c" /bin/sh -c 'printf %s "$DOLLAR"')" = "\$HOME \$(touch $MARK/e1)" ]
  run docker exec "$c" /bin/mkdir "/tmp/a b \$(touch $MARK/t1)/dir"
  [ "$status" -ne 0 ]
  hb_assert_no_markers "$MARK"
}

# --- ecs ------------------------------------------------------------------------

@test "ecs and ecs-fargate: botocore's RegisterTaskDefinition model accepts them; enums and Fargate rules hold" {
  for f in ecs ecs-fargate; do
    extra=
    [ "$f" = ecs-fargate ] && extra=--fargate
    run "$HB" export "$ROOTFS" --format "$f" --image "$IMAGE" --policy "$T/hostile.json" \
        --seccomp unconfined --deny mkdir --cap-add NET_ADMIN --memory 3g --cpus 1.5 -o "$T/out/$f.json"
    assert_status 0
    run "$HB_PY" "$HB_EXPORT_CHECK" ecs "$T/out/$f.json" $extra
    assert_status 0
    for c in basic hostile limits; do
      run "$HB_PY" "$HB_EXPORT_CHECK" ecs "$HB_SRCDIR/tests/golden/export/$c/$f.expected" $extra
      assert_status 0
    done
  done
  # what was meant
  "$HB_PY" - "$T/out/ecs.json" "$T/out/ecs-fargate.json" "$T/hostile.json" <<'PY'
import json, sys
ec2, fg, pol = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:4])
c = ec2["containerDefinitions"][0]
assert c["readonlyRootFilesystem"] is True and c["user"] == "1000:1000"
assert c["command"] == pol["process"]["cmd"]
assert c["linuxParameters"]["capabilities"] == {"add": ["CHOWN", "NET_ADMIN"], "drop": ["ALL"]}
assert c["linuxParameters"]["tmpfs"] == [{"containerPath": pol["tmpfs"][0]["path"], "size": 8,
                                          "mountOptions": ["rw", "noexec", "nosuid"]}]
assert [m["containerPath"] for m in c["mountPoints"]] == [v["path"] for v in pol["volumes"]]
assert c["dockerSecurityOptions"] == ["no-new-privileges"]
assert c["memory"] == 3072 and c["cpu"] == 1536
f = fg["containerDefinitions"][0]
assert fg["cpu"] == "2048" and fg["memory"] == "4096", (fg["cpu"], fg["memory"])
assert f["linuxParameters"]["capabilities"] == {"drop": ["ALL"]}
# Fargate takes the same tmpfs (since 2026-01-06), not a task volume in its place
assert f["linuxParameters"]["tmpfs"] == c["linuxParameters"]["tmpfs"]
assert pol["tmpfs"][0]["path"] not in [m["containerPath"] for m in f["mountPoints"]]
PY
}

# --- k8s ------------------------------------------------------------------------

@test "k8s: the Pod passes the python3-kubernetes models and carries the policy" {
  run "$HB" export "$ROOTFS" --format k8s --image "$IMAGE" --name "$CNAME" --policy "$T/hostile.json" -o "$T/out/pod.yml"
  assert_status 0
  run "$HB_PY" "$HB_EXPORT_CHECK" k8s "$T/out/pod.yml"
  assert_status 0
  for c in basic hostile limits; do
    run "$HB_PY" "$HB_EXPORT_CHECK" k8s "$HB_SRCDIR/tests/golden/export/$c/k8s.expected"
    assert_status 0
  done
  "$HB_PY" - "$T/out/pod.yml" "$T/hostile.json" <<'PY'
import json, sys, yaml
pod = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
pol = json.load(open(sys.argv[2]))
c = pod["spec"]["containers"][0]
un = lambda s: s.replace("$$", "$")      # the kubelet's $(VAR) unescaping
assert [un(a) for a in c["args"]] == pol["process"]["cmd"]
assert {e["name"]: un(e["value"]) for e in c["env"]} == dict(e.split("=", 1) for e in pol["process"]["env"])
sc = c["securityContext"]
assert sc["readOnlyRootFilesystem"] is True and sc["allowPrivilegeEscalation"] is False
assert sc["runAsUser"] == 1000 and sc["runAsGroup"] == 1000
assert sc["capabilities"] == {"add": ["CHOWN"], "drop": ["ALL"]}
assert sc["seccompProfile"] == {"type": "RuntimeDefault"}
assert c["resources"]["limits"] == {"cpu": "500m", "memory": "64Mi"}
vols = {v["name"]: v for v in pod["spec"]["volumes"]}
mounts = {m["mountPath"]: m for m in c["volumeMounts"]}
t = mounts[pol["tmpfs"][0]["path"]]
assert vols[t["name"]]["emptyDir"] == {"medium": "Memory", "sizeLimit": "8Mi"}
for v in pol["volumes"]:
    assert mounts[v["path"]].get("readOnly", False) == v["read_only"]
PY
}

@test "k8s: seccomp is RuntimeDefault, Unconfined, or Localhost with the profile beside the manifest" {
  run "$HB" export "$ROOTFS" --format k8s --image "$IMAGE" --seccomp unconfined -o "$T/out/a.yml"
  assert_status 0
  grep -q "type: Unconfined" "$T/out/a.yml"
  run "$HB" export "$ROOTFS" --format k8s --image "$IMAGE" --seccomp unconfined --deny mkdir -o "$T/out/b.yml"
  assert_status 0
  grep -q "type: Localhost" "$T/out/b.yml"
  grep -q "localhostProfile: hardenbench/b.seccomp.json" "$T/out/b.yml"
  [ -f "$T/out/b.seccomp.json" ]
  assert_output_contains "/var/lib/kubelet/seccomp/hardenbench/b.seccomp.json"
}

# --- seccomp --------------------------------------------------------------------

@test "seccomp: docker run loads the profile; the denied syscall fails, an allowed one works" {
  hb_require_docker
  local bases=unconfined
  [ -f "$HB_SRCDIR/profiles/seccomp/default.json" ] && bases="unconfined default"
  for base in $bases; do
    run "$HB" export "$ROOTFS" --format seccomp --seccomp "$base" --deny mkdir -o "$T/out/$base.json"
    assert_status 0
    run docker run --rm --name "$CNAME" --security-opt "seccomp=$T/out/$base.json" "$IMAGE" mkdir /tmp/denied
    [ "$status" -ne 0 ]
    assert_output_contains "Operation not permitted"
    run docker run --rm --name "$CNAME" --security-opt "seccomp=$T/out/$base.json" "$IMAGE" sh -c 'touch /tmp/f && ls /tmp/f'
    assert_status 0
    assert_output_contains "/tmp/f"
  done
}

# --- dockerfile -----------------------------------------------------------------

@test "dockerfile: docker build takes the lines; the image has the volumes and the user" {
  hb_require_docker
  run "$HB" export "$ROOTFS" --format dockerfile --policy "$T/hostile.json" -o "$T/out/lines"
  assert_status 0
  mkdir -p "$T/ctx"
  { echo "FROM $IMAGE"; cat "$T/out/lines"; } > "$T/ctx/Dockerfile"
  run env DOCKER_BUILDKIT=0 docker build -q -t "hbt-export-df:$SUFFIX" "$T/ctx"
  assert_status 0
  hb_assert_no_markers "$MARK"
  docker image inspect "hbt-export-df:$SUFFIX" | "$HB_PY" -c '
import json, sys
d = json.load(sys.stdin)[0]["Config"]
pol = json.load(open(sys.argv[1]))
assert sorted(d["Volumes"]) == sorted(v["path"] for v in pol["volumes"]), d["Volumes"]
assert d["User"] == "1000:1000", d["User"]
' "$T/hostile.json"
}

# --- container targets ----------------------------------------------------------

@test "run: a container's own settings, exported and run again, come back the same" {
  hb_require_docker
  docker create --name "$CNAME-src" --read-only --cap-drop ALL --cap-add NET_BIND_SERVICE \
      --tmpfs /tmp:size=8m --user 1000:1000 --memory 64m --pids-limit 32 \
      "$IMAGE" sleep 600 >/dev/null
  run "$HB" export "$CNAME-src" --format run --name "$CNAME" --no-new-privileges -o "$T/out/run.sh"
  docker rm -f "$CNAME-src" >/dev/null
  assert_status 0
  sh -c "$(cat "$T/out/run.sh")" >/dev/null
  hb_inspect_check "$CNAME" 'd["State"]["Running"] is True and d["Config"]["Image"] == "hb-test/busybox:latest"'
  hb_inspect_check "$CNAME" 'd["Path"] == "sleep" and d["Args"] == ["600"]'
  hb_inspect_check "$CNAME" 'd["HostConfig"]["ReadonlyRootfs"] is True and d["HostConfig"]["Tmpfs"] == {"/tmp": "size=8m"}'
  hb_inspect_check "$CNAME" '[c.replace("CAP_", "") for c in d["HostConfig"]["CapAdd"]] == ["NET_BIND_SERVICE"]'
  hb_inspect_check "$CNAME" 'd["Config"]["User"] == "1000:1000" and d["HostConfig"]["Memory"] == 64 << 20'
  hb_inspect_check "$CNAME" 'd["HostConfig"]["PidsLimit"] == 32 and "no-new-privileges" in d["HostConfig"]["SecurityOpt"]'
}
