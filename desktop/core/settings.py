"""Generation settings, each declared once with its type, default and reason."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class GenerationSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    temperature: float = Field(
        0.3, ge=0.0, le=2.0, description="Randomness; low keeps small models on topic."
    )
    top_p: float = Field(0.9, gt=0.0, le=1.0, description="Nucleus sampling cut-off.")
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
    seed: int | None = Field(None, description="Fixed seed for repeatable answers (tests).")
