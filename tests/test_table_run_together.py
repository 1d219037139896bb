"""2019 tables whose cells ran together when the page lost its table markup (行政许可000).

A row whose digits are as many zeros as the row has columns is read, each column a 0 at its own
offset (a blank cell adds no digit, and no count is written 00); any other run is ambiguous
(行政许可120534: 12|0|534? 1|20|534?; 规章00 for three columns: which one is blank?) and is not read,
with a note. The marker and the header run together around such rows stay out of the values.
"""
from __future__ import annotations

from ogi.codebook import load
from ogi.extract.tables import extract_tables
from ogi.read import read_file

OPENING = ("2019年某乡政府信息公开工作年度报告\n本报告中所列数据的统计期限自2019年1月1日起至2019年12月31日止。\n"
           "二、主动公开政府信息情况\n")
TABLE = ("第二十条第(一)项\n信息内容本年新制作数量本年新公开数量对外公开总数量\n规章000\n规范性文件{normative}\n"
         "第二十条第(五)项\n信息内容上一年项目数量本年增/减处理决定数量\n行政许可000\n其他对外管理服务事项000\n"
         "第二十条第(六)项\n信息内容上一年项目数量本年增/减处理决定数量\n行政处罚000\n行政强制00\n"
         "第二十条第(八)项\n信息内容上一年项目数量本年增/减\n行政事业性收费00\n三、收到和处理政府信息公开申请情况\n")


def _read(tmp_path, normative="000"):
    text = OPENING + TABLE.format(normative=normative)
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    doc = read_file(tmp_path / "r.txt", tmp_path)
    return text, extract_tables(doc, load())


def test_a_row_of_as_many_zeros_as_columns_is_read_cell_by_cell(tmp_path):
    text, result = _read(tmp_path)
    got = {v.indicator_id: v for v in result.values}
    for row, ids in (("规章000", ("regulations_issued", "regulations_disclosed", "regulations_public_total")),
                     ("行政许可000", ("licensing_items_previous", "licensing_items_change", "licensing_decisions")),
                     ("行政事业性收费00", ("admin_fees_items_previous", "admin_fees_items_change"))):
        at = text.index(row) + len(row) - len(ids)
        for k, iid in enumerate(ids):   # each column its own zero, in order
            v = got[iid]
            assert v.value == 0 and v.method == "table_run_together", iid
            assert (v.char_start, v.char_end) == (at + k, at + k + 1), iid
            assert text[v.evidence_start:v.evidence_end].startswith(row[:2])


def test_a_run_that_is_not_all_zeros_or_one_short_is_not_read(tmp_path):
    _, result = _read(tmp_path, normative="120534")
    ids = {v.indicator_id for v in result.values}
    assert not ids & {"normative_docs_issued", "proactive_normative_docs", "normative_docs_public_total"}
    assert not ids & {"enforcement_items_previous", "enforcement_items_change", "enforcement_decisions"}  # 行政强制00
    assert any("规范性文件" in n and "run together" in n for n in result.notes)
    assert {"penalties_items_previous", "penalties_decisions"} <= ids   # the rows around them still are


def test_the_first_sub_table_is_entered_by_its_header_when_its_marker_is_missing(tmp_path):
    """Pages often drop the 第二十条第(一)项 line: the header holding 本年新制作数量 opens the table."""
    text = OPENING + TABLE.format(normative="000").replace("第二十条第(一)项\n", "", 1)
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    result = extract_tables(read_file(tmp_path / "r.txt", tmp_path), load())
    got = {v.indicator_id: v.value for v in result.values}
    assert got["regulations_issued"] == 0 and got["normative_docs_public_total"] == 0
    # prose that names the column is no header
    prose = OPENING + "本年新制作数量较去年增加,其中规章3件。\n"
    (tmp_path / "p.txt").write_text(prose, encoding="utf-8")
    assert "regulations_issued" not in {v.indicator_id for v in extract_tables(read_file(tmp_path / "p.txt", tmp_path), load()).values}
