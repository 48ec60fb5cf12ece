"""The administrator's witness: cosigns the checkpoints Cloister wrote to the witness folder.

Like a C2SP tlog-witness, it keeps, per log, the latest checkpoint it cosigned (and the log's
signing key, pinned the first time) and cosigns a new checkpoint only when it is signed by
that key and comes with a valid RFC 6962 consistency proof from exactly that size. A log that
was rewritten, cut short, rolled back or replaced (new key) is refused, and stays refused:
what the witness cosigned cannot be taken back by anyone on the workstation.

The state lives beside the witness key (KEY.state.json), where the workstation's users cannot
reach it; the cosignatures go into the log's folder as cosigned-<size>.json.
"""

from __future__ import annotations

import base64
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from desktop.audit.checkpoint import signature_problem
from desktop.audit.merkle import verify_consistency
from desktop.audit.witness_files import (
    LOG_ID,
    WITNESS_NAME,
    Cosignature,
    Submission,
    WitnessFileError,
    cosigned_message,
    cosigned_name,
    note_body,
    read_submission,
    submission_files,
    witness_key_id,
    witness_vkey,
    write_new,
)
from desktop.core.errors import KnownError
from desktop.core.export import write_bytes_atomically
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.security.signing import fingerprint, load_public_pem

_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw


class WitnessKey:
    """The witness's Ed25519 key, read from the file `witness-keygen` wrote (PEM, PKCS#8)."""

    def __init__(self, private: Ed25519PrivateKey) -> None:
        self._private = private
        self.public = private.public_key()
        self.fingerprint = fingerprint(self.public)

    @classmethod
    def load(cls, path: Path) -> WitnessKey:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise KnownError(
                words(
                    QT_TRANSLATE_NOOP(
                        "AuditErrors", "Cannot read the witness key {path}: {reason}."
                    ),
                    path=path,
                    reason=exc.strerror or exc,
                )
            ) from exc
        try:
            private = serialization.load_pem_private_key(data, password=None)
        except (ValueError, TypeError):
            private = None
        if not isinstance(private, Ed25519PrivateKey):
            raise KnownError(
                words(
                    QT_TRANSLATE_NOOP(
                        "AuditErrors",
                        "{path} is not a witness key (`cloister audit witness-keygen`).",
                    ),
                    path=path,
                )
            )
        return cls(private)

    def cosign(self, submission: Submission, now: int) -> Cosignature:
        checkpoint = submission.checkpoint
        log_id, size, root = submission.log_id, checkpoint.tree_size, checkpoint.root_hash
        signature = self._private.sign(cosigned_message(log_id, size, root, now))
        raw = self.public.public_bytes(*_RAW)
        # The same statement as a C2SP note signature line: key id || timestamp || signature.
        line = base64.b64encode(witness_key_id(raw) + now.to_bytes(8, "big") + signature)
        return Cosignature(
            log_id=log_id,
            tree_size=size,
            root_hash=root,
            log_key_fingerprint=checkpoint.key_fingerprint,
            checkpoint_timestamp=checkpoint.timestamp,
            time=now,
            witness_key_fingerprint=self.fingerprint,
            signature=base64.b64encode(signature).decode("ascii"),
            note=f"{note_body(log_id, size, root)}\n— {WITNESS_NAME} {line.decode('ascii')}\n",
        )


def generate_witness_key(path: Path) -> str:
    """A new witness key in `path` (never replacing one); returns its public verifier key."""
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except FileExistsError:
        raise KnownError(
            words(
                QT_TRANSLATE_NOOP(
                    "AuditErrors", "{path} already exists; a witness key is never replaced."
                ),
                path=path,
            )
        ) from None
    except OSError as exc:
        raise KnownError(
            words(
                QT_TRANSLATE_NOOP("AuditErrors", "Cannot create the witness key {path}: {reason}."),
                path=path,
                reason=exc.strerror or exc,
            )
        ) from exc
    with os.fdopen(fd, "wb") as file:
        file.write(pem)
    vkey = witness_vkey(private.public_key())
    public = path.with_name(path.name + ".pub")
    write_bytes_atomically(
        public,
        (vkey + "\n").encode(),
        action=QT_TRANSLATE_NOOP("CoreErrors", "write the public key to"),
    )
    return vkey


class LogState(BaseModel):
    """What the witness remembers of one log."""

    model_config = ConfigDict(extra="forbid")

    log_key_fingerprint: str
    tree_size: int = Field(ge=1)
    root_hash: str
    cosigned_at: int
    history: list[tuple[int, str]] = Field(default_factory=list)  # (size, root) cosigned


class WitnessState(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: str = "cloister.audit-witness-state/1"
    witness_key_fingerprint: str
    logs: dict[str, LogState] = Field(default_factory=dict)
    # log id -> {file name: why}: refused once, refused for good (until a restart)
    refused: dict[str, dict[str, str]] = Field(default_factory=dict)
    # what was cosigned before an administrator restarted witnessing a log
    retired: dict[str, list[LogState]] = Field(default_factory=dict)
    restart: list[str] = Field(default_factory=list)  # logs that start afresh at the next run
    # log id -> files older than the checkpoint a restart trusted: left alone from then on
    superseded: dict[str, list[str]] = Field(default_factory=dict)


def state_path(key_file: Path) -> Path:
    return key_file.with_name(key_file.name + ".state.json")


def load_state(path: Path, key: WitnessKey) -> WitnessState:
    try:
        text = path.read_bytes()
    except FileNotFoundError:
        return WitnessState(witness_key_fingerprint=key.fingerprint)
    except OSError as exc:
        raise KnownError(
            words(
                QT_TRANSLATE_NOOP("AuditErrors", "Cannot read the witness state {path}: {reason}."),
                path=path,
                reason=exc.strerror or exc,
            )
        ) from exc
    try:
        state = WitnessState.model_validate_json(text)
    except ValidationError:
        damaged = words(
            QT_TRANSLATE_NOOP(
                "AuditErrors", "The witness state {path} is damaged: restore it from a backup."
            ),
            path=path,
        )
        raise KnownError(damaged) from None
    if state.witness_key_fingerprint != key.fingerprint:
        raise KnownError(
            words(
                QT_TRANSLATE_NOOP(
                    "AuditErrors", "The witness state {path} belongs to another witness key."
                ),
                path=path,
            )
        )
    return state


def save_state(path: Path, state: WitnessState) -> None:
    text = json.dumps(state.model_dump(mode="json"), indent=1, sort_keys=True) + "\n"
    write_bytes_atomically(
        path,
        text.encode("utf-8"),
        action=QT_TRANSLATE_NOOP("CoreErrors", "save the witness state to"),
    )


@dataclass
class LogReport:
    log_id: str
    cosigned: list[int] = field(default_factory=list)  # tree sizes cosigned this run
    refused: list[str] = field(default_factory=list)  # "file: why", refused this run
    refused_before: list[str] = field(default_factory=list)  # refused by an earlier run
    size: int = 0  # the latest size cosigned, now
    restarted_at: int | None = None  # the size witnessing started afresh at, this run


@dataclass
class CosignReport:
    logs: list[LogReport] = field(default_factory=list)

    @property
    def refused(self) -> int:
        """Checkpoints refused, now or before (until the log's witnessing is restarted)."""
        return sum(len(log.refused) + len(log.refused_before) for log in self.logs)


def restart_log(state_file: Path, key: WitnessKey, log_id: str) -> None:
    """After an administrator has looked into a refused log: the next run trusts the newest
    checkpoint in its folder (no proof) and goes on from there. What was cosigned before is
    kept in the state, and its cosignatures stay in the folder."""
    if not LOG_ID.match(log_id):
        raise KnownError(
            words(
                QT_TRANSLATE_NOOP(
                    "AuditErrors", "'{log_id}' is not a log id (the 16-character folder name)."
                ),
                log_id=log_id,
            )
        )
    state = load_state(state_file, key)
    if log_id in state.logs:
        state.retired.setdefault(log_id, []).append(state.logs.pop(log_id))
    state.refused.pop(log_id, None)
    if log_id not in state.restart:
        state.restart.append(log_id)
    save_state(state_file, state)


def cosign_folder(
    root: Path,
    key: WitnessKey,
    state_file: Path,
    clock: Callable[[], float] = time.time,
) -> CosignReport:
    """Cosign every new, consistent checkpoint under `root` (one folder per log)."""
    if not root.is_dir():
        raise KnownError(
            words(
                QT_TRANSLATE_NOOP("AuditErrors", "There is no witness folder at {root}."), root=root
            )
        )
    state = load_state(state_file, key)
    report = CosignReport()
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and LOG_ID.match(p.name)):
        log = LogReport(folder.name)
        report.logs.append(log)
        _cosign_log(folder, key, state, log, int(clock()))
        save_state(state_file, state)  # after each log: a crash keeps what was signed
        current = state.logs.get(folder.name)
        log.size = current.tree_size if current else 0
    return report


def _cosign_log(
    folder: Path, key: WitnessKey, state: WitnessState, report: LogReport, now: int
) -> None:
    refused = state.refused.setdefault(folder.name, {})
    files = submission_files(folder)
    if folder.name in state.restart:
        files = _restart(folder, key, state, report, now, files)
    superseded = set(state.superseded.get(folder.name, ()))
    for _size, path in files:
        if path.name in superseded:
            continue
        if path.name in refused:
            report.refused_before.append(f"{path.name}: {refused[path.name]}")
            continue
        try:
            submission = read_submission(path)
        except WitnessFileError as exc:  # perhaps still being written: not refused for good
            report.refused.append(str(exc))
            continue
        known = state.logs.get(folder.name)
        checkpoint = submission.checkpoint
        size, root = checkpoint.tree_size, checkpoint.root_hash
        if known is not None and (size, root) in {tuple(item) for item in known.history}:
            continue  # cosigned before
        problem = _refusal(folder.name, submission, known)
        if problem:
            refused[path.name] = problem
            report.refused.append(f"{path.name}: {problem}")
            continue
        _cosign(folder, key, state, submission, now)
        report.cosigned.append(size)


def _cosign(
    folder: Path, key: WitnessKey, state: WitnessState, submission: Submission, now: int
) -> None:
    """Write the cosignature, then remember it as the log's latest."""
    checkpoint = submission.checkpoint
    size, root = checkpoint.tree_size, checkpoint.root_hash
    cosignature = key.cosign(submission, now)
    if not write_new(folder / cosigned_name(size, root), cosignature.text()):
        write_new(folder / cosigned_name(size, root, fork=True), cosignature.text())
    known = state.logs.get(folder.name)
    state.logs[folder.name] = LogState(
        log_key_fingerprint=checkpoint.key_fingerprint,
        tree_size=size,
        root_hash=root,
        cosigned_at=now,
        history=[*(known.history if known else []), (size, root)],
    )


def _restart(
    folder: Path,
    key: WitnessKey,
    state: WitnessState,
    report: LogReport,
    now: int,
    files: list[tuple[int, Path]],
) -> list[tuple[int, Path]]:
    """Trust the newest checkpoint (by the log's clock) that its own key signed; every other
    file there now is older, and left alone from then on."""
    candidates = []
    for size, path in files:
        try:
            submission = read_submission(path)
        except WitnessFileError:
            continue
        if _refusal(folder.name, submission, None) is None:
            candidates.append((submission.checkpoint.timestamp, size, submission))
    if not candidates:
        return files  # nothing yet: the restart waits for the log's next checkpoint
    _stamp, size, submission = max(candidates, key=lambda item: item[:2])
    _cosign(folder, key, state, submission, now)
    state.restart.remove(folder.name)
    state.superseded[folder.name] = [p.name for _s, p in files]
    report.cosigned.append(size)
    report.restarted_at = size
    return []


def _refusal(log_id: str, submission: Submission, known: LogState | None) -> str | None:
    """Why this checkpoint must not be cosigned, or None (tlog-witness add-checkpoint)."""
    checkpoint = submission.checkpoint
    if submission.log_id != log_id:
        return f"it names log {submission.log_id}, not the folder's"
    try:
        public = load_public_pem(submission.public_key.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        return "its public key is not an Ed25519 key"
    problem = signature_problem(checkpoint, public)
    if problem:
        return f"the checkpoint's {problem.removeprefix('its ')}"
    if checkpoint.tree_size < 1:
        return "an empty log"
    if known is None:
        return None  # the first checkpoint of a log: its key is pinned from now on
    if checkpoint.key_fingerprint != known.log_key_fingerprint:
        return (
            f"signed by a different key ({checkpoint.key_fingerprint[:16]}) than the one this "
            f"log used ({known.log_key_fingerprint[:16]}): audit.db was replaced"
        )
    if checkpoint.tree_size < known.tree_size:
        return (
            f"{checkpoint.tree_size} records, fewer than the {known.tree_size} already "
            "cosigned: the log was cut short or rolled back"
        )
    if checkpoint.tree_size == known.tree_size:
        return f"another log of the size ({known.tree_size}) already cosigned: rewritten"
    proof = submission.proof_from(known.tree_size)
    if proof is None:
        return (
            f"no consistency proof from the {known.tree_size} records cosigned before: the log "
            "no longer extends them (rewritten or rolled back)"
        )
    if not verify_consistency(
        known.tree_size,
        checkpoint.tree_size,
        bytes.fromhex(known.root_hash),
        bytes.fromhex(checkpoint.root_hash),
        proof,
    ):
        return (
            f"its consistency proof from the {known.tree_size} records cosigned before does not "
            "verify: the log was rewritten"
        )
    return None
