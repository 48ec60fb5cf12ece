"""Documents: the user's own files, read, indexed and searched for answers with citations.

No Qt here. The index lives in its own encrypted database (store.py, under the data key).
"""
