"""Every screen of the real window, and how to open each: for the clipping and accessibility
checks (tests/e2e/screens_probe.py) and for the screenshots (scripts/screenshots.py).

`prepare` gives a fresh app something to show (a conversation with a formatted answer);
`SCREENS` opens each screen in turn. An opener returns the window it showed, or None when the
screen appears as a new top-level window of its own (a dialog the window opened).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QWidget

from desktop.app import Cloister, _offer_models
from desktop.core.events import NetworkSealed
from desktop.core.matters import GENERAL_MATTER_ID, Matter, MatterState
from desktop.core.records import Message, Role
from desktop.core.settings import GenerationSettings
from desktop.ui.chat.message_dialogs import AboutAnswerDialog, EditMessageDialog
from desktop.ui.chat.message_viewer import MessageViewer
from desktop.ui.chat.rename_dialog import RenameDialog
from desktop.ui.lock.admin_dialog import AdminPassphraseDialog
from desktop.ui.lock.key_dialogs import ChoosePassphraseDialog, RecoveryKeyDialog, UnlockDialog
from desktop.ui.lock.password_dialog import PasswordDialog
from desktop.ui.matters.export_dialog import ExportMatterDialog
from desktop.ui.matters.matter_words import matter_title
from desktop.ui.matters.move_dialog import MoveToMatterDialog
from desktop.ui.matters.new_matter_dialog import NewMatterDialog
from desktop.ui.matters.report_dialog import MatterReportDialog
from desktop.ui.matters.retention_dialog import RetentionDialog
from desktop.ui.matters.wall_memo_dialog import WallMemoDialog
from desktop.ui.onboarding.protection_page import KeyProtection
from desktop.ui.onboarding.wizard import FirstRunWizard
from desktop.ui.window.about_dialog import LicenceViewer
from tests.e2e.first_run_driver import wait_until

ANSWER = (
    "## Termination\n\nEither party may end the lease with **three months'** notice:\n\n"
    "1. in writing;\n2. to the address in clause 14.\n\n| Party | Notice |\n|---|---|\n"
    "| Tenant | 3 months |\n| Landlord | 6 months |\n\n```python\nnotice_months = 3\n```\n"
)
MESSAGES = [(Role.USER, "Summarise the lease's termination clause."), (Role.ASSISTANT, ANSWER)]
# Matters (issue 22): General, an open one, one on hold, a closed one.
MATTERS = [
    Matter(id=GENERAL_MATTER_ID, client="", number="", name="General", opened_on="2024-01-01"),
    Matter(id=2, client="Smith & Partners", number="2024-017", name="Lease dispute",
           opened_on="2024-03-01"),
    Matter(id=3, client="Smith & Partners", number="2024-021", name="Share purchase",
           opened_on="2024-05-14", on_hold=True, retention_days=3650),
    Matter(id=4, client="Harbour Clinic", number="77", name="Malpractice claim",
           opened_on="2022-11-02", state=MatterState.CLOSED),
]  # fmt: skip
WALL_MEMO = (
    "J. Doe is screened from this matter because of a conflict with a former client. Do not "
    "discuss the matter with him or share any of its documents. Questions: the general counsel."
)


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


def _answer() -> Message:
    return Message(
        id=2,
        conversation_id=1,
        role=Role.ASSISTANT,
        content=ANSWER,
        model="SmolLM2-135M-Instruct.Q4_1.gguf",
        model_sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
        prompt_tokens=412,
        completion_tokens=96,
    )


def _first_run(step: int) -> Callable[[Cloister], QWidget]:
    """The first-run flow shown at `step` (0 welcome, 1 protection, 2 recovery key, 3 model)."""

    def show(app: Cloister) -> QWidget:
        protection = KeyProtection(True, "The key is kept in this computer's keychain.")
        wizard = FirstRunWizard(protection, lambda passphrase: "ABCD-" * 7 + "ABCD", app.window)
        wizard.show()
        if step >= 1:
            wizard.next()
        if step >= 2:
            wizard.next()  # makes the key on a thread, then moves on by itself
            wait_until(lambda: wizard.currentPage() is wizard.recovery)
        if step >= 3:
            wizard.recovery.panel.confirmed.setChecked(True)
            _offer_models(wizard, app)
            wizard.next()
            wait_until(lambda: wizard.chosen_model() is not None)
        return wizard

    return show


def _about(page: int) -> Callable[[Cloister], QWidget]:
    return lambda app: app.window.show_about(page)


def _delete_message(app: Cloister) -> None:
    app.controller.delete_message(app.window.chat_view.shown_ids()[0])  # opens a question


def _sidebar_question(ask: str) -> Callable[[Cloister], QWidget]:
    def show(app: Cloister) -> QWidget:
        box = getattr(app.window.sidebar, ask)("Lease review")
        box.show()
        return box

    return show


def _starter_notice(app: Cloister) -> QWidget | None:
    """The notice above the prompt after the starter model's first answer."""
    if app.starter_notice is not None:
        app.starter_notice.show()
    return app.starter_notice


def _alarmed(app: Cloister) -> QWidget:
    """The window's status and banners: air-gap badge, a model loading, the audit alarm."""
    app.window.set_air_gapped(True, NetworkSealed("app", False, "Darwin has no seccomp"))
    app.window.show_network_blocked("Blocked a DNS lookup of example.com:80", 1)
    app.window.show_load_progress(0.4)
    app.window.show_audit_alarm("Audit log integrity alarm: audit.db was rolled back. " * 2)
    return app.window


def _closed_matter(app: Cloister) -> QWidget:
    """The window in a closed matter: the switcher, the note, the prompt read-only, a refusal."""
    closed = MATTERS[3]
    app.window.sidebar.matter_switcher.show_matters(MATTERS, closed.id, {3: "Screened."})
    app.window.show_matter(closed)
    app.window.show_refusal(
        "You are screened from Smith & Partners / 2024-021 by the ethical wall "
        "“share-purchase-conflict” placed by your administrator."
    )
    return app.window


def _locked(app: Cloister) -> QWidget:
    app.window.show_load_progress(None)  # as after a quiet idle: no load under way
    app.window.lock("Locked after 15 minutes without activity")
    return app.window


SCREENS: list[tuple[str, Callable[[Cloister], object]]] = [
    ("main window", lambda app: app.window),
    ("main window: air-gapped, alarm", _alarmed),  # before any dialog stays open behind it
    ("main window: closed matter", _closed_matter),  # early too: the first-run wizards come
    # back into view later (their key thread ends after they closed); the lock hides them
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
    ("about", _about(0)),
    ("about: privacy", _about(1)),
    ("about: licences", _about(2)),
    ("licence text", _dialog(lambda: LicenceViewer("Lucide icons (ISC)", "ISC License\n" * 40))),
    ("rename conversation", _dialog(lambda: RenameDialog("Lease review"))),
    ("edit message", _dialog(lambda: EditMessageDialog(MESSAGES[0][1]))),
    (
        "about this answer",
        _dialog(lambda: AboutAnswerDialog(_answer(), "SmolLM2 135M", GenerationSettings())),
    ),
    ("whole message", _dialog(lambda: MessageViewer("A long pasted memo. " * 2000))),
    ("delete message", _delete_message),
    ("delete conversation", _sidebar_question("delete_box")),
    ("erase from audit log", _sidebar_question("audit_erase_box")),
    ("first run: welcome", _first_run(0)),
    ("first run: protection", _first_run(1)),
    ("first run: recovery key", _first_run(2)),
    ("first run: model", _first_run(3)),
    ("starter notice", _starter_notice),
    ("new matter", _dialog(NewMatterDialog)),
    ("ethical wall memo", _dialog(lambda: WallMemoDialog(matter_title(MATTERS[2]), WALL_MEMO))),
    ("matter retention", _dialog(lambda: RetentionDialog(matter_title(MATTERS[2]), 3650))),
    ("move to matter", _dialog(lambda: MoveToMatterDialog("Lease review", MATTERS[:3]))),
    ("export matter", _dialog(lambda: ExportMatterDialog(matter_title(MATTERS[1])))),
    ("matter report", _dialog(lambda: MatterReportDialog(MATTERS, 2))),
    ("lock screen", _locked),
]


def opened(app: Cloister, before: set[QWidget], shown: object) -> list[QWidget]:
    """The windows a screen's opener showed: new top-level windows, else the one returned."""
    from PySide6.QtWidgets import QApplication

    new = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w not in before]
    return new or ([shown] if isinstance(shown, QWidget) else [])
