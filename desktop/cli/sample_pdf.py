"""The self-test's document: a two-page PDF written by hand, one page of text, one scanned page.

The scan is a greyscale picture of printed lines (drawn with Pillow, which the bundle carries
for RapidOCR), embedded as the page's only content, so the page has no text layer and only OCR
can read it. Everything is made in memory: no file is written. The PDF's structure is the
smallest a reader accepts: catalog, page tree, pages, a font, the picture, a cross-reference
table.
"""

from __future__ import annotations

import zlib

PAGE_WIDTH, PAGE_HEIGHT = 612, 792  # US Letter, in points
SCAN_DPI = 100

TEXT_PAGE = (
    "Lease of the warehouse at 12 Harbour Road.",
    "The lease runs for ten years from 1 May 2024.",
    "The rent is reviewed every fifth year.",
)
SCANNED_PAGE = (
    "Insurance.",
    "The tenant must insure the building",
    "against fire and flood.",
)
# Words of the scanned page only: a question with them is answered from page 2, read by OCR.
QUESTION = "Who must insure the building against fire?"
SCANNED_WORDS = ("insure", "fire")


def sample_pdf() -> bytes:
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    text = "\n".join(
        [
            "BT /F1 14 Tf 20 TL 72 700 Td",
            *(f"({line}) Tj T*" for line in TEXT_PAGE),
            "ET",
        ]
    ).encode("ascii")
    draw = f"q {PAGE_WIDTH} 0 0 {PAGE_HEIGHT} 0 0 cm /Im1 Do Q".encode()
    box = f"/MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}]"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>",
        f"<< /Type /Page /Parent 2 0 R {box} /Resources << /Font << /F1 4 0 R >> >> "
        "/Contents 5 0 R >>".encode(),
        font,
        _stream(text),
        f"<< /Type /Page /Parent 2 0 R {box} /Resources << /XObject << /Im1 7 0 R >> >> "
        "/Contents 8 0 R >>".encode(),
        _scan(),
        _stream(draw),
    ]
    return _assemble(objects)


def _scan() -> bytes:
    """The scanned page: black lines of print on white, as an image XObject."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = PAGE_WIDTH * SCAN_DPI // 72, PAGE_HEIGHT * SCAN_DPI // 72
    picture = Image.new("L", (width, height), 255)
    pen = ImageDraw.Draw(picture)
    size = SCAN_DPI // 4  # 18-point print
    font = ImageFont.load_default(size=size)
    for n, line in enumerate(SCANNED_PAGE):
        pen.text((SCAN_DPI, SCAN_DPI + n * int(size * 1.6)), line, fill=0, font=font)
    header = (
        f" /Type /XObject /Subtype /Image /Width {width} /Height {height} "
        "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode"
    )
    return _stream(zlib.compress(picture.tobytes()), header)


def _stream(content: bytes, extra: str = "") -> bytes:
    return f"<< /Length {len(content)}{extra} >>\nstream\n".encode() + content + b"\nendstream"


def _assemble(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R >>"
    out += f"trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
