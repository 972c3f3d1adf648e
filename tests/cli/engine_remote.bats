#!/usr/bin/env bats
# Remote and configured engines, reached as the docker CLI reaches them,
# against real components: a second dockerd with --tlsverify on 127.0.0.1
# (its own data root, exec root, pidfile and bridge, no iptables,
# certificates made here by openssl), an sshd on 127.0.0.1 with a key made
# here (ssh://... docker system dial-stdio), and docker context files.
#
# Never --bridge=none for the second dockerd: dockerd then deletes the
# host's docker0 (removeDefaultBridgeInterface), which the machine's own
# engine needs.  It gets a bridge of its own instead, made and removed here.

load ../lib/common
IMG=hb-test/busybox:latest
P=hbt-remote-$$
# setup_file runs in another process than the tests: the TLS engine's
# container gets its name there and exports it.

# --- the TLS engine (once for the file) ---------------------------------------

make_certs () { # make_certs DIR
  local d=$1
  mkdir -p "$d"
  (
    cd "$d"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days 2 \
      -subj /CN=hb-test-ca
    # the engine's certificate names "localhost" only: 127.0.0.1 is a mismatch
    openssl req -newkey rsa:2048 -nodes -keyout server-key.pem -out server.csr -subj /CN=localhost
    printf 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n' > server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial \
      -out server-cert.pem -days 2 -extfile server.ext
    openssl req -newkey rsa:2048 -nodes -keyout key.pem -out client.csr -subj /CN=client
    printf 'extendedKeyUsage=clientAuth\n' > client.ext
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial \
      -out cert.pem -days 2 -extfile client.ext
    # another CA, and a client certificate it signed
    mkdir -p other
    openssl req -x509 -newkey rsa:2048 -nodes -keyout other/ca-key.pem -out other/ca.pem \
      -days 2 -subj /CN=hb-other-ca
    openssl req -newkey rsa:2048 -nodes -keyout other/key.pem -out other/client.csr -subj /CN=x
    openssl x509 -req -in other/client.csr -CA other/ca.pem -CAkey other/ca-key.pem \
      -CAcreateserial -out other/cert.pem -days 2 -extfile client.ext
    chmod 600 ./*key.pem other/*key.pem
  ) >/dev/null 2>&1
}

setup_file () {
  [ "$(id -u)" -eq 0 ] || return 0
  hb_have_docker || return 0
  command -v openssl >/dev/null || return 0
  # short: containerd's sockets live under the exec root
  R=$(mktemp -d /tmp/hbr.XXXXXX)
  TLS_NAME=$P-tls
  export R TLS_NAME
  make_certs "$R/certs"
  TLS_PORT=$(hb_free_port)
  export TLS_PORT
  echo '{}' > "$R/daemon.json"
  ip link show docker0 >/dev/null 2>&1 && touch "$R/had-docker0"
  BR=hbr$$
  export BR
  ip link add "$BR" type bridge 2>/dev/null || return 0
  ip addr add "198.18.$((RANDOM % 250)).1/24" dev "$BR"
  dockerd --config-file "$R/daemon.json" --data-root "$R/data" --exec-root "$R/exec" \
    --pidfile "$R/dockerd.pid" -H "tcp://127.0.0.1:$TLS_PORT" --tlsverify \
    --tlscacert "$R/certs/ca.pem" --tlscert "$R/certs/server-cert.pem" \
    --tlskey "$R/certs/server-key.pem" --bridge "$BR" --iptables=false --ip-masq=false \
    --ip-forward=false \
    --storage-driver vfs --containerd-namespace hbremote \
    --containerd-plugins-namespace hbremote-plugins >"$R/dockerd.log" 2>&1 3>&- &
  echo $! > "$R/dockerd.launcher"
  export DC="docker -H tcp://localhost:$TLS_PORT --tlsverify --tlscacert $R/certs/ca.pem --tlscert $R/certs/cert.pem --tlskey $R/certs/key.pem"
  for _ in $(seq 150); do $DC version >/dev/null 2>&1 && break; sleep 0.2; done
  if $DC version >/dev/null 2>&1 && docker image inspect "$IMG" >/dev/null 2>&1; then
    docker save "$IMG" | $DC load >/dev/null 2>&1
    $DC create --name "$TLS_NAME" --read-only --cap-drop ALL "$IMG" >/dev/null 2>&1
    touch "$R/up"
  fi
}

teardown_file () {
  [ -n "${R:-}" ] || return 0
  pid=
  [ -s "$R/dockerd.launcher" ] && pid=$(cat "$R/dockerd.launcher")
  [ -s "$R/dockerd.pid" ] && pid=$(cat "$R/dockerd.pid")
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  wait 2>/dev/null || true
  [ -n "${BR:-}" ] && ip link del "$BR" 2>/dev/null || true
  umount -R "$R/exec" "$R/data" 2>/dev/null || true
  rm -rf "$R"
}

require_tls_engine () {
  [ "$(id -u)" -eq 0 ] || skip "a second dockerd needs root"
  command -v openssl >/dev/null || skip "no openssl"
  [ -e "${R:-/nonexistent}/up" ] || skip "the TLS dockerd did not start: $(tail -3 "$R/dockerd.log" 2>/dev/null)"
}

setup () {
  TMP=$(mktemp -d)
  export XDG_CACHE_HOME=$TMP/cache
  # No ~/.docker of the machine's: each test writes its own.
  export DOCKER_CONFIG=$TMP/docker
  unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH DOCKER_TLS
}

teardown () {
  [ -n "${SSHD_PID:-}" ] && kill "$SSHD_PID" 2>/dev/null || true
  [ -n "${HTTP_PID:-}" ] && kill "$HTTP_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$TMP"
}

has_tls_row () {
  [ "$status" -eq 0 ] || return 1
  [ "$(printf '%s' "$output" | jq -c ".[] | select(.name == \"$TLS_NAME\") | [.read_only_root, .capabilities]")" = "[true,0]" ]
}

# --- TLS -------------------------------------------------------------------------

@test "DOCKER_HOST + DOCKER_TLS_VERIFY + DOCKER_CERT_PATH reach the TLS engine" {
  require_tls_engine
  run env DOCKER_HOST="tcp://localhost:$TLS_PORT" DOCKER_TLS_VERIFY=1 \
    DOCKER_CERT_PATH="$R/certs" "$HB" list --all --json
  echo "$output"
  has_tls_row
  run env DOCKER_HOST="tcp://localhost:$TLS_PORT" DOCKER_TLS_VERIFY=1 \
    DOCKER_CERT_PATH="$R/certs" "$HB" list --all
  [ "$status" -eq 0 ]
  [[ "${lines[-1]}" == "engine: tcp://localhost:$TLS_PORT (DOCKER_HOST, TLS verified), API 1."* ]]
  # the policy of a remote container is its inspect, as for a local one
  run env DOCKER_HOST="tcp://localhost:$TLS_PORT" DOCKER_TLS_VERIFY=1 \
    DOCKER_CERT_PATH="$R/certs" "$HB" policy "$TLS_NAME" --json
  [ "$status" -eq 0 ]
  [ "$(printf '%s' "$output" | jq -c '.read_only_root')" = true ]
}

@test "the second dockerd leaves the machine's docker0 alone" {
  require_tls_engine
  [ -e "$R/had-docker0" ] || skip "no docker0 before the test"
  ip link show docker0
  ip link show "$BR"
}

@test "a trial of the TLS engine's container uses its export; the cost is said once" {
  require_tls_engine
  export DOCKER_HOST="tcp://localhost:$TLS_PORT" DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH="$R/certs"
  run "$HB" trial "$TLS_NAME" -- /bin/busybox true
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"container $TLS_NAME is on the engine at tcp://localhost:$TLS_PORT, not on this machine: its files were copied here once (docker export, "*" in "*" s)"* ]]
  # the copy is the export, in the cache
  [ -x "$XDG_CACHE_HOME/hardenbench/rootfs/$($DC inspect -f '{{.Id}}' "$TLS_NAME")/root/bin/busybox" ]
  run "$HB" trial "$TLS_NAME" -- /bin/busybox true
  [ "$status" -eq 0 ]
  [[ "$output" != *"copied here once"* ]]
}

@test "~/.docker is the default certificate directory; --tlsverify and the --tls* flags" {
  require_tls_engine
  mkdir -p "$DOCKER_CONFIG"
  cp "$R/certs/ca.pem" "$R/certs/cert.pem" "$R/certs/key.pem" "$DOCKER_CONFIG/"
  run env DOCKER_HOST="tcp://localhost:$TLS_PORT" DOCKER_TLS_VERIFY=1 "$HB" list --all --json
  has_tls_row
  run "$HB" -H "tcp://localhost:$TLS_PORT" --tlsverify list --all --json
  has_tls_row
  rm "$DOCKER_CONFIG"/*.pem
  run "$HB" --host "tcp://localhost:$TLS_PORT" --tlsverify --tlscacert "$R/certs/ca.pem" \
    --tlscert "$R/certs/cert.pem" --tlskey "$R/certs/key.pem" list --all --json
  has_tls_row
  # a flag's file must exist
  run "$HB" --engine "tcp://localhost:$TLS_PORT" --tlsverify --tlscacert "$TMP/none.pem" list
  [ "$status" -eq 3 ]
  [[ "$output" == *"--tlscacert $TMP/none.pem"*"No such file"* ]]
}

@test "TLS errors: untrusted certificate, name mismatch, plain HTTP either way, client refused" {
  require_tls_engine
  C=$R/certs
  # the engine's certificate is signed by a CA we were not given
  run "$HB" -H "tcp://localhost:$TLS_PORT" --tlsverify --tlscacert "$C/other/ca.pem" \
    --tlscert "$C/cert.pem" --tlskey "$C/key.pem" list
  echo "$output"
  [ "$status" -eq 3 ]
  [[ "$output" == *"its TLS certificate is not trusted by $C/other/ca.pem"* ]]
  # the certificate is for localhost, not 127.0.0.1
  run env DOCKER_HOST="tcp://127.0.0.1:$TLS_PORT" DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH="$C" \
    "$HB" list
  echo "$output"
  [ "$status" -eq 3 ]
  [[ "$output" == *"its TLS certificate is not for this host name"* ]]
  # plain HTTP to the TLS port
  run env DOCKER_HOST="tcp://localhost:$TLS_PORT" "$HB" list
  echo "$output"
  [ "$status" -eq 3 ]
  [[ "$output" == *"speaks TLS, and this was plain HTTP: set DOCKER_TLS_VERIFY=1"* ]]
  # our client certificate is from another CA
  run "$HB" -H "tcp://localhost:$TLS_PORT" --tlsverify --tlscacert "$C/ca.pem" \
    --tlscert "$C/other/cert.pem" --tlskey "$C/other/key.pem" list
  echo "$output"
  [ "$status" -eq 3 ]
  [[ "$output" == *"refused our client certificate"* ]]
  # TLS to a port that answers plain HTTP
  port=$(hb_free_port)
  python3 -m http.server --bind 127.0.0.1 "$port" >/dev/null 2>&1 3>&- &
  HTTP_PID=$!
  for _ in $(seq 50); do ss -Hltn "sport = :$port" | grep -q . && break; sleep 0.1; done
  run env DOCKER_HOST="tcp://127.0.0.1:$port" DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH="$C" \
    "$HB" list
  echo "$output"
  [ "$status" -eq 3 ]
  [[ "$output" == *"does not speak TLS"* ]]
}

# --- contexts ----------------------------------------------------------------------

# write_context NAME HOST [TLSDIR]: as `docker context create` stores it.
write_context () {
  local digest dir
  digest=$(printf '%s' "$1" | sha256sum | cut -d' ' -f1)
  dir=$DOCKER_CONFIG/contexts/meta/$digest
  mkdir -p "$dir"
  printf '{"Name":"%s","Metadata":{},"Endpoints":{"docker":{"Host":"%s","SkipTLSVerify":false}}}' \
    "$1" "$2" > "$dir/meta.json"
  if [ -n "${3:-}" ]; then
    mkdir -p "$DOCKER_CONFIG/contexts/tls/$digest/docker"
    cp "$3/ca.pem" "$3/cert.pem" "$3/key.pem" "$DOCKER_CONFIG/contexts/tls/$digest/docker/"
  fi
}

@test "contexts: a TLS context (--context, DOCKER_CONTEXT, currentContext) as docker reads it" {
  require_tls_engine
  write_context tlsctx "tcp://localhost:$TLS_PORT" "$R/certs"
  # the docker CLI reads the same files the same way
  run docker --config "$DOCKER_CONFIG" --context tlsctx ps -a --format '{{.Names}}'
  [[ "$output" == *"$TLS_NAME"* ]]
  run "$HB" --context tlsctx list --all --json
  has_tls_row
  run "$HB" --context tlsctx list --all
  [[ "${lines[-1]}" == "engine: tcp://localhost:$TLS_PORT (context tlsctx, TLS verified), API 1."* ]]
  run env DOCKER_CONTEXT=tlsctx "$HB" list --all --json
  has_tls_row
  printf '{"auths":{},"currentContext":"tlsctx"}' > "$DOCKER_CONFIG/config.json"
  run "$HB" list --all --json
  has_tls_row
}

@test "contexts: flags > DOCKER_HOST > DOCKER_CONTEXT > currentContext > default" {
  hb_have_docker || skip "no Docker engine"
  write_context local "unix:///var/run/docker.sock"
  write_context broken "unix://$TMP/nothing.sock"
  printf '{"currentContext":"local"}' > "$DOCKER_CONFIG/config.json"
  run "$HB" list
  [[ "${lines[-1]}" == "engine: unix:///var/run/docker.sock (context local), API"* ]]
  printf '{"currentContext":"broken"}' > "$DOCKER_CONFIG/config.json"
  run "$HB" list
  [ "$status" -eq 3 ]
  [[ "$output" == *"no Docker engine at unix://$TMP/nothing.sock"* ]]
  run env DOCKER_CONTEXT=local "$HB" list
  [[ "${lines[-1]}" == *"(context local), API"* ]]
  run env DOCKER_CONTEXT=broken DOCKER_HOST=unix:///var/run/docker.sock "$HB" list
  [[ "${lines[-1]}" == *"(DOCKER_HOST), API"* ]]
  run env DOCKER_HOST="unix://$TMP/nothing.sock" "$HB" --context local list
  [[ "${lines[-1]}" == *"(context local), API"* ]]
  run env DOCKER_CONTEXT=broken "$HB" -H unix:///var/run/docker.sock list
  [[ "${lines[-1]}" == *"(--engine), API"* ]]
  # "default" is the default socket, whatever the current context says
  run "$HB" --context default list
  [[ "${lines[-1]}" == "engine: unix:///var/run/docker.sock (default), API"* ]]
  # DOCKER_CONFIG moves ~/.docker: with none, the default again
  run env DOCKER_CONFIG="$TMP/empty" "$HB" list
  [[ "${lines[-1]}" == *"(default), API"* ]]
}

@test "contexts: errors name the context and the file" {
  mkdir -p "$DOCKER_CONFIG"
  run "$HB" --context nosuch list
  [ "$status" -eq 3 ]
  [[ "$output" == *"--context: context \"nosuch\" does not exist"* ]]
  printf '{"currentContext":"gone"}' > "$DOCKER_CONFIG/config.json"
  run "$HB" list
  [ "$status" -eq 3 ]
  [[ "$output" == *"currentContext of config.json: context \"gone\" does not exist"* ]]
  printf '{"currentContext": 7}' > "$DOCKER_CONFIG/config.json"
  run "$HB" list
  [ "$status" -eq 3 ]
  [[ "$output" == *"config.json"*"currentContext"* ]]
  rm "$DOCKER_CONFIG/config.json"
  write_context nohost ""
  run "$HB" --context nohost list
  [ "$status" -eq 3 ]
  [[ "$output" == *"context \"nohost\" has no docker endpoint"* ]]
  run "$HB" --context x -H unix:///var/run/docker.sock list
  [ "$status" -eq 2 ]
  [[ "$output" == *"either --engine (--host) or --context"* ]]
}

# --- ssh -----------------------------------------------------------------------------

start_sshd () {
  [ "$(id -u)" -eq 0 ] || skip "sshd for root needs root"
  [ -x /usr/sbin/sshd ] || skip "no openssh-server"
  command -v ssh >/dev/null || skip "no openssh-client"
  hb_have_docker || skip "no Docker engine"
  mkdir -p /run/sshd "$TMP/ssh"
  ssh-keygen -q -t ed25519 -N '' -f "$TMP/ssh/host_key"
  ssh-keygen -q -t ed25519 -N '' -f "$TMP/ssh/id"
  cp "$TMP/ssh/id.pub" "$TMP/ssh/authorized_keys"
  SSH_PORT=$(hb_free_port)
  cat > "$TMP/ssh/sshd_config" <<EOF
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $TMP/ssh/host_key
AuthorizedKeysFile $TMP/ssh/authorized_keys
PidFile $TMP/ssh/sshd.pid
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
StrictModes no
UsePAM no
AllowUsers root
EOF
  /usr/sbin/sshd -D -e -f "$TMP/ssh/sshd_config" 2>"$TMP/ssh/sshd.log" 3>&- &
  SSHD_PID=$!
  for _ in $(seq 50); do ss -Hltn "sport = :$SSH_PORT" | grep -q . && break; sleep 0.1; done
  # ssh reads ~/.ssh of the passwd entry, not $HOME: the test's key and
  # known hosts come in through an ssh first on PATH.
  mkdir -p "$TMP/bin"
  cat > "$TMP/bin/ssh" <<EOF
#!/bin/sh
exec /usr/bin/ssh -F /dev/null -i $TMP/ssh/id -o IdentitiesOnly=yes \
  -o StrictHostKeyChecking=no -o UserKnownHostsFile=$TMP/ssh/known_hosts "\$@"
EOF
  chmod +x "$TMP/bin/ssh"
}

@test "ssh://root@127.0.0.1:PORT through docker system dial-stdio" {
  start_sshd
  hb_require_test_image
  docker create --name "$P-ssh" --cap-drop ALL --cap-add CHOWN "$IMG" >/dev/null
  run env PATH="$TMP/bin:$PATH" "$HB" -H "ssh://root@127.0.0.1:$SSH_PORT" list --all --json
  docker rm -f "$P-ssh" >/dev/null
  echo "$output" | tail -5
  [ "$status" -eq 0 ]
  [ "$(printf '%s' "$output" | jq -c ".[] | select(.name == \"$P-ssh\") | .capabilities")" = 1 ]
  run env PATH="$TMP/bin:$PATH" DOCKER_HOST="ssh://root@127.0.0.1:$SSH_PORT" "$HB" list
  [ "$status" -eq 0 ]
  [[ "${lines[-1]}" == "engine: ssh://root@127.0.0.1:$SSH_PORT (DOCKER_HOST), API 1."* ]]
  # no ssh process is left behind
  ! pgrep -f -- "-p $SSH_PORT -- 127.0.0.1 docker system dial-stdio"
}

@test "ssh errors: ssh's own message; a bad address" {
  start_sshd
  # a user the server does not let in
  run env PATH="$TMP/bin:$PATH" "$HB" -H "ssh://nobody@127.0.0.1:$SSH_PORT" list
  echo "$output"
  [ "$status" -eq 3 ]
  [[ "$output" == *"ssh failed: "*"Permission denied"* ]]
  # nothing listens there
  run env PATH="$TMP/bin:$PATH" "$HB" -H "ssh://root@127.0.0.1:$(hb_free_port)" list
  [ "$status" -eq 3 ]
  [[ "$output" == *"ssh failed: ssh: connect to host 127.0.0.1 port "*"Connection refused"* ]]
  # no ssh at all
  run env PATH=/nonexistent "$HB" -H "ssh://root@127.0.0.1:$SSH_PORT" list
  [ "$status" -eq 3 ]
  [[ "$output" == *"ssh failed: cannot run ssh: No such file or directory"* ]]
  run "$HB" -H "ssh://-oProxyCommand=x@host" list
  [ "$status" -eq 3 ]
  [[ "$output" == *"bad user"* ]]
  run "$HB" -H "ssh://-oProxyCommand=x" list
  [ "$status" -eq 3 ]
  [[ "$output" == *"bad host"* ]]
  run "$HB" -H "ssh://host/path" list
  [ "$status" -eq 3 ]
  [[ "$output" == *"has no path"* ]]
}
