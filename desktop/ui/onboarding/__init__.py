"""The first start's guided flow: what stays private, the key, the recovery key, a model."""
