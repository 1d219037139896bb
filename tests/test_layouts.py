"""The same table in every layout gives the same observations.

Fixtures are built by the tests from the seeds' own text (numbers are never retyped): an HTML
page with real <table> markup (merged header cells, navigation and footer around it), a real
.xlsx written by xlsxwriter, a .docx written by python-docx, and pipe rows.
"""
from __future__ import annotations

import html

import pytest
import xlsxwriter

from ogi.codebook import label_key, load
from ogi.read import read_file
from ogi.extract.tables import extract_tables

from .conftest import RAW, SEEDS

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>年报</title>
<script>var x = 1;</script></head><body>
<div class="nav-menu"><a href="/">首页</a> | <a href="/gk">政务公开</a> 2024年12月31日</div>
<div id="content"><h1>{title}</h1><p>{intro}</p>{body}</div>
<div class="footer">主办单位:某某人民政府办公室 联系电话:0871-63126400 <a>网站地图</a></div>
</body></html>"""


def observed(result):
    return {(v.indicator_id, v.value, v.value_status) for v in result.values
            if v.method != "table_section_header"} | {
        ("header:" + v.indicator_id, v.value, v.value_status) for v in result.values
        if v.method == "table_section_header"}


# --- pre-2019 table (seed 000) ------------------------------------------------------------

def seed000_rows() -> list[list[str]]:
    text = (RAW / SEEDS["000"]).read_text(encoding="utf-8")
    rows = []
    for line in text.split("\n"):
        if line.count("|") >= 1 and not line.startswith("统 计"):
            cells = [c.strip() for c in line.split("|")]
            if cells[-1] == "":
                cells = cells[:-1]
            rows.append(cells + [""] * (3 - len(cells)))
    return rows


def _html_table(rows, header=None) -> str:
    out = ["<table border=1>"]
    if header:
        out.append(header)
    for r in rows:
        out.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _xlsx(path, rows, header_rows=()):
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("统计表")
    r = 0
    for hr in header_rows:
        for c, text in enumerate(hr):
            ws.write_string(r, c, text)
        r += 1
    for row in rows:
        for c, cell in enumerate(row):
            if cell == "":
                continue
            try:
                ws.write_number(r, c, int(cell))
            except ValueError:
                ws.write_string(r, c, cell)
        r += 1
    wb.close()


@pytest.fixture(scope="module")
def pre2019_reference(seed_doc):
    return observed(extract_tables(seed_doc("000"), load()))


def test_pre2019_html_table(tmp_path, pre2019_reference):
    rows = seed000_rows()
    page = PAGE.format(title="政府信息公开情况统计表", intro="(2016年度)",
                       body=_html_table(rows, "<tr><th>统计指标</th><th>单位</th><th>统计数</th></tr>"))
    (tmp_path / "table.html").write_text(page, encoding="utf-8")
    doc = read_file(tmp_path / "table.html", tmp_path)
    assert doc.format == "html" and "首页" not in doc.text and "网站地图" not in doc.text
    result = extract_tables(doc, load())
    assert result.template == "pre2019_table"
    assert observed(result) == pre2019_reference
    assert {v.method for v in result.values} == {"table_html", "table_section_header"}
    for v in result.values:
        if v.value is not None:
            assert doc.text[v.char_start:v.char_end] == str(v.value)


def _xls(path, rows, header_rows=()):
    """The legacy binary .xls (OLE2), as the 2018 seed says its table was attached."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("统计表")
    for r, row in enumerate([*header_rows, *rows]):
        for c, cell in enumerate(row):
            if cell != "":
                ws.write(r, c, int(cell) if cell.isdigit() else cell)
    wb.save(str(path))
    assert path.read_bytes().startswith(b"\xd0\xcf\x11\xe0")


@pytest.mark.parametrize("suffix, write", [("xlsx", _xlsx), ("xls", _xls)])
def test_pre2019_spreadsheet_attachment(tmp_path, pre2019_reference, suffix, write):
    path = tmp_path / f"统计表.{suffix}"
    write(path, seed000_rows(), [["政府信息公开情况统计表"], ["统计指标", "单位", "统计数"]])
    doc = read_file(path, tmp_path)
    assert doc.format == suffix and doc.table_blocks
    result = extract_tables(doc, load())
    assert observed(result) == pre2019_reference
    assert {v.method for v in result.values} == {"table_spreadsheet", "table_section_header"}


PRE2019_TEXT_LAYOUTS = {
    # (row -> line, method of the value rows)
    "serial_column": (lambda i, r: f"{i} | " + " | ".join(r) + " |", "table_pipe_rows"),
    "value_before_unit": (lambda i, r: f"{r[0]} | {r[2]} | {r[1]} |", "table_pipe_rows"),
    "tab_separated": (lambda i, r: "\t".join(r), "table_pipe_rows"),
    "space_separated": (lambda i, r: " ".join(r), "table_text_columns"),
}


@pytest.mark.parametrize("layout", sorted(PRE2019_TEXT_LAYOUTS))
def test_pre2019_text_layouts(tmp_path, pre2019_reference, layout):
    row, method = PRE2019_TEXT_LAYOUTS[layout]
    lines = [row(i, r) for i, r in enumerate(seed000_rows(), 1)]
    # the signature line after the table: a text that ends in a number may have been cut inside it
    text = ("某县人民政府2016年政府信息公开工作年度报告\n政府信息公开情况统计表\n" + "\n".join(lines)
            + "\n单位负责人: 填报日期:2017/1/4\n")
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    doc = read_file(tmp_path / "r.txt", tmp_path)
    result = extract_tables(doc, load())
    assert result.status == "parsed", result.notes
    assert observed(result) == pre2019_reference  # no value lost, none made blank
    assert {v.method for v in result.values} == {method, "table_section_header"}
    for v in result.values:
        if v.value is not None:
            assert doc.text[v.char_start:v.char_end] == str(v.value)


def test_pre2019_title_without_rows_says_the_table_is_not_in_the_text(tmp_path):
    from ogi.pipeline import parse_file

    text = "某县人民政府2016年政府信息公开工作年度报告\n政府信息公开情况统计表\n(见附件)\n"
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    p = parse_file(tmp_path / "r.txt", tmp_path)
    assert p.report["template"] == "narrative" and p.observations == []
    assert "is not in the text" in p.report["status_note"]


def test_pre2019_docx_table(tmp_path, pre2019_reference):
    import docx

    d = docx.Document()
    d.add_paragraph("政府信息公开情况统计表")
    rows = seed000_rows()
    table = d.add_table(rows=len(rows), cols=3)
    for i, r in enumerate(rows):
        for j, c in enumerate(r):
            table.cell(i, j).text = c
    d.save(str(tmp_path / "report.docx"))
    doc = read_file(tmp_path / "report.docx", tmp_path)
    assert doc.format == "docx"
    assert observed(extract_tables(doc, load())) == pre2019_reference


def test_pre2019_one_cell_per_line(seed_doc, tmp_path):
    """Flattened one cell per line: blank value cells vanish, so they read as blank rows."""
    lines = ["政府信息公开情况统计表"]
    for r in seed000_rows():
        lines += [c for c in r if c] + [""]
    (tmp_path / "flat.txt").write_text("\n".join(lines), encoding="utf-8")
    doc = read_file(tmp_path / "flat.txt", tmp_path)
    got = {(v.indicator_id, v.value) for v in extract_tables(doc, load()).values if v.value is not None}
    want = {(v.indicator_id, v.value) for v in extract_tables(seed_doc("000"), load()).values
            if v.value is not None}
    assert got == want


# --- 2019 format (seed 001) ---------------------------------------------------------------

def seed001_tables():
    """(article20 rows, request rows, appeal values) as printed in seed 001, via the codebook.
    Read from the seed's lines directly (one cell per line), not through the reader under test."""
    cb = load()
    sizes = {}
    for table in ("article20", "requests"):
        for c in cb.cells("format_2019", table):
            sizes[(table, label_key(c["row_label"]))] = sizes.get((table, label_key(c["row_label"])), 0) + 1
    first_request = label_key(cb.cells("format_2019", "requests")[0]["row_label"])
    lines = [ln.strip() for ln in (RAW / SEEDS["001"]).read_text(encoding="utf-8").split("\n") if ln.strip()]
    a20, req, appeals, table = [], [], [], "article20"
    for i, line in enumerate(lines):
        key = label_key(line)
        if key == first_request:
            table = "requests"
        if key == "行政复议" and table == "requests":
            appeals = [c for c in lines[i:] if c.isdigit()][:15]
            break
        if (table, key) in sizes:
            n = sizes[(table, key)]
            cells = lines[i + 1:i + 1 + n]
            assert all(c.isdigit() for c in cells), (line, cells)
            (a20 if table == "article20" else req).append([line] + cells)
    return a20, req, appeals


HEADER_2019 = """<tr><th rowspan=2>申请人情况</th><th rowspan=2>自然人</th><th colspan=5>法人或其他组织</th><th rowspan=2>总计</th></tr>
<tr><th>商业企业</th><th>科研机构</th><th>社会公益组织</th><th>法律服务机构</th><th>其他</th></tr>"""
APPEALS_HEADER = """<tr><th colspan=5>行政复议</th><th colspan=10>行政诉讼</th></tr>
<tr><th rowspan=2>结果维持</th><th rowspan=2>结果纠正</th><th rowspan=2>其他结果</th><th rowspan=2>尚未审结</th><th rowspan=2>总计</th><th colspan=5>未经复议直接起诉</th><th colspan=5>复议后起诉</th></tr>
<tr>""" + "<th>结果维持</th><th>结果纠正</th><th>其他结果</th><th>尚未审结</th><th>总计</th>" * 2 + "</tr>"


def html_2019(a20, req, appeals) -> str:
    parts = ["<p>二、主动公开政府信息情况</p>",
             _html_table(a20, "<tr><th colspan=4>第二十条第(一)项</th></tr>"),
             "<p>三、收到和处理政府信息公开申请情况</p>"]
    rows = []
    for r in req:
        if label_key(r[0]) == "属于国家秘密":  # the 不予公开 group label spans its 8 reasons
            rows.append("<tr><td rowspan=8>(三)不予公开</td>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>")
        else:
            rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>")
    parts.append("<table>" + HEADER_2019 + "".join(rows) + "</table>")
    parts.append("<p>四、政府信息公开行政复议、行政诉讼情况</p>")
    parts.append("<table>" + APPEALS_HEADER + "<tr>" + "".join(f"<td>{c}</td>" for c in appeals) + "</tr></table>")
    return PAGE.format(title="某区人民政府办公室2019年政府信息公开工作年度报告", intro="一、总体情况",
                       body="\n".join(parts))


def pipe_2019(a20, req, appeals) -> str:
    lines = ["二、主动公开政府信息情况", "第二十条第(一)项 | 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |"]
    lines += [" | ".join(r) + " |" for r in a20]
    lines += ["三、收到和处理政府信息公开申请情况", "申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |"]
    lines += [" | ".join(r) + " |" for r in req]
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "行政复议 | 行政诉讼 |", " | ".join(appeals) + " |"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def ref2019(seed_doc):
    return observed(extract_tables(seed_doc("001"), load()))


def test_2019_fixture_comes_from_the_seed():
    a20, req, appeals = seed001_tables()
    assert len(a20) == 8 and len(req) == 23 and len(appeals) == 15
    assert req[0][1:] == ["5", "0", "0", "0", "3", "0", "8"]  # seed 001 lines 151-163


def test_2019_pipe_rows(tmp_path, ref2019):
    (tmp_path / "r.txt").write_text(pipe_2019(*seed001_tables()), encoding="utf-8")
    result = extract_tables(read_file(tmp_path / "r.txt", tmp_path), load())
    assert result.status == "parsed", result.notes
    assert observed(result) == ref2019
    assert {v.method for v in result.values} == {"table_pipe_rows"}


def test_2019_tab_separated_rows(tmp_path, ref2019):
    text = pipe_2019(*seed001_tables()).replace(" |\n", "\n").replace(" | ", "\t")
    assert "|" not in text and "\t\t" not in text
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    result = extract_tables(read_file(tmp_path / "r.txt", tmp_path), load())
    assert result.status == "parsed", result.notes
    assert observed(result) == ref2019


@pytest.mark.parametrize("blank", [False, True])
def test_2019_space_separated_rows(tmp_path, ref2019, blank):
    a20, req, appeals = seed001_tables()
    if blank:  # a blank cell cannot show between spaces: that row must not be read shifted
        req = [list(r) for r in req]
        req[0][2] = ""
    text = pipe_2019(a20, req, appeals).replace(" |\n", "\n").replace(" | ", " ")
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    doc = read_file(tmp_path / "r.txt", tmp_path)
    result = extract_tables(doc, load())
    got = observed(result)
    assert got <= ref2019  # nothing read differs from the seed's own table
    if blank:
        assert result.status == "partial" and any(label_key(req[0][0]) in n for n in result.notes)
        assert len(ref2019 - got) == len(req[0]) - 1  # only that row's cells are missing
    else:
        assert result.status == "parsed", result.notes
        assert got == ref2019
    assert {v.method for v in result.values} == {"table_text_columns"}
    for v in result.values:
        assert doc.text[v.char_start:v.char_end] == str(v.value)


@pytest.mark.parametrize("note_row", [False, True])
def test_2019_html_with_merged_headers(tmp_path, ref2019, note_row):
    page = html_2019(*seed001_tables())
    if note_row:  # a long note under a table does not make it a layout table
        note = "注:" + "本表数据统计期限为本年度一月一日至十二月三十一日,数据来源于本机关依申请公开登记台账。" * 4
        last = page.rindex("</table>")
        page = page[:last] + f"<tr><td colspan='15'>{note}</td></tr>" + page[last:]
    (tmp_path / "r.html").write_text(page, encoding="utf-8")
    doc = read_file(tmp_path / "r.html", tmp_path)
    result = extract_tables(doc, load())
    assert result.status == "parsed", result.notes
    assert observed(result) == ref2019
    assert {v.method for v in result.values} == {"table_html"}
    assert "0871-63126400" not in doc.text  # the footer is not part of the page's content


def test_2019_xlsx(tmp_path, ref2019):
    a20, req, appeals = seed001_tables()
    wb = xlsxwriter.Workbook(str(tmp_path / "r.xlsx"))
    ws = wb.add_worksheet()
    r = 0
    for block, head in ((a20, ["第二十条", "信息内容"]), (req, ["申请人情况", "自然人", "商业企业", "科研机构",
                        "社会公益组织", "法律服务机构", "其他", "总计"]), ([["行政复议"]], []), ([appeals], [])):
        if head:
            ws.write_row(r, 0, head)
            r += 1
        for row in block:
            for c, cell in enumerate(row):
                ws.write_number(r, c, int(cell)) if cell.isdigit() else ws.write_string(r, c, cell)
            r += 1
    wb.close()
    result = extract_tables(read_file(tmp_path / "r.xlsx", tmp_path), load())
    assert observed(result) == ref2019
    assert {v.method for v in result.values} == {"table_spreadsheet"}


def test_2019_signed_changes_units_and_blanks(tmp_path):
    a20, req, appeals = seed001_tables()
    a20 = [list(r) for r in a20]
    by_key = {label_key(r[0]): r for r in a20}
    by_key["行政许可"][2] = "+3"
    by_key["行政处罚"][2] = "-2"
    by_key["政府集中采购"][2] = "251000元"
    req = [list(r) for r in req]
    req[1][2] = ""  # 上年结转 / 商业企业 left blank
    (tmp_path / "r.txt").write_text(pipe_2019(a20, req, appeals), encoding="utf-8")
    doc = read_file(tmp_path / "r.txt", tmp_path)
    got = {v.indicator_id: v for v in extract_tables(doc, load()).values}
    assert got["licensing_items_change"].value == 3 and doc.text[got["licensing_items_change"].char_start:
                                                                 got["licensing_items_change"].char_end] == "+3"
    assert got["penalties_items_change"].value == -2
    amount = got["procurement_amount"]
    assert amount.value == 251000 and amount.unit == "元"
    assert doc.text[amount.char_start:amount.char_end] == "251000"
    blank = got["requests_carried_over_in__business"]
    assert blank.value is None and blank.value_status == "blank" and blank.char_start == blank.char_end


def test_2019_row_with_a_missing_cell_is_partial_and_not_shifted(tmp_path):
    a20, req, appeals = seed001_tables()
    req = [list(r) for r in req]
    del req[0][3]  # 本年新收 loses one of its seven cells
    (tmp_path / "r.txt").write_text(pipe_2019(a20, req, appeals), encoding="utf-8")
    result = extract_tables(read_file(tmp_path / "r.txt", tmp_path), load())
    assert result.status == "partial"
    assert any("本年新收政府信息公开申请数量" in n for n in result.notes)
    ids = {v.indicator_id for v in result.values}
    assert "requests_received" not in ids and "requests_received__natural_person" not in ids
    assert "requests_granted" in ids  # the rows that fit are kept


def test_2019_cell_lines_with_a_vanished_blank_is_partial(tmp_path):
    text = (RAW / SEEDS["001"]).read_text(encoding="utf-8").split("\n")
    del text[150]  # seed 001 line 151 ("5", the first value of 本年新收) vanishes
    (tmp_path / "r.txt").write_text("\n".join(text), encoding="utf-8")
    result = extract_tables(read_file(tmp_path / "r.txt", tmp_path), load())
    assert result.status == "partial"
    assert "requests_received" not in {v.indicator_id for v in result.values}


def test_2021_revision_is_recognised_not_read(tmp_path):
    page = ("某县人民政府2021年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
            "第二十条第(一)项 | 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
            "规章 | 0 | 0 | 0 |\n规范性文件 | 5 | 1 | 20 |\n")
    (tmp_path / "r.txt").write_text(page, encoding="utf-8")
    result = extract_tables(read_file(tmp_path / "r.txt", tmp_path), load())
    assert result.template == "format_2021" and result.values == []
    assert "2016-2019" in result.notes[0]
