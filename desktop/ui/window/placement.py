"""Where the loaded model runs, in the window's language: "Metal, 33/33 layers" or "CPU"."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.core.devices import Placement


def placement_words(placement: Placement) -> str:
    if not placement.on_gpu:
        return QCoreApplication.translate("Placement", "CPU")
    return QCoreApplication.translate("Placement", "{backend}, {done}/{total} layers").format(
        backend=placement.backend, done=placement.gpu_layers, total=placement.total_layers
    )


def placement_tooltip(placement: Placement) -> str:
    """The card's name, and why not all of it runs there (English from the engine)."""
    parts = []
    if placement.on_gpu:
        parts.append(
            QCoreApplication.translate("Placement", "Runs on {device}.").format(
                device=placement.device
            )
        )
    if placement.note:
        parts.append(placement.note)
    return " ".join(parts)
