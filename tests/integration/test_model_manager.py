"""The model manager on real files: the starter model imported, downloaded from a real local
server (dropped midway), verified, refused by policy, removed; every step audited."""

from __future__ import annotations

import errno
import hashlib
import shutil
import threading
from pathlib import Path

import pytest

from desktop.audit.log import AuditLog
from desktop.core.errors import KnownError, ModelFileError
from desktop.core.model_records import Fit
from desktop.core.policy import EffectivePolicy, Policy, Preferences
from desktop.models.catalog import Catalog, CatalogEntry
from desktop.models.download import DownloadCancelled, HashMismatchError
from desktop.models.service import (
    UNVERIFIED,
    VERIFIED_BY_CATALOG,
    VERIFIED_BY_POLICY,
    ModelManager,
    ModelRefused,
)
from desktop.models.store import ModelStore
from desktop.paths import assets_dir
from tests.model_server import ModelServer

STARTER_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
PLENTY = 16 << 30


def policy(**locked: object) -> EffectivePolicy:
    return EffectivePolicy.resolve(Policy.model_validate(locked), Preferences())


class Setup:
    def __init__(self, tmp_path: Path, data_key: bytes, starter: Path) -> None:
        self.tmp = tmp_path
        self.starter = starter
        self.log = AuditLog.open(tmp_path / "audit.db", data_key)
        self.folder = tmp_path / "models"
        self.catalog = Catalog.load(assets_dir() / "catalog.json")
        self.url: str | None = None

    def manager(self, **locked: object) -> ModelManager:
        catalog = self.catalog
        if self.url:  # the starter model, offered for download by the local server
            entry = catalog.starter.model_copy(update={"url": self.url})
            catalog = Catalog(models=[entry, *catalog.models[1:]])
        store = ModelStore(self.folder, self.tmp / "no-bundled-models", catalog)
        return ModelManager(
            store,
            policy(**locked),
            self.log,
            lambda: PLENTY,
            download_options={"retry_delay": 0.0},
        )

    def events(self) -> list[tuple[str, str, str | None]]:
        return [
            (r.event_type, r.outcome, r.details.get("stage"))
            for r in self.log.records()
            if r.event_type.startswith("model.")
        ]

    def store_files(self) -> list[str]:
        if not self.folder.exists():
            return []
        return sorted(
            str(p.relative_to(self.folder)) for p in self.folder.rglob("*") if p.is_file()
        )


@pytest.fixture
def setup(tmp_path: Path, data_key: bytes, starter_model: Path):
    made = Setup(tmp_path, data_key, starter_model)
    yield made
    made.log.close()


def progress_log() -> tuple[list, object]:
    seen: list = []
    return seen, seen.append


def test_an_imported_model_is_verified_described_and_audited(setup: Setup) -> None:
    manager = setup.manager()
    seen, progress = progress_log()
    report = manager.import_path(setup.starter, progress, threading.Event())
    assert report.problems == []
    [card] = report.installed
    assert card.sha256 == STARTER_SHA256 and card.verification == VERIFIED_BY_CATALOG
    assert (card.architecture, card.quantization, card.context_length) == ("llama", "Q4_1", 8192)
    assert card.parameters == 134_515_008 and card.license == "Apache-2.0"
    assert card.size == setup.starter.stat().st_size and card.fit is Fit.FITS
    assert seen[-1].done == seen[-1].total == card.size
    assert setup.store_files() == ["SmolLM2-135M-Instruct.Q4_1.gguf", "models.json"]
    assert [c.file for c in manager.installed()] == [card.file]
    assert setup.events() == [("model.import", "success", None)]


def test_a_second_copy_is_refused(setup: Setup) -> None:
    manager = setup.manager()
    manager.import_path(setup.starter, lambda _: None, threading.Event())
    report = manager.import_path(setup.starter, lambda _: None, threading.Event())
    assert "already installed" in report.problems[0]
    assert len(manager.installed()) == 1


def test_a_folder_with_sha256sums_is_checked_against_it(setup: Setup) -> None:
    usb = setup.tmp / "usb"
    usb.mkdir()
    shutil.copy(setup.starter, usb / "good.gguf")
    shutil.copy(setup.starter, usb / "listed-wrong.gguf")
    (usb / "SHA256SUMS").write_text(f"{STARTER_SHA256}  good.gguf\n{'0' * 64} *listed-wrong.gguf\n")
    manager = setup.manager()
    report = manager.import_path(usb, lambda _: None, threading.Event())
    assert [card.file for card in report.installed] == ["good.gguf"]
    [problem] = report.problems
    assert problem.startswith("listed-wrong.gguf:") and "does not match the SHA256SUMS" in problem
    assert setup.store_files() == ["good.gguf", "models.json"]


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda data: data[: len(data) // 2], "truncated"),
        (lambda data: b"PK\x03\x04" + data[4:], "not a GGUF model file"),
        (lambda data: b"<html>not a model</html>", "not a GGUF model file"),
    ],
)
def test_a_bad_file_is_refused_before_anything_is_copied(setup: Setup, damage, message) -> None:
    bad = setup.tmp / "bad.gguf"
    bad.write_bytes(damage(setup.starter.read_bytes()))
    report = setup.manager().import_path(bad, lambda _: None, threading.Event())
    assert report.installed == [] and message in report.problems[0]
    assert [f for f in setup.store_files() if not f.startswith(".incoming/")] == []
    assert not any((setup.folder / ".incoming").glob("*.gguf"))
    assert setup.events() == [("model.import", "failure", None)]


def test_a_model_off_the_allowlist_is_refused_with_its_hash(setup: Setup) -> None:
    report = setup.manager(allowed_models=["ab" * 32]).import_path(
        setup.starter, lambda _: None, threading.Event()
    )
    assert report.installed == []
    assert "not on your administrator's list" in report.problems[0]
    assert STARTER_SHA256 in report.problems[0]
    assert setup.store_files() == []
    assert setup.events() == [("model.import", "denied", None)]


def test_an_allowlisted_model_outside_the_catalog_is_approved(setup: Setup) -> None:
    other = setup.tmp / "renamed.gguf"
    data = setup.starter.read_bytes()
    other.write_bytes(data + b"\0" * 32)  # same model, different bytes: in no catalog
    sha = hashlib.sha256(other.read_bytes()).hexdigest()
    [card] = (
        setup.manager(allowed_models=[sha])
        .import_path(other, lambda _: None, threading.Event())
        .installed
    )
    assert card.verification == VERIFIED_BY_POLICY and card.verified


def test_an_unlisted_model_is_unverified_or_refused_as_the_policy_says(setup: Setup) -> None:
    other = setup.tmp / "unlisted.gguf"
    other.write_bytes(setup.starter.read_bytes() + b"\0" * 32)
    refused = setup.manager(unlisted_models_allowed=False).import_path(
        other, lambda _: None, threading.Event()
    )
    assert refused.installed == [] and "in no catalog" in refused.problems[0]
    [card] = setup.manager().import_path(other, lambda _: None, threading.Event()).installed
    assert card.verification == UNVERIFIED and not card.verified


def test_a_disk_that_fills_up_during_an_import_leaves_nothing(setup: Setup, monkeypatch) -> None:
    real_open = Path.open

    class FullDisk:
        def __init__(self, file) -> None:
            self.file, self.written = file, 0

        def write(self, data: bytes) -> int:
            self.written += len(data)
            if self.written > 20_000_000:
                raise OSError(errno.ENOSPC, "No space left on device")
            return self.file.write(data)

        def __getattr__(self, name):
            return getattr(self.file, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            self.file.close()

    def open_full(path: Path, mode: str = "r", *args, **kwargs):
        file = real_open(path, mode, *args, **kwargs)
        return FullDisk(file) if "x" in mode else file

    monkeypatch.setattr(Path, "open", open_full)
    report = setup.manager().import_path(setup.starter, lambda _: None, threading.Event())
    assert "disk filled up" in report.problems[0]
    assert setup.store_files() == []


def test_not_enough_space_is_said_before_copying(setup: Setup, monkeypatch) -> None:
    monkeypatch.setattr(shutil, "disk_usage", lambda _: shutil._ntuple_diskusage(1, 1, 1000))
    report = setup.manager().import_path(setup.starter, lambda _: None, threading.Event())
    assert "Not enough free space" in report.problems[0]
    assert setup.store_files() == []


def test_a_cancelled_import_adds_nothing(setup: Setup) -> None:
    cancel = threading.Event()
    cancel.set()
    report = setup.manager().import_path(setup.starter, lambda _: None, cancel)
    assert "cancelled" in report.problems[0] and setup.store_files() == []


def test_a_dropped_download_resumes_verifies_and_is_installed(setup: Setup) -> None:
    with ModelServer(setup.starter, drop_after=30_000_000) as server:
        setup.url = server.url
        manager = setup.manager()
        seen, progress = progress_log()
        report = manager.download(setup.catalog.starter.id, progress, threading.Event())
    card = report.card
    assert report.resumed and server.ranges == [None, "bytes=30000000-"]
    assert card.sha256 == STARTER_SHA256 and card.verification == VERIFIED_BY_CATALOG
    assert card.fit is Fit.FITS and card.origin == "downloaded"
    assert any(p.resumed_from == 0 for p in seen) and seen[-1].done == card.size
    assert setup.store_files() == ["SmolLM2-135M-Instruct.Q4_1.gguf", "models.json"]
    assert setup.events() == [
        ("model.download", "success", "start"),
        ("model.download", "success", "finish"),
    ]


def test_a_corrupted_download_is_deleted_and_audited(setup: Setup) -> None:
    with ModelServer(setup.starter, corrupt_at=1234) as server:
        setup.url = server.url
        with pytest.raises(HashMismatchError):
            setup.manager().download(setup.catalog.starter.id, lambda _: None, threading.Event())
    assert not (setup.folder / setup.starter.name).exists()
    assert setup.events()[-1] == ("model.download", "failure", "failed")


@pytest.mark.parametrize(
    ("locked", "why"),
    [
        ({"air_gapped": True}, "Air-gapped"),
        ({"downloads_allowed": False}, "does not allow downloads"),
        ({"allowed_models": ["ab" * 32]}, "not on your administrator's list"),
    ],
)
def test_downloads_are_refused_by_policy_before_any_request(setup: Setup, locked, why) -> None:
    with ModelServer(setup.starter) as server:
        setup.url = server.url
        with pytest.raises(ModelRefused, match=why):
            setup.manager(**locked).download(
                setup.catalog.starter.id, lambda _: None, threading.Event()
            )
    assert server.requests == []
    assert setup.events() == [("model.download", "denied", None)]


def test_verify_remove_and_default(setup: Setup) -> None:
    manager = setup.manager()
    [card] = manager.import_path(setup.starter, lambda _: None, threading.Event()).installed
    # None chosen yet: the starter is what a start loads, so the page and the picker mark it.
    assert manager.installed()[0].is_default
    assert manager.verify(card.file).sha256 == STARTER_SHA256
    manager.set_default(card.file)
    assert manager.installed()[0].is_default
    with card.path.open("r+b") as file:  # the file changes on disk after it was installed
        file.seek(5000)
        file.write(b"\xff")
    with pytest.raises(ModelFileError, match="has changed since it was installed"):
        manager.verify(card.file)
    manager.remove(card.file)
    assert not card.path.exists() and manager.installed() == []
    assert [e[:2] for e in setup.events()] == [
        ("model.import", "success"),
        ("model.verify", "success"),
        ("model.verify", "failure"),
        ("model.delete", "success"),
    ]


def test_bundled_models_are_listed_but_not_removable(setup: Setup, starter_model: Path) -> None:
    store = ModelStore(setup.folder, starter_model.parent, setup.catalog)
    manager = ModelManager(store, policy(), setup.log, lambda: PLENTY)
    bundled = [card for card in manager.installed() if card.origin == "bundled"]
    assert bundled[0].file == starter_model.name and not bundled[0].removable
    with pytest.raises(KnownError, match="came with Cloister"):
        manager.remove(starter_model.name)


def test_a_model_too_big_for_this_machine_gets_a_wont_fit_badge(setup: Setup) -> None:
    manager = setup.manager()
    manager.import_path(setup.starter, lambda _: None, threading.Event())
    manager._available_memory = lambda: 100_000_000
    [card] = manager.installed()
    assert card.fit is Fit.WONT_FIT and "needs about" in card.fit_note


def test_catalog_cards_say_what_can_be_downloaded(setup: Setup) -> None:
    cards = {card.id: card for card in setup.manager().catalog()}
    assert cards["qwen3-4b-q4_k_m"].downloadable and cards["qwen3-4b-q4_k_m"].pinned
    starter = cards[setup.catalog.starter.id]
    assert starter.pinned and not starter.downloadable


def test_an_unpinned_catalog_entry_downloads_as_unverified(setup: Setup) -> None:
    entry = CatalogEntry(
        id="unpinned", name="Unpinned", file="unpinned.gguf", license="MIT", url="http://x/"
    )
    with ModelServer(setup.starter) as server:
        setup.catalog = Catalog(models=[entry.model_copy(update={"url": server.url})])
        card = setup.manager().download("unpinned", lambda _: None, threading.Event()).card
    assert card.verification == UNVERIFIED and not card.verified


def test_a_cancelled_download_keeps_its_part_and_resumes_later(setup: Setup) -> None:
    cancel = threading.Event()

    def stop_midway(progress) -> None:
        # At the first bytes: progress is reported at most every 0.1 s, so a later threshold
        # may never be reported before a fast machine has the whole file.
        if progress.done > 0:
            cancel.set()

    with ModelServer(setup.starter) as server:
        setup.url = server.url
        manager = setup.manager()
        with pytest.raises(DownloadCancelled):
            manager.download(setup.catalog.starter.id, stop_midway, cancel)
        assert not (setup.folder / setup.starter.name).exists()
        assert any(name.endswith(".part") for name in setup.store_files())
        card = manager.download(setup.catalog.starter.id, lambda _: None, threading.Event()).card
    assert server.ranges[-1].startswith("bytes=") and card.sha256 == STARTER_SHA256
    assert [stage for *_, stage in setup.events()] == ["start", "cancelled", "start", "finish"]
