"""The audit marker: the log's latest signed size and root, kept beside the data key.

data/audit-marker.json lives next to key.json, outside audit.db, and is authenticated with a
key derived from the data key (HMAC-SHA256), so that restoring an older audit.db, deleting it
or cutting records off no longer matches it. It also holds the integrity alarms no
administrator has acknowledged yet, so they survive the log that raised them being replaced.
Someone with the passphrase can still rewrite it: what they cannot rewrite is the witness
(audit/witness.py); the marker catches the rest without one.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path
from typing import Literal

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from desktop.audit.records import canonical_json
from desktop.core.errors import KnownError
from desktop.core.export import write_bytes_atomically
from desktop.core.translatable import QT_TRANSLATE_NOOP, words

MARKER_FILE = "audit-marker.json"
MARKER_FORMAT = "cloister.audit-marker/1"
_KEEP_SEEN = 64  # sightings already alarmed on, so each one raises one alarm


class MarkerError(KnownError):
    """The marker is there but cannot be trusted (altered, another key, unreadable)."""


class Alarm(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    raised_at: str
    problem: str
    record_seq: int | None = None  # the integrity.failure record that holds it


class AuditMarker(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["cloister.audit-marker/1"] = MARKER_FORMAT
    log_key_fingerprint: str
    tree_size: int = Field(ge=0)
    root_hash: str
    updated_at: str
    alarms: list[Alarm] = Field(default_factory=list)  # not yet acknowledged
    seen: list[str] = Field(default_factory=list)  # sightings already alarmed on

    def with_seen(self, identities: list[str]) -> AuditMarker:
        kept = [i for i in self.seen if i not in identities] + identities
        return self.model_copy(update={"seen": kept[-_KEEP_SEEN:]})


def marker_path(audit_database: Path) -> Path:
    return audit_database.with_name(MARKER_FILE)


class MarkerFile:
    def __init__(self, path: Path, data_key: bytes) -> None:
        self.path = path
        self._mac_key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"cloister audit marker/1"
        ).derive(data_key)

    def _mac(self, marker: AuditMarker) -> str:
        text = canonical_json(marker.model_dump(mode="json")).encode("utf-8")
        return hmac.new(self._mac_key, text, hashlib.sha256).hexdigest()

    def read(self) -> AuditMarker | None:
        """The marker; None when there is none. MarkerError when it cannot be trusted."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise MarkerError(
                words(
                    QT_TRANSLATE_NOOP(
                        "AuditErrors", "The audit marker {path} cannot be read ({reason})"
                    ),
                    path=self.path,
                    reason=exc.strerror or exc,
                )
            ) from exc
        try:
            outer = json.loads(data)
            marker = AuditMarker.model_validate(outer["marker"])
            mac = str(outer["mac"])
        except (ValueError, KeyError, TypeError, ValidationError) as exc:
            raise MarkerError(
                words(
                    QT_TRANSLATE_NOOP("AuditErrors", "The audit marker {path} is not valid"),
                    path=self.path,
                )
            ) from exc
        if not hmac.compare_digest(mac, self._mac(marker)):
            raise MarkerError(
                words(
                    QT_TRANSLATE_NOOP(
                        "AuditErrors",
                        "The audit marker {path} was altered or belongs to another data key",
                    ),
                    path=self.path,
                )
            )
        return marker

    def write(self, marker: AuditMarker) -> None:
        text = canonical_json({"marker": marker.model_dump(mode="json"), "mac": self._mac(marker)})
        write_bytes_atomically(
            self.path,
            text.encode("utf-8"),
            action=QT_TRANSLATE_NOOP("CoreErrors", "save the audit marker to"),
        )
