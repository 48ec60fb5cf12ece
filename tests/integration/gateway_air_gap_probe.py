"""Run under strace by test_gateway_air_gap.py: an air-gapped FirmServerClient whose gateway,
once sealed, first tries a raw connect (libc, past the Python guard) to the test's listener,
then serves; one chat through the pinned server. Prints one JSON line of what it saw."""

from __future__ import annotations

import ctypes
import errno
import functools
import json
import socket
import struct
import sys
import threading

from desktop.core.events import GenerationFinished, NetworkSealed, RemoteExchanged, TokenStreamed
from desktop.core.policy import FirmServer
from desktop.core.settings import GenerationSettings


def raw_connect(port: int) -> int:
    """connect() through libc, where no audit hook sees it: 0, or the errno the kernel gave."""
    libc = ctypes.CDLL(None, use_errno=True)
    fd = socket.socket(socket.AF_INET, socket.SOCK_STREAM).detach()
    address = struct.pack(
        "=HH4s8x", socket.AF_INET, socket.htons(port), socket.inet_aton("127.0.0.1")
    )
    result = libc.connect(fd, address, len(address))
    return 0 if result == 0 else ctypes.get_errno()


def probing_serve(conn, servers, air_gapped, probe_port: int) -> None:
    from desktop.remote import gateway
    from desktop.sandbox.dumps import disable_core_dumps

    disable_core_dumps()
    destinations, sealed = gateway.seal_to(servers)
    conn.send(sealed)
    conn.send({"probe": raw_connect(probe_port)})
    from desktop.remote.gateway_loop import Gateway

    Gateway(conn, servers, destinations).run()


def main() -> None:
    server = FirmServer.model_validate_json(sys.argv[1])
    probe_port, key, model = int(sys.argv[2]), sys.argv[3], server.models[0]
    seen: list[object] = []
    done = threading.Event()

    def on_event(event: object) -> None:
        seen.append(event)
        if isinstance(event, RemoteExchanged):
            done.set()

    from desktop.remote.client import FirmServerClient

    client = FirmServerClient(
        on_event,
        (server,),
        air_gapped=True,
        api_key=lambda name: key,
        target=functools.partial(probing_serve, probe_port=probe_port),
    )
    client.start()
    pid = client.pid
    question = [{"role": "user", "content": "What is the capital of France?"}]
    client.generate(
        1,
        question,
        GenerationSettings(temperature=0, seed=7, max_tokens=12),
        server=server.name,
        model=model,
    )
    assert done.wait(300)
    with open(f"/proc/{pid}/status") as status:
        fields = dict(line.split(":", 1) for line in status if ":" in line)
    sealed = next(e for e in seen if isinstance(e, NetworkSealed))
    facts = next(e for e in seen if isinstance(e, RemoteExchanged))
    client.shutdown()
    print(
        json.dumps(
            {
                "gateway_pid": pid,
                "probe": next(e["probe"] for e in seen if isinstance(e, dict)),
                "sealed_enforced": sealed.enforced,
                "sealed_detail": str(sealed.detail),
                "seccomp": fields["Seccomp"].strip(),
                "no_new_privs": fields["NoNewPrivs"].strip(),
                "outcome": facts.outcome,
                "text": "".join(e.text for e in seen if isinstance(e, TokenStreamed)),
                "finished": any(isinstance(e, GenerationFinished) for e in seen),
                "eacces": errno.EACCES,
            }
        )
    )


if __name__ == "__main__":
    main()
