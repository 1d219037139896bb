"""The four tables of the 2019 national report format, whatever layout they arrive in.

The text of the tables is read as a stream of cells: a pipe row gives its cells (blank cells
included), any other line is one cell (scrapers often flatten HTML tables to one cell per line,
where blank cells vanish). A row label from the codebook is followed by exactly as many value
cells as the template has columns; a row where that does not hold is not read (a vanished blank
cell would shift every value after it) and the report is marked partial.
"""
from __future__ import annotations

from dataclasses import dataclass

from .cells import is_separated, split_separated, split_spaced
from ..codebook import label_key
from ..model import Document, TableResult, Value
from ..numbers import parse_cell

TEMPLATE = "format_2019"
# Words that open a table in the form (not indicator labels): 第二十条 heads each sub-table of
# section 二; the appeals table starts with its 行政复议 header cell.
ARTICLE20_MARKER = "第二十条"
APPEALS_MARKER = "行政复议"
_BLOCK_METHOD = {"html": "table_html", "spreadsheet": "table_spreadsheet", "docx": "table_docx"}


@dataclass
class Cell:
    text: str    # from norm, stripped
    start: int   # span of the stripped text in Document.text (start == end for a blank cell)
    end: int
    piped: bool  # from a pipe row (blank cells are real) or a line of its own
    line: int    # index of the source line
    spaced: bool = False  # from a row whose cells are separated by spaces (blanks cannot show)


def extract(doc: Document, codebook) -> TableResult | None:
    req = _rows(codebook, "requests")
    first_key = next(iter(req))
    if ARTICLE20_MARKER not in doc.view and first_key not in doc.view.replace(" ", ""):
        return None  # neither table of the format is in the text
    cells = _cells(doc)
    a20 = _rows(codebook, "article20")
    appeals = codebook.cells(TEMPLATE, "appeals")
    first_request_key = next(iter(req))

    values: list[Value] = []
    notes: list[str] = []
    state = None
    found_tables = set()
    i = 0
    while i < len(cells):
        c = cells[i]
        key = label_key(c.text)
        if ARTICLE20_MARKER in c.text:
            state = "article20"
        elif key == first_request_key:
            state = "requests"
        elif key.startswith(APPEALS_MARKER) and state == "requests":  # 行政复议 | 行政诉讼, or on one line
            found_tables.add("appeals")
            consumed = _read_appeals(doc, cells, i, appeals, values, notes)
            i += consumed
            state = None
            continue
        rows = a20 if state == "article20" else req if state == "requests" else None
        if rows is not None and key in rows:
            found_tables.add(state)
            i += _read_row(doc, cells, i, rows[key], values, notes)
            continue
        i += 1
    if not found_tables:
        return None
    for table in ("article20", "requests", "appeals"):
        if table not in found_tables:
            notes.append(f"2019 format: the {table} table was not found in the text")
    status = "partial" if notes else "parsed"
    return TableResult(template=TEMPLATE, values=values, status=status, notes=notes)


def _rows(codebook, table: str) -> dict[str, list[dict]]:
    """row label key -> its cells in column order."""
    rows: dict[str, list[dict]] = {}
    for c in codebook.cells(TEMPLATE, table):
        rows.setdefault(c["key"], []).append(c)
    return rows


def _read_row(doc, cells, i, row_cells, values, notes) -> int:
    label = cells[i]
    n = len(row_cells)
    window = cells[i + 1:i + 1 + n]
    ok = len(window) == n and all(_is_value(w) for w in window)
    if label.piped:
        ok = ok and all(w.line == label.line for w in window)
        # a pipe row must end where the template's columns end (a sheet's blank padding aside)
        rest = [c for c in cells[i + 1 + n:i + 2 + n + 16] if c.line == label.line]
        padding = doc.block_source(label.start) == "spreadsheet" and all(c.text == "" for c in rest)
        ok = ok and (not rest or padding or not _is_value(rest[0]))
    if not ok:
        notes.append(f"2019 format: row {row_cells[0]['row_label']} does not have its {n} value cells; not read")
        return 1
    ev_end = window[-1].end
    for cell, w in zip(row_cells, window):
        values.append(_value(doc, cell["indicator_id"], w, label.start, ev_end))
    return 1 + n


def _read_appeals(doc, cells, i, appeals, values, notes) -> int:
    """Header cells, then the 15 value cells of the reconsideration/litigation table."""
    j = i
    while j < len(cells) and (cells[j].line == cells[i].line or not _is_value(cells[j])):
        j += 1  # the header: the marker's own line and the words after it
    run = []
    while j < len(cells) and _is_value(cells[j]) and len(run) <= len(appeals):
        run.append(cells[j])
        j += 1
    if doc.block_source(cells[i].start) == "spreadsheet":
        while run and run[-1].text == "" and len(run) > len(appeals):
            run.pop()  # blank padding of the sheet's rectangle
    if len(run) != len(appeals):
        notes.append(f"2019 format: the appeals table has {len(run)} value cells where the template "
                     f"has {len(appeals)}; not read")
        return max(1, j - i)
    for cell, w in zip(appeals, run):
        values.append(_value(doc, cell["indicator_id"], w, run[0].start, run[-1].end))
    return j - i


def _value(doc, iid, w: Cell, ev_start, ev_end) -> Value:
    method = _BLOCK_METHOD.get(doc.block_source(w.start), "table_text_columns" if w.spaced
                               else "table_pipe_rows" if w.piped else "table_cell_lines")
    if not w.text:
        return Value(iid, None, "blank", "exact", method, w.start, w.end, ev_start, ev_end)
    num = parse_cell(w.text)
    return Value(iid, num.value, "printed", num.qualifier, method, w.start + num.start,
                 w.start + num.end, ev_start, ev_end, unit=num.unit)


def _is_value(c: Cell) -> bool:
    return (c.piped and c.text == "") or parse_cell(c.text) is not None


def _cells(doc: Document) -> list[Cell]:
    out: list[Cell] = []
    pos = 0
    for n, raw in enumerate(doc.view.split("\n")):
        line = raw.rstrip("\r")
        if line.strip():
            if is_separated(line):  # | or tab rows keep their blank cells
                pieces = [t for t, _, _ in split_separated(line)]
                if pieces and not pieces[-1].strip():
                    pieces = pieces[:-1]  # the closing pipe
                p = pos
                for piece in pieces:
                    lead = len(piece) - len(piece.lstrip())
                    s = p + lead
                    out.append(Cell(piece.strip(), s, s + len(piece.strip()), True, n))
                    p += len(piece) + 1
            elif " " in line.strip() and (row := _spaced_row(line, pos, n)) is not None:
                out += row
            else:
                lead = len(line) - len(line.lstrip())
                out.append(Cell(line.strip(), pos + lead, pos + lead + len(line.strip()), False, n))
        pos += len(raw) + 1
    return out


def _spaced_row(line: str, pos: int, n: int) -> list[Cell] | None:
    """`label 5 0 0 0 3 0 8`: a label (or a first number) followed by at least two numbers,
    separated by spaces. A blank cell cannot show in this layout, so such a row only fits the
    template when every cell is printed; otherwise its cell count is wrong and it is not read."""
    parts = split_spaced(line, lambda w: parse_cell(w) is not None, min_cells=2)
    if parts is None:
        return None
    return [Cell(t, pos + a, pos + b, True, n, True) for t, a, b in parts]
