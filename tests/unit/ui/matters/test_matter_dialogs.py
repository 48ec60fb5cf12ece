"""The matter dialogs and the switcher as a user and a screen reader meet them, in English and
German: nothing cut off, every control named, described and reachable with Tab, and none of
the English words left in the German rendering."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from desktop.core.matters import Matter, MatterState
from desktop.ui.library.documents_panel import DocumentsDialog
from desktop.ui.matters.export_dialog import ExportMatterDialog
from desktop.ui.matters.matter_switcher import MatterSwitcher
from desktop.ui.matters.matter_words import matter_title, read_only_note
from desktop.ui.matters.move_dialog import MoveToMatterDialog
from desktop.ui.matters.new_matter_dialog import NewMatterDialog
from desktop.ui.matters.report_dialog import MatterReportDialog
from desktop.ui.matters.retention_dialog import RetentionDialog
from desktop.ui.matters.wall_memo_dialog import WallMemoDialog
from tests.ui_checks.accessibility import unnamed_controls, unreachable_controls
from tests.ui_checks.clipping import clipped_texts
from tests.unit.ui.i18n.german import compile_german, german_installed
from tests.unit.ui.i18n.test_german import SAME_IN_GERMAN, shown_texts
from tests.unit.ui.matters.fake_service import general

FEATURES = ("matters", "widgets", "library")
LEASE = Matter(id=2, client="ACME Corp", number="2024-001", name="Lease dispute",
               opened_on="2024-03-01")  # fmt: skip
MERGER = Matter(id=3, client="ACME Corp", number="2024-002", name="Merger", opened_on="2024-04-01",
                on_hold=True)  # fmt: skip
PATENT = Matter(id=4, client="Bell LLP", number="77", name="Patent", opened_on="2023-01-09",
                state=MatterState.CLOSED)  # fmt: skip
MATTERS = [general(), LEASE, MERGER, PATENT]
MEMO = (
    "Partner J. Smith is screened from this matter because of a conflict with a former "
    "client. Do not discuss it with him or share any of its documents."
)
# The user's own data, shown as typed in any language.
DATA = {"ACME Corp", "Bell LLP", "Lease question", MEMO, "2024-001 · Lease dispute"}
ALIKE = SAME_IN_GERMAN | {"PDF", "CSV"}


def switcher() -> MatterSwitcher:
    widget = MatterSwitcher()
    widget.show_matters(MATTERS, PATENT.id, {MERGER.id: "Screened by the wall “conflict”."})
    return widget


def closed_documents() -> DocumentsDialog:
    dialog = DocumentsDialog(None)
    dialog.show_matter(matter_title(PATENT), read_only_note(PATENT))
    return dialog


SCREENS: dict[str, Callable[[], QWidget]] = {
    "switcher": switcher,
    "new matter": lambda: NewMatterDialog(),
    "wall memo": lambda: WallMemoDialog(matter_title(LEASE), MEMO),
    "retention": lambda: RetentionDialog(matter_title(LEASE), 30),
    "move": lambda: MoveToMatterDialog("Lease question", [LEASE, MERGER]),
    "move, nowhere to go": lambda: MoveToMatterDialog("Lease question", []),
    "export": lambda: ExportMatterDialog(matter_title(LEASE)),
    "report": lambda: MatterReportDialog(MATTERS, LEASE.id),
    "closed matter's documents": closed_documents,
}


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return compile_german(tmp_path_factory.mktemp("qm"), FEATURES)


def _shown(qtbot, make: Callable[[], QWidget]) -> QWidget:
    widget = make()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture(params=["en", "de"])
def language(request, compiled: list[Path]) -> Iterator[str]:
    if request.param == "de":
        with german_installed(compiled):
            yield "de"
    else:
        yield "en"


@pytest.mark.parametrize("screen", SCREENS)
def test_nothing_is_cut_off_and_every_control_is_named(qtbot, language: str, screen: str) -> None:
    widget = _shown(qtbot, SCREENS[screen])
    assert clipped_texts(widget) == []
    assert unnamed_controls(widget) == []
    assert unreachable_controls(widget) == []


@pytest.mark.parametrize("screen", SCREENS)
def test_german_shows_none_of_the_english_words(qtbot, compiled: list[Path], screen: str) -> None:
    english = {text for text in shown_texts(_shown(qtbot, SCREENS[screen])) if text}
    with german_installed(compiled):
        german = {text for text in shown_texts(_shown(qtbot, SCREENS[screen])) if text}
    left = {text for text in english & german if not any(data in text for data in DATA)}
    assert sorted(left - ALIKE) == []


def test_a_closed_matters_documents_page_takes_nothing_in(qtbot) -> None:
    dialog = _shown(qtbot, closed_documents)
    assert dialog.read_only_note.isVisible()
    assert not dialog.new_button.isEnabled()
    assert not dialog.add_files_button.isEnabled() and not dialog.watch_folder_button.isEnabled()
    dialog.show_matter(matter_title(LEASE), None)
    assert dialog.new_button.isEnabled() and not dialog.read_only_note.isVisible()


def test_the_switcher_groups_by_client_and_marks_what_sets_a_matter_apart(qtbot) -> None:
    widget = _shown(qtbot, switcher)
    assert widget.entries() == [
        ("General", 1, True),
        ("ACME Corp", None, False),
        ("2024-001 · Lease dispute", 2, True),
        ("2024-002 · Merger (on legal hold, ethical wall)", 3, True),
        ("Closed matters", None, False),
        ("Bell LLP / 77 · Patent (closed, read-only)", 4, True),
    ]
    assert "Screened by the wall" in widget.combo.itemData(3, 3)  # the tooltip says why
    assert widget.heading.text() == (
        "Bell LLP / 77 · Patent · opened 2023-01-09 · closed, read-only"
    )
