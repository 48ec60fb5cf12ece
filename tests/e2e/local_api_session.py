"""An air-gapped session serving the local API, in a process of its own (for strace):

    python -m tests.e2e.local_api_session BASEDIR KEY_HEX MODEL POLICY BUNDLE

Starts as `cloister` does: the policy, the early processes (the local API's listener), then the
seal, then Qt and the app, whose policy has the API on (so a token is made at start). Once the
model is loaded it prints {"token", "port"} and waits for BASEDIR/done, written by the test
after its calls; then exports the audit log to BUNDLE, verifies it and prints the outcome.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.early_processes import start_early_processes
from desktop.paths import AppPaths
from desktop.policy import seal_network
from desktop.policy.effective import load_policy


def main(basedir: str, key_hex: str, model: str, policy_file: str, bundle: str) -> int:
    paths = AppPaths.from_basedir(basedir)
    policy = load_policy(Path(policy_file), paths.preferences)
    early = start_early_processes(policy)  # before the seal, as desktop.cli.main does
    sealed = seal_network(policy)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    import desktop.storage  # noqa: F401  # first: sqlite-utils on SQLCipher
    from desktop.app import build
    from desktop.audit.service import AuditService
    from desktop.audit.verify import verify_bundle
    from desktop.core.audit_events import AuditQuery

    qt_app = QApplication(sys.argv)
    app = build(
        paths, data_key=bytes.fromhex(key_hex), model_path=Path(model), policy=policy, early=early
    )
    page = app.local_api_page
    assert page is not None and page.token_dialog is not None
    token = page.token_dialog.field.text()
    outcome: dict[str, object] = {"air_gapped": sealed}

    def finish(code: int) -> None:
        print(json.dumps(outcome), flush=True)
        app.close()
        qt_app.exit(code)

    def wait_for_model() -> None:
        if app.engine_queue is None or app.engine_queue.loaded_model is None:
            QTimer.singleShot(100, wait_for_model)
            return
        port = policy.value("local_api_port")
        print(json.dumps({"token": token, "port": port}), flush=True)
        wait_for_test()

    def wait_for_test() -> None:
        if not (Path(basedir) / "done").exists():
            QTimer.singleShot(100, wait_for_test)
            return
        done = app.executor.submit(
            lambda: AuditService(app.audit).export(bundle, AuditQuery(), lambda *_: None)
        )
        done.result(timeout=240)  # a hang guard
        verdict = verify_bundle(Path(bundle), app.audit.key.public_pem())
        outcome["bundle_ok"] = verdict.ok
        outcome["problems"] = list(verdict.problems)
        lines = (Path(bundle) / "events.jsonl").read_text().splitlines()
        records = [json.loads(line) for line in lines]
        outcome["events"] = [r["event_type"] for r in records]
        outcome["calls"] = [
            [r["details"]["route"], r["details"]["status"]]
            for r in records
            if r["event_type"] == "api.call"
        ]
        outcome["sealed"] = {
            r["target_id"]: r["details"]["air_gap"]
            for r in records
            if r["event_type"] == "airgap.sealed"
        }
        finish(0 if verdict.ok else 1)

    wait_for_model()
    QTimer.singleShot(480_000, lambda: finish(2))  # never outlive a broken test run
    return qt_app.exec()


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:6]))
