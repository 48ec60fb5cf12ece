"""The `cloister` command. No sub-command starts the window; every sub-command runs in the
terminal and never opens one (installers, IT and scripts use them)."""

from desktop.cli.main import main

__all__ = ["main"]
