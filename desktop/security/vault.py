"""The data key's life: made once, kept in the keychain or under a passphrase, recoverable.

`key.json` next to the database (the "envelope") holds no secret in the clear: the key's id,
how it is kept, and wrapped copies of it - under the passphrase (passphrase mode) and under
the one-time recovery key (always). In keychain mode the key itself lives in the OS keychain.

Reading it checks all of it before any of it is used (issue 20): its size, every field's type
and range (the scrypt cost within desktop.core.scrypt_limits), and that its parts fit together
as Cloister writes them. Anything else is a DamagedKeyFileError, whose message says so and what
to do; no field of a hostile file reaches scrypt or AES.
"""

from __future__ import annotations

import base64
import contextlib
import os
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal, NamedTuple, Self

from pydantic import ConfigDict, StringConstraints, ValidationError, model_validator

from desktop.core.errors import KnownError
from desktop.core.key_prompts import check_passphrase
from desktop.core.records import utc_now
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.security.keychain import Keychain, KeychainError
from desktop.security.wrapping import (
    FROM_FILE,
    ScryptCost,
    WrappedKey,
    WrittenRecord,
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


# The largest key.json Cloister writes is about 1 KiB; a bigger file is not read into memory.
MAX_KEY_FILE_BYTES = 64 * 1024


class DamagedKeyFileError(KnownError):
    """key.json is not a key file as Cloister writes it: damaged, truncated, or edited."""


class KeyEnvelope(WrittenRecord):
    model_config = ConfigDict(frozen=True, strict=True, extra="forbid")

    version: Literal[1] = 1
    key_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")]
    mode: KeyMode
    created_at: datetime
    passphrase: WrappedKey | None = None
    recovery: WrappedKey

    @model_validator(mode="after")
    def _parts_fit_together(self) -> Self:
        """As create(), set_passphrase() and store_in_keychain() write them, and no other way."""
        if self.recovery.kdf != "hkdf-sha256":
            raise ValueError("the recovery copy must be wrapped with hkdf-sha256")
        if self.mode is KeyMode.KEYCHAIN and self.passphrase is not None:
            raise ValueError("in keychain mode there is no passphrase copy")
        if self.mode is KeyMode.PASSPHRASE and (
            self.passphrase is None or self.passphrase.kdf != "scrypt"
        ):
            raise ValueError("in passphrase mode the passphrase copy is wrapped with scrypt")
        return self


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
        """The key file, checked whole; DamagedKeyFileError if any of it is out of bounds."""
        try:
            with self.path.open("rb") as file:
                data = file.read(MAX_KEY_FILE_BYTES + 1)
        except OSError as exc:
            raise KnownError(
                words(
                    QT_TRANSLATE_NOOP(
                        "KeyErrors",
                        "Cloister's key file {path} cannot be read ({error}). "
                        "Restore it from a backup; without it the conversations "
                        "cannot be opened.",
                    ),
                    path=self.path,
                    error=exc.__class__.__name__,
                )
            ) from exc
        if len(data) > MAX_KEY_FILE_BYTES:
            raise self._damaged(f"it is larger than {MAX_KEY_FILE_BYTES} bytes")
        try:
            return KeyEnvelope.model_validate_json(data, context=FROM_FILE)
        except ValidationError as exc:
            raise self._damaged(_first_problem(exc)) from None

    def _damaged(self, detail: str) -> DamagedKeyFileError:
        return DamagedKeyFileError(
            words(
                QT_TRANSLATE_NOOP(
                    "KeyErrors",
                    "Cloister's key file {path} is damaged or was not written by "
                    "Cloister, so the conversations cannot be opened. Nothing "
                    "was changed. Restore the file from a backup. (Details: "
                    "{detail}.)",
                ),
                path=self.path,
                detail=detail,
            )
        )

    @property
    def mode(self) -> KeyMode:
        return self.envelope().mode

    # -- first start --------------------------------------------------------------------------

    def create(self, passphrase: str | None = None) -> NewKey:
        """A new data key, kept in the keychain if it is secure, else under `passphrase`."""
        if self.exists():
            raise KnownError(
                words(
                    QT_TRANSLATE_NOOP(
                        "KeyErrors", "A key already exists at {path}; it is never replaced."
                    ),
                    path=self.path,
                )
            )
        data_key, recovery_key = new_data_key(), new_recovery_key()
        ident = key_id(data_key)
        if passphrase is None:
            if not self.keychain.secure:
                raise KnownError(
                    QT_TRANSLATE_NOOP(
                        "KeyErrors", "This system has no secure keychain: choose a passphrase."
                    )
                )
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
                QT_TRANSLATE_NOOP(
                    "KeyErrors",
                    "The system keychain no longer holds the key to these "
                    "conversations. Unlock them with your recovery key.",
                )
            )
        return data_key

    def unlock(self, passphrase: str) -> bytes:
        envelope = self.envelope()
        if envelope.passphrase is None:
            raise KnownError(
                QT_TRANSLATE_NOOP(
                    "KeyErrors", "These conversations are not protected by a passphrase."
                )
            )
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
            raise KnownError(
                QT_TRANSLATE_NOOP("KeyErrors", "That key does not belong to these conversations.")
            )
        mode = KeyMode.PASSPHRASE
        wrapped = wrap_with_passphrase(
            data_key, passphrase, _purpose(envelope.key_id, mode), self._cost
        )
        self._write(envelope.model_copy(update={"mode": mode, "passphrase": wrapped}))

    def store_in_keychain(self, data_key: bytes) -> None:
        """Put `data_key` back in a (secure) keychain, e.g. after a recovery."""
        envelope = self.envelope()
        if key_id(data_key) != envelope.key_id:
            raise KnownError(
                QT_TRANSLATE_NOOP("KeyErrors", "That key does not belong to these conversations.")
            )
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
            raise KnownError(
                words(
                    QT_TRANSLATE_NOOP("KeyErrors", "Cannot save Cloister's key file {path}: {exc}"),
                    path=self.path,
                    exc=exc,
                )
            ) from exc


def _first_problem(exc: ValidationError) -> str:
    """Where and what, for the message: printable and short (the file may be hostile)."""
    first = exc.errors(include_url=False, include_input=False)[0]
    where = ".".join(str(part) for part in first["loc"])
    what = first["msg"].removeprefix("Value error, ")
    text = f"{where}: {what}" if where else what
    return "".join(ch if ch.isprintable() else "?" for ch in text)[:200]


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
