"""The firm's own inference server (issue 23): the gateway process and its client."""
