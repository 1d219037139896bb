"""How a line of table text splits into cells, and what a cell holds; shared by both table readers.

Cells are separated by | or tabs (blank cells kept), or, in text flattened with spaces, the
trailing words that are cells (numbers, units) follow a label that may itself contain spaces.
Spans are (text, start, end) with offsets relative to the start of the line.

A table flattened one cell per line may close each cell by | (`规章 |`, `0 |`, `|` for a blank
cell) and pad the last cell of a row with empty cells (`11 | |`, `11 ||`, `| |`): such a line is
one cell (blank when it holds only pipes) where its neighbours are cell lines, and a row of cells
(`规章 | | | |`, a label and three blank cells) where they are rows.

A cell is a value when it is one number, with at most a unit the tables count in written after
it (`5件`, `18.3万元`): `12abc` and `2017年` are words, `12 | 3` two cells.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal
from typing import Callable

from ..numbers import CURRENCY, parse_cell

SEPARATOR = re.compile(r"[|\t]")
CLOSED_CELL = re.compile(r"^[^|\t]*\|\s*$")             # `规章 |`, `0 |`, `|`
PADDED_CELL = re.compile(r"^[^|\t]*\|(?:[^\S\n]*\|)+\s*$")  # `11 | |`, `11 ||`, `| |`: a cell and padding
_WORD = re.compile(r"\S+")
# A printed placeholder for "nothing" (—, /): a blank cell that shows in every layout.
PLACEHOLDERS = frozenset({"-", "--", "—", "——", "–", "/", "\\", "－", "／", "―"})
# 本年增/减 written in words: 增1558, 减38, 增加3, 减少2.
_SIGN_WORD = re.compile(r"^\s*(增加|减少|增|减)\s*(?=[0-9])")


def is_separated(line: str) -> bool:
    """A row whose cells are separated by | or tabs (a tab only inside the line, not indenting it)."""
    return "|" in line or "\t" in line.strip()


def padded_cells(lines: list[str], is_text: Callable[[str], bool], skip=frozenset()) -> set[int]:
    """Which of `lines` (the lines with text, in order) hold one cell closed by | and padded with
    empty cells (`11 | |`) in a table flattened one cell per line: the line before is a cell line
    (closed by |, padded itself, or without pipes when this cell holds no words) and the line
    after is no row of cells (`规范性文件 | 1 | | 3 |`). Elsewhere such a line is a row: a label and
    its blank cells (`规章 | | | |`). `skip`: lines rendered from table markup, never flattened."""
    out: set[int] = set()
    for k, line in enumerate(lines):
        if k == 0 or k in skip or not PADDED_CELL.match(line):
            continue
        prev = lines[k - 1]
        if not (CLOSED_CELL.match(prev) or k - 1 in out
                or (not is_separated(prev) and not is_text(line[:line.index("|")].strip()))):
            continue
        nxt = lines[k + 1] if k + 1 < len(lines) else ""
        if not is_separated(nxt) or CLOSED_CELL.match(nxt) or PADDED_CELL.match(nxt):
            out.add(k)
    return out


def split_separated(line: str) -> list[tuple[str, int, int]]:
    parts, pos = [], 0
    for piece in SEPARATOR.split(line):
        parts.append((piece, pos, pos + len(piece)))
        pos += len(piece) + 1
    return parts


def split_spaced(line: str, is_cell: Callable[[str], bool], min_cells: int = 1) -> list[tuple[str, int, int]] | None:
    """`label 条 26`: the label (everything up to the trailing cells), then each trailing word for
    which `is_cell` holds. None when fewer than `min_cells` words end the line that way."""
    words = list(_WORD.finditer(line))
    k = len(words)
    while k > 1 and is_cell(words[k - 1].group()):
        k -= 1
    if len(words) - k < min_cells:
        return None
    lead = len(line) - len(line.lstrip())
    label_end = words[k - 1].end()
    return [(line[lead:label_end], lead, label_end)] + [(w.group(), w.start(), w.end()) for w in words[k:]]


@dataclass(frozen=True)
class Reading:
    """What one table cell says: a number (value, its span in the cell) or a blank."""
    value: Decimal | None  # None: blank (empty or a placeholder such as —)
    qualifier: str = "exact"
    start: int = 0         # span of the number as printed (sign and 增/减 included), relative to the cell
    end: int = 0
    unit: str = ""
    signed: bool = False   # written with + - 增 减


@lru_cache(maxsize=16384)  # cells repeat (0, blanks, small counts); Reading is immutable
def read_cell(text: str, units: frozenset[str], signed: bool = False) -> Reading | None:
    """The cell as a value of a column; None when it is not one number. `signed`: the column is
    a change (本年增/减), where 增/减 may stand for the sign; elsewhere a sign is refused (a count
    is never negative, and a sign in a count column is the mark of a shifted row)."""
    s = text.strip()
    if not s or s in PLACEHOLDERS:
        return Reading(None)
    m = _SIGN_WORD.match(text)
    if m:
        if not signed:
            return None
        num = parse_cell(text[m.end():])
        if num is None or num.value < 0 or not _unit_ok(num.unit, units):
            return None
        value = -num.value if m.group(1).startswith("减") else num.value
        return Reading(value, num.qualifier, m.start(1), m.end() + num.end, num.unit, True)
    num = parse_cell(text)
    if num is None or not _unit_ok(num.unit, units):
        return None
    has_sign = text[num.start] in "+-−－"
    if has_sign and not signed:
        return None
    return Reading(num.value, num.qualifier, num.start, num.end, num.unit, has_sign)


def is_value_like(text: str, units: frozenset[str]) -> bool:
    """A cell that can be a value of some column (a number, a signed change, a placeholder)."""
    return read_cell(text, units, signed=True) is not None and bool(text.strip())


def _unit_ok(unit: str, units: frozenset[str]) -> bool:
    """A unit written in the cell must be a unit the tables count in (件, 项, 元…): anything else
    (年 of a date, a bracket of a note cut short) makes the cell text, not a value."""
    if len(unit) >= 3 and unit[0] in "(（" and unit[-1] in ")）":
        unit = unit[1:-1]
    return not unit or unit in units


def whole_at_end(text: str, unit: str) -> bool:
    """A last cell the text ends in (a page cut short) that cannot have lost characters: 0 in a
    column that counts (件, 项, ±项…), where no digit can follow a 0 (a count is printed without
    leading zeros and without decimals), or a number closed by its unit (70487元). Any other
    number may be the start of a longer one."""
    unit = unit.lstrip("±")
    if _CLOSED_BY_UNIT.fullmatch(text.strip()):
        return True  # 70487元: the unit after the digits shows the number ended (万 alone may be 万元)
    return text.strip() == "0" and unit not in CURRENCY and unit not in ("", "unspecified")


_CLOSED_BY_UNIT = re.compile(r"[+\-]?[0-9][0-9,，.]*\s*(?:万元|亿元|元|件|项|个|条|次|人)")


def value_units(codebook) -> frozenset[str]:
    """Units a value cell may print after its number: the codebook's, and the currency units."""
    return frozenset({c["unit"].lstrip("±") for c in codebook.cells(None) if c["unit"]}
                     | set(CURRENCY)) - {"unspecified"}
