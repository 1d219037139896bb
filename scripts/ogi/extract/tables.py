"""Find and read the statistics tables of a report: which template, then its reader."""
from __future__ import annotations

from ..codebook import label_key, reduce_label
from ..model import Document, TableResult
from ..settings import FORMAT_2021_COLUMNS_MIN
from . import table_2019, table_pre2019


def extract_tables(doc: Document, codebook) -> TableResult:
    if _is_2021_revision(doc, codebook):
        return TableResult(template="format_2021", status="partial", notes=[
            "the tables follow the 2021 revision of the national format (columns "
            "本年制发/本年废止/现行有效): outside the 2016-2019 scope, not read"])
    new = table_2019.extract(doc, codebook)
    if new is not None and new.values:
        return new
    # The 2019 tables' headers with no row read (cut off after them, or 第二十条 cited in a
    # table of the old form): the old table, when it is there, is what the text holds.
    old = table_pre2019.extract(doc, codebook)
    if old is not None and (old.values or new is None):
        return old
    return new or TableResult(template="narrative")


def _is_2021_revision(doc: Document, codebook) -> bool:
    cols = {label_key(c["column_label"]) for c in codebook.cells("format_2021")}
    # reducing a label only removes characters: a column whose characters are not all in the
    # text cannot be in it (most texts lack 废止 or 制发), and the text need not be reduced
    view = doc.view
    if sum(1 for c in cols if c and all(ch in view for ch in c)) < FORMAT_2021_COLUMNS_MIN:
        return False
    squeezed = reduce_label(doc.view.replace("\n", ""))  # a whole text: not cached
    return sum(1 for c in cols if c and c in squeezed) >= FORMAT_2021_COLUMNS_MIN
