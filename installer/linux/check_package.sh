#!/usr/bin/env bash
# CI's frozen smoke test: install the .deb (or, without root/apt, unpack it), then prove the
# installed app works headless with no Python of ours on the path:
#   1. every library of the bundle resolves on this machine (ldd);
#   2. `cloister selftest`: the starter model in the worker process, an answer, the encrypted
#      stores, an audit record written, exported and verified;
#   3. `cloister selftest --airgap`: the network is closed in the app and its worker;
#   4. the window's process starts (Qt and its platform plugin load) and stays up.
# Exits non-zero at the first failure. Installing as root changes this machine: the package
# is removed again at the end unless KEEP_INSTALLED=1.
#
#     installer/linux/check_package.sh dist/cloister_0.1.0_amd64.deb
set -euo pipefail
deb=$(realpath "${1:?usage: check_package.sh PACKAGE.deb}")
work=$(mktemp -d -t cloister-check.XXXXXX)
installed=0

cleanup() {
    [ -n "${gui_pid:-}" ] && kill "$gui_pid" 2>/dev/null || true
    if [ "$installed" = 1 ] && [ "${KEEP_INSTALLED:-0}" != 1 ]; then
        dpkg --purge cloister >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
step() { printf '\n== %s\n' "$*"; }
fail() { echo "check_package.sh: FAILED: $*" >&2; exit 1; }

step "install $(basename "$deb") ($(du -h "$deb" | cut -f1))"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    # apt-get resolves the Depends (libxcb1, libegl1...) from the configured archive.
    if ! apt-get install -y -q --no-install-recommends "$deb" >"$work/apt.log" 2>&1; then
        apt-get update -q >>"$work/apt.log" 2>&1 || true  # a fresh machine has no lists yet
        apt-get install -y -q --no-install-recommends "$deb" >>"$work/apt.log" 2>&1 \
            || { cat "$work/apt.log"; fail "apt-get could not install the package"; }
    fi
    installed=1
    app=/opt/cloister/Cloister
    cloister=cloister
    command -v cloister >/dev/null || fail "/usr/bin/cloister is missing"
else
    dpkg-deb -x "$deb" "$work/root"
    app=$work/root/opt/cloister/Cloister
    cloister=$app
fi
echo "installed: $app"

step "libraries resolve"
# The Vulkan variant's module needs the computer's Vulkan loader, which is not shipped: without
# it the module does not load and the engine runs on the CPU (installer/README.md, Variants).
missing=$(find "$(dirname "$app")" -type f \( -name '*.so*' -o -name Cloister \) \
    ! -path '*/plugins/*' -exec ldd {} + 2>/dev/null | grep 'not found' \
    | grep -v 'libvulkan\.so\.1' | sort -u || true)
[ -z "$missing" ] || fail "unresolved libraries:"$'\n'"$missing"
echo "every library of the bundle (Qt plugins aside: loaded on demand) finds its dependencies"

# A fresh home and temp folder: the self-test must touch neither the user's data nor leave
# anything behind; no Python of ours on PATH or PYTHONPATH.
export HOME="$work/home" TMPDIR="$work/tmp" QT_QPA_PLATFORM=offscreen
mkdir -p "$HOME" "$TMPDIR"
env_clean=(env -u PYTHONPATH -u PYTHONHOME -u VIRTUAL_ENV PATH=/usr/bin:/bin)

step "cloister selftest"
start=$(date +%s%N)
"${env_clean[@]}" "$cloister" selftest || fail "the frozen self-test"
echo "frozen selftest, wall clock: $(( ($(date +%s%N) - start) / 1000000 )) ms"
[ -z "$(ls -A "$TMPDIR")" ] || fail "the self-test left files in $TMPDIR: $(ls -A "$TMPDIR")"
[ ! -e "$HOME/.local/share/Cloister" ] || fail "the self-test wrote to the user's data folder"

step "cloister selftest --airgap"
"${env_clean[@]}" "$cloister" selftest --airgap || fail "the frozen air-gap self-test"

step "the window's process starts"
"${env_clean[@]}" "$cloister" --basedir "$work/data" >"$work/gui.log" 2>&1 &
gui_pid=$!
sleep 8
if ! kill -0 "$gui_pid" 2>/dev/null; then
    cat "$work/gui.log"
    fail "the app exited at start"
fi
if grep -qiE "could not load the qt platform plugin|Traceback" "$work/gui.log"; then
    cat "$work/gui.log"
    fail "the app reported an error at start"
fi
kill "$gui_pid"
wait "$gui_pid" 2>/dev/null || true
gui_pid=
echo "up after 8 s (waiting at the first-start passphrase dialog), no errors"

step "PASSED"
