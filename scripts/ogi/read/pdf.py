"""PDF text layers to text."""
from __future__ import annotations

import io
import re

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


class PasswordNeeded(Exception):
    """The PDF is encrypted with a password needed to open it (not only to edit it)."""


def pdf_to_text(data: bytes) -> tuple[str, str]:
    """The text layer, page by page, with the lines the page broke inside a sentence joined; and a
    note when not every page was read. An encrypted PDF that opens without a password (one with
    an owner password only, which restricts printing or editing) is decrypted; one that needs a
    password raises PasswordNeeded."""
    from pypdf import PdfReader, PasswordType

    from ..settings import PDF_MAX_PAGES

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise PasswordNeeded()
    pages = reader.pages
    n = len(pages)
    read = min(n, PDF_MAX_PAGES)
    text = unwrap_lines("\n".join((pages[i].extract_text() or "") for i in range(read)))
    note = (f"only the first {read} of {n} pages read (settings.PDF_MAX_PAGES): a compilation of "
            "reports? split it into one file per report and rerun") if read < n else ""
    return text, note
