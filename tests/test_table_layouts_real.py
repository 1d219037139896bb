"""The table readers against the layouts real scraped pages come in, cell by cell.

A hand-made report of the 2019 format has a different number in every cell (signed changes with
their signs), so a value read into the wrong column cannot pass: it is rendered through every
layout the readers accept and every cell is checked (indicator, value, and the view's text at
the value's span). Perturbed renderings (two value columns swapped, a row reversed, a cell lost)
show that the checks fail, or the damaged row is refused, rather than a shifted table being read
as the original. The same for the pre-2019 table, and one small fixture for each thing real pages
do (docs/report-templates.md section 6).
"""
from __future__ import annotations

import html
import io
import itertools
from decimal import Decimal

import pytest

from ogi.codebook import label_key, load
from ogi.extract.tables import extract_tables
from ogi.read import read_file

CB = load()
TITLE = "某县人民政府办公室2019年政府信息公开工作年度报告"
INTRO = "本报告所列数据的统计期限自2019年1月1日起至2019年12月31日止。"


# --- the 2019 report: every cell distinct ----------------------------------------------------

A20_HEADERS = {  # sub-table marker -> its header words, as the national form prints them
    "第二十条第(一)项": ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
    "第二十条第(五)项": ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
    "第二十条第(六)项": ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
    "第二十条第(八)项": ["信息内容", "上一年项目数量", "本年增/减"],
    "第二十条第(九)项": ["信息内容", "采购项目数量", "采购总金额"],
}
A20_ROWS = [("第二十条第(一)项", "规章"), ("第二十条第(一)项", "规范性文件"),
            ("第二十条第(五)项", "行政许可"), ("第二十条第(五)项", "其他对外管理服务事项"),
            ("第二十条第(六)项", "行政处罚"), ("第二十条第(六)项", "行政强制"),
            ("第二十条第(八)项", "行政事业性收费"), ("第二十条第(九)项", "政府集中采购")]
# (group label spanning rows, row label) as the form prints the request table
REQ_ROWS = [
    ("", "一、本年新收政府信息公开申请数量"), ("", "二、上年结转政府信息公开申请数量"),
    ("三、本年度办理结果", "(一)予以公开"), ("", "(二)部分公开(区分处理的,只计这一情形,不计其他情形)"),
    ("(三)不予公开", "1.属于国家秘密"), ("", "2.其他法律行政法规禁止公开"), ("", "3.危及“三安全一稳定”"),
    ("", "4.保护第三方合法权益"), ("", "5.属于三类内部事务信息"), ("", "6.属于四类过程性信息"),
    ("", "7.属于行政执法案卷"), ("", "8.属于行政查询事项"),
    ("(四)无法提供", "1.本机关不掌握相关政府信息"), ("", "2.没有现成信息需要另行制作"),
    ("", "3.补正后申请内容仍不明确"),
    ("(五)不予处理", "1.信访举报投诉类申请"), ("", "2.重复申请"), ("", "3.要求提供公开出版物"),
    ("", "4.无正当理由大量反复申请"), ("", "5.要求行政机关确认或重新出具已获取信息"),
    ("", "(六)其他处理"), ("", "(七)总计"), ("", "四、结转下年度继续办理"),
]
GROUP_SPAN = {"三、本年度办理结果": 20, "(三)不予公开": 8, "(四)无法提供": 3, "(五)不予处理": 5}
REQ_HEADER = ["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
APPEAL_WORDS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def _template_rows(table):
    rows = {}
    for c in CB.cells("format_2019", table):
        rows.setdefault(c["key"], []).append(c)
    return list(rows.values())


def make_2019():
    """The printed tables, {"a20": [[label, cells...]], "req": [[group, label, cells...]],
    "appeals": [15 cells]}, and the expected {indicator: (value, printed)}. Numbers are drawn from
    one counter, so no two cells are alike; change cells carry a sign, alternately + and -."""
    counter, sign = itertools.count(11), itertools.cycle("+-")
    a20 = [[label] + [f"{next(sign)}{next(counter)}" if c["unit"].startswith("±") else str(next(counter))
                      for c in cells]
           for (_, label), cells in zip(A20_ROWS, _template_rows("article20"), strict=True)]
    req = [[group, label] + [str(next(counter) * 7) for _ in cells]  # several digits each
           for (group, label), cells in zip(REQ_ROWS, _template_rows("requests"), strict=True)]
    appeals = [str(next(counter) * 7 + 3) for _ in CB.cells("format_2019", "appeals")]
    model = {"a20": a20, "req": req, "appeals": appeals}
    expected = {iid: (Decimal(p), p) for iid, p in printed_2019(model).items()}
    printed = [p for _, p in expected.values()]
    assert len(set(printed)) == len(printed) == 22 + 161 + 15
    assert len({v for v, _ in expected.values()}) == len(printed)
    return model, expected


def printed_2019(model) -> dict[str, str]:
    """indicator -> the cell printed in its place in the model's tables."""
    out = {}
    for row, cells in zip(model["a20"], _template_rows("article20"), strict=True):
        assert label_key(row[0]) == cells[0]["key"]
        out.update({c["indicator_id"]: v for c, v in zip(cells, row[1:])})
    for row, cells in zip(model["req"], _template_rows("requests"), strict=True):
        assert label_key(row[1]) == cells[0]["key"]
        out.update({c["indicator_id"]: v for c, v in zip(cells, row[2:])})
    out.update({c["indicator_id"]: v for c, v in zip(CB.cells("format_2019", "appeals"), model["appeals"])})
    return out


MODEL_2019, EXPECTED_2019 = make_2019()


def _a20_blocks(model):
    """Sub-tables of section 二: (marker, header, rows)."""
    out = []
    for (marker, _), row in zip(A20_ROWS, model["a20"]):
        if not out or out[-1][0] != marker:
            out.append((marker, A20_HEADERS[marker], []))
        out[-1][2].append(row)
    return out


# Text layouts: a function from the model to the report's text.

def pipes(model, pad=""):
    """`label | c | c | c |` rows; `pad` appends empty cells as scrapers do (`规章 | 0 | 0 | 0 | |`),
    with the merged header row written as a run of empty cells (`第二十条第(一)项 | |||`)."""
    lines = [TITLE, INTRO, "二、主动公开政府信息情况"]
    for marker, header, rows in _a20_blocks(model):
        lines.append(f"{marker} | " + ("|" * (len(header) - 1) if pad else "") + pad)
        lines.append(" | ".join(header) + " |" + pad)
        lines += [" | ".join(r) + " |" + pad for r in rows]
    lines += ["三、收到和处理政府信息公开申请情况", " | ".join(REQ_HEADER) + " |" + pad]
    lines += [" | ".join(c for c in r if c) + " |" + pad for r in model["req"]]
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "行政复议 | 行政诉讼 |" + pad,
              " | ".join(APPEAL_WORDS) + " | 未经复议直接起诉 | 复议后起诉 |" + pad,
              " | ".join(APPEAL_WORDS * 3) + " |" + pad, " | ".join(model["appeals"]) + " |" + pad,
              "五、存在的主要问题及改进情况", "无。"]
    return "\n".join(lines) + "\n"


def tabs(model):
    return "\n".join(ln.replace(" | ", "\t").removesuffix(" |") for ln in pipes(model).split("\n"))


def spaces(model):
    return "\n".join(ln.replace(" | ", " ").removesuffix(" |") for ln in pipes(model).split("\n"))


def cell_lines(model, blank_lines=False, closing="", split_headers=False):
    """One cell per line, as a scraper flattens an HTML table; optionally blank lines between
    cells, each cell closed by `closing` (` |`), header words broken across lines with an indent."""
    cells = [TITLE, INTRO, "二、主动公开政府信息情况"]
    for marker, header, rows in _a20_blocks(model):
        cells.append(marker)
        for h in header:
            if split_headers and h.startswith("本年新"):
                cells += ["本年新", "      " + h[3:]]
            else:
                cells.append(h)
        for r in rows:
            cells += r
    cells += ["三、收到和处理政府信息公开申请情况"] + REQ_HEADER
    for r in model["req"]:
        cells += [c for c in r if c]
    cells += ["四、政府信息公开行政复议、行政诉讼情况", "行政复议", "行政诉讼", *APPEAL_WORDS,
              "未经复议直接起诉", "复议后起诉", *APPEAL_WORDS * 2, *model["appeals"], "五、存在的主要问题及改进情况"]
    sep = "\n\n" if blank_lines else "\n"
    return sep.join(c + closing for c in cells) + "\n"


def html_page(model, spans=True):
    """Real table markup: merged header cells (colspan, rowspan), the request table's group labels
    spanning their rows, Word-exported paragraphs and spans, &nbsp; padding, a number whose digits
    sit in two spans."""
    def td(text, attrs=""):
        if spans and text[-2:].isdigit() and len(text) >= 3:  # 1234 -> <span>12</span><span>34</span>
            inner = f"<span lang=EN-US>{text[:-2]}</span><span\nlang=EN-US>{text[-2:]}<o:p></o:p></span>"
        else:
            inner = f"<span style='font-family:宋体'>{html.escape(text)}</span>"
        return f"<td{attrs}><p class=MsoNormal align=center>&nbsp;{inner}&nbsp;</p></td>"

    parts = ["<p>二、主动公开政府信息情况</p>", "<table class=MsoNormalTable border=1>"]
    for marker, header, rows in _a20_blocks(model):
        parts.append(f"<tr><td colspan=4><p class=MsoNormal><b>{marker}</b></p></td></tr>")
        parts.append("<tr>" + "".join(td(h) for h in header) + "</tr>")
        for r in rows:
            parts.append("<tr>" + "".join(td(c) for c in r) + "</tr>")
    parts.append("</table><p>三、收到和处理政府信息公开申请情况</p><table border=1>")
    parts.append("<tr><td colspan=3 rowspan=2>申请人情况</td><td rowspan=2>自然人</td>"
                 "<td colspan=5>法人或其他组织</td><td rowspan=2>总计</td></tr>")
    parts.append("<tr>" + "".join(td(h) for h in REQ_HEADER[2:7]) + "</tr>")
    for group, label, *cells in model["req"]:
        lead = ""
        if group == "三、本年度办理结果":
            lead = td(group, f" rowspan={GROUP_SPAN[group]}")
        if group in GROUP_SPAN and group != "三、本年度办理结果":
            lead += td(group, f" rowspan={GROUP_SPAN[group]}") + td(label)
        elif label.startswith(("一、", "二、", "四、")):
            lead += td(label, " colspan=3")
        elif label.startswith("("):
            lead += td(label, " colspan=2")
        else:
            lead += td(label)
        parts.append("<tr>" + lead + "".join(td(c) for c in cells) + "</tr>")
    parts.append("</table><p>四、政府信息公开行政复议、行政诉讼情况</p><table border=1>")
    parts.append("<tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>")
    parts.append("<tr>" + "".join(f"<td rowspan=2>{w}</td>" for w in APPEAL_WORDS)
                 + "<td colspan=5>未经复议直接起诉</td><td colspan=5>复议后起诉</td></tr>")
    parts.append("<tr>" + "".join(f"<td>{w}</td>" for w in APPEAL_WORDS * 2) + "</tr>")
    parts.append("<tr>" + "".join(td(c) for c in model["appeals"]) + "</tr></table>")
    return (f"<html><head><meta charset='utf-8'><title>{TITLE}</title></head><body>"
            f"<div class='nav'><a href='/'>首页</a> &gt; <a href='/gk'>政务公开</a></div>"
            f"<div id='content'><h1>{TITLE}</h1><p>{INTRO}</p>{''.join(parts)}"
            f"<p>五、存在的主要问题及改进情况</p></div></body></html>")


def _table_rows_2019(model):
    """Rows of cells for the office formats: (cells, merges) with merges as (col0, col1) spans."""
    rows = []
    for marker, header, body in _a20_blocks(model):
        rows.append(([marker], [(0, 3)]))
        rows.append((header, []))
        rows += [(r, []) for r in body]
    rows.append((["三、收到和处理政府信息公开申请情况"], []))
    rows.append((["申请人情况", "", "", *REQ_HEADER[1:]], [(0, 2)]))
    for group, label, *cells in model["req"]:  # three label columns, as the form prints them
        if label.startswith(("一、", "二、", "四、")):
            rows.append(([label, "", "", *cells], [(0, 2)]))
        elif label.startswith("("):
            rows.append(([group, label, "", *cells], [(1, 2)]))
        else:
            rows.append((["", group, label, *cells], []))
    rows.append((["四、政府信息公开行政复议、行政诉讼情况"], []))
    rows.append((["行政复议", "", "", "", "", "行政诉讼"], [(0, 4), (5, 14)]))
    rows.append((APPEAL_WORDS + ["未经复议直接起诉"] + [""] * 4 + ["复议后起诉"], [(5, 9), (10, 14)]))
    rows.append(([""] * 5 + APPEAL_WORDS * 2, []))
    rows.append((model["appeals"], []))
    return rows


def docx_bytes(model):
    import docx

    d = docx.Document()
    d.add_paragraph(TITLE)
    d.add_paragraph(INTRO)
    rows = _table_rows_2019(model)
    width = max(len(r) for r, _ in rows)
    t = d.add_table(rows=len(rows), cols=width)
    for (cells, merges), row in zip(rows, t.rows):
        rc = row.cells  # once per row: python-docx builds the whole grid for each cell lookup
        for j, c in enumerate(cells):
            if c:
                rc[j].text = c
        for a, b in merges:
            rc[a].merge(rc[b]).text = cells[a]
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def xlsx_bytes(model):
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("2019年报")
    ws.write(0, 0, TITLE)
    for i, (cells, merges) in enumerate(_table_rows_2019(model), start=2):
        for j, c in enumerate(cells):
            _write(ws, i, j, c)
        for a, b in merges:
            ws.merge_range(i, a, i, b, cells[a])
    wb.close()
    return buf.getvalue()


def xls_bytes(model):
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("2019年报")
    ws.write(0, 0, TITLE)
    for i, (cells, merges) in enumerate(_table_rows_2019(model), start=2):
        merged = {j for a, b in merges for j in range(a, b + 1)}
        for j, c in enumerate(cells):
            if j not in merged:
                _write(ws, i, j, c)
        for a, b in merges:
            ws.write_merge(i, i, a, b, cells[a])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _write(ws, i, j, c):
    """Counts as numbers (as agencies fill a sheet); signed changes stay text (+7 is what they type)."""
    if c:
        ws.write(i, j, int(c) if c.isdigit() else c)


def pdf_bytes(model):
    """A PDF printed from the report: each cell drawn at its column (the text layer gives one
    cell per line)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    y = 800

    def line(cells, widths=None):
        nonlocal y
        if y < 60:
            c.showPage()
            y = 800
        c.setFont("STSong-Light", 7)
        x = 30
        for k, cell in enumerate(cells):
            if cell:
                c.drawString(x, y, cell)
            x += (widths or [150] + [55] * 20)[k]
        y -= 12

    line([TITLE])
    line([INTRO])
    for cells, _ in _table_rows_2019(model):
        line(cells, [110, 80, 110] + [36] * 15 if len(cells) > 8 else None)
    c.save()
    return buf.getvalue()


TEXT_LAYOUTS_2019 = {
    # name: (text maker, method of every value)
    "pipes": (pipes, "table_pipe_rows"),
    "pipes_padded": (lambda m: pipes(m, pad=" |"), "table_pipe_rows"),
    "tabs": (tabs, "table_pipe_rows"),
    "spaces": (spaces, "table_text_columns"),
    "cell_lines": (cell_lines, "table_cell_lines"),
    "cell_lines_blank_lines_closing_pipes": (
        lambda m: cell_lines(m, blank_lines=True, closing=" |", split_headers=True), "table_cell_lines"),
    "cell_lines_blank_lines_split_headers": (
        lambda m: cell_lines(m, blank_lines=True, split_headers=True), "table_cell_lines"),
}
FILE_LAYOUTS_2019 = {
    "html": ("r.html", lambda m: html_page(m).encode("utf-8"), "table_html"),
    "docx": ("r.docx", docx_bytes, "table_docx"),
    "xlsx": ("r.xlsx", xlsx_bytes, "table_spreadsheet"),
    "xls": ("r.xls", xls_bytes, "table_spreadsheet"),
    "pdf": ("r.pdf", pdf_bytes, "table_cell_lines"),
}
ALL_LAYOUTS_2019 = sorted(TEXT_LAYOUTS_2019) + sorted(FILE_LAYOUTS_2019)


def read_2019(tmp_path, layout, model):
    if layout in TEXT_LAYOUTS_2019:
        path = tmp_path / "r.txt"
        path.write_text(TEXT_LAYOUTS_2019[layout][0](model), encoding="utf-8")
    else:
        name, make, _ = FILE_LAYOUTS_2019[layout]
        path = tmp_path / name
        path.write_bytes(make(model))
    doc = read_file(path, tmp_path)
    return doc, extract_tables(doc, CB)


def check_every_cell(doc, result, expected, method=None):
    """Every cell: its indicator, its value, the number as printed at its span; nothing else."""
    got = {}
    for v in result.values:
        assert v.indicator_id not in got, f"{v.indicator_id} read twice"
        got[v.indicator_id] = v
    assert set(got) == set(expected), (sorted(set(expected) - set(got))[:5], sorted(set(got) - set(expected))[:5])
    for iid, (value, printed) in expected.items():
        v = got[iid]
        assert (v.value, v.value_status) == (value, "printed"), (iid, v.value, value)
        assert doc.view[v.char_start:v.char_end] == printed, (iid, doc.view[v.char_start:v.char_end], printed)
        assert v.evidence_start <= v.char_start and v.char_end <= v.evidence_end, iid
        if method:
            assert v.method == method, (iid, v.method)


@pytest.mark.parametrize("layout", ALL_LAYOUTS_2019)
def test_2019_every_cell_in_every_layout(tmp_path, layout):
    doc, result = read_2019(tmp_path, layout, MODEL_2019)
    assert result.template == "format_2019"
    assert result.status == "parsed", result.notes
    method = TEXT_LAYOUTS_2019[layout][1] if layout in TEXT_LAYOUTS_2019 else FILE_LAYOUTS_2019[layout][2]
    check_every_cell(doc, result, EXPECTED_2019, method)


# Perturbations of the printed tables: each must make the check above fail.

def _swap_columns(model, table, a, b):
    m = {k: [list(r) if isinstance(r, list) else r for r in v] for k, v in model.items()}
    if table == "appeals":
        m["appeals"][a], m["appeals"][b] = m["appeals"][b], m["appeals"][a]
        return m
    first = 1 if table == "a20" else 2  # the value cells start after the label (and group)
    for r in m[table]:
        if first + b < len(r):
            r[first + a], r[first + b] = r[first + b], r[first + a]
    return m


def _reverse_row(model, table, i):
    m = {k: [list(r) if isinstance(r, list) else r for r in v] for k, v in model.items()}
    if table == "appeals":
        m["appeals"] = m["appeals"][::-1]
        return m
    first = 1 if table == "a20" else 2
    r = m[table][i]
    r[first:] = r[first:][::-1]
    return m


def perturbations_2019():
    out = [(f"req columns {a},{b}", ("req", a, b)) for a, b in itertools.combinations(range(7), 2)]
    out += [(f"a20 columns {a},{b}", ("a20", a, b)) for a, b in itertools.combinations(range(3), 2)]
    out += [(f"appeals cells {a},{b}", ("appeals", a, b)) for a, b in ((0, 1), (3, 4), (4, 5), (9, 10), (0, 14))]
    out += [(f"reverse a20 row {i}", ("reverse", "a20", i)) for i in range(len(A20_ROWS))]
    out += [(f"reverse req row {i}", ("reverse", "req", i)) for i in (0, 4, 21, 22)]
    out += [("reverse appeals", ("reverse", "appeals", 0))]
    return out


def _apply(model, p):
    return _reverse_row(model, p[1], p[2]) if p[0] == "reverse" else _swap_columns(model, *p)


@pytest.mark.parametrize("layout", ALL_LAYOUTS_2019)
def test_2019_a_shifted_table_is_never_read_as_the_original(tmp_path, layout):
    """Swapping two value columns or reversing a row in the rendered table: the check fails."""
    cases = perturbations_2019()
    for name, p in cases if layout not in ("docx", "pdf") else cases[::3]:  # the slow writers: a third
        doc, result = read_2019(tmp_path, layout, _apply(MODEL_2019, p))
        with pytest.raises(AssertionError):
            check_every_cell(doc, result, EXPECTED_2019)
        # what is read is the perturbed table as printed (or a row is refused): never a value
        # taken from another column
        printed = printed_2019(_apply(MODEL_2019, p))
        for v in result.values:
            assert doc.view[v.char_start:v.char_end] == printed[v.indicator_id], (name, v.indicator_id)


def _lose_cell(model, table, row, col):
    m = {k: [list(r) if isinstance(r, list) else r for r in v] for k, v in model.items()}
    if table == "appeals":
        del m["appeals"][col]
    else:
        del m[table][row][(1 if table == "a20" else 2) + col]
    return m


LOSSES = [("a20", 2, 1), ("a20", 0, 0), ("a20", 7, 1), ("req", 0, 3), ("req", 4, 0), ("req", 22, 6),
          ("appeals", 0, 7)]
# A cell lost by the scraper (not a blank cell of a sheet or a Word table, whose columns stay put).
LOSS_LAYOUTS = sorted(TEXT_LAYOUTS_2019) + ["html", "pdf"]


@pytest.mark.parametrize("layout", LOSS_LAYOUTS)
@pytest.mark.parametrize("loss", LOSSES, ids=lambda x: "-".join(map(str, x)))
def test_2019_a_row_that_lost_a_cell_is_refused_not_shifted(tmp_path, layout, loss):
    table, row, col = loss
    doc, result = read_2019(tmp_path, layout, _lose_cell(MODEL_2019, table, row, col))
    assert result.status == "partial"
    if table == "appeals":
        damaged = {c["indicator_id"] for c in CB.cells("format_2019", "appeals")}
    else:
        rows = _template_rows("article20" if table == "a20" else "requests")
        damaged = {c["indicator_id"] for c in rows[row]}
    assert any("not read" in n for n in result.notes), result.notes
    check_every_cell(doc, result, {k: v for k, v in EXPECTED_2019.items() if k not in damaged})


# --- the pre-2019 table: every row distinct ----------------------------------------------------

PRE_TITLE = "某县人民政府2016年政府信息公开工作年度报告"


def make_pre2019(cumulative=False):
    """Rows (kind, label, unit, the year's cell, the cumulative cell) of the national table, or of
    a provincial form with a 历年累计 column beside the year's; the expected {(indicator, in a
    section header row): (value, printed)}. No two numbers alike, cumulative ones included."""
    counter, sections = itertools.count(1), iter("一二三四五六七八九")
    rows, expected = [], {}
    for c in CB.cells("pre2019_table"):
        k, kind, label, iid = next(counter), c["kind"], c["row_label"], c["indicator_id"]
        if kind == "section_header" or c["row_order"] in ("45", "49", "53", "54", "55"):
            label = f"{next(sections)}、{label}"
        if kind == "subheader":
            rows.append((kind, label, "", "", ""))
        elif kind == "section_header":
            printed = "" if cumulative else str(5000 + k)  # provincial forms leave it out
            rows.append((kind, label, "", printed, ""))
            if printed:
                expected[(iid, True)] = (Decimal(printed), printed)
        else:
            printed = f"{k}.5" if c["unit"] == "万元" else str(100 + 37 * k)
            rows.append((kind, label, c["unit"], printed, str(90000 + 37 * k) if cumulative else ""))
            expected[(iid, False)] = (Decimal(printed), printed)
    return rows, expected


PRE_MODEL, PRE_EXPECTED = make_pre2019()
CUM_MODEL, CUM_EXPECTED = make_pre2019(cumulative=True)


def _pre_rows(model, cumulative):
    header = ["指标名称", "计量单位", "本年度", "历年累计"] if cumulative else ["统计指标", "单位", "统计数"]
    out = [header]
    for kind, label, unit, value, cum in model:
        if kind == "section_header" and not cumulative:
            out.append([label, value, ""])  # the section's number in the unit column, as printed
        else:
            out.append([label, unit, value] + ([cum] if cumulative else []))
    return out


def pre_pipes(model, cumulative=False):
    lines = [PRE_TITLE, "附件:", "政府信息公开情况统计表", "(2016年度)"]
    lines += [" | ".join(r) + " |" for r in _pre_rows(model, cumulative)]
    return "\n".join(lines + ["单位负责人: 填报日期:2017/1/4"]) + "\n"


def pre_spaces(model, cumulative=False):
    return "\n".join(" ".join(c for c in ln.removesuffix(" |").split(" | ") if c)
                     for ln in pre_pipes(model, cumulative).split("\n"))


def pre_cell_lines(model, cumulative=False):
    lines = [PRE_TITLE, "政府信息公开情况统计表", "(2016年度)"]
    for r in _pre_rows(model, cumulative):
        lines += [c for c in r if c]  # blank cells vanish
        lines.append("")
    return "\n".join(lines) + "\n"


def pre_html(model, cumulative=False):
    rows = _pre_rows(model, cumulative)
    body = "<table border=1><tr>" + "".join(f"<th>{h}</th>" for h in rows[0]) + "</tr>" + "".join(
        "<tr>" + "".join(f"<td>{html.escape(c) or '&nbsp;'}</td>" for c in r) + "</tr>" for r in rows[1:]) + "</table>"
    return (f"<html><body><h1>{PRE_TITLE}</h1><p>政府信息公开情况统计表</p><p>(2016年度)</p>{body}"
            "</body></html>").encode("utf-8")


def pre_xlsx(model, cumulative=False):
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("统计表")
    ws.merge_range(0, 0, 0, 3 if cumulative else 2, "政府信息公开情况统计表")
    for i, r in enumerate(_pre_rows(model, cumulative), start=1):
        for j, c in enumerate(r):
            if c:
                ws.write(i, j, float(c) if c.replace(".", "").isdigit() else c)
    wb.close()
    return buf.getvalue()


PRE_LAYOUTS = {
    "pipes": ("r.txt", lambda m, cum: pre_pipes(m, cum).encode("utf-8"), "table_pipe_rows"),
    "cell_lines": ("r.txt", lambda m, cum: pre_cell_lines(m, cum).encode("utf-8"), "table_cell_lines"),
    "spaces": ("r.txt", lambda m, cum: pre_spaces(m, cum).encode("utf-8"), "table_text_columns"),
    "html": ("r.html", pre_html, "table_html"),
    "xlsx": ("r.xlsx", pre_xlsx, "table_spreadsheet"),
}


def read_pre(tmp_path, layout, model, cumulative=False):
    name, make, _ = PRE_LAYOUTS[layout]
    (tmp_path / name).write_bytes(make(model, cumulative))
    doc = read_file(tmp_path / name, tmp_path)
    return doc, extract_tables(doc, CB)


def check_pre(doc, result, expected, method=None):
    got = {}
    for v in result.values:
        key = (v.indicator_id, v.method == "table_section_header")
        assert key not in got, key
        got[key] = v
    assert set(got) == set(expected), (sorted(set(expected) - set(got))[:5], sorted(set(got) - set(expected))[:5])
    for key, (value, printed) in expected.items():
        v = got[key]
        assert (v.value, v.value_status) == (value, "printed"), (key, v.value, value)
        assert doc.view[v.char_start:v.char_end] == printed, (key, doc.view[v.char_start:v.char_end], printed)
        if method and not key[1]:
            assert v.method == method, (key, v.method)


@pytest.mark.parametrize("layout", sorted(PRE_LAYOUTS))
def test_pre2019_every_row_in_every_layout(tmp_path, layout):
    doc, result = read_pre(tmp_path, layout, PRE_MODEL)
    assert result.template == "pre2019_table" and result.status == "parsed", result.notes
    check_pre(doc, result, PRE_EXPECTED, PRE_LAYOUTS[layout][2])


@pytest.mark.parametrize("layout", sorted(PRE_LAYOUTS))
def test_pre2019_cumulative_column_is_never_the_years(tmp_path, layout):
    """指标名称 | 计量单位 | 本年度 | 历年累计: the year's column is read, the cumulative one never."""
    doc, result = read_pre(tmp_path, layout, CUM_MODEL, cumulative=True)
    assert result.template == "pre2019_table" and result.status == "parsed", result.notes
    check_pre(doc, result, CUM_EXPECTED, PRE_LAYOUTS[layout][2])
    cumulative = {Decimal(cum) for *_, cum in CUM_MODEL if cum}
    assert not cumulative & {v.value for v in result.values}


def _swap_pre_rows(model, a, b):
    m = [list(r) for r in model]
    m[a][3], m[b][3] = m[b][3], m[a][3]
    return [tuple(r) for r in m]


def _value_rows(model):
    return [i for i, r in enumerate(model) if r[0] == "value"]


@pytest.mark.parametrize("layout", sorted(PRE_LAYOUTS))
def test_pre2019_swapped_values_are_never_read_as_the_original(tmp_path, layout):
    rows = _value_rows(PRE_MODEL)
    for a, b in [(rows[0], rows[1]), (rows[5], rows[30]), (rows[-2], rows[-1]), (rows[20], rows[21])]:
        doc, result = read_pre(tmp_path, layout, _swap_pre_rows(PRE_MODEL, a, b))
        with pytest.raises(AssertionError):
            check_pre(doc, result, PRE_EXPECTED)
    # the year's and the cumulative columns swapped: the cumulative numbers are read as the year's
    swapped = [(k, lab, u, cum, val) for k, lab, u, val, cum in CUM_MODEL]
    doc, result = read_pre(tmp_path, layout, swapped, cumulative=True)
    with pytest.raises(AssertionError):
        check_pre(doc, result, CUM_EXPECTED)


@pytest.mark.parametrize("layout", sorted(PRE_LAYOUTS))
def test_pre2019_year_blank_beside_a_cumulative_number(tmp_path, layout):
    """The year's cell blank, the cumulative one printed: blank where blank cells show, not read
    where they vanish (the one number left could be either column); never the cumulative number."""
    i = _value_rows(CUM_MODEL)[3]
    model = list(CUM_MODEL)
    kind, label, unit, value, cum = model[i]
    model[i] = (kind, label, unit, "", cum)
    iid = [c for c in CB.cells("pre2019_table") if c["kind"] == "value"][3]["indicator_id"]
    doc, result = read_pre(tmp_path, layout, model, cumulative=True)
    got = {v.indicator_id: v for v in result.values}
    assert Decimal(cum) not in {v.value for v in result.values}
    if layout in ("spaces", "cell_lines"):
        assert iid not in got and result.status == "partial"
        assert any(label_key(label) in label_key(n) or label in n for n in result.notes), result.notes
    else:
        assert got[iid].value is None and got[iid].value_status == "blank"
    rest = {k: v for k, v in CUM_EXPECTED.items() if k != (iid, False)}
    check_pre(doc, type(result)(result.template, [v for v in result.values if v.indicator_id != iid],
                                result.status, result.notes), rest)
