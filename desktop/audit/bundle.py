"""Exporting the audit log as a bundle an auditor verifies offline (see verify.py).

events.jsonl       the evidence: one canonical JSON record per line
proofs.jsonl       for a filtered export: each record's RFC 6962 inclusion proof
events.csv         for spreadsheets (formula injection neutralised)
events.syslog      RFC 5424, one line per record (optional, for SIEMs)
events.cef         ArcSight CEF, one line per record (optional, for SIEMs)
checkpoint.json    the signed checkpoint made for this export
checkpoints.jsonl  every earlier signed checkpoint, each with a consistency proof to this one
public_key.pem     the Ed25519 key that signed them
manifest.json      filters, counts, versions, key fingerprint, SHA-256 and size of every file above
manifest.sig       Ed25519 signature of manifest.json (base64)

A matter's export or report (issue 22, desktop/matters) is the same bundle with its records
filtered to the matter and more files beside them (its conversations, documents list,
report), each listed and hashed in the signed manifest like the rest, which then says what
they are in `matter`. Plain exports write neither `matter` nor `filters.matter`, so their
manifests read as before.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, model_validator

from desktop import __version__
from desktop.audit.checkpoint import Checkpoint, consistency_or_nothing
from desktop.audit.log import AuditLog
from desktop.audit.merkle import MerkleTree, leaf_hash
from desktop.audit.records import canonical_json
from desktop.audit.renderings import CSV_HEADER, cef_line, csv_row, syslog_line
from desktop.core.errors import KnownError
from desktop.core.records import utc_millis
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.storage.audit_store import AUDIT_MIGRATIONS, EventFilter, MatterScope

# /2 (issue 18) adds each file's size, so that a verifier reads no more than was signed;
# bundles of /1 still verify, read line by line without that bound.
BUNDLE_FORMAT = "cloister.audit-bundle/2"
FORMAT_WITHOUT_SIZES = "cloister.audit-bundle/1"
EVENTS, PROOFS, PURGED = "events.jsonl", "proofs.jsonl", "purged.txt"
CSV, SYSLOG, CEF = "events.csv", "events.syslog", "events.cef"
CHECKPOINT, CHECKPOINTS = "checkpoint.json", "checkpoints.jsonl"
PUBLIC_KEY, MANIFEST, SIGNATURE = "public_key.pem", "manifest.json", "manifest.sig"
# A matter's export (issue 22): its index, and its documents with each original's file name.
MATTER_FILE, DOCUMENTS_LIST = "matter.json", "documents.jsonl"
_BLOCK = 5000  # records rendered between writes
_HEX64 = r"^[0-9a-f]{64}$"
# A bundle file's name: a plain name in the bundle folder, never a path or a hidden file.
_FILE_NAME = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"


class MatterFilter(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    client: str
    number: str
    matter_id: int | None = None


class Filters(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    since: str | None = None
    until: str | None = None
    actor: str | None = None
    event_types: list[str] = []
    matter: MatterFilter | None = None  # written only when set


class MatterSection(BaseModel):
    """What a matter's bundle holds besides its audit records (written only in one)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["export", "report"]
    client: str
    number: str
    name: str
    conversations: NonNegativeInt = 0
    documents: NonNegativeInt = 0
    originals: NonNegativeInt = 0  # documents whose original file is in the bundle
    period_from: str | None = None  # a report's days (YYYY-MM-DD, both included)
    period_to: str | None = None
    files: list[Annotated[str, Field(pattern=_FILE_NAME)]] = []  # the files it added


# Writes a matter's own files into the bundle folder; returns what the manifest says of them.
AddFiles = Callable[[Path], MatterSection]


class Manifest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["cloister.audit-bundle/1", "cloister.audit-bundle/2"] = BUNDLE_FORMAT
    created_at: str
    app_version: str
    schema_version: int
    filters: Filters
    complete: bool  # every record of the log, so the whole chain can be checked
    purged_count: NonNegativeInt = 0  # records purged by retention: only their entry hashes
    record_count: NonNegativeInt
    first_seq: int | None
    last_seq: int | None
    tree_size: NonNegativeInt
    root_hash: str = Field(pattern=_HEX64)
    key_fingerprint: str = Field(pattern=_HEX64)
    files: dict[Annotated[str, Field(pattern=_FILE_NAME)], Annotated[str, Field(pattern=_HEX64)]]
    sizes: dict[str, NonNegativeInt] | None = None  # name -> bytes; format /2 only
    matter: MatterSection | None = None  # a matter's export or report (written only then)

    @model_validator(mode="after")
    def _sizes_as_the_format_says(self) -> Manifest:
        if (self.sizes is None) != (self.format == FORMAT_WITHOUT_SIZES):
            raise ValueError("file sizes belong to format /2, and only to it")
        if self.sizes is not None and set(self.sizes) != set(self.files):
            raise ValueError("sizes and files must name the same files")
        if {MANIFEST, SIGNATURE} & set(self.files):
            raise ValueError("the manifest cannot list itself or its signature")
        if self.matter is not None and not set(self.matter.files) <= set(self.files):
            raise ValueError("the matter's files must be listed with the others")
        return self

    def signed_text(self) -> bytes:
        """The manifest as signed: canonical JSON, without the matter fields a plain export
        does not have (so that its manifest is byte for byte what it was before issue 22)."""
        data = self.model_dump(mode="json")
        if self.matter is None:
            del data["matter"]
        if self.filters.matter is None:
            del data["filters"]["matter"]
        return canonical_json(data).encode("utf-8")


def export_bundle(
    log: AuditLog,
    folder: Path,
    where: EventFilter | None = None,
    progress: Callable[[int, int], None] | None = None,
    *,
    siem: bool = False,
    add_files: AddFiles | None = None,
) -> Manifest:
    """Write a bundle of the records matching `where` (all) into the empty or new `folder`;
    with `siem`, also the syslog and CEF renderings; `add_files` writes a matter's own files
    beside them (listed, hashed and signed with the rest)."""
    where = where or EventFilter()
    check_empty_folder(folder)
    try:
        return _write(log, folder, where, siem, progress, add_files)
    except OSError as exc:
        raise KnownError(
            words(
                QT_TRANSLATE_NOOP(
                    "AuditErrors", "Could not write the audit export to {folder}: {exc}"
                ),
                folder=folder,
                exc=exc,
            )
        ) from exc


def check_empty_folder(folder: Path) -> None:
    """`folder` exists (made if need be) and is empty: KnownError if it holds anything."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if any(folder.iterdir()):
            raise KnownError(
                words(
                    QT_TRANSLATE_NOOP(
                        "AuditErrors", "{folder} is not empty; export into a new folder."
                    ),
                    folder=folder,
                )
            )
    except OSError as exc:
        raise KnownError(
            words(
                QT_TRANSLATE_NOOP(
                    "AuditErrors", "Could not write the export to {folder}: {reason}"
                ),
                folder=folder,
                reason=exc.strerror or str(exc),
            )
        ) from exc


class _Output:
    """One bundle file, written in large blocks, hashed as it is written (no second read)."""

    def __init__(self, path: Path) -> None:
        self.file = open(path, "wb")  # noqa: SIM115  # closed by close()
        self.digest = hashlib.sha256()
        self.size = 0
        self.pending: list[str] = []

    def flush(self) -> None:
        block = "".join(self.pending).encode("utf-8")
        self.pending.clear()
        self.digest.update(block)
        self.size += len(block)
        self.file.write(block)

    def close(self) -> None:
        self.flush()
        self.file.close()


def _details_json(line: str) -> str:
    """The record's details as canonical JSON, cut from its canonical line (no re-encoding):
    "details" is the first key after two string values, and "entry_hash" follows it."""
    start = line.index('"details":') + len('"details":')
    return line[start : line.rindex(',"entry_hash":"')]


def _write(
    log: AuditLog,
    folder: Path,
    where: EventFilter,
    siem: bool,
    progress: Callable[[int, int], None] | None,
    add_files: AddFiles | None = None,
) -> Manifest:
    complete = where.is_everything
    # A complete export builds the tree from the records it reads anyway.
    tree = None if complete else log.tree()
    purged = log.store.purged_hashes() if complete else []
    leaves = [leaf_hash(bytes.fromhex(entry)) for entry in purged]
    total = log.store.count(where)
    names = [EVENTS, CSV, *((SYSLOG, CEF) if siem else ()), *(() if complete else (PROOFS,))]
    names += [PURGED] if purged else []
    outputs = {name: _Output(folder / name) for name in names}
    if purged:
        outputs[PURGED].pending.append("".join(entry + "\n" for entry in purged))
    events, table = outputs[EVENTS].pending, outputs[CSV].pending
    table.append(CSV_HEADER)
    first = last = None
    count = 0
    try:
        for line in log.store.lines(where):
            record = json.loads(line)  # stored by AuditLog from a validated AuditRecord
            details = _details_json(line)
            seq = record["seq"]
            events.append(line + "\n")
            table.append(csv_row(record, details))
            if siem:
                outputs[SYSLOG].pending.append(syslog_line(record, details))
                outputs[CEF].pending.append(cef_line(record, details))
            if tree is None:
                leaves.append(leaf_hash(bytes.fromhex(record["entry_hash"])))
            else:
                proof = [node.hex() for node in tree.inclusion_proof(seq - 1)]
                outputs[PROOFS].pending.append(canonical_json({"seq": seq, "proof": proof}) + "\n")
            first = seq if first is None else first
            last, count = seq, count + 1
            if count % _BLOCK == 0:
                for output in outputs.values():
                    output.flush()
                if progress is not None:
                    progress(count, total)
    finally:
        for output in outputs.values():
            output.close()
    tree = tree or MerkleTree(leaves)
    earlier = log.checkpoints()
    checkpoint = log.checkpoint(tree)
    (folder / CHECKPOINT).write_text(checkpoint.line() + "\n", encoding="utf-8")
    (folder / CHECKPOINTS).write_text(
        "".join(_with_proof(old, tree) + "\n" for old in earlier), encoding="utf-8"
    )
    (folder / PUBLIC_KEY).write_bytes(log.key.public_pem())
    hashes = {name: output.digest.hexdigest() for name, output in outputs.items()}
    sizes = {name: output.size for name, output in outputs.items()}
    matter = add_files(folder) if add_files is not None else None
    added = matter.files if matter is not None else []
    own = {*hashes, CHECKPOINT, CHECKPOINTS, PUBLIC_KEY, MANIFEST, SIGNATURE}
    if taken := set(added) & own:
        raise KnownError(
            words(
                QT_TRANSLATE_NOOP("AuditErrors", "The export would overwrite its own {files}."),
                files=", ".join(sorted(taken)),
            )
        )
    for name in (CHECKPOINT, CHECKPOINTS, PUBLIC_KEY, *added):
        hashes[name] = file_sha256(folder / name)
        sizes[name] = (folder / name).stat().st_size
    manifest = Manifest(
        created_at=utc_millis(),
        app_version=__version__,
        schema_version=len(AUDIT_MIGRATIONS),
        filters=Filters(
            since=where.since,
            until=where.until,
            actor=where.actor,
            event_types=list(where.event_types),
            matter=_matter_filter(where.matter),
        ),
        complete=complete,
        purged_count=len(purged),
        record_count=count,
        first_seq=first,
        last_seq=last,
        tree_size=checkpoint.tree_size,
        root_hash=checkpoint.root_hash,
        key_fingerprint=log.key.fingerprint,
        files=dict(sorted(hashes.items())),
        sizes=dict(sorted(sizes.items())),
        matter=matter,
    )
    text = manifest.signed_text()
    (folder / MANIFEST).write_bytes(text)
    (folder / SIGNATURE).write_text(base64.b64encode(log.key.sign(text)).decode() + "\n")
    if progress is not None:
        progress(count, total)
    return manifest


def _matter_filter(scope: MatterScope | None) -> MatterFilter | None:
    if scope is None:
        return None
    return MatterFilter(client=scope.client, number=scope.number, matter_id=scope.matter_id)


def _with_proof(old: Checkpoint, tree: MerkleTree) -> str:
    """An earlier checkpoint and the proof that today's log extends it."""
    proof = [node.hex() for node in consistency_or_nothing(tree, old.tree_size)]
    return canonical_json({"checkpoint": old.model_dump(mode="json"), "proof_to_current": proof})


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
