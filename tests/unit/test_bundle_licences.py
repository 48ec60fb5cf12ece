"""What the installer bundles is permissively licensed, and its licences are collected.

Issue 19: no GPL or AGPL code may enter the installer (PyMuPDF and extract-msg are both out).
Qt for Python is LGPL, dynamically linked and documented in installer/licenses/Qt-for-Python.txt;
it is the one allowed exception among packages. Inside permissive packages' wheels come shared
libraries of their own (auditwheel's `<package>.libs/`): a few are LGPL (FFmpeg in OpenCV, GEOS
in Shapely, libquadmath) or GPL with the GCC Runtime Library Exception (libgfortran), each
named in a notice with the relinking note and written offer; every other one is listed here
with its permissive licence, so a wheel that starts shipping a new library fails this test
until someone has looked at its licence. The bundle carries the runtime dependencies of the
`cloister` distribution, so those are checked, from installed metadata only (fast: no
PyInstaller run).
"""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import importlib.util
import re
import tomllib
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

# Shared libraries inside the wheels' `.libs/` folders, by name before the hash: copyleft ones
# with the notice that names them, the rest with their (permissive) licence.
COPYLEFT_LIBRARIES = {
    **dict.fromkeys(
        ("libavcodec", "libavformat", "libavutil", "libswresample", "libswscale"),
        "LGPL-2.1-libraries.txt",  # FFmpeg, in opencv-python-headless
    ),
    "libgeos": "LGPL-2.1-libraries.txt",  # in shapely
    "libgeos_c": "LGPL-2.1-libraries.txt",
    "libquadmath": "LGPL-2.1-libraries.txt",  # in numpy and opencv-python-headless
    "libgfortran": "GCC-runtime.txt",  # GPL-3.0 with the GCC Runtime Library Exception
}
PERMISSIVE_LIBRARIES = {
    "libaom": "BSD-2-Clause",
    "libavif": "BSD-2-Clause",
    "libdav1d": "BSD-2-Clause",  # the AV1 decoder in opencv-python-headless 5.1
    "libcrypto": "OpenSSL",  # OpenSSL 1.1.1 in opencv: OpenSSL.txt
    "libssl": "OpenSSL",
    "libdrm": "MIT",
    "libopenblasp": "BSD-3-Clause",
    "libscipy_openblas64_": "BSD-3-Clause",
    "libpng16": "libpng",
    "libvpx": "BSD-3-Clause",
    "libXau": "MIT",
    "libbrotlicommon": "MIT",
    "libbrotlidec": "MIT",
    "libfreetype": "FTL",
    "libharfbuzz": "MIT",
    "libjpeg": "IJG",
    "liblcms2": "MIT",
    "liblzma": "0BSD",
    "libopenjp2": "BSD-2-Clause",
    "libsharpyuv": "BSD-3-Clause",
    "libtiff": "libtiff",
    "libwebp": "BSD-3-Clause",
    "libwebpdemux": "BSD-3-Clause",
    "libwebpmux": "BSD-3-Clause",
    "libxcb": "MIT",
    "libzstd": "BSD-3-Clause",
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


def wheel_libraries() -> dict[str, set[str]]:
    """Library name (before its hash) -> the distributions whose `.libs/` folder ships it."""
    found: dict[str, set[str]] = {}
    for key, dist in runtime_closure().items():
        for file in dist.files or []:
            if len(file.parts) == 2 and file.parts[0].endswith(".libs"):
                found.setdefault(re.split(r"[-.]", file.name)[0], set()).add(key)
    return found


def test_every_library_inside_a_wheel_has_a_known_licence() -> None:
    unknown = {
        name: sorted(dists)
        for name, dists in wheel_libraries().items()
        if name not in COPYLEFT_LIBRARIES and name not in PERMISSIVE_LIBRARIES
    }
    assert unknown == {}, "look at these libraries' licences, then list them here"


@pytest.mark.parametrize(("library", "notice"), sorted(COPYLEFT_LIBRARIES.items()))
def test_copyleft_libraries_have_their_notice_relinking_note_and_offer(
    library: str, notice: str
) -> None:
    text = (NOTICES / notice).read_text(encoding="utf-8")
    assert re.search(rf"\b{library}\b", text), f"{notice} does not name {library}"
    lgpl = (NOTICES / "LGPL-2.1-libraries.txt").read_text(encoding="utf-8")
    assert "Written offer" in lgpl and "replace" in lgpl
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (NOTICES / "LGPL-2.1.txt").read_text()
    if notice == "GCC-runtime.txt":
        assert "GCC Runtime Library Exception" in text
        assert "GCC RUNTIME LIBRARY EXCEPTION" in (NOTICES / "GCC-exception-3.1.txt").read_text()


def spec_list(name: str) -> list[str]:
    """A module-level list of strings in build.spec (read, not run: no PyInstaller needed)."""
    tree = ast.parse((ROOT / "build.spec").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == [
            name
        ]:
            return [ast.literal_eval(item) for item in node.value.elts]  # type: ignore[attr-defined]
    raise AssertionError(f"build.spec has no list {name}")


def test_the_spec_bundles_the_http_client_and_leaves_openai_out() -> None:
    """Issue 23: httpx and all it imports at run time (HTTP/2 included) are named in the spec;
    the openai client is for tests only, excluded, and no runtime dependency."""
    http = spec_list("HTTP_CLIENT")
    assert {"httpx", "httpcore", "h11", "h2", "hpack", "hyperframe", "anyio", "certifi"} <= set(
        http
    )
    assert "openai" in spec_list("PYTHON_EXCLUDES") and "openai" not in http
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {Requirement(line).name for line in project["dependencies"]}
    assert "httpx" in runtime and "openai" not in runtime
    assert "http2" in {
        extra
        for line in project["dependencies"]
        if Requirement(line).name == "httpx"
        for extra in Requirement(line).extras
    }


def test_the_http_client_is_permissive_with_its_licence_files() -> None:
    collector = collect_licenses()
    owners = metadata.packages_distributions()
    for module in spec_list("HTTP_CLIENT"):
        assert owners.get(module), f"{module} is not installed"
        dist = metadata.distribution(owners[module][0])
        declared = collector.declared_licence(dist)
        assert re.search(r"BSD|MIT|Apache|MPL-2\.0|Mozilla", declared), (module, declared)
        assert not COPYLEFT.search(" ".join(licence_texts(dist))), module
        assert collector.licence_files(dist), f"no licence text for {module}"
