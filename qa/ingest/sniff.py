"""What a file really is, from its first bytes, whatever its name says."""

from __future__ import annotations

import io
import zipfile

__all__ = ["KIND_NAMES", "decode_text", "sniff"]

KIND_NAMES = {
    "pdf": "a PDF",
    "docx": "a Word .docx file",
    "doc": "an old Word .doc file",
    "zip": "a ZIP archive",
    "image": "an image",
    "html": "an HTML page",
    "text": "plain text",
    "binary": "binary data",
    "empty": "empty",
}
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"BM")
_HTML_MARKS = ("<!doctype html", "<html", "<head", "<body", "<article", "<div", "<p>", "<meta")


def sniff(data: bytes) -> str:
    """Return the kind of content: one of KIND_NAMES' keys."""
    head = data[:8]
    if not data.strip():
        return "empty"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if _is_docx(data) else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if head.startswith(_IMAGES):
        return "image"
    text = decode_text(data)
    if text is None:
        return "binary"
    start = text[:4096].lower()
    return "html" if any(mark in start for mark in _HTML_MARKS) else "text"


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def decode_text(data: bytes) -> str | None:
    """Decode UTF-8 (with or without BOM), else GB18030; None for binary data."""
    if b"\x00" in data[:65536]:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for c in text[:65536] if c < " " and c not in "\n\r\t\f")
        if controls > len(text[:65536]) // 100:
            return None
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return None
