"""The sandbox chat templates render in: Jinja's immutable sandbox, plus limits on work.

A template comes from a model file, so it is hostile until proven otherwise. Jinja's sandbox
keeps it away from Python's internals; it does not stop it looping 10^10 times, recursing
without end or building a 100 MB string, any of which pinned a core or took the worker's
memory (issue 20). So every render here:
- counts its steps, up to a step limit: each item any `for` loop takes (the iterable is
  wrapped in a counter when the template is compiled, so a loop whose `if` skips every item
  counts too), each block of template code entered and each call it makes;
- refuses an operation whose result would be larger than the size limit before building it
  (`*`, `**`, `+`, `%`, `~`, string methods and filters that pad, repeat, replace or join),
  and checks what every call and filter returns;
- streams its output against the same size limit, and stops at a deadline.
Limits are counts, not times, wherever possible, so that a render either fits or does not,
on any machine. Whatever goes wrong, the caller gets one exception: TemplateError.
"""

from __future__ import annotations

import functools
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.ext import Extension
from jinja2.nodes import Concat, EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_SOURCE_CHARS = 1_000_000  # the longest chat templates (tool use) are ~30,000
_NUMBERS = re.compile(r"\d+")
_WALK_ITEMS = 10_000  # items looked at when sizing a container; more counts as too big
_INT_BITS = 65_536  # integers beyond ~20,000 digits take seconds to multiply and print
_PASSED_BY_JINJA = (jinja2.Environment, Context, EvalContext)  # a filter's first arguments


class TemplateError(Exception):
    """The template cannot render this conversation: invalid, failing, or over a limit."""


@dataclass(frozen=True)
class RenderLimits:
    """How much one render may do. Steps and sizes grow with the conversation rendered."""

    steps: int = 200_000  # a chat template takes ~20-50 steps per message
    steps_per_message: int = 200
    chars: int = 4_000_000  # text any value or the output may reach...
    chars_per_input_char: int = 4  # ...plus this much per character of the conversation
    seconds: float = 10.0  # a backstop only: the counts above are what normally stop a render

    def budget(self, messages: int, input_chars: int) -> _Budget:
        return _Budget(
            self.steps + self.steps_per_message * messages,
            self.chars + self.chars_per_input_char * input_chars,
            time.monotonic() + self.seconds,
        )


class _Budget:
    """What is left to one render."""

    def __init__(self, steps: int, chars: int, deadline: float) -> None:
        self.steps_left = steps
        self.steps = steps
        self.chars = chars
        self.deadline = deadline

    def step(self) -> None:
        self.steps_left -= 1
        if self.steps_left < 0:
            raise TemplateError(f"the template ran more than {self.steps:,} steps")
        if self.steps_left % 1024 == 0 and time.monotonic() > self.deadline:
            raise TemplateError("the template took too long to render")

    def allow(self, size: int) -> None:
        if size > self.chars:
            raise TemplateError(f"the template would build more than {self.chars:,} characters")


_current = threading.local()


def _budget() -> _Budget:
    budget: _Budget | None = getattr(_current, "budget", None)
    if budget is None:  # compiled templates run only through render() below
        raise TemplateError("a template ran outside its limits")
    return budget


def _size(value: Any, limit: int) -> int:
    """About how many characters `value` turns into as text; anything over `limit` may be
    reported as just over it (the walk stops early)."""
    total, seen, pending = 0, 0, [value]
    while pending and total <= limit:
        item = pending.pop()
        seen += 1
        if seen > _WALK_ITEMS:
            return limit + 1
        if isinstance(item, str | bytes):
            total += len(item)
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            total += 2 + 2 * len(item)
            pending.extend(item)
        elif isinstance(item, jinja2.utils.Namespace):
            pending.append(dict(item._Namespace__attrs))  # type: ignore[attr-defined]
        elif isinstance(item, int) and not isinstance(item, bool):
            total += item.bit_length() // 3 + 1  # decimal digits, roughly
        else:
            total += 16
    return total


def _check_numbers(budget: _Budget, values: Iterable[Any]) -> None:
    """A number larger than the size limit passed to a padding, repeating or wrapping
    operation would build text of that size: refuse it up front."""
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > budget.chars:
            raise TemplateError(f"the template asked for a size of {value:,}")


def _check_bits(bits: int) -> None:
    if bits > _INT_BITS:
        raise TemplateError("the template computes a number too large to use")


def _check_result(budget: _Budget, value: Any) -> Any:
    budget.allow(_size(value, budget.chars))
    return value


def _expected_size(name: str, subject: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """The size of what `name` (a str method or filter) will build, where it can grow
    faster than its input; 0 where the result is no larger than its arguments."""
    arguments = [*args, *kwargs.values()]
    if name == "replace" and isinstance(subject, str) and len(arguments) >= 2:
        old, new = str(arguments[0]), str(arguments[1])
        count = len(subject) + 1 if not old else subject.count(old)
        return len(subject) + count * max(len(new) - len(old), 0)
    if name == "join" and isinstance(subject, str | list | tuple):
        # str.join(items): the string is the separator; the join filter: the items come first
        separator, items = (
            (subject, arguments[0])
            if isinstance(subject, str)
            else (
                str(arguments[0]) if arguments else "",
                subject,
            )
        )
        if isinstance(items, list | tuple):
            return len(separator) * len(items) + sum(_size(item, 10**12) for item in items)
    if name in ("expandtabs", "indent", "wordwrap") and isinstance(subject, str):
        numbers = [a for a in arguments if isinstance(a, int) and not isinstance(a, bool)]
        widths = [len(a) for a in arguments if isinstance(a, str)]
        return len(subject) * (1 + max([8, *numbers, *widths]))
    if name == "format" and isinstance(subject, str):
        return _format_size(subject, arguments)
    return 0


def _format_size(template: str, values: Iterable[Any]) -> int:
    """An upper bound for a format string's result: every number in it may be a width."""
    widths = sum(int(number) for number in _NUMBERS.findall(template))
    return len(template) + widths + sum(_size(value, 10**12) for value in values)


class _Counter(Extension):
    """Reached from compiled templates as `environment.extensions[...]`, which no template
    variable can shadow."""

    def counted(self, items: Iterable[Any]) -> Iterator[Any]:
        budget = _budget()
        for item in items:
            budget.step()
            yield item

    def wrap_loops(self, tree: nodes.Template) -> None:
        for loop in tree.find_all(nodes.For):
            counter = nodes.ExtensionAttribute(self.identifier, "counted")
            loop.iter = nodes.Call(counter, [loop.iter], [], None, None)
            loop.iter.set_lineno(loop.lineno)


class _LimitedCodeGenerator(CodeGenerator):
    """Charges a step on entering any block, and compiles `a ~ b` to a call that checks the
    joined size first."""

    def blockvisit(self, body: list[nodes.Node], frame: Frame) -> None:
        self.writeline("environment.tick()")
        super().blockvisit(body, frame)

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        self.write("environment.limited_concat((")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with the size checks described above."""

    code_generator_class = _LimitedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self) -> None:
        super().__init__(
            trim_blocks=True, lstrip_blocks=True, finalize=_finalize_output, extensions=[_Counter]
        )
        self.globals.update(
            raise_exception=_raise, strftime_now=lambda fmt: datetime.now().strftime(fmt)
        )
        del self.globals["lipsum"]  # lorem ipsum of any length: no chat template needs it
        self.filters = {name: _limited_filter(name, f) for name, f in self.filters.items()}

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        self.extensions[_Counter.identifier].wrap_loops(tree)  # type: ignore[attr-defined]
        tree.set_environment(self)
        return tree

    def tick(self) -> None:
        _budget().step()

    def limited_concat(self, values: tuple[Any, ...]) -> str:
        budget = _budget()
        budget.allow(sum(_size(value, budget.chars) for value in values))
        return "".join(str(value) for value in values)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        budget = _budget()
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, str | list | tuple) and isinstance(times, int):
                    budget.allow(_size(sequence, budget.chars) * max(times, 0))
            if isinstance(left, int) and isinstance(right, int):
                _check_bits(left.bit_length() + right.bit_length())
        elif operator == "**" and isinstance(left, int) and isinstance(right, int):
            _check_bits(max(right, 0) * left.bit_length())
        elif operator == "+":
            budget.allow(_size(left, budget.chars) + _size(right, budget.chars))
        elif operator == "%" and isinstance(left, str):
            budget.allow(_format_size(left, right if isinstance(right, tuple) else (right,)))
        return _check_result(budget, super().call_binop(context, operator, left, right))

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        budget = _budget()
        budget.step()
        if __obj is not __self.globals["range"]:  # its length is capped by the sandbox already
            _check_numbers(budget, [*args, *kwargs.values()])
        subject = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        budget.allow(_expected_size(name, subject, args, kwargs))
        return _check_result(budget, super().call(__context, __obj, *args, **kwargs))


def _limited_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def limited(*args: Any, **kwargs: Any) -> Any:
        budget = _budget()
        budget.step()
        values = [a for a in args if not isinstance(a, _PASSED_BY_JINJA)]
        _check_numbers(budget, [*values[1:], *kwargs.values()])
        if values:
            budget.allow(_expected_size(name, values[0], tuple(values[1:]), kwargs))
        return _check_result(budget, function(*args, **kwargs))

    return limited


def _finalize_output(value: Any) -> Any:
    """Every `{{ value }}`, before it becomes text."""
    budget = getattr(_current, "budget", None)
    if budget is not None:
        budget.allow(_size(value, budget.chars))
    return value


def _raise(message: str) -> None:
    raise TemplateError(message)


ENVIRONMENT = LimitedSandbox()


def compile_template(source: str) -> jinja2.Template:
    """`source` compiled in the sandbox. Raises TemplateError if it is not valid Jinja."""
    if len(source) > MAX_SOURCE_CHARS:
        raise TemplateError(f"the template is {len(source):,} characters long")
    try:
        return ENVIRONMENT.from_string(source)
    except jinja2.TemplateError as exc:
        raise TemplateError(f"the template is not valid Jinja: {exc}") from None
    except (RecursionError, MemoryError, ValueError, OverflowError) as exc:
        raise TemplateError(f"the template cannot be compiled: {exc!r}") from None


def render(
    template: jinja2.Template,
    limits: RenderLimits,
    messages: list[dict[str, str]],
    **variables: Any,
) -> str:
    """The text `template` renders for `messages`, within `limits`. Raises TemplateError."""
    input_chars = sum(len(m.get("content", "")) for m in messages)
    budget = limits.budget(len(messages), input_chars)
    _current.budget = budget
    parts: list[str] = []
    size = 0
    try:
        for part in template.generate(messages=messages, **variables):
            size += len(part)
            budget.allow(size)
            parts.append(part)
    except TemplateError:
        raise
    except jinja2.TemplateError as exc:
        raise TemplateError(f"the template failed: {exc}") from None
    except Exception as exc:  # hostile input: any failure is the template's
        raise TemplateError(f"the template failed: {type(exc).__name__}: {exc}") from None
    finally:
        _current.budget = None
    return "".join(parts)
