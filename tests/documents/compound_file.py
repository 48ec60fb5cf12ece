"""A minimal OLE compound file (CFB version 3) writer, enough for Outlook .msg test files.

Layout: header, big streams' sectors, the mini stream, the mini FAT, the directory, the FAT.
Streams under 4096 bytes live in the mini stream (64-byte sectors), as the format requires.
"""

from __future__ import annotations

import itertools
import math
import struct
from dataclasses import dataclass, field

SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SECTOR, MINI_SECTOR, MINI_CUTOFF = 512, 64, 4096
FREE, END_OF_CHAIN, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
ROOT, STORAGE, STREAM = 5, 1, 2


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: dict[str, _Entry] = field(default_factory=dict)
    id: int = 0
    left: int = NO_STREAM
    right: int = NO_STREAM
    child: int = NO_STREAM
    start: int = END_OF_CHAIN


def make_compound_file(streams: dict[str, bytes]) -> bytes:
    """A compound file holding `streams`, keyed by path ("storage/stream")."""
    root = _Entry("Root Entry", ROOT)
    for path, data in streams.items():
        node = root
        *storages, leaf = path.split("/")
        for part in storages:
            node = node.children.setdefault(part, _Entry(part, STORAGE))
        node.children[leaf] = _Entry(leaf, STREAM, data)
    entries = _number(root)

    sectors: list[bytes] = []  # the file's sectors after the header, in order
    chains: list[list[int]] = []

    def allocate(payload: bytes) -> int:
        if not payload:
            return END_OF_CHAIN
        count = math.ceil(len(payload) / SECTOR)
        first = len(sectors)
        for i in range(count):
            sectors.append(payload[i * SECTOR : (i + 1) * SECTOR].ljust(SECTOR, b"\0"))
        chains.append(list(range(first, first + count)))
        return first

    mini = bytearray()
    mini_fat: list[int] = []
    for entry in entries:
        if entry.kind != STREAM:
            continue
        if len(entry.data) >= MINI_CUTOFF:
            entry.start = allocate(entry.data)
        elif entry.data:
            first = len(mini) // MINI_SECTOR
            count = math.ceil(len(entry.data) / MINI_SECTOR)
            mini += entry.data.ljust(count * MINI_SECTOR, b"\0")
            mini_fat += [*range(first + 1, first + count), END_OF_CHAIN]
            entry.start = first
    root.start = allocate(bytes(mini))
    mini_fat_bytes = b"".join(struct.pack("<I", n) for n in mini_fat)
    if mini_fat:
        per_sector = SECTOR // 4
        padded = mini_fat + [FREE] * (-len(mini_fat) % per_sector)
        mini_fat_bytes = b"".join(struct.pack("<I", n) for n in padded)
    first_mini_fat = allocate(mini_fat_bytes) if mini_fat else END_OF_CHAIN
    mini_fat_sectors = math.ceil(len(mini_fat_bytes) / SECTOR) if mini_fat else 0
    directory = b"".join(_directory_entry(entry, len(mini)) for entry in entries)
    directory += _empty_entry() * (-len(entries) % (SECTOR // 128))
    first_directory = allocate(directory)

    fat_count = 1
    while math.ceil((len(sectors) + fat_count) / (SECTOR // 4)) > fat_count:
        fat_count += 1
    assert fat_count <= 109, "more FAT sectors than the header can list"
    fat_ids = list(range(len(sectors), len(sectors) + fat_count))
    fat = [FREE] * (fat_count * SECTOR // 4)
    for chain in chains:
        for here, there in itertools.pairwise(chain):
            fat[here] = there
        fat[chain[-1]] = END_OF_CHAIN
    for sector in fat_ids:
        fat[sector] = FAT_SECTOR
    fat_bytes = b"".join(struct.pack("<I", n) for n in fat)
    sectors += [fat_bytes[i : i + SECTOR] for i in range(0, len(fat_bytes), SECTOR)]

    header = bytearray(SECTOR)
    header[0:8] = SIGNATURE
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into(
        "<IIIIIIIII",
        header,
        40,
        0,  # directory sectors: always 0 in version 3
        fat_count,
        first_directory,
        0,  # transaction signature
        MINI_CUTOFF,
        first_mini_fat,
        mini_fat_sectors,
        END_OF_CHAIN,  # no DIFAT sectors: the header's 109 slots suffice
        0,
    )
    difat = fat_ids + [FREE] * (109 - len(fat_ids))
    struct.pack_into("<109I", header, 76, *difat)
    return bytes(header) + b"".join(sectors)


def _number(root: _Entry) -> list[_Entry]:
    """Directory ids, breadth first; each storage's children as a balanced binary tree."""
    entries = [root]
    queue = [root]
    while queue:
        node = queue.pop(0)
        kids = sorted(node.children.values(), key=lambda e: (len(e.name), e.name.upper()))
        for kid in kids:
            kid.id = len(entries)
            entries.append(kid)
            queue.append(kid)
        node.child = _tree(kids)
    return entries


def _tree(kids: list[_Entry]) -> int:
    if not kids:
        return NO_STREAM
    middle = len(kids) // 2
    top = kids[middle]
    top.left, top.right = _tree(kids[:middle]), _tree(kids[middle + 1 :])
    return top.id


def _directory_entry(entry: _Entry, mini_size: int) -> bytes:
    name = entry.name.encode("utf-16-le")
    assert len(name) <= 62, f"name too long for a compound file: {entry.name}"
    size = mini_size if entry.kind == ROOT else len(entry.data)
    start = entry.start if entry.kind != STORAGE else 0
    return (
        name.ljust(64, b"\0")
        + struct.pack("<HBB", len(name) + 2, entry.kind, 1)
        + struct.pack("<III", entry.left, entry.right, entry.child)
        + bytes(16 + 4 + 8 + 8)  # CLSID, state bits, creation and modification times
        + struct.pack("<IQ", start, size)
    )


def _empty_entry() -> bytes:
    return (
        bytes(64)
        + struct.pack("<HBB", 0, 0, 0)
        + struct.pack("<III", NO_STREAM, NO_STREAM, NO_STREAM)
        + bytes(36)
        + struct.pack("<IQ", 0, 0)
    )
