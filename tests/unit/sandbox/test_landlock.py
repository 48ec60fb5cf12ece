"""The Landlock write cage: the ABI probe and its answers for kernels without Landlock (with a
stand-in for the system call), and the real cage in a forked child where this kernel has one.

The real worker in its cage, with the real model: tests/integration/test_worker_cage.py.
"""

from __future__ import annotations

import ctypes
import errno
import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.sandbox import landlock

ROOT = Path(__file__).resolve().parents[3]

KERNEL_ABI, NO_LANDLOCK = landlock.abi_version()
needs_landlock = pytest.mark.skipif(KERNEL_ABI == 0, reason=f"no Landlock here: {NO_LANDLOCK}")


class KernelWithout:
    """A syscall() that fails every Landlock call with one errno, as such a kernel does."""

    def __init__(self, code: int) -> None:
        self.code = code
        self.calls: list[int] = []

    def __call__(self, number: int, *_: object) -> int:
        self.calls.append(number)
        ctypes.set_errno(self.code)
        return -1


class KernelWithAbi:
    """A syscall() whose probe answers `abi` and whose ruleset calls fail (never reached)."""

    def __init__(self, abi: int) -> None:
        self.abi = abi

    def __call__(self, number: int, attr: object, size: object, flags: object) -> int:
        assert number == landlock.SYS_CREATE_RULESET and attr is None
        return self.abi


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.ENOSYS, "this kernel was built without Landlock (ENOSYS)"),
        (errno.EOPNOTSUPP, "Landlock is built in but disabled at boot"),
        (errno.EPERM, "the Landlock probe failed: Operation not permitted"),
    ],
)
def test_a_kernel_without_landlock_leaves_the_process_uncaged_and_says_why(
    code: int, reason: str
) -> None:
    kernel = KernelWithout(code)
    if not sys.platform.startswith("linux"):
        pytest.skip("the probe is Linux's")
    cage = landlock.restrict_writes([Path.cwd()], syscall=kernel)
    assert not cage.caged and cage.abi == 0
    assert reason in cage.reason
    assert cage.describe().startswith("not caged: ")
    assert kernel.calls == [landlock.SYS_CREATE_RULESET]  # only the probe: nothing restricted


def test_the_probe_reads_the_abi_version() -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the probe is Linux's")
    assert landlock.abi_version(KernelWithAbi(4)) == (4, "")


def test_outside_linux_there_is_no_landlock(monkeypatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    abi, reason = landlock.abi_version(KernelWithout(errno.ENOSYS))
    assert abi == 0
    assert reason == "Landlock is a Linux feature (darwin has none)"


def test_each_abi_version_refuses_what_it_knows() -> None:
    first = landlock.write_rights(1)
    assert first & landlock.WRITE_FILE and first & landlock.MAKE_REG
    assert first & landlock.REMOVE_FILE and first & landlock.MAKE_SYM
    assert not first & (landlock.REFER | landlock.TRUNCATE)
    assert landlock.write_rights(2) == first | landlock.REFER
    assert landlock.write_rights(3) == first | landlock.REFER | landlock.TRUNCATE
    assert landlock.write_rights(7) == landlock.write_rights(3)
    # Never reading or running a file: the worker reads the model, Python and its libraries.
    assert not landlock.write_rights(7) & ((1 << 0) | (1 << 2) | (1 << 3))


CAGED_CHILD = """
import errno, json, os, sys, threading
from pathlib import Path
from desktop.sandbox import landlock
inside, attempts, earlier = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3] == "thread"
devices = [Path(device) for device in json.loads(sys.argv[4])]
started, stop = threading.Event(), threading.Event()
if earlier:
    threading.Thread(target=lambda: (started.set(), stop.wait()), daemon=True).start()
    started.wait()
cage = landlock.restrict_writes([Path(inside)], devices=devices)
results = {"caged": cage.caged, "abi": cage.abi, "describe": cage.describe()}
for name, statement in attempts.items():
    try:
        exec(statement, {"os": os, "Path": Path})
        results[name] = "ok"
    except OSError as exc:
        results[name] = errno.errorcode.get(exc.errno or 0, str(exc))
print(json.dumps(results))
"""


def in_cage(
    inside: Path,
    attempts: dict[str, str],
    earlier_thread: bool = False,
    devices: tuple[Path, ...] = (),
) -> dict:
    """A fresh Python caged to `inside` tries each attempt (name -> Python statements); returns
    its cage and what each attempt gave: "ok" or the errno's name. `earlier_thread`: a thread
    is already running when the cage is set; `devices`: the cage's graphics devices."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            CAGED_CHILD,
            str(inside),
            json.dumps(attempts),
            "thread" if earlier_thread else "-",
            json.dumps([str(device) for device in devices]),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(result.stdout)


@needs_landlock
def test_a_caged_process_writes_only_inside_its_folder(tmp_path: Path) -> None:
    inside, outside = tmp_path / "work", tmp_path / "elsewhere"
    inside.mkdir()
    outside.mkdir()
    (outside / "kept.txt").write_text("precious")
    (inside / "old.txt").write_text("scratch")
    o, i = str(outside), str(inside)
    result = in_cage(
        inside,
        {
            "write inside": f"Path({i!r}, 'new.txt').write_text('x')",
            "folder inside": f"os.mkdir({i!r} + '/sub')",
            "rename inside": f"os.rename({i!r} + '/new.txt', {i!r} + '/sub/moved.txt')",
            "delete inside": f"os.unlink({i!r} + '/old.txt')",
            "write outside": f"Path({o!r}, 'new.txt').write_text('x')",
            "overwrite outside": f"Path({o!r}, 'kept.txt').write_text('gone')",
            "append outside": f"open({o!r} + '/kept.txt', 'a').write('more')",
            "truncate outside": f"os.truncate({o!r} + '/kept.txt', 0)",
            "delete outside": f"os.unlink({o!r} + '/kept.txt')",
            "folder outside": f"os.mkdir({o!r} + '/sub')",
            "link outside": f"os.symlink('/etc/passwd', {o!r} + '/link')",
            "move out": f"os.rename({i!r} + '/sub/moved.txt', {o!r} + '/moved.txt')",
            "fifo outside": f"os.mkfifo({o!r} + '/fifo')",
            "read outside": f"Path({o!r}, 'kept.txt').read_text()",
            "read the system": "Path(os.__file__).read_text()",
            "write /dev/null": "open(os.devnull, 'w').write('x')",
        },
    )
    assert result["caged"] is True and result["abi"] == KERNEL_ABI
    assert result["describe"] == f"writes only to {inside} (Landlock ABI {KERNEL_ABI})"
    allowed = ["write inside", "folder inside", "rename inside", "delete inside"]
    allowed += ["read outside", "read the system", "write /dev/null"]
    refused = [name for name in result if name not in (*allowed, "caged", "abi", "describe")]
    assert {name: result[name] for name in allowed} == dict.fromkeys(allowed, "ok")
    assert {name: result[name] for name in refused} == {
        **dict.fromkeys(refused, "EACCES"),
        # Before ABI 2 a rename between folders is refused with EXDEV, not EACCES.
        **({"move out": "EXDEV"} if KERNEL_ABI < 2 else {}),
        # Before ABI 3 Landlock cannot refuse a truncate(2) of a path.
        **({"truncate outside": "ok"} if KERNEL_ABI < 3 else {}),
    }
    assert (outside / "kept.txt").read_text() == "precious"
    assert sorted(p.name for p in outside.iterdir()) == ["kept.txt"]
    assert (inside / "sub" / "moved.txt").exists()


@needs_landlock
def test_threads_and_children_started_later_are_caged_too(tmp_path: Path) -> None:
    inside, outside = tmp_path / "work", tmp_path / "elsewhere"
    inside.mkdir()
    outside.mkdir()
    o = str(outside)
    result = in_cage(
        inside,
        {
            "from a thread": (
                "import threading\n"
                "failures = []\n"
                "def attempt():\n"
                "    try:\n"
                f"        open({o!r} + '/t', 'w')\n"
                "    except OSError as exc:\n"
                "        failures.append(exc)\n"
                "t = threading.Thread(target=attempt); t.start(); t.join()\n"
                "raise failures[0]\n"
            ),
            "from a child": (
                "import subprocess, sys\n"
                "r = subprocess.run([sys.executable, '-c', "
                f"\"open({o!r} + '/c', 'w')\"], capture_output=True, text=True)\n"
                "assert r.returncode == 1 and 'PermissionError' in r.stderr, r.stderr\n"
                "raise PermissionError(13, 'refused in the child')\n"
            ),
        },
    )
    assert result["from a thread"] == "EACCES"
    assert result["from a child"] == "EACCES"
    assert list(outside.iterdir()) == []


@needs_landlock
def test_a_thread_already_running_is_outside_the_cage_so_it_is_not_called_caged(
    tmp_path: Path,
) -> None:
    """numpy starts OpenBLAS's threads on import: hence the worker cages itself first."""
    result = in_cage(tmp_path, {}, earlier_thread=True)
    assert result["caged"] is False
    assert result["describe"] == "not caged: 1 thread(s) already running stay outside it"


@needs_landlock
def test_no_new_privileges_comes_with_the_cage(tmp_path: Path) -> None:
    result = in_cage(
        tmp_path,
        {
            "no_new_privs": (
                "line = [l for l in open('/proc/self/status') if l.startswith('NoNewPrivs')][0]\n"
                "assert line.split()[1] == '1', line\n"
            )
        },
    )
    assert result["no_new_privs"] == "ok"


@needs_landlock
def test_the_graphics_devices_may_be_opened_and_nothing_more(tmp_path: Path) -> None:
    """/dev/full stands in for a card's device file, `dri` for /dev/dri (a folder of them)."""
    inside, dri = tmp_path / "work", tmp_path / "dri"
    inside.mkdir()
    dri.mkdir()
    (dri / "renderD128").write_text("card")
    d = str(dri)
    result = in_cage(
        inside,
        {
            "open the device": "open('/dev/full', 'wb').close()",
            "open a device in the folder": f"open({d!r} + '/renderD128', 'r+b').close()",
            "open another device": "open('/dev/zero', 'wb').close()",
            "create in the folder": f"open({d!r} + '/renderD129', 'wb').close()",
            "remove from the folder": f"os.unlink({d!r} + '/renderD128')",
            "rename in the folder": f"os.rename({d!r} + '/renderD128', {d!r} + '/x')",
            "truncate in the folder": f"os.truncate({d!r} + '/renderD128', 0)",
        },
        devices=(Path("/dev/full"), dri, tmp_path / "gone"),
    )
    assert result["caged"] is True
    assert result["describe"] == (
        f"writes only to {inside} (Landlock ABI {KERNEL_ABI}); "
        f"opens the graphics devices /dev/full, {dri}"  # the missing one is left out
    )
    assert result["open the device"] == result["open a device in the folder"] == "ok"
    assert result["open another device"] == "EACCES"
    assert result["create in the folder"] == result["remove from the folder"] == "EACCES"
    assert result["rename in the folder"] == "EACCES"
    assert result["truncate in the folder"] == ("EACCES" if KERNEL_ABI >= 3 else "ok")
    assert sorted(path.name for path in dri.iterdir()) == ["renderD128"]
    assert (dri / "renderD128").read_text() == "card"
