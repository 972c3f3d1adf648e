#!/bin/sh
# services-fixture.sh - images equivalent to the official nginx, php (FPM),
# redis and postgres images, for the preset tests (tests/cli/presets.bats).
# No container registry is reachable from CI, so the services come from
# Debian bookworm's packages: one debootstrap --variant=minbase root
# filesystem (several minutes, network to deb.debian.org; cached), imported
# four times with the process settings of the official images.
#
#   services-fixture.sh rootfs DIR   build the rootfs in DIR (reused when complete)
#   services-fixture.sh image DIR    also docker-import the four images
#
# The images: hb-test/nginx-official-like, hb-test/php-fpm, hb-test/redis
# and hb-test/postgres, tag $TAG below.  One tar stream of one directory
# gives one layer digest, so Docker stores the root filesystem once.
#
# These are EQUIVALENT images, not the official ones.  What the presets
# depend on (the paths a service writes, the user it drops to, the
# capabilities it uses to get there) is configured as the official image
# has it; everything else differs, and the differences are these:
#
# Everywhere: Debian bookworm's builds (nginx-light 1.22, php 8.2, redis
#   7.0, postgresql 15) instead of the upstream builds of the official
#   images; one shared root filesystem, so each image also contains the
#   other three services; no locales (the official postgres image sets
#   LANG=en_US.utf8); the entrypoints below are hardenbench's own short
#   scripts doing what the official ones do for a default start, under
#   distinct names because the four images share one filesystem; no
#   STOPSIGNAL (docker import cannot set one; the official nginx and php
#   images declare SIGQUIT, postgres SIGINT; a trial stops a service with
#   SIGTERM whatever the image declares).
#
# nginx (official: nginx, Debian tags).  Like the official image:
#   /etc/nginx/nginx.conf runs the workers as user nginx (uid 101 there;
#   here whatever uid useradd gives), writes the pid file to
#   /var/run/nginx.pid and puts client_body, proxy, fastcgi, uwsgi and scgi
#   temporary files under /var/cache/nginx/*_temp (the official build
#   compiles those paths in; Debian's compiles /var/lib/nginx/*, so
#   nginx.conf sets them); /var/log/nginx/access.log and error.log are links
#   to /dev/stdout and /dev/stderr; conf.d/default.conf serves
#   /usr/share/nginx/html on port 80; /docker-entrypoint.sh runs the
#   executable *.sh of /docker-entrypoint.d/ for `nginx` and
#   `nginx-debug`: 10-listen-on-ipv6-by-default.sh (adds `listen [::]:80;`
#   to default.conf, touching it first to see that it may) and
#   20-envsubst-on-templates.sh (renders /etc/nginx/templates/*.template
#   into conf.d with envsubst, flat directory only); CMD
#   ["nginx", "-g", "daemon off;"], EXPOSE 80.
#   Different: the opt-in scripts 15-local-resolvers.envsh and
#   30-tune-worker-processes.sh are absent; Debian's default site and
#   sites-enabled are removed; and /etc/nginx/templates/default.conf.template
#   exists (the official image has no template; this is the configuration
#   its documentation gives for templates).  The template is there so that
#   the entrypoint renders the server block into the preset's
#   /etc/nginx/conf.d volume at start, which exercises that writable path
#   (a trial's volume starts with the image's files, as under Docker).
#
# php-fpm (official: php:8.x-fpm).  Like the official image: no php.ini
#   (the official image ships only php.ini-development and
#   php.ini-production, so PHP's built-in defaults apply: sessions and
#   uploads go to /tmp: Debian's php.ini is removed, and a conf.d file
#   puts back upstream's empty session.save_path, which Debian's build
#   changes to /var/lib/php/sessions), OPcache built but not enabled
#   (Debian enables it), no pid file, the pool files
#   docker.conf (error_log and access.log to stderr, clear_env = no,
#   catch_workers_output) and zz-docker.conf (daemonize = no, listen = 9000)
#   next to www.conf (pool www as www-data); php-fpm in /usr/local/sbin
#   (here a link to Debian's php-fpm8.2); ENTRYPOINT
#   ["docker-php-entrypoint"], CMD ["php-fpm"], WORKDIR /var/www/html,
#   EXPOSE 9000.  Different: configuration under
#   /etc/php/8.2/fpm instead of /usr/local/etc; Debian's extension set;
#   /var/www/html/index.php is a small application of the fixture's that
#   starts a session and writes a temporary file (what the preset's /tmp is
#   for), where the official image's /var/www/html is empty.
#
# redis (official: redis, Debian tags).  Like the official image: no
#   configuration file, so redis-server runs with its defaults (dir ./,
#   logs on stdout) in WORKDIR /data, VOLUME /data; the entrypoint
#   (/usr/local/bin/docker-entrypoint.sh) starts as root, gives /data's
#   files to user redis, sets umask 0077 and re-executes itself as redis with
#   gosu; CMD ["redis-server"], EXPOSE 6379.  Different: Debian's redis
#   keeps protected-mode on by default (the official build turns it off), so
#   without a password it answers only on loopback, which is where a trial's
#   --publish relay connects; user redis has Debian's system uid, not 999.
#
# postgres (official: postgres, Debian tags).  The official image is built
#   from Debian packages too (apt.postgresql.org), so the layout is the same:
#   binaries in /usr/lib/postgresql/15/bin (appended to PATH as there),
#   socket directory /var/run/postgresql (mode 3777, owner postgres),
#   PGDATA=/var/lib/postgresql/data, VOLUME /var/lib/postgresql/data,
#   createcluster.conf with create_main_cluster = false (and the cluster
#   Debian's postinst made anyway removed), listen_addresses = '*' in
#   postgresql.conf.sample.  The entrypoint
#   (/usr/local/bin/docker-postgres-entrypoint.sh) does the official one's
#   default start: as root, create PGDATA (0700) and the socket directory
#   (3775) and give them to postgres, re-execute as postgres with gosu; on
#   an empty PGDATA refuse to start without POSTGRES_PASSWORD (or
#   POSTGRES_HOST_AUTH_METHOD=trust), initdb with POSTGRES_USER and the
#   password, allow `host all all all` with scram-sha-256, start a temporary
#   server listening only on the socket, create POSTGRES_DB, run
#   /docker-entrypoint-initdb.d/*.sh and *.sql, stop it; then exec
#   postgres.  CMD ["postgres"], EXPOSE 5432.  Different:
#   PostgreSQL 15 (Debian's) instead of the newest major;
#   POSTGRES_INITDB_WALDIR, *.sql.gz/xz/zst init files and nss_wrapper for
#   arbitrary --user ids are not handled.
#
# CI (tools/test) calls it once; the tests skip with a message when DIR is
# absent outside CI.
set -eu

MIRROR=${HB_DEBIAN_MIRROR:-http://deb.debian.org/debian}
PACKAGES=nginx-light,gettext-base,php8.2-fpm,redis-server,postgresql,gosu
# Bump when the configuration below changes: the images carry it as their
# tag, and a rootfs whose marker names another version is rebuilt.
TAG=services-1
PG_MAJOR=15
BASE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

die() {
  echo "services-fixture: $*" >&2
  exit 1
}

# write FILE MODE: stdin into the rootfs file FILE.
write() {
  cat > "$1"
  chmod "$2" "$1"
}

configure_nginx() {
  r=$1
  chroot "$r" groupadd --system nginx
  chroot "$r" useradd --system --gid nginx --no-create-home --home-dir /nonexistent \
    --shell /bin/false --comment 'nginx user' nginx
  mkdir -p "$r/var/cache/nginx" "$r/usr/share/nginx/html" "$r/etc/nginx/conf.d" \
    "$r/etc/nginx/templates" "$r/docker-entrypoint.d"
  rm -f "$r/etc/nginx/sites-enabled/default"
  ln -sfn /dev/stdout "$r/var/log/nginx/access.log"
  ln -sfn /dev/stderr "$r/var/log/nginx/error.log"
  echo 'hardenbench services fixture: nginx' > "$r/usr/share/nginx/html/index.html"
  write "$r/etc/nginx/nginx.conf" 0644 <<'EOF'
# The official image's nginx.conf, with the temporary paths its build
# compiles in written out (Debian's build uses /var/lib/nginx).
user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /var/run/nginx.pid;

events {
    worker_connections  1024;
}

http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';
    access_log  /var/log/nginx/access.log  main;

    client_body_temp_path /var/cache/nginx/client_temp;
    proxy_temp_path       /var/cache/nginx/proxy_temp;
    fastcgi_temp_path     /var/cache/nginx/fastcgi_temp;
    uwsgi_temp_path       /var/cache/nginx/uwsgi_temp;
    scgi_temp_path        /var/cache/nginx/scgi_temp;

    sendfile        on;
    keepalive_timeout  65;

    include /etc/nginx/conf.d/*.conf;
}
EOF
  write "$r/etc/nginx/conf.d/default.conf" 0644 <<'EOF'
server {
    listen       80;
    server_name  localhost;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
EOF
  cp "$r/etc/nginx/conf.d/default.conf" "$r/etc/nginx/templates/default.conf.template"
  write "$r/docker-entrypoint.sh" 0755 <<'EOF'
#!/bin/sh
# hardenbench fixture: the official nginx image's entrypoint, in short.
set -e
say() {
    [ -n "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ] || echo "$@"
}
if [ "$1" = nginx ] || [ "$1" = nginx-debug ]; then
    say "$0: looking for shell scripts in /docker-entrypoint.d/"
    for f in /docker-entrypoint.d/*; do
        [ -f "$f" ] && [ -x "$f" ] || continue
        case "$f" in
            *.envsh) say "$0: sourcing $f"; . "$f" ;;
            *.sh) say "$0: launching $f"; "$f" ;;
        esac
    done
    say "$0: configuration complete; ready for start up"
fi
exec "$@"
EOF
  write "$r/docker-entrypoint.d/10-listen-on-ipv6-by-default.sh" 0755 <<'EOF'
#!/bin/sh
# hardenbench fixture: make the default site listen on IPv6 too.
set -e
conf=/etc/nginx/conf.d/default.conf
[ -f /proc/net/if_inet6 ] || { echo "$0: info: no IPv6 here"; exit 0; }
[ -f "$conf" ] || { echo "$0: info: no $conf"; exit 0; }
touch "$conf" 2>/dev/null || { echo "$0: info: $conf is not writable"; exit 0; }
if grep -q 'listen *\[::\]:80;' "$conf"; then
    echo "$0: info: $conf already listens on IPv6"
    exit 0
fi
sed -i 's/^\( *\)listen \( *\)80;$/&\n\1listen  [::]:80;/' "$conf"
echo "$0: info: enabled listen on IPv6 in $conf"
EOF
  write "$r/docker-entrypoint.d/20-envsubst-on-templates.sh" 0755 <<'EOF'
#!/bin/sh
# hardenbench fixture: render /etc/nginx/templates/*.template into conf.d,
# substituting only the variables defined in the environment.
set -e
tdir=${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}
suffix=${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}
odir=${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}
[ -d "$tdir" ] || exit 0
if [ ! -w "$odir" ]; then
    echo "$0: error: $tdir exists, but $odir is not writable"
    exit 0
fi
vars=$(env | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/${\1}/p' | tr '\n' ' ')
for t in "$tdir"/*"$suffix"; do
    [ -f "$t" ] || continue
    out="$odir/$(basename "$t" "$suffix")"
    echo "$0: running envsubst on $t to $out"
    envsubst "$vars" < "$t" > "$out"
done
EOF
}

configure_php() {
  r=$1
  fpm=$r/etc/php/8.2/fpm
  rm -f "$fpm/php.ini"
  # The official image builds OPcache but does not enable it
  # (docker-php-ext-enable opcache does); enabled, it keeps a lock file in /tmp.
  rm -f "$fpm/conf.d/10-opcache.ini"
  write "$fpm/conf.d/99-upstream-defaults.ini" 0644 <<'EOF'
; hardenbench fixture: Debian's build changes PHP's compiled-in
; session.save_path to /var/lib/php/sessions; upstream's default, which the
; official image keeps, is empty: the system's temporary directory.
session.save_path = ""
EOF
  sed -i 's|^pid *=|;&|; s|^error_log *=|;&|' "$fpm/php-fpm.conf"
  write "$fpm/pool.d/docker.conf" 0644 <<'EOF'
; hardenbench fixture: as the official image's docker.conf.
[global]
error_log = /proc/self/fd/2
log_limit = 8192

[www]
; php-fpm closes its stdout, so the access log goes to stderr too.
access.log = /proc/self/fd/2
clear_env = no
catch_workers_output = yes
decorate_workers_output = no
EOF
  write "$fpm/pool.d/zz-docker.conf" 0644 <<'EOF'
; hardenbench fixture: as the official image's zz-docker.conf.
[global]
daemonize = no

[www]
listen = 9000
EOF
  mkdir -p "$r/usr/local/sbin" "$r/usr/local/bin" "$r/var/www/html"
  ln -sfn /usr/sbin/php-fpm8.2 "$r/usr/local/sbin/php-fpm"
  write "$r/usr/local/bin/docker-php-entrypoint" 0755 <<'EOF'
#!/bin/sh
# hardenbench fixture: the official php image's entrypoint.
set -e
case "${1:-}" in
    -*) set -- php-fpm "$@" ;;
esac
exec "$@"
EOF
  write "$r/var/www/html/index.php" 0644 <<'EOF'
<?php
// hardenbench services fixture: a page that writes what PHP applications
// write by default: a session file and a temporary file.
session_start();
$_SESSION['hits'] = ($_SESSION['hits'] ?? 0) + 1;
$tmp = tempnam(sys_get_temp_dir(), 'hb');
file_put_contents($tmp, 'upload');
unlink($tmp);
echo 'hardenbench services fixture: php-fpm ', PHP_VERSION, "\n";
EOF
}

configure_redis() {
  r=$1
  mkdir -p "$r/data"
  chroot "$r" chown redis:redis /data
  write "$r/usr/local/bin/docker-entrypoint.sh" 0755 <<'EOF'
#!/bin/sh
# hardenbench fixture: the official redis image's entrypoint.
set -e
case "${1:-}" in
    -*|*.conf) set -- redis-server "$@" ;;
esac
if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
    find . \! -user redis -exec chown redis '{}' +
    exec gosu redis "$0" "$@"
fi
# Files only the server's user can read, unless the caller chose a umask.
if [ "$(umask)" = 0022 ]; then
    umask 0077
fi
exec "$@"
EOF
}

configure_postgres() {
  r=$1
  sed -i 's/^#*\(create_main_cluster\) .*/\1 = false/' "$r/etc/postgresql-common/createcluster.conf"
  rm -rf "$r/var/lib/postgresql/$PG_MAJOR" "$r/etc/postgresql/$PG_MAJOR"
  sed -i "s/^#*\(listen_addresses\) *=.*/\1 = '*'/" "$r/usr/share/postgresql/$PG_MAJOR/postgresql.conf.sample"
  grep -q "^listen_addresses = '\*'" "$r/usr/share/postgresql/$PG_MAJOR/postgresql.conf.sample" \
    || die "postgresql.conf.sample has no listen_addresses line to set"
  mkdir -p "$r/var/run/postgresql" "$r/var/lib/postgresql/data" "$r/docker-entrypoint-initdb.d"
  chroot "$r" chown -R postgres:postgres /var/run/postgresql/ /var/lib/postgresql/data
  chmod 3777 "$r/var/run/postgresql/"
  chmod 1777 "$r/var/lib/postgresql/data"
  write "$r/usr/local/bin/docker-postgres-entrypoint.sh" 0755 <<'EOF'
#!/bin/bash
# hardenbench fixture: the official postgres image's entrypoint, for a
# default start.
set -Eeo pipefail
case "${1:-}" in
    -*) set -- postgres "$@" ;;
esac
if [ "$1" != postgres ]; then
    exec "$@"
fi
if [ "$(id -u)" = 0 ]; then
    mkdir -p "$PGDATA"
    chmod 00700 "$PGDATA" || :
    mkdir -p /var/run/postgresql || :
    chmod 03775 /var/run/postgresql || :
    find "$PGDATA" \! -user postgres -exec chown postgres '{}' +
    find /var/run/postgresql \! -user postgres -exec chown postgres '{}' +
    exec gosu postgres "${BASH_SOURCE[0]}" "$@"
fi
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "${POSTGRES_HOST_AUTH_METHOD:-}" != trust ]; then
        echo "error: the database is uninitialized and no superuser password is given:" >&2
        echo "set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust)" >&2
        exit 1
    fi
    user=${POSTGRES_USER:-postgres}
    # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of options
    initdb --username="$user" --pwfile=<(printf '%s\n' "${POSTGRES_PASSWORD:-}") ${POSTGRES_INITDB_ARGS:-}
    printf '\nhost all all all %s\n' "${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" >> "$PGDATA/pg_hba.conf"
    pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start
    db=${POSTGRES_DB:-$user}
    psql=(psql -v ON_ERROR_STOP=1 --username "$user" --no-password --no-psqlrc --dbname postgres)
    if [ "$db" != postgres ]; then
        "${psql[@]}" -c "CREATE DATABASE \"$db\";"
    fi
    for f in /docker-entrypoint-initdb.d/*; do
        case "$f" in
            *.sh) echo "$0: running $f"; . "$f" ;;
            *.sql) echo "$0: running $f"; "${psql[@]}" --dbname "$db" -f "$f" ;;
            *) if [ -e "$f" ]; then echo "$0: ignoring $f"; fi ;;
        esac
    done
    pg_ctl -D "$PGDATA" -m fast -w stop
    echo
    echo 'PostgreSQL init process complete; ready for start up.'
    echo
fi
exec "$@"
EOF
}

build_rootfs() {
  dir=$1
  [ -f "$dir/.hb-fixture-complete" ] && [ "$(cat "$dir/.hb-fixture-complete")" = "$TAG" ] && return 0
  command -v debootstrap >/dev/null || die "debootstrap missing (apt-get install debootstrap)"
  [ "$(id -u)" -eq 0 ] || die "debootstrap needs root"
  mkdir -p "$(dirname "$dir")"
  exec 9>"$dir.lock"
  flock 9
  [ -f "$dir/.hb-fixture-complete" ] && [ "$(cat "$dir/.hb-fixture-complete")" = "$TAG" ] && return 0
  rm -rf "$dir.tmp"
  echo "services-fixture: debootstrap into $dir.tmp (a few minutes; log in $dir.log)" >&2
  debootstrap --variant=minbase --include="$PACKAGES" bookworm "$dir.tmp" "$MIRROR" >"$dir.log" 2>&1 || {
    echo "services-fixture: debootstrap failed; last lines of $dir.log:" >&2
    tail -20 "$dir.log" >&2
    exit 1
  }
  configure_nginx "$dir.tmp"
  configure_php "$dir.tmp"
  configure_redis "$dir.tmp"
  configure_postgres "$dir.tmp"
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
  import nginx-official-like \
    'ENTRYPOINT ["/docker-entrypoint.sh"]' 'CMD ["nginx", "-g", "daemon off;"]' \
    'EXPOSE 80/tcp'
  import php-fpm \
    'ENTRYPOINT ["docker-php-entrypoint"]' 'CMD ["php-fpm"]' 'WORKDIR /var/www/html' \
    'EXPOSE 9000/tcp'
  import redis \
    'ENTRYPOINT ["docker-entrypoint.sh"]' 'CMD ["redis-server"]' 'WORKDIR /data' \
    'VOLUME /data' 'EXPOSE 6379/tcp'
  # PATH is set again after the common one: the official image appends the
  # server's directory to it.
  import postgres \
    'ENTRYPOINT ["docker-postgres-entrypoint.sh"]' 'CMD ["postgres"]' \
    'ENV PGDATA=/var/lib/postgresql/data' 'VOLUME /var/lib/postgresql/data' \
    'EXPOSE 5432/tcp' \
    "ENV PATH=$BASE_PATH:/usr/lib/postgresql/$PG_MAJOR/bin"
}

case "${1:-}" in
  rootfs)
    [ $# -eq 2 ] || { echo "usage: $0 rootfs DIR" >&2; exit 2; }
    build_rootfs "$2"
    echo "services-fixture: rootfs $2 ready"
    ;;
  image)
    [ $# -eq 2 ] || { echo "usage: $0 image DIR" >&2; exit 2; }
    build_rootfs "$2"
    import_images "$2"
    echo "services-fixture: images hb-test/{nginx-official-like,php-fpm,redis,postgres}:$TAG ready"
    ;;
  tag)
    echo "$TAG"
    ;;
  *)
    echo "usage: $0 rootfs DIR | image DIR | tag" >&2
    exit 2
    ;;
esac
