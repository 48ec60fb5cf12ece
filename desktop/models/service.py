"""The model manager: import, download, verify and remove models, under the policy, audited.

What may come in is decided by the file's SHA-256, before it enters the store:
- with an allowlist in the policy, only a listed hash (anything else is refused);
- else a hash the catalog pins is "verified";
- else the file is "unverified", and allowed only if the policy allows unlisted models.
Every import, download, verification and removal is recorded, refusals included; the record of
a change is written before the change is made, so a log that cannot be written stops it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from desktop.core.audit_events import ActorRole, AuditEvent, Auditor, EventType, Outcome
from desktop.core.devices import ComputeDevice
from desktop.core.errors import KnownError, ModelFileError
from desktop.core.model_records import (
    CatalogCard,
    DownloadReport,
    Fit,
    ImportReport,
    ModelCard,
    Progress,
    TransferProgress,
)
from desktop.core.policy import DOWNLOADS, EffectivePolicy
from desktop.core.translatable import QT_TRANSLATE_NOOP, message_of, words
from desktop.models import licence_notes
from desktop.models.catalog import Catalog, CatalogError, load_catalog
from desktop.models.display import model_display_name
from desktop.models.download import (
    DownloadCancelled,
    DownloadError,
    DownloadProgress,
    download_model,
)
from desktop.models.fit import fit_badge
from desktop.models.gguf_header import read_gguf_info
from desktop.models.hashing import file_sha256
from desktop.models.importing import copy_hashed, expected_sums, model_files
from desktop.models.store import ModelStore, StoredModel
from desktop.paths import assets_dir, bundled_models_dir

VERIFIED_BY_CATALOG = "verified: matches the catalog"
VERIFIED_BY_POLICY = "verified: approved by your administrator"
UNVERIFIED = "unverified: no catalog or allowlist names this file"


class ModelRefused(KnownError):
    """The policy does not let this model in."""


class ModelManager:
    def __init__(
        self,
        store: ModelStore,
        policy: EffectivePolicy,
        auditor: Auditor,
        available_memory: Callable[[], int],
        *,
        catalog_problem: str | None = None,  # why the site catalog could not be used
        download_options: dict[str, Any] | None = None,  # passed to download_model (tests)
    ) -> None:
        self.store = store
        self.policy = policy
        self._auditor = auditor
        self._available_memory = available_memory
        self.catalog_problem = catalog_problem
        self._download_options = download_options or {}
        # The fit badge counts a graphics card's memory: the devices the worker last reported
        # (the GUI process cannot ask llama.cpp) and the "Use the graphics card" setting.
        self.devices: tuple[ComputeDevice, ...] = ()
        self.use_gpu: bool = bool(policy.value("gpu_offload"))

    # -- what is there ------------------------------------------------------------------------

    def installed(self) -> list[ModelCard]:
        # The default is the one chosen, else the starter model: what a start loads.
        starter = next((entry for entry in self.store.catalog.models if entry.starter), None)
        default = self.store.default or (starter.file if starter else None)
        available = self._available_memory()
        return [self._card(record, available, default) for record in self.store.models()]

    def catalog(self) -> list[CatalogCard]:
        records = self.store.models()
        installed = {record.sha256 for record in records}
        installed_files = {record.file for record in records}
        return [
            CatalogCard(
                id=entry.id,
                name=entry.name,
                family=entry.family,
                parameters=entry.parameters,
                quantization=entry.quantization,
                size=entry.size or entry.approx_size,
                license=entry.license,
                license_url=entry.license_url,
                good_for=entry.good_for,
                ram_needed_gb=entry.ram_needed_gb,
                context_length=entry.context_length,
                pinned=entry.pinned,
                installed=entry.sha256 in installed or entry.file in installed_files,
                downloadable=entry.url is not None,
                license_restricted=entry.license_restricted,
                memory_class_gb=entry.memory_class_gb,
                license_note=licence_notes.marked(entry.license_note),
            )
            for entry in self.store.catalog.models
        ]

    def downloads_refused(self) -> str | None:
        if self.policy.air_gapped:
            return QT_TRANSLATE_NOOP(
                "ModelErrors",
                "Air-gapped mode is on: bring models in with Import (a disk or USB stick).",
            )
        refusal = self.policy.refusal("downloads_allowed", DOWNLOADS)
        if not refusal:
            return None
        return words(
            QT_TRANSLATE_NOOP("ModelErrors", "{refusal} Use Import (a disk or USB stick)."),
            refusal=refusal,
        )

    def path_of(self, file: str) -> Path:
        return self.store.path(self.store.model(file))

    # -- bringing models in -------------------------------------------------------------------

    def import_path(
        self, source: Path, progress: Progress, cancel: threading.Event
    ) -> ImportReport:
        files = model_files(source)
        sums = expected_sums(source if source.is_dir() else source.parent)
        installed: list[ModelCard] = []
        problems: list[str] = []
        for path in files:
            try:
                record = self._import_file(path, sums.get(path.name), progress, cancel)
            except KnownError as exc:
                problems.append(f"{path.name}: {exc}")
                if cancel.is_set():
                    break
            else:
                installed.append(self._card(record, self._available_memory(), None))
        return ImportReport(installed, problems)

    def _import_file(
        self, path: Path, listed: str | None, progress: Progress, cancel: threading.Event
    ) -> StoredModel:
        details = {"source": str(path)}
        try:
            read_gguf_info(path)  # a file that is not a whole GGUF model is refused uncopied
            staged = self.store.staging_file(path.name)
            staged.unlink(missing_ok=True)
            sha256 = copy_hashed(path, staged, progress, cancel)
        except KnownError as exc:
            self._record(EventType.MODEL_IMPORT, path.name, Outcome.FAILURE, str(exc), details)
            raise
        details["sha256"] = sha256
        if listed is not None and listed != sha256:
            reason = f"its SHA-256 {sha256} does not match the SHA256SUMS file ({listed})"
            self._refuse_staged(staged, EventType.MODEL_IMPORT, reason, details, KnownError)
        return self._admit(staged, sha256, "imported", EventType.MODEL_IMPORT, details)

    def download(
        self, catalog_id: str, progress: Progress, cancel: threading.Event
    ) -> DownloadReport:
        entry = self.store.catalog.entry(catalog_id)
        details: dict[str, Any] = {"url": entry.url, "catalog_id": entry.id}
        refusal = self.downloads_refused() or self._pinned_refusal(entry.sha256)
        if refusal:
            self._record(EventType.MODEL_DOWNLOAD, entry.file, Outcome.DENIED, refusal, details)
            raise ModelRefused(refusal)
        if entry.url is None:
            raise KnownError(
                words(
                    QT_TRANSLATE_NOOP(
                        "ModelErrors", "The catalog gives no download address for {name}."
                    ),
                    name=entry.name,
                )
            )
        self._record(
            EventType.MODEL_DOWNLOAD,
            entry.file,
            Outcome.SUCCESS,
            None,
            details | {"stage": "start"},
        )
        try:
            result = download_model(
                entry.url,
                self.store.staging,
                entry.file,
                expected_sha256=entry.sha256,
                expected_size=entry.size,
                on_progress=lambda p: progress(_transfer(p)),
                cancel=cancel,
                **self._download_options,
            )
        except DownloadError as exc:
            stage = "cancelled" if isinstance(exc, DownloadCancelled) else "failed"
            details |= {"stage": stage, "part_kept": exc.part_kept}
            self._record(EventType.MODEL_DOWNLOAD, entry.file, Outcome.FAILURE, str(exc), details)
            raise
        details |= {"stage": "finish", "sha256": result.sha256, "resumed": result.resumed}
        record = self._admit(
            result.path, result.sha256, "downloaded", EventType.MODEL_DOWNLOAD, details
        )
        card = self._card(record, self._available_memory(), self.store.default)
        return DownloadReport(card, result.resumed)

    def _pinned_refusal(self, sha256: str | None) -> str | None:
        """A catalog hash the allowlist does not name is refused before a byte is fetched."""
        if sha256 is None or self.policy.model_allowed(sha256):
            return None
        return _not_allowed(sha256)

    def _admit(
        self, staged: Path, sha256: str, origin: str, event: EventType, details: dict[str, Any]
    ) -> StoredModel:
        """The checks every new file passes before it enters the store, then the move."""
        try:
            verified, catalog_id = self._approve(sha256)
            self.store.check_new(staged.name, sha256)
            read_gguf_info(staged)  # the copy is whole
        except ModelRefused as exc:
            self._refuse_staged(staged, event, str(exc), details, ModelRefused)
        except KnownError as exc:
            self._refuse_staged(staged, event, str(exc), details, KnownError, Outcome.FAILURE)
        record = StoredModel(
            file=staged.name,
            sha256=sha256,
            size=staged.stat().st_size,
            origin=origin,
            added="",
            verified=verified,
            catalog_id=catalog_id,
        )
        details |= {"verified": verified}
        try:
            self._record(event, staged.name, Outcome.SUCCESS, None, details)
            return self.store.add(staged, record)
        except BaseException:
            staged.unlink(missing_ok=True)
            raise

    def _approve(self, sha256: str) -> tuple[bool, str | None]:
        """(verified, catalog id), or ModelRefused."""
        entry = self.store.catalog.by_sha256(sha256)
        catalog_id = entry.id if entry else None
        if self.policy.allowed_models is not None:
            if not self.policy.model_allowed(sha256):
                raise ModelRefused(_not_allowed(sha256))
            return True, catalog_id
        if entry is not None:
            return True, catalog_id
        if not self.policy.unlisted_models_allowed:
            raise ModelRefused(
                words(
                    QT_TRANSLATE_NOOP(
                        "ModelErrors",
                        "Your administrator's policy allows only models the catalog "
                        "pins; this file's SHA-256 ({sha256}) is in no catalog.",
                    ),
                    sha256=sha256,
                )
            )
        return False, None

    def _refuse_staged(
        self,
        staged: Path,
        event: EventType,
        reason: str,
        details: dict[str, Any],
        error: type[KnownError],
        outcome: Outcome = Outcome.DENIED,
    ) -> NoReturn:
        staged.unlink(missing_ok=True)
        self._record(event, staged.name, outcome, reason, details)
        raise error(reason[0].upper() + reason[1:])

    # -- looking after what is installed ------------------------------------------------------

    def verify(self, file: str) -> ModelCard:
        record = self.store.model(file)
        sha256 = file_sha256(self.store.path(record))
        details = {"sha256": sha256, "expected": record.sha256}
        try:
            self.store.check_unchanged(file, sha256)
        except ModelFileError as exc:
            self._record(EventType.MODEL_VERIFY, file, Outcome.FAILURE, str(exc), details)
            raise
        self._record(EventType.MODEL_VERIFY, file, Outcome.SUCCESS, None, details)
        return self._card(record, self._available_memory(), self.store.default)

    def remove(self, file: str) -> None:
        record = self.store.model(file)
        if record.origin == "bundled":
            raise KnownError(
                words(
                    QT_TRANSLATE_NOOP(
                        "ModelErrors", "{file} came with Cloister and cannot be removed."
                    ),
                    file=file,
                )
            )
        details = {"sha256": record.sha256, "size": record.size}
        self._record(EventType.MODEL_DELETE, file, Outcome.SUCCESS, None, details)
        self.store.remove(file)

    def set_default(self, file: str) -> None:
        self.store.model(file)
        event = AuditEvent(
            event_type=EventType.SETTINGS_CHANGE,
            target_type="setting",
            target_id="default_model",
            details={"old": self.store.default, "new": file},
        )
        self._auditor.record(event, ActorRole.USER)
        self.store.set_default(file)

    # -- helpers ------------------------------------------------------------------------------

    def _card(self, record: StoredModel, available: int, default: str | None) -> ModelCard:
        path = self.store.path(record)
        entry = self.store.catalog.by_sha256(record.sha256)
        try:
            info = read_gguf_info(path)
        except ModelFileError as exc:
            return _damaged_card(record, path, message_of(exc))
        fit, note = fit_badge(info, available, self.devices, self.use_gpu)
        return ModelCard(
            file=record.file,
            # Never the header's general.name: converters fill it with training-run tags.
            name=model_display_name(record.file, record.sha256, self.store.catalog),
            architecture=info.architecture,
            parameters=info.parameters,
            quantization=info.quantization,
            context_length=info.context_length,
            license=(entry.license if entry else info.license) or "not stated",
            size=record.size,
            sha256=record.sha256,
            verification=self._verification(record),
            verified=record.verified and self.policy.model_allowed(record.sha256),
            fit=fit,
            fit_note=note,
            origin=record.origin,
            path=path,
            is_default=record.file == default,
            removable=record.origin != "bundled",
        )

    def _verification(self, record: StoredModel) -> str:
        if not self.policy.model_allowed(record.sha256):
            return "not allowed: your administrator's allowlist does not name it"
        if self.store.catalog.by_sha256(record.sha256):
            return VERIFIED_BY_CATALOG
        return VERIFIED_BY_POLICY if record.verified else UNVERIFIED

    def _record(
        self,
        event: EventType,
        file: str,
        outcome: Outcome,
        reason: str | None,
        details: dict[str, Any],
    ) -> None:
        self._auditor.record(
            AuditEvent(
                event_type=event,
                outcome=outcome,
                reason=reason,
                target_type="model",
                target_id=file,
                details=details,
            ),
            ActorRole.USER,
        )


def _not_allowed(sha256: str) -> str:
    return words(
        QT_TRANSLATE_NOOP(
            "ModelErrors",
            "This model is not on your administrator's list of allowed models (SHA-256 {sha256}).",
        ),
        sha256=sha256,
    )


def _transfer(progress: DownloadProgress) -> TransferProgress:
    return TransferProgress(
        progress.received,
        progress.total,
        progress.bytes_per_second,
        progress.eta_seconds,
        progress.resumed_from,
        progress.checking,
    )


def _damaged_card(record: StoredModel, path: Path, problem: str) -> ModelCard:
    return ModelCard(
        file=record.file,
        name=model_display_name(record.file),
        architecture="?",
        parameters=0,
        quantization="?",
        context_length=None,
        license="?",
        size=record.size,
        sha256=record.sha256,
        verification=f"damaged: {problem}",
        verified=False,
        fit=Fit.WONT_FIT,
        fit_note=problem,
        origin=record.origin,
        path=path,
        removable=record.origin != "bundled",
    )


def open_model_manager(
    models_folder: Path,
    policy: EffectivePolicy,
    auditor: Auditor,
    available_memory: Callable[[], int],
) -> ModelManager:
    """The manager for this workstation: its catalog is the site's when the policy names one.
    A site catalog that cannot be used gives an empty catalog (and says why), never ours."""
    site = Path(policy.catalog_file) if policy.catalog_file else None
    try:
        catalog = load_catalog(assets_dir() / "catalog.json", site, policy.catalog_sha256)
        problem = None
    except CatalogError as exc:
        catalog, problem = Catalog(models=[]), str(exc)
    store = ModelStore(models_folder, bundled_models_dir(), catalog)
    return ModelManager(store, policy, auditor, available_memory, catalog_problem=problem)
