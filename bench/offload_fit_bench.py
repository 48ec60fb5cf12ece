"""Layer-fit decisions for simulated devices against real 4B and 8B tensor tables (issue 24).

    .venv/bin/python bench/offload_fit_bench.py [--quick]

Writes Qwen3 4B and Llama 3.1 8B as Q4_K_M GGUF headers with no weights (bench/model_headers.py:
their published architectures, sparse files), reads them with the header reader the app uses,
and asks the worker's own decision (models/fit.plan_context with models/offload.py) where each
would run on three machines: an 8 GB Apple-silicon Mac (Metal shares the memory; macOS lets
the GPU use ~5.7 GB of it), a laptop with a 6 GB graphics card and 16 GB of RAM (Vulkan), and
a 16 GB office PC without a usable GPU. Prints one table row per machine, model and context.
`--quick` does the 8k context only (tests/bench/).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.model_headers import LLAMA31_8B, QWEN3_4B, write_header_only  # noqa: E402
from desktop.core.devices import ComputeDevice, DeviceKind  # noqa: E402
from desktop.models import fit  # noqa: E402
from desktop.models.gguf_header import read_gguf_info  # noqa: E402

GB = 1_000_000_000


@dataclass(frozen=True)
class Machine:
    label: str
    ram_available: int  # what the OS reports free with a browser and mail open
    devices: tuple[ComputeDevice, ...]


MACHINES = (
    Machine(
        "8 GB Mac (M2, Metal, unified)",
        int(5.0 * GB),
        (
            ComputeDevice(
                "Metal", "Apple M2", "Metal", DeviceKind.GPU, int(5.73 * GB), int(5.73 * GB)
            ),
        ),
    ),
    Machine(
        "Laptop: 6 GB GPU + 16 GB RAM (Vulkan)",
        int(10.0 * GB),
        (
            ComputeDevice(
                "Vulkan0",
                "NVIDIA GeForce RTX 4050 Laptop GPU",
                "Vulkan",
                DeviceKind.GPU,
                int(5.6 * GB),
                int(6.4 * GB),
            ),
        ),
    ),
    Machine("Office PC: CPU only, 16 GB RAM", int(10.0 * GB), ()),
)


def rows(models: list[Path], contexts: tuple[int, ...]) -> list[list[str]]:
    table = []
    for machine in MACHINES:
        for path in models:
            info = read_gguf_info(path)
            for context in contexts:
                try:
                    plan = fit.plan_context(info, machine.ram_available, context, machine.devices)
                except fit.ModelTooLargeError:
                    table.append(
                        [machine.label, info.name, f"{context:,}", "won't fit", "-", "-", "-"]
                    )
                    continue
                shown = f"{plan.context_length:,}" + (" (cut)" if plan.reduced_for_memory else "")
                table.append(
                    [
                        machine.label,
                        info.name,
                        shown,
                        plan.offload.describe(),
                        f"{plan.offload.gpu_bytes / GB:.2f} GB",
                        f"{plan.ram_bytes / GB:.2f} GB",
                        plan.kv_type,  # q8_0 where f16 would have cut the context (issue 24)
                    ]
                )
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the 8k context only")
    options = parser.parse_args()
    contexts = (8192,) if options.quick else (4096, 8192, 32768)
    with tempfile.TemporaryDirectory(prefix="cloister-offload-") as folder:
        models = [
            write_header_only(a, Path(folder) / f"{a.arch}.gguf") for a in (QWEN3_4B, LLAMA31_8B)
        ]
        for path in models:
            info = read_gguf_info(path)
            print(
                f"{info.name}: {info.expected_size / GB:.2f} GB, {len(info.layer_bytes)} layers of "
                f"{min(info.layer_bytes) / 1e6:.0f}-{max(info.layer_bytes) / 1e6:.0f} MB, output "
                f"{info.output_bytes / 1e6:.0f} MB, KV {fit.kv_bytes_per_token(info) / 1024:.0f} "
                "KiB per token"
            )
        table = rows(models, contexts)
    header = ["Machine", "Model", "Context", "Runs on", "On the card", "In RAM", "KV cache"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in table:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
