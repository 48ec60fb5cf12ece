"""A whole matter exported as one signed bundle that `cloister audit verify` checks offline.

The bundle is the audit bundle of desktop/audit/bundle.py, its records filtered to the matter
(each with its inclusion proof in the signed log), with the matter's own files beside them:

matter.json                  the matter, who exported it and when, and an index of the files
conversation-<id>.json       each conversation as its JSON record (core/export.py)
conversation-<id>.pdf        the same as a PDF, where a PDF writer is given
documents.jsonl              each document: collection, name, SHA-256, size, its original's file
documents.csv                the same for spreadsheets
original-<id>-<name>         with `originals`: the original file, byte for byte

Every file is listed with its size and SHA-256 in the signed manifest, whose `matter` section
says what they are; the verifier also checks that each original is the document the list
names. The way in is guarded: the export first enters the matter for EXPORT (the access
check, audited; a wall refuses with its reason), then records MATTER_EXPORT (fail closed:
no record, no export), then writes; that record is in the bundle it describes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from desktop import APP_NAME, __version__
from desktop.audit.bundle import (
    DOCUMENTS_LIST,
    MATTER_FILE,
    MatterSection,
    check_empty_folder,
    export_bundle,
)
from desktop.audit.log import AuditLog
from desktop.audit.renderings import csv_cell
from desktop.core.audit_events import AuditEvent, EventType
from desktop.core.display_text import safe_title
from desktop.core.errors import KnownError
from desktop.core.export import conversation_json, conversation_markdown
from desktop.core.matters import Matter, MatterAction, matter_details
from desktop.core.records import utc_millis
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.matters.contents import MatterContents, MatterDocument
from desktop.storage.audit_store import EventFilter, MatterScope

DOCUMENTS_CSV = "documents.csv"
MATTER_FORMAT = "cloister.matter/1"
_COPY_BLOCK = 1 << 20
_NAME_PART = re.compile(r"[^A-Za-z0-9._-]+")
_NAME_PART_LENGTH = 60  # of an original's own name in its bundle file name

# (markdown, path, title): prints a conversation's record to a PDF. The window passes
# ui/chat/pdf_export.write_pdf; the command line the same, with an offscreen QGuiApplication.
PdfWriter = Callable[[str, Path, str], None]


class MatterGate(Protocol):
    """The one guard on every way into a matter (MatterService.enter): audits the access and
    raises MatterAccessDenied when a wall refuses it."""

    def enter(self, matter_id: int, action: MatterAction) -> Matter: ...


@dataclass(frozen=True)
class MatterExport:
    """What an export wrote, for the window's message and the command line."""

    folder: Path
    matter: Matter
    records: int  # audit records of the matter, each with its inclusion proof
    conversations: int
    documents: int
    originals: int
    key_fingerprint: str


def scope_of(matter: Matter) -> MatterScope:
    """The audit records of `matter` (storage/audit_store.EventFilter)."""
    return MatterScope(client=matter.client, number=matter.number, matter_id=matter.id)


def export_matter(
    gate: MatterGate,
    matter_id: int,
    contents: MatterContents,
    log: AuditLog,
    folder: Path,
    *,
    originals: bool = False,
    pdf: PdfWriter | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> MatterExport:
    """Export the matter `matter_id` into the new or empty `folder`.

    MatterAccessDenied when a wall refuses the export (audited by the gate); KnownError when
    the folder is not empty or cannot be written, or the export cannot be recorded.
    """
    matter = gate.enter(matter_id, MatterAction.EXPORT)
    check_empty_folder(folder)  # before the record: a full folder is a mistake, not an export
    log.record(
        AuditEvent(
            event_type=EventType.MATTER_EXPORT,
            target_type="folder",
            target_id=str(folder),
            details={**matter_details(matter), "originals": originals, "pdf": pdf is not None},
        )
    )
    writer = _MatterFiles(matter, contents, log.actor, originals=originals, pdf=pdf)
    manifest = export_bundle(
        log, folder, EventFilter(matter=scope_of(matter)), progress, add_files=writer.write
    )
    section = manifest.matter
    assert section is not None  # written by add_files
    return MatterExport(
        folder=folder,
        matter=matter,
        records=manifest.record_count,
        conversations=section.conversations,
        documents=section.documents,
        originals=section.originals,
        key_fingerprint=manifest.key_fingerprint,
    )


class MatterExports:
    """`export_matter` bound to what the window has (app.py builds it once): Matter > Export
    matter… calls `export(matter_id, folder, originals=...)` on the I/O thread."""

    def __init__(
        self,
        gate: MatterGate,
        contents_for: Callable[[int], MatterContents],
        log: AuditLog,
        pdf: PdfWriter | None,
    ) -> None:
        self._gate, self._contents_for, self._log, self._pdf = gate, contents_for, log, pdf

    def export(
        self,
        matter_id: int,
        folder: Path,
        *,
        originals: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> MatterExport:
        return export_matter(
            self._gate,
            matter_id,
            self._contents_for(matter_id),
            self._log,
            folder,
            originals=originals,
            pdf=self._pdf,
            progress=progress,
        )


class _MatterFiles:
    """Writes the matter's own files into the bundle folder (export_bundle's add_files)."""

    def __init__(
        self,
        matter: Matter,
        contents: MatterContents,
        actor: str,
        *,
        originals: bool,
        pdf: PdfWriter | None,
    ) -> None:
        self.matter, self.contents, self.actor = matter, contents, actor
        self.originals, self.pdf = originals, pdf
        self.exported_at = datetime.now(UTC)

    def write(self, folder: Path) -> MatterSection:
        files: list[str] = []
        conversations = self._conversations(folder, files)
        documents = self.contents.documents()
        copied = self._documents(folder, documents, files)
        index = {
            "format": MATTER_FORMAT,
            "app": {"name": APP_NAME, "version": __version__},
            "exported_at": utc_millis(self.exported_at),
            "exported_by": self.actor,
            "matter": self.matter.model_dump(mode="json"),
            "conversations": conversations,
            "documents": {"count": len(documents), "list": DOCUMENTS_LIST, "originals": copied},
        }
        text = json.dumps(index, indent=2, ensure_ascii=False) + "\n"
        (folder / MATTER_FILE).write_text(text, encoding="utf-8")
        files.insert(0, MATTER_FILE)
        return MatterSection(
            kind="export",
            client=self.matter.client,
            number=self.matter.number,
            name=self.matter.name,
            conversations=len(conversations),
            documents=len(documents),
            originals=copied,
            files=files,
        )

    def _conversations(self, folder: Path, files: list[str]) -> list[dict[str, object]]:
        listed = []
        for conversation in self.contents.conversations():
            messages = self.contents.messages(conversation.id)
            stem = f"conversation-{conversation.id:05d}"
            record = conversation_json(
                conversation, messages, exported_at=self.exported_at, app_version=__version__
            )
            (folder / f"{stem}.json").write_text(record, encoding="utf-8")
            written = [f"{stem}.json"]
            if self.pdf is not None:
                markdown = conversation_markdown(
                    conversation, messages, exported_at=self.exported_at, app_version=__version__
                )
                title = safe_title(conversation.title) or stem
                self.pdf(markdown, folder / f"{stem}.pdf", title)
                written.append(f"{stem}.pdf")
            files += written
            listed.append(
                {
                    "id": conversation.id,
                    "title": safe_title(conversation.title),
                    "messages": len(messages),
                    "files": written,
                }
            )
        return listed

    def _documents(self, folder: Path, documents: list[MatterDocument], files: list[str]) -> int:
        lines, rows, copied = [], [_CSV_HEADER], 0
        for document in documents:
            original = None
            if self.originals:
                original = original_file_name(document)
                self._copy_original(document, folder / original)
                files.append(original)
                copied += 1
            entry = {**document.__dict__, "original": original}
            lines.append(json.dumps(entry, sort_keys=True, ensure_ascii=False) + "\n")
            rows.append(_csv_row(document, original))
        (folder / DOCUMENTS_LIST).write_text("".join(lines), encoding="utf-8")
        (folder / DOCUMENTS_CSV).write_text("".join(rows), encoding="utf-8", newline="")
        files += [DOCUMENTS_LIST, DOCUMENTS_CSV]
        return copied

    def _copy_original(self, document: MatterDocument, path: Path) -> None:
        digest = hashlib.sha256()
        with self.contents.original(document.id) as source, open(path, "xb") as target:
            while block := source.read(_COPY_BLOCK):
                digest.update(block)
                target.write(block)
        if digest.hexdigest() != document.sha256:
            raise KnownError(
                words(
                    QT_TRANSLATE_NOOP(
                        "MatterErrors",
                        "The stored original of “{name}” no longer matches its SHA-256; run "
                        "`cloister store check`. The export stopped; its folder is incomplete.",
                    ),
                    name=safe_title(document.name),
                )
            )


def original_file_name(document: MatterDocument) -> str:
    """The original's name in the bundle: plain ASCII (bundle files are never paths or hidden
    files), unique by the document's id, its own name kept where it can be."""
    readable = _NAME_PART.sub("_", document.name).strip("._-")[-_NAME_PART_LENGTH:]
    return f"original-{document.id:05d}" + (f"-{readable}" if readable else "")


_CSV_COLUMNS = ["id", "collection", "name", "sha256", "size", "kind", "status", "imported_at"]
_CSV_HEADER = ",".join([*_CSV_COLUMNS, "original"]) + "\r\n"


def _csv_row(document: MatterDocument, original: str | None) -> str:
    cells = [csv_cell(str(getattr(document, column))) for column in _CSV_COLUMNS]
    cells.append(original or "")
    return ",".join(_quoted(cell) for cell in cells) + "\r\n"


def _quoted(text: str) -> str:
    if any(mark in text for mark in '",\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text
