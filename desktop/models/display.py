"""A model's name as people read it: the catalog's name, or a clean one made from the file name.

Never the GGUF header's `general.name`: converters fill it with training-run tags ("Smollm2
135M 8k Lc100K Mix1 Ep2"). The picker, the status bar and the Models page all name a model
through `model_display_name`, so a model has one name everywhere.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from desktop.models.catalog import Catalog

# llama.cpp's quantization names: Q4_K_M, Q8_0, IQ3_XXS, F16, BF16...
_QUANT = re.compile(r"[._-]((?:I?Q\d+(?:_[A-Z0-9]+)*)|F16|F32|BF16)$", re.IGNORECASE)


def model_display_name(
    file_name: str, sha256: str | None = None, catalog: Catalog | None = None
) -> str:
    """The catalog's name for this file (by SHA-256 first, then by file name), else a clean
    name from the file name: "Qwen3-4B-Instruct.Q4_K_M.gguf" -> "Qwen3 4B Instruct (Q4_K_M)"."""
    file_name = PurePath(file_name.replace("\\", "/")).name
    if catalog is not None:
        entry = catalog.by_sha256(sha256) if sha256 else None
        entry = entry or next((m for m in catalog.models if m.file == file_name), None)
        if entry is not None:
            return entry.name
    return clean_file_name(file_name)


def clean_file_name(file_name: str) -> str:
    stem = file_name[: -len(".gguf")] if file_name.lower().endswith(".gguf") else file_name
    quant = _QUANT.search(stem)
    if quant:
        stem = stem[: quant.start()]
    words = " ".join(re.split(r"[\s_-]+", stem)).strip() or file_name
    return f"{words} ({quant.group(1).upper()})" if quant else words
