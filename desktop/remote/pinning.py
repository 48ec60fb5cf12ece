"""TLS for a firm server: its certificate must be one the administrator pinned (issue 23).

Two ways, per server (`FirmServer`):
- a pinned certificate (the default): any certificate whose SHA-256 (of its DER bytes) is one
  of `pin_sha256` is accepted, nothing else; no CA is consulted, so a self-signed certificate
  works and a certificate from any public CA does not;
- a pinned CA (`ca_file`): the chain is verified against that one CA (never the system's store)
  with host name checking, and the CA's own SHA-256 must be a pin.

Python 3.11 has no hook between the TLS handshake and the first byte written, so the context's
`sslsocket_class` is a subclass whose `do_handshake` checks the pin itself: a mismatch closes
the socket before httpx writes a byte of the request.
"""

from __future__ import annotations

import hashlib
import ssl
from pathlib import Path

from desktop.core.errors import KnownError
from desktop.core.translatable import QT_TRANSLATE_NOOP, words


class PinMismatch(OSError):
    """The server showed a certificate that is not pinned. An OSError, as httpcore expects of
    a failed handshake (it wraps it in httpx.ConnectError, whose cause this is)."""

    def __init__(self, seen_sha256: str) -> None:
        super().__init__(f"certificate SHA-256 {seen_sha256} is not pinned")
        self.seen_sha256 = seen_sha256


class BadCaFile(KnownError):
    """The policy's CA file cannot be read, or is not the pinned CA."""


def certificate_sha256(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


class PinnedSocket(ssl.SSLSocket):
    """An SSLSocket that refuses a peer whose certificate is not pinned (see the module doc).

    `pins` is set on a subclass per server; `leaf_pinned` False: the CA was checked instead
    (the context verified the chain) and the leaf only has its fingerprint recorded."""

    pins: frozenset[str] = frozenset()
    leaf_pinned: bool = True
    seen_sha256: str | None = None

    def do_handshake(self, block: bool = False) -> None:
        super().do_handshake(block)
        der = self.getpeercert(binary_form=True)
        seen = certificate_sha256(der) if der else ""
        self.seen_sha256 = seen
        if self.leaf_pinned and seen not in self.pins:
            raise PinMismatch(seen)


def pinned_context(pins: tuple[str, ...], ca_file: str | None = None) -> ssl.SSLContext:
    """The SSLContext for one server (for `httpx.Client(verify=context)`)."""
    wanted = frozenset(pin.lower() for pin in pins)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if ca_file is None:
        context.check_hostname = False  # the pin names the server; a name adds nothing
        context.verify_mode = ssl.CERT_NONE  # no CA: the pin is checked after the handshake
        leaf_pinned = True
    else:
        _check_ca(Path(ca_file), wanted)
        context.load_verify_locations(cafile=ca_file)  # this CA only: no system store
        context.verify_mode = ssl.CERT_REQUIRED
        context.check_hostname = True
        leaf_pinned = False
    context.sslsocket_class = type(
        "PinnedSocketForServer", (PinnedSocket,), {"pins": wanted, "leaf_pinned": leaf_pinned}
    )
    return context


def _check_ca(path: Path, pins: frozenset[str]) -> None:
    try:
        pem = path.read_text(encoding="ascii")
        der = ssl.PEM_cert_to_DER_cert(pem)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise BadCaFile(
            words(
                QT_TRANSLATE_NOOP(
                    "RemoteErrors", "The firm server's CA file {path} cannot be read: {error}"
                ),
                path=str(path),
                error=str(exc),
            )
        ) from exc
    if certificate_sha256(der) not in pins:
        raise BadCaFile(
            words(
                QT_TRANSLATE_NOOP(
                    "RemoteErrors",
                    "The firm server's CA file {path} is not the pinned CA: ask your "
                    "administrator to check the policy",
                ),
                path=str(path),
            )
        )


def pin_mismatch_in(exc: BaseException) -> PinMismatch | None:
    """The PinMismatch behind an httpx error, if that is what it was."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, PinMismatch):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None
