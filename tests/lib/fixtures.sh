#!/bin/sh
# fixtures.sh - builds the fixtures the test suites share (CI calls it too).
#
#   fixtures.sh rootfs DIR   a static busybox root filesystem in DIR
#   fixtures.sh images       docker-imports hb-test/busybox:latest from it
#
# Idempotent: an existing, complete fixture is reused.
set -eu

BUSYBOX=${BUSYBOX:-/bin/busybox}

make_rootfs() {
  dir=$1
  [ -f "$dir/.hb-fixture-complete" ] && return 0
  mkdir -p "$(dirname "$dir")"
  # Test files run in parallel: one builds, the others wait for it.
  exec 9>"$dir.lock"
  flock 9
  [ -f "$dir/.hb-fixture-complete" ] && return 0
  [ -x "$BUSYBOX" ] || { echo "fixtures: $BUSYBOX missing (apt-get install busybox-static)" >&2; exit 1; }
  if ! file -L "$BUSYBOX" 2>/dev/null | grep -q 'statically linked'; then
    # Without `file`, check that it has no interpreter.
    if command -v readelf >/dev/null && readelf -l "$BUSYBOX" | grep -q 'Requesting program interpreter'; then
      echo "fixtures: $BUSYBOX is not static (apt-get install busybox-static)" >&2; exit 1
    fi
  fi
  rm -rf "$dir.tmp"
  mkdir -p "$dir.tmp"
  cd "$dir.tmp"
  mkdir -p bin sbin etc tmp root home/app var/log var/cache var/lib run proc sys dev usr/bin usr/sbin
  chmod 1777 tmp
  cp "$BUSYBOX" bin/busybox
  for applet in $(./bin/busybox --list); do
    [ "$applet" = busybox ] && continue
    ln -sf busybox "bin/$applet"
  done
  cat > etc/passwd <<'P'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
app:x:1000:1000:app:/home/app:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
P
  cat > etc/group <<'G'
root:x:0:
daemon:x:1:
www-data:x:33:app
staff:x:50:app,www-data
app:x:1000:
nogroup:x:65534:
G
  echo hbtest > etc/hostname
  chown 1000:1000 home/app
  cd - >/dev/null
  touch "$dir.tmp/.hb-fixture-complete"
  rm -rf "$dir"
  mv "$dir.tmp" "$dir"
}

case "${1:-}" in
  rootfs)
    [ $# -eq 2 ] || { echo "usage: $0 rootfs DIR" >&2; exit 2; }
    make_rootfs "$2"
    ;;
  images)
    command -v docker >/dev/null || { echo "fixtures: docker client missing" >&2; exit 1; }
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    make_rootfs "$tmp/rootfs"
    # Test files run in parallel: one imports, the others wait for it.
    exec 8>"${TMPDIR:-/tmp}/hb-test-busybox-image.lock"
    flock 8
    if ! docker image inspect hb-test/busybox:latest >/dev/null 2>&1; then
      tar -C "$tmp/rootfs" --exclude=.hb-fixture-complete -c . \
        | docker import -c 'CMD ["/bin/sh"]' - hb-test/busybox:latest >/dev/null
    fi
    echo "fixtures: image hb-test/busybox:latest ready"
    ;;
  *)
    echo "usage: $0 rootfs DIR | images" >&2
    exit 2
    ;;
esac
