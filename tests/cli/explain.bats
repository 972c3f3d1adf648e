#!/usr/bin/env bats
# explain.bats - `hardenbench explain` for each kind of topic, ambiguous
# names, --list, and unknown topics (exit 5 with suggestions).

entry_ok() {
  [ "$status" -eq 0 ]
  [[ "${lines[0]}" == "$1 ($2)" ]]
  for field in what risk needed control; do
    [[ "$output" =~ (^|$'\n')$field\ +[^\ ] ]] || { echo "no $field"; false; }
  done
}

@test "explain a capability, with or without CAP_, any case" {
  run "$HB" explain CAP_NET_BIND_SERVICE
  entry_ok CAP_NET_BIND_SERVICE capability
  [[ "$output" == *"--cap-drop NET_BIND_SERVICE"* ]]
  run "$HB" explain sys_admin
  entry_ok CAP_SYS_ADMIN capability
  [[ "$output" == *"--cap-add SYS_ADMIN"* ]]
}

@test "explain a namespace, a seccomp action, a syscall, a mount option, a setting, a check" {
  run "$HB" explain pid
  entry_ok pid namespace
  run "$HB" explain SCMP_ACT_NOTIFY
  entry_ok SCMP_ACT_NOTIFY "seccomp action"
  run "$HB" explain scmp_act_kill
  entry_ok SCMP_ACT_KILL_THREAD "seccomp action"
  run "$HB" explain unshare
  entry_ok unshare syscall
  run "$HB" explain finit_module
  entry_ok init_module syscall
  run "$HB" explain noexec
  entry_ok noexec "mount option"
  run "$HB" explain no-new-privileges
  entry_ok no-new-privileges setting
  run "$HB" explain 5.13
  entry_ok 5.13 check
  [[ "$(tr -s ' \n' '  ' <<<"$output")" == *"Ensure that the container's root filesystem is mounted as read only"* ]]
}

@test "explain a name with two meanings prints both" {
  run "$HB" explain chown
  [ "$status" -eq 0 ]
  [[ "$output" == *"chown (syscall)"* ]]
  [[ "$output" == *"CAP_CHOWN (capability)"* ]]
  run "$HB" explain -- --user
  entry_ok user setting
}

@test "explain an unknown topic: exit 5 and the nearest names" {
  run "$HB" explain CAP_NET_BIND_SERVIC
  [ "$status" -eq 5 ]
  [[ "$output" == *"did you mean: CAP_NET_BIND_SERVICE"* ]]
  run "$HB" explain unshar
  [ "$status" -eq 5 ]
  [[ "$output" == *"did you mean: unshare"* ]]
  run "$HB" explain zzzzzzzzzzzzzzzz
  [ "$status" -eq 5 ]
  [[ "$output" == *"explain --list"* ]]
}

@test "explain never echoes control characters from the topic" {
  run "$HB" explain $'\033[31mpid'
  [ "$status" -eq 5 ]
  [[ "$output" != *$'\033'* ]]
}

@test "explain --list groups every topic by kind" {
  run "$HB" explain --list
  [ "$status" -eq 0 ]
  for kind in capability namespace "seccomp action" syscall "mount option" setting check; do
    [[ "$output" == *$'\n'"$kind:"* || "${lines[0]}" == "$kind:" ]] || { echo "no $kind"; false; }
  done
  [[ "$output" == *CAP_CHECKPOINT_RESTORE* ]]
  [[ "$output" == *5.32* ]]
  [ "$(grep -c '^[a-z ]*:$' <<<"$output")" -eq 7 ]
}

@test "explain: usage errors" {
  run "$HB" explain
  [ "$status" -eq 2 ]
  run "$HB" explain pid net
  [ "$status" -eq 2 ]
  run "$HB" explain --list pid
  [ "$status" -eq 2 ]
  run "$HB" explain --bogus
  [ "$status" -eq 2 ]
  run "$HB" explain --help
  [ "$status" -eq 0 ]
  [[ "$output" == *"--list"* ]]
}
