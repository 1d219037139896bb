"""Read a report file into a Document: bytes -> format -> decoded text -> normalised text.

Plain text is decoded as it is; HTML, Word, spreadsheets and PDFs are rendered to text, each
table row as one line of cells (`a | b | c |`, merged cells written once, blank cells kept as
empty strings) recorded as a TableBlock so table readers know the rows came from markup. Offsets
index this text (`ogi text FILE` prints it). A file that cannot be read becomes a Document with
read_status "rejected" and a note saying what the user can do; read_file never raises for a bad
file.
"""
from __future__ import annotations

import functools
import hashlib
import io
import re
import zipfile
from pathlib import Path

from .model import Document, TableBlock
from .normalise import normalise

TEXT_SUFFIXES = {".txt", ".text", ".csv", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".jsp", ".asp", ".aspx", ".php"}
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG", b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*", b"RIFF")
_ARCHIVE_MAGIC = (b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")
_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<meta|<div|<table|<p[\s>])", re.I)


def read_file(path: Path, raw_root: Path) -> Document:
    path = Path(path)
    data = path.read_bytes()
    try:
        rel = path.relative_to(raw_root).as_posix()
    except ValueError:
        rel = path.name
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


def decode(data: bytes) -> tuple[str | None, str | None, str]:
    """Text of the bytes, the encoding, and a note when the text is incomplete."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode_lenient(data[3:], "utf-8", "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_lenient(data, "utf-16", "utf-16")
    if b"\x00" in data[:4096]:
        return None, None, ""
    try:
        return data.decode("utf-8"), "utf-8", ""
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and data[:exc.start].decode("utf-8", "strict"):
            return (data.decode("utf-8", "replace"), "utf-8",
                    "the file ends in the middle of a character (truncated download?)")
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "gbk", "big5", "utf_8", "utf_16"]).best() \
        or from_bytes(data).best()
    if best is None:
        return None, None, ""
    encoding = best.encoding
    if encoding in ("gbk", "gb2312"):
        encoding = "gb18030"  # a superset: decodes every GBK file the same way
    return _decode_lenient(data, encoding, encoding)


def _decode_lenient(data: bytes, codec: str, name: str) -> tuple[str, str, str]:
    try:
        return data.decode(codec), name, ""
    except UnicodeDecodeError:
        text = data.decode(codec, "replace")
        return text, name, f"{text.count(chr(0xFFFD))} undecodable byte sequence(s) in {name} replaced"


def _document(base, fmt, text, encoding, blocks, note="") -> Document:
    text = text.lstrip("\ufeff")
    norm, script = simplify(normalise(text))
    status = "partial" if note else "parsed"
    return Document(**base, format=fmt, text=text, norm=norm, encoding=encoding, script=script,
                    table_blocks=blocks, read_status=status, read_note=note)


def _rejected(base, fmt, note) -> Document:
    return Document(**base, format=fmt, text="", read_status="rejected", read_note=f"{fmt}: {note}")


# --- traditional characters ------------------------------------------------------------------

def simplify(text: str) -> tuple[str, str]:
    """Simplified characters with the same length (mirror sites copy reports in traditional)."""
    sample = text[:6000]
    changed = len(_traditional_re().findall(sample))
    if changed < 3 or changed < len(_HAN.findall(sample)) // 100:
        return text, "simplified"  # a few such characters occur in simplified text (乾隆)
    conv = _t2s()
    out = conv.convert(text)
    if len(out) != len(text):  # a phrase conversion changed the length: go character by character
        out = "".join(conv.convert(ch) if len(conv.convert(ch)) == 1 else ch for ch in text)
    return out, "traditional"


_HAN = re.compile(r"[\u4e00-\u9fff]")
_CONVERTER = None


def _t2s():
    global _CONVERTER
    if _CONVERTER is None:
        import opencc

        _CONVERTER = opencc.OpenCC("t2s")
    return _CONVERTER


@functools.lru_cache(maxsize=1)
def _traditional_re() -> re.Pattern:
    """The characters OpenCC changes when it converts them one by one: deciding whether a text is
    traditional is then one regex scan instead of a conversion of every text."""
    chars = [chr(cp) for cp in range(0x4E00, 0xA000)]
    out = _t2s().convert("\n".join(chars)).split("\n")
    trad = "".join(a for a, b in zip(chars, out) if a != b and len(b) == 1)
    return re.compile("[" + re.escape(trad) + "]")


# --- HTML ------------------------------------------------------------------------------------

_DROP_TAGS = {"script", "style", "noscript", "nav", "header", "footer", "iframe", "form", "button",
              "select", "svg", "head", "template"}
_FURNITURE = re.compile(r"(^|[\s_-])(nav|navbar|menu|footer|foot|header|head|breadcrumb|crumb|share|"
                        r"sidebar|side|toolbar|banner|copyright|links?)([\s_-]|$)", re.I)
_BLOCK_TAGS = {"td", "th", "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section",
               "article", "tr", "dd", "dt", "blockquote", "pre", "center", "hr", "main", "body"}


def html_to_text(html: str) -> tuple[str, list[TableBlock]]:
    import lxml.html

    root = lxml.html.fromstring(html)
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue  # a comment or processing instruction
        attrs = " ".join(filter(None, (el.get("id"), el.get("class"), el.get("role"))))
        if el.tag in _DROP_TAGS or (attrs and _FURNITURE.search(attrs) and el.tag not in ("body", "html")) \
                or (el.tag in _LINK_LIST_TAGS and _is_link_list(el)):
            if el.getparent() is not None:
                el.drop_tree()
    out = _TextBuilder()
    _walk(root, out)
    return out.text(), out.blocks


class _TextBuilder:
    def __init__(self):
        self.parts: list[str] = []
        self.length = 0
        self.blocks: list[TableBlock] = []

    def add(self, s: str) -> None:
        if s:
            self.parts.append(s)
            self.length += len(s)

    def newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.add("\n")

    def text(self) -> str:
        text = "".join(self.parts)
        return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n" if text.strip() else ""


# Menus and lists of links to other pages (a sidebar of other years' reports would otherwise
# give the wrong title); links to documents (附件: 统计表.xls) are content and are kept.
_LINK_LIST_TAGS = {"ul", "ol", "dl", "div", "tr", "td", "p", "li", "span", "table", "section", "aside"}
_DOCUMENT_LINK = re.compile(r"\.(xlsx?|docx?|pdf|wps|et|zip|rar|jpe?g|png)\b", re.I)


def _is_link_list(el) -> bool:
    links = [a for a in el.iter("a") if not _DOCUMENT_LINK.search((a.get("href") or "") + a.text_content())]
    if len(links) < 2:
        return False
    text = len("".join(el.text_content().split()))
    linked = sum(len("".join(a.text_content().split())) for a in links)
    return text > 0 and linked >= 0.8 * text


def _is_layout_table(el) -> bool:
    """A table used to lay out the page (nested tables, or most of its text in cells holding
    paragraphs of prose and hardly a number cell), not a table of data (a long note row under
    the numbers is no reason): its cells are read as blocks of text."""
    from .numbers import parse_cell

    if any(t is not el for t in el.iter("table")):
        return True
    texts = ["".join(td.text_content().split()) for td in el.iter("td", "th")]
    sizes = [len(t) for t in texts]
    numbers = sum(1 for t in texts if t and parse_cell(t) is not None)
    return numbers < 3 and sum(n for n in sizes if n > 150) > 0.5 * sum(sizes)


def _walk(el, out: _TextBuilder) -> None:
    if not isinstance(el.tag, str):
        out.add(_inline(el.tail))
        return
    if el.tag == "table" and _is_layout_table(el):
        out.newline()
        for child in el:
            _walk(child, out)
        out.newline()
        out.add(_inline(el.tail))
        return
    if el.tag == "table":
        out.newline()
        start = out.length
        for tr in el.iter("tr"):
            cells = [" ".join(td.text_content().split()) for td in tr if isinstance(td.tag, str)
                     and td.tag in ("td", "th")]
            if any(cells):
                out.add(" | ".join(cells) + " |\n")
        if out.length > start:
            out.blocks.append(TableBlock(start, out.length, "html"))
        out.add(_inline(el.tail))
        return
    block = el.tag in _BLOCK_TAGS
    if block:
        out.newline()
    out.add(_inline(el.text))
    for child in el:
        _walk(child, out)
    if block:
        out.newline()
    out.add(_inline(el.tail))


def _inline(s: str | None) -> str:
    return re.sub(r"\s+", " ", s) if s and s.strip() else ""


# --- Word, spreadsheets, PDF ---------------------------------------------------------------

def _read_docx(data: bytes, base: dict) -> Document:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    d = docx.Document(io.BytesIO(data))
    out = _TextBuilder()
    for child in d.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.add(Paragraph(child, d).text)
            out.add("\n")
        elif tag == "tbl":
            start = out.length
            for row in Table(child, d).rows:
                cells, seen = [], set()
                for cell in row.cells:  # python-docx repeats a merged cell: write it once
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append(" ".join(cell.text.split()))
                if any(cells):
                    out.add(" | ".join(cells) + " |\n")
            out.blocks.append(TableBlock(start, out.length, "docx"))
    return _document(base, "docx", "".join(out.parts), None, out.blocks)


def _read_spreadsheet(data: bytes, base: dict, fmt: str) -> Document:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    out = _TextBuilder()
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        width = max((max((i for i, c in enumerate(r) if _cell(c)), default=-1) for r in rows), default=-1) + 1
        start = out.length
        for r in rows:
            cells = [_cell(c) for c in list(r)[:width]] + [""] * (width - len(r))
            if any(cells):
                out.add(" | ".join(cells) + " |\n")
        if out.length > start:
            out.blocks.append(TableBlock(start, out.length, "spreadsheet"))
    return _document(base, fmt, "".join(out.parts), None, out.blocks)


def _cell(c) -> str:
    if c is None:
        return ""
    if isinstance(c, float):
        return str(int(c)) if c.is_integer() else repr(c)
    return " ".join(str(c).split())


_SENTENCE_END_CHARS = "。；;！？!?:："
_HEADING = re.compile(r"^\s*(第[一二三四五六七八九十百]+|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|[0-9]+[.、．])")


def unwrap_lines(text: str) -> str:
    """A PDF's text layer breaks every line of a paragraph where the page is full: join those
    breaks, so that a sentence (共收到申请 / 27件) reads as one. A break is kept after a short
    line (a heading, a table cell), after the end of a sentence, after a line with gaps between
    words (a table row), after a title, and before a heading or a number on its own."""
    lines = text.split("\n")
    lengths = sorted(len(ln.strip()) for ln in lines if len(ln.strip()) >= 10)
    if len(lengths) < 3:
        return text
    full = lengths[int(0.9 * (len(lengths) - 1))]  # the length of a full line of prose
    if full < 25:
        return text  # no paragraphs of prose to unwrap (a table, a form)
    out = []
    for i, line in enumerate(lines):
        out.append(line)
        if i == len(lines) - 1:
            break
        s, nxt = line.strip(), lines[i + 1].strip()
        soft = (s and nxt and len(s) >= 0.85 * full and s[-1] not in _SENTENCE_END_CHARS
                and not re.fullmatch(r"[0-9.,+\-]+", nxt)  # a table cell of its own
                and not re.search(r"\S\s+\S.*\S\s+\S", s) and not _HEADING.match(nxt)
                and "年度报告" not in s and "年报" not in s)
        out.append("" if soft else "\n")
    return "".join(out)


def _read_pdf(data: bytes, base: dict) -> Document:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = unwrap_lines("\n".join((p.extract_text() or "") for p in reader.pages))
    if len(re.sub(r"\s", "", text)) < 20:
        return _rejected(base, "pdf", "a PDF without a text layer (a scan): OCR it (e.g. ocrmypdf) "
                                      "and rerun")
    return _document(base, "pdf", text, None, [])
