"""Widgets and dialogs that several features share."""
