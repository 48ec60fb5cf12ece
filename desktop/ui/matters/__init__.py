"""Matters in the window (issue 22): the switcher, the Matter menu's dialogs, the wall memo."""
