"""Which catalog model to suggest for this machine's memory (the first-run flow's advice)."""

from __future__ import annotations

from desktop.core.model_records import CatalogCard
from desktop.models.fit import TIGHT_SHARE


def recommended_model(
    cards: list[CatalogCard], available_memory: int, starter_id: str | None = None
) -> CatalogCard | None:
    """The largest catalog model that leaves half of the free memory to the rest of the
    computer (the fit badge's "fits", not "tight"), among those Cloister can get: installed,
    or with a download address. Never the starter; None when nothing else would fit."""
    budget_gb = available_memory * TIGHT_SHARE / 1e9
    candidates = [
        card
        for card in cards
        if card.ram_needed_gb is not None
        and card.ram_needed_gb <= budget_gb
        and (card.installed or card.downloadable)
        and card.id != starter_id
    ]
    return max(candidates, key=lambda card: card.ram_needed_gb or 0.0, default=None)
