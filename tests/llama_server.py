"""A real firm server for the tests (issue 23): llama-server built from the vendored llama.cpp
with HTTPS (bench/build_llama_bench.sh llama-server), on 127.0.0.1 with a certificate made in
the test, an API key and the SmolLM2 test model. Ready is a state (/health answers 200), never
a time."""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from desktop.core.policy import FirmServer
from tests.certificates import Issued, make_leaf

ROOT = Path(__file__).resolve().parents[1]
API_KEY = "test-key-8f2c1e"
MODEL = "smollm2-test"  # what /v1/models calls it (--alias)
READY_TIMEOUT = 300.0  # a hang guard only: a loaded machine loads slowly


_private_copy: Path | None = None


def llama_server_binary() -> Path:
    """A private copy of the binary and its libraries, made once per test process: the build
    folder is shared, and a library rewritten there under a running server crashes it."""
    global _private_copy
    if _private_copy is None:
        folder = Path(tempfile.mkdtemp(prefix="cloister-llama-server-"))
        atexit.register(shutil.rmtree, folder, True)
        built = _built_binary()
        shutil.copytree(built.parent, folder / "bin")
        _private_copy = folder / "bin" / built.name
    return _private_copy


def _built_binary() -> Path:
    """The binary, built once (instant when it is there already)."""
    env = {**os.environ, "PY": sys.executable}
    try:
        out = subprocess.run(
            [str(ROOT / "bench" / "build_llama_bench.sh"), "llama-server"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    except subprocess.CalledProcessError as exc:
        pytest.fail(f"llama-server could not be built: {exc.stderr[-2000:]}")
    return ROOT / out.stdout.strip().splitlines()[-1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LlamaServer:
    binary: Path
    model: Path
    certificate: Issued
    port: int = field(default_factory=free_port)
    api_key: str = API_KEY
    slots: int = 2
    process: subprocess.Popen | None = None
    log: Path | None = None

    @property
    def base_url(self) -> str:
        return f"https://127.0.0.1:{self.port}/v1"

    def start(self) -> LlamaServer:
        self.log = self.certificate.cert.parent / f"llama-server-{self.port}.log"
        command = [
            str(self.binary),
            "-m",
            str(self.model),
            "--alias",
            MODEL,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--ssl-key-file",
            str(self.certificate.key),
            "--ssl-cert-file",
            str(self.certificate.cert),
            "--api-key",
            self.api_key,
            "-np",
            str(self.slots),
            "-c",
            "2048",
            "-t",
            "2",
            "--no-webui",
        ]
        with open(self.log, "wb") as log:
            # SIGPIPE ignored, as systemd starts services (IgnoreSIGPIPE=yes): over HTTPS,
            # llama-server's writes to a client that has gone raise SIGPIPE, which kills it
            # with the default action (Popen restores it unless told not to).
            env = {**os.environ, "LD_LIBRARY_PATH": str(self.binary.parent)}  # its own copies
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, env=env, restore_signals=False
            )
        self.wait_ready()
        return self

    def wait_ready(self) -> None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # a health check: any certificate
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                pytest.fail(f"llama-server exited: {self.log_text()[-3000:]}")
            try:
                url = f"https://127.0.0.1:{self.port}/health"
                with urllib.request.urlopen(url, context=context, timeout=5) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.1)  # polling a state, not waiting a time
        pytest.fail(f"llama-server never became ready: {self.log_text()[-3000:]}")

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log and self.log.exists() else ""

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def policy_entry(self, name: str = "firm", **changes: object) -> FirmServer:
        values: dict[str, object] = {
            "name": name,
            "label": "Firm server",
            "base_url": self.base_url,
            "pin_sha256": (self.certificate.sha256,),
            "models": (MODEL,),
            "matters": "all",
            "timeout_seconds": 60.0,
        }
        values.update(changes)
        return FirmServer(**values)


def start_llama_server(tmp: Path, model: Path, *, slots: int = 2) -> LlamaServer:
    leaf = make_leaf(tmp / "certs", "server")
    return LlamaServer(llama_server_binary(), model, leaf, slots=slots).start()
