"""Finds user-visible text in the window's code that does not go through Qt's translations.

    .venv/bin/python -m tests.unit.ui.i18n.untranslated [FILE...]

A string literal or f-string handed straight to something that shows text (setText, a
QLabel, a message box, the status bar...) is English forever: it must be wrapped in
self.tr() / QCoreApplication.translate(). Prints one line per finding.

The services (no Qt) are held to the same rule for what the window shows of them: a KnownError
made with a bare literal or f-string is English in a German window; its message must be marked
(`desktop/core/translatable`: QT_TRANSLATE_NOOP, words). The command line's own errors
(desktop/cli) are never shown by the window.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
SOURCES = [ROOT / "desktop" / "app.py", *sorted((ROOT / "desktop" / "ui").rglob("*.py"))]
_NOT_SERVICES = (ROOT / "desktop" / "ui", ROOT / "desktop" / "cli")
SERVICE_SOURCES = [
    path
    for path in sorted((ROOT / "desktop").rglob("*.py"))
    if path != ROOT / "desktop" / "app.py" and not any(top in path.parents for top in _NOT_SERVICES)
]

# Methods and constructors whose string arguments reach the screen (or a screen reader).
TEXT_SINKS = {
    # Qt setters
    "setText",
    "setWindowTitle",
    "setToolTip",
    "setPlaceholderText",
    "setStatusTip",
    "setWhatsThis",
    "setAccessibleName",
    "setAccessibleDescription",
    "setTitle",
    "addTab",
    "insertTab",
    "setTabText",
    "setTabToolTip",
    "setHeaderLabels",
    "setHorizontalHeaderLabels",
    "addAction",
    "addMenu",
    "showMessage",
    "setLabelText",
    "setInformativeText",
    "setDetailedText",
    "setButtonText",
    "setCancelButtonText",
    "setOkButtonText",
    "setSpecialValueText",
    "setSuffix",
    "setPrefix",
    "setFormat",
    "addRow",
    "addItem",
    "addButton",
    "setHtml",
    "setMarkdown",
    "setPlainText",
    "setSubTitle",
    "setWindowIconText",
    # QMessageBox / QInputDialog / QFileDialog statics
    "information",
    "warning",
    "critical",
    "question",
    "about",
    "getText",
    "getItem",
    "getOpenFileName",
    "getOpenFileNames",
    "getSaveFileName",
    "getExistingDirectory",
    # constructors
    "QLabel",
    "QPushButton",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QAction",
    "QMenu",
    "QToolButton",
    "QMessageBox",
    "QCommandLinkButton",
    # Cloister's own: the window's status bar and banners
    "notify",
    "notify_if_free",
    "show_model",
    "show_policy_banner",
    "show_indexing",
    "show_speed",
    "show_error",
    "show_message",
    "show_problem",
    "set_reason",
}
_WORDS = re.compile(r"[A-Za-z]{2,}")
_MARKUP = re.compile(r"<[^>]*>")  # tags around data ("<small>…</small>") are not words


def _has_words(literal: str) -> bool:
    return bool(_WORDS.search(_MARKUP.sub("", literal)))


def _is_text(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return _has_words(node.value)
    if isinstance(node, ast.JoinedStr):
        literal = "".join(part.value for part in node.values if isinstance(part, ast.Constant))
        return _has_words(literal)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _is_text(node.left) or _is_text(node.right)
    return False


def _name(func: ast.AST) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def findings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _name(node.func) not in TEXT_SINKS:
            continue
        arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
        for argument in arguments:
            if _is_text(argument):
                text = ast.get_source_segment(path.read_text(encoding="utf-8"), argument) or ""
                where = f"{path.relative_to(ROOT)}:{argument.lineno}"
                text = " ".join(text.split())[:60]
                found.append(f"{where}: {_name(node.func)}({text})")
    return found


def known_errors(paths: list[Path]) -> set[str]:
    """KnownError and the names of its subclasses defined in `paths` (by name, to a fixpoint)."""
    bases: dict[str, set[str]] = {}
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases.setdefault(node.name, set()).update(_name(base) for base in node.bases)
    found = {"KnownError"}
    while more := {name for name, parents in bases.items() if parents & found} - found:
        found |= more
    return found


def service_findings(path: Path, errors: set[str]) -> list[str]:
    """KnownErrors made in a service with an unmarked literal or f-string as their message."""
    source = path.read_text(encoding="utf-8")
    found = []
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if not isinstance(node, ast.Call) or _name(node.func) not in errors:
            continue
        for argument in node.args:
            if _is_text(argument):
                text = " ".join((ast.get_source_segment(source, argument) or "").split())[:60]
                shown_path = path.relative_to(ROOT) if ROOT in path.parents else path
                found.append(f"{shown_path}:{argument.lineno}: {_name(node.func)}({text})")
    return found


def main(argv: list[str]) -> int:
    paths = [Path(arg).resolve() for arg in argv] or SOURCES
    lines = [line for path in paths for line in findings(path)]
    if not argv:
        errors = known_errors(SERVICE_SOURCES)
        lines += [line for path in SERVICE_SOURCES for line in service_findings(path, errors)]
    print("\n".join(lines))
    print(f"{len(lines)} untranslated strings", file=sys.stderr)
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
