"""`cloister matter list | create | close | reopen | hold | release | move` (issue 22): the
matters of this profile from a terminal or a script, through the same MatterService as the
window, so every change and refusal is in the audit log. Placing and lifting a legal hold asks
for the administrator's passphrase (as `audit acknowledge` does)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from desktop.cli.exits import FAILED, OK, report_error
from desktop.cli.table import format_table
from desktop.core.errors import KnownError
from desktop.core.matters import Matter
from desktop.core.policy import EffectivePolicy
from desktop.paths import AppPaths

if TYPE_CHECKING:
    from desktop.audit.log import AuditLog
    from desktop.matters.collections import MatterCollections
    from desktop.matters.service import MatterService

ACTIONS = ("list", "create", "close", "reopen", "hold", "release", "move")
MATTER_HELP = "the matter as CLIENT/NUMBER (e.g. Acme/2026-001), or General"


@contextmanager
def collections_for_command(paths: AppPaths, data_key: bytes) -> Iterator[MatterCollections | None]:
    """The document store's side of a matter for a command (a conversation's own files move
    with it); None where the profile has no documents yet."""
    if not paths.documents_database.exists():
        yield None
        return
    from desktop.documents.store import open_document_store
    from desktop.documents.store_collections import StoreCollections

    store = open_document_store(paths.documents_database, data_key)
    try:
        yield StoreCollections(store)
    finally:
        store.close()


def add_matter_commands(actions: argparse._SubParsersAction, unlocking) -> None:  # type: ignore[type-arg]
    """The `matter` command's actions but export; `unlocking(parent, name, help)` makes an
    action that unlocks the data (as the other commands that write do)."""
    unlocking(actions, "list", "the matters: client, number, name, state, retention, hold")
    create = unlocking(actions, "create", "open a new matter (audited)")
    create.add_argument("client")
    create.add_argument("number", help="the matter number")
    create.add_argument("name")
    create.add_argument("--opened", metavar="YYYY-MM-DD", help="the opening date (today if not)")
    for name, help in (
        ("close", "close a matter: read-only from then on (audited)"),
        ("reopen", "open a closed matter again (audited)"),
        ("hold", "place a legal hold: nothing of the matter is deleted (administrator; audited)"),
        ("release", "lift a legal hold (administrator; audited)"),
    ):
        unlocking(actions, name, help).add_argument("matter", help=MATTER_HELP)
    move = unlocking(actions, "move", "move a conversation to another matter (audited)")
    move.add_argument("--conversation", type=int, required=True, metavar="ID")
    move.add_argument("--to", required=True, metavar="MATTER", help=MATTER_HELP)


def matter_command(args: argparse.Namespace, paths: AppPaths, policy: EffectivePolicy) -> int:
    try:
        with _matter_service(paths, policy) as (service, log):
            return _act(args, paths, service, log, policy)
    except KnownError as exc:
        return report_error(exc, FAILED)


def _act(
    args: argparse.Namespace,
    paths: AppPaths,
    service: MatterService,
    log: AuditLog,
    policy: EffectivePolicy,
) -> int:
    action = args.matter_command
    if action == "list":
        _print_matters(service.matters())
        return OK
    if action == "create":
        matter = service.create(args.client, args.number, args.name, args.opened)
        print(f"Matter {matter.key} (“{matter.name}”) opened with id {matter.id}.")
        return OK
    if action == "move":
        target = service.find(args.to)
        if service.collections is None and paths.documents_database.exists():
            raise KnownError(
                "A conversation moves with its attached documents, which this command cannot "
                "reach yet: move it in the window. Nothing was moved."
            )
        service.move_conversation(args.conversation, target.id)
        print(f"Conversation {args.conversation} moved to matter {target.key}.")
        return OK
    matter = service.find(args.matter)
    if action in ("hold", "release"):
        from desktop.cli.witness import check_administrator

        check_administrator(policy, log)
        matter = service.set_hold(matter.id, action == "hold", by_admin=True)
        print(f"Legal hold on matter {matter.key}: {'placed' if matter.on_hold else 'lifted'}.")
        return OK
    matter = service.close(matter.id) if action == "close" else service.reopen(matter.id)
    print(f"Matter {matter.key} is {matter.state}.")
    return OK


def _print_matters(matters: list[Matter]) -> None:
    rows = [["ID", "CLIENT", "NUMBER", "OPENED", "STATE", "RETENTION", "HOLD", "NAME"]]
    for matter in matters:
        days = matter.retention_days
        rows.append(
            [
                str(matter.id),
                matter.client or "-",
                matter.number or "-",
                matter.opened_on,
                str(matter.state),
                f"{days} days" if days is not None else "-",
                "yes" if matter.on_hold else "no",
                matter.name,
            ]
        )
    for line in format_table(rows):
        print(line)


@contextmanager
def _matter_service(
    paths: AppPaths, policy: EffectivePolicy
) -> Iterator[tuple[MatterService, AuditLog]]:
    import desktop.storage  # noqa: F401  # first: sqlite-utils on SQLCipher
    from desktop.audit.log import open_session_log
    from desktop.cli.unlock import unlock_from_terminal
    from desktop.core.key_prompts import UnlockReport
    from desktop.core.matters import AllowEveryone
    from desktop.matters.service import MatterService
    from desktop.matters.walls import access_check_for
    from desktop.storage.conversations import ConversationStore
    from desktop.storage.database import open_database
    from desktop.storage.store_check import check_stores

    report = UnlockReport()
    data_key = unlock_from_terminal(paths, report)
    log = open_session_log(paths.audit_database, data_key, report, start=False, policy=policy)
    try:
        check_stores(paths.data, data_key)  # documents.db too: a move takes files with it
        store = ConversationStore(open_database(paths.database, data_key))
        try:
            with collections_for_command(paths, data_key) as collections:
                service = MatterService(store, log, AllowEveryone(), log.actor, collections)
                service.access = access_check_for(policy, service.acknowledged)
                yield service, log
        finally:
            store.close()
    finally:
        log.close()
