"""The firm servers' API keys (issue 23): never in the policy file, never on disk in the clear.

Where the data key lives in the system keychain, each server's key lives there too, beside it
(one entry per profile and server). Where the profile has no usable keychain (passphrase mode,
a headless Linux box), the keys are wrapped like the data key: AES-256-GCM under a key derived
from the data key, in a private file of the profile, so only an unlocked Cloister reads them.

A key never appears in a message, an exception or an audit record: storing and removing one is
recorded with the server's name only, before it is done.
"""

from __future__ import annotations

import base64
import contextlib
import os
import secrets
import threading
from pathlib import Path
from typing import Annotated, Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from desktop.core.audit_events import ActorRole, AuditEvent, Auditor, EventType
from desktop.core.errors import KnownError
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.paths import AppPaths
from desktop.security.keychain import Keychain
from desktop.security.vault import KeyMode, KeyVault
from desktop.security.wrapping import NONCE_BYTES, key_id

SERVER_KEYS_FILE = "server_keys.json"
MAX_API_KEY_CHARS = 4096  # a JWT with many claims fits; more is not an API key
MAX_FILE_BYTES = 512 * 1024  # 32 servers' longest keys, base64, with room to spare
KEYCHAIN = "keychain"
PROFILE_FILE = "profile file"


class ServerKeyError(KnownError):
    """A firm server's API key cannot be stored, read or used (its text is never named)."""


class _Wrapped(BaseModel):
    model_config = ConfigDict(frozen=True, strict=True, extra="forbid")

    nonce: Annotated[str, StringConstraints(max_length=64)]
    ciphertext: Annotated[str, StringConstraints(max_length=2 * MAX_API_KEY_CHARS)]


class _KeysFile(BaseModel):
    model_config = ConfigDict(frozen=True, strict=True, extra="forbid")

    version: Literal[1] = 1
    key_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")]
    keys: dict[Annotated[str, StringConstraints(max_length=64)], _Wrapped] = {}


def check_api_key(text: str) -> str:
    """The key as sent in an Authorization header: visible ASCII, no spaces; surrounding
    white space (a pasted line's newline) dropped."""
    key = text.strip()
    if not key:
        raise ServerKeyError(QT_TRANSLATE_NOOP("ServerKeys", "The API key is empty."))
    if len(key) > MAX_API_KEY_CHARS:
        raise ServerKeyError(
            words(
                QT_TRANSLATE_NOOP("ServerKeys", "The API key is longer than {limit} characters."),
                limit=MAX_API_KEY_CHARS,
            )
        )
    if not all("!" <= ch <= "~" for ch in key):
        raise ServerKeyError(
            QT_TRANSLATE_NOOP(
                "ServerKeys",
                "The API key may hold only letters, digits and punctuation (no spaces or "
                "other characters).",
            )
        )
    return key


class ServerKeys:
    """The API keys of one unlocked profile, by server name (the policy's spelling)."""

    def __init__(
        self,
        file: Path,
        keychain: Keychain,
        data_key: bytes,
        *,
        in_keychain: bool,
        auditor: Auditor | None = None,
    ) -> None:
        self.file = file
        self._keychain = keychain
        self._key_id = key_id(data_key)
        self._aead = AESGCM(
            HKDF(hashes.SHA256(), 32, None, b"cloister firm server keys").derive(data_key)
        )
        self.in_keychain = in_keychain  # where a new key goes
        self._auditor = auditor
        self._lock = threading.Lock()  # the window's threads and the gateway's ask at once

    @classmethod
    def for_profile(
        cls,
        paths: AppPaths,
        data_key: bytes,
        keychain: Keychain | None = None,
        auditor: Auditor | None = None,
    ) -> ServerKeys:
        """The profile's keys: in the keychain if its data key is kept there (and the keychain
        is one Cloister trusts), else in data/server_keys.json."""
        keychain = keychain or Keychain()
        mode = KeyVault(paths.key_file, keychain).mode
        in_keychain = mode is KeyMode.KEYCHAIN and keychain.secure
        return cls(
            paths.data / SERVER_KEYS_FILE,
            keychain,
            data_key,
            in_keychain=in_keychain,
            auditor=auditor,
        )

    @property
    def keychain_name(self) -> str:
        return self._keychain.name

    @property
    def where(self) -> str:
        """Where a new key is kept, for messages: "keychain" or "profile file"."""
        return KEYCHAIN if self.in_keychain else PROFILE_FILE

    # -- reading ------------------------------------------------------------------------------

    def get(self, name: str) -> str | None:
        """The server's key, or None if none is stored."""
        with self._lock:
            wrapped = self._read().keys.get(name)
            if wrapped is not None:
                return self._unwrap(name, wrapped)
            if self._keychain.secure:  # kept there, perhaps before a recovery changed the mode
                return self._keychain.get(self._account(name))
            return None

    def stored(self, name: str) -> bool:
        return self.get(name) is not None

    # -- changes ------------------------------------------------------------------------------

    def set(self, name: str, key: str, role: ActorRole = ActorRole.USER) -> None:
        """Keep `key` for server `name` (replacing any), audited first."""
        key = check_api_key(key)
        with self._lock:
            self._audit(name, "stored", role)
            if self.in_keychain:
                self._keychain.set(self._account(name), key)
                self._drop_from_file(name)
            else:
                current = self._read()
                wrapped = {**current.keys, name: self._wrap(name, key)}
                self._write(current.model_copy(update={"keys": wrapped}))
                if self._keychain.secure:
                    self._keychain.delete(self._account(name))

    def remove(self, name: str, role: ActorRole = ActorRole.USER) -> bool:
        """Forget the server's key wherever it is; False if there was none (nothing recorded)."""
        with self._lock:
            in_file = name in self._read().keys
            in_keychain = self._keychain.secure and self._keychain.get(self._account(name))
            if not (in_file or in_keychain):
                return False
            self._audit(name, "removed", role)
            if in_keychain:
                self._keychain.delete(self._account(name))
            self._drop_from_file(name)
            return True

    # -- inside -------------------------------------------------------------------------------

    def _audit(self, name: str, change: str, role: ActorRole) -> None:
        if self._auditor is None:
            return
        self._auditor.record(
            AuditEvent(
                event_type=EventType.POLICY_CHANGE,
                target_type="firm server",
                target_id=name,
                details={"server": name, "api_key": change, "kept": self.where},
            ),
            role,
        )

    def _account(self, name: str) -> str:
        return f"firm server key {self._key_id} {name}"

    def _purpose(self, name: str) -> bytes:
        return f"cloister firm server key/{self._key_id}/{name}".encode()

    def _wrap(self, name: str, key: str) -> _Wrapped:
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, key.encode("ascii"), self._purpose(name))
        return _Wrapped(nonce=_text(nonce), ciphertext=_text(sealed))

    def _unwrap(self, name: str, wrapped: _Wrapped) -> str:
        try:
            plain = self._aead.decrypt(
                _bytes(wrapped.nonce), _bytes(wrapped.ciphertext), self._purpose(name)
            )
            return plain.decode("ascii")
        except (InvalidTag, ValueError, UnicodeDecodeError):
            raise self._damaged() from None

    def _read(self) -> _KeysFile:
        try:
            with self.file.open("rb") as file:
                data = file.read(MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            return _KeysFile(key_id=self._key_id)
        except OSError as exc:
            raise ServerKeyError(
                words(
                    QT_TRANSLATE_NOOP(
                        "ServerKeys", "The firm servers' key file {path} cannot be read: {error}"
                    ),
                    path=self.file,
                    error=exc.strerror or exc.__class__.__name__,
                )
            ) from None
        try:
            if len(data) > MAX_FILE_BYTES:
                raise ValueError("too large")
            keys = _KeysFile.model_validate_json(data)
        except (ValidationError, ValueError):
            raise self._damaged() from None
        if keys.key_id != self._key_id:
            raise self._damaged()
        return keys

    def _damaged(self) -> ServerKeyError:
        return ServerKeyError(
            words(
                QT_TRANSLATE_NOOP(
                    "ServerKeys",
                    "The firm servers' key file {path} is damaged or belongs to other data. "
                    "Remove it and store the keys again with `cloister server set-key`.",
                ),
                path=self.file,
            )
        )

    def _drop_from_file(self, name: str) -> None:
        current = self._read()
        if name in current.keys:
            rest = {other: wrapped for other, wrapped in current.keys.items() if other != name}
            self._write(current.model_copy(update={"keys": rest}))

    def _write(self, keys: _KeysFile) -> None:
        """Atomically and private (0600): a crash leaves the old file or the new one."""
        temporary = self.file.with_name(self.file.name + ".new")
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as file:
                file.write(keys.model_dump_json(indent=2).encode("utf-8"))
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.file)
        except OSError as exc:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise ServerKeyError(
                words(
                    QT_TRANSLATE_NOOP(
                        "ServerKeys", "Cannot save the firm servers' key file {path}: {error}"
                    ),
                    path=self.file,
                    error=exc.strerror or exc.__class__.__name__,
                )
            ) from None


# -- the app's keys, once it is unlocked -------------------------------------------------------

_current: ServerKeys | None = None


def use_server_keys(keys: ServerKeys | None) -> None:
    """The app sets its profile's keys after unlocking (None again when it closes)."""
    global _current
    _current = keys


def api_key_for(name: str) -> str | None:
    """Server `name`'s API key in the running app; None if none is stored or not unlocked."""
    keys = _current
    return keys.get(name) if keys is not None else None


def _text(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _bytes(text: str) -> bytes:
    return base64.b64decode(text, validate=True)
