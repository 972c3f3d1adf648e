#!/bin/sh
# apps-fixture.sh - images equivalent to the official phpmyadmin (Apache
# variant), nginxinc/nginx-unprivileged and node images, for the preset
# tests (tests/cli/presets_apps.bats).  No container registry is reachable
# from CI, so the services come from Debian bookworm's packages: one
# debootstrap --variant=minbase root filesystem (several minutes, network
# to deb.debian.org; cached in DIR.base), configured in a copy (DIR) and
# imported three times with the process settings of the official images.
#
#   apps-fixture.sh rootfs DIR   build the rootfs in DIR (reused when complete)
#   apps-fixture.sh image DIR    also docker-import the three images
#   apps-fixture.sh tag          the images' tag
#
# The images: hb-test/phpmyadmin, hb-test/nginx-unprivileged and
# hb-test/node, tag $TAG below.
#
# These are EQUIVALENT images, not the official ones.  What the presets
# depend on (the paths a service writes, the user it runs as, the
# capabilities it uses) is configured as the official image has it;
# everything else differs, as follows.
#
# Everywhere: Debian bookworm's builds (Apache 2.4 with PHP 8.2,
#   phpMyAdmin 5.2, nginx-light 1.22, Node.js 18, yarn 1.22) instead of the
#   upstream builds; one shared root filesystem, so each image contains the
#   other two services; the entrypoints are hardenbench's own short scripts
#   doing what the official ones do for a default start; no STOPSIGNAL
#   (docker import cannot set one; a trial stops a service with SIGTERM).
#
# phpmyadmin (official: phpmyadmin, Apache tags, FROM php:8.x-apache).
#   Like the official image: Apache with mod_php and mpm_prefork started
#   as root on port 80 by apache2-foreground (it removes the pid file
#   /var/run/apache2/apache2.pid, creates the APACHE_*_DIR directories and
#   execs apache2 -DFOREGROUND), children as www-data (uid 33); the
#   php:apache settings: envvars with APACHE_RUN_DIR=/var/run/apache2,
#   APACHE_LOCK_DIR=/var/lock/apache2 and APACHE_LOG_DIR=/var/log/apache2
#   (each owned by www-data, mode 1777), error.log, access.log and
#   other_vhosts_access.log linked to /dev/stderr and /dev/stdout, *.php
#   handled by mod_php, DirectoryIndex index.php index.html, the site
#   DocumentRoot /var/www/html; phpMyAdmin's files in /var/www/html with
#   its TempDir /var/www/html/tmp owned by www-data (phpMyAdmin's default,
#   ROOT_PATH/tmp: twig compiles its templates there), its configuration
#   file /etc/phpmyadmin/config.inc.php (the official image points
#   vendor_config.php there), which loads config.secret.inc.php; the
#   entrypoint (/docker-phpmyadmin-entrypoint.sh here, /docker-entrypoint.sh
#   there: the images share one filesystem) writes config.secret.inc.php with a
#   random blowfish secret when it is absent; php.ini settings of the
#   official image's phpmyadmin-misc.ini (session.save_path = /sessions,
#   /sessions mode 1777, uploads of 2 GB, allow_url_fopen off); WORKDIR
#   /var/www/html, EXPOSE 80, CMD ["apache2-foreground"].
#   Different: phpMyAdmin's vendor libraries are Debian's packages under
#   /usr/share/php (the official tarball bundles them); Debian's
#   /etc/phpmyadmin holds Debian's own files besides the official
#   config.inc.php; VOLUME /sessions is absent (the preset makes it a
#   tmpfs); no database server (the login page, which is what the test
#   requests, needs none).
#
# nginx-unprivileged (official: nginxinc/nginx-unprivileged, Debian tags).
#   Like the official image: USER 101 (user nginx, uid 101, group 0
#   ownership of its writable paths), nginx.conf without `user`, the pid
#   file /tmp/nginx.pid and the client_body, proxy, fastcgi, uwsgi and
#   scgi temporary paths under /tmp; conf.d/default.conf serving
#   /usr/share/nginx/html on port 8080; /etc/nginx and /var/cache/nginx
#   owned 101:0 and group-writable; access.log and error.log linked to
#   /dev/stdout and /dev/stderr; /docker-entrypoint.sh running
#   /docker-entrypoint.d/*.sh for `nginx`: 10-listen-on-ipv6-by-default.sh
#   (adds `listen [::]:8080;` to default.conf, touching it first) and
#   20-envsubst-on-templates.sh; CMD ["nginx", "-g", "daemon off;"],
#   EXPOSE 8080.  Different: /etc/nginx/templates/default.conf.template
#   exists (as in services-fixture.sh: the entrypoint then writes the
#   preset's /etc/nginx/conf.d volume at every start), the opt-in scripts
#   15-local-resolvers.envsh and 30-tune-worker-processes.sh are absent.
#
# node (official: node, Debian tags).  Like the official image: node and
#   yarn (v1) in /usr/local/bin, HOME=/root for root, the entrypoint
#   docker-entrypoint.sh that runs `node ARGS` when the first argument is
#   not a command; CMD ["node"].  The application is the usual layout of
#   images built FROM node: WORKDIR /usr/src/app with package.json and
#   server.js (a small HTTP server on port 3000 that writes each request's
#   body to a temporary file in os.tmpdir(), as uploads do), CMD
#   ["yarn", "start"], EXPOSE 3000.  Different: yarn is Debian's yarnpkg
#   (1.22, linked as /usr/local/bin/yarn); npm is absent.
#
# CI (tools/test) calls it once; the tests skip with a message when DIR is
# absent outside CI.
set -eu

MIRROR=${HB_DEBIAN_MIRROR:-http://deb.debian.org/debian}
PACKAGES=apache2,libapache2-mod-php8.2,phpmyadmin,nginx-light,gettext-base,nodejs,ca-certificates
# yarnpkg's dependencies form cycles debootstrap cannot configure: apt
# installs it in the chroot afterwards.
LATE_PACKAGES=yarnpkg
# Bump BASE when PACKAGES change, TAG when the configuration below does:
# the images carry TAG, and a rootfs whose marker names another is rebuilt.
BASE=apps-base-1
TAG=apps-2
BASE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

die() {
  echo "apps-fixture: $*" >&2
  exit 1
}

# write FILE MODE: stdin into the rootfs file FILE.
write() {
  cat > "$1"
  chmod "$2" "$1"
}

configure_phpmyadmin() {
  r=$1
  # Apache as php:apache configures it.
  write "$r/etc/apache2/envvars" 0644 <<'EOF'
# hardenbench fixture: php:apache's Apache environment.
export APACHE_RUN_USER=www-data
export APACHE_RUN_GROUP=www-data
export APACHE_RUN_DIR=/var/run/apache2
export APACHE_PID_FILE=$APACHE_RUN_DIR/apache2.pid
export APACHE_LOCK_DIR=/var/lock/apache2
export APACHE_LOG_DIR=/var/log/apache2
export LANG=C
EOF
  for d in /var/run/apache2 /var/lock/apache2 /var/log/apache2; do
    rm -rf "$r$d"
    mkdir -p "$r$d"
    chown 33:33 "$r$d"
    chmod 1777 "$r$d"
  done
  ln -sfT /dev/stderr "$r/var/log/apache2/error.log"
  ln -sfT /dev/stdout "$r/var/log/apache2/access.log"
  ln -sfT /dev/stdout "$r/var/log/apache2/other_vhosts_access.log"
  chown -h 33:33 "$r/var/log/apache2"/*.log
  write "$r/etc/apache2/conf-available/docker-php.conf" 0644 <<'EOF'
# hardenbench fixture: php:apache's PHP handling.
<FilesMatch \.php$>
	SetHandler application/x-httpd-php
</FilesMatch>
DirectoryIndex disabled
DirectoryIndex index.php index.html
<Directory /var/www/>
	Options -Indexes
	AllowOverride All
</Directory>
EOF
  chroot "$r" a2enconf docker-php >/dev/null
  # Debian's /phpmyadmin alias: the official image serves from the root.
  chroot "$r" a2disconf phpmyadmin >/dev/null 2>&1 || true
  rm -f "$r/etc/apache2/conf-enabled/phpmyadmin.conf"
  write "$r/usr/local/bin/apache2-foreground" 0755 <<'EOF'
#!/bin/sh
# hardenbench fixture: php:apache's apache2-foreground, in short.
set -e
. /etc/apache2/envvars
rm -f "$APACHE_PID_FILE"
mkdir -p "$APACHE_RUN_DIR" "$APACHE_LOCK_DIR" "$APACHE_LOG_DIR"
exec apache2 -DFOREGROUND "$@"
EOF
  # phpMyAdmin's files where the official image has them.
  rm -rf "$r/var/www/html"
  cp -a "$r/usr/share/phpmyadmin" "$r/var/www/html"
  mkdir -p "$r/var/www/html/tmp"
  chown 33:33 "$r/var/www/html/tmp"
  chmod 0755 "$r/var/www/html/tmp"
  sed -i "s|'tempDir' => .*|'tempDir' => ROOT_PATH . 'tmp' . DIRECTORY_SEPARATOR,|" \
    "$r/var/www/html/libraries/vendor_config.php"
  grep -q "'tempDir' => ROOT_PATH" "$r/var/www/html/libraries/vendor_config.php" \
    || die "phpmyadmin: vendor_config.php has no tempDir to set"
  write "$r/etc/phpmyadmin/config.inc.php" 0644 <<'EOF'
<?php
// hardenbench fixture: the official image's configuration, in short: the
// generated secret, one server from PMA_HOST (default "db"), cookie login.
require '/etc/phpmyadmin/config.secret.inc.php';
$i = 1;
$cfg['Servers'][$i]['auth_type'] = 'cookie';
$cfg['Servers'][$i]['host'] = getenv('PMA_HOST') ?: 'db';
$cfg['Servers'][$i]['compress'] = false;
$cfg['Servers'][$i]['AllowNoPassword'] = false;
$cfg['UploadDir'] = '';
$cfg['SaveDir'] = '';
if (file_exists('/etc/phpmyadmin/config.user.inc.php')) {
    include '/etc/phpmyadmin/config.user.inc.php';
}
EOF
  write "$r/etc/php/8.2/apache2/conf.d/99-phpmyadmin-misc.ini" 0644 <<'EOF'
; hardenbench fixture: the official image's phpmyadmin-misc.ini.
allow_url_fopen = Off
max_execution_time = 600
memory_limit = 512M
post_max_size = 2G
upload_max_filesize = 2G
session.save_path = /sessions
EOF
  mkdir -p "$r/sessions"
  chmod 1777 "$r/sessions"
  write "$r/docker-phpmyadmin-entrypoint.sh" 0755 <<'EOF'
#!/bin/sh
# hardenbench fixture: the official phpmyadmin entrypoint, in short: a
# blowfish secret generated on first start.
set -e
secret=/etc/phpmyadmin/config.secret.inc.php
if [ ! -f "$secret" ]; then
    key=$(tr -dc 'a-zA-Z0-9' < /dev/urandom | head -c 32)
    printf "<?php\n\$cfg['blowfish_secret'] = '%s';\n" "$key" > "$secret"
fi
exec "$@"
EOF
}

configure_nginx_unprivileged() {
  r=$1
  chroot "$r" groupadd --system --gid 101 nginx
  chroot "$r" useradd --system --uid 101 --gid nginx --no-create-home --home-dir /nonexistent \
    --shell /bin/false --comment 'nginx user' nginx
  mkdir -p "$r/var/cache/nginx" "$r/usr/share/nginx/html" "$r/etc/nginx/conf.d" \
    "$r/etc/nginx/templates" "$r/docker-entrypoint.d"
  rm -f "$r/etc/nginx/sites-enabled/default"
  ln -sfn /dev/stdout "$r/var/log/nginx/access.log"
  ln -sfn /dev/stderr "$r/var/log/nginx/error.log"
  echo 'hardenbench apps fixture: nginx-unprivileged' > "$r/usr/share/nginx/html/index.html"
  write "$r/etc/nginx/nginx.conf" 0644 <<'EOF'
# The nginx-unprivileged image's nginx.conf: no user, the pid file and the
# temporary paths in /tmp.
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /tmp/nginx.pid;

events {
    worker_connections  1024;
}

http {
    proxy_temp_path /tmp/proxy_temp;
    client_body_temp_path /tmp/client_temp;
    fastcgi_temp_path /tmp/fastcgi_temp;
    uwsgi_temp_path /tmp/uwsgi_temp;
    scgi_temp_path /tmp/scgi_temp;

    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;
    access_log  /var/log/nginx/access.log;
    sendfile        on;
    keepalive_timeout  65;

    include /etc/nginx/conf.d/*.conf;
}
EOF
  write "$r/etc/nginx/conf.d/default.conf" 0644 <<'EOF'
server {
    listen       8080;
    server_name  localhost;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }
}
EOF
  cp "$r/etc/nginx/conf.d/default.conf" "$r/etc/nginx/templates/default.conf.template"
  chown -R 101:0 "$r/etc/nginx" "$r/var/cache/nginx"
  chmod -R g+w "$r/etc/nginx" "$r/var/cache/nginx"
  write "$r/docker-entrypoint.sh" 0755 <<'EOF'
#!/bin/sh
# hardenbench fixture: the nginx images' entrypoint, in short.
set -e
if [ "$1" = nginx ] || [ "$1" = nginx-debug ]; then
    echo "$0: looking for shell scripts in /docker-entrypoint.d/"
    for f in /docker-entrypoint.d/*.sh; do
        [ -f "$f" ] && [ -x "$f" ] || continue
        echo "$0: launching $f"
        "$f"
    done
    echo "$0: configuration complete; ready for start up"
fi
exec "$@"
EOF
  write "$r/docker-entrypoint.d/10-listen-on-ipv6-by-default.sh" 0755 <<'EOF'
#!/bin/sh
# hardenbench fixture: make the default site listen on IPv6 too (8080).
set -e
conf=/etc/nginx/conf.d/default.conf
[ -f /proc/net/if_inet6 ] || { echo "$0: info: no IPv6 here"; exit 0; }
[ -f "$conf" ] || { echo "$0: info: no $conf"; exit 0; }
touch "$conf" 2>/dev/null || { echo "$0: info: $conf is not writable"; exit 0; }
grep -q 'listen *\[::\]:8080;' "$conf" && exit 0
sed -i 's/^\( *\)listen \( *\)8080;$/&\n\1listen  [::]:8080;/' "$conf"
echo "$0: info: enabled listen on IPv6 in $conf"
EOF
  write "$r/docker-entrypoint.d/20-envsubst-on-templates.sh" 0755 <<'EOF'
#!/bin/sh
# hardenbench fixture: render /etc/nginx/templates/*.template into conf.d.
set -e
tdir=/etc/nginx/templates
odir=/etc/nginx/conf.d
[ -d "$tdir" ] || exit 0
if [ ! -w "$odir" ]; then
    echo "$0: error: $tdir exists, but $odir is not writable"
    exit 0
fi
vars=$(env | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/${\1}/p' | tr '\n' ' ')
for t in "$tdir"/*.template; do
    [ -f "$t" ] || continue
    out="$odir/$(basename "$t" .template)"
    echo "$0: running envsubst on $t to $out"
    envsubst "$vars" < "$t" > "$out"
done
EOF
}

configure_node() {
  r=$1
  ln -sfn /usr/bin/node "$r/usr/local/bin/node"
  ln -sfn /usr/bin/yarnpkg "$r/usr/local/bin/yarn"
  write "$r/usr/local/bin/docker-entrypoint.sh" 0755 <<'EOF'
#!/bin/sh
# hardenbench fixture: the official node entrypoint: `node ARGS` unless the
# first argument is a command.
set -e
if [ "${1#-}" != "$1" ] || ! command -v "$1" >/dev/null 2>&1; then
    set -- node "$@"
fi
exec "$@"
EOF
  mkdir -p "$r/usr/src/app"
  write "$r/usr/src/app/package.json" 0644 <<'EOF'
{
  "name": "hb-apps-fixture",
  "version": "1.0.0",
  "private": true,
  "scripts": {"start": "node server.js"}
}
EOF
  write "$r/usr/src/app/server.js" 0644 <<'EOF'
// hardenbench apps fixture: an HTTP server on port 3000 that keeps each
// request's body in a temporary file while it answers, as uploads do.
const http = require('http');
const fs = require('fs');
const os = require('os');
const path = require('path');
let n = 0;
http.createServer((req, res) => {
  const file = path.join(os.tmpdir(), `upload-${process.pid}-${n++}`);
  const out = fs.createWriteStream(file);
  req.pipe(out);
  out.on('error', (e) => {
    res.writeHead(500);
    res.end(`temporary file: ${e.code}\n`);
  });
  out.on('finish', () => {
    fs.unlinkSync(file);
    res.writeHead(200, {'Content-Type': 'text/plain'});
    res.end('hardenbench apps fixture: node\n');
  });
}).listen(3000, () => console.log('listening on 3000'));
process.on('SIGTERM', () => process.exit(0));
EOF
}

build_base() {
  base=$1
  [ -f "$base/.hb-base-complete" ] && [ "$(cat "$base/.hb-base-complete")" = "$BASE" ] && return 0
  command -v debootstrap >/dev/null || die "debootstrap missing (apt-get install debootstrap)"
  rm -rf "$base.tmp"
  echo "apps-fixture: debootstrap into $base.tmp (a few minutes; log in $base.log)" >&2
  if ! debootstrap --variant=minbase --include="$PACKAGES" bookworm "$base.tmp" "$MIRROR" \
         >"$base.log" 2>&1 \
     || ! DEBIAN_FRONTEND=noninteractive chroot "$base.tmp" \
            apt-get install -y --no-install-recommends $LATE_PACKAGES >>"$base.log" 2>&1; then
    echo "apps-fixture: debootstrap failed; last lines of $base.log:" >&2
    tail -20 "$base.log" >&2
    exit 1
  fi
  echo "$BASE" > "$base.tmp/.hb-base-complete"
  rm -rf "$base"
  mv "$base.tmp" "$base"
}

build_rootfs() {
  dir=$1
  [ -f "$dir/.hb-fixture-complete" ] && [ "$(cat "$dir/.hb-fixture-complete")" = "$TAG" ] && return 0
  [ "$(id -u)" -eq 0 ] || die "debootstrap needs root"
  mkdir -p "$(dirname "$dir")"
  exec 9>"$dir.lock"
  flock 9
  [ -f "$dir/.hb-fixture-complete" ] && [ "$(cat "$dir/.hb-fixture-complete")" = "$TAG" ] && return 0
  build_base "$dir.base"
  rm -rf "$dir.tmp"
  cp -a "$dir.base" "$dir.tmp"
  rm -f "$dir.tmp/.hb-base-complete"
  configure_phpmyadmin "$dir.tmp"
  configure_nginx_unprivileged "$dir.tmp"
  configure_node "$dir.tmp"
  # As Debian-based official images do: no package caches, lists or docs.
  rm -rf "$dir.tmp/var/cache/apt/archives"/*.deb "$dir.tmp/var/lib/apt/lists"/* \
    "$dir.tmp/usr/share/doc" "$dir.tmp/usr/share/man" "$dir.tmp/usr/share/info"
  echo "$TAG" > "$dir.tmp/.hb-fixture-complete"
  rm -rf "$dir"
  mv "$dir.tmp" "$dir"
}

# import NAME CHANGE...: the rootfs as hb-test/NAME:$TAG with Dockerfile
# instructions CHANGE (docker import --change).
import() {
  ref=hb-test/$1:$TAG
  shift
  docker image inspect "$ref" >/dev/null 2>&1 && return 0
  set -- "ENV PATH=$BASE_PATH" "LABEL org.hardenbench.fixture=$TAG" "$@"
  n=$#
  while [ "$n" -gt 0 ]; do
    set -- "$@" --change "$1"
    shift
    n=$((n - 1))
  done
  tar -C "$rootfs" --exclude=./.hb-fixture-complete --numeric-owner -c . \
    | docker import "$@" - "$ref" >/dev/null || die "docker import of $ref failed"
}

import_images() {
  rootfs=$1
  docker version >/dev/null 2>&1 || die "no Docker engine answers (docker version failed)"
  import phpmyadmin \
    'ENTRYPOINT ["/docker-phpmyadmin-entrypoint.sh"]' 'CMD ["apache2-foreground"]' 'WORKDIR /var/www/html' \
    'EXPOSE 80/tcp'
  import nginx-unprivileged \
    'ENTRYPOINT ["/docker-entrypoint.sh"]' 'CMD ["nginx", "-g", "daemon off;"]' 'USER 101' \
    'EXPOSE 8080/tcp'
  import node \
    'ENTRYPOINT ["docker-entrypoint.sh"]' 'CMD ["yarn", "start"]' 'WORKDIR /usr/src/app' \
    'EXPOSE 3000/tcp'
}

case "${1:-}" in
  rootfs)
    [ $# -eq 2 ] || { echo "usage: $0 rootfs DIR" >&2; exit 2; }
    build_rootfs "$2"
    echo "apps-fixture: rootfs $2 ready"
    ;;
  image)
    [ $# -eq 2 ] || { echo "usage: $0 image DIR" >&2; exit 2; }
    build_rootfs "$2"
    import_images "$2"
    echo "apps-fixture: images hb-test/{phpmyadmin,nginx-unprivileged,node}:$TAG ready"
    ;;
  tag)
    echo "$TAG"
    ;;
  *)
    echo "usage: $0 rootfs DIR | image DIR | tag" >&2
    exit 2
    ;;
esac
