"""Who is acting, and on which machine: the operating-system account and the machine's name.

Every audit record names both (HIPAA 164.312(a)(2)(i), unique user identification), and the
ethical walls (desktop.matters.walls) decide by the same account. Cloister has no accounts of
its own: the operating system's login is the identity, so people who share one OS account
cannot be told apart (docs/compliance.md says how to deploy one account per person).

On Windows the account carries its domain ("CORP\\alice") where the login is a domain's; a
local account (its "domain" is the machine itself) stays "alice", as before.
"""

from __future__ import annotations

import getpass
import os
import socket
import sys
from collections.abc import Mapping

UNKNOWN_ACCOUNT = "unknown"  # no login name could be found (no environment, no user database)
UNKNOWN_MACHINE = "unknown"


def os_account(environ: Mapping[str, str] | None = None, *, windows: bool | None = None) -> str:
    """This process's login: "DOMAIN\\user" for a Windows domain account, else "user"."""
    environ = os.environ if environ is None else environ
    windows = sys.platform == "win32" if windows is None else windows
    user = _login_name(environ)
    if not windows:
        return user
    if "\\" in user:  # already qualified
        return user
    domain = environ.get("USERDOMAIN", "").strip()
    computer = environ.get("COMPUTERNAME", "").strip()
    if domain and domain.casefold() != computer.casefold():
        return f"{domain}\\{user}"
    return user


def _login_name(environ: Mapping[str, str]) -> str:
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):  # getpass.getuser()'s order
        if environ.get(name, "").strip():
            return environ[name].strip()
    if environ is os.environ:
        try:
            return getpass.getuser()  # the user database (pwd), as getpass falls back to
        except (KeyError, OSError, ImportError):
            pass
    return UNKNOWN_ACCOUNT


def machine_name() -> str:
    """The machine's network name as the OS knows it (no lookup: nothing leaves the machine)."""
    try:
        name = socket.gethostname().strip()
    except OSError:
        return UNKNOWN_MACHINE
    return name or UNKNOWN_MACHINE
