"""One profile (the base folder) per running Cloister: the instance lock, the channel that
brings the running window to the front, private file modes, and the data folder's check at
start. Plain Python: no Qt, so the command line uses all of it too."""
