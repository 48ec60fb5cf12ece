"""Keys: the data key that encrypts the store, and how it is kept (keychain or passphrase)."""
