"""The audit alarm: a banner that stays until an administrator acknowledges it (issue 18).

Shown when audit.db was found missing, replaced, rolled back or cut short at start; unlike a
status-bar message it does not go away by itself, nor when the window is restarted: the
alarm is kept beside the data key until an administrator acknowledges it (audited).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton


class AuditAlarmBanner(QFrame):
    acknowledge_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("auditAlarm")  # the theme's danger banner
        layout = QHBoxLayout(self)
        self.text = QLabel("")
        self.text.setWordWrap(True)
        self.acknowledge_button = QPushButton(self.tr("Acknowledge…"))
        self.acknowledge_button.setToolTip(
            self.tr("For administrators: the acknowledgement is recorded.")
        )
        self.acknowledge_button.setAccessibleName(self.tr("Acknowledge the alarm"))
        self.acknowledge_button.setAccessibleDescription(
            self.tr("For administrators: the acknowledgement is recorded.")
        )
        self.acknowledge_button.clicked.connect(self.acknowledge_requested)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.acknowledge_button)
        self.hide()

    def show_alarm(self, text: str) -> None:
        self.text.setText(text)
        self.setVisible(bool(text))
