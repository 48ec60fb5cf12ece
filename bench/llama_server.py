"""A firm server for the issue 23 benches: llama.cpp's llama-server on 127.0.0.1 with TLS (a
self-signed certificate made here) and an API key, as docs/deploy-server.md deploys it.

The server is the one bench/build_llama_bench.sh builds from the vendored llama.cpp source.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import ipaddress
import os
import secrets
import shutil
import socket
import ssl
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from bench.llama_tools import ROOT, built_tool

START_SECONDS = 120  # loading a small model on a loaded 2-core box


@dataclass(frozen=True)
class Certificate:
    cert: Path
    key: Path
    sha256: str  # of the DER bytes: the pin the policy names


@dataclass(frozen=True)
class RunningServer:
    base_url: str  # https://127.0.0.1:PORT/v1
    api_key: str
    certificate: Certificate
    model_id: str  # as /v1/models names it (--alias)
    host: str
    port: int


def self_signed(folder: Path) -> Certificate:
    """A P-256 certificate for 127.0.0.1 and localhost, valid for a day."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "cloister-bench")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = folder / "server.crt", folder / "server.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    der = cert.public_bytes(serialization.Encoding.DER)
    return Certificate(cert_path, key_path, hashlib.sha256(der).hexdigest())


def llama_server_binary() -> Path:
    """llama-server as bench/build_llama_bench.sh built it (building it if need be)."""
    built = built_tool("llama-server")
    if built is not None:
        return built
    script = ROOT / "bench" / "build_llama_bench.sh"
    out = subprocess.run(
        ["bash", str(script), "llama-server"], check=True, capture_output=True, text=True
    )
    return Path(out.stdout.strip().splitlines()[-1]).resolve()


def private_copy(binary: Path, folder: Path) -> Path:
    """The binary and its libraries copied into `folder`: the build folder is shared, and
    build_llama_bench.sh rewrites the CPU modules there, which crashes a server mapping them."""
    copy = folder / "bin"
    shutil.copytree(binary.parent, copy, dirs_exist_ok=True)
    return copy / binary.name


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def llama_server(
    model: Path,
    folder: Path,
    *,
    slots: int = 1,
    context_per_slot: int = 2048,
    threads: int = 2,
    model_id: str = "bench-model",
    extra: tuple[str, ...] = (),
) -> Iterator[RunningServer]:
    """llama-server serving `model` with `slots` parallel slots, until the block ends."""
    certificate = self_signed(folder)
    api_key = secrets.token_hex(32)
    keys = folder / "api-keys"
    keys.write_text(api_key + "\n", encoding="utf-8")
    keys.chmod(0o600)
    port = _free_port()
    command = [
        str(private_copy(llama_server_binary(), folder)),
        *("-m", str(model), "--alias", model_id),
        *("--host", "127.0.0.1", "--port", str(port)),
        *("--ssl-cert-file", str(certificate.cert), "--ssl-key-file", str(certificate.key)),
        *("--api-key-file", str(keys)),
        *("-np", str(slots), "-c", str(slots * context_per_slot), "-t", str(threads)),
        "--no-webui",
        *extra,
    ]
    log = (folder / "llama-server.log").open("wb")
    # SIGPIPE ignored, as systemd starts services: over HTTPS, a write to a client that has
    # gone raises it, and its default action kills the server (Popen restores it unless told).
    env = {**os.environ, "LD_LIBRARY_PATH": str(Path(command[0]).parent)}  # its own copies
    process = subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, env=env, restore_signals=False
    )
    try:
        _wait_healthy(process, port, certificate, folder / "llama-server.log")
        yield RunningServer(
            f"https://127.0.0.1:{port}/v1", api_key, certificate, model_id, "127.0.0.1", port
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_healthy(
    process: subprocess.Popen[bytes], port: int, certificate: Certificate, log: Path
) -> None:
    """Until /health says the model is loaded (503 while loading)."""
    context = ssl.create_default_context(cafile=str(certificate.cert))
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"llama-server exited with {process.returncode}:\n{tail}")
        try:
            with urllib.request.urlopen(
                f"https://127.0.0.1:{port}/health", context=context, timeout=5
            ) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"llama-server did not become healthy within {START_SECONDS} s")
