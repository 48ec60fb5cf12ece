"""A whole air-gapped session in a process of its own: for the strace and unshare tests.

    python -m tests.e2e.session_app BASEDIR KEY_HEX MODEL POLICY BUNDLE

Starts the app the way `cloister --policy POLICY` does (policy first, air-gap guard before Qt),
loads MODEL in the worker, imports a PDF with a scanned page into a collection (read, OCR'd and
embedded in their own processes), asks one question about it, tries to reach the network once
(refused), exports the audit log to BUNDLE and verifies it. Prints one JSON line with what
happened; exit 0 if the whole session worked. Offscreen: no display needed.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.request
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.core.matters import GENERAL_MATTER_ID
from desktop.paths import AppPaths
from desktop.policy import seal_network
from desktop.policy.effective import load_policy


def main(basedir: str, key_hex: str, model: str, policy_file: str, bundle: str) -> int:
    paths = AppPaths.from_basedir(basedir)
    policy = load_policy(Path(policy_file), paths.preferences)
    sealed = seal_network(policy)  # as desktop.cli.main does, before Qt is imported

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    import desktop.storage  # noqa: F401  # first: sqlite-utils on SQLCipher
    from desktop.app import build
    from desktop.audit.service import AuditService
    from desktop.audit.verify import verify_bundle
    from desktop.core.audit_events import AuditQuery
    from desktop.core.events import GenerationFinished, ModelLoaded, ModelLoadFailed
    from desktop.core.settings import GenerationSettings
    from desktop.ui.chat.chat_controller import EngineSignals
    from tests.documents.pdf_writer import ImagePage, make_pdf

    qt_app = QApplication(sys.argv)
    app = build(
        paths,
        data_key=bytes.fromhex(key_hex),
        model_path=Path(model),
        settings=GenerationSettings(temperature=0.0, max_tokens=24),
        policy=policy,
    )
    app.window.show()
    outcome: dict[str, object] = {"air_gapped": sealed}

    def finish(code: int) -> None:
        print(json.dumps(outcome), flush=True)
        app.close()
        qt_app.exit(code)

    def export_and_verify() -> None:
        try:
            urllib.request.urlopen("http://example.com/", timeout=5)
            outcome["phone_home"] = "reached the network"
        except OSError as exc:
            outcome["phone_home"] = f"refused: {exc}"
        outcome["badge"] = app.window.air_gap_badge.isVisible()
        outcome["status"] = app.window.statusBar().currentMessage()
        done = app.executor.submit(
            lambda: AuditService(app.audit).export(bundle, AuditQuery(), lambda *_: None)
        )
        done.result(timeout=240)  # a hang guard
        verdict = verify_bundle(Path(bundle), app.audit.key.public_pem())
        outcome["bundle_ok"] = verdict.ok
        outcome["problems"] = list(verdict.problems)
        lines = (Path(bundle) / "events.jsonl").read_text().splitlines()
        outcome["events"] = [json.loads(line)["event_type"] for line in lines]
        finish(0 if verdict.ok else 1)

    def import_document() -> None:
        """A collection with one document; a conversation that asks about it."""
        library = app.documents.library
        document = Path(bundle).parent / "lease.pdf"
        document.write_bytes(
            make_pdf(["The monthly rent is EUR 1,450.", ImagePage(("Signed by Anna Berg",))])
        )

        def add() -> int:
            collection = library.create_collection("Berg lease", GENERAL_MATTER_ID)
            library.add_paths([document], collection.id, None, GENERAL_MATTER_ID)
            conversation = app.store.create_conversation("About the lease")
            library.set_scope(conversation.id, collection.id, GENERAL_MATTER_ID)
            return conversation.id

        conversation_id = app.executor.submit(add).result(timeout=60)
        ask_when_indexed(conversation_id)

    def ask_when_indexed(conversation_id: int) -> None:
        if not app.documents.indexer.idle.is_set():
            QTimer.singleShot(200, lambda: ask_when_indexed(conversation_id))
            return
        rows = app.executor.submit(
            lambda: app.documents.library.documents(1, GENERAL_MATTER_ID)
        ).result(60)
        outcome["documents"] = [(row.name, row.status, row.message) for row in rows]
        app.controller.select_conversation(conversation_id)
        app.controller.send("What is the monthly rent?")

    def on_event(event: object) -> None:
        if isinstance(event, ModelLoaded):
            outcome["model_sha256"] = event.sha256
            import_document()
        elif isinstance(event, ModelLoadFailed):
            outcome["error"] = event.message
            finish(1)
        elif isinstance(event, GenerationFinished):
            outcome["reply_tokens"] = event.tokens

    def on_reply_saved(message_id: int, _status: str) -> None:
        reply = app.executor.submit(lambda: app.store.message(message_id)).result(60)
        outcome["sources"] = [s.label for s in reply.sources.given] if reply.sources else []
        # The reply's audit record was queued on the serial executor with its save, so the
        # export, queued after this, includes it.
        export_and_verify()

    signals = app.window.findChild(EngineSignals)
    assert signals is not None
    signals.event.connect(on_event)
    app.controller.reply_saved.connect(on_reply_saved)
    QTimer.singleShot(480_000, lambda: finish(2))  # never outlive a broken test run
    return qt_app.exec()


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:6]))
