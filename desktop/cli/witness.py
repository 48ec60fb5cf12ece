"""The witness on the command line: `audit witness-keygen`, `audit cosign`, and `audit verify
--witnessed`, none of which unlocks anything (the witness is the administrator's, not the
workstation's); and `audit acknowledge`, the window's Acknowledge… for a terminal."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.exits import BAD_INPUT, FAILED, OK, report_error
from desktop.core.errors import KnownError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from desktop.audit.log import AuditLog
    from desktop.audit.verify import Verdict
    from desktop.core.policy import EffectivePolicy
    from desktop.paths import AppPaths

WITNESS_COMMANDS = ("cosign", "witness-keygen")


def add_witness_commands(
    audit_commands: Any,
    verify: argparse.ArgumentParser,
    unlocking: Callable[[str, str], argparse.ArgumentParser],
) -> None:
    """`unlocking(name, help)`: main's maker of a sub-command that unlocks and writes."""
    unlocking(
        "acknowledge",
        "acknowledge the audit alarm, as an administrator (asks to unlock, then for the "
        "administrator passphrase in CLOISTER_ADMIN_PASSPHRASE or the terminal; audited)",
    )
    verify.add_argument(
        "--witnessed",
        type=Path,
        metavar="DIR",
        help="also prove the bundle consistent with every checkpoint the administrator's "
        "witness cosigned in DIR (the witness folder, or one log's folder in it)",
    )
    verify.add_argument(
        "--witness-key",
        type=Path,
        metavar="FILE",
        help="the witness's public key (KEY.pub); default: the policy's audit_witness_pubkey",
    )
    keygen = audit_commands.add_parser(
        "witness-keygen",
        help="make the administrator's witness key (FILE, and its public key FILE.pub)",
        description="Make the key that cosigns audit checkpoints. Keep FILE where only "
        "administrators can read it; put the printed line in the policy file.",
    )
    keygen.add_argument("key_file", type=Path, metavar="FILE")
    cosign = audit_commands.add_parser(
        "cosign",
        help="cosign the new, consistent checkpoints in the witness folder (exit 1 if any is "
        "refused)",
        description="Witness the audit logs: cosign each new checkpoint in DIR that extends the "
        "one cosigned before (RFC 6962 consistency proof) and is signed by the log's own key; "
        "refuse and name the others (rewritten, cut short, rolled back or replaced logs).",
    )
    cosign.add_argument("--key", type=Path, metavar="KEY_FILE", required=True)
    cosign.add_argument(
        "--state",
        type=Path,
        metavar="FILE",
        help="what the witness has cosigned so far (default: KEY_FILE.state.json)",
    )
    cosign.add_argument(
        "--restart",
        metavar="LOG_ID",
        help="after looking into a refused log: trust its newest checkpoint from now on (what "
        "was cosigned before is kept)",
    )
    cosign.add_argument("folder", type=Path, metavar="DIR", help="the policy's audit_witness_dir")


def run_witness_command(args: argparse.Namespace) -> int:
    if args.audit_command == "witness-keygen":
        return _keygen(args.key_file)
    return _cosign(args.folder, args.key, args.state, args.restart)


def _keygen(path: Path) -> int:
    from desktop.audit.cosign import generate_witness_key

    try:
        vkey = generate_witness_key(path)
    except KnownError as exc:
        return report_error(exc, FAILED)
    print(f"Witness key written to {path} (keep it where only administrators can read it).")
    print(f"Public key in {path}.pub. For the policy file:")
    print(f'  "audit_witness_pubkey": "{vkey}"')
    return OK


def _cosign(folder: Path, key_file: Path, state: Path | None, restart: str | None) -> int:
    from desktop.audit.cosign import WitnessKey, cosign_folder, restart_log, state_path

    state = state or state_path(key_file)
    try:
        key = WitnessKey.load(key_file)
        if restart:
            restart_log(state, key, restart)
        report = cosign_folder(folder, key, state)
    except KnownError as exc:
        return report_error(exc, BAD_INPUT)
    if not report.logs:
        print(f"No audit logs in {folder} yet.")
    for log in report.logs:
        done = f"cosigned {len(log.cosigned)} new checkpoint(s)" if log.cosigned else "nothing new"
        print(f"{log.log_id}: {done}; witnessed up to {log.size} records.")
        if log.restarted_at is not None:
            print(f"  restarted: its checkpoint of {log.restarted_at} records is trusted anew")
        for refusal in log.refused:
            print(f"  REFUSED {refusal}")
        if log.refused_before:
            print(
                f"  still refused: {len(log.refused_before)} checkpoint(s) from earlier runs, "
                f"the first: {log.refused_before[0]}"
            )
        if log.refused or log.refused_before:
            print(f"  (after looking into it: --restart {log.log_id})")
    return FAILED if report.refused else OK


@dataclass
class WitnessedOption:
    """`verify --witnessed DIR`: checked with the bundle (bad input is exit code 2)."""

    folder: Path
    key_file: Path | None
    policy_key: str | None
    witness: Ed25519PublicKey | None = None

    def prepare(self) -> None:
        from desktop.audit.witness_files import parse_witness_vkey

        if not self.folder.is_dir():
            raise KnownError(f"There is no witness folder at {self.folder}.")
        if self.key_file is not None:
            try:
                text = self.key_file.read_text(encoding="ascii")
            except (OSError, UnicodeDecodeError) as exc:
                raise KnownError(f"Cannot read the witness key {self.key_file}: {exc}.") from exc
            where = str(self.key_file)
        elif self.policy_key:
            text, where = self.policy_key, "the policy's audit_witness_pubkey"
        else:
            raise KnownError(
                "--witnessed needs the witness's public key: give --witness-key FILE, or set "
                "audit_witness_pubkey in the policy."
            )
        try:
            self.witness = parse_witness_vkey(text)
        except ValueError as exc:
            raise KnownError(f"{where}: {exc}.") from None

    def check(self, bundle: Path, verdict: Verdict) -> str:
        """Adds what the witness disproves to `verdict`; returns the line for a good result."""
        from desktop.audit.witnessed import check_witnessed

        assert self.witness is not None
        result = check_witnessed(bundle, self.folder, self.witness)
        verdict.problems += [f"witness: {problem}" for problem in result.problems]
        latest = result.latest
        if latest is None:
            return ""
        return (
            f"Witnessed: consistent with {result.cosigned} cosigned checkpoint(s), the latest "
            f"of {latest.tree_size} records (made {latest.checkpoint_timestamp})."
        )


def witnessed_option(
    args: argparse.Namespace, policy: EffectivePolicy | None
) -> WitnessedOption | None:
    if getattr(args, "witnessed", None) is None:
        return None
    return WitnessedOption(
        args.witnessed, args.witness_key, policy.audit_witness_pubkey if policy else None
    )


def acknowledge_alarms(paths: AppPaths, policy: EffectivePolicy) -> int:
    """`audit acknowledge`: show the alarms, check the administrator, record, clear."""
    import desktop.storage  # noqa: F401  # first: sqlite-utils on SQLCipher
    from desktop.audit.log import open_session_log
    from desktop.audit.rollback import StartState, guard_log
    from desktop.cli.unlock import unlock_from_terminal
    from desktop.core.key_prompts import UnlockReport

    report = UnlockReport()
    try:
        data_key = unlock_from_terminal(paths, report)
        start = StartState.of(paths.audit_database, paths.database)
        log = open_session_log(paths.audit_database, data_key, report, start=False, policy=policy)
        try:
            guard = guard_log(log, data_key, start, policy, paths.audit_database)
            alarms = guard.pending()
            for alarm in alarms:
                print(f"ALARM ({alarm.raised_at}): {alarm.problem}")
            if not alarms:
                print("No audit alarm to acknowledge.")
                return OK
            check_administrator(policy, log)
            guard.acknowledge()
        finally:
            log.close()
    except KnownError as exc:
        return report_error(exc, FAILED)
    print(f"Acknowledged {len(alarms)} alarm(s); the acknowledgement is in the audit log.")
    return OK


def check_administrator(policy: EffectivePolicy, log: AuditLog) -> None:
    """The policy's administrator passphrase, tried once (recorded either way); without one in
    the policy, running this command is the confirmation, as in the window."""
    from desktop.cli.exits import SecretError
    from desktop.cli.secret_input import ADMIN_PASSPHRASE_ENV, ask_on_terminal, current_sources
    from desktop.core.audit_events import ActorRole, AuditEvent, EventType, Outcome
    from desktop.security.admin import admin_gate

    stored = policy.admin_passphrase_hash
    if stored is None:
        return
    sources = current_sources()
    if ADMIN_PASSPHRASE_ENV in sources.environ:
        passphrase: str | None = sources.environ[ADMIN_PASSPHRASE_ENV]
    elif sources.terminal:
        passphrase = ask_on_terminal("Administrator passphrase: ")
    else:
        raise SecretError(
            f"No terminal to ask for the administrator passphrase: give it in "
            f"{ADMIN_PASSPHRASE_ENV}. Nothing was done."
        )
    result = admin_gate(stored).check(passphrase or "")
    log.record(
        AuditEvent(
            event_type=EventType.ADMIN_SIGN_IN,
            outcome=Outcome.SUCCESS if result.ok else Outcome.FAILURE,
            reason=None if result.ok else result.message,
        ),
        ActorRole.ADMIN if result.ok else ActorRole.USER,
    )
    if not result.ok:
        raise SecretError(f"{result.message} Nothing was done.")
