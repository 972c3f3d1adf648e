#!/usr/bin/env bats
# `hardenbench policy` on root filesystem directory targets: merge order,
# flags, policy files and their errors.

load ../lib/common

setup() {
  ROOTFS=$(hb_fixture_rootfs)
}

@test "the issue's example prints the merged policy" {
  run "$HB" policy "$ROOTFS" --read-only --cap-drop ALL --cap-add CHOWN --tmpfs /tmp:size=16m --json
  assert_status 0
  assert_json 'd["version"] == 1'
  assert_json 'd["read_only_root"] is True'
  assert_json 'd["capabilities"] == {"drop": ["ALL"], "add": ["CHOWN"]}'
  assert_json 'd["tmpfs"] == [{"path": "/tmp", "options": "size=16m"}]'
  assert_json 'd["seccomp"]["profile"] == "default"'
}

@test "a rootfs target starts from Docker's defaults" {
  run "$HB" policy "$ROOTFS" --json
  assert_status 0
  assert_json 'd["read_only_root"] is False and d["tmpfs"] == [] and d["user"] is None'
  assert_json 'd["capabilities"] == {"drop": [], "add": []}'
  assert_json 'd["limits"] == {"memory": None, "cpus": None, "pids": None}'
}

@test "the readable form lists the effective capabilities" {
  run "$HB" policy "$ROOTFS" --cap-drop ALL --cap-add net_bind_service --read-only
  assert_status 0
  assert_output_contains "capabilities   NET_BIND_SERVICE"
  assert_output_contains "read-only root yes"
}

@test "user names resolve in the target's /etc/passwd and /etc/group" {
  run "$HB" policy "$ROOTFS" --user app --json
  assert_status 0
  assert_json 'd["user"] == "1000"'
  run "$HB" policy "$ROOTFS" --user www-data:staff --json
  assert_status 0
  assert_json 'd["user"] == "33:50"'
  run "$HB" policy "$ROOTFS" --user 4242 --json
  assert_json 'd["user"] == "4242"'
}

@test "an unknown user is a usage error naming the user" {
  run "$HB" policy "$ROOTFS" --user mallory
  assert_status 2
  assert_output_contains "user mallory: not in the target's /etc/passwd"
}

@test "an /etc/passwd too big to read is named as such, with the limit, not as missing" {
  root="$BATS_TEST_TMPDIR/bigpw"
  mkdir -p "$root/etc"
  "${HB_PY:-/usr/bin/python3}" - "$root/etc/passwd" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("root:x:0:0::/root:/bin/sh\n")
    i = 0
    while f.tell() < 4_300_000:
        f.write("user%d:x:%d:%d:padding padding padding:/home/u%d:/bin/sh\n" % (i, 1000 + i, 1000 + i, i))
        i += 1
    f.write("www:x:33:33::/var/www:/bin/false\n")
PY
  echo 'www:x:33:' > "$root/etc/group"
  run "$HB" policy "$root" --user www
  assert_status 2
  assert_output_contains "user www: cannot use the target's /etc/passwd"
  assert_output_contains "larger than the limit of 4194304 bytes"
  [[ "$output" != *"has no /etc/passwd"* ]]
  # a number without a group needs passwd for the group: the same reason
  run "$HB" policy "$root" --user 33
  assert_status 2
  assert_output_contains "larger than the limit of 4194304 bytes (give the group too: UID:GID)"
  # with a group, passwd is not needed
  run "$HB" policy "$root" --user 33:www --json
  assert_status 0
  assert_json 'd["user"] == "33:33"'
  # a directory there is not "missing" either
  rm "$root/etc/passwd"
  mkdir "$root/etc/passwd"
  run "$HB" policy "$root" --user www
  assert_status 2
  assert_output_contains "/etc/passwd: not a regular file"
}

@test "a hostile /etc/passwd symlink resolves inside the target, not on the host" {
  root=$(hb_private_rootfs)
  rm "$root/etc/passwd"
  # On the host this would read the host's passwd, where root is uid 0.
  ln -s /etc/real-passwd "$root/etc/passwd"
  echo 'root:x:7777:7777:fake:/:/bin/sh' > "$root/etc/real-passwd"
  run "$HB" policy "$root" --user root --json
  assert_status 0
  assert_json 'd["user"] == "7777"'
  ln -sf ../../../../../../../../etc/shadow "$root/etc/passwd"
  run "$HB" policy "$root" --user root --json
  assert_status 2
  assert_output_contains "not in the target's /etc/passwd"
}

@test "--policy FILE applies before every flag, wherever it is written" {
  cat > "$BATS_TEST_TMPDIR/p.json" <<'J'
{"version": 1, "read_only_root": false, "capabilities": {"drop": ["ALL"], "add": ["KILL"]},
 "limits": {"memory": "128m", "cpus": 0.5, "pids": 64}}
J
  run "$HB" policy "$ROOTFS" --read-only --policy "$BATS_TEST_TMPDIR/p.json" --pids-limit 10 --json
  assert_status 0
  assert_json 'd["read_only_root"] is True'
  assert_json 'd["limits"] == {"memory": "128m", "cpus": 0.5, "pids": 10}'
  assert_json 'd["capabilities"]["add"] == ["KILL"]'
}

@test "the output of policy --json is itself a valid policy file" {
  run "$HB" policy "$ROOTFS" --read-only --tmpfs /run:rw,noexec,nosuid,size=1m --volume data:/var/lib/app \
      --cap-drop ALL --cap-add SETUID --deny chmod:EACCES --allow ptrace --user app \
      --no-new-privileges --memory 64m --cpus 1.5 --pids-limit 50 --json
  assert_status 0
  echo "$output" > "$BATS_TEST_TMPDIR/saved.json"
  first=$output
  run "$HB" policy "$ROOTFS" --policy "$BATS_TEST_TMPDIR/saved.json" --json
  assert_status 0
  [ "$output" = "$first" ]
}

@test "deny and allow rules carry errno and replace earlier rules for the syscall" {
  run "$HB" policy "$ROOTFS" --deny mkdir --deny chmod:EACCES --allow mkdir --json
  assert_status 0
  assert_json '[(r["names"], r["action"], r.get("errnoRet")) for r in d["seccomp"]["rules"]] == [(["chmod"], "SCMP_ACT_ERRNO", 13), (["mkdir"], "SCMP_ACT_ALLOW", None)]'
}

@test "bad flag values are usage errors that say what is wrong" {
  run "$HB" policy "$ROOTFS" --tmpfs relative/path
  assert_status 2
  assert_output_contains "relative/path: a container path must be absolute"
  run "$HB" policy "$ROOTFS" --tmpfs /a/../etc
  assert_status 2
  assert_output_contains "'..' is not allowed"
  run "$HB" policy "$ROOTFS" --tmpfs /tmp:size=lots
  assert_status 2
  assert_output_contains "size=lots"
  run "$HB" policy "$ROOTFS" --cap-add CAP_FLY
  assert_status 2
  assert_output_contains "CAP_FLY: not a Linux capability"
  run "$HB" policy "$ROOTFS" --deny not_a_syscall
  assert_status 2
  assert_output_contains "not_a_syscall: not a syscall"
  run "$HB" policy "$ROOTFS" --memory 1x
  assert_status 2
  run "$HB" policy "$ROOTFS" --pids-limit 18446744073709551617
  assert_status 2
}

bad_policy() {
  printf '%s' "$1" > "$BATS_TEST_TMPDIR/bad.json"
  run "$HB" policy "$ROOTFS" --policy "$BATS_TEST_TMPDIR/bad.json" --json
}

@test "policy file: an unknown key names its path and position (exit 4)" {
  bad_policy '{"version": 1,
  "capabilities": {"drop": ["ALL"], "ad": ["CHOWN"]}}'
  assert_status 4
  assert_output_contains "bad.json:2:37: .capabilities.ad: unknown key"
}

@test "policy file: wrong types are reported where they are" {
  bad_policy '{"read_only_root": "yes"}'
  assert_status 4
  assert_output_contains "bad.json:1:20: .read_only_root: expected true or false, found a string"
  bad_policy '{"tmpfs": [{"path": "/tmp"}, {"path": 5}]}'
  assert_status 4
  assert_output_contains "bad.json:1:39: .tmpfs[1].path: expected a string, found an integer"
  bad_policy '{"limits": {"pids": null, "memory": []}}'
  assert_status 4
  assert_output_contains ".limits.memory: expected a size"
}

@test "policy file: unknown capabilities and syscalls are errors, not ignored" {
  bad_policy '{"capabilities": {"add": ["NET_ADMIN", "SYS_WIZARD"]}}'
  assert_status 4
  assert_output_contains "bad.json:1:40: .capabilities.add[1]: unknown capability \"SYS_WIZARD\""
  bad_policy '{"seccomp": {"rules": [{"names": ["chmodd"], "action": "SCMP_ACT_ERRNO"}]}}'
  assert_status 4
  assert_output_contains ".seccomp.rules[0]"
  assert_output_contains "chmodd"
}

@test "policy file: '..' and duplicate mount targets are refused" {
  bad_policy '{"tmpfs": [{"path": "/var/../etc"}]}'
  assert_status 4
  assert_output_contains ".tmpfs[0].path: /var/../etc: '..' is not allowed"
  bad_policy '{"tmpfs": [{"path": "/tmp"}, {"path": "/tmp/"}]}'
  assert_status 4
  assert_output_contains ".tmpfs[1].path: /tmp is already a tmpfs mount"
  bad_policy '{"tmpfs": [{"path": "/data"}], "volumes": [{"path": "/data"}]}'
  assert_status 4
  assert_output_contains "/data is already a tmpfs mount"
}

@test "policy file: out-of-range and overflowing numbers" {
  bad_policy '{"limits": {"pids": 18446744073709551616}}'
  assert_status 4
  assert_output_contains "bad.json:1:"
  bad_policy '{"limits": {"cpus": 1e400}}'
  assert_status 4
  bad_policy '{"limits": {"pids": -5}}'
  assert_status 4
  assert_output_contains ".limits.pids: -5 is out of range"
}

@test "policy file: truncated JSON, empty file, a directory, invalid UTF-8, deep nesting" {
  bad_policy '{"version": 1, "tmpfs": [{"path": "/tmp"'
  assert_status 4
  assert_output_contains "bad.json:1:"
  bad_policy ''
  assert_status 4
  assert_output_contains "empty file"
  run "$HB" policy "$ROOTFS" --policy "$BATS_TEST_TMPDIR"
  assert_status 4
  assert_output_contains "is a directory"
  printf '{"user": "\xff\xfe"}' > "$BATS_TEST_TMPDIR/utf.json"
  run "$HB" policy "$ROOTFS" --policy "$BATS_TEST_TMPDIR/utf.json"
  assert_status 4
  assert_output_contains "utf.json:1:"
  python3 -c 'print("[" * 100000 + "]" * 100000)' > "$BATS_TEST_TMPDIR/deep.json"
  run "$HB" policy "$ROOTFS" --policy "$BATS_TEST_TMPDIR/deep.json"
  assert_status 4
  run "$HB" policy "$ROOTFS" --policy "$BATS_TEST_TMPDIR/missing.json"
  assert_status 4
  assert_output_contains "missing.json: No such file or directory"
}

@test "policy file: a NUL inside a string cannot truncate a path" {
  bad_policy '{"tmpfs": [{"path": "/safe\u0000/../etc"}]}'
  assert_status 4
}

@test "policy file: a failing file changes nothing it did not reach" {
  bad_policy '{"version": 2}'
  assert_status 4
  assert_output_contains ".version: unsupported version"
}

@test "a seccomp profile named relative to the policy file is found there" {
  mkdir -p "$BATS_TEST_TMPDIR/conf"
  cp "$HB_SRCDIR/profiles/seccomp/docker-20.10.json" "$BATS_TEST_TMPDIR/conf/mine.json"
  echo '{"seccomp": {"profile": "mine.json"}}' > "$BATS_TEST_TMPDIR/conf/p.json"
  run "$HB" policy "$ROOTFS" --policy "$BATS_TEST_TMPDIR/conf/p.json" --json
  assert_status 0
  assert_json 'd["seccomp"]["profile"].endswith("/conf/mine.json")'
}

@test "--preset applies a shipped preset in flag order; an unknown one is refused" {
  run "$HB" policy "$ROOTFS" --preset nginx --no-read-only --json
  assert_status 0
  assert_json 'd["read_only_root"] is False'
  assert_json '"/var/cache/nginx" in [t["path"] for t in d["tmpfs"]]'
  assert_json '"NET_BIND_SERVICE" in d["capabilities"]["add"]'
  run "$HB" policy "$ROOTFS" --preset no-such-preset
  assert_status 5
  assert_output_contains "no preset no-such-preset"
}
