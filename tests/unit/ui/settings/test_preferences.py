"""The Settings page: locks visible, locked keys unchangeable, open keys saved and audited."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QSpinBox

from desktop.audit.log import AuditLog
from desktop.core.policy import AuditContent, EffectivePolicy, Policy, Preferences
from desktop.policy.preferences import read_preferences, save_preference
from desktop.ui.settings.preferences_controller import PreferencesController
from desktop.ui.settings.preferences_dialog import LOCKED_TEXT, PreferencesDialog
from desktop.ui.window.main_window import MainWindow

SHA = "ab" * 32


def effective(**locked: object) -> EffectivePolicy:
    return EffectivePolicy.resolve(
        Policy.model_validate(locked), Preferences(), policy_path="/etc/cloister/policy.json"
    )


AUDIT_VALUES = {"retention_days": 400, "legal_hold": False}


@pytest.fixture
def dialog(qtbot) -> PreferencesDialog:
    policy = effective(export_allowed=False, retention_days=30, allowed_models=[SHA])
    page = PreferencesDialog(policy, AUDIT_VALUES, None)
    qtbot.addWidget(page)
    return page


def test_every_policy_key_is_listed(dialog) -> None:
    assert set(dialog.rows) == set(Policy.model_fields)


def test_locked_keys_are_disabled_and_say_who_set_them(dialog) -> None:
    for name in ("export_allowed", "retention_days"):
        row = dialog.rows[name]
        assert row.locked and not row.editor.isEnabled()
        assert row.status.text() == LOCKED_TEXT
        assert "/etc/cloister/policy.json" in row.status.toolTip()
    assert dialog.rows["retention_days"].editor.value() == 30  # the policy's, not the log's


def test_open_keys_are_editable_and_show_their_values(dialog) -> None:
    for name in ("idle_lock_minutes", "audit_content", "legal_hold", "downloads_allowed"):
        row = dialog.rows[name]
        assert not row.locked and row.editor.isEnabled()
        assert LOCKED_TEXT not in row.status.text()
    assert dialog.rows["idle_lock_minutes"].editor.value() == 15
    assert dialog.rows["legal_hold"].status.text() == "Administrator's setting"


def test_policy_only_keys_are_shown_but_never_editable(dialog) -> None:
    models = dialog.rows["allowed_models"].editor
    assert isinstance(models, QLabel) and models.text() == "1 approved (SHA-256)"
    assert dialog.rows["admin_passphrase_hash"].editor.text() == "Not set"
    assert "allowed_models" not in dialog.changes()


def test_changes_are_only_what_the_user_edited(dialog) -> None:
    assert dialog.changes() == {}
    idle: QSpinBox = dialog.rows["idle_lock_minutes"].editor
    idle.setValue(5)
    content: QComboBox = dialog.rows["audit_content"].editor
    content.setCurrentIndex(content.findData(AuditContent.FULL))
    hold: QCheckBox = dialog.rows["legal_hold"].editor
    hold.setChecked(True)
    assert dialog.changes() == {
        "idle_lock_minutes": 5,
        "audit_content": AuditContent.FULL,
        "legal_hold": True,
    }


def test_a_failed_closed_policy_shows_why_its_keys_are_locked(qtbot) -> None:
    policy = EffectivePolicy.resolve(None, Preferences(), problem="not valid JSON")
    page = PreferencesDialog(policy, AUDIT_VALUES, None)
    qtbot.addWidget(page)
    row = page.rows["air_gapped"]
    assert row.editor.isChecked() and not row.editor.isEnabled()
    assert "could not be used" in row.status.text()


# -- the controller ---------------------------------------------------------------------------


class Harness:
    def __init__(self, qtbot, tmp_path: Path, data_key: bytes, policy: EffectivePolicy) -> None:
        self.window = MainWindow()
        qtbot.addWidget(self.window)
        self.log = AuditLog.open(tmp_path / "audit.db", data_key)
        self.preferences = tmp_path / "preferences.json"
        self.asked: list[str] = []
        self.admin_says = True
        self.applied: list[tuple[str, object]] = []
        self.controller = PreferencesController(
            self.window,
            policy,
            partial(save_preference, self.preferences),
            self.log,
            self._authorize,
            {"idle_lock_minutes": lambda value: self.applied.append(("idle", value))},
        )

    def _authorize(self, action: str) -> bool:
        self.asked.append(action)
        return self.admin_says

    def settings_records(self) -> list[tuple[str, str, dict]]:
        return [
            (record.target_id, record.outcome, record.details)
            for record in self.log.records()
            if record.event_type == "settings.change"
        ]


@pytest.fixture
def harness(qtbot, tmp_path, data_key):
    made: list[Harness] = []

    def make(policy: EffectivePolicy) -> Harness:
        made.append(Harness(qtbot, tmp_path, data_key, policy))
        return made[-1]

    yield make
    for each in made:
        each.log.close()


def test_an_open_setting_is_saved_audited_and_applied_at_once(harness) -> None:
    h = harness(effective())
    assert h.controller.apply({"idle_lock_minutes": 5}) == []
    assert read_preferences(h.preferences).idle_lock_minutes == 5
    assert h.controller.policy.idle_lock_minutes == 5
    assert h.applied == [("idle", 5)]
    assert h.settings_records() == [
        ("idle_lock_minutes", "success", {"old": 15, "new": 5, "via": "settings page"})
    ]


def test_a_locked_setting_is_refused_audited_and_nothing_saved(harness) -> None:
    h = harness(effective(idle_lock_minutes=10))
    problems = h.controller.apply({"idle_lock_minutes": 0})
    assert problems and "administrator" in problems[0]
    assert not h.preferences.exists()
    assert h.controller.policy.idle_lock_minutes == 10 and h.applied == []
    assert h.settings_records()[0][:2] == ("idle_lock_minutes", "denied")
    assert "administrator" in h.window.statusBar().currentMessage()


def test_a_policy_only_setting_cannot_be_set_by_anyone(harness) -> None:
    h = harness(effective())
    assert h.controller.apply({"allowed_models": [SHA]})
    assert not h.preferences.exists()


def test_retention_needs_the_administrator(harness) -> None:
    h = harness(effective())
    h.admin_says = False
    assert h.controller.apply({"retention_days": 90, "legal_hold": True})
    assert h.log.retention_days != 90 and not h.log.legal_hold
    h.admin_says = True
    assert h.controller.apply({"retention_days": 90, "legal_hold": True}) == []
    assert len(h.asked) == 2  # once per save, not once per setting
    assert (h.log.retention_days, h.log.legal_hold) == (90, True)
    assert [name for name, *_ in h.settings_records()] == ["retention_days", "legal_hold"]


def test_locked_retention_is_refused_without_asking(harness) -> None:
    h = harness(effective(retention_days=30))
    h.log.apply_policy({"retention_days": 30})
    assert h.controller.apply({"retention_days": 90})
    assert h.asked == [] and h.log.retention_days == 30
    assert h.settings_records()[0][:2] == ("retention_days", "denied")


def test_a_setting_that_cannot_be_saved_says_so_and_changes_nothing(harness, tmp_path) -> None:
    h = harness(effective())
    h.preferences.mkdir()  # writing the file fails
    problems = h.controller.apply({"export_allowed": False})
    assert problems and "Could not save your settings to" in problems[0]
    assert h.controller.policy.export_allowed
    assert [outcome for _, outcome, _ in h.settings_records()] == ["success", "failure"]


def test_the_page_opens_from_the_window_and_saves_on_ok(qtbot, harness) -> None:
    h = harness(effective(export_allowed=False))
    page = h.controller.open()
    page.rows["idle_lock_minutes"].editor.setValue(3)
    page.buttons.accepted.emit()
    assert json.loads(h.preferences.read_text()) == {"idle_lock_minutes": 3}


def test_downloads_say_they_are_off_while_air_gapped(qtbot) -> None:
    page = PreferencesDialog(effective(air_gapped=True), AUDIT_VALUES, None)
    qtbot.addWidget(page)
    assert page.rows["downloads_allowed"].status.text().endswith("(off now: air-gapped)")
    assert "off now" not in page.rows["export_allowed"].status.text()


def test_the_graphics_card_setting_is_on_by_default_and_saved_when_turned_off(harness) -> None:
    page = PreferencesDialog(effective(), AUDIT_VALUES, None)
    row = page.rows["gpu_offload"]
    assert isinstance(row.editor, QCheckBox) and row.editor.isChecked()
    assert row.editor.isEnabled() and row.editor.accessibleName() == "Use the graphics card"
    row.editor.setChecked(False)
    assert page.changes() == {"gpu_offload": False}
    page.deleteLater()
    h = harness(effective())
    assert h.controller.apply({"gpu_offload": False}) == []
    assert read_preferences(h.preferences).gpu_offload is False


def test_the_administrator_can_lock_the_graphics_card_off(harness) -> None:
    h = harness(effective(gpu_offload=False))
    page = PreferencesDialog(h.controller.policy, AUDIT_VALUES, None)
    row = page.rows["gpu_offload"]
    assert row.locked and not row.editor.isEnabled() and not row.editor.isChecked()
    page.deleteLater()
    problems = h.controller.apply({"gpu_offload": True})
    assert problems and "administrator" in problems[0]
    assert not h.preferences.exists()
    assert h.controller.policy.value("gpu_offload") is False
