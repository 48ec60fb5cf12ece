"""Plain-Python core: records, events and errors shared by every layer. No Qt, no I/O."""
