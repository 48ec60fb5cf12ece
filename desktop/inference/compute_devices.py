"""The graphics devices the loaded engine can use, with the memory their drivers report.

Asked of ggml's device registry (ggml_backend_dev_*), which lists every backend the engine was
built with or loaded as a module from its own folder (cpu_backend.load): Metal on Apple
silicon, Vulkan or CUDA where that build is installed and its driver loads. An engine without
one (the portable CPU build), or a driver that failed to start, lists only the CPU: then the
model runs there. Imported in the worker process only, like cpu_backend.
"""

from __future__ import annotations

import ctypes
import logging

from desktop.core.devices import ComputeDevice, DeviceKind
from desktop.inference import cpu_backend
from desktop.inference.gpu_modules import backend_name, fallback_note

# enum ggml_backend_dev_type in ggml-backend.h
_KINDS = {1: DeviceKind.GPU, 2: DeviceKind.IGPU}

log = logging.getLogger(__name__)


def _declared(ggml: ctypes.CDLL) -> ctypes.CDLL:
    ggml.ggml_backend_dev_count.restype = ctypes.c_size_t
    ggml.ggml_backend_dev_get.argtypes = [ctypes.c_size_t]
    ggml.ggml_backend_dev_get.restype = ctypes.c_void_p
    for name in ("ggml_backend_dev_name", "ggml_backend_dev_description"):
        getattr(ggml, name).argtypes = [ctypes.c_void_p]
        getattr(ggml, name).restype = ctypes.c_char_p
    ggml.ggml_backend_dev_type.argtypes = [ctypes.c_void_p]
    ggml.ggml_backend_dev_type.restype = ctypes.c_int
    ggml.ggml_backend_dev_memory.argtypes = [
        ctypes.c_void_p,
        ctypes.POINTER(ctypes.c_size_t),
        ctypes.POINTER(ctypes.c_size_t),
    ]
    ggml.ggml_backend_dev_memory.restype = None
    ggml.ggml_backend_dev_backend_reg.argtypes = [ctypes.c_void_p]
    ggml.ggml_backend_dev_backend_reg.restype = ctypes.c_void_p
    ggml.ggml_backend_reg_name.argtypes = [ctypes.c_void_p]
    ggml.ggml_backend_reg_name.restype = ctypes.c_char_p
    return ggml


def detect() -> tuple[ComputeDevice, ...]:
    """The GPUs ggml has registered, in its order; () where it has none or cannot say."""
    try:
        cpu_backend.load()
        ggml = _declared(cpu_backend.ggml_library())
    except (OSError, AttributeError, cpu_backend.NoComputeBackend) as exc:
        log.warning("no device list from the engine: %s", exc)
        return ()
    devices = []
    for index in range(ggml.ggml_backend_dev_count()):
        handle = ggml.ggml_backend_dev_get(index)
        kind = _KINDS.get(ggml.ggml_backend_dev_type(handle))
        if kind is None:  # the CPU itself, or an accelerator that works beside it (BLAS)
            continue
        free, total = ctypes.c_size_t(0), ctypes.c_size_t(0)
        ggml.ggml_backend_dev_memory(handle, ctypes.byref(free), ctypes.byref(total))
        devices.append(
            ComputeDevice(
                name=_text(ggml.ggml_backend_dev_name(handle)),
                description=_text(ggml.ggml_backend_dev_description(handle)),
                backend=backend_name(
                    _text(ggml.ggml_backend_reg_name(ggml.ggml_backend_dev_backend_reg(handle)))
                ),
                kind=kind,
                free=int(free.value),
                total=int(total.value),
            )
        )
    return tuple(devices)


def _text(value: bytes | None) -> str:
    return (value or b"").decode("utf-8", errors="replace")


def engine_note() -> str | None:
    """Why no graphics card is used although the engine shipped a module for one (its driver
    is missing), for the status bar; None when nothing failed."""
    try:
        return fallback_note(cpu_backend.modules())
    except (OSError, AttributeError, cpu_backend.NoComputeBackend) as exc:
        log.warning("no module report from the engine: %s", exc)
        return None
