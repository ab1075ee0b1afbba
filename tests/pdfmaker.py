"""Small real PDFs for tests: Chinese text layers (no font embedded) and image-only scans."""

from __future__ import annotations

import io

import numpy as np
from matplotlib.figure import Figure

LINE_CHARS = 38  # characters per printed line, so long paragraphs wrap as on paper


def _hex(text: str) -> str:
    return "<" + text.encode("utf-16-be").hex().upper() + ">"


def _content(lines: list[str]) -> bytes:
    ops = ["BT", "/F1 12 Tf", "16 TL", "56 780 Td"]
    for line in lines:
        ops += [f"{_hex(line)} Tj", "T*"]
    ops.append("ET")
    return "\n".join(ops).encode("ascii")


def wrap(paragraph: str, width: int = LINE_CHARS) -> list[str]:
    """Cut a paragraph into printed lines of width characters."""
    return [paragraph[i : i + width] for i in range(0, len(paragraph), width)] or [""]


def text_pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    """A PDF whose pages print the given lines with a standard CJK font (Adobe-GB1, UCS-2)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below, once the page tree's number is known
    font = add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
        b" /DescendantFonts [3 0 R] >>"
    )
    add(
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >>"
        b" /FontDescriptor 4 0 R /DW 1000 >>"
    )
    add(
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900]"
        b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>"
    )
    page_tree = len(objects) + 1 + 2 * len(pages)
    kids = []
    for lines in pages:
        stream = _content(lines)
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
                b" /Resources << /Font << /F1 %d 0 R >> >> >>" % (page_tree, content, font)
            )
        )
    refs = " ".join(f"{k} 0 R" for k in kids).encode()
    add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, len(kids)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % page_tree
    info = add(b"<< /Title " + _hex(title).encode() + b" >>") if title else None
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % o for o in offsets)
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    trailer += b" /Info %d 0 R >>" % info if info else b" >>"
    out.write(b"trailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def article_pdf(title: str, paragraphs: list[str], lines_per_page: int = 44) -> bytes:
    """A PDF printing a title and paragraphs, wrapped and spread over as many pages as needed."""
    lines = [title, ""]
    for p in paragraphs:
        lines += [*wrap(p), ""]
    pages = [lines[i : i + lines_per_page] for i in range(0, len(lines), lines_per_page)]
    return text_pdf(pages)


def scanned_pdf() -> bytes:
    """A PDF holding only a picture of a page, as a scanner makes it: no text layer."""
    figure = Figure(figsize=(2, 3))
    rng = np.random.default_rng(0)
    figure.figimage(rng.random((120, 80)), cmap="gray")
    out = io.BytesIO()
    figure.savefig(out, format="pdf")
    return out.getvalue()
