"""Importing a library without its optional numpy support (issue 21: a start to its window).

sqlite-utils and sqlite-vec import numpy (and sqlite-utils pandas) whenever they can, only for
conveniences Cloister never uses (numpy scalar column types, registering numpy arrays);
numpy alone cost a third of a second before the window could show. Each is imported here with
those modules hidden, so its `import numpy` raises ImportError, which both catch. Anything
that needs numpy later (the vector search, the embedder's replies) imports it normally.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

OPTIONAL = ("numpy", "pandas")


def import_without_numpy(name: str) -> ModuleType:
    """`importlib.import_module(name)`, with numpy and pandas hidden unless already loaded."""
    if name in sys.modules:
        return sys.modules[name]
    hidden = [module for module in OPTIONAL if module not in sys.modules]
    for module in hidden:
        sys.modules[module] = None  # type: ignore[assignment]  # `import` raises ImportError
    try:
        return importlib.import_module(name)
    finally:
        for module in hidden:
            del sys.modules[module]
