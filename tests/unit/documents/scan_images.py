"""Pages that are only pictures of text, drawn with Pillow, as a scanner would deliver them."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

WITNESS = "WITNESS STATEMENT of Jane Doe, 12 March 2024"
FIRST_PARAGRAPH = (
    "I was at the office of Smith & Partners on Monday morning.",
    "The door was open.",
)
SECOND_PARAGRAPH = ("Signed in the presence of Robert Brown.",)


@dataclass(frozen=True)
class Bitmap:
    """What `formats.pdf.render_page` gives: BGRA rows of `stride` bytes."""

    width: int
    height: int
    stride: int
    bgra: bytes
    scale: float = 2.0


def statement_page(width: int = 1224, height: int = 1584) -> Image.Image:
    """A Letter page at 144 dpi: a title, a paragraph of two lines, and a signature line."""
    page = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=34)
    draw.text((110, 140), WITNESS, fill="black", font=font)
    y = 260
    for line in FIRST_PARAGRAPH:
        draw.text((110, y), line, fill="black", font=font)
        y += 50
    draw.text((110, y + 120), SECOND_PARAGRAPH[0], fill="black", font=font)
    return page


def as_bitmap(image: Image.Image, padding: int = 0) -> Bitmap:
    """The image as BGRA bytes, each row padded by `padding` bytes as PDFium may do."""
    rgba = image.convert("RGBA")
    r, g, b, a = rgba.split()
    bgra = Image.merge("RGBA", (b, g, r, a)).tobytes()
    row = image.width * 4
    rows = [bgra[i : i + row] + b"\x7f" * padding for i in range(0, len(bgra), row)]
    return Bitmap(image.width, image.height, row + padding, b"".join(rows))
