"""Turns a conversation into the exact prompt text a model was trained on.

The model's own Jinja template (GGUF `tokenizer.chat_template`) comes first. When a model has
none, or its template fails to render, a known template for its family is used instead, and
the user is told which one. Templates come from model files, so they render in a sandbox with
limits on steps, size and time (template_sandbox); a render that fails, hits a limit, comes
out empty or leaves out the user's latest message counts as a failed one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import jinja2

from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.inference.template_sandbox import (
    RenderLimits,
    TemplateError,
    compile_template,
    render,
)

Messages = Sequence[dict[str, str]]

# Known formats, written in the same Jinja dialect as the templates inside GGUF files.
_CHATML = (
    "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
_GEMMA = (
    "{{ bos_token }}{% set ns = namespace(system='') %}"
    "{% for m in messages %}{% if m.role == 'system' %}{% set ns.system = m.content + '\n\n' %}"
    "{% else %}<start_of_turn>{{ 'model' if m.role == 'assistant' else 'user' }}\n"
    "{% if m.role == 'user' %}{{ ns.system }}{% set ns.system = '' %}{% endif %}"
    "{{ m.content | trim }}<end_of_turn>\n{% endif %}{% endfor %}"
    "{% if add_generation_prompt %}<start_of_turn>model\n{% endif %}"
)
_LLAMA3 = (
    "{{ bos_token }}{% for m in messages %}<|start_header_id|>{{ m.role }}<|end_header_id|>"
    "\n\n{{ m.content | trim }}<|eot_id|>{% endfor %}"
    "{% if add_generation_prompt %}<|start_header_id|>assistant<|end_header_id|>\n\n{% endif %}"
)
_MISTRAL = (
    "{{ bos_token }}{% set ns = namespace(system='') %}"
    "{% for m in messages %}{% if m.role == 'system' %}{% set ns.system = m.content + '\n\n' %}"
    "{% elif m.role == 'user' %}[INST] {{ ns.system }}{{ m.content | trim }} [/INST]"
    "{% set ns.system = '' %}{% else %}{{ m.content | trim }}{{ eos_token }}{% endif %}"
    "{% endfor %}"
)
_PHI3 = (
    "{% for m in messages %}<|{{ m.role }}|>\n{{ m.content }}<|end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
)


@dataclass(frozen=True)
class KnownFormat:
    name: str
    template: str
    marker: str  # a special token only this format's models have


KNOWN_FORMATS = (
    KnownFormat("ChatML", _CHATML, "<|im_start|>"),
    KnownFormat("Gemma", _GEMMA, "<start_of_turn>"),
    KnownFormat("Llama 3", _LLAMA3, "<|start_header_id|>"),
    KnownFormat("Mistral", _MISTRAL, "[INST]"),
    KnownFormat("Phi-3", _PHI3, "<|assistant|>"),
)
_BY_ARCHITECTURE = {"gemma": "Gemma", "gemma2": "Gemma", "gemma3": "Gemma", "phi3": "Phi-3"}


__all__ = ["TemplateError"]  # the one error render() raises, re-exported for callers


def known_format_for(architecture: str, has_single_token: Callable[[str], bool]) -> KnownFormat:
    """The format a model without a usable template most likely expects.

    The architecture decides where it is unambiguous; otherwise the model's vocabulary does:
    the format whose marker is one special token in it. ChatML is the last resort.
    """
    by_name = {known.name: known for known in KNOWN_FORMATS}
    if architecture in _BY_ARCHITECTURE:
        return by_name[_BY_ARCHITECTURE[architecture]]
    for known in KNOWN_FORMATS:
        if has_single_token(known.marker):
            return known
    return by_name["ChatML"]


class ChatTemplate:
    """Renders conversations for one model, falling back when its own template fails."""

    def __init__(
        self,
        own_template: str | None,
        fallback: KnownFormat,
        *,
        bos_token: str = "",
        eos_token: str = "",
        limits: RenderLimits | None = None,
    ) -> None:
        self._tokens = {"bos_token": bos_token, "eos_token": eos_token}
        self._limits = limits or RenderLimits()
        self._fallback = fallback
        self._fallback_template = compile_template(fallback.template)
        self._own = self._compile(own_template) if own_template else None
        self._fold_system = False  # the own template needs the system prompt folded in
        self.fallback_reason: str | None = None
        if own_template is None:
            self.fallback_reason = QT_TRANSLATE_NOOP(
                "ChatTemplate", "the model has no chat template"
            )
        elif self._own is None:
            self.fallback_reason = QT_TRANSLATE_NOOP(
                "ChatTemplate", "the model's chat template is not valid Jinja"
            )

    @property
    def source(self) -> str:
        """Which template is in use, in words for the status bar."""
        if self.fallback_reason is None:
            return QT_TRANSLATE_NOOP("ChatTemplate", "the model's own chat template")
        return words(
            QT_TRANSLATE_NOOP("ChatTemplate", "the {name} template ({reason})"),
            name=self._fallback.name,
            reason=self.fallback_reason,
        )

    def render(self, messages: Messages) -> str:
        """The prompt for `messages`, ending where the assistant's reply begins: never empty.

        Raises TemplateError only when even the fallback cannot render them within limits.
        """
        if self._own is not None and not self._fold_system:
            try:
                return self._render(self._own, messages)
            except TemplateError:
                self._fold_system = True  # decided once per model, not on every render
        if self._own is not None:
            try:  # many templates refuse a system turn; fold it into the first user turn
                return self._render(self._own, fold_system_prompt(messages))
            except TemplateError as exc:
                self._own = None
                self.fallback_reason = words(
                    QT_TRANSLATE_NOOP(
                        "ChatTemplate", "the model's chat template failed: {problem}"
                    ),
                    problem=str(exc),
                )
        try:
            return self._render(self._fallback_template, messages)
        except TemplateError as exc:
            message = words(
                QT_TRANSLATE_NOOP(
                    "ChatTemplate",
                    "The conversation cannot be formatted for this model: {problem}.",
                ),
                problem=str(exc),
            )
            raise TemplateError(message) from None

    def _render(self, template: jinja2.Template, messages: Messages) -> str:
        text = render(
            template,
            self._limits,
            [dict(message) for message in messages],
            add_generation_prompt=True,
            **self._tokens,
        )
        if not text.strip():
            raise TemplateError("it rendered nothing")
        latest = next((m["content"].strip() for m in reversed(messages) if m["role"] == "user"), "")
        if latest not in text:
            raise TemplateError("it left out your message")
        return text

    @staticmethod
    def _compile(source: str) -> jinja2.Template | None:
        try:
            return compile_template(source)
        except TemplateError:
            return None


def fold_system_prompt(messages: Messages) -> list[dict[str, str]]:
    """The system prompt prepended to the first user message, for templates without one."""
    system = [m["content"] for m in messages if m["role"] == "system"]
    rest = [dict(m) for m in messages if m["role"] != "system"]
    if system and rest and rest[0]["role"] == "user":
        rest[0]["content"] = "\n\n".join([*system, rest[0]["content"]])
    return rest
