"""Gather the licences of everything the bundle ships into one folder (build.spec calls it).

The folder gets: Cloister.txt and the notices the wheels do not carry themselves (Qt LGPL,
the LGPL libraries inside wheels (FFmpeg, GEOS, libquadmath) with their relinking note and
written offer, the GCC runtime's exception, llama.cpp MIT, SQLCipher BSD, OpenSSL;
installer/licenses/), Python's own licence, the
licence files of every Python distribution whose code is in the bundle (from its .dist-info),
on Debian-like build hosts the copyright file of every system library PyInstaller copied in,
and THIRD-PARTY-NOTICES.txt, an index of them all with versions.
"""

from __future__ import annotations

import importlib.metadata as metadata
import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
HAND_WRITTEN = HERE / "licenses"
LICENCE_NAME = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)
# Distributions whose wheels carry no licence file: the notice in licenses/ that covers them.
NOTICE_FOR = {
    "sqlite-vec": "sqlite-vec.txt",
    "flatbuffers": "Apache-2.0.txt",  # a dependency of onnxruntime
}


def shipped_distributions(top_level_modules: Iterable[str]) -> list[metadata.Distribution]:
    """The installed distributions that provide these top-level modules."""
    owners = metadata.packages_distributions()
    names = {dist for module in top_level_modules for dist in owners.get(module, [])}
    names.discard("cloister")  # ours: Cloister.txt
    return sorted(
        (metadata.distribution(name) for name in names), key=lambda d: d.metadata["Name"].lower()
    )


def licence_files(dist: metadata.Distribution) -> list[tuple[Path, Path]]:
    """(source, path in the licence folder) of each licence file of a distribution: named so
    in its .dist-info, anything in its .dist-info/licenses/ (PEP 639: pypdfium2 keeps PDFium's
    and its parts' there as "Apache-2.0.txt", "freetype.txt"...), and licence or notice files
    at the top of its packages (onnxruntime: LICENSE, ThirdPartyNotices.txt)."""
    found = []
    for file in dist.files or []:
        parts = file.parts
        if not parts:
            continue
        in_dist_info = parts[0].endswith(".dist-info")
        if in_dist_info and len(parts) > 2 and parts[1] == "licenses":
            wanted = True
        elif in_dist_info:
            wanted = bool(LICENCE_NAME.search(file.name))
        else:  # a package's own top folder only: deeper files belong to its test data
            wanted = len(parts) == 2 and bool(LICENCE_NAME.search(file.name))
        if wanted:
            source = Path(str(dist.locate_file(file)))
            if source.is_file():
                found.append((source, Path(*parts[1:]) if in_dist_info else Path(*parts)))
    return found


def declared_licence(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    text = meta.get("License-Expression") or meta.get("License") or ""
    if not text or len(text) > 80:  # some put the whole text in the field
        classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or []]
        text = "; ".join(c for c in classifiers if "License" in c or "GPL" in c) or "see files"
    return text.splitlines()[0]


def debian_packages(libraries: Iterable[Path]) -> dict[str, list[str]]:
    """Debian package -> the system libraries it provided; empty where there is no dpkg."""
    if not shutil.which("dpkg-query"):
        return {}
    packages: dict[str, list[str]] = {}
    for library in libraries:
        real = library.resolve()
        for candidate in dict.fromkeys([str(library), str(real), str(real).replace("/usr", "")]):
            found = subprocess.run(
                ["dpkg-query", "-S", candidate], capture_output=True, text=True, check=False
            )
            if found.returncode == 0:
                package = found.stdout.split(":", 1)[0].split(",")[0].strip()
                packages.setdefault(package, []).append(library.name)
                break
    return packages


def collect(
    dest: Path,
    top_level_modules: Iterable[str],
    system_libraries: Iterable[Path] = (),
    models: Iterable[tuple[str, str]] = (),
) -> Path:
    """Write the licence folder; `models` are (file name, licence) of bundled models."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for notice in sorted(HAND_WRITTEN.glob("*.txt")):
        shutil.copy2(notice, dest / notice.name)
    index = [
        "Third-party software in Cloister",
        "",
        "Notices in this folder: Cloister.txt; Qt-for-Python.txt (LGPL-3.0-only, texts in",
        "LGPL-3.0.txt and GPL-3.0.txt); LGPL-2.1-libraries.txt (FFmpeg in OpenCV, GEOS in",
        "Shapely, libquadmath: LGPL-2.1-or-later, text in LGPL-2.1.txt; how to replace them",
        "and the written offer of their source); GCC-runtime.txt (libgfortran: GPL-3.0 with",
        "the GCC Runtime Library Exception, GCC-exception-3.1.txt); llama.cpp.txt (MIT);",
        "SQLCipher.txt (BSD-3-Clause); OpenSSL.txt (OpenSSL 3: Apache-2.0, text in",
        "Apache-2.0.txt; OpenSSL 1.1.1 in OpenCV: OpenSSL/SSLeay); Python.txt (PSF-2.0);",
        "sqlite-vec.txt (MIT).",
        "",
        "Python packages (licence as declared; files copied from their wheels):",
    ]
    python_licence = Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"
    if python_licence.is_file():
        shutil.copy2(python_licence, dest / "Python.txt")
    index.append(f"  Python {sys.version.split()[0]}: PSF-2.0 (Python.txt)")
    for dist in shipped_distributions(top_level_modules):
        name, version = dist.metadata["Name"], dist.version
        folder = dest / f"{name}-{version}"
        copied = []
        for source, inside in licence_files(dist):
            (folder / inside).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / inside)
            copied.append(f"{folder.name}/{inside.as_posix()}")
        notice = NOTICE_FOR.get(name.lower())
        if notice:
            copied.append(notice)
        files = ", ".join(copied) if copied else "no licence file in its wheel: see above"
        index.append(f"  {name} {version}: {declared_licence(dist)} ({files})")
    packages = debian_packages(system_libraries)
    if packages:
        index += ["", "System libraries copied from the build host (Debian copyright files):"]
        for package, libraries in sorted(packages.items()):
            copyright_file = Path("/usr/share/doc") / package / "copyright"
            if copyright_file.is_file():
                (dest / "system").mkdir(exist_ok=True)
                shutil.copy2(copyright_file, dest / "system" / f"{package}.copyright")
            index.append(f"  {package}: {', '.join(sorted(libraries))}")
    models = list(models)
    if models:
        index += ["", "Models:"]
        for model, licence in models:
            text = " (Apache-2.0.txt)" if licence == "Apache-2.0" else ""
            index.append(f"  {model}: {licence}{text}")
    (dest / "THIRD-PARTY-NOTICES.txt").write_text("\n".join(index) + "\n", encoding="utf-8")
    return dest
