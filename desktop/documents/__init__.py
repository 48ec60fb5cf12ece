"""Documents the user asks questions about (issue 19); no Qt.

formats/ turns untrusted bytes into text pages (`read_document`); extracted.py holds what a
parser returns.
"""
