"""Wrapping the data key: AES-256-GCM under a key derived from a passphrase or recovery key.

A passphrase is stretched with scrypt (memory-hard, in the standard library); a recovery key
is 160 random bits already, so HKDF is enough. The authenticated encryption makes a wrong
secret fail loudly (InvalidTag) instead of producing a wrong key that would then be tried on
the database, and the associated data binds each wrapped copy to its purpose.

A wrapped copy read from a file is checked field by field before any of it is used (issue 20):
strict types, the scrypt cost within desktop.core.scrypt_limits, and base64 fields that decode
to the sizes written here. A copy that fails is a pydantic ValidationError for the reader.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Annotated, Literal, Self

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)

from desktop.core.errors import KnownError
from desktop.core.scrypt_limits import scrypt_cost_problem, scrypt_maxmem
from desktop.core.translatable import QT_TRANSLATE_NOOP

DATA_KEY_BYTES = 32  # AES-256, what SQLCipher takes as a raw key
RECOVERY_KEY_BYTES = 20  # 160 bits: 32 base32 characters, 8 groups of 4
NONCE_BYTES = 12
SALT_BYTES = 16
TAG_BYTES = 16
MAX_SALT_BYTES = 64  # a longer salt adds nothing; more than this was not written by Cloister


class WrongSecretError(KnownError):
    """The passphrase or recovery key does not open the data key."""


# The validation context for a record read from a file (model_validate_json(..., context=...)).
FROM_FILE = {"from_file": True}


class WrittenRecord(BaseModel):
    """A record Cloister writes whole (model_dump_json keeps defaults): read from a file with
    the FROM_FILE context, a missing field means someone else wrote it, and it is refused
    instead of taking its default."""

    @model_validator(mode="after")
    def _every_field_written(self, info: ValidationInfo) -> Self:
        if info.context == FROM_FILE:
            missing = sorted(set(type(self).model_fields) - self.model_fields_set)
            if missing:
                raise ValueError(f"{', '.join(missing)} missing")
        return self


class ScryptCost(WrittenRecord):
    """scrypt's work factors; stored with each wrapped key so they can be raised later."""

    model_config = ConfigDict(frozen=True, strict=True, extra="forbid")

    n: int = 2**17  # OWASP's 2023 minimum for scrypt: 128 MiB, about 0.4 s here
    r: int = 8
    p: int = 1

    @model_validator(mode="after")
    def _within_bounds(self) -> Self:
        problem = scrypt_cost_problem(self.n, self.r, self.p)
        if problem:
            raise ValueError(problem)
        return self


def _base64_of(low: int, high: int) -> AfterValidator:
    """A base64 field that decodes (strictly) to `low`..`high` bytes."""

    def check(text: str) -> str:
        try:
            size = len(base64.b64decode(text, validate=True))
        except ValueError:
            raise ValueError("is not base64") from None
        if not low <= size <= high:
            raise ValueError(f"must decode to {low}..{high} bytes, not {size}")
        return text

    return AfterValidator(check)


class WrappedKey(WrittenRecord):
    """A data key encrypted under a key derived from a secret the user holds."""

    model_config = ConfigDict(frozen=True, strict=True, extra="forbid")

    kdf: Literal["scrypt", "hkdf-sha256"]
    scrypt: ScryptCost | None = None
    salt: Annotated[str, _base64_of(SALT_BYTES, MAX_SALT_BYTES)] = Field(description="base64")
    nonce: Annotated[str, _base64_of(NONCE_BYTES, NONCE_BYTES)] = Field(description="base64")
    ciphertext: Annotated[
        str, _base64_of(DATA_KEY_BYTES + TAG_BYTES, DATA_KEY_BYTES + TAG_BYTES)
    ] = Field(description="base64, AES-256-GCM with the tag appended")

    @model_validator(mode="after")
    def _cost_with_scrypt_only(self) -> Self:
        if (self.kdf == "scrypt") != (self.scrypt is not None):
            raise ValueError("a scrypt cost goes with kdf scrypt, and only with it")
        return self


def new_data_key() -> bytes:
    return secrets.token_bytes(DATA_KEY_BYTES)


def key_id(data_key: bytes) -> str:
    """A short public name for a data key (its keychain entry, the envelope): not the key."""
    return hashlib.sha256(b"cloister key id\0" + data_key).hexdigest()[:16]


def new_recovery_key() -> str:
    """160 random bits as 8 groups of 4 base32 characters: easy to write down and type."""
    text = base64.b32encode(secrets.token_bytes(RECOVERY_KEY_BYTES)).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def normalise_recovery_key(typed: str) -> str:
    """What the user typed, without spaces or dashes, upper case."""
    return "".join(ch for ch in typed.upper() if ch.isascii() and ch.isalnum())


def wrap_with_passphrase(
    data_key: bytes, passphrase: str, purpose: str, cost: ScryptCost | None = None
) -> WrappedKey:
    cost = cost or ScryptCost()
    salt = secrets.token_bytes(SALT_BYTES)
    return _wrap(data_key, scrypt_key(passphrase, salt, cost), purpose, "scrypt", salt, cost)


def wrap_with_recovery_key(data_key: bytes, recovery_key: str, purpose: str) -> WrappedKey:
    salt = secrets.token_bytes(SALT_BYTES)
    return _wrap(data_key, _hkdf(recovery_key, salt), purpose, "hkdf-sha256", salt, None)


def unwrap(wrapped: WrappedKey, secret: str, purpose: str) -> bytes:
    """The data key, or WrongSecretError. `secret` is a passphrase or a recovery key.

    `wrapped` was validated when it was read (WrappedKey), so its fields are within bounds."""
    salt = _b64(wrapped.salt)
    if wrapped.scrypt is not None:  # kdf scrypt: the model allows a cost with it only
        kek = scrypt_key(secret, salt, wrapped.scrypt)
    else:
        kek = _hkdf(secret, salt)
    try:
        return AESGCM(kek).decrypt(
            _b64(wrapped.nonce), _b64(wrapped.ciphertext), purpose.encode("utf-8")
        )
    except InvalidTag:
        raise WrongSecretError(
            QT_TRANSLATE_NOOP("KeyErrors", "That is not the right passphrase or recovery key.")
        ) from None


def _wrap(
    data_key: bytes,
    kek: bytes,
    purpose: str,
    kdf: Literal["scrypt", "hkdf-sha256"],
    salt: bytes,
    cost: ScryptCost | None,
) -> WrappedKey:
    nonce = secrets.token_bytes(NONCE_BYTES)
    ciphertext = AESGCM(kek).encrypt(nonce, data_key, purpose.encode("utf-8"))
    return WrappedKey(
        kdf=kdf,
        scrypt=cost,
        salt=_text(salt),
        nonce=_text(nonce),
        ciphertext=_text(ciphertext),
    )


def scrypt_key(passphrase: str, salt: bytes, cost: ScryptCost) -> bytes:
    """32 bytes stretched from `passphrase` (also the admin passphrase's hash)."""
    return hashlib.scrypt(
        passphrase.encode("utf-8"),
        salt=salt,
        n=cost.n,
        r=cost.r,
        p=cost.p,
        maxmem=scrypt_maxmem(cost.n, cost.r, cost.p),  # enough for every cost allowed
        dklen=32,
    )


def _hkdf(recovery_key: str, salt: bytes) -> bytes:
    material = normalise_recovery_key(recovery_key).encode("ascii")
    return HKDF(hashes.SHA256(), 32, salt, b"cloister recovery key").derive(material)


def _text(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _b64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)
