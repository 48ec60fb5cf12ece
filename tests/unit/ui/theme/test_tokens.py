"""The palettes are readable: every text colour reaches WCAG AA (4.5:1) on the backgrounds it
is drawn on, in light and in dark; the type scale steps by 10% and stays within its bounds."""

from __future__ import annotations

import pytest

from desktop.ui.theme.tokens import DARK, LIGHT, contrast, type_scale

BACKGROUNDS = ("window", "surface", "sunken")
TEXTS = ("text", "muted", "accent", "success", "warning", "danger")


def test_contrast_is_computed_as_wcag_says() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("background", BACKGROUNDS)
def test_text_on_backgrounds_is_aa(palette, text, background) -> None:
    ratio = contrast(getattr(palette, text), getattr(palette, background))
    assert ratio >= 4.5, f"{text} on {background}: {ratio:.2f}"


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
def test_text_on_the_accent_selection_and_banners_is_aa(palette) -> None:
    assert contrast(palette.accent_text, palette.accent) >= 4.5
    assert contrast(palette.selection_text, palette.accent_soft) >= 4.5
    assert contrast(palette.text, palette.accent_soft) >= 4.5
    for state in ("success", "warning", "danger"):
        soft = getattr(palette, f"{state}_soft")
        assert contrast(getattr(palette, state), soft) >= 4.5, state
        assert contrast(palette.text, soft) >= 4.5, state


def test_the_type_scale_steps_by_ten_percent_and_clamps() -> None:
    assert type_scale(0, 10)["body"] == 10
    assert type_scale(1, 10)["body"] == 11
    assert type_scale(-2, 10)["body"] == 8
    assert type_scale(99, 10) == type_scale(6, 10)
    assert type_scale(-99, 10) == type_scale(-2, 10)
    sizes = type_scale(0, 10)
    assert sizes["small"] < sizes["body"] < sizes["heading"] < sizes["title"]
