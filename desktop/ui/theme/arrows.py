"""The drop-down and spin-box arrows: Lucide chevrons in a palette colour, as files the style
sheet can name (a style sheet draws images from files only).

Written once per colour into a private folder of this process's own, removed at exit; they
hold nothing but the arrow's outline.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from desktop.ui.theme.icons import icons_dir


@cache
def _folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="cloister-theme-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@cache
def arrow(name: str, colour: str) -> str:
    """`name` (chevron-up, chevron-down) drawn in `colour` (#rrggbb): a path for url()."""
    svg = (icons_dir() / f"{name}.svg").read_text(encoding="utf-8")
    path = _folder() / f"{name}-{colour.lstrip('#')}.svg"
    path.write_text(svg.replace("currentColor", colour), encoding="utf-8")
    return path.as_posix()
