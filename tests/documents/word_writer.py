"""Word documents for tests, written with python-docx, and a zip bomb dressed as one."""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass

PAGE_BREAK = object()  # a hard page break (Ctrl+Enter) between blocks
RENDERED_BREAK = object()  # where Word last broke the page, at the start of the next paragraph


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 0 is the "Title" style


@dataclass(frozen=True)
class Table:
    rows: list[list[str]]


def make_docx(blocks: list[object], title: str | None = None) -> bytes:
    """Blocks in order: str (a paragraph), Heading, Table, PAGE_BREAK, RENDERED_BREAK."""
    import docx
    from docx.enum.text import WD_BREAK
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    document = docx.Document()
    rendered_pending = False
    for block in blocks:
        if block is PAGE_BREAK:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            continue
        if block is RENDERED_BREAK:
            rendered_pending = True
            continue
        if isinstance(block, Heading):
            paragraph = document.add_heading(block.text, level=block.level)
        elif isinstance(block, Table):
            table = document.add_table(rows=len(block.rows), cols=len(block.rows[0]))
            for row, values in zip(table.rows, block.rows, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
            continue
        else:
            paragraph = document.add_paragraph(str(block))
        if rendered_pending:
            run = paragraph.runs[0]._r if paragraph.runs else paragraph.add_run()._r
            run.insert(0, OxmlElement("w:lastRenderedPageBreak"))
            rendered_pending = False
    if title:
        document.core_properties.title = title
    assert qn("w:p")  # the namespace map is loaded
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_zip_bomb(inflated_mb: int = 20) -> bytes:
    """A .docx whose one extra part inflates to `inflated_mb` MB of zeros from a few KB."""
    base = make_docx(["An innocent looking letter."])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w") as bomb:
        for item in source.infolist():
            bomb.writestr(item, source.read(item.filename))
        info = zipfile.ZipInfo("word/media/filler.bin")
        info.compress_type = zipfile.ZIP_DEFLATED
        with bomb.open(info, "w", force_zip64=True) as sink:
            chunk = bytes(1024 * 1024)
            for _ in range(inflated_mb):
                sink.write(chunk)
    assert zlib  # deflate is what makes the ratio
    return out.getvalue()
