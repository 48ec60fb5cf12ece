"""Every screen of the real window, and how to open each: for the clipping and accessibility
checks (tests/e2e/screens_probe.py) and for the screenshots (scripts/screenshots.py).

`prepare` gives a fresh app something to show (a conversation with a formatted answer);
`SCREENS` opens each screen in turn. An opener returns the window it showed, or None when the
screen appears as a new top-level window of its own (a dialog the window opened).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QWidget

from desktop.app import Cloister
from desktop.core.records import Role
from desktop.ui.lock.admin_dialog import AdminPassphraseDialog
from desktop.ui.lock.key_dialogs import ChoosePassphraseDialog, RecoveryKeyDialog, UnlockDialog
from desktop.ui.lock.password_dialog import PasswordDialog

ANSWER = (
    "## Termination\n\nEither party may end the lease with **three months'** notice:\n\n"
    "1. in writing;\n2. to the address in clause 14.\n\n| Party | Notice |\n|---|---|\n"
    "| Tenant | 3 months |\n| Landlord | 6 months |\n\n```python\nnotice_months = 3\n```\n"
)
MESSAGES = [(Role.USER, "Summarise the lease's termination clause."), (Role.ASSISTANT, ANSWER)]


def prepare(app: Cloister) -> None:
    """One conversation with a question and a formatted answer, open in the window."""
    conversation = app.store.create_conversation("Lease review")
    for role, text in MESSAGES:
        app.store.add_message(conversation.id, role, text)
    app.controller.refresh_conversation_list()
    app.window.conversation_selected.emit(conversation.id)
    app.window.confirm_admin = lambda action: True  # the audit page's plain confirmation


def _dialog(make: Callable[[], QDialog]) -> Callable[[Cloister], QWidget]:
    def show(app: Cloister) -> QWidget:
        made = make()
        made.setParent(app.window, made.windowFlags())
        made.show()
        return made

    return show


def _locked(app: Cloister) -> QWidget:
    app.window.lock("Locked after 15 minutes without activity")
    return app.window


SCREENS: list[tuple[str, Callable[[Cloister], object]]] = [
    ("main window", lambda app: app.window),
    ("chat settings", lambda app: app.window.settings_requested.emit()),
    ("settings", lambda app: app.window.preferences_requested.emit()),
    ("models", lambda app: app.window.models_requested.emit()),
    ("documents", lambda app: app.window.documents_requested.emit()),
    ("audit log", lambda app: app.window.audit_requested.emit()),
    ("choose passphrase", _dialog(lambda: ChoosePassphraseDialog("To protect your data"))),
    ("recovery key", _dialog(lambda: RecoveryKeyDialog("ABCD-" * 7 + "ABCD"))),
    ("unlock", _dialog(lambda: UnlockDialog("Wrong passphrase", passphrase_possible=True))),
    ("administrator", _dialog(lambda: AdminPassphraseDialog("Opening the audit log", len))),
    ("PDF password", _dialog(lambda: PasswordDialog("Lease 2024.pdf"))),
    ("lock screen", _locked),
]


def opened(app: Cloister, before: set[QWidget], shown: object) -> list[QWidget]:
    """The windows a screen's opener showed: new top-level windows, else the one returned."""
    from PySide6.QtWidgets import QApplication

    new = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w not in before]
    return new or ([shown] if isinstance(shown, QWidget) else [])
