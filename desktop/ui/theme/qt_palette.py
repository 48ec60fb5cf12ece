"""The tokens as a QPalette, so Fusion and every widget that reads the palette agree with the
style sheet (the chat's HTML, the icons painted at paint time)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from desktop.ui.theme.tokens import Palette

Role = QPalette.ColorRole
Group = QPalette.ColorGroup


def qt_palette(p: Palette) -> QPalette:
    palette = QPalette()
    roles = {
        Role.Window: p.window,
        Role.WindowText: p.text,
        Role.Base: p.surface,
        Role.AlternateBase: p.window,
        Role.ToolTipBase: p.surface,
        Role.ToolTipText: p.text,
        Role.PlaceholderText: p.muted,
        Role.Text: p.text,
        Role.Button: p.surface,
        Role.ButtonText: p.text,
        Role.BrightText: p.danger,
        Role.Light: p.surface,
        Role.Midlight: p.border,
        Role.Mid: p.border_strong,
        Role.Dark: p.border_strong,
        Role.Shadow: p.sunken,
        Role.Highlight: p.accent,
        Role.HighlightedText: p.accent_text,
        Role.Link: p.accent,
        Role.LinkVisited: p.accent,
        Role.Accent: p.accent,
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(Group.Disabled, role, QColor(p.muted))
    return palette
