"""Documents (issue 19): reading the user's files, indexing them in the encrypted store, and
answering questions about them with citations that open the right page. No Qt here."""
