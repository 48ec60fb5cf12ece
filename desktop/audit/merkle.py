"""RFC 6962 (Certificate Transparency) Merkle trees over the audit log's entry hashes.

Leaf hash = SHA-256(0x00 || data), node hash = SHA-256(0x01 || left || right); the tree over n
leaves splits at the largest power of two below n. Built level by level instead, pairing
adjacent nodes and carrying an odd last node up unchanged, it has the same root and the same
nodes: that needs no recursion, and every subtree a proof names is a node we keep.
Verification follows RFC 9162 (which checks RFC 6962 proofs) and never raises: bad input is
simply not proven.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _parents(level: Sequence[bytes]) -> list[bytes]:
    """The level above `level`. An odd last node is the root of the tree's ragged right edge;
    carried up unchanged, it meets its left sibling at the height where the RFC pairs them."""
    sha = hashlib.sha256
    # zip over one iterator twice walks adjacent pairs without indexing (faster); it stops
    # before an odd last node, which is carried up below.
    pairs = iter(level)
    upper = [
        sha(b"\x01" + left + right).digest() for left, right in zip(pairs, pairs, strict=False)
    ]
    if len(level) % 2:
        upper.append(level[-1])
    return upper


def root_from_leaf_hashes(hashes: Sequence[bytes]) -> bytes:
    """MTH(D[n]) given the leaf hashes."""
    if not hashes:
        return EMPTY_ROOT
    level = hashes
    while len(level) > 1:
        level = _parents(level)
    return level[0]


class RootBuilder:
    """MTH(D[n]) over leaf hashes given one at a time, holding O(log n) of them: the roots of
    the perfect subtrees the leaves so far make, largest first; the RFC tree joins them right
    to left."""

    def __init__(self) -> None:
        self._stack: list[tuple[int, bytes]] = []  # (height, root of a perfect subtree)
        self.size = 0

    def append(self, leaf_hash: bytes) -> None:
        height, node = 0, leaf_hash
        while self._stack and self._stack[-1][0] == height:
            node = node_hash(self._stack.pop()[1], node)
            height += 1
        self._stack.append((height, node))
        self.size += 1

    def root(self) -> bytes:
        if not self._stack:
            return EMPTY_ROOT
        node = self._stack[-1][1]
        for _, left in reversed(self._stack[:-1]):
            node = node_hash(left, node)
        return node


def merkle_root(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]) over raw leaf data."""
    return root_from_leaf_hashes([leaf_hash(leaf) for leaf in leaves])


def _split(n: int) -> int:
    """The largest power of two smaller than n (n >= 2): where RFC 6962 splits a tree."""
    return 1 << ((n - 1).bit_length() - 1)


class MerkleTree:
    """Every level of the tree over `leaf_hashes`, kept so that proofs are lookups."""

    def __init__(self, leaf_hashes: Sequence[bytes]) -> None:
        self._levels = [list(leaf_hashes)]
        while len(self._levels[-1]) > 1:
            self._levels.append(_parents(self._levels[-1]))

    @property
    def size(self) -> int:
        return len(self._levels[0])

    def root(self) -> bytes:
        return self._levels[-1][0] if self.size else EMPTY_ROOT

    def _node(self, start: int, end: int) -> bytes:
        """MTH(D[start:end]) for a subtree the RFC recursion reaches. Its size rounds up to
        2**k, it starts at a multiple of 2**k and it is full or runs to the end of the tree:
        exactly what node start >> k of level k covers."""
        k = (end - start - 1).bit_length()
        return self._levels[k][start >> k]

    def inclusion_proof(self, index: int) -> list[bytes]:
        """RFC 6962 2.1.1 PATH(index, D[size]): the sibling at each level, leaf upwards. A node
        without a sibling is the one carried up, where the RFC path has no entry either."""
        if not 0 <= index < self.size:
            raise ValueError(f"leaf {index} is not in a tree of {self.size}")
        proof = []
        for level in self._levels[:-1]:
            if index ^ 1 < len(level):
                proof.append(level[index ^ 1])
            index >>= 1
        return proof

    def consistency_proof(self, old_size: int) -> list[bytes]:
        """RFC 6962 2.1.2 PROOF(old_size, D[size]); empty for 0, which any tree extends."""
        if not 0 <= old_size <= self.size:
            raise ValueError(f"no consistency proof from size {old_size} to {self.size}")
        if old_size == 0:
            return []
        # SUBPROOF walked from the root down to the subtree that ends where the old tree ends,
        # collecting the sibling given at each step; the RFC lists them from the bottom up.
        start, end, proof = 0, self.size, []
        while end != old_size:
            middle = start + _split(end - start)
            if old_size <= middle:
                proof.append(self._node(middle, end))
                end = middle
            else:
                proof.append(self._node(start, middle))
                start = middle
        if start:  # the old tree was cut at `start`, so the verifier needs this last piece
            proof.append(self._node(start, end))
        return proof[::-1]


def _is_hash(value: object) -> bool:
    return isinstance(value, bytes) and len(value) == HASH_SIZE


def _is_proof(proof: object) -> bool:
    return (
        isinstance(proof, Sequence)
        and not isinstance(proof, bytes | str)
        and all(_is_hash(node) for node in proof)
    )


def _is_size(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def verify_inclusion(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """Whether `proof` shows leaf `index` (with hash `leaf_hash`) in the tree of `size` leaves
    with `root`: RFC 9162 2.1.3.2."""
    if not (_is_size(index) and _is_size(size) and index < size):
        return False
    if not (_is_hash(leaf_hash) and _is_hash(root) and _is_proof(proof)):
        return False
    fn, sn, r = index, size - 1, leaf_hash
    for node in proof:
        if sn == 0:  # the proof is longer than the path
            return False
        if fn & 1 or fn == sn:
            r = node_hash(node, r)
            while fn and not fn & 1:  # skip the levels where this node was carried up
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, node)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Whether `proof` shows the tree of `old_size` leaves with `old_root` is a prefix of the
    tree of `new_size` leaves with `new_root`: RFC 9162 2.1.4.2."""
    if not (_is_size(old_size) and _is_size(new_size) and old_size <= new_size):
        return False
    if not (_is_hash(old_root) and _is_hash(new_root) and _is_proof(proof)):
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:  # the empty tree is a prefix of every tree
        return not proof
    if not proof:
        return False
    nodes = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is a node of the new tree
        nodes.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:  # climb to the first node the old tree does not fully contain
        fn, sn = fn >> 1, sn >> 1
    fr = sr = nodes[0]
    for node in nodes[1:]:
        if sn == 0:  # the proof is longer than the path
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(node, fr), node_hash(node, sr)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, node)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == old_root and sr == new_root
