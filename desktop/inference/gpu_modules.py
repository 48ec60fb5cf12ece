"""The graphics modules beside the engine's CPU code, and whether llama.cpp could load them.

The Vulkan installers (scripts/build_engine.py, CLOISTER_ENGINE_VARIANT=vulkan) ship ggml's
Vulkan backend as one more module in llama_cpp's lib folder, beside the CPU ones, which always
ship. cpu_backend.load registers what that folder holds, and only that folder; ggml opens each
module and keeps those that start: a computer without a Vulkan loader (libvulkan.so.1,
vulkan-1.dll) cannot even open the module, one without a driver for its card makes it give up
while starting. Either way the model runs on the processor, and this module says so: which
graphics modules are there, which did not load, and the note for the status bar.

No ctypes here: cpu_backend asks ggml for the names it registered and hands them in.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from desktop.core.translatable import QT_TRANSLATE_NOOP, words

# ggml's file name for each graphics backend ([lib]ggml-<family>[-<variant>].so / .dll) and the
# names its registry gives it once loaded (ggml_backend_reg_name: Metal registers as "MTL", HIP
# as "ROCm"). What we call it for people comes first.
GPU_FAMILIES: dict[str, tuple[str, ...]] = {
    "vulkan": ("Vulkan",),
    "cuda": ("CUDA",),
    "hip": ("ROCm", "HIP"),
    "metal": ("Metal", "MTL"),
    "sycl": ("SYCL",),
    "opencl": ("OpenCL",),
    "musa": ("MUSA",),
}


@dataclass(frozen=True)
class ModuleReport:
    """What the engine registered ("CPU", "Vulkan"), and the graphics modules in its folder
    that did not load (people's names: "Vulkan")."""

    registered: tuple[str, ...]
    failed: tuple[str, ...] = ()

    @property
    def graphics(self) -> tuple[str, ...]:
        """The graphics backends that loaded, by people's names."""
        return tuple(backend_name(name) for name in self.registered if name in _PEOPLE_NAMES)


_PEOPLE_NAMES = {alias: names[0] for names in GPU_FAMILIES.values() for alias in names}


def backend_name(registered: str) -> str:
    """ggml's name for a backend as people know it: "MTL" -> "Metal"; others as they are."""
    return _PEOPLE_NAMES.get(registered, registered)


def module_prefix() -> str:
    return "ggml-" if sys.platform == "win32" else "libggml-"


def module_suffix() -> str:
    return ".dll" if sys.platform == "win32" else ".so"


def engine_folder() -> Path | None:
    """The folder llama_cpp will load its libraries from (LLAMA_CPP_LIB_PATH, else its own
    lib folder), found without importing it: the worker asks before its cage is set."""
    if override := os.environ.get("LLAMA_CPP_LIB_PATH"):
        return Path(override)
    try:
        spec = importlib.util.find_spec("llama_cpp")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "lib"


def present(folder: Path) -> tuple[str, ...]:
    """The graphics families whose modules lie in `folder` (as ggml looks for them: the file
    name's prefix and suffix), in GPU_FAMILIES's order."""
    prefix, suffix = module_prefix(), module_suffix()
    try:
        names = [path.name for path in folder.iterdir() if path.is_file()]
    except OSError:
        return ()
    found = []
    for family in GPU_FAMILIES:
        stem = prefix + family
        if any(
            name.endswith(suffix) and (name == stem + suffix or name.startswith(stem + "-"))
            for name in names
        ):
            found.append(family)
    return tuple(found)


def report(families: tuple[str, ...], registered: tuple[str, ...]) -> ModuleReport:
    """`families` present in the folder against the backend names ggml `registered`."""
    failed = tuple(
        GPU_FAMILIES[family][0]
        for family in families
        if not set(GPU_FAMILIES[family]) & set(registered)
    )
    return ModuleReport(registered, failed)


def fallback_note(modules: ModuleReport) -> str | None:
    """The status bar's note when a graphics module shipped but did not load, else None."""
    if not modules.failed:
        return None
    return words(
        QT_TRANSLATE_NOOP(
            "EngineNotes",
            "The {backend} engine could not start on this computer (no graphics driver for "
            "it); models run on the processor.",
        ),
        backend=", ".join(modules.failed),
    )
