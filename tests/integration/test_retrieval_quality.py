"""Retrieval quality on the evaluation set, with the real pipeline (encrypted store, reader and
embedder processes, the converted all-MiniLM-L6-v2): hybrid retrieval finds the answering
passage in its top 5 for at least 90% of the questions, which are asked in other words than
the passages use. Deterministic: the same model and data give the same rankings. The three
figures are printed (`pytest -s`) beside those of bench/docs_bench.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.documents.retrieval_quality import measure

pytestmark = pytest.mark.model

RECALL_TARGET = 0.9


def test_hybrid_retrieval_finds_the_answering_passage_in_its_top_5(tmp_path: Path) -> None:
    recall = measure(tmp_path)
    print("\n".join(recall.lines()))
    assert recall.questions == 240
    assert recall.hybrid >= RECALL_TARGET, recall.lines()
    # Fusion earns its place: it does no worse than either side alone.
    assert recall.hybrid >= max(recall.keyword, recall.vector) - 0.02, recall.lines()
