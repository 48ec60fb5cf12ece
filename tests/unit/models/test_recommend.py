"""The first run's advice: the largest catalog model that fits comfortably, never the starter."""

from __future__ import annotations

from desktop.core.model_records import CatalogCard
from desktop.models.recommend import recommended_model

GB = 1_000_000_000


def card(model_id: str, ram: float | None, *, installed=False, downloadable=True) -> CatalogCard:
    return CatalogCard(
        id=model_id, name=model_id, family="", parameters="", quantization="", size=None,
        license="", license_url=None, good_for="", ram_needed_gb=ram, context_length=None,
        pinned=False, installed=installed, downloadable=downloadable,
    )  # fmt: skip


CARDS = [
    card("starter", 0.5, installed=True, downloadable=False),
    card("small", 1.0),
    card("medium", 3.0),
    card("large", 6.5),
    card("unknown", None),
    card("nowhere", 2.0, downloadable=False),
]


def test_the_largest_model_within_half_the_free_memory() -> None:
    assert recommended_model(CARDS, 16 * GB, "starter").id == "large"
    assert recommended_model(CARDS, 8 * GB, "starter").id == "medium"
    assert recommended_model(CARDS, 3 * GB, "starter").id == "small"


def test_never_the_starter_nor_a_model_cloister_cannot_get() -> None:
    assert recommended_model(CARDS, int(1.5 * GB), "starter") is None
    assert recommended_model(CARDS[:1], 64 * GB, "starter") is None
    assert recommended_model([CARDS[-1]], 64 * GB, "starter") is None
