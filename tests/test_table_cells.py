"""What a table cell holds: one number, with at most a unit the tables count in after it.

numbers.parse_cell takes up to three characters after a number as its unit; the table readers
accept only units of the codebook and currency units, so `5件` is 5, `12abc` and `2017年` are
words (the row is not read, never read as 12 or 2017), and `12 | 3` is two cells.
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from ogi.codebook import load
from ogi.extract.cells import is_value_like, read_cell, value_units
from ogi.extract.tables import extract_tables
from ogi.read import read_file

CB = load()
UNITS = value_units(CB)
TITLE = "某县人民政府办公室2019年政府信息公开工作年度报告\n本报告所列数据的统计期限自2019年1月1日起至2019年12月31日止。\n"
END = "五、存在的主要问题及改进情况\n无。\n"


@pytest.mark.parametrize("text, value, unit", [
    ("5件", 5, "件"), ("12 项", 12, "项"), ("18.3万元", 183000, "元"), ("251000元", 251000, "元"),
    ("1000余", 1000, ""), ("0", 0, ""),
])
def test_a_number_and_a_known_unit(text, value, unit):
    r = read_cell(text, UNITS)
    assert r is not None and (r.value, r.unit) == (Decimal(value), unit)
    assert is_value_like(text, UNITS)


@pytest.mark.parametrize("text", ["12abc", "12 abc", "2017年", "12月", "3日", "12 | 3", "12 3", "1.当面", "5件3"])
def test_not_one_number_with_a_known_unit(text):
    assert read_cell(text, UNITS) is None and not is_value_like(text, UNITS)


def _read(tmp_path, body):
    (tmp_path / "r.txt").write_text(TITLE + body + END, encoding="utf-8")
    doc = read_file(tmp_path / "r.txt", tmp_path)
    result = extract_tables(doc, CB)
    return doc, result, {v.indicator_id: (v.value, doc.view[v.char_start:v.char_end]) for v in result.values}


@pytest.mark.parametrize("sep", [" | ", "\t"])
def test_2019_cells_with_units_and_next_to_each_other(tmp_path, sep):
    body = "二、主动公开政府信息情况\n第二十条第(一)项 |\n" + "\n".join(
        sep.join(r) + (" |" if sep == " | " else "")
        for r in (["规章", "12", "3", "5件"], ["规范性文件", "12abc", "4", "6"]))
    doc, result, got = _read(tmp_path, body + "\n")
    assert got["regulations_issued"] == (12, "12") and got["regulations_disclosed"] == (3, "3")
    assert got["regulations_public_total"] == (5, "5")
    assert not any(k.startswith("normative_docs") or k == "proactive_normative_docs" for k in got)
    assert any("规范性文件" in n and "not read" in n for n in result.notes), result.notes
    assert Decimal(12) not in {v.value for v in result.values if v.indicator_id != "regulations_issued"}


PRE_HEAD = "某县人民政府2016年政府信息公开工作年度报告\n政府信息公开情况统计表\n统计指标 | 单位 | 统计数 |\n"


@pytest.mark.parametrize("cell, read", [("5件", (5, "5")), ("12abc", None), ("2017年", None), ("-3", None),
                                        ("12 | 3", None)])
@pytest.mark.parametrize("layout", ["pipes", "cell_lines"])
def test_pre2019_value_cells(tmp_path, cell, read, layout):
    rows = [("(一)收到申请数", "件", cell), ("1.当面申请数", "件", "7"), ("2.传真申请数", "件", "8"),
            ("3.网络申请数", "件", "9"), ("4.信函申请数", "件", "10"), ("(二)申请办结数", "件", "11"),
            ("1.按时办结数", "件", "12"), ("2.延期办结数", "件", "13")]
    if layout == "pipes":
        body = PRE_HEAD + "".join(f"{a} | {b} | {c} |\n" for a, b, c in rows)
    else:
        body = PRE_HEAD.replace(" | ", "\n").replace(" |", "") + "".join(f"{a}\n{b}\n{c}\n" for a, b, c in rows)
    (tmp_path / "r.txt").write_text(body + "单位负责人: 填报日期:2017/1/4\n", encoding="utf-8")
    doc = read_file(tmp_path / "r.txt", tmp_path)
    result = extract_tables(doc, CB)
    got = {v.indicator_id: (v.value, doc.view[v.char_start:v.char_end], v.value_status) for v in result.values}
    assert got["requests_received_in_person"][:2] == (7, "7") and got["requests_completed_extended"][:2] == (13, "13")
    if read:
        assert got["requests_received"] == (*read, "printed")
    else:  # neither a number nor a blank
        assert "requests_received" not in got, got["requests_received"]
        assert any("收到申请数" in n and "not read" in n for n in result.notes), result.notes
        assert not {Decimal(12), Decimal(2017), Decimal(-3)} & {v.value for v in result.values
                                                              if v.indicator_id == "requests_received"}
