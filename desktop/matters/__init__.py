"""Matters (issue 22): conversations and documents organised by client matter, their
governance (closing, retention, legal holds), exports and reports, and the ethical walls
guarding them. No Qt. walls.py: the administrator's walls as the one access check on every
way into a matter.
"""
