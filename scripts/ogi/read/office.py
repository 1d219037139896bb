"""Word (.docx) and spreadsheets (.xls, .xlsx) to text: each table row as one line of cells,
merged cells written once, recorded as a TableBlock."""
from __future__ import annotations

import io
import struct
import zipfile
import zlib

from ..model import TableBlock
from .builder import TextBuilder


def docx_to_text(data: bytes) -> tuple[str, list[TableBlock]]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    d = docx.Document(io.BytesIO(data))
    out = TextBuilder()
    for child in d.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.add(Paragraph(child, d).text)
            out.add("\n")
        elif tag == "tbl":
            start = out.length
            above: list = []
            for row in Table(child, d).rows:
                cells, seen, tcs = [], set(), [c._tc for c in row.cells]
                for j, tc in enumerate(tcs):
                    # python-docx repeats a merged cell in every grid place it covers: written once
                    # across a row; below its first row an empty cell keeps the columns, as HTML
                    # and spreadsheets are rendered (a value spanning rows is not each row's value)
                    if id(tc) in seen:
                        continue
                    seen.add(id(tc))
                    cells.append("" if j < len(above) and above[j] is tc else " ".join(_tc_text(tc, d).split()))
                above = tcs
                if any(cells):
                    out.add(" | ".join(cells) + " |\n")
            out.blocks.append(TableBlock(start, out.length, "docx"))
    return "".join(out.parts), out.blocks


def _tc_text(tc, d) -> str:
    from docx.table import _Cell

    return _Cell(tc, d).text


def spreadsheet_to_text(data: bytes) -> tuple[str, list[TableBlock]]:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    out = TextBuilder()
    for name in wb.sheet_names:
        sheet = wb.get_sheet_by_name(name)
        rows = sheet.to_python(skip_empty_area=False)
        width = max((max((i for i, c in enumerate(r) if _cell(c)), default=-1) for r in rows), default=-1) + 1
        covered = _merged_across(sheet)
        start = out.length
        for i, r in enumerate(rows):
            cells = [_cell(c) for c in list(r)[:width]] + [""] * (width - len(r))
            cells = [c for j, c in enumerate(cells) if (i, j) not in covered]
            if any(cells):
                out.add(" | ".join(cells) + " |\n")
        if out.length > start:
            out.blocks.append(TableBlock(start, out.length, "spreadsheet"))
    return "".join(out.parts), out.blocks


def _merged_across(sheet) -> set[tuple[int, int]]:
    """Cells a merged cell covers to its right: dropped, so a merged cell is written once, as in
    HTML and Word tables (where it spans rows, the empty cells below it keep the columns)."""
    try:
        ranges = sheet.merged_cell_ranges or []
    except Exception:  # a format whose merges the reader does not expose
        return set()
    return {(r, c) for (r0, c0), (r1, c1) in ranges for r in range(r0, r1 + 1) for c in range(c0 + 1, c1 + 1)}


def _cell(c) -> str:
    if c is None:
        return ""
    if isinstance(c, float):
        return str(int(c)) if c.is_integer() else repr(c)
    return " ".join(str(c).split())


def zip_bomb(data: bytes, zf: zipfile.ZipFile) -> str:
    """Why the members of a .docx/.xlsx must not be unpacked (a zip bomb), or "". The headers'
    sizes are checked first; as headers can lie, every member is then inflated once in pieces
    that are counted and thrown away, stopping as soon as a limit is passed: nothing is unpacked
    into memory. Office files store their members deflated or stored, the only methods measured;
    the readers refuse the others."""
    from ..settings import ZIP_MAX_BYTES, ZIP_MAX_RATIO, ZIP_RATIO_MIN_BYTES

    mb = ZIP_MAX_BYTES >> 20
    infos = zf.infolist()
    declared = sum(i.file_size for i in infos)
    if declared > ZIP_MAX_BYTES:
        return (f"a zip bomb or no report: its {len(infos)} member(s) say they unpack to "
                f"{declared / 2**20:,.0f} MB, more than the {mb} MB allowed (settings.ZIP_MAX_BYTES); set aside "
                "unread. If it is a real report, open it and save it again (or as PDF)")
    total = 0
    for info in infos:
        limit = max(ZIP_RATIO_MIN_BYTES, ZIP_MAX_RATIO * info.compress_size)
        size = _inflated_size(data, info, min(limit, ZIP_MAX_BYTES - total) + 1)
        total += size
        if size > limit:
            return (f"a zip bomb: member {info.filename[:60]!r} unpacks to more than {ZIP_MAX_RATIO} times its "
                    f"packed size of {info.compress_size:,} bytes (settings.ZIP_MAX_RATIO); set aside unread. "
                    "If it is a real report, open it and save it again (or as PDF)")
        if total > ZIP_MAX_BYTES:
            return (f"a zip bomb: its members unpack to more than {mb} MB (settings.ZIP_MAX_BYTES), more than "
                    "their headers say; set aside unread")
    return ""


def _inflated_size(data: bytes, info: zipfile.ZipInfo, limit: int) -> int:
    """Bytes the member inflates to, counted up to `limit` (past it, the count stops there)."""
    if info.compress_type == zipfile.ZIP_STORED or info.flag_bits & 0x1:  # stored, or encrypted: unreadable
        return info.compress_size
    if info.compress_type != zipfile.ZIP_DEFLATED:
        return info.file_size
    head = data[info.header_offset:info.header_offset + 30]
    if len(head) < 30 or head[:4] != b"PK\x03\x04":
        return 0  # a damaged member: the reader will say so
    name_len, extra_len = struct.unpack("<HH", head[26:30])
    start = info.header_offset + 30 + name_len + extra_len
    packed = memoryview(data)[start:start + info.compress_size]
    inflater = zlib.decompressobj(-15)
    size, pos, step = 0, 0, 1 << 16
    try:
        while size < limit and not inflater.eof:
            chunk = inflater.unconsumed_tail or packed[pos:pos + step]
            if not inflater.unconsumed_tail:
                pos += step
            if not chunk:
                break
            size += len(inflater.decompress(chunk, 1 << 20))
    except zlib.error:
        pass  # damaged data: the reader will say so
    return size
