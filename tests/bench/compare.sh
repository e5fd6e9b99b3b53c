#!/usr/bin/env bash
# Issue 9's comparison in one run: herald-hub, Debian's nats-server (WebSocket
# listener) and seed 003's Node.js rooms server, each pinned to one core with
# herald-bench pinned to the other, through the same scenarios; prints a
# markdown table of medians. See tests/bench/README.md.
#
# Environment (all optional):
#   RUNS=5            runs per cell; the table shows medians (RUNS=1: quick pass)
#   DURATION=5        measured seconds per publishing run (after WARMUP=1)
#   INFLIGHT=100      the in-flight cap quoted with every figure
#   CONNECTIONS=10000 connections for the memory / connection-rate run
#   CONNECT_CONCURRENCY=50  handshakes in flight at once, over all bench
#                     processes (Qt's listen backlog is 50: more only adds SYN retries)
#   SERVERS="herald nats node"
#   SCENARIOS="fanout100 fanout1000 channels rate connect"
#   BUILD_DIR=<repo>/build  where bin/herald-bench and bin/herald-hub are
#   BENCH=..., HUB=...      or name the binaries directly
#   HUB_FLAGS="..."         extra herald-hub flags (e.g. "--threads 2")
#   SERVER_CPU=0 BENCH_CPU=1  the cores to pin to
#   OUT=dir           keep every run's JSON there (default: a temporary dir, removed)
#   QUIET_WAIT=60     before each run, wait up to this long for other processes
#                     to leave the machine idle (after two waits in vain, 5 s);
#                     figures taken while they did not say "contended"
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
BUILD_DIR=${BUILD_DIR:-$repo/build}
BENCH=${BENCH:-$BUILD_DIR/bin/herald-bench}
HUB=${HUB:-$BUILD_DIR/bin/herald-hub}
# The per-connection rate limit (1000 frames/s) is for clients, not for a
# load generator publishing as fast as it can.
HUB_FLAGS=${HUB_FLAGS:---rate-limit 0}
RUNS=${RUNS:-5}
DURATION=${DURATION:-5}
WARMUP=${WARMUP:-1}
INFLIGHT=${INFLIGHT:-100}
CONNECTIONS=${CONNECTIONS:-10000}
CONNECT_CONCURRENCY=${CONNECT_CONCURRENCY:-50}
SERVERS=${SERVERS:-herald nats node}
SCENARIOS=${SCENARIOS:-fanout100 fanout1000 channels rate connect}
SERVER_CPU=${SERVER_CPU:-0}
BENCH_CPU=${BENCH_CPU:-1}
SETUP_TIMEOUT=${SETUP_TIMEOUT:-300}
QUIET_WAIT=${QUIET_WAIT:-60}
waits_in_vain=0
# One bench process holds at most this many connections (descriptor limit).
PER_PROCESS=${PER_PROCESS:-15000}

say() { printf '%s\n' "$*" >&2; }
die() { say "compare.sh: $*"; exit 2; }

[[ -x $BENCH ]] || die "no herald-bench at $BENCH (build first, or set BUILD_DIR/BENCH)"
[[ $SERVERS != *herald* || -x $HUB ]] || die "no herald-hub at $HUB (set BUILD_DIR/HUB)"

# --- what the servers need ----------------------------------------------------
missing=()
[[ $SERVERS == *nats* ]] && ! command -v nats-server >/dev/null && missing+=(nats-server)
if [[ $SERVERS == *node* ]]; then
    command -v node >/dev/null || missing+=(nodejs)
    command -v npm >/dev/null || missing+=(npm)
fi
command -v taskset >/dev/null || missing+=(util-linux)
if ((${#missing[@]})); then
    say "installing ${missing[*]}"
    sudo=()
    [[ $(id -u) == 0 ]] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends \
        "${missing[@]}" >&2
fi

# Every connection is a descriptor, in the bench and in the server alike.
ulimit -n "$(ulimit -Hn)"

work=$(mktemp -d "${TMPDIR:-/tmp}/herald-compare.XXXXXX")
results=${OUT:-$work/results}
mkdir -p "$results"
server_pid=
cleanup() {
    [[ -n $server_pid ]] && kill -KILL "$server_pid" 2>/dev/null || true
    # Bench processes still running (an interrupted run) go too.
    local pids
    pids=$(jobs -pr) && [[ -n $pids ]] && kill -KILL $pids 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ $SERVERS == *node* ]]; then
    say "installing the ws package for the rooms server into $work/node"
    npm install --prefix "$work/node" ws --no-audit --no-fund --loglevel=error >&2
fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
    local port
    for _ in $(seq 1 100); do
        port=$((20000 + RANDOM % 10000)) # below the ephemeral range
        port_open "$port" || { echo "$port"; return; }
    done
    die "no free port"
}

# start_server NAME PORT: runs it pinned, sets server_pid, waits for the port.
start_server() {
    local name=$1 port=$2 log="$work/$1.log"
    case $name in
    herald)
        # shellcheck disable=SC2086 # HUB_FLAGS is a list of flags
        taskset -c "$SERVER_CPU" "$HUB" --host 127.0.0.1 --port "$port" $HUB_FLAGS >"$log" 2>&1 &
        ;;
    nats)
        cat >"$work/nats.conf" <<EOF
listen: "127.0.0.1:$(free_port)"
websocket {
  host: "127.0.0.1"
  port: $port
  no_tls: true
}
EOF
        taskset -c "$SERVER_CPU" nats-server -c "$work/nats.conf" >"$log" 2>&1 &
        ;;
    node)
        NODE_PATH="$work/node/node_modules" PORT=$port HOST=127.0.0.1 \
            taskset -c "$SERVER_CPU" node "$here/servers/rooms-server.js" >"$log" 2>&1 &
        ;;
    esac
    server_pid=$!
    for _ in $(seq 1 100); do
        port_open "$port" && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    say "--- $log"
    tail -20 "$log" >&2 || true
    die "$name did not start listening on $port"
}

stop_server() {
    [[ -n $server_pid ]] || return 0
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
}

# Busy ticks of the whole machine (user, nice, system, steal), as herald-bench counts them.
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $9; exit}' /proc/stat; }

# Other people's compilers share these two cores: start a run only once the
# machine has been idle for a second (less than a fifth of a core busy), or
# after QUIET_WAIT seconds; herald-bench reports what others used meanwhile.
wait_quiet() {
    local hz deadline before after wait=$QUIET_WAIT
    ((waits_in_vain < 2)) || wait=$((QUIET_WAIT < 5 ? QUIET_WAIT : 5))
    hz=$(getconf CLK_TCK)
    deadline=$((SECONDS + wait))
    while :; do
        before=$(busy_ticks)
        sleep 1
        after=$(busy_ticks)
        if (((after - before) * 5 < hz)); then
            waits_in_vain=0
            return 0
        fi
        if ((SECONDS >= deadline)); then
            waits_in_vain=$((waits_in_vain + 1))
            say "machine still busy ($(((after - before) * 100 / hz)) % of a core); measuring anyway"
            return 0
        fi
    done
}

protocol_of() { case $1 in herald) echo herald ;; nats) echo nats ;; node) echo rooms ;; esac; }
url_of() { case $1 in herald) echo "ws://127.0.0.1:$2/ws" ;; *) echo "ws://127.0.0.1:$2/" ;; esac; }

scenario_args() {
    case $1 in
    fanout100) echo --scenario fanout --subscribers 100 ;;
    fanout1000) echo --scenario fanout --subscribers 1000 ;;
    channels) echo --scenario channels --channels 100 --subscribers 10 --publishers 10 ;;
    rate) echo --scenario rate --subscribers 100 --rate 1000 ;;
    connect) echo --scenario connect --channels 100 ;;
    *) die "unknown scenario $1" ;;
    esac
}

# run_bench FILE ARGS...: one pinned, time-bounded bench process.
run_bench() {
    local file=$1
    shift
    local limit=$((SETUP_TIMEOUT + ${WARMUP%.*} + ${DURATION%.*} + 120))
    taskset -c "$BENCH_CPU" timeout -k 5 "$limit" "$BENCH" "$@" --json >"$file" 2>"$file.log" || true
}

# The connect scenario over several bench processes when one cannot hold
# them all: each takes a share (and its own source address, for ports),
# and the server's memory is read here once every process is set up.
run_connect() {
    local base=$1
    shift
    local processes=$(((CONNECTIONS + PER_PROCESS - 1) / PER_PROCESS))
    if ((processes == 1)); then
        run_bench "$base.json" "$@" --connections "$CONNECTIONS" \
            --connect-concurrency "$CONNECT_CONCURRENCY"
        return
    fi
    local share=$(((CONNECTIONS + processes - 1) / processes)) pids=() i
    local concurrency=$(((CONNECT_CONCURRENCY + processes - 1) / processes))
    local before
    before=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")
    for ((i = 0; i < processes; i++)); do
        run_bench "$base.p$i.json" "$@" --connections "$share" \
            --connect-concurrency "$concurrency" --hold 10 --bind "127.0.0.$((i + 1))" &
        pids+=($!)
    done
    local ready=0
    for _ in $(seq 1 $((SETUP_TIMEOUT * 10))); do
        ready=$(cat "$base".p*.json.log 2>/dev/null | grep -c '^herald-bench: ready' || true)
        ((ready >= processes)) && break
        sleep 0.1
    done
    local after
    after=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")
    wait "${pids[@]}" || true
    printf '{"processes": %d, "ready": %d, "rss_before_kib": %s, "rss_after_kib": %s}\n' \
        "$processes" "$ready" "$before" "$after" >"$base.script.json"
}

say "results in $results; runs=$RUNS duration=${DURATION}s in-flight cap=$INFLIGHT"
for run in $(seq 1 "$RUNS"); do
    for scenario in $SCENARIOS; do
        for server in $SERVERS; do
            wait_quiet
            port=$(free_port)
            start_server "$server" "$port"
            base="$results/$server.$scenario.$run"
            read -r -a args <<<"$(scenario_args "$scenario")"
            args+=(--protocol "$(protocol_of "$server")" --url "$(url_of "$server" "$port")"
                --server-pid "$server_pid" --duration "$DURATION" --warmup "$WARMUP"
                --inflight "$INFLIGHT" --payload-size 100 --setup-timeout "$SETUP_TIMEOUT")
            say "run $run/$RUNS: $scenario on $server"
            if [[ $scenario == connect ]]; then
                run_connect "$base" "${args[@]}"
            else
                run_bench "$base.json" "${args[@]}"
            fi
            stop_server
        done
    done
done

node "$here/compare-table.js" "$results" "$INFLIGHT" "$SERVERS" "$SCENARIOS"
