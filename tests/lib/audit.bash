# tests/lib/audit.bash - fixtures of the audit and explain CLI tests: a
# busybox root filesystem directory and policy files, all under the test's
# temporary directory.

# audit_rootfs DIR: a minimal root filesystem from the host's static busybox.
audit_rootfs() {
  local dir=$1 bb
  bb=$(command -v busybox || echo /bin/busybox)
  mkdir -p "$dir/bin" "$dir/etc" "$dir/tmp" "$dir/var/log"
  cp "$bb" "$dir/bin/busybox"
  ln -sf busybox "$dir/bin/sh"
  printf 'root:x:0:0:root:/root:/bin/sh\nweb:x:101:101:web:/var/www:/bin/sh\n' >"$dir/etc/passwd"
  printf 'root:x:0:\nweb:x:101:\n' >"$dir/etc/group"
}

# audit_status JSON ID: the status of check ID in `audit --json` output.
audit_status() {
  jq -r --arg id "$2" '.checks[] | select(.id == $id) | .status' <<<"$1"
}
