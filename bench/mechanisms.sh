#!/bin/sh
# bench/mechanisms.sh - the monitor's design in numbers: per watched event,
# ptrace with two stops (the real errno; what the monitor does) against one
# stop and seccomp user notification (with and without the 6.6 sync
# wake-up), which cannot see the errno; and what kernel tracing, the only
# stop-free source of the errno, costs a trial to set up and tear down.
set -eu
: "${HB_BUILDDIR:?}"
ROUNDS=${HB_BENCH_ROUNDS:-5}
MECH=$HB_BUILDDIR/bench/hb-bench-mechanisms
[ -x "$MECH" ] || { echo "mechanisms bench: $MECH missing (make check builds it)"; exit 0; }
[ "$(id -u)" -eq 0 ] || echo "(not root: the tracing rows are unavailable)"
echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
echo
"$MECH" "$ROUNDS" 20000
echo
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
