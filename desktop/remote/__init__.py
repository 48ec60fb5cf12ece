"""The firm's own inference servers (issue 23): the gateway, its client, their API keys."""
