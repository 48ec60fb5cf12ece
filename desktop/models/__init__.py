"""Model files: the catalog of known models, GGUF inspection, and finding installed models."""
