"""The parser and the dispatch: no sub-command starts the window; each sub-command is one
module of this package and runs in the terminal only."""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import textwrap
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop import APP_NAME, __version__
from desktop.cli import exits
from desktop.cli.audit import fingerprint_argument
from desktop.cli.matter_export import add_export_command, add_report_command
from desktop.cli.matters import add_matter_commands
from desktop.cli.secret_input import ADMIN_HELP, UNLOCK_HELP, SecretSources, use_sources
from desktop.cli.server import add_server_commands
from desktop.cli.witness import add_witness_commands
from desktop.core.errors import KnownError
from desktop.profile.modes import use_private_umask
from desktop.sandbox.dumps import disable_core_dumps

if TYPE_CHECKING:  # the CLI imports lazily: `--version` must not load the app
    from desktop.core.policy import EffectivePolicy
    from desktop.early_processes import EarlyProcesses
    from desktop.paths import AppPaths

WINDOW_HELP = (
    f"Without a command, {APP_NAME}'s window opens. No command opens the window: each one runs "
    "in this terminal (or a script) and ends."
)
UNLOCKING_COMMANDS = (
    "audit export | report | acknowledge, matter export | list | create | close | reopen | hold "
    "| release | move, settings set, models import | verify | remove | default, "
    "store check | reset, server list | set-key | remove-key"
)


def _text(*paragraphs: str) -> str:
    """Help text for a RawDescriptionHelpFormatter: prose wrapped, tables kept as written."""
    return "\n\n".join(
        part if part.startswith("exit codes:") else textwrap.fill(part, 78, break_on_hyphens=False)
        for part in paragraphs
    )


def _unlock_options() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--passphrase-fd", type=int, metavar="N", help="read the passphrase (one line) from fd N"
    )
    options.add_argument(
        "--recovery-key-fd",
        type=int,
        metavar="N",
        help="read the recovery key (one line) from fd N",
    )
    # Every command that unlocks also writes (the audit log at least), so it holds the profile.
    options.add_argument(
        "--wait", action="store_true", help="if Cloister is using this profile, wait for it"
    )
    return options


def _command(commands: Any, name: str, help: str, *paragraphs: str, **options: Any):
    """A sub-command whose own help repeats its summary and keeps the epilog's layout."""
    return commands.add_parser(
        name,
        help=help,
        description=help,
        epilog=_text(*paragraphs) if paragraphs else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        **options,
    )


def _unlocking(commands: Any, name: str, help: str) -> argparse.ArgumentParser:
    """A sub-command that unlocks the data and writes: --passphrase-fd, --recovery-key-fd,
    --wait, and its help says how a script gives the secret."""
    return _command(commands, name, help, UNLOCK_HELP, exits.HELP, parents=[_unlock_options()])


def _utc_time(text: str) -> str:
    """An ISO 8601 time as the audit log writes its own (UTC, ms, Z): they compare as text."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a time; write e.g. 2026-03-01 or 2026-03-01T14:30"
        ) from None
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cloister",
        description=f"{APP_NAME}: a private assistant that runs on this computer.",
        epilog=_text(
            WINDOW_HELP,
            f"Commands that unlock your data: {UNLOCKING_COMMANDS}. {UNLOCK_HELP}",
            ADMIN_HELP,
            exits.HELP,
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--basedir", metavar="DIR", help="keep all data (conversations, models, logs) in DIR"
    )
    parser.add_argument("--model", metavar="GGUF", help="start the window with this model file")
    parser.add_argument(
        "--policy",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="add the restrictions in FILE to the machine-wide policy (never loosens anything; "
        "a missing or invalid FILE fails closed); may be repeated",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    policy = commands.add_parser("policy", help="the administrator's policy")
    policy_commands = policy.add_subparsers(dest="policy_command", metavar="ACTION", required=True)
    policy_commands.add_parser(
        "show", help="print the policy in force and where each value comes from"
    )
    hashing = _command(
        policy_commands,
        "hash-passphrase",
        "print an admin_passphrase_hash line for the policy file",
        ADMIN_HELP,
        exits.HELP,
    )
    hashing.add_argument(
        "--passphrase-fd",
        type=int,
        metavar="N",
        help="read the administrator passphrase (one line) from fd N",
    )
    settings = commands.add_parser("settings", help="change your own settings")
    settings_commands = settings.add_subparsers(
        dest="settings_command", metavar="ACTION", required=True
    )
    setting = _unlocking(
        settings_commands,
        "set",
        "change a setting the policy leaves open (asks to unlock; audited)",
    )
    setting.add_argument("name", help="e.g. idle_lock_minutes, air_gapped, export_allowed")
    setting.add_argument("value", help="on/off, a number, or metadata/full")
    selftest = commands.add_parser(
        "selftest",
        help="prove Cloister works here: worker, model, encrypted stores, audit (exit 0 if so)",
    )
    selftest.add_argument(
        "--model",
        dest="selftest_model",  # not `model`: a subparser's default would hide the global one
        type=Path,
        metavar="GGUF",
        help="test with this model instead of the starter model",
    )
    selftest.add_argument(
        "--airgap",
        action="store_true",
        help="say whether this installation is air-gapped, and try to reach the network from "
        "the app and worker processes; exit 0 if all is blocked",
    )
    models = commands.add_parser("models", help="list, import, verify and remove models")
    model_commands = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    model_commands.add_parser("list", help="installed models: metadata, SHA-256, fit")
    importing = _unlocking(
        model_commands,
        "import",
        "copy in a .gguf file, or a folder of them with SHA256SUMS (asks to unlock; audited)",
    )
    importing.add_argument("path", type=Path)
    verifying = _unlocking(
        model_commands,
        "verify",
        "hash installed models again, all or the files named (asks to unlock; audited)",
    )
    verifying.add_argument("files", nargs="*", metavar="FILE")
    removing = _unlocking(
        model_commands, "remove", "delete an installed model (asks to unlock; audited)"
    )
    removing.add_argument("file")
    default = _unlocking(
        model_commands, "default", "start with this model from now on (asks to unlock; audited)"
    )
    default.add_argument("file")
    inspect = model_commands.add_parser("inspect", help="show a GGUF file's metadata")
    inspect.add_argument("path", type=Path)
    audit = commands.add_parser("audit", help="export and check the audit log")
    audit_commands = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = _command(
        audit_commands,
        "verify",
        "check an exported audit bundle offline (exit 0 only if intact and signed by a pinned key)",
        exits.VERIFY_HELP,
    )
    verify.add_argument("bundle", type=Path, help="the exported bundle folder")
    pin = verify.add_mutually_exclusive_group()
    pin.add_argument(
        "--pubkey", type=Path, metavar="FILE", help="the public key (PEM) you hold for this log"
    )
    pin.add_argument(
        "--fingerprint",
        type=fingerprint_argument,
        metavar="HEX",
        help="the signing key's fingerprint, as your administrator gave it to you",
    )
    export = _unlocking(
        audit_commands, "export", "export the audit log as a signed bundle (asks to unlock)"
    )
    export.add_argument("folder", type=Path, help="a new or empty folder for the bundle")
    export.add_argument(
        "--since", type=_utc_time, metavar="TIME", help="from this UTC time (ISO 8601)"
    )
    export.add_argument(
        "--until", type=_utc_time, metavar="TIME", help="before this UTC time (ISO 8601)"
    )
    export.add_argument("--actor", metavar="USER", help="only this user's records")
    export.add_argument(
        "--event", action="append", default=[], metavar="TYPE", help="only this event type"
    )
    export.add_argument("--siem", action="store_true", help="add syslog and CEF renderings")
    add_witness_commands(
        audit_commands, verify, lambda name, help: _unlocking(audit_commands, name, help)
    )
    add_report_command(audit_commands, _unlocking)
    matter = commands.add_parser(
        "matter", help="client matters: list, create, close, hold, move, export"
    )
    matter_commands = matter.add_subparsers(dest="matter_command", metavar="ACTION", required=True)
    add_matter_commands(matter_commands, _unlocking)
    add_export_command(matter_commands, _unlocking)
    store = commands.add_parser("store", help="check the encrypted stores, or start one anew")
    store_commands = store.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    _unlocking(
        store_commands,
        "check",
        "read every store back whole (full integrity check; asks to unlock; exit 0 if all are)",
    )
    reset = _unlocking(
        store_commands,
        "reset",
        "start a missing, replaced or damaged store anew; the old file is kept aside "
        "(asks to unlock; audited)",
    )
    reset.add_argument("name", metavar="STORE", help="conversations, documents or audit")
    server = commands.add_parser(
        "server", help="the firm's inference servers the policy names, and their API keys"
    )
    server_commands = server.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    add_server_commands(server_commands, _unlocking)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    disable_core_dumps()  # first of all (again, for the `cloister` script): keys stay out of dumps
    use_private_umask()  # first: all that this process and its children create is private
    multiprocessing.freeze_support()  # the frozen bundle re-enters here for the worker process
    args = build_parser().parse_args(argv)  # bad arguments: usage and exit code 2 (argparse)
    try:
        with use_sources(SecretSources.for_run(args)):
            return _run(args)
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return exits.INTERRUPTED
    except (KnownError, OSError) as exc:  # the last resort: one line, never a traceback
        return exits.report_error(exc, exits.FAILED)


def _run(args: argparse.Namespace) -> int:
    from desktop.cli.policy import (
        airgap_selftest,
        hash_passphrase_command,
        set_setting,
        show_policy,
    )
    from desktop.paths import AppPaths
    from desktop.policy import seal_network, unenforced_air_gap
    from desktop.policy.effective import load_policy

    paths = AppPaths.from_basedir(args.basedir)
    effective = load_policy(None, paths.preferences, args.policy)
    listener = None
    if args.command == "selftest" and args.airgap:
        from desktop.security.escape_probes import ProbeListener

        # What the probes must not reach, opened now: a sealed process cannot open one.
        listener = ProbeListener()
    early = None
    if args.command is None:  # the window: its firm-server and local-API processes first
        from desktop.early_processes import start_early_processes

        early = start_early_processes(effective)
    # Before anything else runs (Qt, models, the worker): the OS filter (Linux) that every
    # process started later inherits, and the guard that records each attempt.
    seal_network(effective)
    if args.command not in ("selftest", "policy") and (refused := unenforced_air_gap(effective)):
        return _refuse_unenforced(args, refused, effective.value("language"))
    if args.command == "policy" and args.policy_command == "show":
        return show_policy(effective)
    if effective.problem:  # one line on every run, not only a banner: someone must fix it
        _say(f"{APP_NAME} runs air-gapped with downloads off: {effective.problem}")
    if args.command == "policy":
        return hash_passphrase_command()
    if args.command == "settings":
        return _writing(args, paths, lambda: set_setting(effective, paths, args.name, args.value))
    if args.command == "selftest" and not args.airgap:
        from desktop.cli.selftest import selftest_command

        model = args.selftest_model or args.model
        return selftest_command(effective, Path(model) if model else None)
    if args.command == "selftest":
        assert listener is not None
        return airgap_selftest(effective, listener)
    if args.command == "models" and args.models_command in ("list", "inspect"):
        return _models(args, paths, effective)
    if args.command == "models":
        return _writing(args, paths, lambda: _models(args, paths, effective))
    if args.command == "audit" and args.audit_command == "verify":
        from desktop.cli.audit import verify_audit
        from desktop.cli.witness import witnessed_option

        return verify_audit(
            args.bundle,
            args.pubkey,
            args.fingerprint,
            effective.audit_signing_fingerprints,
            effective.policy_path,
            witnessed_option(args, effective),
        )
    if args.command == "audit" and args.audit_command in ("cosign", "witness-keygen"):
        from desktop.cli.witness import run_witness_command

        return run_witness_command(args)
    if args.command == "audit" and args.audit_command == "acknowledge":
        from desktop.cli.witness import acknowledge_alarms

        return _writing(args, paths, lambda: acknowledge_alarms(paths, effective))
    if args.command == "store":
        from desktop.cli.stores import check_stores_command, reset_store_command

        if args.store_command == "check":
            return _writing(args, paths, lambda: check_stores_command(paths, effective))
        return _writing(args, paths, lambda: reset_store_command(paths, effective, args.name))
    if args.command == "server":
        from desktop.cli.server import server_command

        return _writing(args, paths, lambda: server_command(args, paths, effective))
    if args.command == "audit" and args.audit_command == "report":
        from desktop.cli.matter_export import report_command

        return _writing(args, paths, lambda: report_command(args, effective))
    if args.command == "matter" and args.matter_command == "export":
        from desktop.cli.matter_export import export_matter_command

        return _writing(args, paths, lambda: export_matter_command(args, effective))
    if args.command == "matter":
        from desktop.cli.matters import matter_command

        return _writing(args, paths, lambda: matter_command(args, paths, effective))
    if args.command == "audit":
        from desktop.cli.audit import export_audit

        return _writing(args, paths, lambda: export_audit(args, effective))
    return _start_app(args, paths, effective, early)


def _refuse_unenforced(args: argparse.Namespace, message: str, language: str | None) -> int:
    """Windows without the installer's firewall rules: no air-gapped run (`selftest --airgap`
    and `policy show` still run: they are how an administrator looks into it)."""
    if args.command is None:
        from desktop.app import show_start_problem

        show_start_problem(message, language)
    else:
        _say(message)
    return exits.FAILED


def _start_app(
    args: argparse.Namespace,
    paths: AppPaths,
    effective: EffectivePolicy,
    early: EarlyProcesses | None = None,
) -> int:
    """The window, once this process holds the profile: before the unlock dialog, so that a
    second start only brings the first one's window to the front. `early`: the processes
    started before the seal (desktop.early_processes), closed whatever happens."""
    try:
        return _claim_and_run(args, paths, effective, early)
    finally:
        if early is not None:
            early.close()


def _claim_and_run(
    args: argparse.Namespace,
    paths: AppPaths,
    effective: EffectivePolicy,
    early: EarlyProcesses | None,
) -> int:
    from desktop.app import no_window, run, show_start_problem  # Qt: the GUI is wanted
    from desktop.profile.instance import AlreadyRunning, ProfileBusy, claim_app, takeover_note
    from desktop.profile.preflight import DataFolderError

    if problem := no_window():  # before anything is set up: Qt would abort, not explain
        _say(problem)
        return exits.FAILED
    try:
        instance = claim_app(paths.base, paths.data, create_parents=args.basedir is None)
    except AlreadyRunning as running:
        _say(str(running))
        return running.exit_code
    except (ProfileBusy, DataFolderError) as refused:
        show_start_problem(refused, effective.value("language"))
        return refused.exit_code
    if instance.crashed:
        _say(takeover_note(instance.crashed))
    try:
        return run(paths, effective, model=args.model, instance=instance, early=early)
    finally:
        instance.release()


def _writing(args: argparse.Namespace, paths: AppPaths, command: Callable[[], int]) -> int:
    """Run a command that changes the profile while holding it (never beside the app)."""
    from desktop.profile.instance import ProfileBusy, hold_for_command, takeover_note
    from desktop.profile.preflight import DataFolderError

    action = getattr(args, f"{args.command}_command", "")
    try:
        with hold_for_command(
            paths.base, paths.data, f"{args.command} {action}", wait=args.wait, on_wait=_say
        ) as crashed:
            if crashed:
                _say(takeover_note(crashed))
            return command()
    except (ProfileBusy, DataFolderError) as refused:
        _say(str(refused))
        return refused.exit_code


def _say(message: str) -> None:
    print(message, file=sys.stderr)  # whole sentences that name Cloister where it matters


def _models(args: argparse.Namespace, paths: AppPaths, effective: EffectivePolicy) -> int:
    from desktop.cli import models as cli_models

    action = args.models_command
    if action == "inspect":
        return cli_models.inspect_model(args.path)
    if action == "list":
        return cli_models.list_models(paths, effective)
    if action == "import":
        return cli_models.import_models(paths, effective, args.path)
    if action == "verify":
        return cli_models.verify_models(paths, effective, args.files)
    if action == "remove":
        return cli_models.remove_model(paths, effective, args.file)
    return cli_models.set_default_model(paths, effective, args.file)
