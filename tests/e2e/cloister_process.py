"""Real Cloister processes for the end-to-end tests: the app (driven through
tests/e2e/profile_app.py) and the command line, on a profile whose key sits in a file keyring
that every process shares."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop.paths import AppPaths
from desktop.security.keychain import Keychain
from desktop.security.vault import KeyVault
from tests.file_keyring import FileKeyring

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = [sys.executable, "-m", "tests.e2e.profile_app"]


@dataclass(frozen=True)
class Profile:
    paths: AppPaths
    keyring: Path
    data_key: bytes

    @classmethod
    def create(cls, base: Path) -> Profile:
        """A profile as the first start leaves it, with its key in the (file) keychain."""
        keyring = base.parent / f"{base.name}-keyring.json"
        paths = AppPaths(base)
        paths.data.mkdir(parents=True)
        keychain = Keychain(FileKeyring(keyring), trusted=True)
        return cls(paths, keyring, KeyVault(paths.key_file, keychain).create().data_key)

    def args(self, *more: str) -> list[str]:
        return ["--basedir", str(self.paths.base), *more]


class RunningApp:
    """`cloister` with its window up (offscreen), taking commands on stdin."""

    def __init__(
        self,
        profile: Profile,
        *extra: str,
        log: Path,
        new_session: bool = False,
        cwd: Path = ROOT,
        wrapper: Sequence[str] = (),
        launcher: Sequence[str] = LAUNCHER,
    ):
        """`wrapper`: a command line that runs the app's (e.g. a shell that sets a limit);
        `launcher`: profile_app, or a module that adds commands to it and runs it."""
        self.log = log
        env = {**os.environ, "PYTHONPATH": str(ROOT)} if cwd != ROOT else None
        with log.open("w") as stderr:
            self.process = subprocess.Popen(
                [*wrapper, *launcher, str(profile.keyring), *profile.args(*extra)],
                cwd=cwd,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
                start_new_session=new_session,
            )

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait_for(self, prefix: str | tuple[str, ...]) -> str:
        """The next line of output that starts with `prefix` (the app's states, in order)."""
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith(prefix):
                return line.strip()
        raise AssertionError(f"exited ({self.process.wait()}) before '{prefix}': {self.errors()}")

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def quit(self) -> int:
        self.send("quit")
        return self.process.wait(120)

    def errors(self) -> str:
        return self.log.read_text()

    def stop(self) -> None:
        """Clean-up after a failed test: nothing is left running."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(30)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


def cloister(*args: str, keyring: Path | None = None) -> subprocess.CompletedProcess:
    """`python -m desktop ARGS` (through the launcher when it must unlock the profile)."""
    command = [*LAUNCHER, str(keyring)] if keyring else [sys.executable, "-m", "desktop"]
    return subprocess.run([*command, *args], capture_output=True, text=True, cwd=ROOT, timeout=300)


def audit_trail(profile: Profile, bundle: Path) -> list[dict]:
    """The profile's audit log, exported and verified by the real commands."""
    exported = cloister(*profile.args("audit", "export", str(bundle)), keyring=profile.keyring)
    assert exported.returncode == 0, exported.stderr
    [pin] = [line for line in exported.stdout.splitlines() if "Signing key fingerprint:" in line]
    verified = cloister("audit", "verify", str(bundle), "--fingerprint", pin.split(":")[1].strip())
    assert verified.returncode == 0, verified.stdout + verified.stderr
    return [json.loads(line) for line in (bundle / "events.jsonl").read_text().splitlines()]
