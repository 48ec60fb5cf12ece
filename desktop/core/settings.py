"""Generation settings, each declared once with its type, default and reason."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class GenerationSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    temperature: float = Field(
        0.3, ge=0.0, le=2.0, description="Randomness; low keeps small models on topic."
    )
    top_p: float = Field(0.9, gt=0.0, le=1.0, description="Nucleus sampling cut-off.")
    top_k: int = Field(40, ge=0, description="Sample among this many likeliest tokens; 0 = all.")
    repeat_penalty: float = Field(
        1.1,
        ge=1.0,
        le=2.0,
        description="Discourages loops; without it small models repeat a phrase until the "
        "context is full (measured: SmolLM2-135M says 'Paris' 8/8 with 1.1, 3/8 with 1.0).",
    )
    max_tokens: int = Field(
        1024, ge=1, description="Longest reply; stops a runaway answer from filling the context."
    )
    seed: int | None = Field(
        None, ge=0, lt=2**32 - 1, description="Fixed seed for repeatable answers (tests)."
    )
    system_prompt: str = Field(
        "",
        max_length=20_000,
        description="Instructions sent before the conversation; empty "
        "uses the model's own default, if its template has one.",
    )
