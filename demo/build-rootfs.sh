#!/bin/sh
# build-rootfs.sh BUSYBOX SRCDIR DEST - build the demo root filesystem:
# a static busybox with a link per applet, a root and a demo user, the demo
# service (app.sh) and its web page.  DEST must not exist.
set -eu

busybox=$1
src=$2
dest=$3

case "$busybox" in
  no | "")
    echo "build-rootfs.sh: no busybox found by configure (install busybox-static)" >&2
    exit 1 ;;
esac
if LC_ALL=C readelf -l "$busybox" 2>/dev/null | grep -q 'program interpreter'; then
  echo "build-rootfs.sh: $busybox is dynamically linked; the demo needs busybox-static" >&2
  exit 1
fi

mkdir "$dest"
for d in bin etc app srv/www run tmp var/log/demo var/cache/demo proc sys dev root home/demo; do
  mkdir -p "$dest/$d"
done
chmod 1777 "$dest/tmp"
chmod 0700 "$dest/root"

cp "$busybox" "$dest/bin/busybox"
chmod 0755 "$dest/bin/busybox"
for applet in $("$busybox" --list); do
  case "$applet" in
    busybox | */*) ;;
    *) ln -s busybox "$dest/bin/$applet" ;;
  esac
done

cat >"$dest/etc/passwd" <<'PW'
root:x:0:0:root:/root:/bin/sh
demo:x:1000:1000:demo service:/home/demo:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PW
cat >"$dest/etc/group" <<'GR'
root:x:0:
demo:x:1000:
nogroup:x:65534:
GR
echo demo >"$dest/etc/hostname"

cp "$src/app.sh" "$dest/app/app.sh"
chmod 0755 "$dest/app/app.sh"
cp "$src/index.html" "$dest/srv/www/index.html"
chmod 0644 "$dest/srv/www/index.html" "$dest/etc/passwd" "$dest/etc/group" "$dest/etc/hostname"
