"""Signed checkpoints: the log's Merkle root at a size, linked to the checkpoint before it.

A checkpoint signs (tree size, RFC 6962 root over the entry hashes, the last entry hash) and
carries a consistency proof from the previous checkpoint, so a log that was cut short or
rewritten since - not only one edited row - no longer matches what was signed before.
"""

from __future__ import annotations

import base64
from typing import Annotated, Literal

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import BaseModel, ConfigDict, Field

from desktop.audit.merkle import MerkleTree
from desktop.audit.records import canonical_json
from desktop.core.translatable import QT_TRANSLATE_NOOP
from desktop.security.signing import SigningKey, fingerprint, signature_valid

CHECKPOINT_FORMAT = "cloister.audit-checkpoint/1"
Hex64 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
_TIMESTAMP = r"^[0-9T:.Z+-]{1,40}$"  # desktop.core.records.utc_millis(): ISO 8601, UTC


class Checkpoint(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    # The patterns hold for every checkpoint Cloister signs; a verifier meets others too.
    format: Literal["cloister.audit-checkpoint/1"] = CHECKPOINT_FORMAT
    tree_size: int = Field(ge=0)
    root_hash: Hex64
    last_entry_hash: Hex64  # entry_hash of record `tree_size`: ties the root to the chain
    timestamp: str = Field(pattern=_TIMESTAMP)
    previous_tree_size: int | None = Field(None, ge=0)
    previous_root_hash: Hex64 | None = None
    consistency_proof: list[Hex64] = Field(default_factory=list)  # previous -> this
    key_fingerprint: Hex64
    signature: str = Field("", max_length=200)  # base64 Ed25519 over signed_bytes()

    def signed_bytes(self) -> bytes:
        return canonical_json(self.model_dump(mode="json", exclude={"signature"})).encode()

    def line(self) -> str:
        return canonical_json(self.model_dump(mode="json"))


def make_checkpoint(
    tree: MerkleTree,
    last_entry_hash: str,
    previous: Checkpoint | None,
    key: SigningKey,
    timestamp: str,
) -> Checkpoint:
    linked = {}
    if previous is not None and previous.tree_size > 0:
        proof = consistency_or_nothing(tree, previous.tree_size)
        linked = {
            "previous_tree_size": previous.tree_size,
            "previous_root_hash": previous.root_hash,
            "consistency_proof": [node.hex() for node in proof],
        }
    unsigned = Checkpoint(
        tree_size=tree.size,
        root_hash=tree.root().hex(),
        last_entry_hash=last_entry_hash,
        timestamp=timestamp,
        key_fingerprint=key.fingerprint,
        **linked,
    )
    signature = base64.b64encode(key.sign(unsigned.signed_bytes())).decode("ascii")
    return unsigned.model_copy(update={"signature": signature})


def consistency_or_nothing(tree: MerkleTree, old_size: int) -> list[bytes]:
    """The proof that `tree` extends its first `old_size` leaves; empty when it cannot (the log
    is now shorter than it was), which no verifier accepts."""
    return tree.consistency_proof(old_size) if 0 < old_size <= tree.size else []


DIFFERENT_KEY = QT_TRANSLATE_NOOP("AuditVerify", "it names a different signing key")


def signature_problem(checkpoint: Checkpoint, public: Ed25519PublicKey) -> str | None:
    """Why `checkpoint` is not signed by `public`, or None when it is."""
    if checkpoint.key_fingerprint != fingerprint(public):
        return DIFFERENT_KEY
    try:
        signature = base64.b64decode(checkpoint.signature, validate=True)
    except ValueError:
        return QT_TRANSLATE_NOOP("AuditVerify", "its signature is not base64")
    if not signature_valid(public, signature, checkpoint.signed_bytes()):
        return QT_TRANSLATE_NOOP("AuditVerify", "its signature does not match its content")
    return None
