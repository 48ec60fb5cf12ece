"""Writers of small test documents (PDF, DOCX, MSG): fixtures made by the tests, never committed."""
