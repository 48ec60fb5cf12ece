"""`cloister models list | import | verify | remove | default`: the model manager for IT.

Listing needs no key. Every change is recorded in the audit log, so those commands ask to
unlock it first, like `settings set`.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path

from desktop.cli.exits import BAD_INPUT, report_error
from desktop.core.display_text import safe_title
from desktop.core.errors import KnownError, ModelFileError
from desktop.core.model_records import ModelCard, TransferProgress
from desktop.core.policy import EffectivePolicy
from desktop.paths import AppPaths


def list_models(paths: AppPaths, policy: EffectivePolicy) -> int:
    manager = _manager(paths, policy, auditor=None)
    cards = manager.installed()
    if not cards:
        print("No models installed. Import one: cloister models import PATH")
    for card in cards:
        print(_describe(card))
    if manager.catalog_problem:
        print(f"WARNING: {manager.catalog_problem}", file=sys.stderr)
    return 0


def import_models(paths: AppPaths, policy: EffectivePolicy, source: Path) -> int:
    def run(manager) -> int:
        report = manager.import_path(source, _progress_line, threading.Event())
        print(file=sys.stderr)
        for card in report.installed:
            print(f"imported {_describe(card)}")
        for problem in report.problems:
            print(f"refused {problem}", file=sys.stderr)
        return 0 if report.installed and not report.problems else 1

    return _audited(paths, policy, run)


def verify_models(paths: AppPaths, policy: EffectivePolicy, files: list[str]) -> int:
    def run(manager) -> int:
        failed = 0
        for file in files or [card.file for card in manager.installed()]:
            try:
                card = manager.verify(file)
            except KnownError as exc:
                print(f"FAILED {file}: {exc}", file=sys.stderr)
                failed += 1
            else:
                print(f"ok     {card.file}  {card.sha256}  {card.verification}")
        return 1 if failed else 0

    return _audited(paths, policy, run)


def remove_model(paths: AppPaths, policy: EffectivePolicy, file: str) -> int:
    return _audited(paths, policy, lambda manager: _done(manager.remove(file), f"removed {file}"))


def set_default_model(paths: AppPaths, policy: EffectivePolicy, file: str) -> int:
    return _audited(
        paths, policy, lambda manager: _done(manager.set_default(file), f"default model: {file}")
    )


def _done(_: None, message: str) -> int:
    print(message)
    return 0


def _audited(paths: AppPaths, policy: EffectivePolicy, action: Callable[..., int]) -> int:
    from desktop.audit.log import open_session_log
    from desktop.cli.unlock import unlock_from_terminal
    from desktop.core.key_prompts import UnlockReport

    try:
        report = UnlockReport()
        log = open_session_log(
            paths.audit_database, unlock_from_terminal(paths, report), report, policy=policy
        )
        try:
            return action(_manager(paths, policy, log))
        finally:
            log.close()
    except KnownError as exc:
        return report_error(exc, BAD_INPUT)


def _manager(paths: AppPaths, policy: EffectivePolicy, auditor):
    from desktop.inference.hardware import available_memory
    from desktop.models.service import open_model_manager

    return open_model_manager(paths.models, policy, auditor, available_memory)


def _describe(card: ModelCard) -> str:
    default = " (default)" if card.is_default else ""
    # What a model file says about itself is shown, never obeyed: no escape sequences.
    file, name, architecture, quantization, licence = (
        safe_title(text)
        for text in (card.file, card.name, card.architecture, card.quantization, card.license)
    )
    return (
        f"{file}{default}\n"
        f"    {name}: {architecture}, {card.parameters / 1e6:,.0f}M parameters, "
        f"{quantization}, context {card.context_length or '?'}, licence {licence}\n"
        f"    {card.size / 1e6:,.1f} MB  sha256 {card.sha256}\n"
        f"    {card.verification}; {card.fit.value} on this machine ({card.fit_note}); "
        f"{card.origin}"
    )


def _progress_line(progress: TransferProgress) -> None:
    print(f"\r  {progress.describe()}\033[K", end="", file=sys.stderr, flush=True)


def inspect_model(path: Path) -> int:
    from desktop.models.gguf_header import read_gguf_info

    try:
        info = read_gguf_info(path)
    except ModelFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"file:           {info.path}")
    # The file's own metadata is shown, never obeyed: no escape sequences reach the terminal.
    print(f"name:           {safe_title(info.name)}")
    print(f"architecture:   {safe_title(info.architecture)}")
    print(f"context length: {info.context_length}")
    print(f"tensors:        {info.tensor_count}")
    print(f"chat template:  {'yes' if info.chat_template else 'no'}")
    return 0
