"""Importing a library without its optional numpy support (issue 21: a start to its window).

sqlite-utils and sqlite-vec import numpy (and sqlite-utils pandas) whenever they can, only for
conveniences Cloister never uses (numpy scalar column types, registering numpy arrays);
numpy alone cost a third of a second before the window could show. Each is imported here with
those modules hidden, so its `import numpy` raises ImportError, which both catch. Anything
that needs numpy later (the vector search, the embedder's replies, the GGUF header reader's
`gguf`) imports it through `import_heavy`.

Both hold one lock. Hiding numpy is a change to the whole process's `sys.modules`: done while
another thread was importing numpy, it replaced the half-made module with None and that
import failed ("cannot import name 'NDArray' from partially initialized module
'numpy._typing'": the Models page's first read of a GGUF header, racing the documents store's
sqlite-vec). With the lock, numpy is hidden only while no lazy import is under way.
"""

from __future__ import annotations

import importlib
import sys
import threading
from types import ModuleType

OPTIONAL = ("numpy", "pandas")
# Re-entrant: importing one heavy module may import another through import_heavy.
IMPORT_LOCK = threading.RLock()


def import_heavy(name: str) -> ModuleType:
    """`importlib.import_module(name)` for a module imported on first use, from any thread
    (numpy, gguf): never while numpy is hidden by `import_without_numpy`."""
    module = sys.modules.get(name)
    if module is not None:
        return module
    with IMPORT_LOCK:
        return importlib.import_module(name)


def import_without_numpy(name: str) -> ModuleType:
    """`importlib.import_module(name)`, with numpy and pandas hidden unless already loaded."""
    if name in sys.modules:
        return sys.modules[name]
    with IMPORT_LOCK:
        hidden = [module for module in OPTIONAL if module not in sys.modules]
        for module in hidden:
            sys.modules[module] = None  # type: ignore[assignment]  # `import` raises ImportError
        try:
            return importlib.import_module(name)
        finally:
            for module in hidden:
                del sys.modules[module]
