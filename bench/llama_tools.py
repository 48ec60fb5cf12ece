"""Where bench/build_llama_bench.sh left llama.cpp's own tools, if it has built them."""

from __future__ import annotations

import importlib.metadata
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def built_tool(name: str) -> Path | None:
    """`name` (llama-bench, llama-embedding) as the script built it for the installed engine:
    in its modules tree when the engine carries CPU variants, else in its plain one."""
    version = importlib.metadata.version("llama-cpp-python")
    spec = importlib.util.find_spec("llama_cpp")
    assert spec is not None and spec.origin is not None
    engine_lib = Path(spec.origin).parent / "lib"
    tree = "build-modules" if any(engine_lib.glob("libggml-cpu-*.so")) else "build"
    binary = ROOT / f"bench/.build/llama-cpp-python-{version}/vendor/llama.cpp/{tree}/bin/{name}"
    return binary if binary.is_file() else None


def built_vulkan_module() -> Path | None:
    """ggml's Vulkan module, if `bench/build_llama_bench.sh ggml-vulkan` has built it."""
    version = importlib.metadata.version("llama-cpp-python")
    tree = ROOT / f"bench/.build/llama-cpp-python-{version}/vendor/llama.cpp/build-vulkan"
    module = tree / "bin/libggml-vulkan.so"
    return module if module.is_file() else None
