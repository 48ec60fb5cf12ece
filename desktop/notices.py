"""The licence texts this copy of Cloister ships, for Help > About (no Qt).

An installed app has the folder build.spec writes with installer/collect_licenses.py
(`licenses/`: Cloister.txt, THIRD-PARTY-NOTICES.txt, the hand-written notices, each bundled
package's own files); a source checkout has the hand-written notices in installer/licenses/.
Either way the icons' licence (Lucide, ISC) comes from assets/icons/.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.paths import assets_dir, bundle_dir, is_installed_app

OWN = "Cloister.txt"
INDEX = "THIRD-PARTY-NOTICES.txt"
MAX_CHARS = 2_000_000  # a licence text is a few hundred kB at most; never read a huge file whole


@dataclass(frozen=True)
class Notice:
    title: str  # the file's path inside the licence folder, e.g. "numpy-2.1.0/LICENSE.txt"
    path: Path


def licence_folder() -> Path:
    if is_installed_app():
        return bundle_dir() / "licenses"
    return bundle_dir() / "installer" / "licenses"


def shipped_notices(folder: Path | None = None) -> list[Notice]:
    """Cloister's own licence first, then the index of third parties, then every other file
    by its path; the icons' licence last. Missing folders give what is there."""
    folder = folder or licence_folder()
    files = sorted(
        (path for path in folder.rglob("*") if path.is_file()),
        key=lambda path: (path.name != OWN, path.name != INDEX, str(path).lower()),
    )
    notices = [Notice(path.relative_to(folder).as_posix(), path) for path in files]
    icons = assets_dir() / "icons" / "LICENSE"
    if icons.is_file():
        notices.append(Notice("Lucide icons (ISC)", icons))
    return notices


def read_notice(notice: Notice) -> str:
    """The text (undecodable bytes replaced); raises OSError when it cannot be read."""
    with notice.path.open("rb") as file:
        return file.read(MAX_CHARS).decode("utf-8", errors="replace")
