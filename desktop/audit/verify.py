"""Checking an exported audit bundle with nothing but the bundle and a public key.

No database, no keychain, no network. The first problem found is named first; the bundle is
intact only if the manifest's signature, every file's size and hash, every record's hash, the
chain (for a complete export) or each record's inclusion proof (for a filtered one), the Merkle
root, the signed checkpoint and its consistency with every earlier checkpoint all agree, and
the folder holds no file the manifest does not list. Intact is not enough to vouch for it:
anyone can sign a consistent bundle with a key of their own, so a verdict is `ok` only when
the key was pinned - given by the caller, or one of the fingerprints it trusts.

The bundle is hostile input: its files are read through bundle_files (regular files only, in
bounded memory), and no content of it ends in an exception, only in a problem.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import ValidationError

from desktop.audit.bundle import (
    CHECKPOINT,
    CHECKPOINTS,
    DOCUMENTS_LIST,
    EVENTS,
    MANIFEST,
    MATTER_FILE,
    PROOFS,
    PUBLIC_KEY,
    PURGED,
    SIGNATURE,
    Manifest,
)
from desktop.audit.bundle_files import BundleFiles, FileProblem, about, shown
from desktop.audit.checkpoint import DIFFERENT_KEY, Checkpoint, signature_problem
from desktop.audit.merkle import RootBuilder, leaf_hash, verify_consistency, verify_inclusion
from desktop.audit.records import GENESIS_HASH, MAX_RECORD_BYTES, AuditRecord, texts_match
from desktop.core.translatable import QT_TRANSLATE_NOOP, Count, message_of, words
from desktop.security.signing import fingerprint, load_public_pem, signature_valid

# Lines far longer than Cloister writes are not parsed (a proof or checkpoint line is a few kB).
_PROOF_LINE_BYTES = _CHECKPOINT_LINE_BYTES = 1 << 20
_PURGED_LINE_BYTES = 64
_DOCUMENT_LINE_BYTES = 64 << 10  # one document of a matter export: a few hundred bytes


class BundleError(Exception):
    """The bundle cannot be checked any further."""


def record(seq: int, line: int, problem: str) -> str:
    return words(
        QT_TRANSLATE_NOOP("AuditVerify", "record seq {seq} (line {line}): {problem}"),
        seq=seq,
        line=line,
        problem=problem,
    )


@dataclass
class Verdict:
    records: int = 0
    key_fingerprint: str = ""
    key_from_bundle: bool = True  # no independent key was given
    pinned: bool = False  # the key was given, or its fingerprint is one the caller trusts
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        """Internally consistent: says nothing about who signed it."""
        return not self.problems

    @property
    def ok(self) -> bool:
        """Intact, and signed by a pinned key: the only verdict that vouches for the bundle."""
        return self.intact and self.pinned


def verify_bundle(
    folder: Path,
    public_key_pem: bytes | None = None,
    pinned_fingerprints: Collection[str] = (),
) -> Verdict:
    """Checks the bundle in `folder` against `public_key_pem` (pinned), else against the key it
    carries, which counts as pinned only if its fingerprint is in `pinned_fingerprints`."""
    verdict = Verdict(key_from_bundle=public_key_pem is None)
    files = BundleFiles(folder)
    try:
        public = _public_key(files, public_key_pem)
        verdict.key_fingerprint = fingerprint(public)
        verdict.pinned = public_key_pem is not None or verdict.key_fingerprint in {
            pin.lower() for pin in pinned_fingerprints
        }
        manifest = _manifest(files, public)
        checkpoint = _checkpoint(files, public, manifest)
        # The files no check reads are hashed on a second core while the records are checked
        # (hashlib lets go of the GIL for large blocks).
        read_by_checks = {EVENTS, CHECKPOINT, CHECKPOINTS, PROOFS, PURGED}
        read_by_checks |= {DOCUMENTS_LIST} if manifest.matter is not None else set()
        with ThreadPoolExecutor(max_workers=1) as pool:
            hashed = [
                pool.submit(files.hash, name)
                for name in manifest.files
                if name not in read_by_checks and name not in files.seen
            ]
            _check_records(files, manifest, checkpoint, verdict)
            _check_earlier_checkpoints(files, public, checkpoint, verdict)
            _check_originals(files, manifest, verdict)
            for future in hashed:
                future.result()
        verdict.problems += files.problems(manifest.files, {MANIFEST, SIGNATURE})
    except BundleError as exc:
        verdict.problems.insert(0, message_of(exc))
    return verdict


def _read(files: BundleFiles, name: str) -> bytes:
    try:
        return files.read(name)
    except FileProblem as problem:
        raise BundleError(about(name, message_of(problem))) from None


def _public_key(files: BundleFiles, given: bytes | None) -> Ed25519PublicKey:
    try:
        return load_public_pem(given if given is not None else _read(files, PUBLIC_KEY))
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise BundleError(
            words(
                QT_TRANSLATE_NOOP("AuditVerify", "public key: not a usable Ed25519 key ({reason})"),
                reason=str(exc),
            )
        ) from None


def _manifest(files: BundleFiles, public: Ed25519PublicKey) -> Manifest:
    text = _read(files, MANIFEST)
    encoded = _read(files, SIGNATURE)
    try:
        signature = base64.b64decode(encoded.strip(), validate=True)
    except ValueError:
        signature = b""
    if encoded != base64.b64encode(signature) + b"\n":  # exactly as written: nothing unhashed
        raise BundleError(
            about(SIGNATURE, QT_TRANSLATE_NOOP("AuditVerify", "not a base64 signature (one line)"))
        )
    if not signature_valid(public, signature, text):
        raise BundleError(
            about(
                MANIFEST,
                QT_TRANSLATE_NOOP(
                    "AuditVerify", "its signature does not match (altered, or another key)"
                ),
            )
        )
    try:
        manifest = Manifest.model_validate_json(text)
    except ValidationError as exc:
        not_manifest = QT_TRANSLATE_NOOP(
            "AuditVerify", "not a Cloister audit manifest ({count} errors)"
        )
        raise BundleError(about(MANIFEST, words(not_manifest, count=exc.error_count()))) from None
    if manifest.key_fingerprint != fingerprint(public):
        raise BundleError(about(MANIFEST, DIFFERENT_KEY))
    needed = {EVENTS, CHECKPOINT, CHECKPOINTS, PUBLIC_KEY}
    needed |= ({PURGED} if manifest.purged_count else set()) | (
        set() if manifest.complete else {PROOFS}
    )
    if manifest.matter is not None and manifest.matter.kind == "export":
        needed |= {MATTER_FILE, DOCUMENTS_LIST}
    if missing := sorted(needed - set(manifest.files)):
        does_not_list = QT_TRANSLATE_NOOP("AuditVerify", "does not list {files}")
        raise BundleError(about(MANIFEST, words(does_not_list, files=", ".join(missing))))
    files.sizes = manifest.sizes or {}
    return manifest


def _checkpoint(files: BundleFiles, public: Ed25519PublicKey, manifest: Manifest) -> Checkpoint:
    try:
        checkpoint = Checkpoint.model_validate_json(_read(files, CHECKPOINT))
    except ValidationError:
        raise BundleError(
            about(CHECKPOINT, QT_TRANSLATE_NOOP("AuditVerify", "not a checkpoint"))
        ) from None
    problem = signature_problem(checkpoint, public)
    if problem:
        raise BundleError(about(CHECKPOINT, problem))
    if (checkpoint.tree_size, checkpoint.root_hash) != (manifest.tree_size, manifest.root_hash):
        raise BundleError(
            about(
                CHECKPOINT,
                QT_TRANSLATE_NOOP(
                    "AuditVerify", "does not match the manifest's tree size and root"
                ),
            )
        )
    return checkpoint


_ENTRY, _PREV, _SEQ = b',"entry_hash":"', b',"prev_hash":"', b',"seq":'


def _parse(line: bytes) -> tuple[int, str, str, bool]:
    """(seq, prev_hash, entry_hash, hash matches) of one events.jsonl line, without parsing it.

    The hash is checked over the line's own bytes with its entry_hash member cut out - exactly
    the canonical form the writer hashed - so any byte changed, added or reordered fails it,
    and an authentic line is valid JSON by construction: a million json.loads are not needed.
    Keys are sorted and string values escaped, so the last `,"key":` is the top-level member
    (a nested key of the same name sits inside "details", which sorts before these).
    ValueError for a line that does not even have the chain fields.
    """
    at = line.rfind(_ENTRY)
    if at < 0 or line[at + 79 : at + 80] != b'"':
        raise ValueError("no entry_hash")
    entry = line[at + 15 : at + 79].decode("ascii")
    view = memoryview(line)
    digest = hashlib.sha256(view[:at])
    digest.update(view[at + 80 :])
    prev_at = line.rfind(_PREV)
    seq_at = line.rfind(_SEQ)
    if prev_at < 0 or seq_at < 0:
        raise ValueError("no prev_hash or seq")
    seq_text = line[seq_at + 7 : line.index(b",", seq_at + 7)]
    if not seq_text.isdigit() or len(seq_text) > 19:
        raise ValueError("seq is not a number")
    prev_hash = line[prev_at + 14 : prev_at + 78].decode("ascii", "replace")
    matches = digest.hexdigest() == entry or (_TEXT in line and _holds_texts_intact(line))
    return int(seq_text), prev_hash, entry, matches


_TEXT = b'"text":'


def _holds_texts_intact(line: bytes) -> bool:
    """A record keeping texts (audit_content = full) is hashed without them, each text bound
    by its digest (audit/records.py): only these lines are parsed, and they must be canonical."""
    try:
        record = AuditRecord.model_validate_json(line)
    except ValueError:
        return False
    return (
        record.holds_texts
        and record.line().encode("utf-8") == line
        and record.computed_hash() == record.entry_hash
        and texts_match(record.details)
    )


def _lines(files: BundleFiles, name: str, max_line: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) of a line file; BundleError if it cannot be read to the end."""
    try:
        yield from enumerate(files.lines(name, max_line), 1)
    except FileProblem as problem:
        raise BundleError(about(name, message_of(problem))) from None


def _check_records(
    files: BundleFiles, manifest: Manifest, checkpoint: Checkpoint, verdict: Verdict
) -> None:
    problems = verdict.problems
    complete = manifest.complete
    proofs = None if complete else _Proofs(files)
    root = bytes.fromhex(checkpoint.root_hash)
    tree = RootBuilder()  # a complete export's Merkle root, in O(log n) memory
    # Records purged by retention: only their hashes remain, and the chain starts after them.
    last_seq, last_entry = 0, GENESIS_HASH
    if complete and manifest.purged_count:
        last_seq, last_entry = _add_purged(files, manifest, tree)
    for number, line in _lines(files, EVENTS, MAX_RECORD_BYTES):
        if line is None:
            too_long = QT_TRANSLATE_NOOP(
                "AuditVerify",
                "record on line {line}: longer than {limit} bytes, more than Cloister writes "
                "(not read)",
            )
            problems.append(words(too_long, line=number, limit=Count(MAX_RECORD_BYTES)))
            continue
        try:
            seq, prev_hash, entry, matches = _parse(line)
            leaf = leaf_hash(bytes.fromhex(entry))
        except ValueError:
            invalid = QT_TRANSLATE_NOOP("AuditVerify", "record on line {line}: not a valid record")
            problems.append(words(invalid, line=number))
            continue
        verdict.records += 1
        if not matches:
            edited = QT_TRANSLATE_NOOP(
                "AuditVerify", "its content does not match its entry_hash (edited)"
            )
            problems.append(record(seq, number, edited))
        if proofs is None:
            if seq != last_seq + 1:
                expected = QT_TRANSLATE_NOOP(
                    "AuditVerify", "expected seq {seq} (a record was deleted or reordered)"
                )
                problems.append(record(seq, number, words(expected, seq=last_seq + 1)))
            elif prev_hash != last_entry:
                unlinked = QT_TRANSLATE_NOOP(
                    "AuditVerify", "prev_hash does not link to the record before it"
                )
                problems.append(record(seq, number, unlinked))
            tree.append(leaf)
        else:
            if seq <= last_seq:
                out_of_order = QT_TRANSLATE_NOOP("AuditVerify", "out of order")
                problems.append(record(seq, number, out_of_order))
            proof = proofs.for_seq(seq)
            if proof is None or not verify_inclusion(
                leaf, seq - 1, checkpoint.tree_size, proof, root
            ):
                not_in_log = QT_TRANSLATE_NOOP(
                    "AuditVerify", "not in the signed log (inclusion proof fails)"
                )
                problems.append(record(seq, number, not_in_log))
        last_seq, last_entry = seq, entry
    if proofs is not None:
        proofs.read_to_the_end()  # so that its hash is known
    if verdict.records != manifest.record_count:
        miscounted = QT_TRANSLATE_NOOP(
            "AuditVerify",
            "holds {records} records, the manifest says {listed} (records deleted or added)",
        )
        problems.append(
            about(
                EVENTS,
                words(
                    miscounted,
                    records=verdict.records,
                    listed=manifest.record_count,
                ),
            )
        )
    if complete:
        if tree.size != checkpoint.tree_size:
            cut_off = QT_TRANSLATE_NOOP(
                "AuditVerify",
                "ends after {records} records (purged ones included) but the signed checkpoint "
                "covers {signed} (cut off)",
            )
            problems.append(
                about(
                    EVENTS,
                    words(cut_off, records=tree.size, signed=checkpoint.tree_size),
                )
            )
        elif tree.root() != root:
            other_root = QT_TRANSLATE_NOOP(
                "AuditVerify", "the Merkle root differs from the signed checkpoint"
            )
            problems.append(about(EVENTS, other_root))
        elif verdict.records and last_entry != checkpoint.last_entry_hash:
            other_last = QT_TRANSLATE_NOOP(
                "AuditVerify", "the last record is not the one the checkpoint signed"
            )
            problems.append(about(EVENTS, other_last))


def _add_purged(files: BundleFiles, manifest: Manifest, tree: RootBuilder) -> tuple[int, str]:
    """Adds the purged records' entry hashes to `tree`; the last one's seq and hash."""
    count, last = 0, GENESIS_HASH
    for _, line in _lines(files, PURGED, _PURGED_LINE_BYTES):
        try:
            if line is None or len(line) != 64 or line != line.lower():
                raise ValueError("not an entry hash")
            entry = bytes.fromhex(line.decode("ascii"))
        except ValueError:
            raise BundleError(
                about(PURGED, QT_TRANSLATE_NOOP("AuditVerify", "not a list of entry hashes"))
            ) from None
        tree.append(leaf_hash(entry))
        count, last = count + 1, line.decode("ascii")
    if count != manifest.purged_count:
        short = QT_TRANSLATE_NOOP("AuditVerify", "does not hold the {count} hashes it should")
        raise BundleError(about(PURGED, words(short, count=manifest.purged_count)))
    return count, last


class _Proofs:
    """proofs.jsonl, read along with events.jsonl: both are in seq order, so only the next
    proof is ever held (a record without a proof, or a proof for no record, is skipped)."""

    def __init__(self, files: BundleFiles) -> None:
        self._lines = _lines(files, PROOFS, _PROOF_LINE_BYTES)
        self._next: tuple[int, list[bytes]] | None = None
        self._done = False

    def for_seq(self, seq: int) -> list[bytes] | None:
        while not self._done:
            if self._next is None:
                self._next = self._read()
                continue
            found, proof = self._next
            if found > seq:
                return None
            self._next = None
            if found == seq:
                return proof
        return None

    def _read(self) -> tuple[int, list[bytes]] | None:
        for _, line in self._lines:
            try:
                item = json.loads(line or b"")
                return int(item["seq"]), [bytes.fromhex(node) for node in item["proof"]]
            except (ValueError, KeyError, TypeError, RecursionError):
                continue  # the record it belongs to then fails its inclusion check
        self._done = True
        return None

    def read_to_the_end(self) -> None:
        for _ in self._lines:
            pass


def _check_earlier_checkpoints(
    files: BundleFiles, public: Ed25519PublicKey, current: Checkpoint, verdict: Verdict
) -> None:
    try:
        for number, line in enumerate(files.lines(CHECKPOINTS, _CHECKPOINT_LINE_BYTES), 1):
            where = words(
                QT_TRANSLATE_NOOP("AuditVerify", "{file} line {line}"),
                file=CHECKPOINTS,
                line=number,
            )
            _check_earlier_checkpoint(where, line, public, current, verdict)
    except FileProblem:
        return  # named with the other files' problems


def _check_earlier_checkpoint(
    where: str, line: bytes | None, public: Ed25519PublicKey, current: Checkpoint, verdict: Verdict
) -> None:
    try:
        item = json.loads(line or b"")
        old = Checkpoint.model_validate(item["checkpoint"])
        proof = [bytes.fromhex(node) for node in item["proof_to_current"]]
    except (ValueError, KeyError, TypeError, RecursionError, ValidationError):
        no_proof = QT_TRANSLATE_NOOP("AuditVerify", "not a checkpoint with a proof")
        verdict.problems.append(about(where, no_proof))
        return
    problem = signature_problem(old, public)
    if problem:
        verdict.problems.append(about(where, problem))
    elif not verify_consistency(
        old.tree_size,
        current.tree_size,
        bytes.fromhex(old.root_hash),
        bytes.fromhex(current.root_hash),
        proof,
    ):
        rewritten = QT_TRANSLATE_NOOP(
            "AuditVerify",
            "the log of {records} records signed at {at} is not a prefix of this one "
            "(rewritten or cut off since)",
        )
        verdict.problems.append(
            about(where, words(rewritten, records=old.tree_size, at=old.timestamp))
        )


def _check_originals(files: BundleFiles, manifest: Manifest, verdict: Verdict) -> None:
    """A matter export (issue 22): each original in the bundle is the document its list names
    (same SHA-256), and the list names as many as the manifest says."""
    if manifest.matter is None or DOCUMENTS_LIST not in manifest.files:
        return
    originals = 0
    try:
        for number, line in enumerate(files.lines(DOCUMENTS_LIST, _DOCUMENT_LINE_BYTES), 1):
            where = words(
                QT_TRANSLATE_NOOP("AuditVerify", "{file} line {line}"),
                file=DOCUMENTS_LIST,
                line=number,
            )
            try:
                entry = json.loads(line or b"")
                name, sha256 = entry.get("original"), entry["sha256"]
            except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
                verdict.problems.append(
                    words(
                        QT_TRANSLATE_NOOP("AuditVerify", "{where}: not a document of the matter"),
                        where=where,
                    )
                )
                continue
            if name is None:
                continue
            originals += 1
            if not isinstance(name, str) or name not in manifest.matter.files:
                verdict.problems.append(
                    words(
                        QT_TRANSLATE_NOOP(
                            "AuditVerify", "{where}: names an original the manifest does not list"
                        ),
                        where=where,
                    )
                )
            elif manifest.files.get(name) != sha256:
                verdict.problems.append(
                    words(
                        QT_TRANSLATE_NOOP(
                            "AuditVerify",
                            "{name}: is not the document {where} names (its SHA-256 differs)",
                        ),
                        name=shown(name),
                        where=where,
                    )
                )
    except FileProblem:
        return  # named with the other files' problems
    if originals != manifest.matter.originals:
        verdict.problems.append(
            words(
                QT_TRANSLATE_NOOP(
                    "AuditVerify", "{file}: names {originals} originals, the manifest says {listed}"
                ),
                file=DOCUMENTS_LIST,
                originals=originals,
                listed=manifest.matter.originals,
            )
        )
