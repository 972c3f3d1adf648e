#!/bin/sh
# app.sh - the hardenbench demo service.  It behaves like a small real
# daemon: a pid file under /run, a log under /var/log/demo, a cache under
# /var/cache/demo, scratch files in /tmp, a chmod of its cache, and an HTTP
# listener.  Every write it cannot make is reported and the start is
# refused (exit 1) after all were tried, so one trial shows them all.
#
# Environment: DEMO_PORT (default 8080); DEMO_ONESHOT=1 stops after the
# start-up writes instead of serving.

PORT=${DEMO_PORT:-8080}
failed=0

say() {
  echo "demo: $*"
}

# try WHAT COMMAND...: run a start-up step, remember a failure.
try() {
  what=$1
  shift
  if ! "$@" 2>/dev/null; then
    echo "demo: cannot $what" >&2
    failed=$((failed + 1))
  fi
}

try "write the pid file /run/demo.pid" sh -c "echo $$ > /run/demo.pid"
try "write the log /var/log/demo/app.log" \
  sh -c "echo \"\$(date -u +%Y-%m-%dT%H:%M:%SZ) starting on port $PORT\" >> /var/log/demo/app.log"
try "fill the cache /var/cache/demo" sh -c "date -u > /var/cache/demo/started"
try "restrict the cache (chmod 0600 /var/cache/demo/started)" chmod 0600 /var/cache/demo/started

scratch=$(mktemp /tmp/demo.XXXXXX 2>/dev/null)
if [ -n "$scratch" ]; then
  echo "rendered at start" > "$scratch"
  rm -f "$scratch"
else
  echo "demo: cannot create a scratch file in /tmp" >&2
  failed=$((failed + 1))
fi

if [ "$failed" -gt 0 ]; then
  echo "demo: $failed start-up step(s) failed; not starting" >&2
  exit 1
fi

say "started as uid $(id -u), pid $$"
if [ "${DEMO_ONESHOT:-0}" = 1 ]; then
  say "oneshot: start-up writes done"
  exit 0
fi
say "listening on port $PORT"
exec httpd -f -p "$PORT" -h /srv/www
