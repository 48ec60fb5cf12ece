"""The local API's part of the Settings page (issue 23): the address while it listens, the
token by its fingerprint, Create (shown once, audited) and Revoke; the real token store on a
real audit log."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from desktop.audit.log import AuditLog
from desktop.core.policy import EffectivePolicy, Policy, Preferences
from desktop.local_api.messages import ListenState
from desktop.local_api.tokens import ApiTokens, fingerprint, token_sha256
from desktop.ui.settings.local_api_controller import LocalApiController
from desktop.ui.settings.preferences_dialog import PreferencesDialog
from desktop.ui.window.main_window import MainWindow

ADDRESS = "http://127.0.0.1:8765/v1"


@pytest.fixture
def audit(tmp_path, data_key):
    log = AuditLog.open(tmp_path / "audit.db", data_key)
    yield log
    log.close()


@pytest.fixture
def page(qtbot, audit):
    window = MainWindow()
    qtbot.addWidget(window)
    told: list[bytes | None] = []
    tokens = ApiTokens(audit.store.meta, audit.store.set_meta, audit)
    controller = LocalApiController(window, tokens, told.append, allowed=True, address=ADDRESS)
    policy = EffectivePolicy.resolve(Policy(local_api_allowed=True), Preferences())
    dialog = PreferencesDialog(policy, {"retention_days": 400, "legal_hold": False}, window)
    qtbot.addWidget(dialog)
    controller.attach(dialog)
    return controller, told, tokens


def test_off_and_no_token_at_first(page) -> None:
    controller, _, _ = page
    panel = controller.panel
    assert panel.address.text() == "Off"
    assert panel.token.text() == "None: programs are refused"
    assert panel.create.isEnabled() and not panel.revoke.isEnabled()
    for button in (panel.create, panel.revoke):
        assert button.accessibleName() and button.accessibleDescription()


def test_a_created_token_is_shown_once_kept_as_its_digest_and_audited(qtbot, page, audit):
    controller, told, tokens = page
    controller.panel.create.click()
    dialog = controller.token_dialog
    token = dialog.field.text()
    assert dialog.isVisible() and ADDRESS in dialog.findChildren(QLabel)[0].text()
    assert tokens.current() == token_sha256(token) and told == [token_sha256(token)]
    assert fingerprint(token_sha256(token)) in controller.panel.token.text()
    dialog.copy.click()
    assert QApplication.clipboard().text() == token
    [record] = [r for r in audit.records() if r.event_type == "api.token"]
    assert record.details == {"action": "created", "fingerprint": fingerprint(token_sha256(token))}
    assert token not in str(record.details) and token.encode() not in audit.store.meta(
        "local_api_token_sha256"
    )


def test_revoke_removes_the_token_and_tells_the_listener(page, audit) -> None:
    controller, told, tokens = page
    controller.create_token()
    controller.revoke_token()
    assert tokens.current() is None and told[-1] is None
    assert not controller.panel.revoke.isEnabled()
    actions = [r.details["action"] for r in audit.records() if r.event_type == "api.token"]
    assert actions == ["created", "revoked"]


def test_the_address_shows_while_it_listens_and_a_bind_problem_is_said(qtbot, page) -> None:
    controller, _, _ = page
    controller.state_changed.emit(ListenState(True, ADDRESS))
    qtbot.waitUntil(lambda: controller.panel.address.text() == ADDRESS)
    problem = "Cannot listen on 127.0.0.1:8765: Address already in use"
    controller.state_changed.emit(ListenState(False, ADDRESS, problem))
    qtbot.waitUntil(lambda: controller.panel.address.text() == problem)


def test_not_allowed_by_the_policy(qtbot, audit) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    tokens = ApiTokens(audit.store.meta, audit.store.set_meta, audit)
    controller = LocalApiController(window, tokens, lambda _: None, allowed=False, address=ADDRESS)
    dialog = PreferencesDialog(
        EffectivePolicy.resolve_defaults(), {"retention_days": 1, "legal_hold": False}, window
    )
    qtbot.addWidget(dialog)
    controller.attach(dialog)
    assert "administrator" in controller.panel.address.text()
    assert not controller.panel.create.isEnabled()
