"""Before Qt aborts with a hint about the wrong library, Cloister names the missing ones.

The plugins here are real shared libraries compiled for the test: one that loads, and one that
needs a library that is not on the system (as libqxcb.so needs libxcb-icccm.so.4 on a minimal
Debian). The app is started as a real process, as `xvfb-run make run` would start it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.ui.window.display_check import (
    XCB_PACKAGES,
    debian_package,
    missing_libraries,
    plugin_path,
)

ROOT = Path(__file__).resolve().parents[4]
ABSENT = "libcloister-absent-for-test.so.3"

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("gcc") is None,
    reason="the xcb check is for Linux; the test compiles its stand-in plugins with gcc",
)


def _compile(source: str, output: Path, *link: str) -> None:
    c_file = output.with_suffix(".c")
    c_file.write_text(source, encoding="utf-8")
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(output), str(c_file), *link], check=True)


@pytest.fixture(scope="module")
def plugins(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """`loads/libqxcb.so` loads; `broken/libqxcb.so` needs a library that is gone."""
    root = tmp_path_factory.mktemp("plugins")
    absent = root / "gone"
    absent.mkdir()
    _compile("int absent_symbol(void) { return 3; }", absent / ABSENT, f"-Wl,-soname,{ABSENT}")
    broken = root / "broken"
    broken.mkdir()
    _compile(
        "int absent_symbol(void);\nint plugin_entry(void) { return absent_symbol(); }",
        broken / "libqxcb.so",
        str(absent / ABSENT),
    )
    shutil.rmtree(absent)  # linked against it, then removed: as a package not installed
    loads = root / "loads"
    loads.mkdir()
    _compile("int plugin_entry(void) { return 0; }", loads / "libqxcb.so")
    return {"broken": broken, "loads": loads}


def start_app(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    environment.update(PYTHONPATH=str(ROOT), **env)
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--basedir", str(tmp_path / "profile")],
        capture_output=True,
        text=True,
        env=environment,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )


def test_the_missing_library_and_its_package_are_named(
    plugins: dict[str, Path], tmp_path: Path
) -> None:
    result = start_app(
        tmp_path, QT_QPA_PLATFORM="xcb", QT_QPA_PLATFORM_PLUGIN_PATH=str(plugins["broken"])
    )
    assert result.returncode == 1
    assert ABSENT in result.stderr
    if Path("/etc/debian_version").exists():
        assert "sudo apt-get install libcloister-absent-for-test3" in result.stderr
    assert "Traceback" not in result.stderr
    assert "could not load the Qt platform plugin" not in result.stderr.lower()
    assert not (tmp_path / "profile" / "data").exists(), "nothing was set up"


def test_without_a_display_it_says_so_and_how_to_get_one(
    plugins: dict[str, Path], tmp_path: Path
) -> None:
    result = start_app(
        tmp_path, QT_QPA_PLATFORM="xcb", QT_QPA_PLATFORM_PLUGIN_PATH=str(plugins["loads"])
    )
    assert result.returncode == 1
    assert "there is no display" in result.stderr
    assert "xvfb-run -a cloister" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_missing_library_is_listed(plugins: dict[str, Path]) -> None:
    assert missing_libraries(plugins["broken"] / "libqxcb.so") == [ABSENT]
    assert missing_libraries(plugins["loads"] / "libqxcb.so") == []


@pytest.mark.parametrize(
    ("soname", "package"),
    [
        ("libxcb-icccm.so.4", "libxcb-icccm4"),
        ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
        ("libxcb-cursor.so.0", "libxcb-cursor0"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libX11-xcb.so.1", "libx11-xcb1"),
        ("libEGL.so.1", "libegl1"),
        ("libdbus-1.so.3", "libdbus-1-3"),
        ("libglib-2.0.so.0", "libglib2.0-0"),
    ],
)
def test_debian_package_names(soname: str, package: str) -> None:
    assert debian_package(soname) == package


def test_the_readme_and_the_deb_list_the_packages_the_message_names() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    apt_line = next(line for line in readme.splitlines() if line.startswith("sudo apt-get"))
    control = (ROOT / "installer" / "linux" / "control.in").read_text(encoding="utf-8")
    depends = next(line for line in control.splitlines() if line.startswith("Depends:"))
    depended = {name.split()[0] for name in depends.removeprefix("Depends:").split(",")}
    assert apt_line.split()[3:] == list(XCB_PACKAGES)
    assert set(XCB_PACKAGES) <= depended


def test_the_packages_cover_every_library_the_xcb_plugin_needs() -> None:
    """Each system library Qt's xcb plugin links is one of the packages or what they pull."""
    needed = _needed(plugin_path("xcb"))
    covered = set(XCB_PACKAGES) | _PULLED_IN
    assert {debian_package(name) for name in needed} <= covered


# What the listed packages depend on (Debian 12), so need not be listed themselves.
_PULLED_IN = {
    "libxcb1",
    "libx11-6",
    "libxkbcommon0",
    "libxcb-util1",
    "libxcb-render0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-xfixes0",
}


def _needed(library: Path) -> set[str]:
    """DT_NEEDED entries outside Qt and the C/C++ runtime (readelf, from binutils)."""
    if shutil.which("readelf") is None:
        pytest.skip("readelf is not installed")
    dynamic = subprocess.run(
        ["readelf", "-d", str(library)], capture_output=True, text=True, check=True
    ).stdout
    names = set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic))
    runtime = ("libQt6", "libc.", "libm.", "libstdc++", "libgcc_s", "ld-linux", "libpthread")
    return {name for name in names if not name.startswith(runtime)}
