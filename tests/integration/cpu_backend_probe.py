"""Run in a fresh process by test_cpu_backend.py: starts llama.cpp as a model load would and
prints what its CPU code uses. `cloister`: through desktop.inference.cpu_backend first;
`stock`: llama-cpp-python alone (the control: what would happen without it)."""

from __future__ import annotations

import sys

import llama_cpp.llama_cpp as llama_lib

if sys.argv[1] == "cloister":
    from desktop.inference import cpu_backend

    cpu_backend.load()
llama_lib.llama_backend_init()  # what llama_cpp.Llama() calls before it opens a model
print(llama_lib.llama_print_system_info().decode("utf-8", "replace"))
