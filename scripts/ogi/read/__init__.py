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
from ..settings import READ_FILE_MAX_BYTES
from .decode import decode, normalise, simplify
from .html import html_to_text
from .office import docx_to_text, spreadsheet_to_text, zip_bomb
from .pdf import PasswordNeeded, pdf_to_text

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
        size = path.stat().st_size
        if size > READ_FILE_MAX_BYTES:
            return _too_large(path, rel, size)
        data = path.read_bytes()
    except OSError as exc:  # permissions, a file removed meanwhile, a device
        base = dict(path=rel, sha256=hashlib.sha256(b"").hexdigest(), bytes=0)
        return _rejected(base, "unknown", f"cannot be read ({type(exc).__name__}: {exc.strerror or exc}); "
                                          "check the file's permissions")
    base = dict(path=rel, sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))
    try:
        return _read(data, path.suffix.lower(), base)
    except Exception as exc:  # a damaged file of a known format
        return _rejected(base, _format_of(data, path.suffix.lower()),
                         f"could not be read ({type(exc).__name__}: {str(exc)[:200]}); check that the download "
                         "is complete and that the file opens in its own program; if it does, please report it "
                         "with the file")


def _too_large(path: Path, rel: str, size: int) -> Document:
    """A file larger than any report: hashed in pieces, never read into memory."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    base = dict(path=rel, sha256=digest.hexdigest(), bytes=size)
    return _rejected(base, "unknown", f"{size / 2**20:,.0f} MB, larger than any report "
                                      f"({READ_FILE_MAX_BYTES >> 20} MB, settings.READ_FILE_MAX_BYTES): set aside "
                                      "unread; if it holds reports, split it into one file per report")


def _format_of(data: bytes, suffix: str) -> str:
    if _is_pdf(data):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return {".docx": "docx", ".xlsx": "xlsx"}.get(suffix, "zip")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls" if suffix in (".xls", ".et") else "doc"
    return "unknown"


def _is_pdf(data: bytes) -> bool:
    """A PDF's header may follow some bytes of junk (the format allows 1024); it ends in %%EOF."""
    return data.find(b"%PDF-", 0, 1024) >= 0 and b"%%EOF" in data[-2048:]


def _read(data: bytes, suffix: str, base: dict) -> Document:
    if not data.strip():
        return _rejected(base, "empty", "empty file: nothing to read (re-download it)")
    if data.startswith(b"%PDF") or (not data.startswith(b"<") and _is_pdf(data)):
        return _read_pdf(data, base)
    if data.startswith(b"PK\x03\x04"):
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = zf.namelist()
        fmt = "docx" if "word/document.xml" in names else "xlsx" if any(n.startswith("xl/") for n in names) else ""
        if not fmt:
            return _rejected(base, "archive", "a zip archive, not a report: unpack it into the raw folder")
        bomb = zip_bomb(data, zf)
        if bomb:
            return _rejected(base, fmt, bomb)
        if fmt == "docx":
            return _read_docx(data, base)
        return _read_spreadsheet(data, base, "xlsx")
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
    text, encoding, note, complete = decode(data)
    if text is None:
        return _rejected(base, "binary", "binary data that is no known document format or text encoding")
    if suffix in HTML_SUFFIXES or _HTML_START.match(text[:2000]):
        rendered, blocks = html_to_text(text)
        return _document(base, "html", rendered, encoding, blocks, note, complete)
    return _document(base, "txt", text, encoding, [], note, complete)


def _document(base, fmt, text, encoding, blocks, note="", complete=None) -> Document:
    """complete: whether all the text was read (a note can say something else: mixed encodings)."""
    text = text.lstrip("\ufeff")
    norm, script = simplify(normalise(text))
    incomplete = bool(note) if complete is None else not complete
    status = "partial" if incomplete else "parsed"
    return Document(**base, format=fmt, text=text, norm=norm, encoding=encoding, script=script,
                    table_blocks=blocks, read_status=status, read_note=note)


def _rejected(base, fmt, note) -> Document:
    return Document(**base, format=fmt, text="", read_status="rejected", read_note=f"{fmt}: {note}")


def _read_pdf(data: bytes, base: dict) -> Document:
    from pypdf.errors import DependencyError, LimitReachedError

    try:
        text, note = pdf_to_text(data)
    except PasswordNeeded:
        return _rejected(base, "pdf", "encrypted with a password needed to open it: open it with the password "
                                      "and save an unencrypted copy (e.g. qpdf --decrypt --password=PASSWORD "
                                      "in.pdf out.pdf), then rerun")
    except DependencyError as exc:
        return _rejected(base, "pdf", f"encrypted, and the library to decrypt it is missing ({exc}): install "
                                      "the pinned environment (pip install --no-deps -r requirements.lock) and rerun")
    except LimitReachedError as exc:
        return _rejected(base, "pdf", f"beyond the PDF reader's safety limits ({str(exc)[:120]}): a damaged or "
                                      "hostile file; if it opens in a PDF viewer, print it to a new PDF and rerun")
    if len(re.sub(r"\s", "", text)) < 20:
        return _rejected(base, "pdf", "a PDF without a text layer (a scan): OCR it (e.g. ocrmypdf) "
                                      "and rerun")
    return _document(base, "pdf", text, None, [], note)


def _read_docx(data: bytes, base: dict) -> Document:
    text, blocks = docx_to_text(data)
    return _document(base, "docx", text, None, blocks)


def _read_spreadsheet(data: bytes, base: dict, fmt: str) -> Document:
    text, blocks = spreadsheet_to_text(data)
    return _document(base, fmt, text, None, blocks)
