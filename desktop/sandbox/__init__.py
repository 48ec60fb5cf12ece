"""Walls the operating system enforces around Cloister's processes (no Qt)."""
