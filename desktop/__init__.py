"""Cloister: a private desktop assistant that runs language models on the user's own computer."""

APP_NAME = "Cloister"
__version__ = "0.1.0"
