"""Compile llama.cpp (the llama-cpp-python package) into this virtual environment, once, with
progress.

pip alone compiles it silently for many minutes, builds parts Cloister never loads (the
multimodal library mtmd/clip and llama.cpp's `common` helpers), and reuses a wheel from its
cache whatever CMAKE_ARGS say. Here:
- only libllama and libggml* are built: LLAVA_BUILD=OFF drops the multimodal library, and
  scripts/llama_without_common.cmake turns off `common`, which llama-cpp-python forces on;
- the compiler's steps are shown as they happen ("compiling llama.cpp: 40/78");
- the wheel is kept in a cache keyed by version, CMAKE_ARGS and platform, so a new clone or a
  rebuilt venv installs it in seconds and a different CMAKE_ARGS never gets a stale build.

Standard library only: it runs before anything else is installed. Called by `make setup`.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "llama-cpp-python"
# What Cloister never loads: the multimodal library (images and audio) and llama.cpp's common
# helpers (llama_cpp's bindings load neither).
WITHOUT_COMMON = Path(__file__).resolve().parent / "llama_without_common.cmake"
REQUIRED_CMAKE_ARGS = ("-DLLAVA_BUILD=OFF",)
# A portable build unless told otherwise: -march=native crashes on other CPUs (AMX).
DEFAULT_CMAKE_ARGS = ("-DGGML_NATIVE=OFF",)
STEP = re.compile(r"^\s*\[(\d+)/(\d+)\]")


def pinned_version() -> str:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for requirement in project["project"]["dependencies"]:
        name, _, version = requirement.partition("==")
        if name.strip() == PACKAGE:
            return version.strip()
    raise SystemExit(f"error: pyproject.toml does not pin {PACKAGE}==VERSION")


def cmake_args() -> list[str]:
    """The user's CMAKE_ARGS with Cloister's own: portable unless told otherwise, no mtmd."""
    args = shlex.split(os.environ.get("CMAKE_ARGS", ""))
    if not any(arg.startswith("-DGGML_NATIVE") for arg in args):
        args += DEFAULT_CMAKE_ARGS
    return args + [arg for arg in REQUIRED_CMAKE_ARGS if arg not in args]


def cache_dir(version: str, args: list[str]) -> Path:
    """Keyed by what changes the binary, the include file by its content (clones differ)."""
    include = hashlib.sha256(WITHOUT_COMMON.read_bytes()).hexdigest()
    key = json.dumps([version, args, include, sys.platform, platform.machine()]).encode()
    base = os.environ.get("CLOISTER_ENGINE_CACHE") or Path.home() / ".cache" / "cloister"
    return Path(base) / "engine-wheels" / hashlib.sha256(key).hexdigest()[:16]


def installed_version() -> str | None:
    try:
        return importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return None


def pip(*args: str) -> list[str]:
    return [sys.executable, "-m", "pip", *args]


def compile_wheel(version: str, args: list[str], into: Path, log_path: Path) -> Path:
    jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 2)
    print(
        f"==> Compiling llama.cpp ({PACKAGE} {version}) with {jobs} parallel jobs. This takes a "
        "few minutes (3 on an idle 2-core machine, up to 7 on a busy one) and happens once; later "
        "set-ups reuse the result.",
        flush=True,
    )
    print(f"    CMAKE_ARGS={shlex.join(args)}; full log: {log_path}", flush=True)
    include = f"-DCMAKE_PROJECT_llama.cpp_INCLUDE={WITHOUT_COMMON.as_posix()}"
    environment = {
        **os.environ,
        "CMAKE_ARGS": shlex.join([*args, include]),
        "CMAKE_BUILD_PARALLEL_LEVEL": jobs,
    }
    command = pip(
        "wheel",
        "--no-deps",
        "--no-cache-dir",  # pip's cache ignores CMAKE_ARGS; ours (cache_dir) does not
        "--no-binary",
        PACKAGE,
        "--verbose",
        "--wheel-dir",
        str(into),
        f"{PACKAGE}=={version}",
    )
    started = time.monotonic()
    progress = Progress(started)
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            command,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
        )
        assert process.stdout is not None
        for line in process.stdout:
            log.write(line)
            if match := STEP.match(line):
                progress.show(int(match.group(1)), int(match.group(2)))
        code = process.wait()
    progress.finish()
    if code != 0:
        tail = log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-30:]
        print("\n".join(tail), file=sys.stderr)
        raise SystemExit(f"error: compiling llama.cpp failed (exit {code}); log: {log_path}")
    print(f"    compiled in {_minutes(time.monotonic() - started)}", flush=True)
    return next(into.glob("*.whl"))


class Progress:
    """One updating line on a terminal; a line per tenth of the work in a log (CI)."""

    def __init__(self, started: float) -> None:
        self.started = started
        self.live = sys.stdout.isatty()
        self.last_tenth = -1
        self.shown = False

    def show(self, step: int, total: int) -> None:
        text = (
            f"    compiling llama.cpp: {step}/{total} ({_minutes(time.monotonic() - self.started)})"
        )
        tenth = step * 10 // total
        if self.live:
            print(f"\r{text}\033[K", end="", flush=True)
            self.shown = True
        elif tenth > self.last_tenth:
            self.last_tenth = tenth
            print(text, flush=True)

    def finish(self) -> None:
        if self.shown:
            print(flush=True)


def _minutes(seconds: float) -> str:
    return f"{int(seconds // 60)} min {int(seconds % 60):02d} s"


def main() -> int:
    version = pinned_version()
    if installed_version() == version:
        print(f"==> llama.cpp ({PACKAGE} {version}) is already built in this environment")
        return 0
    args = cmake_args()
    cache = cache_dir(version, args)
    wheels = sorted(cache.glob("*.whl"))
    if not wheels:
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="cloister-engine-") as scratch:
            log_path = Path(sys.prefix) / "llama-cpp-build.log"
            wheel = compile_wheel(version, args, Path(scratch), log_path)
            partial = cache / (wheel.name + ".partial")
            shutil.copyfile(wheel, partial)
            os.replace(partial, cache / wheel.name)  # a killed copy never looks finished
        wheels = [cache / wheel.name]
    else:
        print(f"==> llama.cpp ({PACKAGE} {version}): reusing the build in {cache}")
    subprocess.run(pip("install", "--quiet", str(wheels[-1])), check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
