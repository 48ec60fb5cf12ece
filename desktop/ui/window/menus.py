"""The window's menu bar: File, Edit, View, Matter, Tools, Help, with each OS's shortcuts and
roles.

Actions only; MainWindow connects them. Shortcuts are Qt's standard keys where Qt defines one
(Ctrl on Windows and Linux is Cmd on macOS); the menu roles put About, Settings and Quit in
macOS's application menu.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from desktop import APP_NAME
from desktop.core.export import ExportFormat
from desktop.ui.theme.icons import icon

StandardKey = QKeySequence.StandardKey


def preferences_keys() -> list[QKeySequence]:
    """The OS's Preferences key (Cmd+, on macOS); Ctrl+, where the OS defines none."""
    return QKeySequence.keyBindings(StandardKey.Preferences) or [QKeySequence("Ctrl+,")]


def zoom_in_keys() -> list[QKeySequence]:
    """Ctrl++ and, for keyboards where + needs Shift, Ctrl+=."""
    keys = QKeySequence.keyBindings(StandardKey.ZoomIn) or [QKeySequence("Ctrl++")]
    if QKeySequence("Ctrl+=") not in keys:
        keys.append(QKeySequence("Ctrl+="))
    return keys


class WindowMenus(QObject):
    def __init__(self, bar: QMenuBar) -> None:
        super().__init__(bar)
        self.bar = bar

        self.file_menu = self._menu(self.tr("&File"))
        self.new_chat = self._action(
            self.file_menu,
            self.tr("&New chat"),
            "message-square-plus",
            self.tr("Start a new conversation"),
            StandardKey.New,
        )
        self.export_menu = self.file_menu.addMenu(
            icon("file-down"), self.tr("&Export conversation")
        )
        self.export_menu.menuAction().setMenuRole(QAction.MenuRole.NoRole)
        self.export_actions: dict[ExportFormat, QAction] = {}
        for fmt in ExportFormat:
            action = self.export_menu.addAction(self.tr("{format}…").format(format=fmt.label))
            action.setToolTip(
                self.tr("Save this conversation as {format}").format(format=fmt.label)
            )
            action.setMenuRole(QAction.MenuRole.NoRole)
            self.export_actions[fmt] = action
        self.file_menu.addSeparator()
        self.lock_now = self._action(
            self.file_menu,
            self.tr("&Lock now"),
            "lock",
            self.tr("Hide your conversations until you unlock"),
            QKeySequence("Ctrl+L"),
        )
        self.file_menu.addSeparator()
        self.quit = self._action(
            self.file_menu,
            self.tr("&Quit"),
            "log-out",
            self.tr("Save what is open and close {app}").format(app=APP_NAME),
            StandardKey.Quit,
        )
        if not self.quit.shortcuts():  # Windows defines no Quit key; Ctrl+Q is expected
            self.quit.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)

        self.edit_menu = self._menu(self.tr("&Edit"))
        self.copy = self._action(
            self.edit_menu,
            self.tr("&Copy"),
            "copy",
            self.tr("Copy the selected text"),
            StandardKey.Copy,
        )
        self.select_all = self._action(
            self.edit_menu,
            self.tr("Select &all"),
            None,
            self.tr("Select all text here"),
            StandardKey.SelectAll,
        )
        self.edit_menu.addSeparator()
        self.find = self._action(
            self.edit_menu,
            self.tr("&Find…"),
            "search",
            self.tr("Search this matter's conversations"),
            StandardKey.Find,
        )

        self.view_menu = self._menu(self.tr("&View"))
        self.bigger_text = self._action(
            self.view_menu, self.tr("&Bigger text"), "zoom-in", self.tr("Make all text bigger")
        )
        self.bigger_text.setShortcuts(zoom_in_keys())
        self.smaller_text = self._action(
            self.view_menu,
            self.tr("&Smaller text"),
            "zoom-out",
            self.tr("Make all text smaller"),
            StandardKey.ZoomOut,
        )
        self.actual_size = self._action(
            self.view_menu,
            self.tr("&Actual size"),
            None,
            self.tr("Text at its normal size"),
            QKeySequence("Ctrl+0"),
        )

        self._matter_menu()

        self.tools_menu = self._menu(self.tr("&Tools"))
        self.documents = self._action(
            self.tools_menu,
            self.tr("&Documents…"),
            "folder-open",
            self.tr("Collections of documents to ask about, and indexing"),
        )
        self.models = self._action(
            self.tools_menu,
            self.tr("&Models…"),
            "cpu",
            self.tr("Installed models, import, download, verify"),
        )
        self.chat_settings = self._action(
            self.tools_menu,
            self.tr("&Chat settings…"),
            "sliders-horizontal",
            self.tr("System prompt and sampling for this conversation"),
        )
        self.audit_log = self._action(
            self.tools_menu,
            self.tr("&Audit log…"),
            "scroll-text",
            self.tr("For administrators: review, export and verify the audit log"),
        )
        self.tools_menu.addSeparator()
        self.settings = self._action(
            self.tools_menu,
            self.tr("&Settings…"),
            "settings",
            self.tr("This workstation's settings, and which ones are locked"),
        )
        self.settings.setShortcuts(preferences_keys())
        self.settings.setMenuRole(QAction.MenuRole.PreferencesRole)

        self.help_menu = self._menu(self.tr("&Help"))
        self.about = self._action(
            self.help_menu,
            self.tr("&About {app}").format(app=APP_NAME),
            "info",
            self.tr("Version and licences"),
        )
        self.about.setMenuRole(QAction.MenuRole.AboutRole)
        self.privacy = self._action(
            self.help_menu,
            self.tr("&Privacy: what {app} never does…").format(app=APP_NAME),
            "shield-check",
            self.tr("What Cloister never does with your data"),
        )
        self.privacy.setMenuRole(QAction.MenuRole.NoRole)  # "About" in its text: not the app menu

        # What would show or change conversations, documents or settings: off while locked.
        self.while_unlocked = [
            self.new_chat,
            self.export_menu.menuAction(),
            self.lock_now,
            self.copy,
            self.select_all,
            self.find,
            self.documents,
            self.models,
            self.chat_settings,
            self.audit_log,
            self.settings,
            *self.matter_actions,
        ]

    def _matter_menu(self) -> None:
        """Matter (issue 22): the client matters that scope conversations and documents."""
        self.matter_menu = self._menu(self.tr("&Matter"))
        self.new_matter = self._action(
            self.matter_menu,
            self.tr("&New matter…"),
            "folder-plus",
            self.tr("Open a new client matter and switch to it"),
        )
        self.matter_menu.addSeparator()
        self.close_matter = self._action(
            self.matter_menu,
            self.tr("&Close matter…"),
            "archive",
            self.tr("Make this matter read-only, or open it again"),
        )
        self.legal_hold = self._action(
            self.matter_menu,
            self.tr("Place legal &hold…"),
            "shield-check",
            self.tr("For administrators: stop every deletion in this matter, or lift the hold"),
        )
        self.retention = self._action(
            self.matter_menu,
            self.tr("&Retention…"),
            None,
            self.tr("For administrators: how long this matter's conversations are kept"),
        )
        self.matter_menu.addSeparator()
        self.export_matter = self._action(
            self.matter_menu,
            self.tr("&Export matter…"),
            "file-down",
            self.tr("The whole matter as one signed bundle that verifies offline"),
        )
        self.move_conversation = self._action(
            self.matter_menu,
            self.tr("&Move conversation to matter…"),
            None,
            self.tr("File this conversation and its attached files under another matter"),
        )
        self.matter_actions = [
            self.new_matter,
            self.close_matter,
            self.legal_hold,
            self.retention,
            self.export_matter,
            self.move_conversation,
        ]

    def show_matter_state(self, closed: bool, on_hold: bool, general: bool) -> None:
        """The items' words and whether they apply, for the matter in force."""
        self.close_matter.setText(
            self.tr("Re&open matter…") if closed else self.tr("&Close matter…")
        )
        self.close_matter.setEnabled(not general)  # General is never closed
        for action in (self.legal_hold, self.retention, self.export_matter):
            action.setEnabled(True)
        self.legal_hold.setText(
            self.tr("Lift legal &hold…") if on_hold else self.tr("Place legal &hold…")
        )

    def actions_by_menu(self) -> dict[str, list[QAction]]:
        """Menu title (without "&") -> its actions, separators left out: for tests and docs."""
        return {
            menu.title().replace("&", ""): [a for a in menu.actions() if not a.isSeparator()]
            for menu in (
                self.file_menu,
                self.edit_menu,
                self.view_menu,
                self.matter_menu,
                self.tools_menu,
                self.help_menu,
            )
        }

    def _menu(self, title: str) -> QMenu:
        return self.bar.addMenu(title)

    def _action(
        self,
        menu: QMenu,
        text: str,
        icon_name: str | None,
        tip: str,
        key: QKeySequence | StandardKey | None = None,
    ) -> QAction:
        action = menu.addAction(text)
        if icon_name:
            action.setIcon(icon(icon_name))
        action.setToolTip(tip)  # no status tip: hovering must not wipe the status bar's notice
        action.setMenuRole(QAction.MenuRole.NoRole)  # macOS's app menu: only those given a role
        if key is not None:
            action.setShortcuts(
                QKeySequence.keyBindings(key) if isinstance(key, StandardKey) else [key]
            )
        return action
