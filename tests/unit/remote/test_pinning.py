"""TLS pinning (desktop/remote/pinning.py) against real TLS servers on loopback, with
certificates made in the test: the pinned certificate passes, any other is refused before a
byte of the request is written; a pinned CA verifies the chain and the host name."""

from __future__ import annotations

import socket
import ssl
import threading
from pathlib import Path

import httpx
import pytest

from desktop.remote.pinning import BadCaFile, PinMismatch, pin_mismatch_in, pinned_context
from tests.certificates import Issued, make_ca, make_leaf


class TlsServer:
    """Answers one HTTP request per connection; records every byte it received after the
    handshake."""

    def __init__(self, leaf: Issued) -> None:
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(leaf.cert, leaf.key)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.received = bytearray()
        self.connections = 0
        self.done = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                raw, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            try:
                with self.context.wrap_socket(raw, server_side=True) as tls:
                    data = tls.recv(65536)
                    self.received += data
                    if data:
                        tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                    while tls.recv(65536):  # until the client goes
                        pass
            except (OSError, ssl.SSLError):
                pass
            finally:
                self.done.set()

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def certs(tmp_path: Path) -> dict[str, Issued]:
    ca = make_ca(tmp_path, "ca")
    other_ca = make_ca(tmp_path, "other-ca")
    return {
        "ca": ca,
        "other_ca": other_ca,
        "signed": make_leaf(tmp_path, "signed", ca),
        "foreign": make_leaf(tmp_path, "foreign", other_ca),
        "self": make_leaf(tmp_path, "self"),
        "wrong": make_leaf(tmp_path, "wrong"),
    }


def _get(context: ssl.SSLContext, port: int, host: str = "127.0.0.1") -> httpx.Response:
    with httpx.Client(verify=context, trust_env=False) as client:
        return client.get(f"https://{host}:{port}/v1/models")


def test_the_pinned_certificate_is_accepted_and_its_fingerprint_recorded(certs):
    server = TlsServer(certs["self"])
    try:
        context = pinned_context((certs["self"].sha256,))
        url = f"https://127.0.0.1:{server.port}/v1/models"
        with httpx.Client(verify=context, trust_env=False) as c, c.stream("GET", url) as response:
            sock = response.extensions["network_stream"].get_extra_info("socket")
            assert response.status_code == 200
            assert sock.seen_sha256 == certs["self"].sha256
    finally:
        server.close()


def test_another_certificate_is_refused_before_a_byte_is_sent(certs):
    server = TlsServer(certs["wrong"])
    try:
        with pytest.raises(httpx.ConnectError) as caught:
            _get(pinned_context((certs["self"].sha256,)), server.port)
        assert server.done.wait(10)
        mismatch = pin_mismatch_in(caught.value)
        assert isinstance(mismatch, PinMismatch)
        assert mismatch.seen_sha256 == certs["wrong"].sha256
        assert server.connections == 1
        assert bytes(server.received) == b""  # no request line, no header, no prompt
    finally:
        server.close()


def test_a_certificate_from_the_pinned_ca_is_accepted_for_its_host(certs):
    server = TlsServer(certs["signed"])
    try:
        context = pinned_context((certs["ca"].sha256,), str(certs["ca"].cert))
        assert _get(context, server.port).status_code == 200
        assert _get(context, server.port, "localhost").status_code == 200
    finally:
        server.close()


def test_a_certificate_from_another_ca_is_refused_with_nothing_sent(certs):
    server = TlsServer(certs["foreign"])
    try:
        context = pinned_context((certs["ca"].sha256,), str(certs["ca"].cert))
        with pytest.raises(httpx.ConnectError) as caught:
            _get(context, server.port)
        assert "CERTIFICATE_VERIFY_FAILED" in str(caught.value)
        assert server.done.wait(10)
        assert bytes(server.received) == b""
    finally:
        server.close()


def test_a_self_signed_certificate_is_refused_in_ca_mode(certs):
    server = TlsServer(certs["self"])
    try:
        context = pinned_context((certs["ca"].sha256,), str(certs["ca"].cert))
        with pytest.raises(httpx.ConnectError):
            _get(context, server.port)
    finally:
        server.close()


def test_a_ca_file_that_is_not_the_pinned_ca_is_refused(certs, tmp_path):
    with pytest.raises(BadCaFile, match="not the pinned CA"):
        pinned_context((certs["ca"].sha256,), str(certs["other_ca"].cert))
    with pytest.raises(BadCaFile, match="cannot be read"):
        pinned_context((certs["ca"].sha256,), str(tmp_path / "missing.pem"))


def test_the_system_store_is_not_consulted(certs):
    context = pinned_context((certs["ca"].sha256,), str(certs["ca"].cert))
    assert len(context.get_ca_certs()) == 1
