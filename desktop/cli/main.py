"""The parser and the dispatch: no sub-command starts the window; each sub-command is one
module of this package and runs in the terminal only."""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import APP_NAME, __version__
from desktop.profile.modes import use_private_umask

if TYPE_CHECKING:  # the CLI imports lazily: `--version` must not load the app
    from desktop.core.policy import EffectivePolicy
    from desktop.paths import AppPaths


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cloister", description=f"{APP_NAME}: a private assistant that runs on this computer."
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--basedir", metavar="DIR", help="keep all data (conversations, models, logs) in DIR"
    )
    parser.add_argument("--model", metavar="GGUF", help="start with this model file")
    parser.add_argument(
        "--policy",
        type=Path,
        metavar="FILE",
        help="read the administrator's policy from FILE instead of the machine-wide place",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    writes = argparse.ArgumentParser(add_help=False)  # what every command that writes takes
    writes.add_argument(
        "--wait", action="store_true", help="if Cloister is using this profile, wait for it"
    )
    policy = commands.add_parser("policy", help="the administrator's policy")
    policy_commands = policy.add_subparsers(dest="policy_command", metavar="ACTION", required=True)
    policy_commands.add_parser(
        "show", help="print the policy in force and where each value comes from"
    )
    policy_commands.add_parser(
        "hash-passphrase", help="print an admin_passphrase_hash line for the policy file"
    )
    settings = commands.add_parser("settings", help="change your own settings")
    settings_commands = settings.add_subparsers(
        dest="settings_command", metavar="ACTION", required=True
    )
    setting = settings_commands.add_parser(
        "set",
        help="change a setting the policy leaves open (asks to unlock; audited)",
        parents=[writes],
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
        help="try to reach the network from the app and worker processes; exit 0 if all blocked",
    )
    models = commands.add_parser("models", help="list, import, verify and remove models")
    model_commands = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    model_commands.add_parser("list", help="installed models: metadata, SHA-256, fit")
    importing = model_commands.add_parser(
        "import",
        help="copy in a .gguf file, or a folder of them with SHA256SUMS (audited)",
        parents=[writes],
    )
    importing.add_argument("path", type=Path)
    verifying = model_commands.add_parser(
        "verify",
        help="hash installed models again (all, or the files named; audited)",
        parents=[writes],
    )
    verifying.add_argument("files", nargs="*", metavar="FILE")
    removing = model_commands.add_parser(
        "remove", help="delete an installed model (audited)", parents=[writes]
    )
    removing.add_argument("file")
    default = model_commands.add_parser(
        "default", help="start with this model from now on", parents=[writes]
    )
    default.add_argument("file")
    inspect = model_commands.add_parser("inspect", help="show a GGUF file's metadata")
    inspect.add_argument("path", type=Path)
    audit = commands.add_parser("audit", help="export and check the audit log")
    audit_commands = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = audit_commands.add_parser(
        "verify", help="check an exported audit bundle offline (exit 0 only if intact)"
    )
    verify.add_argument("bundle", type=Path, help="the exported bundle folder")
    verify.add_argument(
        "--pubkey", type=Path, metavar="FILE", help="the public key (PEM) you hold for this log"
    )
    export = audit_commands.add_parser(
        "export", help="export the audit log as a signed bundle (asks to unlock)", parents=[writes]
    )
    export.add_argument("folder", type=Path, help="a new or empty folder for the bundle")
    export.add_argument("--since", metavar="TIME", help="from this UTC time (ISO 8601)")
    export.add_argument("--until", metavar="TIME", help="before this UTC time (ISO 8601)")
    export.add_argument("--actor", metavar="USER", help="only this user's records")
    export.add_argument(
        "--event", action="append", default=[], metavar="TYPE", help="only this event type"
    )
    export.add_argument("--siem", action="store_true", help="add syslog and CEF renderings")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    use_private_umask()  # first: all that this process and its children create is private
    multiprocessing.freeze_support()  # the frozen bundle re-enters here for the worker process
    args = build_parser().parse_args(argv)
    from desktop.cli.policy import (
        airgap_selftest,
        hash_passphrase_command,
        set_setting,
        show_policy,
    )
    from desktop.paths import AppPaths
    from desktop.policy import seal_network
    from desktop.policy.effective import load_policy

    paths = AppPaths.from_basedir(args.basedir)
    effective = load_policy(args.policy, paths.preferences)
    seal_network(effective)  # before anything else runs: Qt, models, the worker
    if args.command == "policy" and args.policy_command == "show":
        return show_policy(effective)
    if args.command == "policy":
        return hash_passphrase_command()
    if args.command == "settings":
        return _writing(args, paths, lambda: set_setting(effective, paths, args.name, args.value))
    if args.command == "selftest" and not args.airgap:
        from desktop.cli.selftest import selftest_command

        model = args.selftest_model or args.model
        return selftest_command(effective, Path(model) if model else None)
    if args.command == "selftest":
        return airgap_selftest()
    if args.command == "models" and args.models_command in ("list", "inspect"):
        return _models(args, paths, effective)
    if args.command == "models":
        return _writing(args, paths, lambda: _models(args, paths, effective))
    if args.command == "audit" and args.audit_command == "verify":
        from desktop.cli.audit import verify_audit

        return verify_audit(args.bundle, args.pubkey)
    if args.command == "audit":
        from desktop.cli.audit import export_audit

        return _writing(args, paths, lambda: export_audit(args))
    return _start_app(args, paths, effective)


def _start_app(args: argparse.Namespace, paths: AppPaths, effective: EffectivePolicy) -> int:
    """The window, once this process holds the profile: before the unlock dialog, so that a
    second start only brings the first one's window to the front."""
    from desktop.profile.instance import AlreadyRunning, ProfileBusy, claim_app, takeover_note
    from desktop.profile.preflight import DataFolderError

    try:
        instance = claim_app(paths.base, paths.data, create_parents=args.basedir is None)
    except AlreadyRunning as running:
        _say(str(running))
        return running.exit_code
    except (ProfileBusy, DataFolderError) as refused:
        from desktop.app import show_start_problem

        show_start_problem(str(refused))
        return refused.exit_code
    if instance.crashed:
        _say(takeover_note(instance.crashed))
    from desktop.app import run  # Qt is loaded only when the GUI is wanted

    try:
        return run(paths, effective, model=args.model, instance=instance)
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
