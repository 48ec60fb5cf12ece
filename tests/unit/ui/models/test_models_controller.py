"""The Models page's controller with real widgets and threads: a failed check is shown on the
page, as an error, and marks the model "changed on disk"; the model in use is marked."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from desktop.core.errors import KnownError
from desktop.core.model_records import DownloadReport, ImportReport, ModelCard
from desktop.ui.models.models_controller import ModelsController
from desktop.ui.models.models_dialog import INSTALLED_COLUMNS
from desktop.ui.window.executor import SerialExecutor
from desktop.ui.window.main_window import MainWindow
from tests.unit.ui.drain import drain
from tests.unit.ui.models.test_models_dialog import CARDS, CATALOG


class Service:
    """A ModelService whose files are CARDS; `verify` finds the third one changed."""

    def installed(self) -> list[ModelCard]:
        return CARDS

    def catalog(self):
        return CATALOG

    def downloads_refused(self) -> str | None:
        return None

    def verify(self, file: str) -> ModelCard:
        if file == CARDS[2].file:
            raise KnownError(f"{file} has changed since it was installed: its SHA-256 is now 00.")
        return CARDS[0]

    def import_path(self, source: Path, progress, cancel: threading.Event) -> ImportReport:
        return ImportReport([], [f"{source.name}: it is not a GGUF model file."])

    def download(self, catalog_id, progress, cancel) -> DownloadReport:
        raise KnownError("The download failed: the server closed the connection.")

    def remove(self, file: str) -> None: ...
    def set_default(self, file: str) -> None: ...


@pytest.fixture
def models(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    transfers, chores = SerialExecutor(window), SerialExecutor(window)
    loaded = [str(CARDS[1].path)]
    controller = ModelsController(
        window, Service(), transfers, chores, lambda path: None, lambda: loaded[0]
    )
    with qtbot.waitSignal(controller.changed):
        page = controller.open()
    yield controller, page, transfers, chores, loaded
    controller.shutdown()


def status(page, row: int) -> str:
    return page.installed.item(row, INSTALLED_COLUMNS.index("Status")).text()


def test_a_failed_check_is_an_error_on_the_page_and_marks_the_file(qtbot, models) -> None:
    controller, page, transfers, chores, _ = models
    controller.verify(CARDS[2].file)
    drain(qtbot, transfers)
    drain(qtbot, chores)
    assert page.message.isVisible() and page.message.kind() == "error"
    assert "has changed since it was installed" in page.message.text()
    assert status(page, 2) == "changed on disk"
    controller.verify(CARDS[0].file)
    drain(qtbot, transfers)
    drain(qtbot, chores)
    assert page.message.kind() == "info" and status(page, 0) == "verified"


@pytest.mark.parametrize(
    ("act", "words"),
    [
        (lambda c: c.import_path(Path("notes.txt")), "Refused notes.txt"),
        (lambda c: c.download("llama-3.1-8b"), "the server closed the connection"),
    ],
)
def test_failed_imports_and_downloads_are_errors_on_the_page(qtbot, models, act, words) -> None:
    controller, page, transfers, chores, _ = models
    act(controller)
    drain(qtbot, transfers)
    drain(qtbot, chores)
    assert page.message.kind() == "error" and words in page.message.text()
    assert not page.cancel_button.isVisible()


def test_the_model_in_use_is_marked_and_follows_a_change(models) -> None:
    controller, page, _, _, loaded = models
    in_use = INSTALLED_COLUMNS.index("In use")
    assert [page.installed.item(r, in_use).text() for r in range(3)] == ["", "In use", ""]
    loaded[0] = str(CARDS[0].path)
    controller.loaded_model_changed()
    assert [page.installed.item(r, in_use).text() for r in range(3)] == ["In use", "", ""]
