#!/usr/bin/env bats
# Fidelity to Docker (issue 25), three differences a trial had: the same
# probe run by `docker run` and by a trial of the same image's files with
# the same flags prints the same.  The engine here is Docker 20.10 with
# runc 1.1 (what is compared is what it does, not what the docs say):
#   - low ports: a container with its own network namespace has
#     net.ipv4.ip_unprivileged_port_start 0, so binding port 80 needs no
#     CAP_NET_BIND_SERVICE, and the monitor must not ask for it;
#   - stdio: fds 0-2 belong to the container's user (runc chowns them, the
#     group kept; /dev/null left alone), so a non-root service can reopen
#     /dev/stderr;
#   - tmpfs over a directory the image has: the directory's mode wins over
#     mode=, owner and contents are the tmpfs's own (runc does not copy the
#     image's files onto a --tmpfs); over a new directory mode= holds.
# Both sides run with --network none (a trial has only loopback) and the
# trial with --no-monitor where only the container's view is compared.

bats_require_minimum_version 1.5.0
load ../lib/sandbox

IMAGE=hb-test/busybox:latest

setup_file () {
  export FIDD_ROOT="$BATS_FILE_TMPDIR/busybox-rootfs"
  [ "$(id -u)" = 0 ] || return 0
  docker image inspect "$IMAGE" >/dev/null 2>&1 || return 0
  docker create --name "hbt-fidd-$$" "$IMAGE" >/dev/null
  mkdir -p "$FIDD_ROOT"
  docker export "hbt-fidd-$$" | tar -x -C "$FIDD_ROOT"
  docker rm -f "hbt-fidd-$$" >/dev/null
}

setup () {
  [ "$(id -u)" = 0 ] || skip "trials need root"
  docker image inspect "$IMAGE" >/dev/null 2>&1 || skip "no $IMAGE"
  [ -x "$FIDD_ROOT/bin/sh" ] || skip "no exported rootfs"
}

# both PROBE FLAGS...: the probe's stdout under docker run and under a
# trial with the same FLAGS (their spelling is the same for every flag
# used here); fails with a diff when they differ.
both () {
  local probe=$1
  shift
  run --separate-stderr docker run --rm --network none "$@" "$IMAGE" sh -c "$probe"
  [ "$status" -eq 0 ] || { echo "docker: $stderr"; return 1; }
  dock=$output
  run --separate-stderr "$HB" trial "$FIDD_ROOT" --no-monitor "$@" -- /bin/sh -c "$probe"
  [ "$status" -eq 0 ] || { echo "trial: $stderr"; return 1; }
  mine=$output
  if [ "$dock" != "$mine" ]; then
    diff <(echo "$dock") <(echo "$mine") || true
    return 1
  fi
}

PORT_PROBE='cat /proc/sys/net/ipv4/ip_unprivileged_port_start
nc -l -p 80 -w 1 2>&1; nc -l -p 1023 -w 1 2>&1; true'

@test "low ports: a non-root user without capabilities binds port 80 as under docker run" {
  both "$PORT_PROBE" --user 1000:1000 --cap-drop ALL
  [ "$(head -1 <<<"$mine")" = 0 ]
  [[ "$mine" == *"nc: timed out"* ]]          # listened: the bind was allowed
  [[ "$mine" != *"Permission denied"* ]]
  # root with the default capabilities: the same
  both "$PORT_PROBE"
}

@test "low ports: the monitor sees nginx-style binds below 1024 succeed and suggests no NET_BIND_SERVICE" {
  run --separate-stderr "$HB" trial "$FIDD_ROOT" --json --cap-drop ALL --user 1000:1000 --timeout 20 -- \
    /bin/sh -c 'nc -l -p 80 -w 1; true'
  [ "$status" -eq 0 ]
  [ "$(jq -s '[.[] | select(.kind == "perm-denied")] | length' <<<"$output")" -eq 0 ]
  summary=$(jq -c 'select(.kind == "summary")' <<<"$output")
  [ -n "$summary" ]
  [[ "$summary" != *NET_BIND_SERVICE* ]]
}

STDIO_PROBE='for fd in 0 1 2; do stat -L -c "fd$fd %F %u %g %a" /proc/self/fd/$fd; done
echo to-stderr > /dev/stderr && echo "reopen /dev/stderr: ok"
echo to-stdout > /dev/stdout && echo "reopen /dev/stdout: ok"
echo to-fd2 > /proc/self/fd/2 && echo "reopen /proc/self/fd/2: ok"'

@test "stdio: the container's user owns its stdout and stderr, and reopens them, as under docker run" {
  both "$STDIO_PROBE" --user 101:101
  [[ "$mine" == *"fd1 fifo 101 0 600"* ]]
  [[ "$mine" == *"fd2 fifo 101 0 600"* ]]
  [[ "$mine" == *"fd0 character special file 0 0 666"* ]]   # /dev/null: untouched
  [[ "$mine" == *"reopen /dev/stderr: ok"* ]]
  [[ "$mine" == *"reopen /proc/self/fd/2: ok"* ]]
  # a user by name, and root
  both "$STDIO_PROBE" --user app
  both "$STDIO_PROBE"
  [[ "$mine" == *"fd2 fifo 0 0 600"* ]]
}

# What a tmpfs looks like from inside: its root's mode and owner, whether
# the image's files are there, and its mountinfo line (options included;
# sorted: Docker orders mounts by path, a trial as given).
TMPFS_PROBE='for d in /etc /home/app /var/log /var/cache /tmp /new /new/sub; do
  [ -d "$d" ] || continue
  stat -c "%n %a %u:%g" "$d"
  ls -A "$d" | grep -vxE "hostname|hosts|resolv.conf" | sed "s|^|  $d/|"
done
[ -e /etc/passwd ] && echo "/etc/passwd there" || echo "/etc/passwd absent"
while read -r _ _ _ _ mp opts _ ; do
  case "$mp" in /etc|/home/app|/var/log|/var/cache|/tmp|/new|/new/sub) echo "$mp $opts";; esac
done < /proc/self/mountinfo | sort
sed -n "s/^[^ ]* [^ ]* [^ ]* [^ ]* \(\/[^ ]*\) .* - tmpfs [^ ]* \(.*\)/\1 \2/p" /proc/self/mountinfo \
  | grep -E "^(/etc|/home/app|/var/log|/var/cache|/tmp|/new|/new/sub) " | sort'

@test "tmpfs over existing directories: their mode, not mode=; the tmpfs's owner; no copied files (as docker run)" {
  both "$TMPFS_PROBE" --tmpfs /etc:mode=1777 --tmpfs /home/app --tmpfs /var/log:mode=1777 \
    --tmpfs /tmp:mode=0700
  [[ "$mine" == *"/etc 755 0:0"* ]]            # mode=1777 gave way to /etc's own mode
  [[ "$mine" == *"/tmp 1777 0:0"* ]]           # and mode=0700 to /tmp's
  [[ "$mine" == *"/home/app 755 0:0"* ]]       # the image's dir is app's: the tmpfs is root's
  [[ "$mine" == *"/etc/passwd absent"* ]]      # nothing copied up
}

@test "tmpfs over existing directories: uid=, gid=, ro and a read-only root, as docker run" {
  both "$TMPFS_PROBE" --read-only --tmpfs /home/app:uid=5,gid=6,mode=0700 --tmpfs /var/cache:ro,mode=1777 \
    --tmpfs /var/log
  [[ "$mine" == *"/home/app 755 5:6"* ]]
  [[ "$mine" == *"/var/cache 755 0:0"* ]]
  [[ "$mine" == *"/var/cache ro,"* ]]
}

@test "tmpfs over new directories: mode= holds, else the tmpfs default 1777, as docker run" {
  both "$TMPFS_PROBE" --tmpfs /new:mode=0750 --tmpfs /new/sub
  [[ "$mine" == *"/new 750 0:0"* ]]
  [[ "$mine" == *"/new/sub 1777 0:0"* ]]
}
