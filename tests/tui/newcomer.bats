#!/usr/bin/env bats
# The workbench as a newcomer meets it (issue 20): ^C asks about unsaved
# changes, the targets list follows the engine and ranks exact matches
# first, the export preview shows the whole command, a trial event opens
# whole, audit fixes, prompts complete paths and keep refused input, the
# key bar always shows the help key, columns size from their contents,
# themes, the saved run script, the status lines.

load tmux

setup() {
  ROOTFS=$(hb_fixture_rootfs)
  NAME="hbt-tui-$$-${BATS_TEST_NUMBER}"
}

teardown() {
  tui_stop
  if hb_have_docker; then
    docker rm -f "$NAME" "$NAME-b" "zz-$NAME" >/dev/null 2>&1 || true
  fi
}

# The screen line number (1-based) of the first line containing TEXT.
line_of() {
  tui_screen | grep -nF -- "$1" | head -1 | cut -d: -f1
}

@test "newcomer: ^C with unsaved changes asks as q does; c cancels; a second ^C quits without saving" {
  tui_start -- "$ROOTFS"
  tui_wait "Read-only root filesystem"
  tui_keys Space
  tui_wait "[modified]"
  tui_keys C-c
  tui_wait "Unsaved changes: save to"
  tui_wait "? (y)es (n)o (c)ancel"
  tui_keys c
  tui_wait_gone "Unsaved changes"
  ! tui_screen | grep -qF "HB-EXIT="
  tui_keys C-c
  tui_wait "Unsaved changes: save to"
  tui_keys C-c
  tui_wait "HB-EXIT=0"
  ! ls "$BATS_TEST_TMPDIR"/config/hardenbench/policies/*.json 2>/dev/null
}

@test "newcomer: ^C without unsaved changes quits at once" {
  tui_start -- "$ROOTFS"
  tui_wait "Read-only root filesystem"
  tui_keys C-c
  tui_wait "HB-EXIT=0"
  tui_stop
  # y at the ^C question saves, as at q's
  tui_start -- "$ROOTFS"
  tui_wait "Read-only root filesystem"
  tui_keys Space
  tui_wait "[modified]"
  tui_keys C-c
  tui_wait "Unsaved changes"
  tui_keys y
  tui_wait "HB-EXIT=0"
  grep -q '"read_only_root": true' "$BATS_TEST_TMPDIR"/config/hardenbench/policies/*.json
}

@test "newcomer: the targets list follows the engine (created elsewhere: shown within 6 s; r reloads at once)" {
  hb_require_docker
  tui_start
  tui_wait "targets:"
  tui_keys /
  tui_type "$NAME"
  tui_keys Enter
  tui_wait "No target matches the filter"
  docker create --name "$NAME" hb-test/busybox:latest true >/dev/null
  # the 3 s reload shows it without a key
  tui_wait "$NAME" 60
  tui_wait "1 shown"
  docker rm -f "$NAME" >/dev/null
  tui_keys r
  tui_wait "No target matches the filter" 20
  docker create --name "$NAME" hb-test/busybox:latest true >/dev/null
  tui_keys C-l
  tui_wait "1 shown" 20
  # the keyboard never waited for the engine: the list still moves
  tui_keys q
  tui_wait "HB-EXIT=0"
}

@test "newcomer: the filter lists the exact match, then prefixes, then the rest; o sorts by column" {
  hb_require_docker
  # created in this order, the engine lists them newest first: -b, zz-, exact
  docker create --name "$NAME" hb-test/busybox:latest true >/dev/null
  docker create --name "zz-$NAME" hb-test/busybox:latest true >/dev/null
  docker create --name "$NAME-b" hb-test/busybox:latest true >/dev/null
  tui_start
  tui_wait "targets:"
  tui_keys /
  tui_type "$NAME"
  tui_wait "3 shown"
  local exact prefix other
  exact=$(tui_screen | grep -nE " $NAME +container" | head -1 | cut -d: -f1)
  prefix=$(line_of "$NAME-b")
  other=$(line_of "zz-$NAME")
  [ -n "$exact" ] && [ "$exact" -lt "$prefix" ] && [ "$prefix" -lt "$other" ]
  # Enter takes the filter, Enter opens the first row: the exact match
  tui_keys Enter Enter
  tui_wait "$NAME (container)"
  tui_keys Escape
  tui_wait "targets:"
  # a filter that is a prefix of none: the engine's order, then by name
  tui_keys / C-u
  tui_type "tui-$$-${BATS_TEST_NUMBER}"
  tui_keys Enter
  tui_wait "3 shown"
  [ "$(line_of "$NAME-b")" -lt "$(line_of "zz-$NAME")" ]
  tui_keys o
  tui_wait "sorted by name"
  exact=$(tui_screen | grep -nE " $NAME +container" | head -1 | cut -d: -f1)
  [ "$exact" -lt "$(line_of "$NAME-b")" ]
  [ "$(line_of "$NAME-b")" -lt "$(line_of "zz-$NAME")" ]
  tui_keys o
  tui_wait "sorted by kind"
}

@test "newcomer: the export preview wraps the whole docker run line; PgDn scrolls; the description keeps its words" {
  TUI_W=80 TUI_H=24 tui_start -- --engine unix:///nonexistent.sock @demo
  tui_wait "@demo (demo)"
  tui_keys Space a
  tui_wait "tmpfs PATH[:OPTIONS]:"
  tui_type "/var/log/nginx:rw,noexec,nosuid,nodev,size=64m"
  tui_keys Enter
  tui_wait "tmpfs  /var/log/nginx"
  tui_keys e
  tui_wait "Export: run"
  # a directory target has no image: the dialog says so, i names one
  tui_wait "image: none"
  tui_wait "give one with --image REF"
  tui_keys i
  tui_wait "image to run (REF):"
  tui_type "hb-demo:latest"
  tui_keys Enter
  tui_wait "image: hb-demo:latest"
  # the line's end, far past 80 columns, is on the screen
  tui_wait "--entrypoint=/app/app.sh"
  tui_wait "size=64m"
  ! tui_screen | grep -qF -- "nosuid,n│"
  # each format's description (src/export/exporters.c) keeps its words whole
  local fmt desc word i=0 formats
  mapfile -t formats < <(sed -n 's/^  { "\([a-z0-9-]*\)", "\([^"]*\)", hb_export_.*/\1|\2/p' "$HB_SRCDIR/src/export/exporters.c")
  for line in "${formats[@]}"; do
    fmt=${line%%|*}
    desc=${line#*|}
    # j is Down in one byte: no escape sequence to split on a loaded machine
    if [ "$i" -gt 0 ]; then tui_keys j; fi
    i=$((i + 1))
    tui_wait "Export: $fmt "
    for word in $desc; do
      tui_screen | grep -qF -- "$word" || { echo "$fmt: '$word' is not whole on screen" >&2; tui_screen >&2; return 1; }
    done
  done
  [ "$i" -ge 7 ]
  tui_keys Home
  for ((; i > 1; i--)); do tui_keys k; done
  tui_wait "Export: run "
  # a long format scrolls: lines N-M of T, PgDn moves on
  tui_keys j j j j
  tui_wait "Export: k8s"
  tui_wait "PgDn/PgUp"
  local first
  first=$(tui_screen | sed -n 's/.*lines \([0-9]*\)-.*/\1/p')
  [ "$first" = 1 ]
  tui_keys PageDown
  tui_wait_gone "lines 1-"
  tui_keys Escape q n
}

@test "newcomer: Enter on a trial event opens it whole with its explanation" {
  tui_start -- --engine unix:///nonexistent.sock @demo
  tui_wait "@demo (demo)"
  tui_keys Space t
  tui_wait "Trial 1: ended"
  tui_keys Tab
  tui_wait "Enter whole event"
  # go to the first denied write: its row's place among the events
  local first row
  tui_keys g
  tui_wait "trial started"
  first=$(line_of "trial started")
  row=$(line_of "write   /")
  [ -n "$first" ] && [ -n "$row" ]
  for ((i = first; i < row; i++)); do tui_keys j; done
  tui_keys Enter
  tui_wait "Event "
  tui_wait "Seen "
  # the whole line, to its errno and the closing parenthesis
  tui_screen | grep -E "write   /[^ ]+  \([^,]+, EROFS\)"
  # and what it means
  tui_wait "read-only (setting)"
  tui_wait "at this path makes it writable"
  tui_keys Escape
  tui_wait_gone "Seen "
  tui_keys q n
}

@test "newcomer: a perm event names the capability it needs; its detail explains it" {
  hb_require_docker
  docker image inspect hb-test/nginx:latest >/dev/null 2>&1 || skip "no hb-test/nginx image"
  tui_start -- image:hb-test/nginx:latest
  tui_wait "Read-only root filesystem"
  # without capabilities nginx's master fails its chown of the cache first
  tui_keys l D h t
  tui_wait "Trial 1: ended" 300
  tui_wait "perm    chown"
  tui_wait "1 missing capability, 1 suggestion"
  tui_keys Tab
  local first row
  tui_keys g
  tui_wait "trial started"
  first=$(line_of "trial started")
  row=$(line_of "perm    chown")
  for ((i = first; i < row; i++)); do tui_keys j; done
  tui_keys Enter
  tui_wait "Seen "
  tui_wait "needs a capability the policy does not grant"
  tui_screen | grep -E "perm    chown( [^ ]+)?  \(nginx, EPERM, needs CAP_CHOWN\)"
  tui_wait "CAP_CHOWN (capability)"
  tui_wait "chown (syscall)"
}

@test "newcomer: audit titles keep a column from their status; Space on a failing check applies its fix" {
  TUI_W=80 TUI_H=24 tui_start -- "$ROOTFS"
  tui_wait "Read-only root filesystem"
  tui_keys h
  tui_wait "CIS Docker Benchmark:"
  tui_wait "Space fix"
  # every check line: its title (or its cut) then a blank, then the status
  local lines
  lines=$(tui_screen | grep -E "│ [45]\.[0-9]+ ")
  [ "$(wc -l <<<"$lines")" -ge 10 ]
  ! grep -E "[^ ](pass|fail|info|n/a) *│" <<<"$lines"
  grep -qE " (pass|fail) +│" <<<"$lines"
  # 5.13 (read-only root) fails; Space there fixes it
  local first row
  first=$(line_of "│ 4.1 ")
  row=$(line_of "│ 5.13 ")
  tui_screen | sed -n "${row}p" | grep -q "fail"
  tui_keys g
  for ((i = first; i < row; i++)); do tui_keys j; done
  tui_keys Space
  tui_wait "fixed 5.13: --read-only"
  tui_screen | sed -n "${row}p" | grep -q "pass"
  tui_keys l
  tui_wait "[x] Read-only root filesystem"
}

@test "newcomer: Tab complete only where it completes; tmpfs paths from the target's files; refused input stays" {
  tui_start -- "$ROOTFS"
  tui_wait "Read-only root filesystem"
  tui_keys a
  tui_wait "tmpfs PATH[:OPTIONS]:"
  tui_wait "Tab complete"
  tui_type "/va"
  tui_keys Tab
  tui_wait "tmpfs PATH[:OPTIONS]: /var/"
  tui_keys Tab
  # the target's /var: cache, lib, log (the host's /var has others)
  tui_wait "cache/  lib/  log/"
  tui_type "lo"
  tui_keys Tab
  tui_wait "tmpfs PATH[:OPTIONS]: /var/log/"
  tui_keys C-u
  tui_type "/tmp:size=abc"
  tui_keys Enter
  # still open, with the text and why
  tui_wait "tmpfs PATH[:OPTIONS]: /tmp:size=abc"
  tui_screen | grep -qi "size"
  tui_screen | grep -v "PATH\[:OPTIONS\]" | grep -qiE "size.*(abc|invalid|bad)|(abc|invalid|bad).*size"
  tui_keys C-u
  tui_type "/tmp:size=16m"
  tui_keys Enter
  tui_wait "tmpfs  /tmp"
  tui_wait_gone "tmpfs PATH[:OPTIONS]:"
  # a prompt without completion does not offer it
  tui_keys l l l l
  tui_wait "Memory"
  tui_keys Enter
  tui_wait "memory limit"
  ! tui_screen | grep -qF "Tab complete"
  tui_keys Escape
  # the syscall prompt completes
  tui_keys h h
  tui_wait "+ deny a syscall"
  tui_keys a
  tui_wait "deny SYSCALL"
  tui_wait "Tab complete"
  tui_keys Escape q n
}

@test "newcomer: at 80x24 the key bar keeps ? help on every screen" {
  TUI_W=80 TUI_H=24 tui_start -- --engine unix:///nonexistent.sock @demo
  tui_wait "@demo (demo)"
  tui_screen | tail -1 | grep -qF "? help"
  tui_keys t
  tui_wait "Trial 1:"
  tui_keys Tab
  tui_wait "Enter whole event"
  tui_screen | tail -1 | grep -qF "? help"
  tui_keys Tab
  tui_screen | tail -1 | grep -qF "? help"
  tui_keys Tab h
  tui_wait "Space fix"
  tui_screen | tail -1 | grep -qF "? help"
  tui_keys s
  tui_keys Escape
  tui_wait "targets:"
  tui_screen | tail -1 | grep -qF "? help"
  tui_keys q
  tui_wait "HB-EXIT=0"
}

@test "newcomer: list columns size from their contents (HARDENING whole while IMAGE is mostly empty)" {
  hb_require_docker
  docker create --name "$NAME" --read-only --cap-drop ALL --user 1000:1000 --security-opt no-new-privileges \
    hb-test/busybox:latest true >/dev/null
  tui_start
  tui_wait "$NAME"
  tui_screen | grep -F " $NAME " | grep -qF "RO caps:0 seccomp:default user:1000:1000 nnp"
  tui_screen | grep -F " $NAME " | grep -qF "hb-test/"
  # at 80 columns NAME and IMAGE give way first
  tui_tmux resize-window -t hb -x 80 -y 24
  sleep 0.5
  tui_wait "HARDENING"
  # (a long name keeps its end)
  tui_screen | grep -F -- "${NAME: -8}" | grep -qF "RO caps:0 seccomp:default"
}

@test "newcomer: --theme nosuch is one error line, with NO_COLOR too; T switches themes inside" {
  tui_start -- --theme nosuch "$ROOTFS"
  tui_wait "HB-EXIT=2"
  tui_screen | grep -qF "hardenbench: unknown theme 'nosuch' (themes: default,"
  # the message, then at once the exit line: no stray blank line
  [ "$(tui_screen | grep -v '^$' | grep -n 'HB-EXIT' | cut -d: -f1)" = "$(tui_screen | grep -n 'HB-EXIT' | cut -d: -f1)" ]
  [ "$(tui_screen | grep -c 'unknown theme')" = 1 ]
  tui_stop
  tui_start NO_COLOR=1 -- --theme nosuch "$ROOTFS"
  tui_wait "HB-EXIT=2"
  tui_screen | grep -qF "unknown theme 'nosuch'"
  tui_stop
  run "$HB" --theme nosuch "$ROOTFS" </dev/null
  assert_status 2
  assert_output_contains "unknown theme"
  tui_stop
  tui_start -- "$ROOTFS"
  tui_wait "Read-only root filesystem"
  local before after
  before=$(tui_tmux capture-pane -e -p -t hb | head -1)
  tui_keys T
  tui_wait "theme: "
  local name
  name=$(tui_screen | sed -n 's/.*theme: \([a-z-]*\) (T.*/\1/p')
  [ -n "$name" ] && [ "$name" != default ]
  [ -f "$HB_SRCDIR/themes/$name.theme" ]
  after=$(tui_tmux capture-pane -e -p -t hb | head -1)
  [ "$before" != "$after" ]
  # back round to the default after every theme
  local i
  for ((i = 0; i < 10; i++)); do
    tui_keys T
    sleep 0.2
    tui_screen | grep -qF "theme: default" && break
  done
  tui_wait "theme: default"
  [ "$(tui_tmux capture-pane -e -p -t hb | head -1)" = "$before" ]
}

@test "newcomer: the run export saved from the workbench is a script (#!/bin/sh, executable)" {
  tui_start -- --engine unix:///nonexistent.sock @demo
  tui_wait "@demo (demo)"
  tui_keys Space e
  tui_wait "Export: run"
  tui_keys i
  tui_wait "image to run (REF):"
  tui_type "hb-demo:latest"
  tui_keys Enter
  tui_wait "image: hb-demo:latest"
  tui_keys w
  tui_wait "save to:"
  tui_keys C-u
  tui_type "web-run.sh"
  tui_keys Enter
  tui_wait "saved the run export to web-run.sh"
  local f="$BATS_TEST_TMPDIR/web-run.sh"
  [ "$(head -1 "$f")" = "#!/bin/sh" ]
  [ -x "$f" ]
  sed -n 2p "$f" | grep -q "^docker run "
  sh -n "$f"
  # other formats stay plain files
  tui_keys Down
  tui_wait "Export: compose"
  tui_keys w C-u
  tui_type "web.yaml"
  tui_keys Enter
  tui_wait "saved the compose export to web.yaml"
  [ ! -x "$BATS_TEST_TMPDIR/web.yaml" ]
  ! head -1 "$BATS_TEST_TMPDIR/web.yaml" | grep -q '^#!'
}

@test "newcomer: status lines count with plurals; a clean trial says so and points at export" {
  hb_require_docker
  docker create --name "$NAME" --read-only hb-test/busybox:latest sh -c 'mkdir -p /data && touch /data/x' >/dev/null
  tui_start -- "$NAME"
  tui_wait "[x] Read-only root filesystem"
  tui_keys t
  tui_wait "Trial 1: ended"
  tui_wait "1 denied write, 1 suggestion (A applies"
  ! tui_screen | grep -qF "1 denied writes"
  tui_keys A
  tui_wait "tmpfs  /data"
  tui_keys t
  tui_wait "Trial 2: ended"
  tui_wait "nothing denied"
  tui_wait "e exports it"
}
