"""Matters (issue 22): conversations and documents organised by client matter, no Qt."""
