#!/usr/bin/env bash
# Builds llama.cpp's own tools from the very source llama-cpp-python vendors, portable
# (GGML_NATIVE=OFF) like the app's build, so the comparison is like for like. Where the app's
# engine keeps its CPU code in modules with variants for newer processors
# (scripts/build_engine.py), the tools do too: the baseline module is built here, the
# engine's variants are copied beside the tools, and both pick the same one at run time.
# `bench/build_llama_bench.sh` prints the path of llama-bench; `bench/build_llama_bench.sh
# llama-embedding` that of llama-embedding (the embedding bench's reference);
# `bench/build_llama_bench.sh llama-server` that of llama-server, with HTTPS (OpenSSL), the
# firm's inference server the remote-engine tests and benches run (issue 23). One build folder
# serves all three; a tool already built is reused.
# `bench/build_llama_bench.sh ggml-vulkan` builds ggml's Vulkan module as the Vulkan installers
# ship it (GGML_VULKAN, as a module: scripts/build_engine.py), in a tree of its own, and prints
# its path; it needs Vulkan's headers and shader compiler (Debian: libvulkan-dev glslc
# spirv-headers). Debian 12's headers (1.3.239) are older than this llama.cpp needs
# (VK_EXT_layer_settings): VULKAN_INCLUDE_DIR names newer ones, e.g. Debian 13's libvulkan-dev
# 1.4.309 unpacked with `dpkg-deb -x` (the release workflow's SDK is 1.4.309 too).
# tests/integration/test_vulkan_engine.py runs the engine with it.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
target=${1:-llama-bench}
case $target in
    llama-bench | llama-embedding | llama-server | ggml-vulkan) ;;
    *) echo "usage: $0 [llama-bench|llama-embedding|llama-server|ggml-vulkan]" >&2; exit 2 ;;
esac
version=$("$PY" -c "import importlib.metadata as m; print(m.version('llama-cpp-python'))")
build=bench/.build/llama-cpp-python-$version
engine_lib=$("$PY" -c "import llama_cpp.llama_cpp as l; print(l._base_path)")
variants=("$engine_lib"/libggml-cpu-*.so)
if [[ -e ${variants[0]} ]]; then
    tree=build-modules
    extra=(-DGGML_BACKEND_DL=ON)
    targets=("$target" ggml-cpu)
else
    tree=build
    extra=()
    targets=("$target")
fi
binary=$build/vendor/llama.cpp/$tree/bin/$target
if [[ $target == ggml-vulkan ]]; then
    if ! command -v glslc > /dev/null; then
        echo "ggml-vulkan needs Vulkan's shader compiler and headers (Debian: apt-get install" \
            "libvulkan-dev glslc spirv-headers)" >&2
        exit 1
    fi
    tree=build-vulkan
    extra=(-DGGML_BACKEND_DL=ON -DGGML_VULKAN=ON)
    if [[ -n ${VULKAN_INCLUDE_DIR:-} ]]; then
        extra+=("-DVulkan_INCLUDE_DIR=$VULKAN_INCLUDE_DIR")
    fi
    targets=(ggml-vulkan)
    binary=$build/vendor/llama.cpp/$tree/bin/libggml-vulkan.so
fi
if [[ ! -x $binary ]]; then
    mkdir -p bench/.build
    if [[ ! -d $build ]]; then
        "$PY" -m pip download --quiet --no-deps --no-binary :all: "llama-cpp-python==$version" \
            -d bench/.build >&2
        tar -xzf "bench/.build/llama_cpp_python-$version.tar.gz" -C bench/.build
        mv "bench/.build/llama_cpp_python-$version" "$build"
    fi
    cmake -S "$build/vendor/llama.cpp" -B "$build/vendor/llama.cpp/$tree" \
        -DGGML_NATIVE=OFF "${extra[@]}" -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF \
        -DLLAMA_BUILD_SERVER=ON -DLLAMA_OPENSSL=ON -DLLAMA_USE_PREBUILT_UI=OFF \
        -DCMAKE_BUILD_TYPE=Release >&2
    cmake --build "$build/vendor/llama.cpp/$tree" --target "${targets[@]}" -j "$(nproc)" >&2
fi
if [[ $target == llama-server ]] && ! grep -q "ssl-cert-file" <("$binary" --help 2>&1); then
    echo "llama-server was built without HTTPS: install OpenSSL's headers (libssl-dev)" >&2
    exit 1
fi
if [[ -e ${variants[0]} && $target != ggml-vulkan ]]; then
    # Copied only when changed, and renamed into place: `cp -f` rewrote the file a running
    # llama-server has mapped, which then crashed (SIGSEGV) whenever the script ran again.
    for variant in "${variants[@]}"; do
        target_file=$(dirname "$binary")/$(basename "$variant")
        if ! cmp -s "$variant" "$target_file"; then
            cp "$variant" "$target_file.new.$$" && mv -f "$target_file.new.$$" "$target_file"
        fi
    done
fi
echo "$binary"
