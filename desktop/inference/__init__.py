"""Running models: a worker process (the only llama_cpp user) and the client that drives it."""
