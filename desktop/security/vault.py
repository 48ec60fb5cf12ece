"""The data key's life: made once, kept in the keychain or under a passphrase, recoverable.

`key.json` next to the database (the "envelope") holds no secret in the clear: the key's id,
how it is kept, and wrapped copies of it - under the passphrase (passphrase mode) and under
the one-time recovery key (always). In keychain mode the key itself lives in the OS keychain.
"""

from __future__ import annotations

import base64
import contextlib
import os
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, ValidationError

from desktop.core.errors import KnownError
from desktop.core.key_prompts import check_passphrase
from desktop.core.records import utc_now
from desktop.security.keychain import Keychain, KeychainError
from desktop.security.wrapping import (
    ScryptCost,
    WrappedKey,
    key_id,
    new_data_key,
    new_recovery_key,
    unwrap,
    wrap_with_passphrase,
    wrap_with_recovery_key,
)


class KeyMode(StrEnum):
    KEYCHAIN = "keychain"  # the OS keychain holds the key; nothing to type at start
    PASSPHRASE = "passphrase"  # no trustworthy keychain: the user unlocks at start


class KeyEnvelope(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: Literal[1] = 1
    key_id: str
    mode: KeyMode
    created_at: datetime
    passphrase: WrappedKey | None = None
    recovery: WrappedKey


class NewKey(NamedTuple):
    data_key: bytes
    recovery_key: str  # shown to the user once, never stored


class KeyVault:
    def __init__(self, path: Path, keychain: Keychain, cost: ScryptCost | None = None) -> None:
        self.path = path
        self.keychain = keychain
        self._cost = cost or ScryptCost()

    # -- state --------------------------------------------------------------------------------

    def exists(self) -> bool:
        return self.path.exists()

    def envelope(self) -> KeyEnvelope:
        try:
            return KeyEnvelope.model_validate_json(self.path.read_bytes())
        except (OSError, ValidationError, ValueError) as exc:
            raise KnownError(
                f"Cloister's key file {self.path} cannot be read ({exc.__class__.__name__}). "
                "Restore it from a backup; without it the conversations cannot be opened."
            ) from exc

    @property
    def mode(self) -> KeyMode:
        return self.envelope().mode

    # -- first start --------------------------------------------------------------------------

    def create(self, passphrase: str | None = None) -> NewKey:
        """A new data key, kept in the keychain if it is secure, else under `passphrase`."""
        if self.exists():
            raise KnownError(f"A key already exists at {self.path}; it is never replaced.")
        data_key, recovery_key = new_data_key(), new_recovery_key()
        ident = key_id(data_key)
        if passphrase is None:
            if not self.keychain.secure:
                raise KnownError("This system has no secure keychain: choose a passphrase.")
            self.keychain.set(_account(ident), _text(data_key))
            mode, wrapped = KeyMode.KEYCHAIN, None
        else:
            check_passphrase(passphrase)
            mode = KeyMode.PASSPHRASE
            wrapped = wrap_with_passphrase(data_key, passphrase, _purpose(ident, mode), self._cost)
        recovery = wrap_with_recovery_key(data_key, recovery_key, _purpose(ident, "recovery"))
        self._write(
            KeyEnvelope(
                key_id=ident, mode=mode, created_at=utc_now(), passphrase=wrapped, recovery=recovery
            )
        )
        return NewKey(data_key, recovery_key)

    # -- every start --------------------------------------------------------------------------

    def unlock_from_keychain(self) -> bytes:
        envelope = self.envelope()
        stored = self.keychain.get(_account(envelope.key_id))
        data_key = _bytes(stored) if stored else b""
        if key_id(data_key) != envelope.key_id:
            raise KeychainError(
                "The system keychain no longer holds the key to these conversations. "
                "Unlock them with your recovery key."
            )
        return data_key

    def unlock(self, passphrase: str) -> bytes:
        envelope = self.envelope()
        if envelope.passphrase is None:
            raise KnownError("These conversations are not protected by a passphrase.")
        return unwrap(envelope.passphrase, passphrase, _purpose(envelope.key_id, envelope.mode))

    def recover(self, recovery_key: str) -> bytes:
        envelope = self.envelope()
        return unwrap(envelope.recovery, recovery_key, _purpose(envelope.key_id, "recovery"))

    # -- changes ------------------------------------------------------------------------------

    def set_passphrase(self, data_key: bytes, passphrase: str) -> None:
        """Keep `data_key` under a new passphrase from now on (after a recovery, or a change)."""
        check_passphrase(passphrase)
        envelope = self.envelope()
        if key_id(data_key) != envelope.key_id:
            raise KnownError("That key does not belong to these conversations.")
        mode = KeyMode.PASSPHRASE
        wrapped = wrap_with_passphrase(
            data_key, passphrase, _purpose(envelope.key_id, mode), self._cost
        )
        self._write(envelope.model_copy(update={"mode": mode, "passphrase": wrapped}))

    def store_in_keychain(self, data_key: bytes) -> None:
        """Put `data_key` back in a (secure) keychain, e.g. after a recovery."""
        envelope = self.envelope()
        if key_id(data_key) != envelope.key_id:
            raise KnownError("That key does not belong to these conversations.")
        self.keychain.set(_account(envelope.key_id), _text(data_key))
        self._write(envelope.model_copy(update={"mode": KeyMode.KEYCHAIN, "passphrase": None}))

    def _write(self, envelope: KeyEnvelope) -> None:
        """Atomically: a crash leaves the old file or the new one, never half of either."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(self.path.name + ".new")
        data = envelope.model_dump_json(indent=2).encode("utf-8")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise KnownError(f"Cannot save Cloister's key file {self.path}: {exc}") from exc


def _account(ident: str) -> str:
    return f"data key {ident}"


def _purpose(ident: str, kind: str) -> str:
    return f"cloister data key/{kind}/{ident}"


def _text(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _bytes(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except ValueError:
        return b""
