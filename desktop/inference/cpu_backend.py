"""llama.cpp's compute code for this processor, loaded from the engine's own folder only.

On x86-64 the engine keeps ggml's CPU backend in loadable modules (scripts/build_engine.py):
the portable baseline, libggml-cpu.so (AVX2), and variants for newer processors such as
libggml-cpu-x86_64_v4.so (AVX-512). ggml scores every variant against the processor and loads
the best one it can run, or the baseline when none scores.

Left to itself, llama.cpp would search for those modules beside the executable and in the
working directory: for Cloister that is Python's folder and wherever the app was started, and
a stranger's libggml-*.so found there would be loaded into the process. So `load` registers
them from llama_cpp's lib folder before any model is opened; llama.cpp's own initialisation
then finds backends registered and searches nowhere. GGML_BACKEND_PATH (an extra module named
in the environment) is dropped for the same reason. Where the CPU code is linked into libggml
(a build without modules, such as macOS's), a backend is registered already: nothing to do.

The Vulkan installers add a graphics module to that folder; ggml loads it from there too, or
leaves it where it cannot open or start it (no Vulkan driver): the CPU modules still load, and
`modules` says which graphics modules did not (inference/gpu_modules.py).

Imported by the modules that import `llama_cpp` (llama_backend, embedding_backend), in the
worker and embedder processes only.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from pathlib import Path

import llama_cpp.llama_cpp as llama_lib

from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.inference import gpu_modules
from desktop.inference.gpu_modules import ModuleReport

log = logging.getLogger(__name__)


class NoComputeBackend(RuntimeError):
    """llama.cpp found no CPU code it can run in its folder: a damaged installation."""


def library_folder() -> Path:
    """Where llama_cpp loaded libllama from (its lib folder, or LLAMA_CPP_LIB_PATH)."""
    return Path(llama_lib._base_path)  # the folder llama_cpp itself uses


def _ggml(folder: Path) -> ctypes.CDLL:
    """The libggml that libllama uses. On Linux the wheel holds it as three files, not links
    (libggml.so, .so.0, .so.0.25.3): opening another of them by path would load a second copy
    with a registry of its own, so it is found by the soname libllama loaded it by."""
    if sys.platform == "win32":
        return _declared(ctypes.CDLL(str(folder / "ggml.dll")))  # one module per name
    if sys.platform == "darwin":
        return _declared(ctypes.CDLL(str(folder / "libggml.dylib")))
    for candidate in sorted(folder.glob("libggml.so.*"), key=lambda path: len(path.name)):
        try:  # a bare name matches a loaded library's soname; RTLD_NOLOAD opens nothing new
            return _declared(ctypes.CDLL(candidate.name, mode=os.RTLD_NOLOAD | os.RTLD_LAZY))
        except OSError:
            continue
    raise NoComputeBackend(
        words(
            QT_TRANSLATE_NOOP(
                "EngineErrors", "Cloister's engine is incomplete: no libggml in {folder}."
            ),
            folder=folder,
        )
    )


def _declared(library: ctypes.CDLL) -> ctypes.CDLL:
    library.ggml_backend_reg_count.restype = ctypes.c_size_t
    library.ggml_backend_load_all_from_path.argtypes = [ctypes.c_char_p]
    library.ggml_backend_load_all_from_path.restype = None
    library.ggml_backend_reg_get.argtypes = [ctypes.c_size_t]
    library.ggml_backend_reg_get.restype = ctypes.c_void_p
    library.ggml_backend_reg_name.argtypes = [ctypes.c_void_p]
    library.ggml_backend_reg_name.restype = ctypes.c_char_p
    return library


def ggml_library() -> ctypes.CDLL:
    """The libggml the engine uses (its device registry: inference/compute_devices.py)."""
    return _ggml(library_folder())


def load() -> None:
    """Registers ggml's backends from the engine's folder, once; NoComputeBackend if none."""
    folder = library_folder()
    ggml = _ggml(folder)
    if ggml.ggml_backend_reg_count() > 0:
        return  # linked in, or loaded by an earlier call
    os.environ.pop("GGML_BACKEND_PATH", None)
    # llama_cpp prints llama.cpp's log lines through this logger; quiet, as verbose=False
    # makes it once a model opens ("load_backend: loaded CPU backend from ...").
    logging.getLogger("llama-cpp-python").setLevel(logging.ERROR)
    ggml.ggml_backend_load_all_from_path(os.fsencode(folder))
    if ggml.ggml_backend_reg_count() == 0:
        raise NoComputeBackend(
            words(
                QT_TRANSLATE_NOOP(
                    "EngineErrors",
                    "Cloister's engine is incomplete: llama.cpp found no code for this processor "
                    "in {folder}. Reinstall Cloister.",
                ),
                folder=folder,
            )
        )
    for backend in modules().failed:
        log.warning("the %s module in %s did not load: the processor runs models", backend, folder)


def modules() -> ModuleReport:
    """The backends ggml registered, and the graphics modules in the engine's folder that it
    could not load (after `load`)."""
    folder = library_folder()
    ggml = _ggml(folder)
    registered = tuple(
        (ggml.ggml_backend_reg_name(ggml.ggml_backend_reg_get(index)) or b"").decode(
            "utf-8", "replace"
        )
        for index in range(ggml.ggml_backend_reg_count())
    )
    return gpu_modules.report(gpu_modules.present(folder), registered)
