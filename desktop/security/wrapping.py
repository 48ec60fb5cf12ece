"""Wrapping the data key: AES-256-GCM under a key derived from a passphrase or recovery key.

A passphrase is stretched with scrypt (memory-hard, in the standard library); a recovery key
is 160 random bits already, so HKDF is enough. The authenticated encryption makes a wrong
secret fail loudly (InvalidTag) instead of producing a wrong key that would then be tried on
the database, and the associated data binds each wrapped copy to its purpose.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import BaseModel, ConfigDict, Field

from desktop.core.errors import KnownError

DATA_KEY_BYTES = 32  # AES-256, what SQLCipher takes as a raw key
RECOVERY_KEY_BYTES = 20  # 160 bits: 32 base32 characters, 8 groups of 4
NONCE_BYTES = 12


class WrongSecretError(KnownError):
    """The passphrase or recovery key does not open the data key."""


class ScryptCost(BaseModel):
    """scrypt's work factors; stored with each wrapped key so they can be raised later."""

    model_config = ConfigDict(frozen=True)

    n: int = 2**17  # OWASP's 2023 minimum for scrypt: 128 MiB, about 0.4 s here
    r: int = 8
    p: int = 1


class WrappedKey(BaseModel):
    """A data key encrypted under a key derived from a secret the user holds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kdf: Literal["scrypt", "hkdf-sha256"]
    scrypt: ScryptCost | None = None
    salt: str = Field(description="base64")
    nonce: str = Field(description="base64")
    ciphertext: str = Field(description="base64, AES-256-GCM with the tag appended")


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
    salt = secrets.token_bytes(16)
    return _wrap(data_key, scrypt_key(passphrase, salt, cost), purpose, "scrypt", salt, cost)


def wrap_with_recovery_key(data_key: bytes, recovery_key: str, purpose: str) -> WrappedKey:
    salt = secrets.token_bytes(16)
    return _wrap(data_key, _hkdf(recovery_key, salt), purpose, "hkdf-sha256", salt, None)


def unwrap(wrapped: WrappedKey, secret: str, purpose: str) -> bytes:
    """The data key, or WrongSecretError. `secret` is a passphrase or a recovery key."""
    salt = _b64(wrapped.salt)
    if wrapped.kdf == "scrypt":
        assert wrapped.scrypt is not None
        kek = scrypt_key(secret, salt, wrapped.scrypt)
    else:
        kek = _hkdf(secret, salt)
    try:
        return AESGCM(kek).decrypt(
            _b64(wrapped.nonce), _b64(wrapped.ciphertext), purpose.encode("utf-8")
        )
    except InvalidTag:
        raise WrongSecretError("That is not the right passphrase or recovery key.") from None


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
        maxmem=256 * cost.r * cost.n * cost.p,  # twice what scrypt needs
        dklen=32,
    )


def _hkdf(recovery_key: str, salt: bytes) -> bytes:
    material = normalise_recovery_key(recovery_key).encode("ascii")
    return HKDF(hashes.SHA256(), 32, salt, b"cloister recovery key").derive(material)


def _text(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _b64(text: str) -> bytes:
    return base64.b64decode(text)
