"""Tables cut by the end of a page excerpt (scraped pages stop at about 2,000 bytes).

The report with a different number in every cell (test_table_layouts_real) is cut inside a row,
at each place a cut can fall: after a cell's separator (the cell is closed and read), right after
a cell's digits (`12` may be `123`: not read), inside a cell's number (`14` of `145`: not read).
The closed cells are read from the row's first column on, the rest named in the note; every row
before is read whole; no cell ever lands in another column. Where blank cells vanish (one cell
per line without pipes, words separated by spaces) a row with fewer cells than columns cannot
be placed and is not read at all.
"""
from __future__ import annotations

import re
from decimal import Decimal

import pytest

from ogi.extract.tables import extract_tables
from ogi.read import read_file

from .test_table_layouts_real import (CB, EXPECTED_2019, MODEL_2019, PRE_EXPECTED, PRE_LAYOUTS, PRE_MODEL,
                                      TEXT_LAYOUTS_2019, _template_rows, check_every_cell, check_pre,
                                      printed_2019)

# layout -> the separator that closes a cell ("" where a cell is never closed at the end of a text)
CLOSERS_2019 = {"pipes": " |", "pipes_padded": " |", "tabs": "\t", "cell_lines_blank_lines_closing_pipes": " |",
                "cell_lines": "", "spaces": ""}
APPEALS = [c for c in CB.cells("format_2019", "appeals")]
ROWS_2019 = _template_rows("article20") + _template_rows("requests") + [APPEALS]
# (row index in ROWS_2019, cells to cut in): two rows of section 二 (a signed column among them),
# the first row of the request table's group (三), its last row, the appeals table
TARGETS = [(5, range(3)), (6, range(2)), (12, (0, 3, 6)), (30, (0, 6)), (31, (0, 7, 14))]
CUTS = ("closed", "open", "truncated")


def _span(text, printed, after):
    """Where the cell printed as `printed` is, after offset `after` (every number is unique)."""
    m = re.compile(r"(?<![0-9+\-])" + re.escape(printed) + r"(?![0-9])").search(text, after)
    assert m, printed
    return m.start(), m.end()


def cut_2019(layout, row, k, how):
    """The report in `layout` cut in the k-th cell of row `row`: (text, what is read of the row)."""
    text = TEXT_LAYOUTS_2019[layout][0](MODEL_2019)
    printed = printed_2019(MODEL_2019)
    ids = [c["indicator_id"] for c in ROWS_2019[row]]
    a, b = _span(text, printed[ids[k]], text.index("二、主动公开政府信息情况"))
    closer = CLOSERS_2019[layout]
    if how == "closed":
        assert text[b:b + len(closer)] == closer
        return text[:b + len(closer)], k + 1
    if how == "open":
        return text[:b], k
    return text[:b - 1], k


def _cases_2019():
    for layout in sorted(CLOSERS_2019):
        for row, ks in TARGETS:
            for k in ks:
                for how in CUTS:
                    if how == "closed" and not CLOSERS_2019[layout]:
                        continue
                    if how == "closed" and layout == "tabs" and k == len(ROWS_2019[row]) - 1:
                        continue  # a tab row's last cell is followed by the end of its line
                    if how == "closed" and layout == "tabs" and row == len(ROWS_2019) - 1 and k == 0:
                        continue  # `1361<tab>` with no label: not told from a number and white space
                    yield layout, row, k, how


@pytest.mark.parametrize("layout, row, k, how", list(_cases_2019()))
def test_2019_row_cut_by_the_end_of_the_page(tmp_path, layout, row, k, how):
    text, closed = cut_2019(layout, row, k, how)
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    doc = read_file(tmp_path / "r.txt", tmp_path)
    result = extract_tables(doc, CB)
    ids = [c["indicator_id"] for c in ROWS_2019[row]]
    n = len(ids)
    visible = bool(CLOSERS_2019[layout])  # blank cells show: a row's cells can be placed from its start
    read = closed if visible or (how != "closed" and k == n - 1) else 0
    before = {c["indicator_id"] for r in ROWS_2019[:row] for c in r}
    want = {iid: v for iid, v in EXPECTED_2019.items() if iid in before or iid in ids[:read]}
    check_every_cell(doc, result, want)
    if read < n:
        assert result.status == "partial"
        label = ROWS_2019[row][0]["row_label"]
        note = next((x for x in result.notes if (label in x or row == 31 and "appeals" in x)
                     and ("not read" in x)), None)
        assert note, result.notes
        if read:  # the note names the columns not read, and only those
            cols = [c["column_label"] for c in ROWS_2019[row]]
            named = note.split(": ", 2)[-1]
            assert all(c in named for c in cols[read:]), note
            if row != 31:  # (the appeals table's column words repeat in its three groups)
                assert not any(c in named for c in cols[:read] if c not in cols[read:]), note


@pytest.mark.parametrize("layout", ["pipes", "cell_lines_blank_lines_closing_pipes"])
def test_a_cut_0_in_a_count_column_is_read(tmp_path, layout):
    """No digit can follow a 0 that counts (counts are printed without leading zeros or decimals):
    a row cut right after one is read up to it; any other number there may be the start of a
    longer one."""
    model = {k: [list(r) for r in v] if k != "appeals" else list(v) for k, v in MODEL_2019.items()}
    model["a20"][5][2] = "0"  # 行政强制: 本年增/减
    text = TEXT_LAYOUTS_2019[layout][0](model)
    a, b = _span(text, "26", text.index("行政强制"))
    cut = text[:text.index("0", b)+1]
    (tmp_path / "r.txt").write_text(cut, encoding="utf-8")
    doc = read_file(tmp_path / "r.txt", tmp_path)
    result = extract_tables(doc, CB)
    got = {v.indicator_id: (v.value, doc.view[v.char_start:v.char_end]) for v in result.values}
    assert got["enforcement_items_previous"] == (26, "26") and got["enforcement_items_change"] == (0, "0")
    assert "enforcement_decisions" not in got
    assert any("行政强制" in n and "处理决定数量 not read" in n for n in result.notes), result.notes


def test_a_cut_amount_ending_in_0_is_not_read(tmp_path):
    """An amount (采购总金额, no unit printed) may go on after its 0 (`0.5`): not read."""
    text = TEXT_LAYOUTS_2019["pipes"][0](MODEL_2019)
    text = text[:text.index("政府集中采购")] + "政府集中采购 | 3 | 0"
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    doc = read_file(tmp_path / "r.txt", tmp_path)
    got = {v.indicator_id: v.value for v in extract_tables(doc, CB).values}
    assert got["procurement_projects"] == 3 and "procurement_amount" not in got


@pytest.mark.parametrize("cell, expected", [("70487元", 70487), ("12.5万元", 125000), ("70487万", None),
                                            ("70487", None), ("13000000(预算", None)])
def test_a_cut_amount_closed_by_its_unit_is_read(tmp_path, cell, expected):
    """A unit after the digits (70487元) shows the number ended; 万 alone may be the start of 万元,
    and a note cut short (13000000(预算) leaves its number unread, the row's other cells read."""
    text = TEXT_LAYOUTS_2019["cell_lines"][0](MODEL_2019)
    text = text[:text.index("政府集中采购")] + "政府集中采购\n\n3\n\n" + cell + "\n"
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    doc = read_file(tmp_path / "r.txt", tmp_path)
    got = {v.indicator_id: v.value for v in extract_tables(doc, CB).values}
    assert got["procurement_projects"] == 3 and got.get("procurement_amount") == expected


# --- the pre-2019 table -------------------------------------------------------------------------

PRE_CLOSERS = {"pipes": " |", "cell_lines_closing_pipes": " |", "cell_lines": "", "spaces": ""}
PRE_VALUE_ROWS = [i for i, r in enumerate(PRE_MODEL) if r[0] == "value"]
PRE_IDS = [c["indicator_id"] for c in CB.cells("pre2019_table")]


def _pre_text(layout, model=PRE_MODEL):
    return PRE_LAYOUTS[layout][1](model, False).decode("utf-8")


# (a cell of the layouts without a closer is never closed at the end of a text: no "closed" case)
PRE_CUTS = [(layout, how) for layout in sorted(PRE_CLOSERS)
            for how in ["closed", "open", "truncated", "after_unit", "after_label"]
            if how != "closed" or PRE_CLOSERS[layout]]


@pytest.mark.parametrize("layout, how", PRE_CUTS)
@pytest.mark.parametrize("at", [PRE_VALUE_ROWS[3], PRE_VALUE_ROWS[20], PRE_VALUE_ROWS[-1]])
def test_pre2019_row_cut_by_the_end_of_the_page(tmp_path, layout, at, how):
    kind, label, unit, printed, _ = PRE_MODEL[at]
    text = _pre_text(layout)
    row_at = text.index(label)
    a = text.index(printed, row_at + len(label))
    b = a + len(printed)
    text = {"closed": text[:b + len(PRE_CLOSERS[layout])], "open": text[:b], "truncated": text[:b - 1],
            "after_unit": text[:text.index(unit, row_at + len(label)) + len(unit)],
            "after_label": text[:row_at + len(label)]}[how]
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    doc = read_file(tmp_path / "r.txt", tmp_path)
    result = extract_tables(doc, CB)
    before = set(PRE_IDS[:at]) | ({PRE_IDS[at]} if how == "closed" else set())
    want = {k: v for k, v in PRE_EXPECTED.items() if k[0] in before}
    check_pre(doc, result, want)
    assert PRE_IDS[at] in {v.indicator_id for v in result.values} or any(
        label in n and "not read" in n for n in result.notes), result.notes


@pytest.mark.parametrize("layout", sorted(PRE_CLOSERS))
def test_pre2019_a_cut_0_is_read(tmp_path, layout):
    at = PRE_VALUE_ROWS[-1]
    model = list(PRE_MODEL)
    kind, label, unit, _, cum = model[at]
    model[at] = (kind, label, unit, "0", cum)
    text = _pre_text(layout, model)
    text = text[:text.index("0", text.index(label) + len(label)) + 1]
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    doc = read_file(tmp_path / "r.txt", tmp_path)
    got = {v.indicator_id: (v.value, doc.view[v.char_start:v.char_end]) for v in extract_tables(doc, CB).values}
    assert got[PRE_IDS[at]] == (Decimal(0), "0")


LEADING = {
    # rows before the cut one, the cut row, and what is read of it (行政强制's three columns)
    "blank_first_cell_after_rows_that_start_at_once": (
        "行政处罚 | 6 | +7 | 8 |\n", "行政强制 | | -1 |", [(None, ""), (-1, "-1")]),
    "blank_first_cell_in_the_first_row": ("", "行政强制 | | -1 |", []),  # padding or a blank?
    "rows_with_a_padding_cell_before_their_columns": (
        "行政处罚 | | 6 | +7 | 8 |\n", "行政强制 | | 4 | -1", [(4, "4")]),
    "a_number_where_the_other_rows_have_padding": ("行政处罚 | | 6 | +7 | 8 |\n", "行政强制 | 4 | -1 |", []),
}


@pytest.mark.parametrize("case", sorted(LEADING))
def test_a_cut_row_starts_where_its_table_starts(tmp_path, case):
    """The first columns of a cut row are placed by the rows of its table read before it: a blank
    first cell is a blank of the first column only where no row of its table has padding there."""
    before, cut, cells = LEADING[case]
    text = (f"某县人民政府办公室2019年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
            f"第二十条第(六)项 |\n{before}{cut}")
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    doc = read_file(tmp_path / "r.txt", tmp_path)
    result = extract_tables(doc, CB)
    got = {v.indicator_id: (v.value, doc.view[v.char_start:v.char_end]) for v in result.values}
    ids = ("enforcement_items_previous", "enforcement_items_change", "enforcement_decisions")
    assert {k: v for k, v in got.items() if k.startswith("enforcement_")} == dict(zip(ids, cells))
    assert any("行政强制" in n and "not read" in n for n in result.notes), result.notes
    if before:
        assert got["penalties_items_previous"] == (6, "6") and got["penalties_decisions"] == (8, "8")
