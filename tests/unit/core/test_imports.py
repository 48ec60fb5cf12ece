"""numpy is hidden from sqlite-utils and sqlite-vec only while no other thread imports a heavy
module: hiding it rewrites sys.modules for the whole process, and a half-made numpy replaced
by None broke the Models page's first GGUF read (issue 21)."""

from __future__ import annotations

import sys
import threading
import types

from desktop.core import imports


def test_hiding_numpy_waits_for_a_heavy_import_under_way(monkeypatch):
    inside, release = threading.Event(), threading.Event()
    order: list[str] = []

    def slow_import(name: str) -> types.ModuleType:
        if name == "heavy_fake":
            inside.set()
            release.wait()
            order.append("heavy imported")
        else:
            order.append("imported with numpy hidden")
        return types.ModuleType(name)

    monkeypatch.setattr(imports.importlib, "import_module", slow_import)
    monkeypatch.delitem(sys.modules, "light_fake", raising=False)
    heavy = threading.Thread(target=imports.import_heavy, args=("heavy_fake",))
    heavy.start()
    inside.wait()
    hiding = threading.Thread(target=imports.import_without_numpy, args=("light_fake",))
    hiding.start()
    # The second import cannot begin while the first holds the lock: it has not run at all.
    assert not imports.IMPORT_LOCK.acquire(blocking=False) or imports.IMPORT_LOCK.release()
    assert order == []
    release.set()
    heavy.join()
    hiding.join()
    assert order == ["heavy imported", "imported with numpy hidden"]
    assert sys.modules.get("numpy", "absent") is not None  # not left hidden


def test_a_module_already_imported_is_returned_without_the_lock():
    with imports.IMPORT_LOCK:
        done = []
        thread = threading.Thread(target=lambda: done.append(imports.import_heavy("json")))
        thread.start()
        thread.join()
    assert done[0] is sys.modules["json"]
