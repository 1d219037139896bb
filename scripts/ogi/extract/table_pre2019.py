"""The pre-2019 statistical table (政府信息公开情况统计表), whatever layout it arrives in.

Layouts: pipe rows (`label | unit | value |`, also what ogi.read renders from HTML, Word and
spreadsheet tables) and one cell per line. Row labels are matched against the codebook's
template cells in template order, so repeated labels (被依法纠错数 under 行政复议 and under
行政诉讼) land on the row of the section being read.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from .cells import is_separated, split_separated, split_spaced
from ..codebook import label_key
from ..model import Document, TableResult, Value
from ..numbers import CURRENCY, parse_cell

TEMPLATE = "pre2019_table"
TITLE_KEY = "政府信息公开情况统计表"
MIN_ROWS = 8          # rows recognised before text counts as the table when no title is found
MAX_LABEL_CHARS = 60  # a table label line is short; prose is not read as a row
FUZZY = 0.86          # similarity for typos in labels (通多不同渠道 for 通过不同渠道)
_BLOCK_METHOD = {"html": "table_html", "spreadsheet": "table_spreadsheet", "docx": "table_docx"}


@dataclass
class _Line:
    start: int
    end: int
    text: str  # from norm


def extract(doc: Document, codebook) -> TableResult | None:
    cells = codebook.cells(TEMPLATE)
    units = {c["unit"] for c in cells if c["unit"]} | set(CURRENCY)
    if TITLE_KEY not in doc.view.replace(" ", "") and doc.view.count("|") < 2 * MIN_ROWS \
            and not _has_rows(doc.view, cells):
        return None  # no title, no pipe rows, hardly any template label: not this table
    lines = _lines(doc)
    title_at = next((i for i, ln in enumerate(lines) if TITLE_KEY in label_key(ln.text)), None)
    start = title_at + 1 if title_at is not None else 0

    values: list[Value] = []
    notes: list[str] = []
    pointer = 0  # template order: labels are searched from the row last read onwards
    matched = 0
    i = start
    while i < len(lines):
        ln = lines[i]
        row_method = None
        if is_separated(ln.text):
            parts = _split_pipes(ln)
        else:
            parts = _text_columns(ln, units)  # label  unit  value separated by spaces
            row_method = "table_text_columns" if parts else None
        if parts:  # a leading 序号 column (1 | label | unit | value): the label is the first word
            while len(parts) > 1 and (not parts[0][0].strip() or parse_cell(parts[0][0]) is not None):
                parts = parts[1:]
        label_text = parts[0][0] if parts else ln.text
        if len(label_text.strip()) > MAX_LABEL_CHARS or not label_text.strip():
            i += 1
            continue
        cell = _match(label_text, cells, pointer, fuzzy=title_at is not None or matched >= MIN_ROWS)
        if cell is None:
            i += 1
            continue
        pointer = int(cell["row_order"])
        matched += 1
        if parts is not None:
            v, note = _from_pipe_row(doc, ln, parts, cell, units, row_method)
            i += 1
        else:
            v, note, consumed = _from_cell_lines(doc, lines, i, cell, units)
            i += consumed
        if note:
            notes.append(note)
        if v is not None:
            values.append(v)

    if matched == 0 or (title_at is None and matched < MIN_ROWS):
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

def _from_pipe_row(doc, ln, parts, cell, units, row_method=None):
    """`label | unit | value |` (or value before unit); a section header carries its number in
    the unit position."""
    method = _BLOCK_METHOD.get(doc.block_source(ln.start), row_method or "table_pipe_rows")
    rest = parts[1:]
    if rest and rest[-1][0].strip() == "" and len(rest) >= 3:
        rest = rest[:-1]  # the empty string after the closing pipe
    iid = cell["indicator_id"]
    if cell["kind"] in ("subheader",) or not iid:
        return None, ""
    if cell["kind"] == "section_header":
        nums = [(t, s, e) for t, s, e in rest if parse_cell(t) is not None]
        if len(nums) != 1:
            return None, ""
        t, s, e = nums[0]
        return _value(doc, iid, t, s, e, "table_section_header", ln), ""
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
        return _blank(iid, pos, method, ln), ""
    nonblank = [c for c in after if c[0].strip()]
    if not nonblank:
        t, s, e = after[0]
        return _blank(iid, s + (len(t) - len(t.lstrip())) if t else s, method, ln), ""
    if len(nonblank) > 1:
        return None, f"row {cell['row_label']}: {len(nonblank)} value cells where the template has one; not read"
    t, s, e = nonblank[0]
    if parse_cell(t) is None:
        return None, f"row {cell['row_label']}: value cell {t.strip()!r} is not a number; not read"
    return _with_printed_unit(_value(doc, iid, t, s, e, method, ln), printed_unit, cell["unit"]), ""


def _from_cell_lines(doc, lines, i, cell, units):
    """Label on its own line, then optionally its unit line, then optionally its value line."""
    iid = cell["indicator_id"]
    ln = lines[i]
    if cell["kind"] == "subheader" or not iid:
        return None, "", 1
    j = i + 1
    unit_line = None
    if j < len(lines) and lines[j].text.strip() in units:
        unit_line = lines[j]
        j += 1
    if j < len(lines) and parse_cell(lines[j].text) is not None:
        t = lines[j]
        printed_unit = unit_line.text.strip() if unit_line else ""
        if _unit_conflicts(printed_unit, cell["unit"]):
            return None, f"row {cell['row_label']}: unit differs from the template's {cell['unit']}; not read", j + 1 - i
        method = "table_section_header" if cell["kind"] == "section_header" else "table_cell_lines"
        v = _value(doc, iid, t.text, t.start, t.end, method, ln, evidence_end=t.end)
        return _with_printed_unit(v, printed_unit, cell["unit"]), "", j + 1 - i
    if cell["kind"] == "section_header":
        return None, "", j - i
    # The row's value cell is empty: flattened text drops blank cells.
    pos = unit_line.end if unit_line else ln.end
    return _blank(iid, pos, "table_cell_lines", ln, evidence_end=pos), "", j - i


def _unit_conflicts(printed: str, template: str) -> bool:
    """A unit column that is not the template's: refused, unless both are currency units (元 in a
    万元 row converts exactly when published)."""
    return bool(printed) and printed != template and not (printed in CURRENCY and template in CURRENCY)


def _with_printed_unit(v: Value, printed: str, template: str) -> Value:
    if printed and printed != template and not v.unit:
        v.unit = printed  # the unit column's, when it is not the template's (assemble converts)
    return v


def _value(doc, iid, cell_text, s, e, method, ln, evidence_end=None) -> Value:
    num = parse_cell(cell_text)
    start, end = s + num.start, s + num.end  # the number and its qualifier, not a unit in the cell
    return Value(indicator_id=iid, value=num.value, value_status="printed", qualifier=num.qualifier,
                 method=method, char_start=start, char_end=end,
                 evidence_start=ln.start, evidence_end=evidence_end or ln.end, unit=num.unit)


def _blank(iid, pos, method, ln, evidence_end=None) -> Value:
    return Value(indicator_id=iid, value=None, value_status="blank", qualifier="exact", method=method,
                 char_start=pos, char_end=pos, evidence_start=ln.start,
                 evidence_end=max(evidence_end or ln.end, pos))


# --- helpers ------------------------------------------------------------------------------

def _lines(doc: Document) -> list[_Line]:
    out, pos = [], 0
    for raw in doc.view.split("\n"):
        text = raw.rstrip("\r")
        if text.strip():
            out.append(_Line(pos, pos + len(text), text))
        pos += len(raw) + 1
    return out


def _split_pipes(ln: _Line) -> list[tuple[str, int, int]]:
    """Cells of a row separated by | or by tabs (a table copied as tab-separated text)."""
    return [(t, ln.start + a, ln.start + b) for t, a, b in split_separated(ln.text)]


def _text_columns(ln: _Line, units: set[str]) -> list[tuple[str, int, int]] | None:
    """`label 条 26` (cells separated by spaces): the trailing words that are units or numbers
    are cells, the words before them the label. None when the line ends in neither."""
    parts = split_spaced(ln.text, lambda w: w in units or parse_cell(w) is not None)
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
    for c in cells:
        if abs(len(c["key"]) - len(key)) > 2 or len(set(c["key"]) & set(key)) < FUZZY * len(key) - 1:
            continue  # cheap tests before the similarity ratio
        r = difflib.SequenceMatcher(None, c["key"], key).ratio()
        if r > score or (r == score and best is not None and int(best["row_order"]) <= pointer < int(c["row_order"])):
            best, score = c, r
    return best if score >= FUZZY else None


def _has_rows(norm: str, cells: list[dict]) -> bool:
    squeezed = norm.replace(" ", "")
    return sum(1 for c in cells if c["kind"] == "value" and len(c["key"]) >= 6 and c["key"] in squeezed) >= MIN_ROWS


def _first_per_indicator(values: list[Value]) -> list[Value]:
    seen, out = set(), []
    for v in values:
        key = (v.indicator_id, v.method == "table_section_header")
        if key not in seen:
            seen.add(key)
            out.append(v)
    return out
