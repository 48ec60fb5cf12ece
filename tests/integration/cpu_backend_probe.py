"""Run in a fresh process by test_cpu_backend.py: starts llama.cpp as a model load would and
prints what its CPU code uses. `cloister`: through desktop.inference.cpu_backend first;
`stock`: llama-cpp-python alone (the control: what would happen without it); `modules`: as
`cloister`, then the graphics modules that did not load ("failed: Vulkan") and the backends
registered ("registered: CPU"), and a token decoded by a real model (argv[2]) on the CPU."""

from __future__ import annotations

import sys

import llama_cpp.llama_cpp as llama_lib

if sys.argv[1] in ("cloister", "modules"):
    from desktop.inference import cpu_backend

    cpu_backend.load()
llama_lib.llama_backend_init()  # what llama_cpp.Llama() calls before it opens a model
print(llama_lib.llama_print_system_info().decode("utf-8", "replace"))
if sys.argv[1] == "modules":
    from llama_cpp import Llama

    from desktop.inference import compute_devices

    modules = cpu_backend.modules()
    print("failed:", ",".join(modules.failed))
    print("registered:", ",".join(modules.registered))
    print("devices:", len(compute_devices.detect()))
    print("note:", compute_devices.engine_note())
    model = Llama(sys.argv[2], n_ctx=64, n_gpu_layers=0, verbose=False)
    print("answer:", model("Hello", max_tokens=1)["choices"][0]["text"] is not None)
