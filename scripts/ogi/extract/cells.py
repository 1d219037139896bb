"""How a line of table text splits into cells, shared by both table readers.

Cells are separated by | or tabs (blank cells kept), or, in text flattened with spaces, the
trailing words that are cells (numbers, units) follow a label that may itself contain spaces.
Spans are (text, start, end) with offsets relative to the start of the line.
"""
from __future__ import annotations

import re
from typing import Callable

SEPARATOR = re.compile(r"[|\t]")
_WORD = re.compile(r"\S+")


def is_separated(line: str) -> bool:
    """A row whose cells are separated by | or tabs (a tab only inside the line, not indenting it)."""
    return "|" in line or "\t" in line.strip()


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
