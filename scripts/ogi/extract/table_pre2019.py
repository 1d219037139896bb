"""The pre-2019 statistical table (政府信息公开情况统计表), whatever layout it arrives in.

Layouts: pipe rows (`label | unit | value |`, also what ogi.read renders from HTML, Word and
spreadsheet tables) and one cell per line (each cell perhaps closed by |, the last of a row padded:
`26 | |`). Row labels are matched against the codebook's template cells in template order, so
repeated labels (被依法纠错数 under 行政复议 and under 行政诉讼) land on the row of the section
being read.

A value cell holds one number, with at most a unit the tables count in (`5件`; `12abc`, `2017年`
and `-3` are not read, and are no blank either). A row the text ends inside (a page excerpt cut
short) is not read unless its value is closed by a separator: `12` at the end of the text may have
been `123` (a 0 that counts cannot go on), and a row cut before its value is no blank.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .cells import (CLOSED_CELL, is_separated, padded_cells, read_cell, split_separated, split_spaced,
                    value_units, whole_at_end)
from .grid import WHOLE_FORMATS
from ..codebook import label_key, table_words
from ..model import Document, TableResult, Value
from ..numbers import CURRENCY, parse_cell
from ..settings import (PRE2019_FUZZY, PRE2019_FUZZY_LENGTH_SLACK, PRE2019_HEADER_SCAN_LINES,
                        PRE2019_HEADER_WORD_CHARS, PRE2019_LABEL_MAX_CHARS, PRE2019_MIN_ROWS,
                        PRE2019_ROW_KEY_MIN_CHARS)

TEMPLATE = "pre2019_table"
TITLE_KEY, = table_words("pre2019_title")  # codebook/table_words.csv
# Provincial forms print the year's column beside others (指标名称 | 计量单位 | 本年度 | 历年累计):
# headers naming a column that is not the year's, and the words of the header's other columns.
OTHER_COLUMN_WORDS = table_words("other_column")
LABEL_COLUMN_WORDS = table_words("label_column")
UNIT_COLUMN_WORD, = table_words("unit_column")
_PLAIN_NUMBER = re.compile(r"[+\-]?[0-9][0-9,.]*")
_BLOCK_METHOD = {"html": "table_html", "spreadsheet": "table_spreadsheet", "docx": "table_docx"}
_NUMBER_FIRST = re.compile(r"\s*[+\-−－]?[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?")
_NUMBERING = (".", "、", "．", ")", "）")  # after the number of a numbered label (1.当面申请数)


@dataclass
class _Columns:
    """Value columns named by the header of a table with more than one: which is the year's."""
    count: int    # value columns
    annual: int   # the year's among them (None: the header does not say which)
    unit: bool    # the header has a unit column


@dataclass
class _Line:
    start: int
    end: int
    text: str  # from norm
    line_end: int = 0  # the end of the line, the pipes that close its cell included


@dataclass
class _Cx:
    """What the row readers share: the document, the unit words of the table's unit column, the
    units a value cell may print after its number, and where a page cut short ends (None for a
    file that would not open if cut: its text ends where its author ended it)."""
    doc: Document
    units: set[str]
    value_units: frozenset[str]
    end_at: int | None

    def number(self, text: str):
        """The cell as one number (a unit the tables count in may follow it: `5件`; not `12abc`,
        `2017年`, a sign in a count, two numbers), or None."""
        r = read_cell(text, self.value_units)
        return r if r is not None and r.value is not None else None

    def cut(self, t: str, s: int) -> bool:
        """The cell (text t at view offset s) ends the text with no separator after it, so it may
        have lost characters (`12` of `123`)."""
        return self.end_at is not None and s + len(t.rstrip()) >= self.end_at


def extract(doc: Document, codebook) -> TableResult | None:
    cells = codebook.cells(TEMPLATE)
    units = {c["unit"] for c in cells if c["unit"]} | set(CURRENCY)
    if TITLE_KEY not in doc.view.replace(" ", "") and doc.view.count("|") < 2 * PRE2019_MIN_ROWS \
            and not _has_rows(doc.view, cells):
        return None  # no title, no pipe rows, hardly any template label: not this table
    cx = _Cx(doc, units, value_units(codebook),
             None if doc.format in WHOLE_FORMATS else len(doc.view.rstrip()))
    lines = _lines(doc, cx)
    title_at = next((i for i, ln in enumerate(lines) if TITLE_KEY in label_key(ln.text)), None)
    start = title_at + 1 if title_at is not None else 0

    columns = _value_columns(lines, start, cells, units)
    values: list[Value] = []
    notes: list[str] = []
    if columns is not None and columns.annual is None:
        notes.append("the table has more than one value column and its header does not say which "
                     "is the year's; its values are not read")
    pointer = 0  # template order: labels are searched from the row last read onwards
    matched = 0
    i = start
    while i < len(lines):
        ln = lines[i]
        row_method = None
        if is_separated(ln.text):
            parts = _split_pipes(ln)
        else:
            parts = _text_columns(ln, cx)  # label  unit  value separated by spaces
            row_method = "table_text_columns" if parts else None
        if parts:  # a leading 序号 column (1 | label | unit | value): the label is the first word
            while len(parts) > 1 and (not parts[0][0].strip() or parse_cell(parts[0][0]) is not None):
                parts = parts[1:]
        label_text = parts[0][0] if parts else ln.text
        if len(label_text.strip()) > PRE2019_LABEL_MAX_CHARS or not label_text.strip():
            i += 1
            continue
        cell = _match(label_text, cells, pointer, fuzzy=title_at is not None or matched >= PRE2019_MIN_ROWS)
        if cell is None:
            i += 1
            continue
        pointer = int(cell["row_order"])
        matched += 1
        if columns is not None:
            v, note, consumed = _from_columns(cx, lines, i, parts, cell, columns, row_method)
            i += consumed
        elif parts is not None:
            v, note = _from_pipe_row(cx, ln, parts, cell, row_method)
            i += 1
        else:
            v, note, consumed = _from_cell_lines(cx, lines, i, cell)
            i += consumed
        if note:
            notes.append(note)
        if v is not None:
            values.append(v)

    if matched == 0 or (title_at is None and matched < PRE2019_MIN_ROWS):
        return None
    status = "parsed"
    value_rows = [c for c in cells if c["kind"] == "value"]
    found = {v.indicator_id for v in values}
    missing = [c["row_label"] for c in value_rows if c["indicator_id"] not in found]
    if notes:
        status = "partial"
    if len(missing) > len(value_rows) // 4:
        status = "partial"
        notes.append(f"{len(missing)} of {len(value_rows)} rows of the pre-2019 table not found: "
                     + ", ".join(missing[:8]) + (" ..." if len(missing) > 8 else ""))
    return TableResult(template=TEMPLATE, values=_first_per_indicator(values), status=status, notes=notes)


# --- rows -------------------------------------------------------------------------------

def _from_pipe_row(cx: _Cx, ln, parts, cell, row_method=None):
    """`label | unit | value |` (or value before unit); a section header carries its number in
    the unit position. A value (or a blank) the text ends in is not read: it may be cut short."""
    doc, units = cx.doc, cx.units
    method = _BLOCK_METHOD.get(doc.block_source(ln.start), row_method or "table_pipe_rows")
    cut = f"row {cell['row_label']}: the text ends inside it (its value may be cut short); not read"
    rest = parts[1:]
    if rest and rest[-1][0].strip() == "" and len(rest) >= 3:
        rest = rest[:-1]  # the empty string after the closing pipe
    iid = cell["indicator_id"]
    if cell["kind"] in ("subheader",) or not iid:
        return None, ""
    if cell["kind"] == "section_header":
        nums = [(t, s, e) for t, s, e in rest if cx.number(t) is not None]
        if len(nums) != 1:
            return None, ""
        t, s, e = nums[0]
        if cx.cut(t, s) and not whole_at_end(t, cell["unit"]):
            return None, cut
        return _value(cx, iid, t, s, e, "table_section_header", ln), ""
    # value row: [unit, value] in either order (the unit cell may be missing in some renderings)
    cells = [(t, s, e) for t, s, e in rest]
    unit_cell = next(((t, s, e) for t, s, e in cells if t.strip() in units), None)
    after = cells[cells.index(unit_cell) + 1:] if unit_cell else cells
    before = cells[:cells.index(unit_cell)] if unit_cell else []
    if any(t.strip() for t, _, _ in before):
        after = before + after  # label | value | unit: the value is not after the unit
    printed_unit = unit_cell[0].strip() if unit_cell else ""
    if _unit_conflicts(printed_unit, cell["unit"]):
        return None, f"row {cell['row_label']}: unit {printed_unit} differs from the template's {cell['unit']}; not read"
    if not after:
        pos = (unit_cell[2] if unit_cell else ln.end)
        if cx.cut("", pos):
            return None, cut  # the value cell cut away
        return _blank(iid, pos, method, ln), ""
    nonblank = [c for c in after if c[0].strip()]
    if not nonblank:
        t, s, e = after[0]
        if cx.cut(t, s):
            return None, cut  # no separator after the empty cell: the text ends where its value was
        return _blank(iid, s + (len(t) - len(t.lstrip())) if t else s, method, ln), ""
    if len(nonblank) > 1:
        return None, f"row {cell['row_label']}: {len(nonblank)} value cells where the template has one; not read"
    t, s, e = nonblank[0]
    if cx.number(t) is None:
        return None, f"row {cell['row_label']}: value cell {t.strip()!r} is not a number; not read"
    if cx.cut(t, s) and not whole_at_end(t, cell["unit"]):
        return None, cut
    return _with_printed_unit(_value(cx, iid, t, s, e, method, ln), printed_unit, cell["unit"]), ""


def _from_cell_lines(cx: _Cx, lines, i, cell):
    """Label on its own line, then optionally its unit line, then optionally its value line. A
    value line the text ends in is not read (it may be cut short), nor a row the text ends in
    before its value."""
    units = cx.units
    cut = f"row {cell['row_label']}: the text ends inside it (its value may be cut short); not read"
    iid = cell["indicator_id"]
    ln = lines[i]
    if cell["kind"] == "subheader" or not iid:
        return None, "", 1
    j = i + 1
    unit_line = None
    if j < len(lines) and lines[j].text.strip() in units:
        unit_line = lines[j]
        j += 1
    if j < len(lines) and cx.number(lines[j].text) is not None:
        t = lines[j]
        if cx.cut(t.text, t.start) and not whole_at_end(t.text, cell["unit"]):
            return None, cut, j + 1 - i
        printed_unit = unit_line.text.strip() if unit_line else ""
        if _unit_conflicts(printed_unit, cell["unit"]):
            return None, f"row {cell['row_label']}: unit differs from the template's {cell['unit']}; not read", j + 1 - i
        method = "table_section_header" if cell["kind"] == "section_header" else "table_cell_lines"
        v = _value(cx, iid, t.text, t.start, t.end, method, ln, evidence_end=t.end)
        return _with_printed_unit(v, printed_unit, cell["unit"]), "", j + 1 - i
    if cell["kind"] == "section_header":
        return None, "", j - i
    nxt = lines[j].text if j < len(lines) else ""
    if (m := _NUMBER_FIRST.match(nxt)) and not nxt[m.end():].startswith(_NUMBERING):
        # `12abc`, `2017年`, `-3`, `12 | 3` where the value is: no count, and no blank either
        return None, f"row {cell['row_label']}: value cell {nxt.strip()!r} is not a number; not read", j + 1 - i
    # The row's value cell is empty: flattened text drops blank cells.
    pos = unit_line.end if unit_line else ln.end
    if cx.end_at is not None and (unit_line or ln).line_end >= cx.end_at:
        return None, cut, j - i  # the text ends before the value line
    return _blank(iid, pos, "table_cell_lines", ln, evidence_end=pos), "", j - i


def _value_columns(lines: list[_Line], start: int, cells: list[dict], units: set[str]) -> _Columns | None:
    """The value columns a header names when it names one that is not the year's (历年累计):
    None for the national form's single 统计数 column."""
    for i in range(start, min(len(lines), start + PRE2019_HEADER_SCAN_LINES)):
        t = lines[i].text
        if not any(w in t for w in OTHER_COLUMN_WORDS):
            continue
        if is_separated(t):
            words = [p.strip() for p, _, _ in split_separated(t)]
        elif len(t.split()) >= 3:
            words = t.split()
        elif _header_word(t, cells):  # one header cell per line: the short words around it
            a = b = i
            while a > start and _header_word(lines[a - 1].text, cells):
                a -= 1
            while b + 1 < len(lines) and _header_word(lines[b + 1].text, cells):
                b += 1
            words = [lines[j].text.strip() for j in range(a, b + 1)]
        else:
            continue  # a sentence or a row label that mentions a cumulative total
        words = [w for w in words if w]
        if any(w in units or _PLAIN_NUMBER.fullmatch(w) for w in words) \
                or _match(words[0], cells, 0, fuzzy=False) is not None:
            continue  # a row of the table (a label that mentions 累计, its unit, its numbers)
        cols = [w for w in words if not any(x in w for x in LABEL_COLUMN_WORDS) and UNIT_COLUMN_WORD not in w]
        others = [k for k, w in enumerate(cols) if any(x in w for x in OTHER_COLUMN_WORDS)]
        annual = [k for k in range(len(cols)) if k not in others]
        if len(cols) < 2:
            continue
        return _Columns(len(cols), annual[0] if len(annual) == 1 else None,
                        any(UNIT_COLUMN_WORD in w for w in words))
    return None


def _header_word(text: str, cells: list[dict]) -> bool:
    """A column header on a line of its own: a short bare word (no numbering, brackets, digits),
    not a row label of the table."""
    s = text.strip()
    return 0 < len(s) <= PRE2019_HEADER_WORD_CHARS and label_key(s) == s and not any(ch.isdigit() for ch in s) \
        and _match(s, cells, 0, fuzzy=False) is None


def _from_columns(cx: _Cx, lines, i, parts, cell, cols: _Columns, row_method):
    """A row of a table with several value columns: the year's cell, found by its place among
    the row's value cells; a row whose value cells cannot all be told apart is not read, nor a
    year's cell the text ends in."""
    doc, units = cx.doc, cx.units
    ln = lines[i]
    iid = cell["indicator_id"]
    if cell["kind"] == "subheader" or not iid or cols.annual is None:
        return None, "", 1
    if parts is not None:
        visible = row_method is None  # | and tab rows show blank cells; words split by spaces do not
        rest = list(parts[1:])
        if rest and ln.text.rstrip().endswith("|") and not rest[-1][0].strip():
            rest = rest[:-1]  # the closing pipe
        consumed, method = 1, _BLOCK_METHOD.get(doc.block_source(ln.start), row_method or "table_pipe_rows")
    else:  # one cell per line: the label's line, then its unit and numbers, each on a line
        j = i + 1
        rest = []
        while j < len(lines) and (lines[j].text.strip() in units or cx.number(lines[j].text) is not None) \
                and len(rest) <= cols.count:
            rest.append((lines[j].text, lines[j].start, lines[j].end))
            j += 1
        visible, consumed, method = False, j - i, "table_cell_lines"
    if rest and (rest[0][0].strip() in units or (visible and cols.unit and not rest[0][0].strip()
                                                  and len(rest) > cols.count)):
        unit_cell, rest = rest[0], rest[1:]
    else:
        unit_cell = None
    printed_unit = unit_cell[0].strip() if unit_cell else ""
    name = cell["row_label"]
    header = cell["kind"] == "section_header"
    if header and not any(t.strip() for t, _, _ in rest):
        return None, "", consumed  # a section's heading row without a number of its own
    if _unit_conflicts(printed_unit, cell["unit"]):
        return None, f"row {name}: unit {printed_unit} differs from the template's {cell['unit']}; not read", consumed
    if any(t.strip() and cx.number(t) is None for t, _, _ in rest):
        return None, f"row {name}: a value cell is not a number; not read", consumed
    if visible:
        if len(rest) < cols.count or any(t.strip() for t, _, _ in rest[cols.count:]):
            return None, f"row {name}: {len(rest)} value cells where the header names {cols.count}; not read", consumed
        t, s, e = rest[cols.annual]
    else:
        if not rest:
            t, s, e = "", (unit_cell[2] if unit_cell else ln.end), ln.end
        elif len(rest) != cols.count:
            return None, (f"row {name}: {len(rest)} of its {cols.count} value cells printed and blank cells "
                          "do not show here, so the year's cannot be told; not read"), consumed
        else:
            t, s, e = rest[cols.annual]
    if cx.cut(t, s) and not whole_at_end(t, cell["unit"]):
        return None, f"row {name}: the text ends inside it (its value may be cut short); not read", consumed
    if not t.strip():
        return (None if header else _blank(iid, s, method, ln)), "", consumed
    v = _value(cx, iid, t, s, e, "table_section_header" if header else method, ln,
               evidence_end=max(e, ln.end))
    return _with_printed_unit(v, printed_unit, cell["unit"]), "", consumed


def _unit_conflicts(printed: str, template: str) -> bool:
    """A unit column that is not the template's: refused, unless both are currency units (元 in a
    万元 row converts exactly when published)."""
    return bool(printed) and printed != template and not (printed in CURRENCY and template in CURRENCY)


def _with_printed_unit(v: Value, printed: str, template: str) -> Value:
    if printed and printed != template and not v.unit:
        v.unit = printed  # the unit column's, when it is not the template's (assemble converts)
    return v


def _value(cx: _Cx, iid, cell_text, s, e, method, ln, evidence_end=None) -> Value:
    num = cx.number(cell_text)
    start, end = s + num.start, s + num.end  # the number and its qualifier, not a unit in the cell
    return Value(indicator_id=iid, value=num.value, value_status="printed", qualifier=num.qualifier,
                 method=method, char_start=start, char_end=end,
                 evidence_start=ln.start, evidence_end=evidence_end or ln.end, unit=num.unit)


def _blank(iid, pos, method, ln, evidence_end=None) -> Value:
    return Value(indicator_id=iid, value=None, value_status="blank", qualifier="exact", method=method,
                 char_start=pos, char_end=pos, evidence_start=ln.start,
                 evidence_end=max(evidence_end or ln.end, pos))


# --- helpers ------------------------------------------------------------------------------

def _lines(doc: Document, cx: _Cx) -> list[_Line]:
    """Non-empty lines; a line holding one cell closed by | (`条 |`, a table flattened one cell
    per line), also when empty cells pad it (`26 | |`: ogi.extract.cells.padded_cells), is that
    cell, and a line holding only | (a blank cell) is dropped, as blank cells are where cells come
    one per line."""
    markup = doc.view_blocks()
    texts, pos = [], 0
    for raw in doc.view.split("\n"):
        if raw.strip():
            texts.append((pos, raw.rstrip("\r")))
        pos += len(raw) + 1

    def words(t: str) -> bool:
        return bool(t) and t not in cx.units and cx.number(t) is None

    padded = padded_cells([t for _, t in texts], words,
                          {k for k, (pos, _) in enumerate(texts) if any(a <= pos < b for a, b in markup)})
    out = []
    for k, (pos, text) in enumerate(texts):
        if CLOSED_CELL.match(text) or k in padded:
            text = text[:text.index("|")].rstrip()
        if text.strip():
            out.append(_Line(pos, pos + len(text), text, pos + len(texts[k][1].rstrip())))
    return out


def _split_pipes(ln: _Line) -> list[tuple[str, int, int]]:
    """Cells of a row separated by | or by tabs (a table copied as tab-separated text)."""
    return [(t, ln.start + a, ln.start + b) for t, a, b in split_separated(ln.text)]


def _text_columns(ln: _Line, cx: _Cx) -> list[tuple[str, int, int]] | None:
    """`label 条 26` (cells separated by spaces): the trailing words that are units or numbers
    are cells, the words before them the label. None when the line ends in neither."""
    parts = split_spaced(ln.text, lambda w: w in cx.units or cx.number(w) is not None)
    return None if parts is None else [(t, ln.start + a, ln.start + b) for t, a, b in parts]


def _match(label: str, cells: list[dict], pointer: int, fuzzy: bool = True) -> dict | None:
    key = label_key(label)
    if not key or parse_cell(label) is not None:
        return None
    exact = [c for c in cells if c["key"] == key]
    if exact:  # a repeated label: the first one after the row last read
        return next((c for c in exact if int(c["row_order"]) > pointer), exact[0])
    if not fuzzy:
        return None
    best, score = None, 0.0
    chars = set(key)
    for c in cells:
        if abs(len(c["key"]) - len(key)) > PRE2019_FUZZY_LENGTH_SLACK \
                or len(chars.intersection(c["key"])) < PRE2019_FUZZY * len(key) - 1:
            continue  # cheap tests before the similarity ratio
        r = difflib.SequenceMatcher(None, c["key"], key).ratio()
        if r > score or (r == score and best is not None and int(best["row_order"]) <= pointer < int(c["row_order"])):
            best, score = c, r
    return best if score >= PRE2019_FUZZY else None


def _has_rows(norm: str, cells: list[dict]) -> bool:
    squeezed = norm.replace(" ", "")
    return sum(1 for c in cells if c["kind"] == "value" and len(c["key"]) >= PRE2019_ROW_KEY_MIN_CHARS
               and c["key"] in squeezed) >= PRE2019_MIN_ROWS


def _first_per_indicator(values: list[Value]) -> list[Value]:
    seen, out = set(), []
    for v in values:
        key = (v.indicator_id, v.method == "table_section_header")
        if key not in seen:
            seen.add(key)
            out.append(v)
    return out
