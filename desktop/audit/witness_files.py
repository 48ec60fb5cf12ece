"""The witness folder: what a log submits there and what the administrator's witness signs.

In the spirit of C2SP tlog-witness and tlog-cosignature, with files instead of HTTP:

    DIR/<log id>/checkpoint-<size>.json   a signed checkpoint, submitted by Cloister, with
                                          consistency proofs from earlier sizes (never
                                          overwritten; a second, different checkpoint of the
                                          same size gets -<root prefix> added to its name)
    DIR/<log id>/cosigned-<size>.json     the witness's cosignature (`cloister audit cosign`)

The log id is the data key's public id (security.wrapping.key_id): it names the profile, so
a replaced audit.db (new signing key, sizes from 1 again) lands in the same folder and is seen.
A cosignature signs, as tlog-cosignature/v1 does for Ed25519, the lines
"cosignature/v1", "time <POSIX seconds>" and the checkpoint note body
"<origin>\\n<tree size>\\n<base64 root>\\n": a statement that this is the largest tree the
witness has seen for the log, consistent with every earlier one it cosigned.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from desktop.audit.checkpoint import Checkpoint
from desktop.audit.records import canonical_json
from desktop.security.signing import fingerprint, signature_valid

SUBMISSION_FORMAT = "cloister.audit-witness-submission/1"
COSIGNATURE_FORMAT = "cloister.audit-cosignature/1"
WITNESS_NAME = "cloister-audit-witness"  # the note signature's key name
MAX_FILE_BYTES = 1 << 20  # a witness file is a few KB; anything bigger is not ours
LOG_ID = re.compile(r"^[0-9a-f]{16}$")
_SUBMISSION_NAME = re.compile(r"^checkpoint-(\d{12})(?:-[0-9a-f]{8})?\.json$")
_COSIGNED_NAME = re.compile(r"^cosigned-(\d{12})(?:-[0-9a-f]{8})?\.json$")
_HEX64 = r"^[0-9a-f]{64}$"
_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw


class WitnessFileError(Exception):
    """A witness file that cannot be used (the message names it and says why)."""


def origin(log_id: str) -> str:
    return f"cloister.local/audit/{log_id}"


def note_body(log_id: str, tree_size: int, root_hash: str) -> str:
    """The checkpoint as a C2SP note body: origin, size, base64 root, each on its line."""
    root = base64.b64encode(bytes.fromhex(root_hash)).decode("ascii")
    return f"{origin(log_id)}\n{tree_size}\n{root}\n"


def cosigned_message(log_id: str, tree_size: int, root_hash: str, time: int) -> bytes:
    """What the witness signs (tlog-cosignature, Ed25519 signed message)."""
    return f"cosignature/v1\ntime {time}\n{note_body(log_id, tree_size, root_hash)}".encode()


def witness_key_id(public_raw: bytes) -> bytes:
    """C2SP's key id of an Ed25519 cosigner key: SHA-256(name || "\\n" || 0x04 || key)[:4]."""
    return hashlib.sha256(WITNESS_NAME.encode() + b"\n\x04" + public_raw).digest()[:4]


class ConsistencyFrom(BaseModel):
    """RFC 6962 consistency proof from an earlier size of the same log to the checkpoint."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    old_size: int = Field(ge=1)
    proof: list[str]


class Submission(BaseModel):
    """A checkpoint the log hands to the witness: checkpoint-<size>.json."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["cloister.audit-witness-submission/1"] = SUBMISSION_FORMAT
    log_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    public_key: str  # PEM of the log's signing key
    checkpoint: Checkpoint
    proofs: list[ConsistencyFrom] = Field(default_factory=list)

    def proof_from(self, old_size: int) -> list[bytes] | None:
        for item in self.proofs:
            if item.old_size == old_size:
                try:
                    return [bytes.fromhex(node) for node in item.proof]
                except ValueError:
                    return None
        return None

    def text(self) -> str:
        return canonical_json(self.model_dump(mode="json")) + "\n"


class Cosignature(BaseModel):
    """The witness's statement about one checkpoint: cosigned-<size>.json."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["cloister.audit-cosignature/1"] = COSIGNATURE_FORMAT
    log_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    tree_size: int = Field(ge=1)
    root_hash: str = Field(pattern=_HEX64)
    log_key_fingerprint: str
    checkpoint_timestamp: str  # when the log made the checkpoint (the log's own clock)
    time: int = Field(ge=0)  # when the witness cosigned it (POSIX seconds, witness's clock)
    witness_key_fingerprint: str
    signature: str  # base64 Ed25519 over cosigned_message()
    note: str  # the same statement as a C2SP signed note (body + cosignature line)

    def message(self) -> bytes:
        return cosigned_message(self.log_id, self.tree_size, self.root_hash, self.time)

    def signed_by(self, witness: Ed25519PublicKey) -> bool:
        if self.witness_key_fingerprint != fingerprint(witness):
            return False
        try:
            signature = base64.b64decode(self.signature, validate=True)
        except ValueError:
            return False
        return signature_valid(witness, signature, self.message())

    def text(self) -> str:
        return canonical_json(self.model_dump(mode="json")) + "\n"


def submission_name(tree_size: int, root_hash: str, fork: bool = False) -> str:
    return f"checkpoint-{tree_size:012d}{'-' + root_hash[:8] if fork else ''}.json"


def cosigned_name(tree_size: int, root_hash: str, fork: bool = False) -> str:
    return f"cosigned-{tree_size:012d}{'-' + root_hash[:8] if fork else ''}.json"


def _files(folder: Path, pattern: re.Pattern[str]) -> list[tuple[int, Path]]:
    """(tree size, path) of the files in `folder` named like `pattern`, smallest first."""
    try:
        names = sorted(entry.name for entry in os.scandir(folder) if entry.is_file())
    except OSError:
        return []
    found = [(int(m.group(1)), folder / name) for name in names if (m := pattern.match(name))]
    return sorted(found)


def submission_files(folder: Path) -> list[tuple[int, Path]]:
    return _files(folder, _SUBMISSION_NAME)


def cosigned_files(folder: Path) -> list[tuple[int, Path]]:
    return _files(folder, _COSIGNED_NAME)


def read_bounded(path: Path) -> bytes:
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise WitnessFileError(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc
    if len(data) > MAX_FILE_BYTES:
        raise WitnessFileError(f"{path.name}: too large to be a witness file")
    return data


def read_submission(path: Path) -> Submission:
    try:
        return Submission.model_validate_json(read_bounded(path))
    except ValidationError as exc:
        raise WitnessFileError(f"{path.name}: not a Cloister checkpoint submission") from exc


def read_cosignature(path: Path) -> Cosignature:
    try:
        return Cosignature.model_validate_json(read_bounded(path))
    except ValidationError as exc:
        raise WitnessFileError(f"{path.name}: not a Cloister cosignature") from exc


def valid_cosignatures(
    folder: Path, witness: Ed25519PublicKey
) -> Iterator[tuple[Path, Cosignature | None]]:
    """Every cosigned-*.json in `folder`, with the cosignature when the witness key signed it
    for this folder's log, else None."""
    for _size, path in cosigned_files(folder):
        try:
            cosignature = read_cosignature(path)
        except WitnessFileError:
            yield path, None
            continue
        # A folder renamed by the administrator (an evidence copy) keeps its cosignatures.
        named_by_log = LOG_ID.match(folder.name) is not None
        good = cosignature.signed_by(witness) and (
            cosignature.log_id == folder.name or not named_by_log
        )
        yield path, cosignature if good else None


def latest_cosignature(folder: Path, witness: Ed25519PublicKey) -> Cosignature | None:
    """The cosignature of the largest tree the witness signed for this log."""
    valid = [c for _path, c in valid_cosignatures(folder, witness) if c is not None]
    return max(valid, key=lambda c: (c.tree_size, c.time), default=None)


def write_new(path: Path, text: str) -> bool:
    """Create `path` with `text`, never replacing a file; False if it already exists. Readable
    by all whatever the umask (Cloister's is private): the witness runs as someone else, and a
    checkpoint holds only sizes, hashes and times."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
    except FileExistsError:
        return False
    if hasattr(os, "fchmod"):
        os.fchmod(fd, 0o644)
    with os.fdopen(fd, "wb") as file:
        file.write(text.encode("utf-8"))
        file.flush()
        os.fsync(file.fileno())
    return True


def make_log_folder(folder: Path) -> None:
    """The log's folder in the witness folder: the witness's group may add cosignatures."""
    try:
        folder.mkdir()
    except FileExistsError:
        return
    if os.name == "posix":
        os.chmod(folder, 0o2775)  # setgid: files keep the witness folder's group


def witness_vkey(public: Ed25519PublicKey) -> str:
    """The witness's public key as a C2SP verifier key: name+keyid+base64(0x04 || key). This is
    what the policy's audit_witness_pubkey holds."""
    raw = public.public_bytes(*_RAW)
    encoded = base64.b64encode(b"\x04" + raw).decode("ascii")
    return f"{WITNESS_NAME}+{witness_key_id(raw).hex()}+{encoded}"


def parse_witness_vkey(text: str) -> Ed25519PublicKey:
    """The key in a verifier-key line; ValueError (saying why) when it is not one of ours."""
    parts = text.strip().split("+", 2)
    if len(parts) != 3 or parts[0] != WITNESS_NAME:
        raise ValueError(f"not a witness key (expected {WITNESS_NAME}+<key id>+<key>)")
    try:
        material = base64.b64decode(parts[2], validate=True)
    except ValueError:
        raise ValueError("the key is not base64") from None
    if len(material) != 33 or material[0] != 0x04:
        raise ValueError("not an Ed25519 key")
    if witness_key_id(material[1:]).hex() != parts[1].lower():
        raise ValueError("its key id does not match the key")
    return Ed25519PublicKey.from_public_bytes(material[1:])
