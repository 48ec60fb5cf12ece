"""Matters (issue 22): client matters, their governance and the ethical walls guarding them.

No Qt. walls.py: the administrator's walls as the one access check on every way into a matter.
"""
