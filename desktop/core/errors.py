"""Errors the user can act on, kept apart from bugs.

A `KnownError` carries a message fit for the status bar or a dialog; anything else that
escapes is a bug and is reported as one.
"""


class KnownError(Exception):
    """A problem in the user's environment or input, with a message the user can act on."""


class ModelFileError(KnownError):
    """A model file is missing, truncated, or not a GGUF model."""


class StorageError(KnownError):
    """The conversation store cannot be opened or written (disk full, locked, corrupt)."""
