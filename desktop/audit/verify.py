"""Checking an exported audit bundle with nothing but the bundle and a public key.

No database, no keychain, no network. The first problem found is named first; the bundle is
good only if the manifest's signature, every file's hash, every record's hash, the chain (for
a complete export) or each record's inclusion proof (for a filtered one), the Merkle root, the
signed checkpoint and its consistency with every earlier checkpoint all agree.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import ValidationError

from desktop.audit.bundle import (
    CHECKPOINT,
    CHECKPOINTS,
    EVENTS,
    MANIFEST,
    PROOFS,
    PUBLIC_KEY,
    PURGED,
    SIGNATURE,
    Manifest,
    file_sha256,
)
from desktop.audit.checkpoint import Checkpoint, signature_problem
from desktop.audit.merkle import (
    leaf_hash,
    root_from_leaf_hashes,
    verify_consistency,
    verify_inclusion,
)
from desktop.audit.records import GENESIS_HASH
from desktop.security.signing import fingerprint, load_public_pem, signature_valid


class BundleError(Exception):
    """The bundle cannot be checked any further."""


@dataclass
class Verdict:
    records: int = 0
    key_fingerprint: str = ""
    key_from_bundle: bool = True  # no independent key was given
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_bundle(folder: Path, public_key_pem: bytes | None = None) -> Verdict:
    verdict = Verdict(key_from_bundle=public_key_pem is None)
    try:
        public = _public_key(folder, public_key_pem)
        verdict.key_fingerprint = fingerprint(public)
        manifest = _manifest(folder, public)
        checkpoint = _checkpoint(folder, public, manifest)
        # The other files are hashed on a second core while the records are checked
        # (hashlib lets go of the GIL for large blocks).
        with ThreadPoolExecutor(max_workers=1) as pool:
            others = {
                name: pool.submit(_sha256_or_none, folder / name)
                for name in manifest.files
                if name != EVENTS
            }
            events_digest = hashlib.sha256()
            _check_records(folder, manifest, checkpoint, verdict, events_digest)
            _check_earlier_checkpoints(folder, public, checkpoint, verdict)
            digests = {name: future.result() for name, future in others.items()}
        digests[EVENTS] = events_digest.hexdigest() if (folder / EVENTS).is_file() else None
        for name, expected in manifest.files.items():
            if digests.get(name) is None:
                verdict.problems.append(f"{name}: listed in the manifest but missing")
            elif digests[name] != expected:
                verdict.problems.append(f"{name}: its SHA-256 differs from the manifest")
    except BundleError as exc:
        verdict.problems.insert(0, str(exc))
    return verdict


def _sha256_or_none(path: Path) -> str | None:
    try:
        return file_sha256(path)
    except OSError:
        return None


def _read(folder: Path, name: str) -> bytes:
    try:
        return (folder / name).read_bytes()
    except OSError as exc:
        raise BundleError(f"{name}: cannot be read ({exc.strerror or exc})") from exc


def _public_key(folder: Path, given: bytes | None) -> Ed25519PublicKey:
    try:
        return load_public_pem(given if given is not None else _read(folder, PUBLIC_KEY))
    except ValueError as exc:
        raise BundleError(f"public key: not a usable Ed25519 key ({exc})") from exc


def _manifest(folder: Path, public: Ed25519PublicKey) -> Manifest:
    text = _read(folder, MANIFEST)
    try:
        signature = base64.b64decode(_read(folder, SIGNATURE).strip(), validate=True)
    except ValueError as exc:
        raise BundleError(f"{SIGNATURE}: not a base64 signature") from exc
    if not signature_valid(public, signature, text):
        raise BundleError(f"{MANIFEST}: its signature does not match (altered, or another key)")
    try:
        return Manifest.model_validate_json(text)
    except ValidationError as exc:
        raise BundleError(
            f"{MANIFEST}: not a Cloister audit manifest ({exc.error_count()} errors)"
        ) from exc


def _checkpoint(folder: Path, public: Ed25519PublicKey, manifest: Manifest) -> Checkpoint:
    try:
        checkpoint = Checkpoint.model_validate_json(_read(folder, CHECKPOINT))
    except ValidationError as exc:
        raise BundleError(f"{CHECKPOINT}: not a checkpoint") from exc
    problem = signature_problem(checkpoint, public)
    if problem:
        raise BundleError(f"{CHECKPOINT}: {problem}")
    if (checkpoint.tree_size, checkpoint.root_hash) != (manifest.tree_size, manifest.root_hash):
        raise BundleError(f"{CHECKPOINT}: does not match the manifest's tree size and root")
    return checkpoint


_ENTRY, _PREV, _SEQ = ',"entry_hash":"', ',"prev_hash":"', ',"seq":'


def _parse(line: str) -> tuple[int, str, str, bool]:
    """(seq, prev_hash, entry_hash, hash matches) of one events.jsonl line, without parsing it.

    The hash is checked over the line's own bytes with its entry_hash member cut out - exactly
    the canonical form the writer hashed - so any byte changed, added or reordered fails it,
    and an authentic line is valid JSON by construction: a million json.loads are not needed.
    Keys are sorted and string values escaped, so the last `,"key":` is the top-level member
    (a nested key of the same name sits inside "details", which sorts before these).
    ValueError for a line that does not even have the chain fields.
    """
    at = line.rfind(_ENTRY)
    entry = line[at + 15 : at + 79]
    if at < 0 or line[at + 79 : at + 80] != '"':
        raise ValueError("no entry_hash")
    body = line[:at] + line[at + 80 :]
    matches = hashlib.sha256(body.encode("utf-8")).hexdigest() == entry
    prev_at = line.rfind(_PREV)
    seq_at = line.rfind(_SEQ)
    if prev_at < 0 or seq_at < 0:
        raise ValueError("no prev_hash or seq")
    seq = int(line[seq_at + 7 : line.index(",", seq_at + 7)])
    return seq, line[prev_at + 14 : prev_at + 78], entry, matches


def _lines(folder: Path, digest: hashlib._Hash) -> Iterator[str]:
    """events.jsonl line by line, feeding `digest` with its bytes on the way (one pass)."""
    try:
        with open(folder / EVENTS, "rb", buffering=1 << 20) as file:
            for raw in file:
                digest.update(raw)
                yield raw.decode("utf-8", "replace").rstrip("\n")
    except OSError as exc:
        raise BundleError(f"{EVENTS}: cannot be read ({exc.strerror or exc})") from exc


def _check_records(
    folder: Path,
    manifest: Manifest,
    checkpoint: Checkpoint,
    verdict: Verdict,
    events_digest: hashlib._Hash,
) -> None:
    problems = verdict.problems
    complete = manifest.complete
    proofs = _proofs(folder) if not complete else {}
    root = bytes.fromhex(checkpoint.root_hash)
    # Records purged by retention: only their hashes remain, and the chain starts after them.
    purged = _purged(folder, manifest) if complete else []
    leaves = [leaf_hash(entry) for entry in purged]
    last_seq, last_entry = len(purged), purged[-1].hex() if purged else GENESIS_HASH
    for number, line in enumerate(_lines(folder, events_digest), 1):
        try:
            seq, prev_hash, entry, matches = _parse(line)
            leaf = leaf_hash(bytes.fromhex(entry))
        except ValueError:
            problems.append(f"record on line {number}: not a valid record")
            continue
        verdict.records += 1
        if not matches:
            problems.append(
                f"record seq {seq} (line {number}): its content does not match its "
                "entry_hash (edited)"
            )
        if complete:
            if seq != last_seq + 1:
                problems.append(
                    f"record seq {seq} (line {number}): expected seq {last_seq + 1} "
                    "(a record was deleted or reordered)"
                )
            elif prev_hash != last_entry:
                problems.append(
                    f"record seq {seq} (line {number}): prev_hash does not link to the record "
                    "before it"
                )
            leaves.append(leaf)
        else:
            if seq <= last_seq:
                problems.append(f"record seq {seq} (line {number}): out of order")
            proof = proofs.get(seq)
            if proof is None or not verify_inclusion(
                leaf, seq - 1, checkpoint.tree_size, proof, root
            ):
                problems.append(
                    f"record seq {seq} (line {number}): not in the signed log "
                    "(inclusion proof fails)"
                )
        last_seq, last_entry = seq, entry
    if verdict.records != manifest.record_count:
        problems.append(
            f"{EVENTS}: holds {verdict.records} records, the manifest says "
            f"{manifest.record_count} (records deleted or added)"
        )
    if manifest.complete:
        if len(leaves) != checkpoint.tree_size:
            problems.append(
                f"{EVENTS}: ends after {len(leaves)} records (purged ones included) but the "
                "signed checkpoint covers "
                f"{checkpoint.tree_size} (cut off)"
            )
        elif root_from_leaf_hashes(leaves) != root:
            problems.append(f"{EVENTS}: the Merkle root differs from the signed checkpoint")
        elif verdict.records and last_entry != checkpoint.last_entry_hash:
            problems.append(f"{EVENTS}: the last record is not the one the checkpoint signed")


def _purged(folder: Path, manifest: Manifest) -> list[bytes]:
    if not manifest.purged_count:
        return []
    try:
        hashes = [bytes.fromhex(line) for line in _read(folder, PURGED).decode().split()]
    except ValueError as exc:
        raise BundleError(f"{PURGED}: not a list of entry hashes") from exc
    if len(hashes) != manifest.purged_count or any(len(entry) != 32 for entry in hashes):
        raise BundleError(f"{PURGED}: does not hold the {manifest.purged_count} hashes it should")
    return hashes


def _proofs(folder: Path) -> dict[int, list[bytes]]:
    proofs: dict[int, list[bytes]] = {}
    for line in _read(folder, PROOFS).decode("utf-8", "replace").splitlines():
        try:
            item = json.loads(line)
            proofs[int(item["seq"])] = [bytes.fromhex(node) for node in item["proof"]]
        except (ValueError, KeyError, TypeError):
            continue  # the record it belongs to then fails its inclusion check
    return proofs


def _check_earlier_checkpoints(
    folder: Path, public: Ed25519PublicKey, current: Checkpoint, verdict: Verdict
) -> None:
    for number, line in enumerate(_read(folder, CHECKPOINTS).decode("utf-8").splitlines(), 1):
        where = f"{CHECKPOINTS} line {number}"
        try:
            item = json.loads(line)
            old = Checkpoint.model_validate(item["checkpoint"])
            proof = [bytes.fromhex(node) for node in item["proof_to_current"]]
        except (ValueError, KeyError, TypeError, ValidationError):
            verdict.problems.append(f"{where}: not a checkpoint with a proof")
            continue
        problem = signature_problem(old, public)
        if problem:
            verdict.problems.append(f"{where}: {problem}")
        elif not verify_consistency(
            old.tree_size,
            current.tree_size,
            bytes.fromhex(old.root_hash),
            bytes.fromhex(current.root_hash),
            proof,
        ):
            verdict.problems.append(
                f"{where}: the log of {old.tree_size} records signed at {old.timestamp} is not "
                "a prefix of this one (rewritten or cut off since)"
            )
