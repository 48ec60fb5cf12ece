"""The firm's own inference server (issue 23), no Qt: the gateway process that alone talks to
it (pinned TLS, sealed to the pinned addresses in air-gapped mode) and the app's client."""
