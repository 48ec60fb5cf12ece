"""The administrators' policy commands: `policy show`, `policy hash-passphrase`, `settings set`
and `selftest --airgap`."""

from __future__ import annotations

import getpass
import json
import sys
from typing import Any

from desktop.core.policy import AuditContent, EffectivePolicy, Source
from desktop.paths import AppPaths


def show_policy(effective: EffectivePolicy) -> int:
    print(f"Policy file: {effective.policy_path}")
    if effective.problem:
        print(f"FAILED CLOSED: {effective.problem}")
    if effective.warning:
        print(f"WARNING: {effective.warning}")
    width = max(len(name) for name in effective.settings)
    for setting in effective.settings.values():
        value = _shown(setting.value)
        if setting.source is Source.APP:
            value = f"{value} unless an administrator changed it in Settings"
        lock = "locked" if setting.locked else "open"
        print(f"{setting.name:<{width}}  {value:<24}  {lock:<6}  from {setting.source.value}")
    return 0


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, tuple):
        return f"{len(value)} SHA-256" + ("" if len(value) == 1 else "s")
    if isinstance(value, str) and value.startswith("scrypt$"):
        return "(set)"
    return str(value)


def hash_passphrase_command() -> int:
    from desktop.security.admin import hash_passphrase

    first = _secret("Administrator passphrase: ")
    if len(first) < 8:
        print("error: use at least 8 characters.", file=sys.stderr)
        return 2
    if _secret("The same again: ") != first:
        print("error: the two passphrases differ.", file=sys.stderr)
        return 2
    print(json.dumps({"admin_passphrase_hash": hash_passphrase(first)}))
    return 0


def _secret(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\n")  # scripted deployments pipe it in


def set_setting(effective: EffectivePolicy, paths: AppPaths, name: str, text: str) -> int:
    """Change one of the user's settings from the terminal: audited, refused when locked."""
    from desktop.audit.log import open_session_log
    from desktop.cli.unlock import unlock_from_terminal
    from desktop.core.audit_events import ActorRole, setting_change_event
    from desktop.core.errors import KnownError
    from desktop.core.key_prompts import UnlockReport
    from desktop.core.policy import check_preference
    from desktop.policy.preferences import save_preference

    try:
        value = _parse(name, text)
        check_preference(effective, name, value)
        report = UnlockReport()
        log = open_session_log(paths.audit_database, unlock_from_terminal(paths, report), report)
        try:
            old = effective.value(name)
            log.record(setting_change_event(name, old, value, "command line"), ActorRole.USER)
            save_preference(paths.preferences, name, value)  # checked above
        finally:
            log.close()
    except (KnownError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{name} = {_shown(value)}")
    return 0


def _parse(name: str, text: str) -> Any:
    if name == "audit_content":
        return AuditContent(text)
    if name == "idle_lock_minutes":
        return int(text)
    if text.lower() in ("on", "true", "yes", "1"):
        return True
    if text.lower() in ("off", "false", "no", "0"):
        return False
    raise ValueError(f"{name}: expected on or off, not '{text}'")


def airgap_selftest() -> int:
    from desktop.security.airgap_selftest import report, run_selftest

    results = run_selftest()
    print(report(results))
    return 0 if results and all(result.blocked for result in results) else 1
