"""The local API for other programs (issue 23): an OpenAI-compatible HTTP API on 127.0.0.1.

listener.py runs in a process of its own (sealed to one TCP port in air-gapped mode) and checks
every request; service.py, in the app, answers the accepted ones through the one local worker.
"""
