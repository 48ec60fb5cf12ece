"""Issue 22's "Done when", in the real window (offscreen): two matters created through the Matter
menu's dialog, documents added to each, and neither the conversation list, the sidebar's search,
opening a conversation by id, the Documents page nor retrieval crosses from one to the other; a
legal hold placed by the administrator refuses deleting a conversation and a document (shown,
recorded DENIED); a policy wall on one matter refuses every read path into it (switching to it,
search, retrieval, import, export), each with its reason and a DENIED matter.access record; and
the other matter is exported from the Matter menu as one signed bundle that verifies offline.

Real parts throughout: the window and its controllers, the starter model in its worker, the
caged document reader, the embedder process, the encrypted conversations.db, documents.db and
audit.db. Waits are for states, never for times; the timeouts are hang guards only.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.app import Cloister, build
from desktop.audit.log import AuditLog
from desktop.audit.verify import verify_bundle
from desktop.core.audit_events import EventType, Outcome
from desktop.core.documents import DocumentStatus
from desktop.core.matters import GENERAL_MATTER_ID, Matter, MatterAccessDenied
from desktop.core.policy import EffectivePolicy
from desktop.core.settings import GenerationSettings
from desktop.paths import AppPaths
from desktop.policy.effective import load_policy
from desktop.security.admin import hash_passphrase
from desktop.security.identity import os_account
from desktop.security.wrapping import ScryptCost
from desktop.ui.library import documents_panel
from tests.e2e.cloister_process import cloister
from tests.e2e.documents_fixtures import documents_on_disk, drop_files
from tests.e2e.test_chat_window import send_and_wait
from tests.e2e.test_policy_in_app import answer_admin_dialog

pytestmark = pytest.mark.model
WAIT_MS = 600_000  # hang guards only: reading, embedding and the model share two loaded cores
SETTINGS = GenerationSettings(temperature=0.0, seed=7, max_tokens=24)
ADMIN = "admin passphrase 42"
A_WORD, B_WORD, B_SECRET = "Quillfeather", "Marrowbank", "7319"
A_TEXT = f"The {A_WORD} archive keeps the lease files. Its vault code is kept by the porter."
B_TEXT = f"The {B_WORD} vault code is {B_SECRET}. Only the partners may open the vault."
WALL = "W-B"


def on_executor(app: Cloister, work):
    """`work` on the app's I/O thread, where its stores are used; its result or its error."""
    return app.executor.submit(work).result(timeout=WAIT_MS / 1000)


def policy(tmp_path: Path, app_paths: AppPaths, **keys: object) -> EffectivePolicy:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(keys))
    return load_policy(path, app_paths.preferences)


def open_app(qtbot, app_paths: AppPaths, data_key: bytes, model: Path, rules) -> Cloister:
    app = build(app_paths, data_key=data_key, model_path=model, settings=SETTINGS, policy=rules)
    qtbot.addWidget(app.window)
    app.window.show()
    page = app.matters_page
    assert page is not None
    qtbot.waitUntil(lambda: page.current is not None, timeout=WAIT_MS)  # General, entered
    return app


def create_matter(qtbot, app: Cloister, client: str, number: str, name: str) -> Matter:
    """Matter > New matter…: the dialog filled in and submitted; the app switches to it."""
    page = app.matters_page
    app.window.menus.new_matter.trigger()
    dialog = page.dialog
    dialog.client.setText(client)
    dialog.number.setText(number)
    dialog.name.setText(name)
    dialog.create_button.click()
    qtbot.waitUntil(
        lambda: page.current is not None and page.current.client == client, timeout=WAIT_MS
    )
    return page.current


def choose(qtbot, app: Cloister, matter: Matter) -> None:
    app.matters_page.choose(matter.id)
    qtbot.waitUntil(lambda: app.matters_page.current.id == matter.id, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: app.controller.matter_id == matter.id, timeout=WAIT_MS)


def listed(app: Cloister) -> set[int]:
    view = app.window.conversation_list
    ids = (view.item(row).data(Qt.ItemDataRole.UserRole) for row in range(view.count()))
    return {int(i) for i in ids if i is not None}


def search(qtbot, app: Cloister, text: str) -> int:
    """Typed into the sidebar's search box; the number of conversations found."""
    with qtbot.waitSignal(app.library.searched, timeout=WAIT_MS):
        app.window.sidebar.search_box.setText(text)
    return app.window.sidebar.search_results.count()


def add_document(qtbot, app: Cloister, path: Path, key: bytes, count: int) -> int:
    """Dropped on a new chat of the matter in force: attached to a new conversation, indexed."""
    app.controller.new_chat()
    with qtbot.waitSignal(app.documents_page.added, timeout=WAIT_MS) as added:
        assert drop_files(app.window.chat_view.viewport(), [path])
    assert added.args[0].added == (path.name,)
    indexed = str(DocumentStatus.EMBEDDED)

    def all_indexed() -> bool:
        documents = documents_on_disk(app.paths.documents_database, key) or {}
        return len(documents) == count and all(s == indexed for s, _ in documents.values())

    qtbot.waitUntil(all_indexed, timeout=WAIT_MS)
    conversation = app.controller.current_conversation
    assert conversation is not None
    return conversation


def records(app_paths: AppPaths, key: bytes) -> list:
    log = AuditLog.open(app_paths.audit_database, key)
    try:
        return log.records()
    finally:
        log.close()


def test_matters_keep_apart_hold_refuse_behind_a_wall_and_export_a_verified_bundle(
    qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path, tmp_path: Path, monkeypatch
) -> None:
    stored = hash_passphrase(ADMIN, ScryptCost(n=2**12))
    a_file, b_file = tmp_path / "Archive note.txt", tmp_path / "Vault note.txt"
    a_file.write_text(A_TEXT)
    b_file.write_text(B_TEXT)

    # 1. Two matters, made through Matter > New matter…, each with a document of its own.
    app = open_app(
        qtbot,
        app_paths,
        data_key,
        starter_model,
        policy(tmp_path, app_paths, admin_passphrase_hash=stored),
    )
    try:
        matter_a = create_matter(qtbot, app, "Harbour Estates", "2026-001", "Lease dispute")
        conversation_a = add_document(qtbot, app, a_file, data_key, 1)
        matter_b = create_matter(qtbot, app, "Globex", "2026-007", "Vault audit")
        assert app.controller.current_conversation is None  # a new chat in the new matter
        conversation_b = add_document(qtbot, app, b_file, data_key, 2)
        send_and_wait(qtbot, app, f"What is the {B_WORD} vault code?")
        assert app.store.conversation(conversation_b).matter_id == matter_b.id

        # 2. Matter A: its list, search, Documents page and retrieval never show B.
        choose(qtbot, app, matter_a)
        qtbot.waitUntil(lambda: listed(app) == {conversation_a}, timeout=WAIT_MS)
        assert search(qtbot, app, B_WORD) == 0
        app.window.sidebar.search_box.setText("")
        prompts: list[list[dict]] = []
        generate = app.engine.generate

        def seen_by_the_model(request_id, chat, *args, **kwargs):
            prompts.append(chat)
            return generate(request_id, chat, *args, **kwargs)

        app.engine.generate = seen_by_the_model  # the real engine, watched
        app.controller.select_conversation(conversation_a)
        qtbot.waitUntil(lambda: app.controller.current_conversation == conversation_a)
        message_id, _status = send_and_wait(qtbot, app, "What is the vault code, and who keeps it?")
        asked = prompts[-1][-1]["content"]
        assert A_WORD in asked, "matter A's own passage was given to the model"
        assert B_SECRET not in asked and B_WORD not in asked
        given = app.store.message(message_id).sources.given
        assert given and {s.document_name for s in given} == {a_file.name}
        assert search(qtbot, app, A_WORD) == 0  # A's words are in its document, not its chat
        assert search(qtbot, app, "vault code") == 1  # A's own question, not B's
        app.window.sidebar.search_box.setText("")
        library = app.documents.library
        for conversation, matter in ((conversation_b, matter_a), (conversation_a, matter_b)):
            # Retrieval for a conversation read in another matter finds nothing of it.
            found = on_executor(
                app, lambda c=conversation, m=matter: library.ground(c, B_WORD, 2000, m.id)
            )
            assert found is None or not found.sources.given
        page = app.documents_page.open()
        qtbot.waitUntil(lambda: page.collections.count() == 1, timeout=WAIT_MS)
        page.collections.setCurrentRow(0)
        qtbot.waitUntil(
            lambda: [row[0] for row in page.document_texts()] == [a_file.name], timeout=WAIT_MS
        )
        page.close()

        # Opening B's conversation by its id from A is refused, shown and recorded.
        app.controller.select_conversation(conversation_b)
        qtbot.waitUntil(
            lambda: "another matter" in app.window.statusBar().currentMessage(), timeout=WAIT_MS
        )
        assert app.controller.current_conversation is None
        assert B_SECRET not in app.window.chat_view.toPlainText()

        # 3. A legal hold on A (the administrator's): nothing of A can be deleted.
        answer_admin_dialog(qtbot, [ADMIN])
        app.window.menus.legal_hold.trigger()
        qtbot.waitUntil(lambda: app.matters_page.current.on_hold, timeout=WAIT_MS)
        app.library.delete(conversation_a)
        qtbot.waitUntil(
            lambda: "legal hold" in app.window.statusBar().currentMessage(), timeout=WAIT_MS
        )
        assert on_executor(app, lambda: app.store.conversation(conversation_a)).id == conversation_a
        monkeypatch.setattr(documents_panel, "confirm", lambda *args: True)
        page = app.documents_page.open()
        qtbot.waitUntil(lambda: page.collections.count() == 1, timeout=WAIT_MS)
        page.collections.setCurrentRow(0)
        qtbot.waitUntil(lambda: len(page.shown_documents) == 1, timeout=WAIT_MS)
        [document] = page.shown_documents
        with qtbot.waitSignal(app.documents_page.failed, timeout=WAIT_MS) as failed:
            app.documents_page.remove_document(document.id)
        assert "legal hold" in failed.args[0]
        page.close()
    finally:
        app.close()
    assert set(documents_on_disk(app_paths.documents_database, data_key)) == {
        a_file.name,
        b_file.name,
    }
    log = records(app_paths, data_key)
    refused = {(r.event_type, r.target_id) for r in log if r.outcome == Outcome.DENIED}
    assert (EventType.CONVERSATION_DELETE, str(conversation_a)) in refused
    assert (EventType.DOCUMENT_REMOVE, str(document.id)) in refused
    assert (EventType.CONVERSATION_OPEN, str(conversation_b)) in refused
    prompted = [r for r in log if r.event_type == EventType.PROMPT_SUBMIT]
    assert {r.details["matter_id"] for r in prompted} == {matter_a.id, matter_b.id}

    # 4. A wall in the policy screens this account from matter B: every read path refuses.
    wall = {"id": WALL, "client": matter_b.client, "number": matter_b.number,
            "kind": "exclusionary", "accounts": [os_account()]}  # fmt: skip
    rules = policy(tmp_path, app_paths, admin_passphrase_hash=stored, walls=[wall])
    app = open_app(qtbot, app_paths, data_key, starter_model, rules)
    try:
        page = app.matters_page
        qtbot.waitUntil(lambda: any(m.id == matter_b.id for m in page.matters), timeout=WAIT_MS)
        page.choose(matter_b.id)
        qtbot.waitUntil(lambda: WALL in app.window.message_bar.text(), timeout=WAIT_MS)
        assert page.current.id == GENERAL_MATTER_ID  # still in General
        assert conversation_b not in listed(app)
        library = app.documents.library
        attempts = {
            "search": lambda: app.library.enter_search(matter_b.id),  # the sidebar's guard
            "retrieve": lambda: library.ground(conversation_b, B_WORD, 2000, matter_b.id),
            "import": lambda: library.add_paths([b_file], None, conversation_b, matter_b.id),
            "export": lambda: page.export_matter(matter_b, tmp_path / "refused", False),
        }
        for attempt in attempts.values():
            with pytest.raises(MatterAccessDenied, match=WALL):
                on_executor(app, attempt)
        assert not (tmp_path / "refused").exists() or not any((tmp_path / "refused").iterdir())

        # 5. Matter A exported from Matter > Export matter…, verified offline.
        choose(qtbot, app, matter_a)
        bundle = tmp_path / "matter A"
        bundle.mkdir()
        page.ask_folder = lambda _title: bundle
        app.window.menus.export_matter.trigger()
        page.dialog.accept()
        qtbot.waitUntil(
            lambda: "cloister audit verify" in app.window.message_bar.text(), timeout=WAIT_MS
        )
        fingerprint = app.audit.key.fingerprint
    finally:
        app.close()
    verdict = verify_bundle(bundle, pinned_fingerprints=[fingerprint])
    assert verdict.ok, verdict.problems
    listed_documents = (bundle / "documents.jsonl").read_text()
    assert a_file.name in listed_documents and b_file.name not in listed_documents
    assert (bundle / f"conversation-{conversation_a:05d}.json").exists()
    assert not (bundle / f"conversation-{conversation_b:05d}.json").exists()
    exported = [json.loads(line) for line in (bundle / "events.jsonl").read_text().splitlines()]
    assert exported, "the matter's audit records are in the bundle"
    assert not [r for r in exported if r["details"].get("matter_id") == matter_b.id]
    assert [r for r in exported if r["event_type"] == EventType.PROMPT_SUBMIT]
    checked = cloister("audit", "verify", str(bundle), "--fingerprint", fingerprint)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    walled = [
        r
        for r in records(app_paths, data_key)
        if r.event_type == EventType.MATTER_ACCESS and r.outcome == Outcome.DENIED
    ]
    assert {r.details["action"] for r in walled} >= {
        "open",
        "search",
        "retrieve",
        "import",
        "export",
    }
    assert all(r.details.get("wall") == WALL and r.reason for r in walled)
