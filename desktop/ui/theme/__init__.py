"""The look: palette, spacing, type scale and icons, light and dark (issue 21)."""
