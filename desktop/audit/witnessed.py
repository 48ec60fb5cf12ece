"""Is an exported bundle consistent with everything the administrator's witness cosigned?

`cloister audit verify BUNDLE --witnessed DIR`. The machine's own signing key lives in
audit.db, so anyone with the passphrase can rewrite the log and re-sign every checkpoint; the
bundle then passes verify.py. It cannot pass this: for every cosigned checkpoint of W records
(root R), the bundle of T records must prove, with an RFC 6962 consistency proof, that its
tree extends R (W < T) or have root R (W = T). A bundle that ends before the largest tree the
witness cosigned (W > T) fails too: it does not show records the witness knows exist (cut off,
rolled back to an older copy - even to one the witness once saw - or simply an older export;
export again). A complete bundle's proofs are computed from its own records; a filtered one's
come from its checkpoints.jsonl.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import ValidationError

from desktop.audit.bundle import CHECKPOINT, CHECKPOINTS, EVENTS, MANIFEST, PURGED, Manifest
from desktop.audit.checkpoint import Checkpoint
from desktop.audit.merkle import MerkleTree, leaf_hash, verify_consistency
from desktop.audit.witness_files import (
    Cosignature,
    cosigned_files,
    submission_files,
    valid_cosignatures,
)

_ENTRY = ',"entry_hash":"'


@dataclass
class WitnessVerdict:
    cosigned: int = 0  # cosigned checkpoints the bundle was checked against
    latest: Cosignature | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class _Unusable(Exception):
    pass


def check_witnessed(bundle: Path, witnessed: Path, witness: Ed25519PublicKey) -> WitnessVerdict:
    """What the witness disproves; on top of verify_bundle, whose checks it relies on."""
    verdict = WitnessVerdict()
    try:
        checkpoint = Checkpoint.model_validate_json(_read(bundle / CHECKPOINT))
        manifest = Manifest.model_validate_json(_read(bundle / MANIFEST))
    except (_Unusable, ValidationError, ValueError):
        verdict.problems.append("the bundle's checkpoint or manifest cannot be read")
        return verdict
    cosignatures = _cosignatures(witnessed, checkpoint, witness, verdict)
    if verdict.problems:
        return verdict
    if not cosignatures:
        verdict.problems.append(
            f"{witnessed} holds no checkpoint cosigned by this witness key for this log"
        )
        return verdict
    verdict.cosigned = len(cosignatures)
    verdict.latest = max(cosignatures, key=lambda c: c.tree_size)
    size, root = checkpoint.tree_size, checkpoint.root_hash
    proofs = _Proofs(bundle, manifest, checkpoint)
    for cosigned in sorted(cosignatures, key=lambda c: c.tree_size):
        when = f"cosigned {_when(cosigned)}"
        if cosigned.tree_size == size and cosigned.root_hash != root:
            verdict.problems.append(
                f"the witness {when} a log of {size} records with another Merkle root: this "
                "bundle's log was rewritten"
            )
        elif cosigned.tree_size < size and not proofs.extends(cosigned):
            verdict.problems.append(
                f"the log of {cosigned.tree_size} records the witness {when} is not a prefix of "
                f"this bundle's {size}: records it covered were rewritten or deleted"
            )
    largest = verdict.latest
    if largest.tree_size > size:
        verdict.problems.append(
            f"the witness cosigned {largest.tree_size} records ({_when(largest)}), but this "
            f"bundle ends at {size}: records were cut off, or the log was rolled back to an "
            "older copy (or this is an older export: export again)"
        )
    return verdict


def _when(cosigned: Cosignature) -> str:
    return f"on {cosigned.checkpoint_timestamp}"


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _Unusable(str(exc)) from exc


def _log_folders(witnessed: Path) -> list[Path]:
    """`witnessed` is one log's folder, or the witness folder with one folder per log."""
    if submission_files(witnessed) or cosigned_files(witnessed):
        return [witnessed]
    try:
        return sorted(p for p in witnessed.iterdir() if p.is_dir())
    except OSError:
        return []


def _cosignatures(
    witnessed: Path, checkpoint: Checkpoint, witness: Ed25519PublicKey, verdict: WitnessVerdict
) -> list[Cosignature]:
    """The cosignatures of this bundle's log: all in a log folder given by name; in the whole
    witness folder, those of the folders whose cosigned log key is the bundle's."""
    folders = _log_folders(witnessed)
    named = folders == [witnessed]
    found: list[Cosignature] = []
    for folder in folders:
        mine: list[Cosignature] = []
        for path, cosigned in valid_cosignatures(folder, witness):
            if cosigned is None:
                if named:
                    verdict.problems.append(f"{path.name}: not cosigned by this witness key")
                continue
            mine.append(cosigned)
        if named or any(c.log_key_fingerprint == checkpoint.key_fingerprint for c in mine):
            found += mine
    return found


class _Proofs:
    """Consistency of the bundle's tree with an earlier (witnessed) one."""

    def __init__(self, bundle: Path, manifest: Manifest, checkpoint: Checkpoint) -> None:
        self.bundle, self.manifest, self.checkpoint = bundle, manifest, checkpoint
        self._tree: MerkleTree | None = None
        self._earlier: dict[tuple[int, str], list[bytes]] | None = None

    def extends(self, cosigned: Cosignature) -> bool:
        """A proof is a proof wherever it comes from: checkpoints.jsonl's first (cheap), then,
        for a complete bundle, one computed from its records (the log may have lost its
        earlier checkpoints). Both rest on the bundle's root, which verify.py ties to its
        records and its signature."""
        size, root = self.checkpoint.tree_size, bytes.fromhex(self.checkpoint.root_hash)
        old = bytes.fromhex(cosigned.root_hash)
        proof = self._earlier_proofs().get((cosigned.tree_size, cosigned.root_hash))
        if proof is not None and verify_consistency(cosigned.tree_size, size, old, root, proof):
            return True
        if not self.manifest.complete:
            return False
        tree = self._leaves_tree()
        if tree is None or tree.size != size or tree.root() != root:
            return False
        proof = tree.consistency_proof(cosigned.tree_size)
        return verify_consistency(cosigned.tree_size, size, old, root, proof)

    def _leaves_tree(self) -> MerkleTree | None:
        if self._tree is None:
            try:
                leaves = [leaf_hash(bytes.fromhex(h)) for h in self._purged()]
                with open(self.bundle / EVENTS, "rb") as file:
                    for raw in file:
                        line = raw.decode("utf-8", "replace")
                        at = line.rfind(_ENTRY)
                        leaves.append(leaf_hash(bytes.fromhex(line[at + 15 : at + 79])))
            except (OSError, ValueError):
                return None
            self._tree = MerkleTree(leaves)
        return self._tree

    def _purged(self) -> list[str]:
        if not self.manifest.purged_count:
            return []
        return (self.bundle / PURGED).read_text(encoding="ascii").split()

    def _earlier_proofs(self) -> dict[tuple[int, str], list[bytes]]:
        if self._earlier is None:
            self._earlier = {}
            try:
                text = (self.bundle / CHECKPOINTS).read_text(encoding="utf-8")
            except OSError:
                return self._earlier
            for line in text.splitlines():
                try:
                    item = json.loads(line)
                    old = item["checkpoint"]
                    proof = [bytes.fromhex(node) for node in item["proof_to_current"]]
                    self._earlier[(int(old["tree_size"]), str(old["root_hash"]))] = proof
                except (ValueError, KeyError, TypeError):
                    continue
        return self._earlier
