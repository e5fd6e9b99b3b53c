#!/usr/bin/env bash
# Builds the libFuzzer targets with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer in a build directory of their own, and runs
# each for a bounded time. Exits non-zero on a crash, a sanitizer report or
# a leak; the input that did it is left in <build>/fuzz-artifacts/<target>/.
#
#   tests/fuzz/run.sh [seconds]        (default 60 per target, or $FUZZ_SECONDS)
#   FUZZ_TARGETS="fuzz_token" FUZZ_BUILD_DIR=/tmp/herald-fuzz tests/fuzz/run.sh 600
# Targets: fuzz_codec (the protocol decoder), fuzz_token (tokens, claims,
# channel patterns); the seconds are per target.
set -euo pipefail

seconds=${1:-${FUZZ_SECONDS:-60}}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
targets=${FUZZ_TARGETS:-fuzz_codec fuzz_token}
clangxx=${CLANGXX:-clang++}

# Every library the fuzzer links is instrumented for coverage and the
# sanitizers; UB stops the run instead of being printed and passed over.
sanitize="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
cmake -S "$root" -B "$build" -G Ninja \
    -DCMAKE_CXX_COMPILER="$clangxx" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS="$sanitize -fno-omit-frame-pointer" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
    -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" \
    -DHERALD_FUZZ=ON -DHERALD_BUILD_GUI=OFF -DHERALD_BUILD_EXAMPLES=OFF >/dev/null
# shellcheck disable=SC2086 # a list of targets
ninja -C "$build" $targets

status=0
for target in $targets; do
    seeds="$here/corpus/$target"
    # New inputs go to a scratch corpus; the seeds in the tree stay as they are.
    work="$build/fuzz-corpus/$target"
    artifacts="$build/fuzz-artifacts/$target"
    mkdir -p "$work" "$artifacts"
    echo "== $target: ${seconds}s"
    # libFuzzer prints a line per new input: keep them in a log, show the end.
    log="$build/fuzz-$target.log"
    if UBSAN_OPTIONS=print_stacktrace=1 "$build/bin/$target" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$artifacts/" "$work" "$seeds" >"$log" 2>&1; then
        grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" || true
    else
        tail -n 60 "$log" >&2
        echo "== $target FAILED: see $artifacts and $log" >&2
        status=1
    fi
done
exit $status
