"""The administrators' policy commands: `policy show`, `policy hash-passphrase`, `settings set`
and `selftest --airgap`."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from desktop.cli.exits import BAD_INPUT, FAILED, OK, SecretError, report_error
from desktop.cli.secret_input import ADMIN_PASSPHRASE_ENV, ask_on_terminal, current_sources
from desktop.cli.table import format_table
from desktop.core.errors import KnownError
from desktop.core.policy import (
    Appearance,
    AuditContent,
    EffectivePolicy,
    Source,
    WallKind,
    memo_sha256,
)
from desktop.paths import AppPaths

if TYPE_CHECKING:
    from desktop.security.escape_probes import ProbeListener

APP_SETTING_MARK = "*"


def show_policy(effective: EffectivePolicy) -> int:
    print(_policy_file_line(effective))
    for used in effective.files:
        if used.role == "extra":
            print(f"Extra policy file (adds restrictions only): {used.path}")
    if effective.problem:
        print(f"FAILED CLOSED: {effective.problem}")
    if effective.warning:
        print(f"WARNING: {effective.warning}")
    rows = [("setting", "value", "lock", "from")]
    for setting in effective.settings.values():
        value, overridden = effective.in_force(setting.name)  # what applies, not what is set
        shown = _walls_shown(effective) if setting.name == "walls" else _shown(value)
        if setting.source is Source.APP:
            shown += APP_SETTING_MARK
        lock = "locked" if _locked_in_force(effective, setting.name) else "open"
        source = setting.source.value
        if overridden:
            source = f"{overridden} (set: {_shown(setting.value)}, {source})"
        rows.append((setting.name, shown, lock, source))
    for line in format_table(rows):
        print(line)
    if any(setting.source is Source.APP for setting in effective.settings.values()):
        print(
            f"{APP_SETTING_MARK} Cloister's default; an administrator may have changed it in "
            "Settings."
        )
    _show_walls(effective)
    return OK


def _walls_shown(effective: EffectivePolicy) -> str:
    if effective.walls_unknown:
        return "unknown (the policy failed closed: General only)"
    count = len(effective.walls)
    return "(none)" if not count else f"{count} wall" + ("" if count == 1 else "s")


def _show_walls(effective: EffectivePolicy) -> None:
    """Every ethical wall: its matter, whom it screens or admits, whether it has a memo."""
    if not effective.walls:
        return
    print()
    print("Ethical walls (deny wins; a memo is acknowledged before first access):")
    rows = [("wall", "matter", "kind", "memo", "accounts")]
    for wall in effective.walls:
        memo = f"yes, SHA-256 {memo_sha256(wall.memo)[:12]}…" if wall.memo else "no"
        matter = f"{wall.client} / {wall.number}"
        kind = "screens" if wall.kind is WallKind.EXCLUSIONARY else "admits only"
        rows.append((wall.id, matter, kind, memo, ", ".join(wall.accounts)))
    for line in format_table([tuple(map(_one_line, row)) for row in rows]):
        print(line)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _locked_in_force(effective: EffectivePolicy, name: str) -> bool:
    """Locked, or held off by a locked setting (downloads while a locked air gap)."""
    if effective.is_locked(name):
        return True
    _, overridden = effective.in_force(name)
    if name == "downloads_allowed" and overridden:
        return effective.is_locked("air_gapped")
    return bool(overridden)  # unlisted models: only the policy sets allowed_models


def _policy_file_line(effective: EffectivePolicy) -> str:
    if effective.policy_path is None:
        return "No policy file was read: Cloister's defaults are in force."
    if not effective.policy_found:
        extra = any(used.role == "extra" for used in effective.files)
        also = ", with the extra restrictions below" if extra else ""
        return f"No policy file at {effective.policy_path}: Cloister's defaults are in force{also}."
    return f"Policy file: {effective.policy_path}"


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

    try:
        passphrase = _new_admin_passphrase()
    except KnownError as exc:
        return report_error(exc, BAD_INPUT)
    if len(passphrase) < 8:
        print("error: use at least 8 characters.", file=sys.stderr)
        return BAD_INPUT
    print(json.dumps({"admin_passphrase_hash": hash_passphrase(passphrase)}))
    return OK


def _new_admin_passphrase() -> str:
    """Given (once: a script does not mistype), or typed twice on the terminal."""
    sources = current_sources()
    given = sources.passphrase(ADMIN_PASSPHRASE_ENV, "administrator passphrase")
    if given is not None:
        return given.read()
    if not sources.terminal:
        raise SecretError(
            "No terminal to ask for the administrator passphrase: give it in "
            f"{ADMIN_PASSPHRASE_ENV} or --passphrase-fd N. Nothing was done."
        )
    first = ask_on_terminal("Administrator passphrase: ")
    again = ask_on_terminal("The same again: ") if first else None
    if not first or again is None:
        raise SecretError("No passphrase was typed. Nothing was done.")
    if again != first:
        raise KnownError("The two passphrases differ. Nothing was done.")
    return first


def set_setting(effective: EffectivePolicy, paths: AppPaths, name: str, text: str) -> int:
    """Change one of the user's settings from the terminal: audited, refused when locked, and
    the refusal audited too (as `denied`)."""
    from desktop.audit.log import open_session_log
    from desktop.cli.unlock import unlock_from_terminal
    from desktop.core.audit_events import ActorRole, setting_change_event
    from desktop.core.key_prompts import UnlockReport
    from desktop.core.policy import PolicyLockedError, check_preference
    from desktop.policy.preferences import save_preference

    try:
        value = _parse(name, text)
        check_preference(effective, name, value)
    except PolicyLockedError as refused:
        _record_refusal(effective, paths, name, value, refused)
        return report_error(refused, BAD_INPUT)
    except (KnownError, ValueError) as exc:
        return report_error(exc, BAD_INPUT)
    try:
        report = UnlockReport()
        log = open_session_log(
            paths.audit_database,
            unlock_from_terminal(paths, report),
            report,
            policy=effective,
        )
        try:
            old = effective.value(name)
            log.record(setting_change_event(name, old, value, "command line"), ActorRole.USER)
            save_preference(paths.preferences, name, value)  # checked above
        finally:
            log.close()
    except (KnownError, ValueError) as exc:
        return report_error(exc, BAD_INPUT)
    print(f"{name} = {_shown(value)}")
    return 0


def _record_refusal(
    effective: EffectivePolicy, paths: AppPaths, name: str, value: Any, refused: KnownError
) -> None:
    """Writes the refusal into the audit log, unlocking as the change would have; if it cannot
    be unlocked now (no passphrase given, a wrong one), keeps it beside the log for the next
    unlock. No Cloister data at all: there is no log to keep it for."""
    from desktop.audit.log import open_session_log
    from desktop.audit.pending import keep_for_later
    from desktop.cli.unlock import unlock_from_terminal
    from desktop.core.audit_events import ActorRole, Outcome, setting_change_event
    from desktop.core.key_prompts import UnlockReport

    if not paths.key_file.exists():
        return
    event = setting_change_event(
        name,
        effective.value(name),
        value,
        "command line",
        outcome=Outcome.DENIED,
        reason=str(refused),
    )
    try:
        report = UnlockReport()
        log = open_session_log(
            paths.audit_database,
            unlock_from_terminal(paths, report),
            report,
            policy=effective,
        )
        try:
            log.record(event, ActorRole.USER)
        finally:
            log.close()
    except KnownError:
        try:
            keep_for_later(paths.data, event)
        except OSError as exc:
            print(
                f"warning: the refusal could not be kept for the audit log: {exc}", file=sys.stderr
            )


def _parse(name: str, text: str) -> Any:
    if name == "audit_content":
        if text not in {content.value for content in AuditContent}:
            raise ValueError(f"{name}: expected metadata or full, not '{text}'")
        return AuditContent(text)
    if name == "appearance":
        if text not in {appearance.value for appearance in Appearance}:
            raise ValueError(f"{name}: expected system, light or dark, not '{text}'")
        return Appearance(text)
    if name == "text_step":
        if not text.lstrip("-").isdigit() or len(text) > 3:
            raise ValueError(f"{name}: expected a whole number from -2 to 6, not '{text}'")
        return int(text)
    if name == "idle_lock_minutes":
        if not text.isdigit():
            raise ValueError(f"{name}: expected a whole number of minutes, not '{text}'")
        return int(text)
    if text.lower() in ("on", "true", "yes", "1"):
        return True
    if text.lower() in ("off", "false", "no", "0"):
        return False
    raise ValueError(f"{name}: expected on or off, not '{text}'")


def airgap_selftest(effective: EffectivePolicy, listener: ProbeListener) -> int:
    """Two separate answers: is this installation air-gapped, and does the blocking work.
    The exit code is about the second: the guard must refuse its probes, and on Linux (and
    on macOS once Seatbelt is applied) every escape must be refused; elsewhere the report
    shows what got through."""
    from desktop.security.airgap_selftest import enforcement_report, report, run_airgap_selftest

    print(f"This installation: {_air_gap_state(effective)}")
    print(
        "Blocking test (the OS filter and the guard, here and in a new worker process, whatever "
        f"the policy; the escapes aim at a listener on {listener.target[0]}:{listener.target[1]}):"
    )
    try:
        selftest = run_airgap_selftest(listener)
    finally:
        listener.close()
    print(report(selftest.results))
    print(enforcement_report(selftest))
    # Linux must enforce; macOS must hold every escape once Seatbelt is applied (children
    # inherit it). Windows' firewall rules name Cloister's programs only: a program it starts
    # (curl) is not theirs, so there the report shows it and the code is the guard's.
    os_expected = sys.platform == "linux" or (sys.platform == "darwin" and selftest.enforced)
    works = selftest.guard_works and (selftest.escapes_blocked or not os_expected)
    code = OK if works else FAILED
    print(
        f"Exit code {code}: the blocking {'works' if works else 'does NOT work'}. The exit code "
        "says whether the blocking works, not whether this installation is air-gapped."
    )
    return code


def _air_gap_state(effective: EffectivePolicy) -> str:
    setting = effective.settings["air_gapped"]
    state = (
        "air-gapped"
        if setting.value
        else "NOT air-gapped (network use such as model downloads is possible)"
    )
    if setting.source is Source.POLICY:
        origin = f"set by the policy file {effective.policy_path}"
    elif setting.source is Source.EXTRA:
        extra = ", ".join(used.path for used in effective.files if used.role == "extra")
        origin = f"set by the extra policy file {extra} (--policy)"
    elif setting.source is Source.FAIL_CLOSED:
        origin = (
            f"the policy file could not be used, so Cloister failed closed: {effective.problem}"
        )
    elif setting.source is Source.USER:
        origin = "this user's own setting (Settings, or `cloister settings set air_gapped`)"
    elif effective.policy_found:
        origin = f"Cloister's default; the policy file {effective.policy_path} does not set it"
    else:
        origin = f"Cloister's default; there is no policy file at {effective.policy_path}"
    return f"{state}: {origin}."
