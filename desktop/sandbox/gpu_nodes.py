"""Linux: the device files through which a graphics driver reaches its card, which a caged
worker must be let open for writing when its engine can use a card.

A driver submits work by opening its device file read-write, and Landlock refuses that outside
the cage's folder like any other write: without these rules the Vulkan installer's engine
would find no card and always run on the processor. Mesa's Vulkan drivers (AMD, Intel,
NVIDIA's open driver) open /dev/dri/renderD*, NVIDIA's own driver /dev/nvidiactl,
/dev/nvidia0... and /dev/nvidia-uvm, AMD's ROCm /dev/kfd. The cage lets these be opened and
nothing more: no file is created, renamed or removed beneath /dev/dri.
"""

from __future__ import annotations

import os
from pathlib import Path

DEV = Path("/dev")
# The names in /dev that are a graphics card's (folders: everything in them).
GPU_NODES = ("dri", "kfd")
GPU_NODE_PREFIX = "nvidia"  # nvidiactl, nvidia0, nvidia-uvm, nvidia-modeset, nvidia-caps/


def gpu_device_nodes(dev: Path = DEV) -> tuple[Path, ...]:
    """The graphics device files and folders this computer has, sorted; () where none."""
    try:
        names = sorted(os.listdir(dev))
    except OSError:
        return ()
    return tuple(
        dev / name for name in names if name in GPU_NODES or name.startswith(GPU_NODE_PREFIX)
    )
