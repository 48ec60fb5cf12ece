"""The services' notes and problems that are not errors, in the window's language: the memory
estimate, the chat template in use, retrieval notes, audit verification problems and detail
names, document types and the add report, the engine's messages across its pipe, the profile's
notes. English in `str()` (logs, the command line), German on screen (issue 21)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from desktop.audit.bundle import EVENTS
from desktop.audit.verify import verify_bundle
from desktop.core.audit_sentences import detail_lines
from desktop.core.documents import AddReport, AnswerSources
from desktop.core.events import GenerationFailed, WorkerStopped, describe_exit
from desktop.core.translatable import QT_TRANSLATE_NOOP, Count, Size, joined, words
from desktop.documents.answering import NOTHING_MATCHED
from desktop.documents.formats.sniff import describe_unsupported
from desktop.documents.retrieval import NO_EMBEDDER_NOTE, NO_VECTOR_INDEX_NOTE
from desktop.inference.chat_template import KNOWN_FORMATS, ChatTemplate
from desktop.inference.embedder import EmbedFailed, _load_error
from desktop.models.fit import fit_badge, plan_context
from desktop.profile.holder import Holder, Role
from desktop.profile.instance import takeover_note
from desktop.ui.i18n.service_text import shown
from tests.unit.audit.test_tamper import bundle, log, write_lines  # noqa: F401 (fixtures)
from tests.unit.models.test_fit import GB, model
from tests.unit.ui.i18n.german import compile_german, german_installed


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return compile_german(tmp_path_factory.mktemp("qm"), ["services"])


def test_the_memory_estimate_and_the_context_note(qapp, german):
    badge_note = fit_badge(model(size=2 * GB), 16 * GB)[1]
    plan = plan_context(model(size=4 * GB), int(5.6 * GB))
    note = plan.describe()
    assert note is not None
    assert str(badge_note) == (
        "Needs about 3.3 GB with 8,192 tokens of context; 16.0 GB is free now."
    )
    assert str(note).startswith("Context limited to 4,096 tokens to fit in memory (needs ")
    with german_installed(german):
        assert shown(badge_note) == (
            "Braucht etwa 3,3 GB mit 8.192 Token Kontext; frei sind derzeit 16,0 GB."
        )
        assert shown(note).startswith("Kontext auf 4.096 Token begrenzt")
    assert shown(badge_note) == str(badge_note)  # English again without the translator


def test_the_chat_template_fallback(qapp, german):
    template = ChatTemplate(None, KNOWN_FORMATS[0])
    assert str(template.source) == "the ChatML template (the model has no chat template)"
    with german_installed(german):
        assert shown(template.source) == "die Vorlage ChatML (das Modell hat keine Chat-Vorlage)"


def test_retrieval_notes_also_when_only_the_english_came_back(qapp, german):
    """A note kept with an answer is read back from the database as plain English."""
    stored = str(NOTHING_MATCHED)
    no_index = words(NO_VECTOR_INDEX_NOTE, reason="sqlite-vec is missing")
    sources = AnswerSources(note=no_index)
    with german_installed(german):
        assert shown(NO_EMBEDDER_NOTE).startswith("Die Stellen wurden nur über ihre Wörter")
        assert shown(stored).startswith("Nichts in den Dokumenten passte zur Frage")
        assert shown(sources.note) == (
            "Die Stellen wurden nur über ihre Wörter gefunden: sqlite-vec is missing."
        )
        assert shown(AnswerSources(given=(), cited=()).note or "") == ""


def test_verify_problems(qapp, german, bundle):  # noqa: F811
    lines = (bundle / EVENTS).read_text(encoding="utf-8").splitlines()
    write_lines(bundle, lines[:5] + lines[6:])  # a record deleted
    problems = verify_bundle(bundle).problems
    assert "record seq 7 (line 6): expected seq 6 (a record was deleted or reordered)" in problems
    with german_installed(german):
        german_problems = [shown(problem) for problem in problems]
    assert (
        "Eintrag Nr. 7 (Zeile 6): erwartet wurde Nr. 6 (ein Eintrag wurde gelöscht oder "
        "umgestellt)" in german_problems
    )
    missing = verify_bundle(bundle.parent / "nowhere").problems[0]
    assert missing.startswith("public_key.pem: cannot be read (")
    with german_installed(german):
        assert shown(missing).startswith("public_key.pem: kann nicht gelesen werden (")


def test_audit_detail_names(qapp, german):
    record = {
        "seq": 3,
        "event_type": "model.load",
        "details": {"file": "a.gguf", "worker_caged": True, "future_key": 1, "notes": []},
    }
    lines = detail_lines(record)
    assert [str(name) for name, _ in lines] == [
        "seq",
        "event_type",
        "details.file",
        "details.worker_caged",
        "details.future_key",
        "details.notes",
    ]
    with german_installed(german):
        names = [shown(name) for name, _ in lines]
        values = [shown(value) for _, value in lines]
    assert names[:3] == ["Nr.", "Ereignisart", "Details \u203a Datei"]
    assert names[4] == "Details \u203a future_key"  # a field Cloister does not know: as it is
    assert values[3] == "ja" and values[5] == "keine"


def test_document_types_and_the_add_report(qapp, german):
    kind = describe_unsupported(b"PK\x03\x04", "sheet.xlsx")
    report = AddReport(
        collection_id=1,
        added=("a.pdf", "b.pdf"),
        duplicates=("c.pdf",),
        refused=(
            words(
                QT_TRANSLATE_NOOP("DocumentErrors", "{name}: {reason}"), name="d.xlsx", reason=kind
            ),
        ),
    )
    assert str(report.describe()) == (
        "Added 2 files. Already there: c.pdf. Not added: d.xlsx: an Excel spreadsheet."
    )
    with german_installed(german):
        assert shown(describe_unsupported(b"", "x.odt")).startswith("ein OpenDocument-Textdokument")
        assert shown(report.describe()) == (
            "2 Dateien hinzugefügt. Bereits vorhanden: c.pdf. "
            "Nicht hinzugefügt: d.xlsx: eine Excel-Tabelle."
        )
        assert shown(AddReport(collection_id=1).describe()) == "Keine Dateien zum Hinzufügen."


def test_the_engines_messages_cross_the_pipe_with_their_template(qapp, german):
    sent = [
        GenerationFailed(4, QT_TRANSLATE_NOOP("EngineErrors", "No model is loaded.")),
        WorkerStopped(4, -11, describe_exit(-11)),
        EmbedFailed(2, _load_error(Path("/models/minilm.gguf"), ValueError("bad"))),
    ]
    received = [pickle.loads(pickle.dumps(message)) for message in sent]
    assert [str(message.message) for message in received] == [
        "No model is loaded.",
        "the model process crashed (SIGSEGV)",
        "The embedding model minilm.gguf could not be loaded: it is damaged or is not an "
        "embedding model llama.cpp knows.",
    ]
    with german_installed(german):
        assert [shown(message.message) for message in received] == [
            "Es ist kein Modell geladen.",
            "der Modellprozess ist abgestürzt (SIGSEGV)",
            "Das Einbettungsmodell minilm.gguf konnte nicht geladen werden: Es ist beschädigt "
            "oder kein Einbettungsmodell, das llama.cpp kennt.",
        ]


def test_the_profile_takeover_note(qapp, german):
    crashed = Holder(pid=42, created=0.0, role=Role.APP)
    note = takeover_note(crashed)
    assert str(note).startswith("The last Cloister process on this profile (pid 42, started ")
    with german_installed(german):
        assert shown(note).startswith("Der letzte Cloister-Prozess mit diesem Profil (pid 42")


def test_numbers_sizes_and_joined_parts(qapp, german):
    text = words(
        QT_TRANSLATE_NOOP(
            "ModelFit", "Needs about {total} with {tokens} tokens of context; {free} is free now."
        ),
        total=Size(512_000_000),
        tokens=Count(32768),
        free=Size(50_000_000),
    )
    assert str(text) == "Needs about 0.5 GB with 32,768 tokens of context; 50 MB is free now."
    assert str(joined("; ", ["a", "b{c}"])) == "a; b{c}"
    assert pickle.loads(pickle.dumps(text)) == text
