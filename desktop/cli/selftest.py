"""`cloister selftest`: proof that this installation works, with its real parts.

In a throw-away base folder with a throw-away data key (never the user's data or keychain) it
starts the real worker process through the real EngineClient, loads the starter model (found
as the app finds it) or the one given, answers a short prompt, keeps the exchange in the
encrypted conversation store, reads a PDF with a scanned page through the document reader
(OCR), indexes and embeds it with the bundled embedder and finds a passage again by hybrid
search (`selftest_documents`), records it all in a real audit log, exports the log as a signed
bundle and verifies that bundle offline. One line per step with its time; the first failure
ends the run, because every later step needs the earlier ones.

CI runs it in the frozen bundle (installer/linux/check_package.sh); IT can run it on a
workstation after a silent install.
"""

from __future__ import annotations

import importlib.metadata
import queue
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import desktop.storage  # noqa: F401  # first: sqlite-utils on SQLCipher (see its docstring)
from desktop import APP_NAME, __version__
from desktop.audit.log import AuditLog, open_session_log
from desktop.audit.service import AuditService
from desktop.audit.verify import verify_bundle
from desktop.core.audit_events import (
    AuditEvent,
    AuditQuery,
    EventType,
    conversation_event,
    text_digest,
)
from desktop.core.errors import KnownError, ModelFileError
from desktop.core.events import (
    EngineEvent,
    GenerationFailed,
    GenerationFinished,
    ModelLoaded,
    ModelLoadFailed,
    TokenStreamed,
    WorkerStopped,
)
from desktop.core.policy import EffectivePolicy
from desktop.core.records import Role
from desktop.core.settings import GenerationSettings
from desktop.inference.client import EngineClient
from desktop.models.catalog import Catalog, find_starter_model
from desktop.paths import AppPaths, assets_dir, bundled_models_dir
from desktop.security.keychain import Keychain, key_protection
from desktop.security.wrapping import new_data_key
from desktop.storage.conversations import ConversationStore
from desktop.storage.database import open_database

PROMPT = "What is the capital of France?"
SEARCH_WORD = "capital"  # a word of PROMPT: the full-text index must find it again
# Greedy and short: the same answer every run, and quick on any CPU.
SETTINGS = GenerationSettings(temperature=0.0, seed=7, max_tokens=32)
LOAD_TIMEOUT = 180  # seconds: a cold start of the frozen worker on a slow disk included
ANSWER_TIMEOUT = 120
PLAINTEXT_HEADER = b"SQLite format 3\x00"  # what an unencrypted database file starts with

# The keyring backends that must be inside the bundle for the keychain to work on each OS
# (keyring finds them through its entry points, which PyInstaller misses without metadata).
KEYCHAIN_BACKENDS = {
    "linux": ("SecretService", "KWallet"),
    "darwin": ("macOS",),
    "win32": ("Windows",),
}


class StepFailed(Exception):
    """A step's check did not hold; the message says what was found instead."""


@dataclass(frozen=True)
class StepResult:
    name: str
    ok: bool
    seconds: float
    detail: str

    def line(self) -> str:
        return f"{'ok' if self.ok else 'FAIL':<5}{self.seconds:7.2f} s  {self.name}: {self.detail}"


def check_keychain() -> str:
    """The OS keychain backends are bundled, and what a first start here does with the key,
    in the first-run dialog's own words (no secret is read or stored)."""
    wanted = KEYCHAIN_BACKENDS.get(sys.platform, ())
    found = {e.name: e for e in importlib.metadata.entry_points(group="keyring.backends")}
    missing = [name for name in wanted if name not in found]
    if missing:
        raise StepFailed(f"keyring has no {', '.join(missing)} backend (its metadata is gone)")
    for name in wanted:
        try:
            found[name].load()
        except ImportError as exc:
            raise StepFailed(f"the {name} backend does not import: {exc}") from exc
    return f"{', '.join(wanted) or 'no'} backends present. {key_protection(Keychain())}"


class _Session:
    """The parts a self-test builds, in the order the app builds them, and the steps on them."""

    def __init__(self, base: Path, model: Path | None, policy: EffectivePolicy) -> None:
        self.paths = AppPaths(base).ensure()
        self.data_key = new_data_key()  # throw-away: never in the keychain, gone with `base`
        self.policy = policy
        self.model = model
        self.events: queue.Queue[EngineEvent] = queue.Queue()
        self.engine: EngineClient | None = None
        self.audit: AuditLog | None = None
        self.store: ConversationStore | None = None
        self.loaded: ModelLoaded | None = None
        self.conversation_id = 0
        self.exported = 0

    def steps(self) -> list[tuple[str, Callable[[], str]]]:
        return [
            ("model file", self.find_model),
            ("keychain", check_keychain),
            ("encrypted stores", self.open_stores),
            ("worker process and model", self.load_model),
            ("answer", self.answer),
            ("encrypted conversation store", self.check_store),
            ("documents", self.check_documents),
            ("audit chain", self.check_audit_chain),
            ("audit export", self.export_audit),
            ("offline verification", self.verify_export),
        ]

    # -- steps: each returns what it found, or raises StepFailed / KnownError ------------------

    def find_model(self) -> str:
        if self.model is None:  # as the app does it: the catalog's starter in the bundle
            catalog = Catalog.load(assets_dir() / "catalog.json")
            try:
                self.model = find_starter_model(catalog, [bundled_models_dir()])
            except ModelFileError as exc:  # e.g. a bundle built with CLOISTER_BUNDLE_MODEL=0
                raise StepFailed(f"{exc} Or test another: selftest --model FILE.gguf") from exc
        elif not self.model.is_file():
            raise StepFailed(f"{self.model} is not a file")
        size = self.model.stat().st_size / 1e6
        return f"{self.model} ({size:.1f} MB)"

    def open_stores(self) -> str:
        self.audit = open_session_log(self.paths.audit_database, self.data_key)
        self.store = ConversationStore(open_database(self.paths.database, self.data_key))
        return f"audit log and conversation store in {self.paths.data}, throw-away key"

    def load_model(self) -> str:
        assert self.model is not None and self.audit is not None
        self.engine = EngineClient(
            self.events.put,
            air_gapped=self.policy.air_gapped,
            allowed_sha256=self.policy.allowed_models,
        )
        self.engine.load(str(self.model))
        deadline = time.monotonic() + LOAD_TIMEOUT
        while not isinstance(event := self._next_event(deadline, "load the model"), ModelLoaded):
            if isinstance(event, ModelLoadFailed):
                raise StepFailed(event.message)
        self.loaded = event
        self.audit.record(  # as the app records a load: by the file's SHA-256
            AuditEvent(
                event_type=EventType.MODEL_LOAD,
                target_type="model",
                target_id=event.sha256,
                details={
                    "file": self.model.name,
                    "architecture": event.architecture,
                    "worker_caged": event.caged,
                    "worker_cage": event.cage,
                },
            )
        )
        self._check_catalog_hash(event.sha256)
        return (
            f"worker pid {self.engine.pid} loaded {event.name} ({event.architecture}, context "
            f"{event.context_length:,}) in {event.load_seconds:.1f} s; "
            f"SHA-256 {(event.sha256 or '?')[:16]}…; {event.cage}"
        )

    def answer(self) -> str:
        assert self.engine and self.audit and self.store and self.loaded and self.model
        model, sha256 = self.model.name, self.loaded.sha256
        conversation = self.store.create_conversation("Self-test")
        self.conversation_id = conversation.id
        # Recorded before it is acted on, as the app does (fail closed).
        self.audit.record(
            conversation_event(
                EventType.PROMPT_SUBMIT,
                conversation.id,
                prompt=text_digest(PROMPT),
                model=model,
                model_sha256=sha256,
            )
        )
        self.store.add_message(conversation.id, Role.USER, PROMPT)
        self.engine.generate(1, [{"role": "user", "content": PROMPT}], SETTINGS, conversation.id)
        pieces: list[str] = []
        deadline = time.monotonic() + ANSWER_TIMEOUT
        while not isinstance(event := self._next_event(deadline, "answer"), GenerationFinished):
            if isinstance(event, TokenStreamed):
                pieces.append(event.text)
            elif isinstance(event, GenerationFailed):
                raise StepFailed(event.message)
        reply = "".join(pieces).strip()
        if not reply:
            raise StepFailed(f"the model answered {PROMPT!r} with nothing")
        self.store.add_message(
            conversation.id, Role.ASSISTANT, reply, model=model, model_sha256=sha256
        )
        self.audit.record(
            conversation_event(
                EventType.REPLY_GENERATE,
                conversation.id,
                reply=text_digest(reply),
                model=model,
                model_sha256=sha256,
                prompt_tokens=event.prompt_tokens,
                completion_tokens=event.tokens,
                tokens_per_second=round(event.tokens_per_second, 1),
            )
        )
        shown = reply if len(reply) <= 60 else reply[:59] + "…"
        return (
            f"{PROMPT!r} -> {' '.join(shown.split())!r} "
            f"({event.tokens} tokens, {event.tokens_per_second:.0f} tokens/s)"
        )

    def check_store(self) -> str:
        assert self.store is not None
        self.store.checkpoint()  # the pages leave the WAL for the database file itself
        messages = self.store.messages(self.conversation_id)
        with self.paths.database.open("rb") as file:
            if file.read(len(PLAINTEXT_HEADER)) == PLAINTEXT_HEADER:
                raise StepFailed(f"{self.paths.database} is a plaintext SQLite file")
        hits = self.store.search(SEARCH_WORD)
        if self.conversation_id not in {hit.conversation_id for hit in hits}:
            raise StepFailed(f"searching for {SEARCH_WORD!r} did not find the conversation")
        return f"{len(messages)} messages saved, ciphertext on disk, found again by search"

    def check_documents(self) -> str:
        assert self.audit is not None
        from desktop.cli.selftest_documents import check_documents  # numpy: only for this step

        return check_documents(self.paths, self.data_key, self.policy.air_gapped, self.audit)

    def check_audit_chain(self) -> str:
        assert self.audit is not None
        problems = self.audit.self_check()
        if problems:
            raise StepFailed(problems[0])
        checkpoint = self.audit.checkpoint()
        return (
            f"{self.audit.size} records hash and link; checkpoint signed over "
            f"{checkpoint.tree_size} (key {self.audit.key.fingerprint[:16]}…)"
        )

    def export_audit(self) -> str:
        assert self.audit is not None
        folder = self.paths.base / "audit-export"
        self.exported = AuditService(self.audit).export(str(folder), AuditQuery())
        return f"{self.exported} records to {folder}"

    def verify_export(self) -> str:
        assert self.audit is not None
        # Against the key we hold, not only the one the bundle carries.
        verdict = verify_bundle(self.paths.base / "audit-export", self.audit.key.public_pem())
        if not verdict.ok:
            raise StepFailed(verdict.problems[0])
        if verdict.records != self.exported:
            raise StepFailed(f"{verdict.records} records verified, {self.exported} exported")
        return f"{verdict.records} records: signatures, hashes, chain and Merkle root agree"

    # -- helpers ------------------------------------------------------------------------------

    def _next_event(self, deadline: float, doing: str) -> EngineEvent:
        """The worker's next event; a dead worker or a timeout fails the step."""
        while True:
            try:
                event = self.events.get(timeout=max(deadline - time.monotonic(), 0))
            except queue.Empty:
                raise StepFailed(f"the worker did not {doing} in time") from None
            if isinstance(event, WorkerStopped):
                raise StepFailed(f"the worker process stopped: {event.message}")
            return event

    def _check_catalog_hash(self, sha256: str | None) -> None:
        """A model the catalog knows (the starter) must be the very file it pins."""
        assert self.model is not None
        catalog = Catalog.load(assets_dir() / "catalog.json")
        for entry in catalog.models:
            if entry.file == self.model.name and entry.sha256 != sha256:
                raise StepFailed(
                    f"{self.model.name} has SHA-256 {sha256}, the catalog pins {entry.sha256}"
                )

    def close(self) -> None:
        if self.engine is not None:
            self.engine.shutdown()
        if self.store is not None:
            self.store.close()
        if self.audit is not None:
            self.audit.close()


def run_selftest(
    policy: EffectivePolicy,
    model: Path | None = None,
    report: Callable[[StepResult], None] = lambda result: None,
) -> list[StepResult]:
    """Run every step until one fails; `report` hears about each as it ends."""
    results: list[StepResult] = []
    with tempfile.TemporaryDirectory(prefix="cloister-selftest-", ignore_cleanup_errors=True) as d:
        session = _Session(Path(d), model, policy)
        try:
            for name, step in session.steps():
                started = time.perf_counter()
                try:
                    ok, detail = True, step()
                except (StepFailed, KnownError) as exc:
                    ok, detail = False, str(exc)
                except Exception as exc:  # a bug or a broken bundle: still one clear line
                    ok, detail = False, f"unexpected {type(exc).__name__}: {exc}"
                result = StepResult(name, ok, time.perf_counter() - started, detail)
                results.append(result)
                report(result)
                if not ok:
                    break
        finally:
            session.close()
    return results


def passed(results: list[StepResult]) -> bool:
    return bool(results) and all(result.ok for result in results)


def selftest_command(policy: EffectivePolicy, model: Path | None) -> int:
    """`cloister selftest`: one line per step as it ends; exit code 0 only if every step passed."""
    where = f"frozen bundle in {sys.executable}" if getattr(sys, "frozen", False) else "source"
    print(f"{APP_NAME} {__version__} self-test ({where}; nothing of yours is read or written)")
    started = time.perf_counter()
    results = run_selftest(policy, model, lambda result: print(result.line(), flush=True))
    total = time.perf_counter() - started
    if passed(results):
        print(f"PASSED: {len(results)} steps in {total:.1f} s")
        return 0
    failed = results[-1] if results else None
    print(f"FAILED at '{failed.name}': {failed.detail}" if failed else "FAILED: no step ran")
    return 1
