"""Empty cells padding the end of a row (`| |`, `|  |`, `||`), in every flattened layout.

A scraper that closes each cell by | may close a row by one more: in a table flattened one cell
per line the last cell of each row then reads `11 | |` (or `11 ||`, and a blank last cell `| |`).
That padding is no cell: it may neither shift nor drop a cell, and a blank cell inside a row stays
a blank, never a zero. Every cell of the three 2019 tables and of the pre-2019 table is checked:
its indicator, its value (or blank) and the text at its span.
"""
from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from ogi.extract.tables import extract_tables
from ogi.read import read_file

from .test_table_layouts_real import (APPEAL_WORDS, CB, INTRO, MODEL_2019, PRE_MODEL, PRE_TITLE, REQ_HEADER,
                                      TITLE, _a20_blocks, _pre_rows, printed_2019)

PADS = {"space_pipe": " |", "two_spaces_pipe": "  |", "pipe": "|"}


# --- the 2019 tables, some cells blank --------------------------------------------------------

def blank_model(blank_row=True):
    """MODEL_2019 with blank cells: in the middle and at the end of rows, a row blank throughout,
    the first cell of a row, and two of the appeals table's cells (its last among them)."""
    m = copy.deepcopy(MODEL_2019)
    m["a20"][0][2] = ""                      # 规章: 本年新公开数量
    m["a20"][1][3] = ""                      # 规范性文件: its last cell
    m["a20"][6][1] = ""                      # 行政事业性收费: its first cell
    m["req"][0][8] = ""                      # 本年新收: 总计 (its last cell)
    m["req"][4][3] = m["req"][4][4] = ""     # 1.属于国家秘密: two cells in the middle
    if blank_row:
        m["req"][10][2:] = [""] * 7          # 7.属于行政执法案卷: blank throughout
    m["appeals"][7] = m["appeals"][14] = ""
    return m


def expected(model):
    """indicator -> (value, text at its span): blank cells (None, "")."""
    return {iid: ((Decimal(p), p) if p else (None, "")) for iid, p in printed_2019(model).items()}


def items_2019(model):
    """The report as ("line", text) and ("row", cells) in order."""
    out = [("line", TITLE), ("line", INTRO), ("line", "二、主动公开政府信息情况")]
    for marker, header, rows in _a20_blocks(model):
        out += [("row", [marker]), ("row", header)] + [("row", r) for r in rows]
    out += [("line", "三、收到和处理政府信息公开申请情况"), ("row", REQ_HEADER)]
    out += [("row", ([group] if group else []) + [label, *cells]) for group, label, *cells in model["req"]]
    out += [("line", "四、政府信息公开行政复议、行政诉讼情况"), ("row", ["行政复议", "行政诉讼"]),
            ("row", APPEAL_WORDS + ["未经复议直接起诉", "复议后起诉"]), ("row", APPEAL_WORDS * 2),
            ("row", model["appeals"]), ("line", "五、存在的主要问题及改进情况"), ("line", "无。")]
    return out


def cell_lines_padded(items, pad, blank_lines=False):
    """One cell per line, each closed by |, the last cell of each row padded (`11 | |`)."""
    lines = []
    for kind, x in items:
        if kind == "line":
            lines.append(x)
            continue
        cells = [f"{c} |" if c else "|" for c in x]
        cells[-1] += pad
        lines += cells
    return ("\n\n" if blank_lines else "\n").join(lines) + "\n"


def cell_lines_ruled(items, rule):
    """One cell per line, each closed by |, a blank cell a lone |, and each row ended by a line of
    pipes (`||`, or one pipe per cell of the row) as some browsers flatten a table."""
    lines = []
    for kind, x in items:
        if kind == "line":
            lines.append(x)
            continue
        lines += [f"{c} |" if c else "|" for c in x]
        lines.append(rule(x))
    return "\n".join(lines) + "\n"


def pipe_rows_padded(items, pad):
    return "\n".join(x if kind == "line" else " | ".join(x) + " |" + pad for kind, x in items) + "\n"


def tab_rows_padded(items, pad):
    """Cells separated by tabs, each row closed by `pad` more tabs."""
    return "\n".join(x if kind == "line" else "\t".join(x) + pad for kind, x in items) + "\n"


LAYOUTS_2019 = {
    **{f"cell_lines_{k}": (lambda it, p=p: cell_lines_padded(it, p), "table_cell_lines") for k, p in PADS.items()},
    "cell_lines_blank_lines": (lambda it: cell_lines_padded(it, " |", blank_lines=True), "table_cell_lines"),
    **{f"pipes_{k}": (lambda it, p=p: pipe_rows_padded(it, p), "table_pipe_rows") for k, p in PADS.items()},
    "pipes_two_pads": (lambda it: pipe_rows_padded(it, " | |"), "table_pipe_rows"),
    "tabs_one_pad": (lambda it: tab_rows_padded(it, "\t"), "table_pipe_rows"),
    "cell_lines_ruled_two": (lambda it: cell_lines_ruled(it, lambda x: "||"), "table_cell_lines"),
    "cell_lines_ruled_per_cell": (lambda it: cell_lines_ruled(it, lambda x: "|" * (len(x) + 1)), "table_cell_lines"),
}


def read(tmp_path, text):
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    doc = read_file(tmp_path / "r.txt", tmp_path)
    return doc, extract_tables(doc, CB)


def check(doc, result, want, method):
    got = {}
    for v in result.values:
        assert v.indicator_id not in got, f"{v.indicator_id} read twice"
        got[v.indicator_id] = v
    assert set(got) == set(want), (sorted(set(want) - set(got))[:5], sorted(set(got) - set(want))[:5])
    for iid, (value, printed) in want.items():
        v = got[iid]
        assert v.value == value, (iid, v.value, value)
        assert v.value_status == ("blank" if value is None else "printed"), iid
        assert doc.view[v.char_start:v.char_end] == printed, (iid, doc.view[v.char_start:v.char_end], printed)
        assert v.evidence_start <= v.char_start <= v.char_end <= v.evidence_end, iid
        assert v.method == method, (iid, v.method)


@pytest.mark.parametrize("layout", sorted(LAYOUTS_2019))
@pytest.mark.parametrize("blanks", [False, True], ids=["printed", "with_blanks"])
def test_2019_rows_padded_at_the_end(tmp_path, layout, blanks):
    # (a row of tabs and nothing else after its label is not told from trailing white space)
    model = blank_model(blank_row=not layout.startswith("tabs")) if blanks else MODEL_2019
    make, method = LAYOUTS_2019[layout]
    doc, result = read(tmp_path, make(items_2019(model)))
    assert result.template == "format_2019" and result.status == "parsed", result.notes
    check(doc, result, expected(model), method)


def test_the_reported_page(tmp_path):
    """The row as the unseen page printed it (every cell closed by |, the last one padded)."""
    body = ("第二十条第(一)项 |\n信息内容 |\n本年新制作数量 |\n本年新公开数量 |\n对外公开总数量 | |\n"
            "规章 |\n0 |\n0 |\n0 | |\n规范性文件 |\n13 |\n11 |\n11 | |\n")
    doc, result = read(tmp_path, f"{TITLE}\n{INTRO}\n二、主动公开政府信息情况\n{body}五、存在的主要问题及改进情况\n")
    got = {v.indicator_id: (v.value, doc.view[v.char_start:v.char_end]) for v in result.values}
    assert got == {"regulations_issued": (0, "0"), "regulations_disclosed": (0, "0"),
                   "regulations_public_total": (0, "0"), "normative_docs_issued": (13, "13"),
                   "proactive_normative_docs": (11, "11"), "normative_docs_public_total": (11, "11")}
    assert not any("规范性文件" in n for n in result.notes), result.notes


@pytest.mark.parametrize("pad", sorted(PADS))
def test_a_lost_cell_is_not_hidden_by_the_padding(tmp_path, pad):
    """A row that lost a cell still holds too few cells once its padding is set aside: refused,
    never read with the padding as its last cell."""
    model = copy.deepcopy(MODEL_2019)
    del model["a20"][5][2]  # 行政强制 loses its 本年增/减
    doc, result = read(tmp_path, cell_lines_padded(items_2019(model), PADS[pad]))
    assert any("行政强制" in n and "not read" in n for n in result.notes), result.notes
    assert not any(v.indicator_id.startswith("enforcement_") for v in result.values)
    want = {k: v for k, v in expected(model).items() if not k.startswith("enforcement_")}
    check(doc, result, want, "table_cell_lines")


def test_a_row_of_blank_cells_is_not_taken_for_a_padded_cell(tmp_path):
    """`规章 | | | |` after a one-cell line (a marker closed by |) and before a pipe row is a
    row: its three cells are blanks."""
    body = "第二十条第(一)项 |\n规章 | | | |\n规范性文件 | 1 | | 3 |\n"
    doc, result = read(tmp_path, f"{TITLE}\n{INTRO}\n二、主动公开政府信息情况\n{body}五、存在的主要问题及改进情况\n")
    got = {v.indicator_id: (v.value, v.value_status) for v in result.values}
    for iid in ("regulations_issued", "regulations_disclosed", "regulations_public_total", "proactive_normative_docs"):
        assert got[iid] == (None, "blank"), iid
    assert got["normative_docs_issued"] == (1, "printed") and got["normative_docs_public_total"] == (3, "printed")


# --- the pre-2019 table -------------------------------------------------------------------------

def pre_blank_model():
    """PRE_MODEL with every seventh value row printed blank."""
    rows = list(PRE_MODEL)
    value_rows = [i for i, r in enumerate(rows) if r[0] == "value"]
    for i in value_rows[::7]:
        kind, label, unit, _, cum = rows[i]
        rows[i] = (kind, label, unit, "", cum)
    return rows


def pre_expected(model):
    """(indicator, in a section header row) -> (value, text at its span)."""
    out = {}
    for c, (kind, _, _, printed, _) in zip(CB.cells("pre2019_table"), model, strict=True):
        if kind == "section_header" and printed:
            out[(c["indicator_id"], True)] = (Decimal(printed), printed)
        elif kind == "value":
            out[(c["indicator_id"], False)] = (Decimal(printed), printed) if printed else (None, "")
    return out


def pre_text(model, pad, layout):
    lines = [PRE_TITLE, "政府信息公开情况统计表", "(2016年度)"]
    for r in _pre_rows(model, False):
        if layout == "pipes":
            lines.append(" | ".join(r) + " |" + pad)
        else:
            cells = [f"{c} |" if c else "|" for c in r]
            cells[-1] += pad
            lines += cells
    return "\n".join(lines + ["单位负责人: 填报日期:2017/1/4"]) + "\n"


def check_pre(doc, result, want, method):
    got = {}
    for v in result.values:
        key = (v.indicator_id, v.method == "table_section_header")
        assert key not in got, key
        got[key] = v
    assert set(got) == set(want), (sorted(set(want) - set(got))[:5], sorted(set(got) - set(want))[:5])
    for key, (value, printed) in want.items():
        v = got[key]
        assert v.value == value and v.value_status == ("blank" if value is None else "printed"), (key, v.value)
        assert doc.view[v.char_start:v.char_end] == printed, (key, doc.view[v.char_start:v.char_end], printed)
        assert v.evidence_start <= v.char_start <= v.char_end <= v.evidence_end, key
        if not key[1]:
            assert v.method == method, (key, v.method)


@pytest.mark.parametrize("layout", ["cell_lines", "pipes"])
@pytest.mark.parametrize("pad", sorted(PADS))
@pytest.mark.parametrize("blanks", [False, True], ids=["printed", "with_blanks"])
def test_pre2019_rows_padded_at_the_end(tmp_path, layout, pad, blanks):
    model = pre_blank_model() if blanks else PRE_MODEL
    doc, result = read(tmp_path, pre_text(model, PADS[pad], layout))
    assert result.template == "pre2019_table" and result.status == "parsed", result.notes
    check_pre(doc, result, pre_expected(model), "table_cell_lines" if layout == "cell_lines" else "table_pipe_rows")
