"""RFC 6962 Merkle trees: the Certificate Transparency test vectors, then every small tree
against a direct transcription of the RFC's recursive definitions."""

from __future__ import annotations

import hashlib

import pytest

from desktop.audit.merkle import (
    EMPTY_ROOT,
    MerkleTree,
    leaf_hash,
    merkle_root,
    node_hash,
    root_from_leaf_hashes,
    verify_consistency,
    verify_inclusion,
)

# Vectors from transparency-dev/merkle (the Go successor of certificate-transparency's
# merkle_tree_test.cc, also in google/trillian): testonly/constants.go (LeafInputs, NodeHashes,
# RootHashes, EmptyRootHash) and proof/verify_test.go (inclusionProofs, consistencyProofs).
LEAVES = [
    bytes.fromhex(h)
    for h in ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
              "606162636465666768696a6b6c6d6e6f"]
]  # fmt: skip
# NODES[level][i]: the complete subtree of 2**level leaves starting at leaf i * 2**level.
NODES = [
    ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
     "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
     "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
     "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
     "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
     "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
     "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
     "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1"],
    ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
     "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
     "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
     "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"],
    ["d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
     "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"],
    ["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
]  # fmt: skip
ROOTS = [  # ROOTS[n]: the tree of the first n leaves
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
INCLUSION = [  # (leaf index, tree size, proof); verify_test.go numbers leaves from 1
    (0, 1, []),
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]  # fmt: skip
CONSISTENCY = [  # (old size, new size, proof)
    (1, 1, []),
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
]  # fmt: skip

# More proofs from transparency-dev/merkle proof/proof_test.go (TestInclusion, TestConsistency),
# which names proof nodes as (level, index) in the tree above; NODES gives their hashes.
INCLUSION_BY_NODE = [
    (1, 3, [(0, 0), (0, 2)]),
    (4, 7, [(0, 5), (0, 6), (2, 0)]),
    (6, 7, [(1, 2), (2, 0)]),
    (2, 4, [(0, 3), (1, 0)]),
    (3, 5, [(0, 2), (1, 0), (0, 4)]),
    (3, 6, [(0, 2), (1, 0), (1, 2)]),
    (4, 6, [(0, 5), (2, 0)]),
]
CONSISTENCY_BY_NODE = [
    (1, 2, [(0, 1)]),
    (1, 4, [(0, 1), (1, 1)]),
    (1, 6, [(0, 1), (1, 1), (1, 2)]),
    (2, 3, [(0, 2)]),
    (2, 8, [(1, 1), (2, 1)]),
    (5, 7, [(0, 4), (0, 5), (0, 6), (2, 0)]),
    (6, 7, [(1, 2), (0, 6), (2, 0)]),
    (7, 8, [(0, 6), (0, 7), (1, 2), (2, 0)]),
    (2, 4, [(1, 1)]),
    (3, 5, [(0, 2), (0, 3), (1, 0), (0, 4)]),
    (3, 6, [(0, 2), (0, 3), (1, 0), (1, 2)]),
    (4, 6, [(1, 2)]),
]


def tree_of(n: int) -> MerkleTree:
    return MerkleTree([leaf_hash(leaf) for leaf in LEAVES[:n]])


def root_of(n: int) -> bytes:
    return bytes.fromhex(ROOTS[n])


def by_node(ids: list[tuple[int, int]]) -> list[str]:
    return [NODES[level][index] for level, index in ids]


def hexes(nodes: list[bytes]) -> list[str]:
    return [node.hex() for node in nodes]


# The RFC 6962 2.1 definitions, transcribed recursively over leaf hashes.
def split(n: int) -> int:
    return 1 << ((n - 1).bit_length() - 1)


def mth(d: list[bytes]) -> bytes:
    if not d:
        return hashlib.sha256(b"").digest()
    if len(d) == 1:
        return d[0]
    k = split(len(d))
    return node_hash(mth(d[:k]), mth(d[k:]))


def path(m: int, d: list[bytes]) -> list[bytes]:
    if len(d) == 1:
        return []
    k = split(len(d))
    if m < k:
        return [*path(m, d[:k]), mth(d[k:])]
    return [*path(m - k, d[k:]), mth(d[:k])]


def subproof(m: int, d: list[bytes], b: bool) -> list[bytes]:
    if m == len(d):
        return [] if b else [mth(d)]
    k = split(len(d))
    if m <= k:
        return [*subproof(m, d[:k], b), mth(d[k:])]
    return [*subproof(m - k, d[k:], False), mth(d[:k])]


def synthetic(n: int) -> list[bytes]:
    return [leaf_hash(f"record {i}".encode()) for i in range(n)]


def flipped(proof: list[bytes], j: int) -> list[bytes]:
    bad = list(proof)
    bad[j] = bytes([bad[j][0] ^ 8]) + bad[j][1:]
    return bad


SOME_HASH = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")


def test_published_roots_nodes_and_the_empty_tree() -> None:
    assert EMPTY_ROOT.hex() == ROOTS[0]
    assert merkle_root([]) == root_from_leaf_hashes([]) == MerkleTree([]).root() == EMPTY_ROOT
    for n in range(1, 9):
        assert merkle_root(LEAVES[:n]).hex() == ROOTS[n]
        assert tree_of(n).root().hex() == ROOTS[n]
        assert tree_of(n).size == n
    for level, nodes in enumerate(NODES):
        width = 1 << level
        for i, node in enumerate(nodes):
            assert merkle_root(LEAVES[i * width : (i + 1) * width]).hex() == node


@pytest.mark.parametrize(
    "index, size, proof",
    INCLUSION + [(i, n, by_node(ids)) for i, n, ids in INCLUSION_BY_NODE],
)
def test_published_inclusion_proofs(index: int, size: int, proof: list[str]) -> None:
    assert hexes(tree_of(size).inclusion_proof(index)) == proof
    nodes = [bytes.fromhex(node) for node in proof]
    assert verify_inclusion(leaf_hash(LEAVES[index]), index, size, nodes, root_of(size))


@pytest.mark.parametrize(
    "old, new, proof",
    CONSISTENCY + [(m, n, by_node(ids)) for m, n, ids in CONSISTENCY_BY_NODE],
)
def test_published_consistency_proofs(old: int, new: int, proof: list[str]) -> None:
    assert hexes(tree_of(new).consistency_proof(old)) == proof
    nodes = [bytes.fromhex(node) for node in proof]
    assert verify_consistency(old, new, root_of(old), root_of(new), nodes)


def test_level_by_level_equals_the_rfc_definition() -> None:
    for n in range(71):
        hashes = synthetic(n)
        assert root_from_leaf_hashes(hashes) == mth(hashes), n
        assert MerkleTree(hashes).root() == mth(hashes), n


def test_every_inclusion_proof_is_the_rfc_path_and_only_it_verifies() -> None:
    for n in range(1, 41):
        hashes = synthetic(n)
        tree = MerkleTree(hashes)
        root = tree.root()
        for i in range(n):
            proof = tree.inclusion_proof(i)
            assert proof == path(i, hashes), (i, n)
            assert verify_inclusion(hashes[i], i, n, proof, root)
            assert not verify_inclusion(SOME_HASH, i, n, proof, root)  # another leaf
            assert not verify_inclusion(hashes[i], i, n, proof, SOME_HASH)  # another root
            for j in range(len(proof)):
                assert not verify_inclusion(hashes[i], i, n, flipped(proof, j), root)
            for wrong in (i - 1, i + 1, i ^ 2):
                if 0 <= wrong < n and wrong != i:
                    assert not verify_inclusion(hashes[i], wrong, n, proof, root)
            # Only sizes that change the path's shape: a path also fits the other sizes whose
            # tree has the same shape along it, which is why the log signs its size.
            assert not verify_inclusion(hashes[i], i, 2 * n, proof, root)
            assert not verify_inclusion(hashes[i], i, n, [*proof, root], root)
            assert not verify_inclusion(hashes[i], i, n, [root, *proof], root)
            if proof:
                assert not verify_inclusion(hashes[i], i, n, proof[:-1], root)
                assert not verify_inclusion(hashes[i], i, n, proof[1:], root)


def test_every_consistency_proof_is_the_rfc_proof_and_only_it_verifies() -> None:
    for n in range(1, 41):
        hashes = synthetic(n)
        tree = MerkleTree(hashes)
        new_root = tree.root()
        for m in range(1, n + 1):
            old_root = root_from_leaf_hashes(hashes[:m])
            proof = tree.consistency_proof(m)
            assert proof == subproof(m, hashes, True), (m, n)
            assert verify_consistency(m, n, old_root, new_root, proof), (m, n)
            if m == n:
                assert not verify_consistency(m, n, old_root, new_root, [new_root])
                continue
            for j in range(len(proof)):
                assert not verify_consistency(m, n, old_root, new_root, flipped(proof, j))
            assert not verify_consistency(m, n, new_root, old_root, proof)  # swapped roots
            assert not verify_consistency(m, n, SOME_HASH, new_root, proof)
            assert not verify_consistency(m, n, old_root, SOME_HASH, proof)
            for wrong in (m - 1, m + 1, m ^ 2):
                if 0 < wrong < n and wrong != m:
                    assert not verify_consistency(wrong, n, old_root, new_root, proof)
            assert not verify_consistency(m, 2 * n, old_root, new_root, proof)
            assert not verify_consistency(m, n, old_root, new_root, [])
            assert not verify_consistency(m, n, old_root, new_root, proof[:-1])
            assert not verify_consistency(m, n, old_root, new_root, [*proof, old_root])
            assert not verify_consistency(m, n, old_root, new_root, [old_root, *proof])
            assert not verify_consistency(m, n, old_root, new_root, [proof[0], *proof])


def test_trivial_consistency() -> None:
    root = root_of(3)
    assert tree_of(3).consistency_proof(0) == []
    assert verify_consistency(0, 3, EMPTY_ROOT, root, [])
    assert verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])
    assert verify_consistency(3, 3, root, root, [])
    assert not verify_consistency(0, 3, EMPTY_ROOT, root, [root])
    assert not verify_consistency(3, 3, root, root_of(4), [])
    assert not verify_consistency(3, 3, root, root, [root])
    assert not verify_consistency(0, 0, EMPTY_ROOT, root, [])
    assert not verify_consistency(4, 3, root_of(4), root, [])  # a log cannot shrink


def test_out_of_range_requests_are_refused() -> None:
    tree = tree_of(3)
    for index in (-1, 3):
        with pytest.raises(ValueError):
            tree.inclusion_proof(index)
    for size in (-1, 4):
        with pytest.raises(ValueError):
            tree.consistency_proof(size)
    with pytest.raises(ValueError):
        MerkleTree([]).inclusion_proof(0)


@pytest.mark.parametrize(
    "args",
    [
        (leaf_hash(b""), 1, 1, [], root_of(1)),  # index past the end
        (leaf_hash(b""), -1, 1, [], root_of(1)),
        (leaf_hash(b""), 0, 0, [], EMPTY_ROOT),  # nothing is in the empty tree
        (leaf_hash(b""), 0, -5, [], root_of(1)),
        (b"", 0, 1, [], b""),  # wrong hash lengths
        (leaf_hash(b""), 0, 1, [], root_of(1)[:31]),
        (leaf_hash(b"")[:31], 0, 1, [], root_of(1)),
        (leaf_hash(b""), 0, 2, [b"short"], root_of(2)),
        (leaf_hash(b""), 0, 2, [bytes.fromhex(NODES[0][1]) + b"\0"], root_of(2)),
        (leaf_hash(b""), 0, 2, None, root_of(2)),  # not a proof at all
        (leaf_hash(b""), 0, 2, bytes.fromhex(NODES[0][1]), root_of(2)),
        (leaf_hash(b""), 0, 2, [NODES[0][1]], root_of(2)),
        (leaf_hash(b""), "0", 2, [bytes.fromhex(NODES[0][1])], root_of(2)),
        (None, 0, 1, [], None),
    ],
)
def test_malformed_inclusion_input_is_false_not_an_error(args: tuple) -> None:
    assert verify_inclusion(*args) is False


@pytest.mark.parametrize(
    "args",
    [
        (2, 1, root_of(2), root_of(1), []),
        (-1, 3, EMPTY_ROOT, root_of(3), []),
        (0, -1, EMPTY_ROOT, EMPTY_ROOT, []),
        (1, 2, root_of(1), root_of(2), [b"short"]),
        (1, 2, root_of(1)[:31], root_of(2), [bytes.fromhex(NODES[0][1])]),
        (1, 2, root_of(1), root_of(2) + b"\0", [bytes.fromhex(NODES[0][1])]),
        (1, 2, root_of(1), root_of(2), None),
        (1, 2, root_of(1), root_of(2), bytes.fromhex(NODES[0][1])),
        (1, 2, root_of(1), root_of(2), [NODES[0][1]]),
        (1.0, 2, root_of(1), root_of(2), [bytes.fromhex(NODES[0][1])]),
        (0, 0, b"", b"", []),
    ],
)
def test_malformed_consistency_input_is_false_not_an_error(args: tuple) -> None:
    assert verify_consistency(*args) is False


def test_a_large_tree_agrees_with_the_plain_root_and_proves_its_leaves() -> None:
    hashes = synthetic(100_000)
    tree = MerkleTree(hashes)
    root = root_from_leaf_hashes(hashes)
    assert tree.size == 100_000
    assert tree.root() == root
    for i in (0, 65_535, 65_536, 99_999):
        assert verify_inclusion(hashes[i], i, tree.size, tree.inclusion_proof(i), root)
    for m in (1, 65_536, 70_001, 100_000):
        old_root = root_from_leaf_hashes(hashes[:m])
        assert verify_consistency(m, tree.size, old_root, root, tree.consistency_proof(m))
