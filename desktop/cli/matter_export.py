"""`cloister matter export` (a whole matter as one signed bundle) and `cloister audit report
--matter` (who had access, every refusal, walls and holds: CSV, PDF, a signed bundle).

Both unlock, open the audit log as `audit export` does, and find the matter by CLIENT/NUMBER.
`open_matters` is the one place that says where the matters and their contents come from.
PDFs are printed by Qt's text layout (app.offscreen_pdf_writer: ui/chat/pdf_export.py under an
offscreen QGuiApplication): no window, no display needed.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.exits import BAD_INPUT, FAILED, OK, report_error
from desktop.core.errors import KnownError

if TYPE_CHECKING:  # the CLI imports lazily: `--version` must not load the app
    from desktop.audit.log import AuditLog
    from desktop.core.matters import Matter
    from desktop.core.policy import EffectivePolicy
    from desktop.matters.contents import MatterContents
    from desktop.matters.export import MatterGate, PdfWriter
    from desktop.paths import AppPaths

MATTER_HELP = "the matter as CLIENT/NUMBER (as `cloister matter list` shows it), or General"


def add_export_command(matter_commands: Any, unlocking: Callable[..., Any]) -> None:
    export = unlocking(
        matter_commands,
        "export",
        "export a whole matter as one signed bundle: conversations (JSON and PDF), documents "
        "with SHA-256, its audit records with proofs (asks to unlock; audited)",
    )
    export.add_argument("--matter", required=True, metavar="CLIENT/NUMBER", help=MATTER_HELP)
    export.add_argument(
        "--out", required=True, type=Path, metavar="DIR", help="a new or empty folder"
    )
    export.add_argument(
        "--originals", action="store_true", help="include each document's original file"
    )


def add_report_command(audit_commands: Any, unlocking: Callable[..., Any]) -> None:
    report = unlocking(
        audit_commands,
        "report",
        "a matter's access report for a period: who had access, every refused attempt, walls "
        "and holds placed or lifted (asks to unlock; audited)",
    )
    report.add_argument("--matter", required=True, metavar="CLIENT/NUMBER", help=MATTER_HELP)
    report.add_argument(
        "--from", dest="first_day", required=True, metavar="YYYY-MM-DD", help="first day (UTC)"
    )
    report.add_argument(
        "--to", dest="last_day", required=True, metavar="YYYY-MM-DD", help="last day (UTC)"
    )
    report.add_argument("--csv", type=Path, metavar="FILE", help="save the report as CSV")
    report.add_argument("--pdf", type=Path, metavar="FILE", help="save the report as PDF")
    report.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="a signed bundle of the report and its records, for `cloister audit verify`",
    )


@dataclass
class Matters:
    """Where a command finds the matters and what each one holds."""

    gate: MatterGate  # enter(): the access check, audited
    list: Callable[[], list[Matter]]
    contents: Callable[[Matter], MatterContents]


@contextlib.contextmanager
def open_matters(
    paths: AppPaths, data_key: bytes, log: AuditLog, policy: EffectivePolicy | None = None
) -> Iterator[Matters]:
    """The profile's matters (MatterService, guarded by the policy's ethical walls) and what
    each one holds (the stores, read for that matter only)."""
    from desktop.core.matters import AllowEveryone
    from desktop.core.policy import EffectivePolicy
    from desktop.documents.store import open_document_store
    from desktop.matters.contents import StoredContents
    from desktop.matters.service import MatterService
    from desktop.matters.walls import access_check_for
    from desktop.storage.conversations import ConversationStore
    from desktop.storage.database import open_database
    from desktop.storage.store_check import check_stores

    check_stores(paths.data, data_key)  # a missing, replaced or damaged store is refused
    if not paths.database.exists():
        raise KnownError(
            "This profile has no matters yet: start Cloister once, or create one with "
            "'cloister matter create'."
        )
    with contextlib.ExitStack() as stack:
        store = ConversationStore(open_database(paths.database, data_key))
        stack.callback(store.close)
        documents = None
        if paths.documents_database.exists():
            documents = open_document_store(paths.documents_database, data_key)
            stack.callback(documents.close)
        service = MatterService(store, log, AllowEveryone(), log.actor)
        service.access = access_check_for(
            policy or EffectivePolicy.resolve_defaults(), service.acknowledged
        )
        yield Matters(
            gate=service,
            list=service.matters,
            contents=lambda matter: StoredContents(store, documents, matter_id=matter.id),
        )


@contextlib.contextmanager
def _unlocked_log(
    args: argparse.Namespace, policy: EffectivePolicy | None
) -> Iterator[tuple[AppPaths, bytes, AuditLog]]:
    import desktop.storage  # noqa: F401  # first: sqlite-utils on SQLCipher
    from desktop.audit.log import open_session_log
    from desktop.audit.rollback import StartState, guard_log
    from desktop.cli.audit import _say_alarm
    from desktop.cli.unlock import unlock_from_terminal
    from desktop.core.key_prompts import UnlockReport
    from desktop.paths import AppPaths

    paths = AppPaths.from_basedir(args.basedir)
    report = UnlockReport()
    data_key = unlock_from_terminal(paths, report)
    start = StartState.of(paths.audit_database, paths.database)
    log = open_session_log(paths.audit_database, data_key, report, start=False, policy=policy)
    try:
        guard_log(log, data_key, start, policy, paths.audit_database, say=_say_alarm)
        yield paths, data_key, log
    finally:
        log.close()


def _pdf_writer() -> PdfWriter:
    from desktop.app import offscreen_pdf_writer  # Qt: only app.py and desktop/ui import it

    return offscreen_pdf_writer()


def export_matter_command(args: argparse.Namespace, policy: EffectivePolicy | None) -> int:
    from desktop.core.matters import MatterAccessDenied
    from desktop.matters.export import export_matter
    from desktop.matters.lookup import find_matter

    try:
        with (
            _unlocked_log(args, policy) as (paths, data_key, log),
            open_matters(paths, data_key, log, policy) as matters,
        ):
            matter = find_matter(matters.list(), args.matter)
            done = export_matter(
                matters.gate,
                matter.id,
                matters.contents(matter),
                log,
                args.out,
                originals=args.originals,
                pdf=_pdf_writer(),
            )
    except MatterAccessDenied as denied:
        return report_error(KnownError(f"refused: {denied}"), FAILED)
    except KnownError as exc:
        return report_error(exc, FAILED)
    print(
        f"Exported matter {done.matter.key} to {done.folder}: {done.conversations} "
        f"conversations, {done.documents} documents ({done.originals} originals), "
        f"{done.records} audit records with their proofs."
    )
    print(f"Signing key fingerprint: {done.key_fingerprint}")
    print(f"Check it offline: cloister audit verify {done.folder} --fingerprint HEX")
    return OK


def report_command(args: argparse.Namespace, policy: EffectivePolicy | None) -> int:
    from desktop.matters.lookup import find_matter
    from desktop.matters.report import MatterReports, ReportPeriod

    try:
        period = ReportPeriod.parse(args.first_day, args.last_day)
    except KnownError as exc:
        return report_error(exc, BAD_INPUT)
    try:
        with (
            _unlocked_log(args, policy) as (paths, data_key, log),
            open_matters(paths, data_key, log, policy) as matters,
        ):
            matter = find_matter(matters.list(), args.matter)
            reports = MatterReports(log, _pdf_writer() if args.pdf or args.out else None)
            report = reports.build(matter, period)
            if args.csv:
                reports.save_csv(report, args.csv)
            if args.pdf:
                reports.save_pdf(report, args.pdf)
            records = reports.save_bundle(report, args.out) if args.out else None
    except KnownError as exc:
        return report_error(exc, FAILED)
    _print_summary(report)
    for what, where in (("CSV", args.csv), ("PDF", args.pdf)):
        if where:
            print(f"Saved the report as {what}: {where}")
    if args.out:
        print(f"Saved the report and its {records} records as a signed bundle: {args.out}")
        print(f"Check it offline with: cloister audit verify {args.out} --fingerprint HEX")
    return OK


def _print_summary(report: Any) -> None:
    from desktop.cli.audit import _printable

    print(
        f"Matter {_printable(str(report.matter.key))}, {report.period.first_day} to "
        f"{report.period.last_day} (UTC): {len(report.entries)} records."
    )
    people = [p for p in report.people if p.accesses]
    print(f"Who had access: {len(people)}")
    for person in people:
        machines = ", ".join(sorted(person.machines))
        print(
            f"  {_printable(person.account)} on {_printable(machines)}: {person.accesses} "
            f"accesses, {person.first} to {person.last}"
        )
    print(f"Refused attempts: {len(report.refusals)}")
    for entry in report.refusals:
        print(
            f"  {entry.timestamp} {_printable(entry.account)} ({entry.action or '-'}): "
            f"{_printable(entry.reason)}"
        )
    print(f"Walls and holds in force when the period began: {len(report.in_force_at_start)}")
    for entry in report.in_force_at_start:
        print(f"  {entry.timestamp} {_printable(entry.description)}")
    print(f"Walls and holds placed, changed or lifted in it: {len(report.walls_and_holds)}")
    for entry in report.walls_and_holds:
        print(f"  {entry.timestamp} {_printable(entry.description)}")
