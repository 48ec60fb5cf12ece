"""A minimal PDF writer for tests: text pages in Helvetica, "scanned" pages that only draw an
image, an outline and a title. Written by hand so the bytes are known and small."""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass, field

PAGE_WIDTH, PAGE_HEIGHT = 612, 792  # US Letter, in points
FONT_SIZE, LEADING = 12, 16
LEFT, TOP = 72, 720  # where the first line's baseline starts


@dataclass(frozen=True)
class ImagePage:
    """A page that is only a picture (a scan). `lines` are drawn into the picture with Pillow,
    so OCR has something to read; the PDF itself has no text layer."""

    lines: tuple[str, ...] = field(default_factory=tuple)
    dpi: int = 100
    stamp: str | None = None  # real text drawn over the scan too (a Bates number)


def make_pdf(
    pages: list[str | ImagePage],
    title: str | None = None,
    outline: list[tuple[str, int]] | None = None,
) -> bytes:
    """A PDF with one page per entry; `outline` is (bookmark title, 1-based page number)."""
    objects: list[bytes] = []  # objects[i] is object number i + 1

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def reserve() -> int:
        return add(b"")

    catalog = reserve()
    pages_obj = reserve()
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    page_ids = []
    for entry in pages:
        if isinstance(entry, ImagePage):
            image = _image_xobject(entry)
            image_id = add(image)
            draw = f"q {PAGE_WIDTH} 0 0 {PAGE_HEIGHT} 0 0 cm /Im1 Do Q\n".encode()
            if entry.stamp:
                draw += _text_ops(entry.stamp, top=36)
            content = add(_stream(draw))
            resources = f"<< /XObject << /Im1 {image_id} 0 R >> /Font << /F1 {font} 0 R >> >>"
        else:
            content = add(_stream(_text_ops(entry)))
            resources = f"<< /Font << /F1 {font} 0 R >> >>"
        page_ids.append(
            add(
                (
                    f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 {PAGE_WIDTH} "
                    f"{PAGE_HEIGHT}] /Resources {resources} /Contents {content} 0 R >>"
                ).encode()
            )
        )
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objects[pages_obj - 1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()
    catalog_body = f"<< /Type /Catalog /Pages {pages_obj} 0 R"
    if outline:
        root = reserve()
        items = [reserve() for _ in outline]
        for n, ((name, number), item) in enumerate(zip(outline, items, strict=True)):
            links = f"/Parent {root} 0 R"
            if n > 0:
                links += f" /Prev {items[n - 1]} 0 R"
            if n + 1 < len(items):
                links += f" /Next {items[n + 1]} 0 R"
            objects[item - 1] = (
                f"<< /Title {_literal(name)} {links} "
                f"/Dest [{page_ids[number - 1]} 0 R /XYZ 0 {PAGE_HEIGHT} 0] >>"
            ).encode("latin-1")
        objects[root - 1] = (
            f"<< /Type /Outlines /First {items[0]} 0 R /Last {items[-1]} 0 R /Count {len(items)} >>"
        ).encode()
        catalog_body += f" /Outlines {root} 0 R /PageMode /UseOutlines"
    objects[catalog - 1] = (catalog_body + " >>").encode()
    info = add(f"<< /Title {_literal(title)} >>".encode("latin-1")) if title else None
    return _assemble(objects, catalog, info)


def encrypt_pdf(data: bytes, password: str) -> bytes:
    """The same PDF, encrypted (AES-256) with `password` as the password to open it."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _text_ops(text: str, top: int = TOP) -> bytes:
    ops = [f"BT /F1 {FONT_SIZE} Tf {LEADING} TL {LEFT} {top} Td".encode()]
    for n, line in enumerate(text.split("\n")):
        if n:
            ops.append(b"T*")
        ops.append(b"(" + _escape(line.encode("cp1252")) + b") Tj")
    ops.append(b"ET")
    return b"\n".join(ops) + b"\n"


def _escape(raw: bytes) -> bytes:
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _literal(text: str) -> str:
    return "(" + _escape(text.encode("cp1252")).decode("latin-1") + ")"


def _stream(content: bytes, extra: str = "") -> bytes:
    return f"<< /Length {len(content)}{extra} >>\nstream\n".encode() + content + b"\nendstream"


def _image_xobject(page: ImagePage) -> bytes:
    """A greyscale picture of the page at `dpi`, with its lines drawn in black on white."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = PAGE_WIDTH * page.dpi // 72, PAGE_HEIGHT * page.dpi // 72
    picture = Image.new("L", (width, height), 255)
    if page.lines:
        draw = ImageDraw.Draw(picture)
        size = max(12, page.dpi // 4)
        font = ImageFont.load_default(size=size)
        y = page.dpi
        for line in page.lines:
            draw.text((page.dpi, y), line, fill=0, font=font)
            y += int(size * 1.6)
    pixels = zlib.compress(picture.tobytes())
    header = (
        f" /Type /XObject /Subtype /Image /Width {width} /Height {height} "
        "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode"
    )
    return _stream(pixels, header)


def _assemble(objects: list[bytes], catalog: int, info: int | None) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    trailer = f"<< /Size {len(objects) + 1} /Root {catalog} 0 R"
    if info:
        trailer += f" /Info {info} 0 R"
    out += f"trailer\n{trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
