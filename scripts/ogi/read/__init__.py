"""Read a report file into a Document: bytes -> format -> decoded text -> normalised text.

Plain text is decoded as it is; HTML, Word, spreadsheets and PDFs are rendered to text, each
table row as one line of cells (`a | b | c |`, merged cells written once, blank cells kept as
empty strings) recorded as a TableBlock so table readers know the rows came from markup. Offsets
index this text (`ogi text FILE` prints it). A file that cannot be read becomes a Document with
read_status "rejected" and a note saying what the user can do; read_file never raises for a bad
file.
"""
from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

from ..model import Document
from .decode import decode, normalise, simplify
from .html import html_to_text
from .office import docx_to_text, spreadsheet_to_text
from .pdf import pdf_to_text

TEXT_SUFFIXES = {".txt", ".text", ".csv", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".jsp", ".asp", ".aspx", ".php"}
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG", b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*", b"RIFF")
_ARCHIVE_MAGIC = (b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")
_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<meta|<div|<table|<p[\s>])", re.I)


def read_file(path: Path, raw_root: Path) -> Document:
    path = Path(path)
    try:
        rel = path.relative_to(raw_root).as_posix()
    except ValueError:
        rel = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:  # permissions, a file removed meanwhile, a device
        base = dict(path=rel, sha256=hashlib.sha256(b"").hexdigest(), bytes=0)
        return _rejected(base, "unknown", f"cannot be read ({type(exc).__name__}: {exc.strerror or exc}); "
                                          "check the file's permissions")
    base = dict(path=rel, sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))
    try:
        return _read(data, path.suffix.lower(), base)
    except Exception as exc:  # a damaged file of a known format
        return _rejected(base, "unknown", f"could not be read ({type(exc).__name__}: {exc}); "
                                          "check that the download is complete")


def _read(data: bytes, suffix: str, base: dict) -> Document:
    if not data.strip():
        return _rejected(base, "empty", "empty file: nothing to read (re-download it)")
    if data.startswith(b"%PDF"):
        return _read_pdf(data, base)
    if data.startswith(b"PK\x03\x04"):
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        if "word/document.xml" in names:
            return _read_docx(data, base)
        if any(n.startswith("xl/") for n in names):
            return _read_spreadsheet(data, base, "xlsx")
        return _rejected(base, "archive", "a zip archive, not a report: unpack it into the raw folder")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        if suffix in (".xls", ".et"):
            return _read_spreadsheet(data, base, "xls")
        return _rejected(base, "doc", "an old binary Word (.doc) or other OLE file: convert it to .docx "
                                      "or PDF (e.g. libreoffice --headless --convert-to docx) and rerun")
    if data.startswith(_IMAGE_MAGIC):
        return _rejected(base, "image", "an image: the numbers are not in a text layer; OCR it "
                                        "(e.g. with tesseract) to text and rerun")
    if data.startswith(_ARCHIVE_MAGIC):
        return _rejected(base, "archive", "a compressed archive, not a report: unpack it and rerun")
    text, encoding, note = decode(data)
    if text is None:
        return _rejected(base, "binary", "binary data that is no known document format or text encoding")
    if suffix in HTML_SUFFIXES or _HTML_START.match(text[:2000]):
        rendered, blocks = html_to_text(text)
        return _document(base, "html", rendered, encoding, blocks, note)
    return _document(base, "txt", text, encoding, [], note)


def _document(base, fmt, text, encoding, blocks, note="") -> Document:
    text = text.lstrip("\ufeff")
    norm, script = simplify(normalise(text))
    status = "partial" if note else "parsed"
    return Document(**base, format=fmt, text=text, norm=norm, encoding=encoding, script=script,
                    table_blocks=blocks, read_status=status, read_note=note)


def _rejected(base, fmt, note) -> Document:
    return Document(**base, format=fmt, text="", read_status="rejected", read_note=f"{fmt}: {note}")


def _read_pdf(data: bytes, base: dict) -> Document:
    text = pdf_to_text(data)
    if len(re.sub(r"\s", "", text)) < 20:
        return _rejected(base, "pdf", "a PDF without a text layer (a scan): OCR it (e.g. ocrmypdf) "
                                      "and rerun")
    return _document(base, "pdf", text, None, [])


def _read_docx(data: bytes, base: dict) -> Document:
    text, blocks = docx_to_text(data)
    return _document(base, "docx", text, None, blocks)


def _read_spreadsheet(data: bytes, base: dict, fmt: str) -> Document:
    text, blocks = spreadsheet_to_text(data)
    return _document(base, fmt, text, None, blocks)
