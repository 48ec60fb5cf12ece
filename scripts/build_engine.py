"""Compile llama.cpp (the llama-cpp-python package) into this virtual environment, once, with
progress.

pip alone compiles it silently for many minutes, builds parts Cloister never loads (the
multimodal library mtmd/clip and llama.cpp's `common` helpers), and reuses a wheel from its
cache whatever CMAKE_ARGS say. Here:
- only libllama and libggml* are built: LLAVA_BUILD=OFF drops the multimodal library, and
  scripts/llama_without_common.cmake turns off `common`, which llama-cpp-python forces on;
- the compiler's steps are shown as they happen ("compiling llama.cpp: 40/78");
- the wheel is kept in a cache keyed by version, CMAKE_ARGS and platform, so a new clone or a
  rebuilt venv installs it in seconds and a different CMAKE_ARGS never gets a stale build;
- on x86-64 the CPU code is built twice, as llama.cpp's releases do: ggml's CPU backend becomes
  a loadable module (GGML_BACKEND_DL) for the portable baseline (AVX2), and a second module,
  compiled from the same source for processors with AVX-512, goes into the wheel beside it.
  At run time ggml scores each module against the processor and loads the best it can run
  (desktop/inference/cpu_backend.py): the same installer is ~1.25x faster where AVX-512 is
  there (all-MiniLM-L6-v2 embeddings, 2 threads) and still runs where it is not;
- the graphics card: Apple-silicon Macs build with Metal, its shaders embedded in the library
  (GGML_METAL_EMBED_LIBRARY: nothing to find at run time); CLOISTER_ENGINE_VARIANT=vulkan (the
  release workflow's Vulkan installers, Linux and Windows) adds ggml's Vulkan backend as one more
  module beside the CPU ones, which the app loads only where a Vulkan driver lets it
  (desktop/inference/gpu_modules.py). The default, `cpu`, is what `make setup` builds: portable,
  no GPU code, no SDK needed.

Standard library only: it runs before anything else is installed. Called by `make setup`.
"""

from __future__ import annotations

import base64
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
import tarfile
import tempfile
import time
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "llama-cpp-python"
# What Cloister never loads: the multimodal library (images and audio) and llama.cpp's common
# helpers (llama_cpp's bindings load neither).
WITHOUT_COMMON = Path(__file__).resolve().parent / "llama_without_common.cmake"
REQUIRED_CMAKE_ARGS = ("-DLLAVA_BUILD=OFF",)
# A portable build unless told otherwise: -march=native crashes on other CPUs (AMX).
DEFAULT_CMAKE_ARGS = ("-DGGML_NATIVE=OFF",)
# ggml's CPU backend as a loadable module, so that a better one can sit beside it.
BACKEND_DL = "-DGGML_BACKEND_DL=ON"
STEP = re.compile(r"^\s*\[(\d+)/(\d+)\]")
# Which engine: `cpu` (the default: the set-up, the CPU installers) or `vulkan`.
VARIANT_VARIABLE = "CLOISTER_ENGINE_VARIANT"
ENGINE_VARIANTS = ("cpu", "vulkan")
# Apple silicon: Metal, with its shader library compiled into libggml-metal (no .metal file to
# find beside the app at run time, which a signed bundle could not load anyway).
METAL_CMAKE_ARGS = ("-DGGML_METAL=ON", "-DGGML_METAL_EMBED_LIBRARY=ON")
# Vulkan (NVIDIA, AMD and Intel cards with one build) as a module beside the CPU ones.
VULKAN_CMAKE_ARGS = ("-DGGML_VULKAN=ON", "-DGGML_BACKEND_DL=ON")
# A graphics backend's switches: never passed to the CPU variants' own builds.
GPU_SWITCHES = ("-DGGML_METAL", "-DGGML_VULKAN", "-DGGML_CUDA", "-DGGML_HIP", "-DGGML_SYCL")


@dataclass(frozen=True)
class CpuVariant:
    """An extra build of ggml's CPU backend: `name` goes into its file name
    (libggml-cpu-<name>.so), `features` are ggml's options (GGML_<feature>=ON) that it needs."""

    name: str
    features: tuple[str, ...]


# x86-64-v4 (AVX-512 F/CD/VL/DQ/BW): Skylake-SP and later Xeons, Ice/Tiger/Rocket Lake, AMD
# Zen 4/5. No AMX: its kernels crash where the OS does not grant the tile state (measured).
X86_VARIANTS = (CpuVariant("x86_64_v4", ("SSE42", "AVX", "F16C", "FMA", "AVX2", "BMI2", "AVX512")),)
# How a variant is configured besides its features: only ggml, as a module, and found where it
# lands (RUNPATH $ORIGIN, as llama-cpp-python sets for its own libraries: libggml-base.so.0
# beside it, never the temporary build folder).
VARIANT_CMAKE_ARGS = (
    "-DCMAKE_BUILD_TYPE=Release", "-DBUILD_SHARED_LIBS=ON", BACKEND_DL, "-DGGML_NATIVE=OFF",
    "-DLLAMA_BUILD_COMMON=OFF", "-DLLAMA_BUILD_TESTS=OFF", "-DLLAMA_BUILD_TOOLS=OFF",
    "-DLLAMA_BUILD_EXAMPLES=OFF", "-DLLAMA_BUILD_SERVER=OFF", "-DLLAMA_CURL=OFF",
    "-DCMAKE_BUILD_WITH_INSTALL_RPATH=ON", "-DCMAKE_INSTALL_RPATH=$ORIGIN",
)  # fmt: skip
# Every x86 switch ggml has: a variant turns off those it does not name.
X86_FEATURES = (
    "SSE42", "AVX", "AVX2", "BMI2", "AVX_VNNI", "FMA", "F16C", "AVX512", "AVX512_VBMI",
    "AVX512_VNNI", "AVX512_BF16", "AMX_TILE", "AMX_INT8", "AMX_BF16",
)  # fmt: skip


def pinned_version() -> str:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for requirement in project["project"]["dependencies"]:
        name, _, version = requirement.partition("==")
        if name.strip() == PACKAGE:
            return version.strip()
    raise SystemExit(f"error: pyproject.toml does not pin {PACKAGE}==VERSION")


def engine_variant() -> str:
    """`cpu` or `vulkan`, from CLOISTER_ENGINE_VARIANT (unset: cpu)."""
    variant = os.environ.get(VARIANT_VARIABLE, "").strip().lower() or "cpu"
    if variant not in ENGINE_VARIANTS:
        raise SystemExit(
            f"error: {VARIANT_VARIABLE}={variant!r}; choose one of {', '.join(ENGINE_VARIANTS)}"
        )
    if variant == "vulkan" and sys.platform not in ("linux", "win32"):
        raise SystemExit(f"error: the Vulkan engine is for Linux and Windows, not {sys.platform}")
    return variant


def gpu_args(variant: str) -> tuple[str, ...]:
    """The graphics backend's CMAKE_ARGS: Metal on Apple silicon whatever the variant (the
    default there), Vulkan when asked for, none otherwise."""
    if sys.platform == "darwin" and platform.machine().lower() == "arm64":
        return METAL_CMAKE_ARGS
    return VULKAN_CMAKE_ARGS if variant == "vulkan" else ()


def cmake_args() -> list[str]:
    """The user's CMAKE_ARGS with Cloister's own: portable unless told otherwise, no mtmd,
    the graphics backend of the variant, the CPU backend a module where CPU variants are
    built."""
    args = shlex.split(os.environ.get("CMAKE_ARGS", ""))
    if not any(arg.startswith("-DGGML_NATIVE") for arg in args):
        args += DEFAULT_CMAKE_ARGS
    variant = engine_variant()
    if variant == "vulkan" and "-DGGML_BACKEND_DL=OFF" in args:
        # Linked in, a missing Vulkan driver would stop the whole engine from loading.
        raise SystemExit("error: the Vulkan engine needs -DGGML_BACKEND_DL=ON (its own module)")
    for arg in gpu_args(variant):
        if not any(given.split("=")[0] == arg.split("=")[0] for given in args):
            args.append(arg)
    if cpu_variants(args) and BACKEND_DL not in args:
        args.append(BACKEND_DL)
    return args + [arg for arg in REQUIRED_CMAKE_ARGS if arg not in args]


def cpu_variants(args: list[str]) -> tuple[CpuVariant, ...]:
    """The extra CPU modules for this machine's kind of build: portable x86-64 builds on Linux
    and Windows (a -march=native build is tuned to its one CPU already, and ggml refuses it as
    a module; macOS keeps the CPU code linked in: Apple's processors are ARM)."""
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return ()
    if sys.platform not in ("linux", "win32"):
        return ()
    if "-DGGML_NATIVE=OFF" not in args or "-DGGML_BACKEND_DL=OFF" in args:
        return ()
    return X86_VARIANTS


def cache_dir(version: str, args: list[str]) -> Path:
    """Keyed by what changes the binary, the include file by its content (clones differ)."""
    include = hashlib.sha256(WITHOUT_COMMON.read_bytes()).hexdigest()
    variants = [(v.name, v.features, VARIANT_CMAKE_ARGS) for v in cpu_variants(args)]
    key = json.dumps([version, args, include, variants, sys.platform, platform.machine()]).encode()
    base = os.environ.get("CLOISTER_ENGINE_CACHE") or Path.home() / ".cache" / "cloister"
    return Path(base) / "engine-wheels" / hashlib.sha256(key).hexdigest()[:16]


def installed_version() -> str | None:
    try:
        return importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return None


def pip(*args: str) -> list[str]:
    return [sys.executable, "-m", "pip", *args]


def download_source(version: str, into: Path) -> Path:
    """llama-cpp-python's source package (it vendors llama.cpp): the wheel and the CPU
    variants are compiled from this one file."""
    subprocess.run(
        pip("download", "--quiet", "--no-deps", "--no-binary", ":all:", "--dest", str(into),
            f"{PACKAGE}=={version}"),
        check=True,
    )  # fmt: skip
    return next(into.glob("*.tar.gz"))


def compile_wheel(sdist: Path, args: list[str], into: Path, log_path: Path) -> Path:
    jobs = parallel_jobs()
    print(
        f"==> Compiling llama.cpp ({sdist.name}) with {jobs} parallel jobs. This takes a "
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
        "--verbose",
        "--wheel-dir",
        str(into),
        str(sdist),
    )
    with log_path.open("w", encoding="utf-8") as log:
        run_with_progress(command, environment, log, "compiling llama.cpp")
    return next(into.glob("*.whl"))


def compile_cpu_variant(
    source: Path, variant: CpuVariant, args: list[str], build: Path, log_path: Path
) -> Path:
    """ggml's CPU backend module compiled for `variant`, from the same llama.cpp source and
    options as the wheel; returns the module's file."""
    cmake = find_cmake()
    # Ninja where it finds a compiler by itself; on Windows CMake's default (Visual Studio)
    # generator finds MSVC without a developer shell, as pip's build of the wheel does.
    generator = ["-G", "Ninja"] if shutil.which("ninja") and sys.platform != "win32" else []
    switches = [f"-DGGML_{feature}={'ON' if feature in variant.features else 'OFF'}"
                for feature in X86_FEATURES]  # fmt: skip
    configure = [
        cmake, "-S", str(source / "vendor" / "llama.cpp"), "-B", str(build), *generator,
        *cpu_variant_args(args), *VARIANT_CMAKE_ARGS, *switches,
    ]  # fmt: skip
    compile_ = [cmake, "--build", str(build), "--target", "ggml-cpu", "--config", "Release",
                "--parallel", parallel_jobs()]  # fmt: skip
    print(f"==> Compiling llama.cpp's CPU code for {variant.name} processors", flush=True)
    with log_path.open("a", encoding="utf-8") as log:
        run_with_progress(configure, dict(os.environ), log, f"configuring {variant.name}")
        run_with_progress(compile_, dict(os.environ), log, f"compiling {variant.name}")
    built = [path for path in build.rglob("*") if path.name in ("libggml-cpu.so", "ggml-cpu.dll")]
    if not built:
        raise SystemExit(f"error: the {variant.name} build made no ggml-cpu module; {log_path}")
    return built[0]


def cpu_variant_args(args: list[str]) -> list[str]:
    """The wheel's CMAKE_ARGS that a CPU variant's own build takes: not Cloister's wheel-only
    ones, nor a graphics backend's (its module comes from the wheel's build; configuring it
    again would need its SDK for nothing)."""
    return [
        arg for arg in args if arg not in REQUIRED_CMAKE_ARGS and not arg.startswith(GPU_SWITCHES)
    ]


def variant_file_name(variant: CpuVariant) -> str:
    """What ggml looks for beside the baseline module: [lib]ggml-cpu-<name>.so / .dll."""
    return f"ggml-cpu-{variant.name}.dll" if sys.platform == "win32" else (
        f"libggml-cpu-{variant.name}.so")  # fmt: skip


def add_to_wheel(wheel: Path, files: dict[str, Path]) -> None:
    """Adds `files` (name in the wheel -> file) to `wheel`, with their lines in its RECORD."""
    partial = wheel.with_suffix(".partial")
    with zipfile.ZipFile(wheel) as old, zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as new:
        record_name = next(name for name in old.namelist() if name.endswith(".dist-info/RECORD"))
        record = old.read(record_name).decode("utf-8").splitlines()
        for item in old.infolist():
            if item.filename != record_name and item.filename not in files:
                new.writestr(item, old.read(item))
        for name, path in files.items():
            data = path.read_bytes()
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = 0o755 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            new.writestr(info, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            record = [line for line in record if not line.startswith(f"{name},")]
            record.insert(-1, f"{name},sha256={digest.decode()},{len(data)}")
        new.writestr(record_name, "\n".join(record) + "\n")
    os.replace(partial, wheel)


def find_cmake() -> str:
    """The cmake on PATH, or one pip installs for this build (a fresh machine may lack it)."""
    found = shutil.which("cmake")
    if found:
        return found
    tools = Path(tempfile.mkdtemp(prefix="cloister-cmake-"))
    subprocess.run(pip("install", "--quiet", "--target", str(tools), "cmake", "ninja"), check=True)
    os.environ["PATH"] = str(tools / "bin") + os.pathsep + os.environ.get("PATH", "")
    return str(tools / "bin" / "cmake")


def parallel_jobs() -> str:
    return os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 2)


def run_with_progress(command: list[str], environment: dict, log, label: str) -> None:
    """Runs `command`, its output into `log`, its compile steps shown as progress."""
    started = time.monotonic()
    progress = Progress(started, label)
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
    log.flush()
    if code != 0:
        tail = Path(log.name).read_text(encoding="utf-8", errors="replace").splitlines()[-30:]
        print("\n".join(tail), file=sys.stderr)
        raise SystemExit(f"error: {label} failed (exit {code}); log: {log.name}")
    if progress.steps:
        print(f"    {label}: done in {_minutes(time.monotonic() - started)}", flush=True)


def build(version: str, args: list[str], scratch: Path, log_path: Path) -> Path:
    """The engine's wheel, with the CPU variants for this kind of machine inside."""
    sdist = download_source(version, scratch / "source")
    wheel = compile_wheel(sdist, args, scratch / "wheel", log_path)
    variants = cpu_variants(args)
    if variants:
        with tarfile.open(sdist) as archive:
            archive.extractall(scratch / "unpacked", filter="data")
        source = next((scratch / "unpacked").iterdir())
        modules = {
            f"llama_cpp/lib/{variant_file_name(variant)}": compile_cpu_variant(
                source, variant, args, scratch / f"build-{variant.name}", log_path
            )
            for variant in variants
        }
        add_to_wheel(wheel, modules)
    return wheel


class Progress:
    """One updating line on a terminal; a line per tenth of the work in a log (CI)."""

    def __init__(self, started: float, label: str) -> None:
        self.started = started
        self.label = label
        self.live = sys.stdout.isatty()
        self.last_tenth = -1
        self.shown = False
        self.steps = 0

    def show(self, step: int, total: int) -> None:
        self.steps = step
        text = f"    {self.label}: {step}/{total} ({_minutes(time.monotonic() - self.started)})"
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
    args = cmake_args()
    cache = cache_dir(version, args)
    # Which build is installed: a venv set up before a change of CMAKE_ARGS (or of this
    # script's variants) has the same version but not the same engine.
    marker = Path(sys.prefix) / "cloister-engine.txt"
    built_here = marker.read_text(encoding="utf-8") if marker.is_file() else ""
    if installed_version() == version and built_here == cache.name:
        print(f"==> llama.cpp ({PACKAGE} {version}) is already built in this environment")
        return 0
    wheels = sorted(cache.glob("*.whl"))
    if not wheels:
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="cloister-engine-") as scratch:
            log_path = Path(sys.prefix) / "llama-cpp-build.log"
            wheel = build(version, args, Path(scratch), log_path)
            partial = cache / (wheel.name + ".partial")
            shutil.copyfile(wheel, partial)
            os.replace(partial, cache / wheel.name)  # a killed copy never looks finished
        wheels = [cache / wheel.name]
    else:
        print(f"==> llama.cpp ({PACKAGE} {version}): reusing the build in {cache}")
    # Another build of the same version replaces the installed one (its dependencies stay).
    again = ("--force-reinstall", "--no-deps") if installed_version() == version else ()
    subprocess.run(pip("install", "--quiet", *again, str(wheels[-1])), check=True)
    marker.write_text(cache.name, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
