#!/usr/bin/env bash
# Screenshot of the real window under Xvfb, for the README.
# Needs Debian's xvfb and Qt's xcb libraries (installed here if missing, as root).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screenshot.png}"
if ! command -v xvfb-run >/dev/null || ! ldconfig -p | grep -q libxcb-cursor.so.0; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb xauth libxcb-cursor0 \
        libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0 libegl1 libxcb-image0 \
        libxcb-render-util0 libxcb-shape0 fonts-dejavu-core
fi
QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1100x700x24" .venv/bin/python scripts/screenshot.py "$out"
