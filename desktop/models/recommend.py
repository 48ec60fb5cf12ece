"""Which catalog model to suggest for this machine's memory (the first-run flow's advice)."""

from __future__ import annotations

from desktop.core.model_records import CatalogCard
from desktop.models.fit import TIGHT_SHARE

CLASS_SLACK = 0.9  # a "16 GB" machine reports a little less than 16 GB to programs


def recommended_model(
    cards: list[CatalogCard],
    available_memory: int,
    starter_id: str | None = None,
    total_memory: int | None = None,
) -> CatalogCard | None:
    """The largest catalog model that leaves half of the free memory to the rest of the
    computer (the fit badge's "fits", not "tight"), among those Cloister can get: installed,
    or with a download address. Never the starter; None when nothing else would fit.

    Where the catalog names one model per memory class (`memory_class_gb`), only those are
    considered, so each class of machine gets the same, deliberate advice."""
    budget_gb = available_memory * TIGHT_SHARE / 1e9
    classes = [card for card in cards if card.memory_class_gb and card.id != starter_id]
    if classes and total_memory is not None:
        # The machine's class (its installed memory), whatever else is running now.
        size_gb = total_memory / 1e9 / CLASS_SLACK
        fitting = [card for card in classes if (card.memory_class_gb or 0) <= size_gb]
        reachable = [card for card in fitting if card.installed or card.downloadable]
        return max(reachable, key=lambda card: card.memory_class_gb or 0, default=None)
    if classes:
        cards = classes
    candidates = [
        card
        for card in cards
        if card.ram_needed_gb is not None
        and card.ram_needed_gb <= budget_gb
        and (card.installed or card.downloadable)
        and card.id != starter_id
    ]
    return max(candidates, key=lambda card: card.ram_needed_gb or 0.0, default=None)
