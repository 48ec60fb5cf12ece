"""The main window, Settings, the audit page and About in German: built with the repository's
German translations, they show none of the English words their English rendering shows, and
the audit page's sentences and numbers read as German writes them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QHeaderView, QWidget

from desktop import APP_NAME
from desktop.core.audit_events import AuditCheck
from desktop.core.events import NetworkBlocked, NetworkSealed
from desktop.core.policy import EffectivePolicy
from desktop.ui.audit.audit_controller import AuditController
from desktop.ui.audit.audit_dialog import AuditDialog
from desktop.ui.chat.ask_about import AskAboutBar
from desktop.ui.chat.chat_view import ChatView
from desktop.ui.chat.prompt_box import PromptBox
from desktop.ui.chat.sidebar import Sidebar
from desktop.ui.i18n.language import LANGUAGE_NAMES
from desktop.ui.settings.preferences_dialog import PreferencesDialog
from desktop.ui.window.about_dialog import AboutDialog
from desktop.ui.window.main_window import MainWindow
from desktop.ui.window.network_monitor import blocked_words
from tests.unit.ui.i18n.german import compile_german, german_installed
from tests.unit.ui.i18n.test_german import SAME_IN_GERMAN, shown_texts

FEATURES = ("window", "settings", "audit", "services", "widgets", "chat", "lock")
# Written alike in both languages: the version line, the log's own event names.
ALIKE = SAME_IN_GERMAN
OTHER_FEATURES = (Sidebar, ChatView, AskAboutBar, PromptBox, QDialogButtonBox, QHeaderView)
RECORDS = [
    {
        "seq": 2,
        "timestamp": "2026-03-01T09:00:00.000Z",
        "event_type": "model.load",
        "outcome": "success",
        "actor": "jdoe",
        "role": "user",
        "target_type": "model",
        "target_id": "ab" * 32,
        "details": {"file": "smol.gguf"},
    },
    {
        "seq": 1,
        "timestamp": "2026-03-01T08:59:00.000Z",
        "event_type": "airgap.blocked",
        "outcome": "denied",
        "reason": "air-gapped mode",
        "actor": "jdoe",
        "role": "system",
        "target_type": "network",
        "target_id": "example.com:80",
    },
]


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return compile_german(tmp_path_factory.mktemp("qm"), FEATURES)


def main_window() -> QWidget:
    window = MainWindow()
    window.set_air_gapped(True, NetworkSealed("app", False, "no seccomp here"))
    window.show_network_sealed(NetworkSealed("worker", True, "seccomp"))
    window.show_load_progress(0.5)
    window.audit_alarm.show_alarm("x")
    return window


def audit_page() -> QWidget:
    page = AuditDialog(None)
    page.show_page(RECORDS, 0, 1234)
    page.table.selectRow(0)
    return page


SCREENS: dict[str, Callable[[], QWidget]] = {
    "main window": main_window,
    "settings": lambda: PreferencesDialog(EffectivePolicy.resolve_defaults(), {}, None),
    "audit page": audit_page,
    "about": lambda: AboutDialog(None, notices=lambda: []),
}


@pytest.mark.parametrize("screen", SCREENS)
def test_the_screen_in_german_shows_none_of_its_english_words(
    qtbot, compiled: list[Path], screen: str
) -> None:
    english_widget = SCREENS[screen]()
    qtbot.addWidget(english_widget)
    english = shown_texts(english_widget)

    with german_installed(compiled):
        german_widget = SCREENS[screen]()
        qtbot.addWidget(german_widget)
        german = shown_texts(german_widget)

    assert sorted((english & german) - ALIKE - _not_ours(english_widget)) == []
    assert german - ALIKE, "nothing on the screen was translated"


def _not_ours(root: QWidget) -> set[str]:
    """What other features' widgets in the screen show (their own tests check them), data,
    the version line (alike in German) and the log's own event names, as exports spell them."""
    theirs = {APP_NAME, "x", "JSON…", "Markdown…", "PDF…", "jdoe", "smol.gguf"}
    theirs |= set(LANGUAGE_NAMES.values())  # each language named in its own, on purpose
    for widget in root.findChildren(QWidget):
        if isinstance(widget, OTHER_FEATURES):
            theirs |= shown_texts(widget)
    if isinstance(root, AboutDialog):
        theirs.add(root.version.text())  # "Version 0.1.0": German writes it alike
    if isinstance(root, AuditDialog):
        theirs |= shown_texts(root.details) | {root.table.item(0, 0).text()}
        theirs |= {root.event_type.itemText(row) for row in range(1, root.event_type.count())}
    return theirs


def test_the_audit_page_reads_as_german_writes_it(qtbot, compiled: list[Path]) -> None:
    with german_installed(compiled):
        page = audit_page()
        qtbot.addWidget(page)
        assert page.position.text() == "Einträge 1–2 von 1.234, neueste zuerst"  # noqa: RUF001
        assert page.table.item(0, 2).text().startswith("Modell smol.gguf geladen, SHA-256")
        assert page.table.item(0, 1).text() == "jdoe (Benutzer)"
        assert page.table.item(1, 3).text() == "abgewiesen: air-gapped mode"
        controller = AuditController(page, None, None, None)  # type: ignore[arg-type]
        controller._verified(AuditCheck(ok=True, records=1500, key_fingerprint="ab12", problems=()))
        assert page.message.text().startswith("Unversehrt: 1.500 Einträge;")


def test_the_air_gap_badge_and_a_refusal_in_german(qtbot, compiled: list[Path]) -> None:
    with german_installed(compiled):
        window = main_window()
        qtbot.addWidget(window)
        assert window.air_gap_badge.text() == "Offline: überwacht, nicht erzwungen"
        assert "Modellprozess: vom Betriebssystem erzwungen (seccomp)" in (
            window.air_gap_badge.toolTip()
        )
        attempt = NetworkBlocked(
            "socket.getaddrinfo", "example.com:80", "", "m.f (f.py:1)", "app", "Main", "t"
        )
        assert blocked_words(attempt) == (
            "DNS-Abfrage von example.com:80 blockiert (socket.getaddrinfo), ausgelöst von m.f"
        )
