"""The parser and the dispatch: no sub-command starts the window; each sub-command is one
module of this package and runs in the terminal only."""

from __future__ import annotations

import argparse
import multiprocessing
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import APP_NAME, __version__

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
        "set", help="change a setting the policy leaves open (asks to unlock; audited)"
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
        "import", help="copy in a .gguf file, or a folder of them with SHA256SUMS (audited)"
    )
    importing.add_argument("path", type=Path)
    verifying = model_commands.add_parser(
        "verify", help="hash installed models again (all, or the files named; audited)"
    )
    verifying.add_argument("files", nargs="*", metavar="FILE")
    removing = model_commands.add_parser("remove", help="delete an installed model (audited)")
    removing.add_argument("file")
    default = model_commands.add_parser("default", help="start with this model from now on")
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
        "export", help="export the audit log as a signed bundle (asks to unlock)"
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
        return set_setting(effective, paths, args.name, args.value)
    if args.command == "selftest" and not args.airgap:
        from desktop.cli.selftest import selftest_command

        model = args.selftest_model or args.model
        return selftest_command(effective, Path(model) if model else None)
    if args.command == "selftest":
        return airgap_selftest()
    if args.command == "models":
        return _models(args, paths, effective)
    if args.command == "audit" and args.audit_command == "verify":
        from desktop.cli.audit import verify_audit

        return verify_audit(args.bundle, args.pubkey)
    if args.command == "audit":
        from desktop.cli.audit import export_audit

        return export_audit(args)
    from desktop.app import run  # Qt is loaded only when the GUI is wanted

    return run(paths, effective, model=args.model)


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
