"""The log's side of witnessing: every signed checkpoint goes to the policy's witness folder.

The folder (a network share, or one an administrator collects) is outside the user's reach
once the administrator's witness has cosigned what is in it. Each checkpoint carries
consistency proofs from the last size the witness cosigned and from this log's previous
submission, so the witness can check it extends what it saw before (tlog-witness's
add-checkpoint, as a file). Files are created, never replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from desktop.audit.checkpoint import Checkpoint, signature_problem
from desktop.audit.merkle import MerkleTree, verify_consistency
from desktop.audit.witness_files import (
    ConsistencyFrom,
    Cosignature,
    Submission,
    WitnessFileError,
    cosigned_files,
    latest_cosignature,
    make_log_folder,
    read_cosignature,
    read_submission,
    submission_files,
    submission_name,
    write_new,
)
from desktop.core.errors import KnownError
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.security.signing import SigningKey, load_public_pem


class WitnessUnavailable(KnownError):
    """The witness folder cannot be reached or written: the checkpoint is not witnessed."""


def tree_extends(tree: MerkleTree, size: int, root_hash: str) -> bool:
    """Whether the first `size` leaves of `tree` have the root `root_hash` (hex)."""
    if not 0 <= size <= tree.size:
        return False
    try:
        old_root = bytes.fromhex(root_hash)
    except ValueError:
        return False
    if size == tree.size:
        return old_root == tree.root()
    proof = tree.consistency_proof(size)
    return verify_consistency(size, tree.size, old_root, tree.root(), proof)


@dataclass(frozen=True)
class Sighting:
    """The log as something outside audit.db last saw it (for the start-up check)."""

    source: str  # in words, e.g. "the administrator's witness (cosigned 2026-...)"
    key_fingerprint: str | None
    tree_size: int
    root_hash: str

    @property
    def identity(self) -> str:
        return f"{self.key_fingerprint}:{self.tree_size}:{self.root_hash}"


def _self_signed(submission: Submission, log_id: str) -> bool:
    """The submission's checkpoint is signed by the key it names (and is for this log)."""
    try:
        public = load_public_pem(submission.public_key.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        return False
    return submission.log_id == log_id and signature_problem(submission.checkpoint, public) is None


class WitnessWriter:
    """Submits one log's checkpoints to `root`/<log id>/."""

    def __init__(
        self, root: Path, log_id: str, key: SigningKey, witness: Ed25519PublicKey | None = None
    ) -> None:
        self.root = root
        self.folder = root / log_id
        self.log_id = log_id
        self.key = key
        self.witness = witness

    def submit(self, checkpoint: Checkpoint, tree: MerkleTree) -> Path | None:
        """Write `checkpoint` (of `tree`) for the witness; its path, or None when this very
        checkpoint is there already. WitnessUnavailable when the folder cannot be used."""
        if tree.size == 0:
            return None  # nothing to witness yet
        if not self.root.is_dir():
            raise WitnessUnavailable(
                words(
                    QT_TRANSLATE_NOOP(
                        "AuditErrors",
                        "The audit witness folder {root} cannot be reached: this "
                        "checkpoint is not witnessed (it will be covered by the next "
                        "one).",
                    ),
                    root=self.root,
                )
            )
        try:
            make_log_folder(self.folder)
            proofs = [
                ConsistencyFrom(
                    old_size=size, proof=[node.hex() for node in tree.consistency_proof(size)]
                )
                for size in sorted(self._proof_sizes(tree))
            ]
            submission = Submission(
                log_id=self.log_id,
                public_key=self.key.public_pem().decode("ascii"),
                checkpoint=checkpoint,
                proofs=proofs,
            )
            size, root = checkpoint.tree_size, checkpoint.root_hash
            path = self.folder / submission_name(size, root)
            if write_new(path, submission.text()):
                return path
            if self._same_tree(path, checkpoint):
                return None
            fork = self.folder / submission_name(size, root, fork=True)
            return fork if write_new(fork, submission.text()) else None
        except OSError as exc:
            raise WitnessUnavailable(
                words(
                    QT_TRANSLATE_NOOP(
                        "AuditErrors",
                        "The audit witness folder {root} cannot be written "
                        "({reason}): this checkpoint is not witnessed.",
                    ),
                    root=self.root,
                    reason=exc.strerror or exc,
                )
            ) from exc

    def _same_tree(self, path: Path, checkpoint: Checkpoint) -> bool:
        try:
            there = read_submission(path).checkpoint
        except WitnessFileError:
            return False
        return (there.root_hash, there.key_fingerprint) == (
            checkpoint.root_hash,
            checkpoint.key_fingerprint,
        )

    def _proof_sizes(self, tree: MerkleTree) -> set[int]:
        """The sizes the witness may be at: the latest it cosigned and this log's previous
        submission, where this tree still extends them (else no proof exists: a rollback)."""
        sizes: set[int] = set()
        cosigned = self._latest_cosigned_any()
        if (
            cosigned is not None
            and 0 < cosigned.tree_size < tree.size
            and tree_extends(tree, cosigned.tree_size, cosigned.root_hash)
        ):
            sizes.add(cosigned.tree_size)
        for size, path in reversed(submission_files(self.folder)):
            if not 0 < size < tree.size:
                continue
            try:
                earlier = read_submission(path).checkpoint
            except WitnessFileError:
                continue
            if earlier.key_fingerprint == self.key.fingerprint and tree_extends(
                tree, size, earlier.root_hash
            ):
                sizes.add(size)
                break
        return sizes

    def _latest_cosigned_any(self) -> Cosignature | None:
        """The latest cosignature: checked against the witness key when the policy names it;
        without one it only chooses a proof to add, which the witness checks itself."""
        if self.witness is not None:
            return latest_cosignature(self.folder, self.witness)
        for _size, path in reversed(cosigned_files(self.folder)):
            try:
                return read_cosignature(path)
            except WitnessFileError:
                continue
        return None

    def sightings(self) -> list[Sighting]:
        """What the witness folder says about this log: the latest cosigned checkpoint (when
        the witness key is known) and the largest checkpoint submitted."""
        seen: list[Sighting] = []
        if self.witness is not None:
            cosigned = latest_cosignature(self.folder, self.witness)
            if cosigned is not None:
                seen.append(
                    Sighting(
                        f"the administrator's witness (cosigned {cosigned.checkpoint_timestamp})",
                        cosigned.log_key_fingerprint,
                        cosigned.tree_size,
                        cosigned.root_hash,
                    )
                )
        for _size, path in reversed(submission_files(self.folder)):
            try:
                submission = read_submission(path)
            except WitnessFileError:
                continue
            if not _self_signed(submission, self.log_id):
                continue  # not a checkpoint any Cloister log made: junk, not evidence
            largest = submission.checkpoint
            seen.append(
                Sighting(
                    f"the witness folder (checkpoint of {largest.timestamp})",
                    largest.key_fingerprint,
                    largest.tree_size,
                    largest.root_hash,
                )
            )
            break
        return seen
