#!/bin/sh
# nginx-fixture.sh - a realistic application rootfs for the monitor's
# convergence and learn tests: Debian bookworm minbase + nginx-light, built
# with debootstrap (several minutes, network to deb.debian.org), cached.
#
#   nginx-fixture.sh rootfs DIR   build the rootfs in DIR (reused when complete)
#   nginx-fixture.sh image DIR    also docker-import it as hb-test/nginx:latest
#
# CI calls it once; the tests skip with a message when DIR is absent.
set -eu

MIRROR=${HB_DEBIAN_MIRROR:-http://deb.debian.org/debian}

build_rootfs() {
  dir=$1
  [ -f "$dir/.hb-fixture-complete" ] && return 0
  command -v debootstrap >/dev/null || { echo "nginx-fixture: debootstrap missing (apt-get install debootstrap)" >&2; exit 1; }
  [ "$(id -u)" -eq 0 ] || { echo "nginx-fixture: debootstrap needs root" >&2; exit 1; }
  mkdir -p "$(dirname "$dir")"
  exec 9>"$dir.lock"
  flock 9
  [ -f "$dir/.hb-fixture-complete" ] && return 0
  rm -rf "$dir.tmp"
  debootstrap --variant=minbase --include=nginx-light bookworm "$dir.tmp" "$MIRROR" >"$dir.log" 2>&1 || {
    echo "nginx-fixture: debootstrap failed; last lines of $dir.log:" >&2
    tail -20 "$dir.log" >&2
    exit 1
  }
  # A page to serve, and nginx in the foreground as a container runs it.
  echo 'hardenbench nginx fixture' > "$dir.tmp/var/www/html/index.html"
  rm -rf "$dir.tmp/var/cache/apt/archives"/*.deb
  touch "$dir.tmp/.hb-fixture-complete"
  rm -rf "$dir"
  mv "$dir.tmp" "$dir"
}

case "${1:-}" in
  rootfs)
    [ $# -eq 2 ] || { echo "usage: $0 rootfs DIR" >&2; exit 2; }
    build_rootfs "$2"
    echo "nginx-fixture: rootfs $2 ready"
    ;;
  image)
    [ $# -eq 2 ] || { echo "usage: $0 image DIR" >&2; exit 2; }
    build_rootfs "$2"
    if ! docker image inspect hb-test/nginx:latest >/dev/null 2>&1; then
      tar -C "$2" --exclude=.hb-fixture-complete -c . \
        | docker import -c 'CMD ["nginx", "-g", "daemon off;"]' -c 'EXPOSE 80/tcp' - hb-test/nginx:latest >/dev/null
    fi
    echo "nginx-fixture: image hb-test/nginx:latest ready"
    ;;
  *)
    echo "usage: $0 rootfs DIR | image DIR" >&2
    exit 2
    ;;
esac
