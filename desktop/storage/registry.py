"""The record of which stores this profile has: data/stores.json, beside the data key.

Each store carries a random identity in its own header (SQLite's application_id, encrypted
with the rest of page 1); stores.json lists the identity of every store the profile has made,
authenticated with a key derived from the data key (HMAC-SHA256). So a store that was deleted,
emptied to 0 bytes or replaced by another file is told apart from a first start, and the app
refuses to start on less data than there was (desktop/storage/store_check.py).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from enum import StrEnum
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from desktop.core.export import write_bytes_atomically
from desktop.core.translatable import QT_TRANSLATE_NOOP

REGISTRY_FILE = "stores.json"
REGISTRY_FORMAT = "cloister.stores/1"
_MAX_BYTES = 64 * 1024


class RegistryState(StrEnum):
    ABSENT = "absent"  # never written: a first start, or a profile from before this record
    TRUSTED = "trusted"  # its MAC matches the data key
    UNTRUSTED = "untrusted"  # altered, unreadable, or made with another data key


def new_identity() -> int:
    """A store's identity: a positive 31-bit number (application_id is a signed 32-bit one)."""
    return secrets.randbelow(2**31 - 1) + 1


class StoreRegistry:
    def __init__(self, path: Path, data_key: bytes) -> None:
        self.path = path
        self._mac_key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"cloister store registry/1"
        ).derive(data_key)
        self.stores: dict[str, int] = {}
        self.state = RegistryState.ABSENT
        self._load()
        self.loaded_as = self.state  # before any store was recorded by this start

    @classmethod
    def of(cls, data_folder: Path, data_key: bytes) -> StoreRegistry:
        return cls(data_folder / REGISTRY_FILE, data_key)

    def _mac(self, stores: dict[str, int]) -> str:
        text = json.dumps({"format": REGISTRY_FORMAT, "stores": stores}, sort_keys=True)
        return hmac.new(self._mac_key, text.encode("utf-8"), hashlib.sha256).hexdigest()

    def _load(self) -> None:
        try:
            with self.path.open("rb") as file:
                raw = file.read(_MAX_BYTES + 1)
        except FileNotFoundError:
            return
        except OSError:
            self.state = RegistryState.UNTRUSTED
            return
        try:
            outer = json.loads(raw)
            stores = {str(k): int(v) for k, v in outer["stores"].items()}
            trusted = (
                len(raw) <= _MAX_BYTES
                and outer["format"] == REGISTRY_FORMAT
                and hmac.compare_digest(str(outer["mac"]), self._mac(stores))
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            trusted = False
        if trusted:
            self.stores, self.state = stores, RegistryState.TRUSTED
        else:
            self.state = RegistryState.UNTRUSTED

    def identity(self, file_name: str) -> int | None:
        """The identity recorded for the store of that file name; None if none is."""
        return self.stores.get(file_name)

    def record(self, file_name: str, identity: int) -> None:
        self.stores[file_name] = identity
        self._save()

    def forget(self, file_name: str) -> None:
        """A store the user chose to start anew: its next file is a new store. Saved even if
        it was not recorded: the user's choice vouches for the record from now on."""
        self.stores.pop(file_name, None)
        self._save()

    def _save(self) -> None:
        text = json.dumps(
            {"format": REGISTRY_FORMAT, "stores": self.stores, "mac": self._mac(self.stores)},
            sort_keys=True,
        )
        write_bytes_atomically(
            self.path,
            text.encode("utf-8"),
            action=QT_TRANSLATE_NOOP("CoreErrors", "save the store record to"),
        )
        self.state = RegistryState.TRUSTED
