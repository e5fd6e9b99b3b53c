#!/bin/sh
# Takes the README's screenshot (docs/images/monitor.png): herald-monitor
# with an embedded hub under demo traffic (herald-monitor-traffic), on a
# virtual X display (Debian's xvfb), grabbed once the chart has filled.
#
#   tests/monitor/screenshot.sh [BUILD_DIR] [OUTPUT.png]
#
# SETTLE=seconds (default 100) is how long the traffic runs first.
set -eu
build=$(cd "${1:-build}" && pwd)
out=$(realpath -m "${2:-docs/images/monitor.png}")
settle=${SETTLE:-100}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Inside the X session: the monitor (its hub on a free port, which it
# names on stderr), traffic, a wait, the grab; then stop what we started.
XDG_CONFIG_HOME=$work xvfb-run -a -s "-screen 0 1440x900x24" sh -c '
    build=$1; out=$2; settle=$3; log=$4/monitor.log
    "$build/bin/herald-monitor" --embedded --port 0 --channel chat.lobby \
        -qwindowgeometry 1440x900+0+0 2>"$log" &
    monitor=$!
    url=
    for _ in $(seq 50); do
        url=$(sed -n "s/.*embedded hub listening on \(ws:[^ ]*\).*/\1/p" "$log")
        [ -n "$url" ] && break
        sleep 0.2
    done
    if [ -z "$url" ]; then cat "$log" >&2; kill "$monitor" 2>/dev/null; exit 1; fi
    "$build/bin/herald-monitor-traffic" --url "$url" &
    traffic=$!
    sleep "$settle"
    status=0
    "$build/bin/tests/grab-screen" "$out" || status=$?
    kill "$traffic" "$monitor"
    wait "$traffic" "$monitor" 2>/dev/null || true
    exit $status
' sh "$build" "$out" "$settle" "$work"
echo "wrote $out"
