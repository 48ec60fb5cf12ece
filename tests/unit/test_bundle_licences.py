"""What the installer bundles is permissively licensed, and its licences are collected.

Issue 19: no GPL or AGPL code may enter the installer (PyMuPDF and extract-msg are both out).
Qt for Python is LGPL, dynamically linked and documented in installer/licenses/Qt-for-Python.txt;
it is the one allowed exception. The bundle carries the runtime dependencies of the `cloister`
distribution, so those are checked, from installed metadata only (fast: no PyInstaller run).
"""

from __future__ import annotations

import importlib.metadata as metadata
import importlib.util
import re
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
NOTICES = ROOT / "installer" / "licenses"
COPYLEFT = re.compile(r"\bA?GPL|General Public License", re.IGNORECASE)
LESSER = re.compile(r"\bLGPL|Lesser General Public License", re.IGNORECASE)
# LGPL, dynamically linked (Qt's shared libraries), with the notice that says so.
LGPL_DOCUMENTED = {"pyside6-essentials": "Qt-for-Python.txt", "shiboken6": "Qt-for-Python.txt"}
BANNED = ("PyMuPDF", "pymupdf", "PyMuPDFb", "fitz", "extract-msg", "extract_msg")
# The document parsers and their helpers (issue 19), each with the licence it must declare.
DOCUMENT_PARTS = {
    "pypdfium2": r"Apache-2\.0|BSD-3-Clause",
    "pypdf": r"BSD",
    "python-docx": r"MIT",
    "lxml": r"BSD",
    "olefile": r"BSD",
    "striprtf": r"BSD",
    "sqlite-vec": r"MIT|Apache",
    "rapidocr": r"Apache-2\.0",
    "onnxruntime": r"MIT",
    "pillow": r"MIT-CMU|HPND",
    "opencv-python-headless": r"Apache",
    "shapely": r"BSD",
    "pyclipper": r"MIT",
}


def collect_licenses():
    spec = importlib.util.spec_from_file_location(
        "collect_licenses", ROOT / "installer" / "collect_licenses.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def runtime_closure() -> dict[str, metadata.Distribution]:
    """Every installed distribution `cloister` needs at run time (no test or build extras)."""
    found: dict[str, metadata.Distribution] = {}
    pending = ["cloister"]
    while pending:
        name = pending.pop()
        key = _key(name)
        if key in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a dependency for another platform
        found[key] = dist
        for line in dist.requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                pending.append(requirement.name)
    found.pop("cloister")
    return found


def licence_texts(dist: metadata.Distribution) -> list[str]:
    meta = dist.metadata
    texts = [meta.get("License-Expression") or "", (meta.get("License") or "")[:200]]
    texts += [c for c in meta.get_all("Classifier") or [] if c.startswith("License")]
    return [text for text in texts if text]


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_cloister_is_installed_with_its_dependencies() -> None:
    closure = runtime_closure()
    assert {"pyside6-essentials", "pypdfium2", "python-docx", "olefile"} <= set(closure)


def test_nothing_bundled_is_gpl_or_agpl() -> None:
    offenders = []
    for key, dist in sorted(runtime_closure().items()):
        texts = licence_texts(dist)
        if not any(COPYLEFT.search(text) for text in texts):
            continue
        notice = LGPL_DOCUMENTED.get(key)
        lgpl_offered = any(LESSER.search(text) for text in texts)
        if notice and lgpl_offered and (NOTICES / notice).is_file():
            continue
        offenders.append(f"{dist.metadata['Name']} {dist.version}: {'; '.join(texts)}")
    assert offenders == [], "GPL/AGPL code would enter the installer"


@pytest.mark.parametrize("name", BANNED)
def test_pymupdf_and_extract_msg_are_absent(name: str) -> None:
    with pytest.raises(metadata.PackageNotFoundError):
        metadata.distribution(name)
    assert importlib.util.find_spec(name.replace("-", "_")) is None


def test_no_source_file_imports_them() -> None:
    banned = re.compile(r"^\s*(?:import|from)\s+(fitz|pymupdf|extract_msg)\b", re.M)
    hits = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "desktop").rglob("*.py")
        if banned.search(path.read_text(encoding="utf-8"))
    ]
    assert hits == []


@pytest.mark.parametrize(("name", "licence"), sorted(DOCUMENT_PARTS.items()))
def test_document_parts_are_recognised_with_their_licence_files(name: str, licence: str) -> None:
    collector = collect_licenses()
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        pytest.skip(f"{name} is not installed here")
    assert re.search(licence, collector.declared_licence(dist)), collector.declared_licence(dist)
    files = collector.licence_files(dist)
    notice = collector.NOTICE_FOR.get(_key(name))
    assert files or (notice and (NOTICES / notice).is_file()), f"no licence text for {name}"


def test_pdfium_licences_are_collected() -> None:
    """pypdfium2 keeps PDFium's licences under .dist-info/licenses/ with plain names."""
    collector = collect_licenses()
    try:
        dist = metadata.distribution("pypdfium2")
    except metadata.PackageNotFoundError:
        pytest.skip("pypdfium2 is not installed here")
    names = {inside.name for _, inside in collector.licence_files(dist)}
    assert any(re.search(r"apache|bsd|pdfium|freetype", n, re.I) for n in names), names
