"""The Models page in the real app: a download from a local server that drops the connection
resumes, verifies and appears with its fit badge; a folder imports; the allowlist refuses."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.app import Cloister, build
from desktop.core.model_records import TransferProgress
from desktop.models.catalog import Catalog, CatalogEntry
from desktop.models.hashing import file_sha256
from desktop.paths import AppPaths
from desktop.ui.models.models_dialog import FIT_COLUMN, INSTALLED_COLUMNS
from tests.e2e.test_policy_in_app import audited, policy_at
from tests.model_server import ModelServer

pytestmark = pytest.mark.model
WAIT_MS = 120_000  # hang guards only: on a loaded machine loads and transfers are slow


def site_catalog(tmp_path: Path, model: Path, url: str, extends_builtin: bool = False) -> Path:
    """The site's own catalog, offering `model` for download under a name of its own."""
    entry = CatalogEntry(
        id="site-model",
        name="Our approved model",
        file="site-model.gguf",
        sha256=file_sha256(model),
        size=model.stat().st_size,
        license="Apache-2.0",
        url=url,
    )
    path = tmp_path / "site-catalog.json"
    path.write_text(Catalog(models=[entry], extends_builtin=extends_builtin).model_dump_json())
    return path


def app_offering(
    qtbot,
    server: ModelServer,
    app_paths: AppPaths,
    data_key: bytes,
    model: Path,
    tmp_path: Path,
    extends_builtin: bool = False,
) -> tuple[Cloister, list[TransferProgress]]:
    """The app, shown, with a site catalog offering `server`'s file; and its progress reports."""
    catalog = site_catalog(tmp_path, model, server.url, extends_builtin)
    policy = policy_at(tmp_path, app_paths, catalog_file=str(catalog))
    app = build(app_paths, data_key=data_key, model_path=model, policy=policy)
    qtbot.addWidget(app.window)
    app.window.show()
    reports: list[TransferProgress] = []
    app.models.progressed.connect(reports.append)
    return app, reports


def open_page(qtbot, app: Cloister):
    with qtbot.waitSignal(app.models.changed, timeout=WAIT_MS):
        app.window.menus.models.trigger()
    assert app.models.dialog.isVisible()
    return app.models.dialog


def installed_row(page, file: str) -> dict[str, str]:
    for row in range(page.installed.rowCount()):
        cells = {
            name: page.installed.item(row, column).text()
            for column, name in enumerate(INSTALLED_COLUMNS)
        }
        if page._files[row] == file:
            return cells
    raise AssertionError(f"{file} is not listed")


def wait_for_message(qtbot, app: Cloister, text: str) -> str:
    qtbot.waitUntil(lambda: text in app.models.last_message, timeout=WAIT_MS)
    return app.models.last_message


def test_download_resumes_verifies_and_appears_then_a_folder_imports(
    qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path, gemma_model: Path, tmp_path
) -> None:
    with ModelServer(starter_model, drop_after=30_000_000) as server:
        app, reports = app_offering(qtbot, server, app_paths, data_key, starter_model, tmp_path)
        app.model_manager._download_options = {"retry_delay": 0.0}
        try:
            page = open_page(qtbot, app)
            assert page.catalog.item(0, 0).text() == "Our approved model"
            page.select_catalog("site-model")
            qtbot.mouseClick(page.download_button, Qt.MouseButton.LeftButton)
            message = wait_for_message(qtbot, app, "downloaded")
            assert "verified: matches the catalog" in message
            qtbot.waitUntil(lambda: "site-model.gguf" in page._files, timeout=WAIT_MS)
            row = installed_row(page, "site-model.gguf")
            assert row["Fit"] == "fits" and row["Status"] == "verified"
            assert row["Name"] == "Our approved model"  # the catalog's name, not the header's
            assert page.installed.item(0, FIT_COLUMN).toolTip().startswith("Needs about")
            assert server.ranges == [None, "bytes=30000000-"]  # the drop, then the resume
            assert "resumed where it stopped" in message
            assert reports and reports[-1].done == reports[-1].total  # progress shown to the end

            usb = tmp_path / "usb"
            usb.mkdir()
            shutil.copy(gemma_model, usb / "gemma-from-usb.gguf")
            (usb / "SHA256SUMS").write_text(f"{file_sha256(gemma_model)}  gemma-from-usb.gguf\n")
            app.models.import_path(usb)
            wait_for_message(qtbot, app, "Imported gemma-from-usb.gguf")
            qtbot.waitUntil(lambda: "gemma-from-usb.gguf" in page._files, timeout=WAIT_MS)
            page.select_installed("gemma-from-usb.gguf")
            assert "gemma3" in page.facts.text()
            assert page.message.kind() == "info" and "Imported" in page.message.text()
        finally:
            app.close()
    assert (app_paths.models / "site-model.gguf").is_file()
    events = audited(app_paths, data_key)
    assert events.count(("model.download", "success")) == 2  # start, finish
    assert ("model.import", "success") in events


def test_the_page_stays_usable_during_a_download_and_cancel_stops_that_download(
    qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path, gemma_model: Path, tmp_path
) -> None:
    with ModelServer(starter_model, drop_after=10_000_000, stall=True) as server:
        app, reports = app_offering(
            qtbot, server, app_paths, data_key, starter_model, tmp_path, extends_builtin=True
        )
        try:
            page = open_page(qtbot, app)
            page.select_catalog("site-model")
            qtbot.mouseClick(page.download_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: bool(reports), timeout=WAIT_MS)  # bytes are arriving
            # The server stops sending after 10 MB; the page answers all the same.
            with qtbot.waitSignal(app.models.changed, timeout=WAIT_MS):
                app.models.refresh()
            app.models.set_default(gemma_model.name)
            wait_for_message(qtbot, app, "loaded when Cloister starts")
            assert page.cancel_button.isVisible()  # the download is still under way
            # One transfer at a time: its progress bar and Cancel button stay its own.
            assert not page.download_button.isEnabled()
            assert not page.import_file_button.isEnabled()
            app.models.import_path(gemma_model)
            assert "Another transfer is under way" in app.models.last_message

            qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
            server.release_stalls()
            wait_for_message(qtbot, app, "was cancelled")
            assert not page.cancel_button.isVisible() and page.download_button.isEnabled()
        finally:
            app.close()
    assert not (app_paths.models / "site-model.gguf").exists()
    assert json.loads((app_paths.models / "models.json").read_text())["default"] == gemma_model.name


def test_a_file_off_the_allowlist_is_refused_with_the_reason(
    qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path, gemma_model: Path, tmp_path
) -> None:
    policy = policy_at(tmp_path, app_paths, allowed_models=[file_sha256(starter_model)])
    app = build(app_paths, data_key=data_key, model_path=starter_model, policy=policy)
    qtbot.addWidget(app.window)
    app.window.show()
    try:
        page = open_page(qtbot, app)
        app.models.import_path(gemma_model)
        message = wait_for_message(qtbot, app, "Refused")
        assert "not on your administrator's list of allowed models" in message
        assert file_sha256(gemma_model) in message
        # The start-up load may end before or after the refusal: either way, once it has,
        # the status bar still shows the refusal the user just caused.
        qtbot.waitUntil(lambda: "context" in app.window.model_label.text(), timeout=WAIT_MS)
        assert "Refused" in app.window.statusBar().currentMessage()
        # The copy shipped for tests is listed, and marked as not allowed here.
        assert installed_row(page, gemma_model.name)["Status"] == "not allowed"
        # The refusal is on the page, where the user is looking, not only in the status bar.
        assert page.message.isVisible() and page.message.kind() == "error"
        assert "not on your administrator's list" in page.message.text()
    finally:
        app.close()
    assert not list(app_paths.models.glob("*.gguf"))
    assert ("model.import", "denied") in audited(app_paths, data_key)


def test_downloads_are_off_and_say_why_when_air_gapped(
    qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path, tmp_path
) -> None:
    policy = policy_at(tmp_path, app_paths, air_gapped=False, downloads_allowed=False)
    app = build(app_paths, data_key=data_key, model_path=starter_model, policy=policy)
    qtbot.addWidget(app.window)
    try:
        page = open_page(qtbot, app)
        assert not page.download_button.isEnabled()
        assert "does not allow downloads" in page.downloads_note.text()
    finally:
        app.close()


def test_the_default_model_is_loaded_at_the_next_start(
    qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path, gemma_model: Path, tmp_path
) -> None:
    app = build(app_paths, data_key=data_key, model_path=starter_model)
    qtbot.addWidget(app.window)
    try:
        open_page(qtbot, app)
        app.models.set_default(gemma_model.name)
        wait_for_message(qtbot, app, "will be loaded when Cloister starts")
    finally:
        app.close()
    again = build(app_paths, data_key=data_key)
    qtbot.addWidget(again.window)
    try:
        assert again.model_path == gemma_model
    finally:
        again.close()
    assert json.loads((app_paths.models / "models.json").read_text())["default"] == gemma_model.name
