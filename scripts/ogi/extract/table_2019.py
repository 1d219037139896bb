"""The four tables of the 2019 national report format, whatever layout they arrive in.

The text is read into a grid of rows (ogi.extract.grid), then aligned to the template: a row
label from the codebook (notes in brackets, numbering and a group label before it ignored, a label
broken over lines joined) is followed by exactly as many value cells as the template has columns.
Where the layout shows blank cells, blank padding after the last column is allowed when it cannot
move a value to another column. A row that does not fit is not read, with a note, and the result is
partial: a vanished blank cell, a cell that is not a number of its column, a sub-row (行政检查 under
其他对外管理服务事项), cells run together (行政许可120534), a row printed twice with different cells.
Nothing is ever guessed.

A row the text ends inside (a page excerpt cut short: `行政强制 | 5 | 3`) gives the cells that are
closed by a separator, from its first column on, where the layout shows blank cells and the other
rows of its table show where its columns start; the last cell, not closed, may have lost digits
(`3` of `31`) and is not read, unless it is a 0 that counts (no digit follows a 0). The note names
the columns not read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..codebook import label_key, table_words
from ..model import Document, TableResult, Value
from ..settings import TABLE_LABEL_PIECES_MAX
from .cells import read_cell, value_units, whole_at_end
from .grid import GCell, GRow, read_grid

TEMPLATE = "format_2019"
# Words that open a table in the form (not indicator labels): 第二十条 heads each sub-table of
# section 二; the appeals table starts with its 行政复议 header cell.
ARTICLE20_MARKER, = table_words("article20_marker")  # codebook/table_words.csv
APPEALS_MARKER, = table_words("appeals_marker")
ARTICLE20_HEADER, = table_words("article20_header")
_BLOCK_METHOD = {"html": "table_html", "spreadsheet": "table_spreadsheet", "docx": "table_docx"}
_LAYOUT_METHOD = {"pipe": "table_pipe_rows", "tab": "table_pipe_rows", "space": "table_text_columns",
                  "lines": "table_cell_lines", "together": "table_run_together"}
_UNCLOSED_NOTE = re.compile(r"[(（][^)）]*$")  # a note in brackets cut short: 其他对外管理服务事项(指行政许可以
_RUN_TOGETHER = re.compile(r"(.+?)[+\-]?[0-9][0-9+\-.,]*$")
_TABLES = ("article20", "requests", "appeals")
_SENTENCE = re.compile(r"[,。;]")  # prose citing 第二十条 (a sentence) is no table header


@dataclass
class _Label:
    key: str
    first: int   # index of the label's first cell in the row
    last: int    # index of its last cell (a label may span cells: broken over lines, or with its note)
    tail: bool   # words follow the label inside its last cell (行政许可 行政检查 in one cell)
    before: str = ""  # the word before the label (in its cell or the cell before): a header's?
    table: str | None = None


@dataclass
class _State:
    table: str | None = None
    entered: set = field(default_factory=set)
    read: dict = field(default_factory=dict)      # (table, key) -> list of Values
    refused: set = field(default_factory=set)     # (table, key) printed twice with different cells
    offsets: dict = field(default_factory=dict)   # (table, block) -> where its rows' columns start
    notes: list = field(default_factory=list)


def extract(doc: Document, codebook) -> TableResult | None:
    req = _rows(codebook, "requests")
    first_request_key = next(iter(req))
    if ARTICLE20_MARKER not in doc.view and ARTICLE20_HEADER not in doc.view \
            and first_request_key not in doc.view.replace(" ", "").replace("\n", ""):
        return None  # neither table of the format is in the text
    units = value_units(codebook)
    rows = {"article20": _rows(codebook, "article20"), "requests": req}
    columns = {t: {label_key(c["column_label"]) for cells in rows[t].values() for c in cells} for t in rows}
    appeals = codebook.cells(TEMPLATE, "appeals")
    grid = read_grid(doc, units)
    every_row = {k: v for t in rows.values() for k, v in t.items()}  # no label is in two tables

    st = _State()
    for ri, row in enumerate(grid):
        if st.table == "appeals":
            if _read_appeals(doc, grid, ri, appeals, units, st):
                st.table = None
            continue
        for row in _zeros_run_together(row, every_row):
            labels = _labels(row, st, rows, first_request_key)
            for li, lab in enumerate(labels):
                end = labels[li + 1].first if li + 1 < len(labels) else len(row.cells)
                table = lab.table
                cells = row.cells[lab.last + 1:end]
                if not cells and not row.at_end and (row.layout != "lines" or label_key(lab.before) in columns[table]):
                    continue  # a word of a header row (…| 其他 | 总计 |), not a row of values
                _read_row(doc, grid, ri, row, lab, cells, rows[table][lab.key], units, st)
        if st.table == "appeals" and any(c.value_like for c in row.cells):
            if _read_appeals(doc, grid, ri, appeals, units, st):
                st.table = None

    if not st.entered:
        return None
    values: list[Value] = []
    for (table, key), vals in st.read.items():
        if (table, key) not in st.refused:
            values += vals
    for table in _TABLES:
        if table not in st.entered:
            st.notes.append(f"2019 format: the {table} table was not found in the text")
        elif not any(t == table for t, _ in st.read):
            st.notes.append(f"2019 format: no row of the {table} table could be read")
    return TableResult(template=TEMPLATE, values=values, status="partial" if st.notes else "parsed",
                       notes=st.notes)


_LABEL_AND_ZEROS = re.compile(r"(?P<label>.*[^0-9\s])\s*(?P<zeros>0+)")


def _zeros_run_together(row: GRow, keys: dict) -> list[GRow]:
    """A row whose cells ran together when the page lost its table markup (规章000): when its
    digits are as many zeros as the row has columns, each column is a 0 (a blank cell adds no
    digit, and no count is written 00), and it is read as a row of its own with its cells apart
    (method table_run_together); the cells around it (a table's marker, its header run together)
    stay rows of their own. Any other run (行政许可120534, 规章00 for three columns) is ambiguous
    and stays one cell, not read."""
    parts, pending = [], []   # (cells, layout)
    for cell in row.cells:
        m = _LABEL_AND_ZEROS.fullmatch(cell.text) if cell.is_text else None
        n = len(keys.get(label_key(m["label"]), ())) if m else 0
        if not m or len(m["zeros"]) != n:
            pending.append(cell)
            continue
        if pending:
            parts.append((pending, row.layout))
        at = cell.start + m.start("zeros")
        parts.append(([GCell(m["label"], cell.start, cell.start + len(m["label"]), False)]
                      + [GCell("0", at + k, at + k + 1, True) for k in range(n)], "together"))
        pending = []
    if not parts:
        return [row]
    if pending:
        parts.append((pending, row.layout))
    last = len(parts) - 1
    return [replace(row, cells=cells, layout=layout, at_end=row.at_end and k == last,
                    open_end=row.open_end and k == last)
            for k, (cells, layout) in enumerate(parts)]


# --- labels ----------------------------------------------------------------------------------

def _labels(row: GRow, st: _State, rows: dict, first_request_key: str) -> list:
    """Row labels in the row, in order, each with the table it belongs to; table markers met on
    the way change the table being read."""
    found = []
    for i, cell in enumerate(row.cells):
        if not cell.is_text:
            continue
        key = label_key(cell.text)
        if (key.startswith(ARTICLE20_MARKER) or (st.table is None and ARTICLE20_HEADER in key)) \
                and not _SENTENCE.search(cell.text):  # a header, not prose
            st.table = "article20"
            st.entered.add("article20")
            continue
        if st.table == "requests" and key.startswith(APPEALS_MARKER):
            st.table = "appeals"
            st.entered.add("appeals")
            return found
        lab = _match(row.cells, i, rows.get(st.table, {}), first_request_key)
        if lab is None:
            together = _RUN_TOGETHER.fullmatch(key)
            if together and st.table and together.group(1) in rows[st.table]:
                st.notes.append(f"2019 format: row {together.group(1)} has its cells run together "
                                f"({cell.text}); not read")
            continue
        if lab.key == first_request_key and st.table != "requests":
            st.table = "requests"
            st.entered.add("requests")
        lab.table = st.table
        if found and found[-1].last >= lab.first:
            found[-1] = lab  # the same label grown by its note or by its second half
        else:
            found.append(lab)
    return found


def _match(cells: list[GCell], i: int, keys: dict, first_request_key: str) -> _Label | None:
    """The row label ending at cell i: the cell itself, a label with the words of a group label
    before it in the same cell (三、本年度办理结果 (一)予以公开), or joined with the text cells
    before it (a label broken over lines, a label and its note on the next line)."""
    def known(k):
        return k and (k in keys or k == first_request_key)

    text = cells[i].text
    key = _key(text)
    before = cells[i - 1].text.split()[-1] if i > 0 and cells[i - 1].is_text else ""
    if known(key):
        return _Label(key, i, i, False, before)
    words = text.split()
    for n in range(len(words) - 1, 0, -1):  # the label after a group label in the same cell
        if known(k := _key(" ".join(words[n:]))):
            return _Label(k, i, i, False, words[n - 1])
    for n in range(1, len(words)):  # a label followed by other words (a sub-row's name)
        if known(k := _key(" ".join(words[:n]))):
            return _Label(k, i, i, True)
    joined = text
    for j in range(i - 1, max(-1, i - TABLE_LABEL_PIECES_MAX), -1):
        if not cells[j].is_text:
            break
        joined = cells[j].text + joined
        if known(k := _key(joined)):
            return _Label(k, j, i, False, cells[j - 1].text.split()[-1] if j > 0 and cells[j - 1].is_text else "")
    return None


@lru_cache(maxsize=8192)  # labels repeat across a corpus
def _key(text: str) -> str:
    return label_key(_UNCLOSED_NOTE.sub("", text))


# --- rows --------------------------------------------------------------------------------------

def _read_row(doc, grid, ri, row: GRow, lab: _Label, cells: list[GCell], template: list[dict], units, st):
    name = template[0]["row_label"]
    why = None
    if lab.tail or (cells and cells[0].is_text):
        why = "it is followed by words, not numbers (a sub-row?)"
    else:
        got = _read_cells(doc, grid, row, cells, template, units, st, lab.table, lab.last,
                          row.cells[lab.first].start)
        if isinstance(got, str):
            why = got
    if why is None and _orphan_follows(grid, ri):
        why = "the next row has values and no label (a label spanning several rows?)"
    if why is not None:
        st.notes.append(f"2019 format: row {name} not read: {why}")
        return
    values, unread = got
    if unread:
        st.notes.append(f"2019 format: row {name} is cut by the end of the text: {', '.join(unread)} not read")
    _keep(st, (lab.table, lab.key), values, name)


def _read_cells(doc, grid, row: GRow, cells: list[GCell], template: list[dict], units, st: _State,
                table: str, label_at: int, ev_start: int | None):
    """The values of a row's cells aligned to the template's columns, and the columns not read
    because the text ends inside the row (the cells cut away, and a last cell that is not closed
    by a separator: `12` may have been `123`); or why the row cannot be read. The evidence runs
    from `ev_start` (None: the first value cell) to the row's last cell."""
    n = len(template)
    window = _window(cells, n, row, grid, label_at, st.offsets.get((table, row.block), set()))
    if isinstance(window, str):
        return window
    start, certain = window
    chosen = cells[start:start + n]
    if certain and len(chosen) == n:
        st.offsets.setdefault((table, row.block), set()).add(start)
    values, unread = [], []
    if ev_start is None:
        ev_start = chosen[0].start if chosen else row.cells[-1].start
    ev_end = chosen[-1].end if chosen else ev_start
    for k, tc in enumerate(template):
        cell = chosen[k] if k < len(chosen) else None
        if cell is None or (row.open_end and cell is row.cells[-1] and not whole_at_end(cell.text, tc["unit"])):
            unread.append(tc["column_label"] if table != "appeals" else f"{tc['row_label']} {tc['column_label']}")
            continue
        r = read_cell(cell.text, units, tc["unit"].startswith("±"))
        if r is None:
            return f"cell {cell.text!r} is not a number of column {tc['column_label']}"
        values.append(_value(doc, row, tc["indicator_id"], cell, r, ev_start, ev_end))
    if not values:
        return f"the text ends inside it ({len(cells)} of its {n} cells" + (", none closed by a separator)"
                                                                         if cells else ")")
    return values, unread


def _window(cells: list[GCell], n: int, row: GRow, grid: list[GRow], label_at: int, known: set):
    """(start, certain): the row's n columns start at cells[start] (certain: no other start fits),
    or why they cannot be told with certainty. `known`: where the rows of the same table read so
    far start theirs."""
    m = len(cells)
    if row.at_end and (m < n or row.open_end):
        return _cut_start(cells, n, row, known)
    if m < n:
        return f"{m} cells where the template has {n}" + ("" if row.blanks_visible else
                                                         " (a blank cell vanished in this layout?)")
    if any(c.is_text for c in cells):
        return "a cell holds words, not a number"
    if row.blanks_visible and not row.at_end and m - n < (pad := _padding(grid, row)):
        # every row of this table ends in `pad` empty cells: this one holds fewer, so one of
        # its cells is missing and its last blank is that padding
        return f"{m - pad} cells before the padding every row of its table has, where the template has {n}"
    if m == n:
        return 0, True
    if not row.blanks_visible:
        return f"{m} cells where the template has {n}"
    fits = _fits(cells, n, lambda c: c.blank)
    if not fits:
        return f"{m} cells where the template has {n}"
    if len({tuple(c.text for c in cells[j:j + n]) for j in fits}) == 1:
        return fits[0], len(fits) == 1
    # Blank padding on both sides: the other rows of the same table (and its header) show where
    # its columns are.
    seen = set()
    for other in grid:
        if other is row or other.block != row.block or len(other.cells) != len(row.cells):
            continue
        rest = other.cells[label_at + 1:]
        if label_at < 0 or other.cells[label_at].is_text:
            j = _fits(rest, n, lambda c: not c.text)
            if len(j) == 1:
                seen.add(j[0])
    if len(seen) == 1 and (j := seen.pop()) in fits:
        return j, True
    return "blank padding on both sides makes its columns uncertain"


def _cut_start(cells: list[GCell], n: int, row: GRow, known: set):
    """Where the columns of a row the text ends inside start: its cells are left-aligned to the
    template's columns, after the blank padding the other rows of its table show; never where a
    blank cell may have vanished or may be padding, which would shift a column. (Cells one per
    line are padded at the end of a row only: there a first blank cell is the first column's.)"""
    m = len(cells)
    if not row.blanks_visible:
        if m == n:
            return 0, False  # every cell printed: none vanished
        return f"the text ends inside it ({m} cells, {n} columns) and blank cells do not show in this layout"
    if any(c.is_text for c in cells[:-1]):
        return "a cell holds words, not a number"
    if len(known) > 1:
        return f"the text ends inside it ({m} of its {n} cells) and its table's rows disagree where columns start"
    start = next(iter(known), 0)
    if not known and cells and cells[0].blank and row.layout != "lines":
        return f"the text ends inside it ({m} of its {n} cells) after a blank cell that may be padding"
    if any(not c.blank for c in cells[:start]) or any(not c.blank for c in cells[start + n:]):
        return f"the text ends inside it ({m} cells) and its cells do not sit where its table's columns do"
    return start, False


def _padding(grid: list[GRow], row: GRow) -> int:
    """Empty cells that close every row of the row's table (a scraper's padding, a column left
    empty throughout): the fewest trailing empty cells of a row that holds two cells or more."""
    if row.block < 0:
        return 0
    counts = []
    for other in grid:
        if other.block == row.block and sum(1 for c in other.cells if not c.blank) >= 2:
            counts.append(next((i for i, c in enumerate(reversed(other.cells)) if not c.blank), 0))
    return min(counts, default=0)


def _fits(cells, n, empty) -> list[int]:
    """Offsets at which n columns can sit with only empty cells before and after them."""
    return [j for j in range(len(cells) - n + 1)
            if all(empty(c) for c in cells[:j]) and all(empty(c) for c in cells[j + n:])]


def _orphan_follows(grid: list[GRow], ri: int) -> bool:
    if ri + 1 >= len(grid) or grid[ri].layout == "lines":
        return False
    nxt = grid[ri + 1]
    return (nxt.block == grid[ri].block and not any(c.is_text for c in nxt.cells)
            and any(c.value_like for c in nxt.cells))


def _keep(st: _State, key, values: list[Value], name: str) -> None:
    """A row's values; a row printed again must say the same in every cell both copies hold
    (a copy cut by the end of the text holds fewer)."""
    old = st.read.get(key)
    if old is None:
        st.read[key] = values
        return
    had = {v.indicator_id: (v.value, v.value_status) for v in old}
    if any(had.get(v.indicator_id, (v.value, v.value_status)) != (v.value, v.value_status) for v in values):
        if key not in st.refused:
            st.refused.add(key)
            st.notes.append(f"2019 format: row {name} is printed twice with different cells; not read")
        return
    old += [v for v in values if v.indicator_id not in had]


# --- the appeals table -------------------------------------------------------------------------

def _read_appeals(doc, grid, ri, appeals: list[dict], units, st: _State) -> bool:
    """The first row after the 行政复议 header that holds values: its 15 cells. True when the
    table is done with (read or refused)."""
    row = grid[ri]
    if not any(c.value_like for c in row.cells):
        if row.at_end:
            st.notes.append("2019 format: the text ends inside the appeals table; not read")
            return True
        return False
    last_text = max((i for i, c in enumerate(row.cells) if c.is_text), default=-1)
    got = _read_cells(doc, grid, row, row.cells[last_text + 1:], appeals, units, st, "appeals", last_text, None)
    if isinstance(got, str):
        st.notes.append(f"2019 format: the appeals table not read: {got}")
        return True
    values, unread = got
    if unread:
        st.notes.append(f"2019 format: the appeals table is cut by the end of the text: {', '.join(unread)} not read")
    _keep(st, ("appeals", ""), values, "appeals")
    return True


# --- helpers -----------------------------------------------------------------------------------

def _value(doc, row: GRow, iid: str, cell: GCell, r, ev_start: int, ev_end: int) -> Value:
    method = _BLOCK_METHOD.get(row.source or doc.block_source(cell.start), _LAYOUT_METHOD[row.layout])
    if r.value is None:
        return Value(iid, None, "blank", "exact", method, cell.start, cell.start, ev_start, ev_end)
    return Value(iid, r.value, "printed", r.qualifier, method, cell.start + r.start, cell.start + r.end,
                 ev_start, ev_end, unit=r.unit)


def _rows(codebook, table: str) -> dict[str, list[dict]]:
    """row label key -> its cells in column order."""
    rows: dict[str, list[dict]] = {}
    for c in codebook.cells(TEMPLATE, table):
        rows.setdefault(c["key"], []).append(c)
    return rows
