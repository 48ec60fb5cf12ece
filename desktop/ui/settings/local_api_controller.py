"""The local API's Settings part and token (issue 23): Create (shown once), Revoke, the address
while it listens. The token store and the listener are the app's: reached through `ApiTokens`
and `on_token`, so this UI imports no service. `state_changed` is the thin bridge that brings
the listener's reports (its relay thread) to the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

from desktop.core.errors import KnownError
from desktop.ui.i18n.service_text import shown
from desktop.ui.settings.local_api_panel import LocalApiPanel, TokenDialog
from desktop.ui.settings.preferences_dialog import PreferencesDialog
from desktop.ui.window.main_window import MainWindow


class ApiTokens(Protocol):
    def current(self) -> bytes | None: ...
    def create(self) -> str: ...
    def revoke(self) -> None: ...


class LocalApiController(QObject):
    state_changed = Signal(object)  # a ListenState, emitted from any thread

    def __init__(
        self,
        window: MainWindow,
        tokens: ApiTokens,
        on_token: Callable[[bytes | None], None],
        *,
        allowed: bool,
        address: str,
    ) -> None:
        """`on_token`: the token in force changed (the listener is told; None: revoked)."""
        super().__init__(window)
        self._window = window
        self._tokens = tokens
        self._on_token = on_token
        self.allowed = allowed
        self.address = address  # "http://127.0.0.1:8765/v1", for the token dialog
        self.listening: str | None = None  # the address while it listens
        self.problem = ""
        self.panel: LocalApiPanel | None = None
        self.token_dialog: TokenDialog | None = None
        self.state_changed.connect(self._state)

    def attach(self, dialog: PreferencesDialog) -> None:
        """Adds the panel to a freshly opened Settings page."""
        self.panel = LocalApiPanel()
        self.panel.create_requested.connect(self.create_token)
        self.panel.revoke_requested.connect(self.revoke_token)
        dialog.add_to_connections(self.panel)
        self._show()

    def current_token(self) -> bytes | None:
        """The SHA-256 of the token in force."""
        return self._tokens.current()

    def ensure_token(self) -> None:
        """The API was turned on: a token is made (and shown) when there is none."""
        if self._tokens.current() is None:
            self.create_token()

    def create_token(self) -> str | None:
        try:
            token = self._tokens.create()  # audited first
        except KnownError as exc:
            self._window.notify(shown(exc))
            return None
        self._on_token(self._tokens.current())
        self._show()
        self.token_dialog = TokenDialog(token, self.address, self._window)
        self.token_dialog.open()
        return token

    def revoke_token(self) -> None:
        try:
            self._tokens.revoke()
        except KnownError as exc:
            self._window.notify(shown(exc))
            return
        self._on_token(None)
        self._show()
        self._window.notify(self.tr("The access token was revoked."), 5000)

    def shutdown(self) -> None:
        """The app is closing: a report still queued must not read the closed audit store."""
        self.state_changed.disconnect(self._state)
        self.panel = None

    def _state(self, state: Any) -> None:
        self.listening = state.address if state.listening else None
        self.problem = state.problem or ""
        if self.problem:
            self._window.notify(self.problem)
        self._show()

    def _show(self) -> None:
        if self.panel is None:
            return
        digest = self._tokens.current()
        self.panel.show_state(
            self.listening,
            digest.hex()[:12] if digest else None,
            allowed=self.allowed,
            problem=self.problem,
        )
