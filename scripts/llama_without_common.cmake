# Included by CMake right after llama.cpp's own project() call: scripts/build_engine.py passes
# -DCMAKE_PROJECT_llama.cpp_INCLUDE=<this file>. llama-cpp-python forces llama.cpp's `common`
# helpers on, but its Python bindings load only libllama and libggml*: Cloister never uses
# common, and it is a large share of the compile.
set(LLAMA_BUILD_COMMON OFF CACHE BOOL "llama.cpp common utils: not used by llama_cpp" FORCE)
