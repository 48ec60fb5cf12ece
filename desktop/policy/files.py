"""Where the machine-wide policy file lives, and reading it so that any problem fails closed.

The file is the administrator's: installed next to the app by IT, read-only to users. If it is
there but cannot be read, is not valid, or could be changed by someone other than an
administrator (its file or folder), Cloister does not guess: it runs air-gapped with downloads
off (core.policy.FAIL_CLOSED) and says why.

CLOISTER_MACHINE_POLICY_DIR names another folder for the machine policy (the tests use it). It
is honoured only where the platform's own place holds no policy at all, so it can never replace
an administrator's file, and the file it names must pass the same ownership check: a user gets
nothing from it that the defaults did not already give them (docs/architecture.md, issue 18).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from desktop import APP_NAME
from desktop.core.policy import Policy

POLICY_FILE_NAME = "policy.json"
MACHINE_POLICY_DIR_ENV = "CLOISTER_MACHINE_POLICY_DIR"

# Why a policy file or its folder cannot be trusted (someone other than an administrator could
# change it), or None. Injectable: the tests run as root, who passes the real one everywhere.
TrustCheck = Callable[[Path], "str | None"]


def default_policy_path() -> Path:
    """The platform's machine-wide configuration place (not the user's)."""
    if sys.platform == "win32":
        return _program_data() / APP_NAME / POLICY_FILE_NAME
    if sys.platform == "darwin":
        return Path("/Library/Application Support") / APP_NAME / POLICY_FILE_NAME
    return Path("/etc") / APP_NAME.lower() / POLICY_FILE_NAME


def _program_data() -> Path:
    """%ProgramData% as Windows knows it, not as the environment says: a user may set
    PROGRAMDATA to a folder of their own, and that must not move the machine policy."""
    try:
        import ctypes

        shell32 = ctypes.windll.shell32  # type: ignore[attr-defined]
        buffer = ctypes.create_unicode_buffer(1024)
        if shell32.SHGetFolderPathW(None, 0x23, None, 0, buffer) == 0:  # CSIDL_COMMON_APPDATA
            return Path(buffer.value)
    except (AttributeError, OSError):  # not Windows (the tests), or no shell32
        pass
    return Path("C:\\ProgramData")


def machine_policy_path(environ: dict[str, str] | None = None) -> tuple[Path, str | None]:
    """The machine policy's place, and a note when CLOISTER_MACHINE_POLICY_DIR was ignored."""
    environ = os.environ if environ is None else environ
    platform = default_policy_path()
    override = environ.get(MACHINE_POLICY_DIR_ENV)
    if not override:
        return platform, None
    if os.path.lexists(platform):
        return platform, (
            f"{MACHINE_POLICY_DIR_ENV} is ignored: the machine policy {platform} is installed."
        )
    return Path(override) / POLICY_FILE_NAME, None


@dataclass(frozen=True)
class PolicyFile:
    path: Path
    policy: Policy | None  # None: no file (nothing locked), or a file that failed closed
    problem: str | None = None  # why it failed closed
    warning: str | None = None  # usable, but something an administrator should fix
    found: bool = True  # False: no file at `path`, so the defaults are in force
    sha256: str | None = None  # of the bytes read


def read_policy(path: Path, trust: TrustCheck | None = None) -> PolicyFile:
    """The policy at `path`; a missing file is no policy, a broken one fails closed, and so
    does one that `trust` (the machine policy's ownership check) refuses. A refused file's
    keys still apply, under the fail-closed ones: it may be the administrator's after all."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return PolicyFile(path, None, found=False)
    except OSError as exc:
        return PolicyFile(path, None, f"The policy file {path} cannot be read: {_why(exc)}.")
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        policy = Policy.model_validate(json.loads(data.decode("utf-8")))
    except UnicodeDecodeError as exc:
        problem = f"The policy file {path} cannot be read: {exc}."
        return PolicyFile(path, None, problem, sha256=sha256)
    except json.JSONDecodeError as exc:
        problem = f"The policy file {path} is not valid JSON: {exc}."
        return PolicyFile(path, None, problem, sha256=sha256)
    except ValidationError as exc:
        problem = f"The policy file {path} is not valid: {_first(exc)}."
        return PolicyFile(path, None, problem, sha256=sha256)
    except (RecursionError, ValueError) as exc:  # nesting beyond Python's stack, a huge number
        problem = f"The policy file {path} is not a policy Cloister can read: {_short(exc)}."
        return PolicyFile(path, None, problem, sha256=sha256)
    untrusted = trust(path) if trust is not None else None
    return PolicyFile(path, policy, untrusted, sha256=sha256)


def _short(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "its values are nested too deep"
    return str(exc).split(";")[0]


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _first(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"]) or "the file"
    return f"{where}: {error['msg']}"


def administrators_only(path: Path) -> str | None:
    """Why someone other than an administrator could change the policy file at `path` or its
    folder (replace the file), or None. POSIX: each must belong to root and be writable by no
    group but root's and by nobody else, nor, through an ACL, by this user. Windows: this user
    must be unable to open the file for writing or to create a file beside it."""
    places = dict.fromkeys([path, path.parent, path.resolve().parent])  # a link's target too
    for place in places:
        why = _posix_problem(place) if os.name == "posix" else _windows_problem(place)
        if why:
            what = "policy file" if place == path else "policy file's folder"
            return (
                f"The {what} {place} {why}, so it locks nothing: Cloister fails closed until an "
                "administrator makes it writable by administrators only."
            )
    return None


def _posix_problem(place: Path) -> str | None:
    try:
        info = place.stat()
    except OSError as exc:
        return f"cannot be checked ({_why(exc)})"
    if info.st_uid != 0:
        return f"belongs to {_user_name(info.st_uid)}, not to root"
    if info.st_mode & stat.S_IWOTH:
        return "can be changed by every user"
    if info.st_mode & stat.S_IWGRP and info.st_gid != 0:
        return f"can be changed by the group {info.st_gid}"
    if os.geteuid() != 0 and os.access(place, os.W_OK):
        return "can be changed by this user account"
    return None


def _windows_problem(place: Path) -> str | None:  # pragma: no cover - Windows only
    try:
        if place.is_dir():
            with tempfile.TemporaryFile(dir=place):
                pass
        else:
            os.close(os.open(place, os.O_WRONLY | os.O_APPEND))
    except OSError:
        return None
    return "can be changed by this user account"


def _user_name(uid: int) -> str:
    try:
        import pwd

        return f"the user {pwd.getpwuid(uid).pw_name}"
    except (ImportError, KeyError):
        return f"the user id {uid}"
