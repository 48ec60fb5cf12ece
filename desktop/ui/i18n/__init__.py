"""Translations: Qt's own system (tr(), .ts sources per feature, .qm compiled at set-up)."""
