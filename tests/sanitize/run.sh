#!/usr/bin/env bash
# The hub's own code under AddressSanitizer, UndefinedBehaviorSanitizer and
# LeakSanitizer, in a clang build directory of its own (build-sanitize/):
#   1. the libFuzzer targets (tests/fuzz/run.sh) for a bounded time each;
#   2. the unit and integration tests that drive the hub's parsers, broker and
#      sockets (labels core and security) built with the same flags.
# Any sanitizer report fails the run: UB is not recovered from, leaks count.
#
#   tests/sanitize/run.sh                 FUZZ_SECONDS=30 by default here
#   SANITIZE_BUILD_DIR=/tmp/s FUZZ_SECONDS=300 tests/sanitize/run.sh
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${SANITIZE_BUILD_DIR:-$root/build-sanitize}
labels=${SANITIZE_LABELS:-core|security}

# One configuration for both parts: tests/fuzz/run.sh configures the tree
# with the sanitizers on every target and builds and runs the fuzzers.
FUZZ_BUILD_DIR=$build "$root/tests/fuzz/run.sh" "${FUZZ_SECONDS:-30}"

# The test executables of the chosen labels, and herald-hub, which
# tst_heraldhub_exe starts.
mapfile -t targets < <(ctest --test-dir "$build" -N -L "^($labels)\$" \
    | sed -n 's/^ *Test *#[0-9]*: \(tst_[a-z_]*\)$/\1/p' \
    | sed -e 's/_threads$//' | sort -u)
ninja -C "$build" herald-hub "${targets[@]}"

# The slow unwinder: Qt is built without frame pointers, and the fast one
# loses the stack (and with it the suppressions) inside Qt. Its cost grows
# with the depth it records on every malloc: 10 frames still reach the
# suppressed frame and halve the run (tst_hub: 98 s at the default 30, 53 s).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:fast_unwind_on_malloc=0:malloc_context_size=10}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$here/lsan.supp:print_suppressions=0}
export QT_QPA_PLATFORM=offscreen
ctest --test-dir "$build" -L "^($labels)\$" --output-on-failure --timeout 600
