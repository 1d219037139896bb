"""Every layout a scraped statistics table arrives in, read into one grid: rows of cells.

A row of the grid is
- a line whose cells are separated by | (the closing pipe dropped) or by tabs: blank cells show;
- a line of words separated by spaces that ends in numbers (`规章 0 0 0`): blank cells cannot show;
- a run of lines holding one cell each (a table flattened by a scraper, a PDF's text layer): the
  words before a run of values, then the values. Blank cells vanish, unless every line of the row
  ends in | (`规章 |`, `0 |`): then a line holding only | is a blank cell. Empty cells padding a
  cell line (`11 | |`, `| |`) are no cells of their own (ogi.extract.cells.padded_cells).
Blank lines between cells are ignored. Offsets are view offsets. Which cells are row labels is
left to the table readers; the grid only says what each layout can show.

A row that ends the text (a page excerpt cut short) says whether its last cell is closed by a
separator: one that is not (`行政强制 | 5 | 3`, a last line `3`) may have lost characters, and `3`
may have been `31`. (A file that would not open if cut, a PDF or an office file, is never cut.)
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..model import Document
from .cells import is_value_like, padded_cells, split_separated, split_spaced

_WORD = re.compile(r"\S+")
_CUT_NOTE = re.compile(r"[0-9][0-9,.]*\s*[(（][^()（）]*$")
_RULE = re.compile(r"^[ \t]*\|{2,}[ \t]*$")
# Files that would not open if cut short: their text ends where their author ended it.
WHOLE_FORMATS = frozenset({"pdf", "docx", "xlsx", "xls"})


@dataclass(slots=True)
class GCell:
    text: str          # stripped
    start: int         # view span of the text (start == end for a blank cell)
    end: int
    value_like: bool   # a number, a signed change or a placeholder (never a blank cell)
    blank: bool = False    # derived: an empty cell
    is_text: bool = False  # derived: words, not a value

    def __post_init__(self) -> None:
        self.blank = not self.text
        self.is_text = bool(self.text) and not self.value_like


@dataclass
class GRow:
    cells: list[GCell]
    layout: str            # pipe | tab | space | lines
    blanks_visible: bool   # an empty cell in this row is a blank cell of the table
    at_end: bool           # only white space follows: a page excerpt may have been cut inside it
    block: int             # consecutive separated lines (or one markup table) share a block
    source: str | None     # html | spreadsheet | docx when rendered from table markup
    open_end: bool = False  # at the end of the text, its last cell is not closed by a separator


def read_grid(doc: Document, units: frozenset[str]) -> list[GRow]:
    """The rows of every table-like part of the view, in order (`units`: the units a value
    cell may print after its number)."""
    view = doc.view
    tail = len(view.rstrip())
    cuttable = doc.format not in WHOLE_FORMATS
    markup = sorted(doc.view_blocks())
    lines, pos = [], 0
    for raw in view.split("\n"):
        if raw.strip():
            lines.append((pos, raw.rstrip("\r")))
        pos += len(raw) + 1
    rows: list[GRow] = []
    run: list[tuple[GCell, bool, bool]] = []  # cell lines waiting to be grouped: cell, closed by |, last line
    block, last_key = 0, None
    keys = [_markup_index(markup, pos) for pos, _ in lines]
    padded = padded_cells([line for _, line in lines], lambda t: bool(t) and not is_value_like(t, units),
                          {k for k, key in enumerate(keys) if key != "text"})
    pads_content = any(lines[k][1].replace("|", "").strip() for k in padded)
    for k, (pos, line) in enumerate(lines):
        at_end = pos + len(line.rstrip()) >= tail
        key = keys[k]
        if _RULE.match(line) and (run or (rows and rows[-1].kind == "lines")) and (
                len(line.strip()) > 2 or not pads_content):
            # `||`, `|||||` between cell lines: the end of a row as a browser flattens it (the
            # row's closing cells with nothing in them), no cells of its own; where the page pads
            # its rows' last cells (`11 ||`), `||` is a blank last cell so padded
            rows += _group(run, cuttable)
            run = []
            continue
        kind, cells, closed = _read_line(line, pos, units, at_end, k in padded)
        if kind == "cell":
            run.append((cells[0], closed, at_end))
            last_key = None
        else:
            rows += _group(run, cuttable)
            run = []
            if key != last_key:
                block += 1
                last_key = key
            source = doc.block_source(cells[0].start) if key != "text" else None
            open_end = cuttable and at_end and not closed
            rows.append(GRow(cells, kind, kind != "space", at_end, block, source, open_end))
    rows += _group(run, cuttable)
    return rows


def _markup_index(markup: list[tuple[int, int]], pos: int):
    """Which markup table a position is in ("text" outside any): a new table starts a new block."""
    i = bisect.bisect_right(markup, (pos, float("inf"))) - 1
    return i if i >= 0 and markup[i][0] <= pos < markup[i][1] else "text"


def _read_line(line: str, pos: int, units, at_end: bool, one_cell: bool) -> tuple[str, list[GCell], bool]:
    """(kind, cells, closed): kind "cell" for a line holding one cell; closed: its last cell is
    followed by a separator (for a cell line: it ends in |). `one_cell`: a cell padded with empty
    cells (`11 | |`), read as that one cell."""
    if "|" in line:
        pieces = split_separated(line)
        closed = not pieces[-1][0].strip()
        if one_cell:
            pieces = pieces[:1]  # the padding after the cell's closing pipe
        elif closed:
            pieces = pieces[:-1]  # the closing pipe
        cells = [_cell(line, pos, t, a, units) for t, a, _ in pieces]
        if len(cells) == 1:  # `规章 |`, `0 |`, `|`: one cell per line, each closed by |
            return "cell", cells, closed
        return "pipe", cells, closed
    stripped = line.strip()
    if "\t" in stripped:
        lead = len(line) - len(line.lstrip())
        body = line[lead:].rstrip(" \r")
        pieces = split_separated(body)
        closed = not pieces[-1][0].strip()
        if at_end and len(pieces) > 1 and closed:
            pieces = pieces[:-1]  # a tab and then the end of the page: the last cell may be cut away
        return "tab", [_cell(line, pos, t, lead + a, units) for t, a, _ in pieces], closed
    if " " in stripped:
        parts = split_spaced(line, lambda w: is_value_like(w, units), min_cells=1)
        if parts is not None:
            if is_value_like(parts[0][0], units):  # numbers only (`0 0 0 0 0`): no label
                parts = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(line)]
            return "space", [_cell(line, pos, t, a, units) for t, a, _ in parts], False
    lead = len(line) - len(line.lstrip())
    # a value whose note the end of the page cut (13000000(预算…): a value cell, itself unread
    cut_note = at_end and _CUT_NOTE.match(stripped) is not None
    return "cell", [GCell(stripped, pos + lead, pos + lead + len(stripped),
                          cut_note or is_value_like(stripped, units))], False


def _cell(line: str, pos: int, piece: str, at: int, units) -> GCell:
    text = piece.strip()
    lead = len(piece) - len(piece.lstrip()) if text else len(piece)
    start = pos + at + lead
    return GCell(text, start, start + len(text), bool(text) and is_value_like(text, units))


def _group(run: list[tuple[GCell, bool, bool]], cuttable: bool) -> list[GRow]:
    """Cell lines into rows: the words before a run of values, then the values."""
    rows, cur, seen_value = [], [], False
    for item in run:
        cell = item[0]
        if cell.is_text and seen_value:
            rows.append(_lines_row(cur, cuttable))
            cur, seen_value = [], False
        cur.append(item)
        seen_value = seen_value or not cell.is_text
    if cur:
        rows.append(_lines_row(cur, cuttable))
    return rows


def _lines_row(items: list[tuple[GCell, bool, bool]], cuttable: bool) -> GRow:
    n_text = sum(1 for it in items if it[0].is_text)  # the words come first, then the values
    # Blank cells show only where every line of the row (its label and its values) is closed
    # by | (the last line of a page cut short may lack it); elsewhere a lone | is stray.
    marked = items[max(n_text - 1, 0):]
    visible = all(piped or last for _, piped, last in marked)
    cells = [it[0] for it in items if visible or not it[0].blank]
    at_end = items[-1][2]
    return GRow(cells, "lines", visible, at_end, -1, None, cuttable and at_end and not items[-1][1])
