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
    if [ -f "$T/out/ports.yml" ]; then
      docker-compose -p "$PROJECT" -f "$T/out/ports.yml" down -v >/dev/null 2>&1 || true
    fi
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
  run "$HB" export "$ROOTFS" --format compose --image "$IMAGE" --name hostile-app --volume /cache --policy "$HB_SRCDIR/tests/golden/export/hostile/policy.json" -o "$T/out/app.yml"
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
defaults = ["CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP",
            "NET_BIND_SERVICE", "NET_RAW", "SYS_CHROOT", "MKNOD", "AUDIT_WRITE", "SETFCAP"]
assert f["linuxParameters"]["capabilities"] == {"drop": [c for c in defaults if c != "CHOWN"]}, f["linuxParameters"]
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
  [ -f "$HB_SRCDIR/profiles/seccomp/docker-20.10.json" ] && bases="unconfined default"
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

# --- what the container had: ports and name ------------------------------------

# A host port for this test, unlikely to be taken by a parallel run.
hb_test_port() {
  echo $((20000 + ($$ * 7 + BATS_TEST_NUMBER * 131 + ${1:-0}) % 30000))
}

# A busybox web server answering "ok" on 8080.
HTTPD='echo ok > /tmp/index.html && exec httpd -f -p 8080 -h /tmp'

@test "published ports and the target's name are kept, also with --policy FILE (real engine)" {
  hb_require_docker
  local port
  port=$(hb_test_port)
  docker run -d --name "$CNAME-src" -p "127.0.0.1:$port:8080" "$IMAGE" sh -c "$HTTPD" >/dev/null
  printf '{"version": 1, "target": {"name": "web"}, "read_only_root": true, "tmpfs": [{"path": "/tmp"}]}\n' > "$T/p.json"
  for f in run compose ecs k8s; do
    run --separate-stderr "$HB" export "$CNAME-src" --format "$f" --policy "$T/p.json" -o "$T/out/ports.$f"
    assert_status 0
  done
  grep -qF -- "--name=$CNAME-src " "$T/out/ports.run"
  grep -qF -- "--publish=127.0.0.1:$port:8080/tcp" "$T/out/ports.run"
  "$HB_PY" - "$T/out/ports.compose" "$T/out/ports.ecs" "$T/out/ports.k8s" "$CNAME-src" "$port" <<'PY'
import json, sys, yaml
comp = yaml.safe_load(open(sys.argv[1]))
name, port = sys.argv[4], int(sys.argv[5])
assert list(comp["services"]) == [name], comp["services"]
assert comp["services"][name]["ports"] == ["127.0.0.1:%d:8080/tcp" % port]
c = json.load(open(sys.argv[2]))["containerDefinitions"][0]
assert c["portMappings"] == [{"containerPort": 8080, "hostPort": port, "protocol": "tcp"}], c
pod = yaml.safe_load(open(sys.argv[3]))
assert pod["metadata"]["name"] == name
assert pod["spec"]["containers"][0]["ports"] == [{"containerPort": 8080, "protocol": "TCP",
                                                  "hostPort": port, "hostIP": "127.0.0.1"}]
PY
  run "$HB_PY" "$HB_EXPORT_CHECK" ecs "$T/out/ports.ecs"
  assert_status 0
  run "$HB_PY" "$HB_EXPORT_CHECK" k8s "$T/out/ports.k8s"
  assert_status 0
  # the exported run line and compose file answer on the same port
  docker rm -f "$CNAME-src" >/dev/null
  sed "s/--name=$CNAME-src/--name=$CNAME/" "$T/out/ports.run" > "$T/out/run.sh"
  sh -c "$(cat "$T/out/run.sh")" >/dev/null
  run curl -fsS --retry 20 --retry-delay 1 --retry-connrefused "http://127.0.0.1:$port/"
  assert_status 0
  assert_output_contains ok
  docker rm -f "$CNAME" >/dev/null
  cp "$T/out/ports.compose" "$T/out/ports.yml"
  docker-compose -p "$PROJECT" -f "$T/out/ports.yml" up -d >/dev/null 2>&1
  run curl -fsS --retry 20 --retry-delay 1 --retry-connrefused "http://127.0.0.1:$port/"
  assert_status 0
  assert_output_contains ok
}

@test "--publish replaces the target's ports; a bad one is a usage error" {
  run --separate-stderr "$HB" export "$ROOTFS" --format run --image "$IMAGE" --publish 8080 --publish 127.0.0.1:9000:90/udp
  assert_status 0
  grep -qF -- "--publish=8080/tcp --publish=127.0.0.1:9000:90/udp" <<<"$output"
  run "$HB" export "$ROOTFS" --format run --image "$IMAGE" --publish 80-90:80
  assert_status 2
  assert_output_contains "published port 80-90:80"
  run "$HB" export "$ROOTFS" --format run --image "$IMAGE" --publish 8080/icmp
  assert_status 2
  run --separate-stderr "$HB" export "$ROOTFS" --format ecs-fargate --image "$IMAGE" --publish 18080:8080
  assert_status 0
  grep -qF "awsvpc networking the container's port 8080 is reached as is" <<<"$stderr"
  run "$HB_PY" -c 'import json,sys; c=json.loads(sys.argv[1])["containerDefinitions"][0]; assert c["portMappings"] == [{"containerPort": 8080, "protocol": "tcp"}], c' "$output"
  assert_status 0
}

# --- ecs ------------------------------------------------------------------------

@test "ecs (EC2): the task always has memory or memoryReservation, which EC2 requires" {
  run --separate-stderr "$HB" export "$ROOTFS" --format ecs --image "$IMAGE" -o "$T/out/a.json"
  assert_status 0
  grep -qF "memoryReservation is 512 MiB" <<<"$stderr"
  run "$HB" export "$ROOTFS" --format ecs --image "$IMAGE" --memory 256m -o "$T/out/b.json"
  assert_status 0
  for f in a b; do
    run "$HB_PY" "$HB_EXPORT_CHECK" ecs "$T/out/$f.json"
    assert_status 0
  done
  "$HB_PY" - "$T/out/a.json" "$T/out/b.json" <<'PY'
import json, sys
a, b = (json.load(open(p))["containerDefinitions"][0] for p in sys.argv[1:3])
assert a["memoryReservation"] == 512 and "memory" not in a, a
assert b["memory"] == 256 and "memoryReservation" not in b, b
PY
  # the check itself catches a task without either
  "$HB_PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); del d["containerDefinitions"][0]["memoryReservation"]; json.dump(d, open(sys.argv[2], "w"))' "$T/out/a.json" "$T/out/none.json"
  run "$HB_PY" "$HB_EXPORT_CHECK" ecs "$T/out/none.json"
  assert_status 1
  assert_output_contains "neither memory nor memoryReservation"
}

@test "ecs-fargate: drop ALL + add CHOWN becomes a drop of the other defaults, and keeps CHOWN (real engine)" {
  run --separate-stderr "$HB" export "$ROOTFS" --format ecs-fargate --image "$IMAGE" --cap-drop ALL --cap-add CHOWN -o "$T/out/f.json"
  assert_status 0
  grep -qF "written as a drop of every other Docker default capability (the container keeps CHOWN)" <<<"$stderr"
  run "$HB_PY" "$HB_EXPORT_CHECK" ecs "$T/out/f.json" --fargate
  assert_status 0
  local drops
  drops=$("$HB_PY" -c 'import json,sys; c=json.load(open(sys.argv[1]))["containerDefinitions"][0]; caps=c["linuxParameters"]["capabilities"]; assert "add" not in caps; print(" ".join("--cap-drop=" + x for x in caps["drop"]))' "$T/out/f.json")
  [[ "$drops" != *CHOWN* ]]
  hb_require_docker
  # What Fargate does with it (Docker's defaults minus the drops): chown works, a raw socket not.
  run docker run --rm --name "$CNAME" $drops "$IMAGE" sh -c 'touch /tmp/f && chown 1:1 /tmp/f && grep CapEff /proc/self/status'
  assert_status 0
  assert_output_contains "CapEff:	0000000000000001"
}

# --- k8s ------------------------------------------------------------------------

@test "k8s: a volume gets the image's files through the init container; allowPrivilegeEscalation is always false" {
  run --separate-stderr "$HB" export "$ROOTFS" --format k8s --image "$IMAGE" --volume /bin -o "$T/out/pod.yml"
  assert_status 0
  grep -qF "the emptyDir at /bin starts empty, unlike a Docker volume" <<<"$stderr"
  grep -qF "allowPrivilegeEscalation is false although the policy does not set no-new-privileges" <<<"$stderr"
  run "$HB_PY" "$HB_EXPORT_CHECK" k8s "$T/out/pod.yml"
  assert_status 0
  # the init container's command, as the kubelet runs it ($$ is $), fills the mount
  "$HB_PY" - "$T/out/pod.yml" "$T/init.json" <<'PY'
import json, sys, yaml
pod = yaml.safe_load(open(sys.argv[1]))
assert pod["spec"]["containers"][0]["securityContext"]["allowPrivilegeEscalation"] is False
init = pod["spec"]["initContainers"][0]
mounts = {m["name"]: m["mountPath"] for m in init["volumeMounts"]}
vol = pod["spec"]["containers"][0]["volumeMounts"][0]
assert vol["mountPath"] == "/bin" and mounts[vol["name"]].startswith("/hardenbench-copy/")
json.dump({"cmd": [a.replace("$$", "$") for a in init["command"]], "mount": mounts[vol["name"]]},
          open(sys.argv[2], "w"))
PY
  hb_require_docker
  mkdir -p "$T/vol"
  chmod 777 "$T/vol"
  local mount
  mount=$("$HB_PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["mount"])' "$T/init.json")
  "$HB_PY" -c 'import json,sys; sys.stdout.write("\0".join(json.load(open(sys.argv[1]))["cmd"]))' "$T/init.json" \
    | xargs -0 docker run --rm --name "$CNAME" -v "$T/vol:$mount" --entrypoint "" "$IMAGE"
  [ -e "$T/vol/busybox" ] || [ -e "$T/vol/sh" ]
  # without: no init container, and the note says the volume starts empty
  run --separate-stderr "$HB" export "$ROOTFS" --format k8s --image "$IMAGE" --volume /bin --k8s-empty-volumes
  assert_status 0
  ! grep -q initContainers <<<"$output"
  grep -qF "starts empty, unlike a Docker volume, which starts with the image's files" <<<"$stderr"
}

# --- why ------------------------------------------------------------------------

@test "every grant says why: YAML comments, seccomp rule comments, notes for JSON" {
  run "$HB" export "$ROOTFS" --format compose --image "$IMAGE" --read-only --cap-drop ALL --cap-add NET_BIND_SERVICE \
      --tmpfs /run --volume /var/lib/app --allow getpid -o "$T/out/why.yml"
  assert_status 0
  grep -qF "#   cap_add NET_BIND_SERVICE: Bind sockets to ports below net.ipv4.ip_unprivileged_port_start" "$T/out/why.yml"
  grep -qF "#   tmpfs /run: writes there go to memory" "$T/out/why.yml"
  grep -qF "#   volume /var/lib/app: writable, a new volume (starts with the image's files there)" "$T/out/why.yml"
  grep -qF "#   seccomp SCMP_ACT_ALLOW getpid: hardenbench policy rule: allows getpid" "$T/out/why.yml"
  run "$HB_PY" -c 'import json,sys; p=json.load(open(sys.argv[1])); assert any(r["names"] == ["getpid"] and r["comment"] == "hardenbench policy rule: allows getpid" for r in p["syscalls"])' "$T/out/why.seccomp.json"
  assert_status 0
  run --separate-stderr "$HB" export "$ROOTFS" --format k8s --image "$IMAGE" --cap-add NET_ADMIN
  grep -qF "#   cap_add NET_ADMIN:" <<<"$output"
  run --separate-stderr "$HB" export "$ROOTFS" --format ecs --image "$IMAGE" --cap-add NET_ADMIN --tmpfs /tmp:size=8m
  grep -qF "hardenbench: note: ecs: why: cap_add NET_ADMIN:" <<<"$stderr"
  grep -qF "hardenbench: note: ecs: why: tmpfs /tmp:" <<<"$stderr"
}

# --- verify ---------------------------------------------------------------------

@test "--verify: run and compose start, answer the probe, and leave nothing behind (real engine)" {
  hb_require_docker
  local port
  port=$(hb_test_port 1)
  for f in run compose; do
    run --separate-stderr "$HB" export "$ROOTFS" --format "$f" --image "$IMAGE" --read-only --tmpfs /tmp \
        --cap-drop ALL --volume /var/www --publish "127.0.0.1:$port:8080" --verify \
        --probe "curl -fsS http://127.0.0.1:$port/" --timeout 20 -- sh -c "$HTTPD"
    echo "$stderr"
    assert_status 0
    grep -qF "hardenbench: verify: started:" <<<"$stderr"
    grep -qF "hardenbench: verify: answered: the probe" <<<"$stderr"
    grep -qF "hardenbench: verify: passed" <<<"$stderr"
    [ -z "$(docker ps -aq --filter "name=hb-verify-")" ] || [ -z "$(docker ps -aq --filter "publish=$port")" ]
    [ -z "$(docker ps -aq --filter "publish=$port")" ]
  done
  # the export itself still went to stdout
  grep -qF "docker run" <<<"$(  "$HB" export "$ROOTFS" --format run --image "$IMAGE" 2>/dev/null)"
}

@test "--verify: a failing probe, an exiting app and an engine refusal exit 1 with the reason (real engine)" {
  hb_require_docker
  local port
  port=$(hb_test_port 2)
  run --separate-stderr "$HB" export "$ROOTFS" --format run --image "$IMAGE" --volume /data \
      --volume "hbt-export-vol-$SUFFIX:/named" --publish "127.0.0.1:$port:8080" \
      --verify --probe "curl -fsS http://127.0.0.1:$port/missing" --timeout 3 -- sh -c "$HTTPD"
  assert_status 1
  grep -qF "hardenbench: verify: started:" <<<"$stderr"
  grep -qF "hardenbench: verify: FAILED: the probe \`curl -fsS http://127.0.0.1:$port/missing\` failed (status 22)" <<<"$stderr"
  [ -z "$(docker ps -aq --filter "publish=$port")" ]
  # the named volume it created is gone (docker rm --volumes takes the anonymous one)
  ! docker volume inspect "hbt-export-vol-$SUFFIX" >/dev/null 2>&1
  grep -qF "and the named volumes it created" <<<"$stderr"
  # the app exits: its status and output are the reason
  run --separate-stderr "$HB" export "$ROOTFS" --format compose --image "$IMAGE" --verify --timeout 5 -- sh -c 'echo broken >&2; exit 3'
  assert_status 1
  grep -qF "FAILED: the container exited with status 3" <<<"$stderr"
  grep -qF "broken" <<<"$stderr"
  # the engine refuses it: the engine's words
  run --separate-stderr "$HB" export "$ROOTFS" --format run --image "$IMAGE" --cap-add NO_SUCH --verify
  [ "$status" -ne 0 ]
  run --separate-stderr "$HB" export "$ROOTFS" --format run --image hb-test/no-such-image:none --verify --timeout 5
  assert_status 1
  grep -qF "FAILED: the engine refused it:" <<<"$stderr"
}

@test "--verify takes run and compose only; --probe and --timeout go with it" {
  run "$HB" export "$ROOTFS" --format k8s --image "$IMAGE" --verify
  assert_status 2
  assert_output_contains "--verify runs run and compose exports only"
  run "$HB" export "$ROOTFS" --format run --image "$IMAGE" --probe true
  assert_status 2
  assert_output_contains "--probe goes with --verify"
}

@test "evidence: trial --save-suggested records why, the policy file keeps it, exports write it" {
  run --separate-stderr "$HB" trial @demo --read-only --timeout 5 --save-suggested "$T/s.json"
  grep -qF "suggested change" <<<"$stderr"
  "$HB_PY" - "$T/s.json" <<'PY'
import json, sys
ev = json.load(open(sys.argv[1]))["evidence"]
assert ev["tmpfs /run"] == "a trial's writes were denied: /run/demo.pid", ev
PY
  run --separate-stderr "$HB" export @demo --format compose --image "$IMAGE" --policy "$T/s.json"
  assert_status 0
  grep -qF "#   tmpfs /run: writes there go to memory, empty at every start (the rest of the root is read-only); seen: a trial's writes were denied: /run/demo.pid" <<<"$output"
  run --separate-stderr "$HB" export @demo --format ecs --image "$IMAGE" --policy "$T/s.json"
  grep -qF "ecs: why: tmpfs /run:" <<<"$stderr"
  grep -qF "seen: a trial's writes were denied: /run/demo.pid" <<<"$stderr"
  # a hand-written policy: evidence for a seccomp rule lands in the rule's comment
  printf '{"version": 1, "seccomp": {"profile": "default", "rules": [{"names": ["getpid"], "action": "SCMP_ACT_ALLOW"}]},\n "evidence": {"seccomp getpid": "denied 3 times"}}\n' > "$T/e.json"
  run "$HB" export "$ROOTFS" --format seccomp --policy "$T/e.json" -o "$T/out/e.json"
  assert_status 0
  run "$HB_PY" -c 'import json,sys; p=json.load(open(sys.argv[1])); assert any(r.get("comment") == "hardenbench policy rule: allows getpid; seen: getpid: denied 3 times" for r in p["syscalls"]), p["syscalls"][:3]' "$T/out/e.json"
  assert_status 0
  # unknown kinds and non-strings are errors with their place; old files (no evidence) still load
  printf '{"version": 1,\n "evidence": {"capadd CHOWN": "x"}}\n' > "$T/bad.json"
  run "$HB" policy "$ROOTFS" --policy "$T/bad.json"
  assert_status 4
  assert_output_contains 'bad.json:2:15: .evidence.capadd CHOWN: not "KIND VALUE"'
  printf '{"version": 1, "evidence": {"cap_add CHOWN": 1}}\n' > "$T/bad2.json"
  run "$HB" policy "$ROOTFS" --policy "$T/bad2.json"
  assert_status 4
  assert_output_contains "expected a string"
}
