#!/bin/sh
# /usr/bin/cloister: the installed bundle (the window, or a command: cloister --help).
exec /opt/cloister/Cloister "$@"
