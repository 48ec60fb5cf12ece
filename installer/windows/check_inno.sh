#!/usr/bin/env bash
# make check-inno: compile installer/windows/cloister.iss with the real Inno Setup compiler
# (ISCC.exe from the npm package `innosetup`) under Debian's wine, and fail if it fails.
#
# The real Windows bundle can only be built on Windows (release workflow), so the script is
# compiled against a stand-in folder with the same layout (Cloister.exe, cloister-cli.exe,
# _internal\...). That checks the script's syntax, directives, [Code] and the files it names;
# what it installs is checked on Windows. Set SOURCE_DIR to compile another folder instead.
#
# Installs what is missing: wine and wine32 from apt (root only; ISCC.exe is a 32-bit program),
# innosetup from npm into build/innosetup. The wine prefix lives in build/wine.
set -euo pipefail
cd "$(dirname "$0")/../.."
INNO_VERSION=6.4.1
tools=build/innosetup
iscc=$tools/node_modules/innosetup/bin/ISCC.exe
started=$(date +%s)

if ! command -v wine >/dev/null; then
    if [ "$(id -u)" != 0 ]; then
        echo "check_inno.sh: wine is missing; as root: dpkg --add-architecture i386 &&" \
            "apt-get update && apt-get install wine wine32" >&2
        exit 1
    fi
    echo "installing wine and wine32 (i386)..."
    dpkg --add-architecture i386
    apt-get update -q || true # a partly stale mirror must not stop us: the install decides
    if ! apt-get install -y -q --no-install-recommends wine wine32; then
        # A mirror whose security index for i386 lags behind amd64's leaves the two
        # architectures at different versions: take both from the release itself.
        codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
        apt-get install -y -q --no-install-recommends -t "$codename" wine wine32
    fi
fi

if [ ! -f "$iscc" ]; then
    echo "installing innosetup $INNO_VERSION from npm into $tools..."
    npm install --prefix "$tools" --no-audit --no-fund --loglevel=error "innosetup@$INNO_VERSION"
fi

source_dir=${SOURCE_DIR:-build/inno-standin}
if [ -z "${SOURCE_DIR:-}" ]; then
    rm -rf "$source_dir"
    mkdir -p "$source_dir/_internal/licenses" "$source_dir/_internal/assets"
    echo "stand-in for the PyInstaller bundle built on Windows" >"$source_dir/Cloister.exe"
    cp "$source_dir/Cloister.exe" "$source_dir/cloister-cli.exe"
    cp installer/licenses/*.txt "$source_dir/_internal/licenses/"
    cp assets/catalog.json "$source_dir/_internal/assets/"
fi
out=build/inno-out
rm -rf "$out" && mkdir -p "$out"

export WINEPREFIX="$PWD/build/wine" WINEARCH=win32 WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml=" # no Mono/Gecko install prompts
version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' desktop/__init__.py)
winpath() { winepath -w "$1" 2>/dev/null; }

log=$out/iscc.log
status=0
wine "$iscc" "/DAppVersion=$version" "/DSourceDir=$(winpath "$source_dir")" \
    "/DOutputDir=$(winpath "$out")" "$(winpath installer/windows/cloister.iss)" >"$log" 2>&1 \
    || status=$?
grep -E "^(Inno Setup|Successful compile)|Warning|Error|error" "$log" || true
if [ "$status" != 0 ]; then
    echo "check_inno.sh: ISCC failed (exit code $status); full output: $log" >&2
    exit 1
fi
if grep -q "Warning" "$log"; then # hints about renamed functions and the like: fix them now
    echo "check_inno.sh: ISCC compiled with warnings; full output: $log" >&2
    exit 1
fi

setup=$out/Cloister-$version-windows-x64-setup.exe
[ -s "$setup" ] || { echo "check_inno.sh: ISCC reported success but wrote no $setup" >&2; exit 1; }
echo "compiled: $setup ($(du -h "$setup" | cut -f1)) in $(($(date +%s) - started)) s"
