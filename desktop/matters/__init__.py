"""Matters (issue 22): conversations and documents organised by client matter, their
governance (closing, retention, legal holds), exports and reports, and the ethical walls
guarding them. No Qt. walls.py: the administrator's walls as the one access check on every
way into a matter; store.py and service.py: the matters table and MatterService, the one API
of the window and the command line; retention.py: the purge per matter.
"""
