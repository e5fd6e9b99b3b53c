#!/bin/sh
# CI for the Debian packages (ctest tst_packages, label packaging):
#
#   packaging/check-packages.sh BUILD_DIR CONSUMER_SOURCE_DIR
#
# Builds the packages from an existing build directory with cpack, checks
# their control fields (and lintian, when installed: no error, no
# warning), unpacks them all into one scratch root with dpkg -x, runs the
# unpacked herald-hub (--version; then with the packaged hub.conf until
# SIGTERM), checks that hub.conf and herald-hub(1) cover every option of
# --help, and builds and runs an out-of-tree consumer with
# find_package(Herald REQUIRED COMPONENTS Client Hub) against the unpacked
# libherald-dev. The binaries find the unpacked libraries through their
# RPATH ($ORIGIN/../lib/<triplet>): ldd must show the scratch root.
# CPACK, CMAKE and CMAKE_GENERATOR may name the tools to use.
set -eu

if [ $# -ne 2 ]; then
    echo "usage: $0 BUILD_DIR CONSUMER_SOURCE_DIR" >&2
    exit 2
fi
build=$(cd "$1" && pwd)
consumer=$(cd "$2" && pwd)
cpack=${CPACK:-cpack}
cmake=${CMAKE:-cmake}
generator=${CMAKE_GENERATOR:-Ninja}

work=$(mktemp -d "${TMPDIR:-/tmp}/herald-packages.XXXXXX")
hub_pid=
cleanup() {
    if [ -n "$hub_pid" ]; then kill "$hub_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
step() {
    echo "== $*"
}

step "cpack -G DEB"
(cd "$build" && "$cpack" -G DEB -B "$work/out") > "$work/cpack.log" 2>&1 \
    || { cat "$work/cpack.log" >&2; fail "cpack failed"; }

version=$(LC_ALL=C.UTF-8 "$build/bin/herald-hub" --version | awk '{print $2}')
[ -n "$version" ] || fail "cannot read the build's version"
arch=$(dpkg --print-architecture)
packages="libherald libherald-dev herald-hub"
[ -x "$build/bin/herald-monitor" ] && packages="$packages herald-monitor"
for package in $packages; do
    deb="$work/out/${package}_${version}_${arch}.deb"
    [ -f "$deb" ] || fail "no $deb (cpack wrote: $(ls "$work/out"))"
    echo "$(basename "$deb"): $(du -k "$deb" | cut -f1) KiB"
    [ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "$package: wrong version"
    depends=$(dpkg-deb -f "$deb" Depends)
    case $package in
    herald-hub | herald-monitor)
        case $depends in *"libherald (= $version)"*libqt6core6*) ;;
        *) fail "$package: Depends lacks libherald (= $version) or Qt: $depends" ;; esac ;;
    libherald-dev)
        case $depends in *"libherald (= $version)"*qt6-base-dev*qt6-websockets-dev*) ;;
        *) fail "$package: Depends lacks libherald or Qt's dev packages: $depends" ;; esac ;;
    libherald)
        case $depends in *libqt6websockets6*) ;;
        *) fail "$package: Depends lacks Qt: $depends" ;; esac ;;
    esac
done
dpkg-deb --ctrl-tarfile "$work/out/herald-hub_${version}_${arch}.deb" | tar -xO ./conffiles \
    | grep -qx /etc/herald/hub.conf || fail "hub.conf is not a conffile"

if command -v lintian > /dev/null; then
    step "lintian"
    # Overrides (with their reasons) are in packaging/libherald/lintian-overrides.
    status=0
    lintian --fail-on error,warning "$work"/out/*.deb > "$work/lintian.log" 2>&1 || status=$?
    grep -v 'running with root' "$work/lintian.log" || true
    [ "$status" -eq 0 ] || fail "lintian reports errors or warnings"
fi

step "dpkg -x into a scratch root"
root="$work/root"
for deb in "$work"/out/*.deb; do
    dpkg -x "$deb" "$root"
done
hub="$root/usr/bin/herald-hub"

step "herald-hub --version"
out=$(LC_ALL=C.UTF-8 "$hub" --version) || fail "herald-hub --version failed"
echo "$out"
[ "$out" = "herald-hub $version" ] || fail "unexpected version: $out"
ldd "$hub" | grep libHeraldHub | grep -q "$root/" \
    || fail "the unpacked herald-hub does not use the unpacked libraries: $(ldd "$hub")"

step "herald-hub --config /etc/herald/hub.conf, then SIGTERM"
"$hub" --config "$root/etc/herald/hub.conf" --port 0 2> "$work/hub.log" &
hub_pid=$!
for _ in $(seq 100); do
    grep -q 'listening on' "$work/hub.log" && break
    kill -0 "$hub_pid" 2>/dev/null || break
    sleep 0.1
done
grep -q 'listening on' "$work/hub.log" || { cat "$work/hub.log" >&2; fail "the hub did not start"; }
sleep 0.5 # its signal handlers come right after "listening"
kill -TERM "$hub_pid"
status=0
wait "$hub_pid" || status=$?
hub_pid=
[ "$status" -eq 0 ] || { cat "$work/hub.log" >&2; fail "herald-hub exited $status on SIGTERM"; }

step "hub.conf and herald-hub(1) cover every option"
man=$(gzip -dc "$root/usr/share/man/man1/herald-hub.1.gz")
for option in $(LC_ALL=C.UTF-8 "$hub" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    name=${option#--}
    case $name in help | help-all | version | config) continue ;; esac
    grep -Eq "^;?$name *=|--$name([^a-z-]|$)" "$root/etc/herald/hub.conf" \
        || fail "hub.conf does not mention $option"
    escaped=$(printf '%s' "$option" | sed 's/-/\\\\-/g')
    printf '%s\n' "$man" | grep -q -- "$escaped" || fail "herald-hub(1) does not describe $option"
done

step "pkg-config from the scratch root"
if command -v pkg-config > /dev/null; then
    pcdir=$(dirname "$(find "$root" -name herald.pc)")
    pc_version=$(PKG_CONFIG_PATH="$pcdir" pkg-config --modversion herald)
    [ "$pc_version" = "$version" ] || fail "pkg-config herald: $pc_version"
    PKG_CONFIG_PATH="$pcdir" pkg-config --libs herald-client | grep -q -- "-L$root/" \
        || fail "herald-client.pc does not point into the scratch root"
fi

step "an out-of-tree consumer: find_package(Herald REQUIRED COMPONENTS Client Hub)"
"$cmake" -S "$consumer" -B "$work/consumer" -G "$generator" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$root/usr" > "$work/consumer.log" 2>&1 \
    || { cat "$work/consumer.log" >&2; fail "configuring the consumer failed"; }
"$cmake" --build "$work/consumer" >> "$work/consumer.log" 2>&1 \
    || { cat "$work/consumer.log" >&2; fail "building the consumer failed"; }
ldd "$work/consumer/herald-consumer" | grep libHeraldClient | grep -q "$root/" \
    || fail "the consumer does not use the unpacked libraries"
"$work/consumer/herald-consumer" || fail "the consumer failed"

echo "PASS: $packages $version"
