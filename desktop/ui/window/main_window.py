"""The main window: menu bar, matter switcher and conversation list, chat header (title, model
picker), transcript, "Ask about", prompt box, Stop, status bar, and a message bar for what was
refused (an ethical wall's reason).

Widgets only; what happens when the user acts is the ChatController's business (documents
dropped anywhere on the window, the DocumentsController's).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.core.events import NetworkSealed
from desktop.core.export import ExportFormat
from desktop.core.matters import Matter
from desktop.core.records import Conversation
from desktop.ui.audit.audit_alarm import AuditAlarmBanner
from desktop.ui.chat.ask_about import AskAboutBar
from desktop.ui.chat.chat_view import ChatView
from desktop.ui.chat.prompt_box import PromptBox
from desktop.ui.chat.sidebar import Sidebar
from desktop.ui.lock.lock_screen import LockScreen
from desktop.ui.matters.matter_words import read_only_note
from desktop.ui.theme.apply import restyle
from desktop.ui.theme.icons import icon
from desktop.ui.widgets.message_bar import KINDS, MessageBar
from desktop.ui.window.about_dialog import PRIVACY_PAGE, AboutDialog
from desktop.ui.window.chat_header import ChatHeader
from desktop.ui.window.file_drops import FileDropFilter
from desktop.ui.window.menus import WindowMenus

_ERROR, _WARNING, _INFO = KINDS  # the message bar's kinds, coloured by the theme


class MainWindow(QMainWindow):
    new_chat_requested = Signal()
    settings_requested = Signal()
    audit_requested = Signal()
    preferences_requested = Signal()
    models_requested = Signal()
    documents_requested = Signal()
    documents_dropped = Signal(list)  # local paths (Path) of files and folders
    cancel_load_requested = Signal()
    conversation_selected = Signal(int)
    lock_requested = Signal()  # File > Lock now
    text_size_requested = Signal(int)  # View: +1 bigger, -1 smaller, 0 actual size
    # The Matter menu (issue 22): MattersController acts on them.
    new_matter_requested = Signal()
    close_matter_requested = Signal()  # close the matter in force, or reopen it
    legal_hold_requested = Signal()  # place or lift
    retention_requested = Signal()
    export_matter_requested = Signal()
    move_conversation_requested = Signal(int)  # conversation id (the menu's: the open one)
    closing = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.resize(1100, 720)

        self.menus = WindowMenus(self.menuBar())
        self.new_chat_button = QPushButton(icon("message-square-plus"), self.tr("New chat"))
        self.new_chat_button.setObjectName("newChatButton")
        self.new_chat_button.setProperty("accent", True)  # the theme styles it as the primary
        self.new_chat_button.setAccessibleName(self.tr("New chat"))
        self.new_chat_button.setAccessibleDescription(self.tr("Start a new conversation"))
        self.new_chat_button.setToolTip(
            self.tr("Start a new conversation ({key})").format(
                key=QKeySequence(QKeySequence.StandardKey.New).toString(
                    QKeySequence.SequenceFormat.NativeText
                )
            )
        )
        self.sidebar = Sidebar()
        self.conversation_list = self.sidebar.conversation_list
        self.chat_header = ChatHeader()
        self.model_picker = self.chat_header.model_picker
        self.chat_view = ChatView()
        self.ask_about = AskAboutBar()
        self.prompt_box = PromptBox()
        # Four lines of text and the frame: from the font, so it grows with the text size.
        lines = self.prompt_box.fontMetrics().lineSpacing() * 4
        self.prompt_box.setFixedHeight(lines + 2 * self.prompt_box.frameWidth() + 12)
        self.send_button = QPushButton(icon("send"), self.tr("Send"))
        self.send_button.setProperty("primary", True)  # the theme's accent button
        self.send_button.setAccessibleName(self.tr("Send"))
        self.send_button.setAccessibleDescription(self.tr("Send the message to the model"))
        self.stop_button = QPushButton(icon("circle-stop"), self.tr("Stop"))
        self.stop_button.setEnabled(False)
        self.stop_button.setToolTip(self.tr("Stop the answer (Esc)"))
        self.stop_button.setAccessibleName(self.tr("Stop"))
        self.stop_button.setAccessibleDescription(self.tr("Stop the answer (Esc)"))
        self._conversations: dict[int, Conversation] = {}
        self._current_conversation: int | None = None
        self._generating = False
        self.matter: Matter | None = None  # the matter in force (None until one is entered)
        # A closed matter's note above the prompt box: nothing can be added to it.
        self.matter_note = QLabel("")
        self.matter_note.setObjectName("matterNote")
        self.matter_note.setProperty("tone", "warning")
        self.matter_note.setWordWrap(True)
        self.matter_note.hide()
        # What the user's own action was refused (a wall's reason) or could not do, in the page.
        self.message_bar = MessageBar()

        sidebar = QWidget()
        sidebar_layout = QVBoxLayout(sidebar)
        sidebar_layout.setContentsMargins(6, 6, 0, 6)
        sidebar_layout.addWidget(self.new_chat_button)
        sidebar_layout.addWidget(self.sidebar, 1)

        buttons = QVBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch()
        prompt_row = QHBoxLayout()
        prompt_row.addWidget(self.prompt_box, 1)
        prompt_row.addLayout(buttons)

        chat = QWidget()
        chat_layout = QVBoxLayout(chat)
        chat_layout.setContentsMargins(0, 6, 6, 6)
        chat_layout.addWidget(self.chat_header)
        chat_layout.addWidget(self.chat_view, 1)
        chat_layout.addWidget(self.ask_about)
        chat_layout.addWidget(self.matter_note)
        chat_layout.addLayout(prompt_row)

        splitter = QSplitter()
        splitter.addWidget(sidebar)
        splitter.addWidget(chat)
        splitter.setStretchFactor(1, 1)
        sidebar_width = self.fontMetrics().averageCharWidth() * 34  # a title of ~30 letters
        splitter.setSizes([sidebar_width, 1100 - sidebar_width])
        # The policy banner says why the policy failed closed, or what an admin should fix.
        self.policy_banner = QLabel("")
        self.policy_banner.setObjectName("policyBanner")
        self.policy_banner.setWordWrap(True)
        self.policy_banner.hide()
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        self.audit_alarm = AuditAlarmBanner()  # until an administrator acknowledges it
        content_layout.addWidget(self.audit_alarm)
        content_layout.addWidget(self.policy_banner)
        content_layout.addWidget(self.message_bar)
        content_layout.addWidget(splitter, 1)
        # The lock screen takes the place of the content: nothing of it stays on screen.
        self.lock_screen = LockScreen()
        self._pages = QStackedWidget()
        self._pages.addWidget(content)
        self._pages.addWidget(self.lock_screen)
        self.setCentralWidget(self._pages)
        self._hidden_while_locked: list[QWidget] = []

        self.model_label = QLabel(self.tr("No model loaded"))
        self.model_label.setObjectName("modelLabel")
        self.speed_label = QLabel("")
        self.speed_label.setObjectName("speedLabel")
        self.load_progress = QProgressBar()
        self.load_progress.setRange(0, 100)
        self.load_progress.setMaximumWidth(self.fontMetrics().averageCharWidth() * 20)
        self.load_progress.setAccessibleName(self.tr("Model loading"))
        self.cancel_load_button = QToolButton()
        self.cancel_load_button.setText(self.tr("Cancel"))
        self.cancel_load_button.setToolTip(self.tr("Stop loading this model"))
        self.cancel_load_button.setAccessibleName(self.tr("Cancel loading"))
        self.cancel_load_button.setAccessibleDescription(self.tr("Stop loading this model"))
        self.air_gap_badge = QLabel(self.tr("Air-gapped"))
        self.air_gap_badge.setObjectName("airGapBadge")
        self.air_gap_badge.setProperty("enforced", True)  # the theme: green, amber if not
        self.air_gap_badge.setAccessibleName(self.tr("Air-gapped mode"))
        self.air_gap_badge.setToolTip(
            self.tr("Network access is blocked and every attempt is audited.")
        )
        self.air_gap_badge.hide()
        self.indexing_label = QLabel("")
        self.indexing_label.setObjectName("indexingLabel")
        self.indexing_label.hide()
        self._seals: dict[str, NetworkSealed] = {}  # per process: how its network is closed
        self._blocked_count = 0
        self.statusBar().addPermanentWidget(self.indexing_label)
        self.statusBar().addPermanentWidget(self.load_progress)
        self.statusBar().addPermanentWidget(self.cancel_load_button)
        self.statusBar().addPermanentWidget(self.model_label)
        self.statusBar().addPermanentWidget(self.speed_label)
        # Permanent: a temporary status message must never hide it.
        self.statusBar().addPermanentWidget(self.air_gap_badge)
        self.show_load_progress(None)

        self.new_chat_button.clicked.connect(self.new_chat_requested)
        self.cancel_load_button.clicked.connect(self.cancel_load_requested)
        self.send_button.clicked.connect(self.prompt_box.submit)
        self.sidebar.conversation_selected.connect(self.conversation_selected)
        self.sidebar.move_requested.connect(self.move_conversation_requested)
        self._connect_menus()
        self._shortcuts = [
            QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.stop_button.click),
        ]
        self.about_dialog: AboutDialog | None = None
        # Files dropped anywhere on the window: the chat, the sidebar, even the prompt box.
        self._file_drops = FileDropFilter(self._files_dropped, self)
        self._file_drops.watch(self)
        self._apply_matter_state()  # no matter yet: its items wait for one
        self.prompt_box.setFocus()

    def _connect_menus(self) -> None:
        menus = self.menus
        menus.new_chat.triggered.connect(self.new_chat_requested)
        for fmt, action in menus.export_actions.items():
            action.triggered.connect(lambda _=False, fmt=fmt: self._export_current(fmt))
        menus.lock_now.triggered.connect(self.lock_requested)
        menus.quit.triggered.connect(self.close)
        menus.copy.triggered.connect(lambda: self._edit_target("copy"))
        menus.select_all.triggered.connect(lambda: self._edit_target("selectAll"))
        menus.find.triggered.connect(self.focus_search)
        menus.bigger_text.triggered.connect(lambda: self.text_size_requested.emit(1))
        menus.smaller_text.triggered.connect(lambda: self.text_size_requested.emit(-1))
        menus.actual_size.triggered.connect(lambda: self.text_size_requested.emit(0))
        menus.documents.triggered.connect(self.documents_requested)
        menus.models.triggered.connect(self.models_requested)
        menus.chat_settings.triggered.connect(self.settings_requested)
        menus.audit_log.triggered.connect(self.audit_requested)
        menus.settings.triggered.connect(self.preferences_requested)
        menus.new_matter.triggered.connect(self.new_matter_requested)
        menus.close_matter.triggered.connect(self.close_matter_requested)
        menus.legal_hold.triggered.connect(self.legal_hold_requested)
        menus.retention.triggered.connect(self.retention_requested)
        menus.export_matter.triggered.connect(self.export_matter_requested)
        menus.move_conversation.triggered.connect(self._move_current)
        menus.about.triggered.connect(lambda: self.show_about())
        menus.privacy.triggered.connect(lambda: self.show_about(PRIVACY_PAGE))
        self._update_export()

    def focus_search(self) -> None:
        """Edit > Find: the search box above the conversation list, its text selected."""
        self.sidebar.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.sidebar.search_box.selectAll()

    def show_about(self, page: int = 0) -> AboutDialog:
        if self.about_dialog is None:
            self.about_dialog = AboutDialog(self)
        self.about_dialog.show_page(page)
        self.about_dialog.show()
        self.about_dialog.raise_()
        return self.about_dialog

    def _edit_target(self, method: str) -> None:
        """Copy or Select all in the focused text (an editor, the search box), else in the
        transcript."""
        focused = QApplication.focusWidget()
        target = focused if focused is not None and hasattr(focused, method) else self.chat_view
        getattr(target, method)()

    def _export_current(self, fmt: ExportFormat) -> None:
        conversation = self._conversations.get(self._current_conversation or -1)
        if conversation is not None and not self.is_locked:
            self.sidebar.export(conversation, fmt)

    def _update_export(self) -> None:
        known = self._current_conversation in self._conversations
        self.menus.export_menu.setEnabled(known and not self.is_locked)
        movable = self.matter is None or not (self.matter.read_only or self.matter.on_hold)
        self.menus.move_conversation.setEnabled(known and movable and not self.is_locked)

    def _move_current(self) -> None:
        if self._current_conversation in self._conversations and not self.is_locked:
            self.move_conversation_requested.emit(self._current_conversation)

    def conversation(self, conversation_id: int) -> Conversation | None:
        """A conversation the list shows now (None: not listed)."""
        return self._conversations.get(conversation_id)

    @property
    def current_conversation(self) -> int | None:
        """The conversation open in the transcript (None: a new chat)."""
        return self._current_conversation

    def _files_dropped(self, paths: list[Path]) -> None:
        if self.read_only:  # a closed matter takes no documents
            self.show_refusal(self.matter_note.text())
        elif not self.is_locked:
            self.documents_dropped.emit(paths)

    # -- what the controller shows ------------------------------------------------------------

    def show_conversations(
        self, conversations: Sequence[Conversation], current: int | None
    ) -> None:
        self.sidebar.show_conversations(conversations, current)
        self._conversations = {conversation.id: conversation for conversation in conversations}
        if current is not None:
            self._current_conversation = current
        self._show_current_title()

    def show_current_conversation(self, conversation_id: int | None) -> None:
        """The conversation now open (None: a new chat): its title in the header, Export."""
        self._current_conversation = conversation_id
        self._show_current_title()

    def _show_current_title(self) -> None:
        conversation = self._conversations.get(self._current_conversation or -1)
        if self._current_conversation is None or conversation is not None:
            self.chat_header.show_title(conversation.title if conversation else None)
        self._update_export()

    def set_generating(self, generating: bool) -> None:
        self._generating = generating
        self.stop_button.setEnabled(generating)
        self.send_button.setEnabled(not generating and not self.read_only)

    def set_prompt_enabled(self, enabled: bool) -> None:
        self.prompt_box.setReadOnly(not enabled or self.read_only)
        self.send_button.setEnabled(enabled and not self.read_only)

    # -- the matter in force (issue 22) -------------------------------------------------------

    @property
    def read_only(self) -> bool:
        """The matter in force is closed: nothing is written to it."""
        return self.matter is not None and self.matter.read_only

    def show_matter(self, matter: Matter) -> None:
        """The matter now in force: a closed one leaves the prompt box, New chat and Attach
        read-only with a note saying why; the Matter menu's items follow its state."""
        self.matter = matter
        note = read_only_note(matter)
        self.matter_note.setText(note or "")
        self.matter_note.setVisible(note is not None)
        self._apply_matter_state()

    def _apply_matter_state(self) -> None:
        read_only, locked = self.read_only, self.is_locked
        self.prompt_box.setReadOnly(read_only)
        self.send_button.setEnabled(not read_only and not self._generating)
        self.new_chat_button.setEnabled(not read_only)
        self.ask_about.setEnabled(not read_only)
        matter = self.matter
        if not locked:
            self.menus.new_chat.setEnabled(not read_only)
            if matter is not None:
                self.menus.show_matter_state(matter.read_only, matter.on_hold, matter.is_general)
            else:
                for action in self.menus.matter_actions[1:]:
                    action.setEnabled(False)
        self._update_export()

    def show_refusal(self, text: str) -> None:
        """An action refused (an ethical wall, a closed or held matter), in the page."""
        self.message_bar.show_message(text, _ERROR)

    def show_result(self, text: str) -> None:
        """A matter action done (created, closed, moved, exported), in the page."""
        self.message_bar.show_message(text, _INFO)

    def show_model(self, text: str) -> None:
        self.model_label.setText(text)

    def show_load_progress(self, fraction: float | None) -> None:
        """A progress bar with Cancel while a model loads; None hides both."""
        loading = fraction is not None
        self.load_progress.setVisible(loading)
        self.cancel_load_button.setVisible(loading)
        if loading:
            self.load_progress.setValue(round(fraction * 100))

    def show_indexing(self, text: str | None) -> None:
        """Indexing under way, in a word or two, wherever the user is; None hides it."""
        self.indexing_label.setText(text or "")
        self.indexing_label.setVisible(bool(text))

    def show_speed(self, text: str) -> None:
        self.speed_label.setText(text)

    def notify(self, text: str, timeout_ms: int = 0) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def notify_if_free(self, text: str, timeout_ms: int = 0) -> None:
        """A notice nobody is waiting for (the start-up model is ready): shown only while the
        status bar says nothing else, so it never hides what the user's own action just got."""
        if not self.statusBar().currentMessage():
            self.notify(text, timeout_ms)

    def set_air_gapped(self, on: bool, sealed: NetworkSealed | None = None) -> None:
        """The badge; `sealed` says how this process's network is closed (None: not at all)."""
        self.air_gap_badge.setVisible(on)
        self.show_network_sealed(sealed or NetworkSealed("app", False, "not sealed"))

    def show_network_sealed(self, sealed: NetworkSealed) -> None:
        """One process's seal (the app's at start, each worker's when it starts): the badge
        says "enforced by the OS" only while every process is."""
        self._seals[sealed.process] = sealed
        self._update_air_gap_badge()

    def show_network_blocked(self, text: str, count: int) -> None:
        self._blocked_count = count
        self._update_air_gap_badge()
        self.notify(text)

    def show_audit_alarm(self, text: str) -> None:
        self.audit_alarm.show_alarm(text)

    @property
    def air_gap_enforced(self) -> bool:
        return bool(self._seals) and all(seal.enforced for seal in self._seals.values())

    def _update_air_gap_badge(self) -> None:
        enforced = self.air_gap_enforced
        self.air_gap_badge.setText(
            self.tr("Air-gapped: {state}").format(state=self._air_gap_words(enforced))
        )
        # The theme colours it: green for a wall, amber for a tripwire only.
        self.air_gap_badge.setProperty("enforced", enforced)
        restyle(self.air_gap_badge)
        lines = [
            self.tr("Network access is blocked and every attempt is audited.")
            if enforced
            else self.tr(
                "Network access is refused by Cloister's own guard and audited, but the "
                "operating system does not enforce it: code that bypasses Python can still "
                "reach the network."
            )
        ]
        lines += [
            self.tr("{process}: {state} ({detail})").format(
                process=self._process_words(seal.process),
                state=self._air_gap_words(seal.enforced),
                detail=seal.detail,
            )
            for seal in self._seals.values()
        ]
        if self._blocked_count:
            lines.append(
                self.tr("Blocked so far: {count}.").format(
                    count=QLocale().toString(self._blocked_count)
                )
            )
        tip = "\n".join(lines)
        self.air_gap_badge.setToolTip(tip)
        self.air_gap_badge.setAccessibleDescription(tip)

    def _air_gap_words(self, enforced: bool) -> str:
        """air_gap_state's words (the audit log keeps them in English) in the user's language."""
        if enforced:
            return self.tr("enforced by the OS")
        return self.tr("guarded, not enforced")

    def _process_words(self, process: str) -> str:
        words = {"app": self.tr("app"), "worker": self.tr("worker")}
        return words.get(process, process)

    def show_policy_banner(self, text: str) -> None:
        self.policy_banner.setText(text)
        self.policy_banner.setVisible(bool(text))

    # -- locking ------------------------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        return self._pages.currentWidget() is self.lock_screen

    def lock(self, reason: str) -> None:
        """Hide every conversation (dialogs included) behind the lock screen."""
        if self.is_locked:
            return
        self._hidden_while_locked = [
            child for child in self.findChildren(QDialog) if child.isVisible()
        ]
        for child in self._hidden_while_locked:
            child.hide()
        self.lock_screen.set_reason(reason)
        self.lock_screen.reset()
        self._pages.setCurrentWidget(self.lock_screen)
        self.statusBar().clearMessage()
        for shortcut in self._shortcuts:
            shortcut.setEnabled(False)
        for action in self.menus.while_unlocked:
            action.setEnabled(False)

    def unlock(self) -> None:
        self._pages.setCurrentIndex(0)
        for child in self._hidden_while_locked:
            child.show()
        self._hidden_while_locked = []
        for shortcut in self._shortcuts:
            shortcut.setEnabled(True)
        for action in self.menus.while_unlocked:
            action.setEnabled(True)
        self._apply_matter_state()
        self.prompt_box.setFocus()

    # -- events -------------------------------------------------------------------------------

    def confirm_admin(self, action: str) -> bool:
        """Without an administrator passphrase in the policy, a plain confirmation."""
        answer = QMessageBox.question(
            self,
            self.tr("Administrators only"),
            self.tr(
                "{action} is for administrators and auditors, and is itself recorded. Go on?"
            ).format(action=action),
        )
        return answer == QMessageBox.StandardButton.Yes

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        super().closeEvent(event)
