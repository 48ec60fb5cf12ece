"""Applies what the user changed on the Settings page: locked keys refused, every change audited.

Open settings go to the user's preferences file and take effect at once (through `effects`);
the audit log's retention and legal hold are an administrator's, so changing them asks for the
administrator's passphrase. A change to a key the policy locks is refused and recorded as denied,
whichever way it reached here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from PySide6.QtCore import QObject

from desktop.core.audit_events import ActorRole, Auditor, Outcome, setting_change_event
from desktop.core.errors import KnownError
from desktop.core.policy import APP_SETTINGS, EffectivePolicy, PolicyLockedError, check_preference
from desktop.ui.i18n.service_text import shown
from desktop.ui.settings.preferences_dialog import PreferencesDialog, setting_label
from desktop.ui.window.main_window import MainWindow

Effect = Callable[[Any], None]
SavePreference = Callable[[str, Any], None]  # writes the user's preferences file (KnownError)


class AuditSettings(Auditor, Protocol):
    """The audit log's own settings, which an administrator changes (the log records it)."""

    @property
    def retention_days(self) -> int: ...
    @property
    def legal_hold(self) -> bool: ...
    def set_retention_days(self, days: int) -> None: ...
    def set_legal_hold(self, on: bool) -> None: ...


class PreferencesController(QObject):
    def __init__(
        self,
        window: MainWindow,
        policy: EffectivePolicy,
        save_preference: SavePreference,
        audit: AuditSettings,
        authorize: Callable[[str], bool],
        effects: Mapping[str, Effect],
    ) -> None:
        super().__init__(window)
        self._window = window
        self.policy = policy
        self._save_preference = save_preference
        self._audit = audit
        self._authorize = authorize
        self._effects = effects
        self.dialog: PreferencesDialog | None = None
        # Parts added to each page as it opens (the local API's address and token, issue 23).
        self.on_open: list[Callable[[PreferencesDialog], None]] = []

    def open(self) -> PreferencesDialog:
        audit_values = {
            "retention_days": self._audit.retention_days,
            "legal_hold": self._audit.legal_hold,
        }
        self.dialog = PreferencesDialog(self.policy, audit_values, self._window)
        self.dialog.accepted.connect(lambda: self.apply(self.dialog.changes()))
        for add_part in self.on_open:
            add_part(self.dialog)
        self.dialog.open()
        return self.dialog

    def apply(self, changes: Mapping[str, Any]) -> list[str]:
        """Carry out `changes`; returns what was refused or failed (also shown to the user)."""
        problems: list[str] = []

        def attempt(change: Callable[..., None], *arguments: Any) -> None:
            try:
                change(*arguments)
            except (KnownError, ValueError) as exc:
                problems.append(self._problem_words(exc))

        for name, value in changes.items():
            if name not in APP_SETTINGS:
                attempt(self._change_preference, name, value)
        if audit_settings := {name: changes[name] for name in changes if name in APP_SETTINGS}:
            attempt(self._change_audit_settings, audit_settings)
        if problems:
            self._window.notify(" ".join(problems))
        elif changes:
            self._window.notify(self.tr("Settings saved."), 5000)
        return problems

    def change(self, name: str, value: Any) -> str | None:
        """One open preference changed outside the page (the text size by Ctrl/Cmd + and -):
        checked, audited, saved and applied like the page's; what was refused is shown, but
        not a "Settings saved." at every key press. Returns the refusal, None when done."""
        try:
            self._change_preference(name, value)
        except (KnownError, ValueError) as exc:
            problem = self._problem_words(exc)
            self._window.notify(problem, 5000)
            return problem
        return None

    def _problem_words(self, exc: Exception) -> str:
        """A refusal in the user's language where this page knows it (a locked setting)."""
        if isinstance(exc, PolicyLockedError):
            return self.tr(
                "“{setting}” is set by your administrator's policy and cannot be changed."
            ).format(setting=setting_label(exc.name))
        return shown(exc)

    def _change_preference(self, name: str, value: Any) -> None:
        old = self.policy.value(name) if name in self.policy.settings else None
        try:
            check_preference(self.policy, name, value)
        except PolicyLockedError:
            self._record(name, old, value, Outcome.DENIED, reason="locked by the policy")
            raise
        self._record(name, old, value, Outcome.SUCCESS)  # fails closed: no record, no change
        try:
            self._save_preference(name, value)
        except KnownError as exc:
            self._record(name, old, value, Outcome.FAILURE, reason=str(exc))
            raise
        self.policy = self.policy.with_user_setting(name, value)
        if effect := self._effects.get(name):
            effect(value)

    def _change_audit_settings(self, changes: Mapping[str, Any]) -> None:
        """Retention and legal hold: the log records the change itself, as the admin's."""
        for name, value in changes.items():
            if self.policy.is_locked(name):
                self._record(
                    name, self.policy.value(name), value, Outcome.DENIED, "locked by the policy"
                )
                raise PolicyLockedError(name)
        if not self._authorize(self.tr("Changing how long the audit log keeps records")):
            raise KnownError(self.tr("The audit log's settings were not changed."))
        for name, value in changes.items():
            if name == "retention_days":
                self._audit.set_retention_days(int(value))
            else:
                self._audit.set_legal_hold(bool(value))

    def _record(
        self, name: str, old: Any, new: Any, outcome: Outcome, reason: str | None = None
    ) -> None:
        event = setting_change_event(
            name, old, new, "settings page", outcome=outcome, reason=reason
        )
        self._audit.record(event, ActorRole.USER)
