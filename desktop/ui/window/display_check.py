"""Can Qt open a window here? Asked before the QApplication exists, because Qt's own answer is
to abort the process with a hint that names the wrong library.

On Linux the window goes through Qt's xcb platform plugin, which needs some twenty system
libraries that a minimal Debian or a server image lacks. Loading the plugin ourselves (dlopen,
as Qt would a moment later) tells whether they are all there; if not, `ldd` names every missing
one, and the message gives the exact package names to install.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo

# Platforms that need no display server (tests, screenshots, `QT_QPA_PLATFORM=offscreen`).
_HEADLESS = {"offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs", "vkkhrdisplay"}
# Sonames whose Debian package name does not follow from the soname.
_PACKAGE_EXCEPTIONS = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
}
# The Debian packages Qt's xcb plugin and Qt's own libraries need (what the rest depend on
# comes with them). The README's apt-get line and the .deb's Depends list the same ones;
# tests/unit/ui/window/test_display_check.py checks that the three agree.
XCB_PACKAGES = (
    "libgl1",
    "libegl1",
    "libfontconfig1",
    "libdbus-1-3",
    "libx11-xcb1",
    "libxkbcommon-x11-0",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xkb1",
)


def display_problem() -> str | None:
    """Why Qt would not be able to open a window, in words for the user; None if it can.

    Asked before the QApplication exists, so the words come out in English; the translate()
    calls still let pyside6-lupdate collect them."""
    if not sys.platform.startswith("linux"):
        return None  # Windows and macOS platform plugins need nothing outside the bundle
    platform = _requested_platform()
    if platform in _HEADLESS or platform == "wayland":
        return None  # Wayland falls back to xcb itself; a broken Wayland has its own message
    plugin = plugin_path(platform)
    if not plugin.is_file():
        return QCoreApplication.translate(
            "DisplayCheck",
            "Qt's '{platform}' platform plugin is missing from this installation ({plugin}).",
        ).format(platform=platform, plugin=plugin)
    missing = missing_libraries(plugin)
    if missing:
        return _missing_message(missing)
    if platform == "xcb" and not os.environ.get("DISPLAY"):
        return QCoreApplication.translate(
            "DisplayCheck",
            "Cloister cannot open its window: there is no display (DISPLAY is not set). "
            "Start it from a desktop session, or under a virtual display: xvfb-run -a cloister",
        )
    return None


def _requested_platform() -> str:
    requested = os.environ.get("QT_QPA_PLATFORM", "")
    # "xcb:option=value;wayland" -> the first platform's name; Qt tries them in order.
    first = requested.split(";")[0].split(":")[0].strip()
    if first:
        return first
    wayland_session = os.environ.get("WAYLAND_DISPLAY") and (
        os.environ.get("XDG_SESSION_TYPE") == "wayland"
    )
    return "wayland" if wayland_session else "xcb"


def plugin_path(platform: str) -> Path:
    """Where Qt will look for the platform plugin (honouring QT_QPA_PLATFORM_PLUGIN_PATH)."""
    folder = os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH")
    if folder:
        return Path(folder) / f"libq{platform}.so"
    plugins = QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)
    return Path(plugins) / "platforms" / f"libq{platform}.so"


def missing_libraries(library: Path) -> list[str]:
    """The sonames `library` needs and this system lacks (empty if it loads)."""
    try:
        ctypes.CDLL(str(library))
    except OSError as exc:
        first = _soname_in(str(exc))
        found = _missing_by_ldd(library)
        if first and first not in found:
            found.insert(0, first)
        return found or [str(exc)]
    return []


def _soname_in(dlopen_error: str) -> str | None:
    # "libxcb-icccm.so.4: cannot open shared object file: No such file or directory"
    match = re.match(r"([^\s:/]+\.so[.\d]*): cannot open shared object file", dlopen_error)
    return match.group(1) if match else None


def _missing_by_ldd(library: Path) -> list[str]:
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    try:
        listing = subprocess.run(
            [ldd, str(library)], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found: list[str] = []
    for line in listing.splitlines():
        name, _, where = line.strip().partition(" => ")
        if where.strip() == "not found" and name not in found:
            found.append(name)
    return found


def debian_package(soname: str) -> str:
    """libxcb-icccm.so.4 -> libxcb-icccm4; libxkbcommon-x11.so.0 -> libxkbcommon-x11-0."""
    if soname in _PACKAGE_EXCEPTIONS:
        return _PACKAGE_EXCEPTIONS[soname]
    base, _, version = soname.partition(".so.")
    base = base.lower()
    version = version.split(".")[0]
    return f"{base}-{version}" if base[-1:].isdigit() else f"{base}{version}"


def _missing_message(missing: list[str]) -> str:
    names = ", ".join(missing)
    lines = [
        QCoreApplication.translate(
            "DisplayCheck",
            "Cloister cannot open its window: Qt's X11 (xcb) plugin needs system libraries "
            "that are not installed: {names}.",
        ).format(names=names)
    ]
    if all(".so" in name for name in missing) and Path("/etc/debian_version").exists():
        packages = " ".join(dict.fromkeys(debian_package(name) for name in missing))
        lines.append(
            QCoreApplication.translate("DisplayCheck", "Install them with: {command}").format(
                command=f"sudo apt-get install {packages}"
            )
        )
    else:
        lines.append(
            QCoreApplication.translate(
                "DisplayCheck",
                "Install the packages that provide them with your system's package manager.",
            )
        )
    return "\n".join(lines)
