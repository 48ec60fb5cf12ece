"""Checks every screen must pass: nothing clipped, every control named (issue 21)."""
