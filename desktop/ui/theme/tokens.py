"""The theme's design tokens: two palettes (light, dark), spacing, corner radii, the type scale.

Plain data, no Qt: the style sheet (style_sheet.py), the QPalette (apply.py) and the contrast
test all read these. One accent colour; success, warning and danger only for states. Text
colours are chosen for WCAG AA (4.5:1) on both the window and the card background.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.policy import TEXT_STEP_MAX, TEXT_STEP_MIN


@dataclass(frozen=True)
class Palette:
    window: str  # the window's background
    surface: str  # cards, inputs, lists: one step off the window
    sunken: str  # the sidebar, code blocks, table headers
    text: str
    muted: str  # secondary text: times, hints, status
    border: str
    border_strong: str  # an input's edge, a focused card
    accent: str  # the one accent: primary buttons, links, focus ring, selection
    accent_text: str  # text on the accent
    accent_soft: str  # a selected row, a hovered item
    success: str
    warning: str
    danger: str
    success_soft: str  # banner backgrounds
    warning_soft: str
    danger_soft: str
    selection_text: str  # text on accent_soft


LIGHT = Palette(
    window="#f6f7f9",
    surface="#ffffff",
    sunken="#eef0f3",
    text="#1b1f24",
    muted="#5b636e",
    border="#dde1e6",
    border_strong="#b9c0c9",
    accent="#2f5bd3",
    accent_text="#ffffff",
    accent_soft="#dfe7fb",
    success="#1e6b34",
    warning="#8a5300",
    danger="#b42318",
    success_soft="#e3f3e7",
    warning_soft="#fdf1d8",
    danger_soft="#fde8e6",
    selection_text="#14213d",
)

DARK = Palette(
    window="#17191d",
    surface="#1f2227",
    sunken="#141619",
    text="#e6e8eb",
    muted="#9aa3ad",
    border="#2e3238",
    border_strong="#454b54",
    accent="#6e93f5",
    accent_text="#0d1424",
    accent_soft="#263559",
    success="#5cc27a",
    warning="#e2a93b",
    danger="#f07167",
    success_soft="#1c3324",
    warning_soft="#3a2d14",
    danger_soft="#3d1e1d",
    selection_text="#eef2ff",
)


def palette_for(dark: bool) -> Palette:
    return DARK if dark else LIGHT


# Spacing in px (multiples of 4) and corner radii; Qt scales px by the screen's device ratio.
SPACE = {"xs": 4, "sm": 8, "md": 12, "lg": 16, "xl": 24}
RADIUS = {"sm": 4, "md": 6, "lg": 8}

# The type scale in points, at text step 0 (BASE_POINTS where the platform gives no size);
# each step is 10% of the base.
BASE_POINTS = 10.0
SCALE = {"small": 0.9, "body": 1.0, "mono": 0.95, "heading": 1.2, "title": 1.5}
STEP_FACTOR = 0.10


def clamp_step(step: int) -> int:
    return max(TEXT_STEP_MIN, min(TEXT_STEP_MAX, int(step)))


def type_scale(step: int = 0, base_points: float = BASE_POINTS) -> dict[str, float]:
    """Point sizes for title, heading, body, small and mono at `step` (clamped), from the
    platform's own body size `base_points` (macOS 13, Windows 9, most Linux desktops 10)."""
    base = base_points * (1 + STEP_FACTOR * clamp_step(step))
    return {name: round(base * factor, 1) for name, factor in SCALE.items()}


def contrast(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two #rrggbb colours (1 to 21)."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    bright, dim = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (bright + 0.05) / (dim + 0.05)
