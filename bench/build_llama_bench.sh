#!/usr/bin/env bash
# Builds llama.cpp's own llama-bench from the very source llama-cpp-python vendors, portable
# (GGML_NATIVE=OFF) like the app's build, so the comparison is like for like.
# Prints the path of the binary. Reuses an earlier build.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
version=$("$PY" -c "import importlib.metadata as m; print(m.version('llama-cpp-python'))")
build=bench/.build/llama-cpp-python-$version
binary=$build/vendor/llama.cpp/build/bin/llama-bench
if [[ ! -x $binary ]]; then
    mkdir -p bench/.build
    "$PY" -m pip download --quiet --no-deps --no-binary :all: "llama-cpp-python==$version" \
        -d bench/.build >&2
    tar -xzf "bench/.build/llama_cpp_python-$version.tar.gz" -C bench/.build
    mv "bench/.build/llama_cpp_python-$version" "$build"
    cmake -S "$build/vendor/llama.cpp" -B "$build/vendor/llama.cpp/build" \
        -DGGML_NATIVE=OFF -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_SERVER=OFF \
        -DCMAKE_BUILD_TYPE=Release >&2
    cmake --build "$build/vendor/llama.cpp/build" --target llama-bench -j "$(nproc)" >&2
fi
echo "$binary"
