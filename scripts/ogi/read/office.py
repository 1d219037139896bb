"""Word (.docx) and spreadsheets (.xls, .xlsx) to text: each table row as one line of cells,
merged cells written once, recorded as a TableBlock."""
from __future__ import annotations

import io

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
