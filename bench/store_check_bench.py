"""What the stores' start-up check costs: quick_check and integrity_check of conversations.db.

    .venv/bin/python bench/store_check_bench.py [--messages 6000] [--quick]

The store is filled through ConversationStore (1,800-character messages, 40 per conversation),
then checked as the app does before any store opens (storage/store_check.py): the quick check
at every start, the full one after a crash and on `cloister store check`. No target: the
number says whether the quick check may stay on the start path (issue 20). `--quick` runs the
same steps on 300 messages (tests/bench/).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import desktop.storage  # noqa: E402, F401  # first: sqlite-utils on SQLCipher
from desktop.core.records import Role  # noqa: E402
from desktop.security.wrapping import new_data_key  # noqa: E402
from desktop.storage.conversations import ConversationStore  # noqa: E402
from desktop.storage.database import open_database  # noqa: E402
from desktop.storage.registry import StoreRegistry  # noqa: E402
from desktop.storage.store_check import check_store  # noqa: E402

TEXT = "The quick brown fox jumps over the lazy dog. " * 40


def fill(path: Path, key: bytes, messages: int) -> None:
    db = open_database(path, key)
    db.execute("PRAGMA synchronous=OFF")  # set-up only, not measured
    store = ConversationStore(db)
    conversation = 0
    for n in range(messages):
        if n % 40 == 0:
            conversation = store.create_conversation(f"Matter {n // 40}").id
        store.add_message(conversation, Role.USER, f"{TEXT}{n}")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()


def timed(path: Path, key: bytes, *, full: bool) -> float:
    registry = StoreRegistry.of(path.parent, key)
    started = time.perf_counter()
    check_store(path, key, registry, full=full)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=6000)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    messages = 300 if args.quick else args.messages
    key = new_data_key()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "conversations.db"
        fill(path, key, messages)
        print(f"store: {messages:,} messages, {path.stat().st_size / 1e6:.1f} MB encrypted")
        quick = min(timed(path, key, full=False) for _ in range(3))
        full = min(timed(path, key, full=True) for _ in range(3))
    print(f"quick_check (every start): {quick:.3f} s")
    print(f"integrity_check (after a crash, store check): {full:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
