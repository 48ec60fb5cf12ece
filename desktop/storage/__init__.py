"""The conversation store: the only package that opens the database."""
