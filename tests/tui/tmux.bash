# tmux.bash - drive the workbench in a private tmux server, as a person
# would: type keys, read the screen.  Every wait is a bounded retry loop.

load ../lib/common

TUI_SOCK="hbt-tui-$$-${BATS_TEST_NUMBER:-0}"

tui_tmux() {
  tmux -L "$TUI_SOCK" "$@"
}

# tui_start [ENV=VALUE...] -- ARGS...: run hardenbench ARGS in a 100x30 pane
# (TUI_W / TUI_H override).  When it exits the pane prints HB-EXIT=STATUS.
tui_start() {
  local envs=() args=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs+=("$1"); shift; done
  [ "${1:-}" = "--" ] && shift
  args=("$@")
  mkdir -p "$BATS_TEST_TMPDIR/config"
  local cmd
  cmd="cd $(printf %q "$BATS_TEST_TMPDIR") && env XDG_CONFIG_HOME=$(printf %q "$BATS_TEST_TMPDIR/config")"
  cmd+=" HARDENBENCH_DATADIR=$(printf %q "$HARDENBENCH_DATADIR") LANG=C.UTF-8"
  local e
  for e in "${envs[@]}"; do cmd+=" $(printf %q "$e")"; done
  cmd+=" $(printf %q "$HB")"
  for e in "${args[@]}"; do cmd+=" $(printf %q "$e")"; done
  cmd+="; echo HB-EXIT=\$?; exec sleep 600"
  # On a loaded machine a fresh tmux server has been seen to exit before
  # its first command ("server exited unexpectedly"): start it again once.
  local try
  for try in 1 2; do
    tui_tmux -f /dev/null new-session -d -s hb -x "${TUI_W:-100}" -y "${TUI_H:-30}" "$cmd" \
      && tui_tmux set-option -g status off >/dev/null && return 0
    [ "$try" = 1 ] && { tui_tmux kill-server 2>/dev/null || true; sleep 0.5; }
  done
  return 1
}

# End the workbench with SIGTERM (its normal exit path) before killing the
# server.  A hangup alone sends SIGHUP and then SIGCONT, and that SIGCONT can
# cancel the SIGSTOP with which LeakSanitizer stops the exiting process for
# its leak check: under the sanitizers it then spins forever.
tui_stop() {
  local pane pids i
  pane=$(tui_tmux display-message -p -t hb '#{pane_pid}' 2>/dev/null) || pane=
  if [ -n "$pane" ]; then
    pids=$(pgrep -P "$pane" || true)
    if [ -n "$pids" ]; then
      kill -TERM $pids 2>/dev/null || true
      for ((i = 0; i < 100; i++)); do
        kill -0 $pids 2>/dev/null || break
        sleep 0.1
      done
    fi
  fi
  tui_tmux kill-server 2>/dev/null || true
}

tui_keys() {
  tui_tmux send-keys -t hb "$@"
}

# Type literal text.
tui_type() {
  tui_tmux send-keys -t hb -l -- "$1"
}

tui_screen() {
  tui_tmux capture-pane -p -t hb
}

# Wait (up to ~10 s) until the screen contains TEXT; print the screen on failure.
tui_wait() {
  local text=$1 tries=${2:-100} i
  for ((i = 0; i < tries; i++)); do
    if tui_screen | grep -qF -- "$text"; then
      return 0
    fi
    sleep 0.1
  done
  echo "screen never showed: $text" >&2
  tui_screen >&2
  return 1
}

# Wait until TEXT is gone.
tui_wait_gone() {
  local text=$1 tries=${2:-100} i
  for ((i = 0; i < tries; i++)); do
    if ! tui_screen | grep -qF -- "$text"; then
      return 0
    fi
    sleep 0.1
  done
  echo "screen still shows: $text" >&2
  tui_screen >&2
  return 1
}

# The audit pass count shown in the title bar.
tui_audit_pass() {
  tui_screen | sed -n 's/.*CIS audit: \([0-9]*\) pass.*/\1/p' | head -1
}
