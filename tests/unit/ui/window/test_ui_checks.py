"""The clipping check and the accessibility walk catch what they are meant to catch."""

from __future__ import annotations

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from tests.ui_checks.accessibility import unnamed_controls, unreachable_controls
from tests.ui_checks.clipping import clipped_texts


def _shown(qtbot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_laid_out_dialog_is_not_clipped(qtbot):
    dialog = QDialog()
    dialog.setWindowTitle("Rename")
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLabel("A new name for this conversation:"))
    layout.addWidget(QPushButton("Rename conversation"))
    _shown(qtbot, dialog)
    assert clipped_texts(dialog) == []


def test_a_label_squeezed_into_a_fixed_width_is_caught(qtbot):
    dialog = QDialog()
    label = QLabel("Wiederherstellungsschlüssel speichern")
    label.setFixedWidth(60)
    QHBoxLayout(dialog).addWidget(label)
    _shown(qtbot, dialog)
    assert any("Wiederherstellungsschlüssel" in problem for problem in clipped_texts(dialog))


def test_a_word_wrapped_label_without_the_height_it_needs_is_caught(qtbot):
    dialog = QDialog()
    label = QLabel("Write this key down and keep it somewhere safe. " * 4)
    label.setWordWrap(True)
    label.setFixedSize(120, 20)
    QHBoxLayout(dialog).addWidget(label)
    _shown(qtbot, dialog)
    assert clipped_texts(dialog)


def test_a_title_longer_than_the_dialog_is_caught(qtbot):
    dialog = QDialog()
    dialog.setWindowTitle("Wählen Sie eine Passphrase für Ihre verschlüsselten Daten")
    dialog.setFixedWidth(200)
    _shown(qtbot, dialog)
    assert any("window title" in problem for problem in clipped_texts(dialog))


def test_a_narrow_column_and_one_off_to_the_right_are_caught(qtbot):
    dialog = QDialog()
    model = QStandardItemModel(1, 4)
    model.setHorizontalHeaderLabels(["Name", "Size on disk", "Fits this computer", "Default"])
    view = QTableView()
    view.setModel(model)
    view.horizontalHeader().resizeSection(1, 20)
    for column in (0, 2, 3):
        view.horizontalHeader().resizeSection(column, 300)
    QHBoxLayout(dialog).addWidget(view)
    dialog.resize(400, 200)
    _shown(qtbot, dialog)
    problems = clipped_texts(dialog)
    assert any("Size on disk cut off" in problem for problem in problems)
    assert any("off to the right" in problem for problem in problems)


def test_an_unnamed_field_and_a_button_without_description_are_caught(qtbot):
    dialog = QDialog()
    layout = QVBoxLayout(dialog)
    field = QLineEdit()
    field.setObjectName("nameField")
    button = QPushButton("Save")
    layout.addWidget(field)
    layout.addWidget(button)
    _shown(qtbot, dialog)
    problems = unnamed_controls(dialog)
    assert "QDialog > nameField: no accessible name" in problems
    assert "QDialog > QPushButton: no accessible description" in problems
    field.setAccessibleName("Name")
    field.setAccessibleDescription("The conversation's new name")
    button.setToolTip("Save the new name")
    assert unnamed_controls(dialog) == []


def test_a_control_that_refuses_keyboard_focus_is_caught(qtbot):
    dialog = QDialog()
    button = QPushButton("Copy")
    button.setFocusPolicy(button.focusPolicy().NoFocus)
    QVBoxLayout(dialog).addWidget(button)
    _shown(qtbot, dialog)
    assert unreachable_controls(dialog) == ["QDialog > QPushButton: not reachable with Tab"]
