#!/usr/bin/env bash
# Screenshots of the real window under Xvfb, for the README and docs/screenshots/: a chat, an
# answer about documents with its sources and the cited page open beside it, and every main
# screen in light and dark, in English and German (scripts/screenshots.py).
# Needs Debian's xvfb and Qt's xcb libraries (installed here if missing, as root).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screenshot.png}"
documents_out="${2:-docs/screenshot-documents.png}"
# The same package list and the same check (every library Qt's xcb plugin needs) as the app's.
packages=$(.venv/bin/python -c \
    "from desktop.ui.window.display_check import XCB_PACKAGES as p; print(' '.join(p))")
plugin=$(.venv/bin/python -c \
    "from desktop.ui.window.display_check import plugin_path; print(plugin_path('xcb'))")
if ! command -v xvfb-run >/dev/null || ldd "$plugin" | grep -q "not found"; then
    apt-get update -qq
    # shellcheck disable=SC2086  # one word per package
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb xauth fonts-dejavu-core $packages
fi
# This checkout's code, whichever checkout the environment was installed from.
export PYTHONPATH="$PWD" QT_QPA_PLATFORM=xcb
xvfb-run -a -s "-screen 0 1100x700x24" .venv/bin/python scripts/screenshot.py "$out"
xvfb-run -a -s "-screen 0 1600x760x24" .venv/bin/python scripts/screenshot_documents.py \
    "$documents_out"
for language in en de; do
    for look in light dark; do
        xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/screenshots.py \
            "docs/screenshots/$language-$look" "$look" "$language"
    done
done
