"""Indexing onto a disk that fills up mid-way, in a process of its own (run under a small tmpfs
by test_documents_disk_full.py):

    python -m tests.integration.index_on_full_disk DATA_FOLDER KEY_HEX SOURCES_FOLDER

Indexes two short files, then fills the disk while a long one waits, lets indexing go on,
frees the space and starts again. Prints one JSON line with what it saw at each step.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import desktop.storage  # noqa: F401  # first: sqlite-utils on SQLCipher
from desktop.core.documents import DocumentStatus
from desktop.core.matters import GENERAL_MATTER_ID
from desktop.documents.wiring import open_documents


class Auditor:
    def record(self, event, role=None):
        return event


def fill(folder: Path) -> Path:
    ballast = folder / "ballast"
    with ballast.open("wb") as stream:
        try:
            while True:
                stream.write(b"\0" * 65536)
                stream.flush()
        except OSError:
            pass
    return ballast


def main(data: str, key_hex: str, sources: str) -> int:
    folder, key, files = Path(data), bytes.fromhex(key_hex), Path(sources)
    seen: dict[str, object] = {}

    def open_all(errors: list[str]):
        return open_documents(
            folder / "documents.db",
            key,
            Auditor(),
            embedders=[],  # keyword search is enough to prove the store holds
            air_gapped=False,
            on_progress=lambda progress: None,
            on_document=lambda row: None,
            on_error=errors.append,
        )

    errors: list[str] = []
    docs = open_all(errors)
    library = docs.library
    matter = library.create_collection("Matter", GENERAL_MATTER_ID)
    library.add_paths(
        [files / "first.txt", files / "second.txt"], matter.id, None, GENERAL_MATTER_ID
    )
    docs.indexer.wake()
    assert docs.indexer.idle.wait(300)
    docs.indexer.pause()
    library.add_paths([files / "long.txt"], matter.id, None, GENERAL_MATTER_ID)
    ballast = fill(folder)
    docs.indexer.idle.clear()
    docs.indexer.resume()
    docs.indexer._thread.join(300)  # it stops on the full disk (the work stays in the store)
    seen["errors"] = list(errors)
    seen["statuses"] = {
        row.name: row.status for row in library.documents(matter.id, GENERAL_MATTER_ID)
    }
    seen["integrity"] = docs.store._conn.execute("PRAGMA integrity_check").fetchone()[0]
    hits = docs.store.search_keywords("adjourned", [matter.id], 5, matter_id=GENERAL_MATTER_ID)
    seen["found_before"] = sorted({hit.document_name for hit in hits})
    docs.close()

    ballast.unlink()
    errors_after: list[str] = []
    docs = open_all(errors_after)
    docs.indexer.wake()
    assert docs.indexer.idle.wait(300)
    seen["errors_after"] = errors_after
    seen["statuses_after"] = {
        row.name: row.status for row in docs.library.documents(matter.id, GENERAL_MATTER_ID)
    }
    seen["keyword"] = str(DocumentStatus.KEYWORD)
    docs.close()
    print(json.dumps(seen), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:4]))
