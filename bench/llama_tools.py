"""Where bench/build_llama_bench.sh left llama.cpp's own tools, if it has built them."""

from __future__ import annotations

import importlib.metadata
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _source_tree() -> Path:
    """The vendored llama.cpp the script builds from, for the installed engine's version."""
    version = importlib.metadata.version("llama-cpp-python")
    return ROOT / f"bench/.build/llama-cpp-python-{version}/vendor/llama.cpp"


def built_tool(name: str) -> Path | None:
    """`name` (llama-bench, llama-embedding) as the script built it for the installed engine:
    in its modules tree when the engine carries CPU variants, else in its plain one."""
    spec = importlib.util.find_spec("llama_cpp")
    assert spec is not None and spec.origin is not None
    engine_lib = Path(spec.origin).parent / "lib"
    tree = "build-modules" if any(engine_lib.glob("libggml-cpu-*.so")) else "build"
    binary = _source_tree() / tree / "bin" / name
    return binary if binary.is_file() else None


def built_vulkan_module() -> Path | None:
    """ggml's Vulkan module, if `bench/build_llama_bench.sh ggml-vulkan` has built it."""
    module = _source_tree() / "build-vulkan/bin/libggml-vulkan.so"
    return module if module.is_file() else None
