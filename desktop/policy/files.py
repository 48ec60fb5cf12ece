"""Where the machine-wide policy file lives, and reading it so that any problem fails closed.

The file is the administrator's: installed next to the app by IT, read-only to users. If it is
there but cannot be read or is not valid, Cloister does not guess: it runs air-gapped with
downloads off (core.policy.FAIL_CLOSED) and says why.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from desktop import APP_NAME
from desktop.core.policy import Policy

POLICY_FILE_NAME = "policy.json"


def default_policy_path() -> Path:
    """The platform's machine-wide configuration place (not the user's)."""
    if sys.platform == "win32":
        root = os.environ.get("PROGRAMDATA", r"C:\ProgramData")
        return Path(root) / APP_NAME / POLICY_FILE_NAME
    if sys.platform == "darwin":
        return Path("/Library/Application Support") / APP_NAME / POLICY_FILE_NAME
    return Path("/etc") / APP_NAME.lower() / POLICY_FILE_NAME


@dataclass(frozen=True)
class PolicyFile:
    path: Path
    policy: Policy | None  # None: no file (nothing locked), or a file that failed closed
    problem: str | None = None  # why it failed closed
    warning: str | None = None  # usable, but something an administrator should fix
    found: bool = True  # False: no file at `path`, so the defaults are in force


def read_policy(path: Path) -> PolicyFile:
    """The policy at `path`; a missing file is no policy, a broken one fails closed."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return PolicyFile(path, None, found=False)
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return PolicyFile(path, None, f"The policy file {path} cannot be read: {reason}.")
    try:
        policy = Policy.model_validate(json.loads(text))
    except json.JSONDecodeError as exc:
        return PolicyFile(path, None, f"The policy file {path} is not valid JSON: {exc}.")
    except ValidationError as exc:
        return PolicyFile(path, None, f"The policy file {path} is not valid: {_first(exc)}.")
    return PolicyFile(path, policy, warning=_writable_warning(path))


def _first(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"]) or "the file"
    return f"{where}: {error['msg']}"


def _writable_warning(path: Path) -> str | None:
    """A policy the user could edit locks nothing; administrators should hear about it."""
    is_admin = hasattr(os, "geteuid") and os.geteuid() == 0
    if is_admin or not os.access(path, os.W_OK):
        return None
    return (
        f"The policy file {path} can be changed by this user account: ask your administrator "
        "to make it read-only."
    )
