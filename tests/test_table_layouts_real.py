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


def _spans_down(rows):
    """(first row, last row, column, text): the request table's group labels spanning their rows."""
    out = []
    for i, (cells, _) in enumerate(rows):
        for col in (0, 1):
            if col < len(cells) and cells[col] in GROUP_SPAN and (col == 0) == (cells[col] == "三、本年度办理结果"):
                out.append((i, i + GROUP_SPAN[cells[col]] - 1, col, cells[col]))
    return out


def docx_bytes(model):
    import docx

    d = docx.Document()
    d.add_paragraph(TITLE)
    d.add_paragraph(INTRO)
    rows = _table_rows_2019(model)
    width = max(len(r) for r, _ in rows)
    t = d.add_table(rows=len(rows), cols=width)
    grid = [row.cells for row in t.rows]  # once: python-docx builds the whole grid for each lookup
    for (cells, merges), rc in zip(rows, grid):
        for j, c in enumerate(cells):
            if c:
                rc[j].text = c
        for a, b in merges:
            rc[a].merge(rc[b]).text = cells[a]
    for r0, r1, col, text in _spans_down(rows):
        grid[r0][col].merge(grid[r1][col]).text = text
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def xlsx_bytes(model):
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("2019年报")
    ws.write(0, 0, TITLE)
    down = {(r0 + 2, col) for r0, _, col, _ in _spans_down(_table_rows_2019(model))}
    for i, (cells, merges) in enumerate(_table_rows_2019(model), start=2):
        merged = {j for a, b in merges for j in range(a, b + 1)}
        for j, c in enumerate(cells):
            if j not in merged and (i, j) not in down:
                _write(ws, i, j, c)
        for a, b in merges:
            ws.merge_range(i, a, i, b, cells[a])
    for r0, r1, col, text in _spans_down(_table_rows_2019(model)):
        ws.merge_range(r0 + 2, col, r1 + 2, col, text)
    wb.close()
    return buf.getvalue()


def xls_bytes(model):
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("2019年报")
    ws.write(0, 0, TITLE)
    down = {(r0 + 2, col) for r0, _, col, _ in _spans_down(_table_rows_2019(model))}
    for i, (cells, merges) in enumerate(_table_rows_2019(model), start=2):
        merged = {j for a, b in merges for j in range(a, b + 1)}
        for j, c in enumerate(cells):
            if j not in merged and (i, j) not in down:
                _write(ws, i, j, c)
        for a, b in merges:
            ws.write_merge(i, i, a, b, cells[a])
    for r0, r1, col, text in _spans_down(_table_rows_2019(model)):
        ws.write_merge(r0 + 2, r1 + 2, col, col, text)
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
    out += [(f"appeals cells {a},{b}", ("appeals", a, b)) for a, b in itertools.combinations(range(15), 2)]
    out += [(f"reverse a20 row {i}", ("reverse", "a20", i)) for i in range(len(A20_ROWS))]
    out += [(f"reverse req row {i}", ("reverse", "req", i)) for i in (0, 4, 21, 22)]
    out += [("reverse appeals", ("reverse", "appeals", 0))]
    return out


def _apply(model, p):
    return _reverse_row(model, p[1], p[2]) if p[0] == "reverse" else _swap_columns(model, *p)


@pytest.mark.parametrize("layout", ALL_LAYOUTS_2019)
def test_2019_a_shifted_table_is_never_read_as_the_original(tmp_path, layout):
    """Swapping two value columns or reversing a row in the rendered table: the check fails."""
    cases = perturbations_2019()  # every one in text; a sample where writing the file is slow
    step = {"docx": 7, "pdf": 7, "html": 3, "xlsx": 3, "xls": 3}.get(layout, 1)
    for name, p in cases[::step]:
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
        elif kind == "section_header":
            out.append([label])  # a heading across the table (a merged cell)
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


def pre_cell_lines(model, cumulative=False, closing=""):
    """One cell per line: blank cells vanish, or with every cell closed by | they are a lone |."""
    lines = [PRE_TITLE, "政府信息公开情况统计表", "(2016年度)"]
    for r in _pre_rows(model, cumulative):
        lines += [c + closing for c in r if c or closing]
        lines.append("")
    return "\n".join(lines + ["单位负责人: 填报日期:2017/1/4"]) + "\n"


def pre_html(model, cumulative=False):
    rows = _pre_rows(model, cumulative)
    span = lambda r: f" colspan={len(rows[0])}" if len(r) == 1 else ""  # noqa: E731
    body = "<table border=1><tr>" + "".join(f"<th>{h}</th>" for h in rows[0]) + "</tr>" + "".join(
        "<tr>" + "".join(f"<td{span(r)}>{html.escape(c) or '&nbsp;'}</td>" for c in r) + "</tr>"
        for r in rows[1:]) + "</table>"
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
    "cell_lines_closing_pipes": ("r.txt", lambda m, cum: pre_cell_lines(m, cum, " |").encode("utf-8"),
                                 "table_cell_lines"),
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
    if layout in ("spaces", "cell_lines", "cell_lines_closing_pipes"):
        assert iid not in got and result.status == "partial"
        assert any(label_key(label) in label_key(n) or label in n for n in result.notes), result.notes
    else:
        assert got[iid].value is None and got[iid].value_status == "blank"
    rest = {k: v for k, v in CUM_EXPECTED.items() if k != (iid, False)}
    check_pre(doc, type(result)(result.template, [v for v in result.values if v.indicator_id != iid],
                                result.status, result.notes), rest)


# --- one small fixture for each thing real pages do ---------------------------------------------

END = "\n五、存在的主要问题及改进情况\n无。\n"  # the report goes on after its tables


def read_text(tmp_path, body, name="r.txt", cut=False):
    """The report with `body` as its section 二, ended by the sections after it, or `cut` by the
    end of the page right after `body`."""
    text = f"{TITLE}\n{INTRO}\n二、主动公开政府信息情况\n{body}" + ("" if cut else END)
    (tmp_path / name).write_text(text, encoding="utf-8")
    doc = read_file(tmp_path / name, tmp_path)
    return doc, extract_tables(doc, CB)


def cells_of(doc, result):
    """indicator -> the value read and the text at its span ("" for a blank)."""
    return {v.indicator_id: (v.value, doc.view[v.char_start:v.char_end]) for v in result.values}


def refused(result, label):
    return any(label in n and "not read" in n for n in result.notes)


def test_cell_lines_with_blank_lines_and_broken_headers(tmp_path):
    """One cell per line with blank lines between; header words broken over lines (with an
    indent), cut short (本年增/), printed twice, or not the form's words (本年数量)."""
    body = ("第二十条第(一)项\n\n信息内容\n\n本年新\n      制作数量\n\n本年数量\n\n对外公开总数量\n对外公开总数量\n\n"
            "规章\n\n  3\n\n0\n\n  12\n\n规范性文件\n\n5\n\n4\n\n40\n\n"
            "第二十条第(五)项\n\n信息内容\n\n上一年项目数量\n\n本年增/\n\n处理决定数量\n\n行政许可\n\n7\n\n+2\n\n61\n")
    doc, result = read_text(tmp_path, body)
    assert cells_of(doc, result) == {
        "regulations_issued": (3, "3"), "regulations_disclosed": (0, "0"), "regulations_public_total": (12, "12"),
        "normative_docs_issued": (5, "5"), "proactive_normative_docs": (4, "4"),
        "normative_docs_public_total": (40, "40"),
        "licensing_items_previous": (7, "7"), "licensing_items_change": (2, "+2"), "licensing_decisions": (61, "61")}
    assert not any("not read" in n for n in result.notes), result.notes
    assert {v.method for v in result.values} == {"table_cell_lines"}


def test_cell_lines_closed_by_pipes_show_their_blank_cells(tmp_path):
    """Each cell line ends in |: a line holding only | is a blank cell (规章 printed blank);
    a | after a complete row is padding; a lone | where cells are not closed by | is stray."""
    body = ("第二十条第(一)项 |\n信息内容 |\n本年新 制作数量 |\n本年新 公开数量 |\n对外公开总数量 |\n"
            "规章 |\n|\n|\n|\n规范性文件 |\n2 |\n0 |\n83 |\n|\n"
            "第二十条第(五)项 |\n|\n信息内容 |\n上一年项目数量 |\n本年增/减 |\n处理决定数量 |\n"
            "行政许可 |\n71 |\n|\n5 |\n"
            "其他对外管理服务事项\n6\n|\n9\n10\n")
    doc, result = read_text(tmp_path, body)
    got = {v.indicator_id: v for v in result.values}
    for iid in ("regulations_issued", "regulations_disclosed", "regulations_public_total", "licensing_items_change"):
        assert got[iid].value is None and got[iid].value_status == "blank", iid
        assert got[iid].char_start == got[iid].char_end
    assert cells_of(doc, result)["normative_docs_public_total"] == (83, "83")
    assert cells_of(doc, result)["licensing_decisions"] == (5, "5")
    assert [cells_of(doc, result)[f"other_services_{s}"] for s in ("items_previous", "items_change", "decisions")] \
        == [(6, "6"), (9, "9"), (10, "10")]
    assert not any("not read" in n for n in result.notes), result.notes


def test_padded_pipe_rows_merged_headers_and_notes(tmp_path):
    """Rows padded with an empty cell, a merged header as a run of empty cells, notes in the
    header (如-8 is an example, not a cell) and in a row label."""
    body = ("第二十条第(一)项 | ||||\n信息内容 | 本年新 | 本年新 | 对外公开总数量 | |\n规章 | | | | |\n"
            "规范性文件(指各行政机关印发的有正式文号的文件) | 2 | 0 | 83 | |\n第二十条第(五)项 | ||||\n"
            "信息内容 | 上一年项目数量 (指2018年事项数) | 本年增/减 (指2019年增加或减少的事项数,减用负值表示,如-8) "
            "| 处理决定数量 (指2019年办件量) | |\n行政许可 | 71 | -11 | 0 | |\n其他对外管理服务事项 | 3 | 0 | 12 | |\n")
    doc, result = read_text(tmp_path, body)
    got = cells_of(doc, result)
    assert got["normative_docs_issued"] == (2, "2") and got["normative_docs_public_total"] == (83, "83")
    assert got["licensing_items_change"] == (-11, "-11") and got["licensing_decisions"] == (0, "0")
    assert got["other_services_decisions"] == (12, "12")
    assert got["regulations_issued"] == (None, "")  # printed blank
    assert Decimal(-8) not in {v.value for v in result.values}
    assert not any("not read" in n for n in result.notes), result.notes


def test_space_separated_rows_and_a_vanished_blank(tmp_path):
    body = ("第二十条第(一)项\n信息内容 本年新制作数量 本年新公开数量 对外公开总数量\n规章 1 2 3\n规范性文件 4 6\n"
            "第二十条第(五)项\n信息内容 上一年项目数量 本年增/减 处理决定数量\n行政许可 7 -1 9\n")
    doc, result = read_text(tmp_path, body)
    got = cells_of(doc, result)
    assert [got[i] for i in ("regulations_issued", "regulations_disclosed", "regulations_public_total")] == \
        [(1, "1"), (2, "2"), (3, "3")]
    assert got["licensing_items_change"] == (-1, "-1")
    assert not {"normative_docs_issued", "proactive_normative_docs", "normative_docs_public_total"} & set(got)
    assert result.status == "partial" and refused(result, "规范性文件")


A20_TAIL = "第二十条第(六)项 | ||||\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n行政处罚 | 21 | 0 | 22 |\n"
SUB_ROWS = {
    # the template row printed blank, its sub-rows below with their own labels
    "blank_row_then_sub_rows": ("其他对外管理服务事项 | | | |\n行政检查 | 5 | 0 | 12 |\n行政确认 | 3 | 1 | 4 |\n",
                                "blank"),
    # the template label spanning its sub-rows (rowspan flattened into the first row)
    "label_beside_sub_label": ("其他对外管理服务事项 | 行政检查 | 5 | 0 | 12 |\n行政确认 | 3 | 1 | 4 |\n", "refused"),
    "cell_lines": ("其他对外管理服务事项\n行政检查\n5\n0\n12\n行政确认\n3\n1\n4\n", "refused"),
    "spaces": ("其他对外管理服务事项 行政检查 5 0 12\n行政确认 3 1 4\n", "refused"),
    # the label spanning two rows of values with no sub-labels: whose values are they?
    "rows_without_labels": ("其他对外管理服务事项 | 5 | 0 | 12 |\n| 3 | 1 | 4 |\n", "refused"),
    # the template row with its own total, sub-rows under it
    "row_then_sub_rows": ("其他对外管理服务事项 | 8 | 1 | 16 |\n其中:行政检查 | 5 | 0 | 12 |\n"
                          "行政确认 | 3 | 1 | 4 |\n", "read"),
}


@pytest.mark.parametrize("case", sorted(SUB_ROWS))
def test_sub_rows_under_a_template_row(tmp_path, case):
    rows, outcome = SUB_ROWS[case]
    body = ("第二十条第(五)项 | ||||\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n行政许可 | 17 | 0 | 18 |\n"
            + rows + A20_TAIL)
    doc, result = read_text(tmp_path, body)
    got = cells_of(doc, result)
    assert got["licensing_decisions"] == (18, "18") and got["penalties_items_previous"] == (21, "21")
    assert got["penalties_decisions"] == (22, "22")
    other = [got.get(f"other_services_{s}") for s in ("items_previous", "items_change", "decisions")]
    if outcome == "blank":
        assert other == [(None, "")] * 3
    elif outcome == "read":
        assert other == [(8, "8"), (1, "1"), (16, "16")]
    else:
        assert other == [None] * 3 and result.status == "partial" and refused(result, "其他对外管理服务事项")
    sub_values = {Decimal(x) for x in ("5", "12", "3", "4")}
    assert not sub_values & {v.value for v in result.values}  # no sub-row's number lands anywhere


def test_signed_cells_and_units_in_cells(tmp_path):
    body = ("第二十条第(五)项 | ||||\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n"
            "行政许可 | 0 | +7 | 12件 |\n其他对外管理服务事项 | 1600 | 增1558 | 3 |\n"
            "第二十条第(六)项 | ||||\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n"
            "行政处罚 | 40 | 减38 | 2 |\n行政强制 | 12 | -11 | 1 |\n"
            "第二十条第(八)项 | |||\n信息内容 | 上一年项目数量 | 本年增/减 |\n行政事业性收费 | +4 | 1 |\n"
            "第二十条第(九)项 | |||\n信息内容 | 采购项目数量 | 采购总金额 |\n政府集中采购 | 3 | 18.3万元 |\n")
    doc, result = read_text(tmp_path, body)
    got = cells_of(doc, result)
    assert got["licensing_items_change"] == (7, "+7")
    assert got["other_services_items_change"] == (1558, "增1558")
    assert got["penalties_items_change"] == (-38, "减38")
    assert got["enforcement_items_change"] == (-11, "-11")
    assert got["licensing_decisions"] == (12, "12")
    amount = next(v for v in result.values if v.indicator_id == "procurement_amount")
    assert (amount.value, amount.unit, doc.view[amount.char_start:amount.char_end]) == (183000, "元", "18.3万")
    # a sign in a column that counts: the row is shifted or wrong, and not read
    assert "admin_fees_items_previous" not in got and refused(result, "行政事业性收费")


@pytest.mark.parametrize("layout", ["pipes", "cell_lines_closing_pipes", "placeholders", "html"])
def test_rows_printed_blank_are_blank_not_zero(tmp_path, layout):
    if layout == "pipes":
        body, name = "第二十条第(一)项 | |||\n规章 | | | |\n规范性文件 | 1 | | 3 |\n", "r.txt"
    elif layout == "cell_lines_closing_pipes":
        body, name = "第二十条第(一)项 |\n规章 |\n|\n|\n|\n规范性文件 |\n1 |\n|\n3 |\n", "r.txt"
    elif layout == "placeholders":
        body, name = "第二十条第(一)项\n规章 — — —\n规范性文件 1 / 3\n", "r.txt"
    else:
        body = ("<table><tr><td colspan=4>第二十条第(一)项</td></tr><tr><td>规章</td><td>&nbsp;</td>"
                "<td></td><td> </td></tr><tr><td>规范性文件</td><td>1</td><td>&nbsp;</td><td>3</td></tr></table>")
        name = "r.html"
    doc, result = read_text(tmp_path, body, name)
    got = {v.indicator_id: v for v in result.values}
    for iid in ("regulations_issued", "regulations_disclosed", "regulations_public_total", "proactive_normative_docs"):
        assert got[iid].value is None and got[iid].value_status == "blank", iid
    assert (got["normative_docs_issued"].value, got["normative_docs_public_total"].value) == (1, 3)


ENFORCEMENT = ("enforcement_items_previous", "enforcement_items_change", "enforcement_decisions")
CUT = {
    # where the page excerpt ends: (text after the complete rows, the cells of 行政强制 read)
    "inside_a_pipe_row": ("行政强制 | 4 | -1", [(4, "4")]),  # -1 may be -12: not read
    "inside_a_pipe_row_ending_in_0": ("行政强制 | 4 | 0", [(4, "4"), (0, "0")]),  # no digit follows a 0
    "after_a_closing_pipe": ("行政强制 | 4 | -1 | ", [(4, "4"), (-1, "-1")]),
    "after_the_label": ("行政强制", []),
    "after_the_label_and_pipe": ("行政强制 |", []),
    # one cell per line without pipes: a blank cell vanishes, so 2 of 3 cells cannot be placed
    "inside_cell_lines": ("行政强制\n\n4\n\n-1", []),
    "inside_cell_lines_closed_by_pipes": ("行政强制 |\n\n4 |\n\n-1 |\n\n5", [(4, "4"), (-1, "-1")]),
    "inside_cell_lines_closed_by_pipes_blank": ("行政强制 |\n|\n-1 |\n5", [(None, ""), (-1, "-1")]),
    "inside_tab_row": ("行政强制\t4\t-1", [(4, "4")]),
    "after_a_tab": ("行政强制\t4\t-1\t", [(4, "4"), (-1, "-1")]),
    # every cell printed, but the last one is not closed: 5 may be 57
    "complete_without_closing_pipe": ("行政强制 | 4 | -1 | 5", [(4, "4"), (-1, "-1")]),
    "complete_cell_lines": ("行政强制\n\n4\n\n-1\n\n5", [(4, "4"), (-1, "-1")]),
    "complete_spaces": ("行政强制 4 -1 5", [(4, "4"), (-1, "-1")]),
    "complete_and_closed": ("行政强制 | 4 | -1 | 5 |", [(4, "4"), (-1, "-1"), (5, "5")]),
}


@pytest.mark.parametrize("case", sorted(CUT))
def test_table_cut_off_by_the_end_of_the_page(tmp_path, case):
    """A row the page ends inside: its closed cells are read from the first column on, the rest
    named in the note; never a possibly cut number, never a cell in another column."""
    tail, cells = CUT[case]
    body = ("第二十条第(一)项 | |||\n信息内容 | 本年新 | 本年新 | 对外公开总数量 |\n规章 | 0 | 1 | 2 |\n"
            "规范性文件 | 3 | 4 | 5 |\n第二十条第(六)项 | |||\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n"
            "行政处罚 | 6 | +7 | 8 |\n" + tail)
    doc, result = read_text(tmp_path, body, cut=True)
    got = cells_of(doc, result)
    assert got["regulations_public_total"] == (2, "2") and got["normative_docs_issued"] == (3, "3")
    assert got["penalties_items_change"] == (7, "+7") and got["penalties_decisions"] == (8, "8")
    enforcement = {k: v for k, v in got.items() if k.startswith("enforcement_")}
    assert enforcement == dict(zip(ENFORCEMENT, cells))
    assert result.status == "partial"
    if len(cells) < 3:
        assert refused(result, "行政强制"), result.notes
    if 0 < len(cells) < 3:  # the note names the columns not read
        note = next(n for n in result.notes if "行政强制" in n)
        assert all(c in note for c in ("上一年项目数量", "本年增/减", "处理决定数量")[len(cells):]), note
        assert all(c not in note for c in ("上一年项目数量", "本年增/减", "处理决定数量")[:len(cells)]), note


def test_request_table_cut_inside_a_row(tmp_path):
    text = pipes(MODEL_2019)
    cut = text.index("2.其他法律行政法规禁止公开")
    text = text[:text.index("\n", cut)].rsplit(" | ", 2)[0]  # the row loses its last two cells
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    doc = read_file(tmp_path / "r.txt", tmp_path)
    result = extract_tables(doc, CB)
    got = {v.indicator_id for v in result.values}
    assert "requests_denied_state_secret" in got and "requests_received" in got
    row = [c["indicator_id"] for c in _template_rows("requests")[5]]
    assert row[0] == "requests_denied_prohibited_by_law__natural_person"
    # four cells closed by |, the fifth (504) ends the text and may be cut short, two cut away
    assert [i for i in row if i in got] == row[:4]
    assert result.status == "partial" and refused(result, "其他法律行政法规禁止公开")
    check_every_cell(doc, result, {k: v for k, v in EXPECTED_2019.items() if k in got})


def test_cells_run_together_are_not_split(tmp_path):
    """`行政许可120534` in a plain-text copy may be 12|05|34 or 120|5|34: never guessed."""
    body = ("第二十条第(五)项\n信息内容\n上一年项目数量\n本年增/减\n处理决定数量\n行政许可120534\n"
            "其他对外管理服务事项\n1\n2\n3\n")
    doc, result = read_text(tmp_path, body)
    got = cells_of(doc, result)
    assert not any(k.startswith("licensing_") for k in got)
    assert got["other_services_decisions"] == (3, "3")
    assert result.status == "partial" and any("行政许可" in n and "run together" in n for n in result.notes)


def test_html_word_export_renders_clean_pipe_rows(tmp_path):
    """Word-exported markup: paragraphs and spans inside cells, &nbsp; padding, a number's
    digits in two spans, a merged header, a label spanning two rows; a cell with two lines of
    digits stays two numbers (and its row is not read)."""
    page = """<html><body><div id=content><p>二、主动公开政府信息情况</p>
<table class=MsoNormalTable border=1 cellspacing=0>
 <tr><td colspan=4 style='width:415pt'><p class=MsoNormal align=center><b><span
  style='font-family:宋体'>第二十条第（一）项<span lang=EN-US><o:p></o:p></span></span></b></p></td></tr>
 <tr><td><p class=MsoNormal><span style='font-family:宋体'>信息内容</span></p></td>
  <td><p class=MsoNormal><span>本年新</span></p><p class=MsoNormal><span>制作数量</span></p></td>
  <td><p>本年新<br>公开数量</p></td><td>对外公开总数量</td></tr>
 <tr><td>规章</td><td><p class=MsoNormal align=center><span lang=EN-US>1</span><span
  lang=EN-US>2<o:p></o:p></span></p></td><td>&nbsp;</td><td><!--[if !supportMisc]-->3<!--[endif]--></td></tr>
 <tr><td>规范性文件</td><td>12<br>34</td><td>5</td><td>6</td></tr>
 <tr><td colspan=4>第二十条第（五）项</td></tr>
 <tr><td rowspan=2>行政许可</td><td>&nbsp;7&nbsp;</td><td>+2</td><td>1,234</td></tr>
 <tr><td>行政确认</td><td>8</td><td>9</td></tr>
</table></div></body></html>"""
    (tmp_path / "r.html").write_text(page, encoding="utf-8")
    doc = read_file(tmp_path / "r.html", tmp_path)
    lines = doc.text.split("\n")
    assert "规章 | 12 |  | 3 |" in lines
    assert "规范性文件 | 12 34 | 5 | 6 |" in lines
    assert "信息内容 | 本年新 制作数量 | 本年新 公开数量 | 对外公开总数量 |" in lines
    assert " | 行政确认 | 8 | 9 |" in lines  # the spanned label's place kept empty
    result = extract_tables(doc, CB)
    got = cells_of(doc, result)
    assert got["regulations_issued"] == (12, "12") and got["regulations_disclosed"] == (None, "")
    assert got["regulations_public_total"] == (3, "3")
    assert not any(k.startswith("normative_docs") or k == "proactive_normative_docs" for k in got)
    assert got["licensing_items_previous"] == (7, "7") and got["licensing_decisions"] == (1234, "1,234")
    assert {v.method for v in result.values} == {"table_html"}


def test_pre2019_provincial_form_with_fewer_rows(tmp_path):
    """A shorter provincial form: 指标名称 | 计量单位 | 本年度 | 历年累计, a handful of rows."""
    text = ("某市人民政府2015年政府信息公开工作年度报告\n政府信息公开情况统计表\n指标名称 | 计量单位 | 本年度 | 历年累计 |\n"
            "主动公开政府信息数 | 条 | 326 | 10240 |\n其中:主动公开规范性文件数 | 条 | 12 | 301 |\n"
            "收到申请数 | 件 | | 85 |\n申请办结数 | 件 | 7 | 84 |\n行政复议数量 | 件 | 0 | 3 |\n"
            "依申请公开信息收取的费用 | 万元 | 0.02 | 1.5 |\n")
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    doc = read_file(tmp_path / "r.txt", tmp_path)
    result = extract_tables(doc, CB)
    assert result.template == "pre2019_table"
    got = cells_of(doc, result)
    assert got["proactive_total"] == (326, "326") and got["proactive_normative_docs"] == (12, "12")
    assert got["requests_received"] == (None, "")  # the year's cell is blank: not the 85 beside it
    assert got["requests_completed"] == (7, "7") and got["reconsideration_total"] == (0, "0")
    assert got["fees_collected"] == (Decimal("0.02"), "0.02")
    assert not {Decimal(x) for x in ("10240", "301", "85", "84", "3", "1.5")} & {v.value for v in result.values}


def test_pre2019_header_with_columns_but_no_years_column(tmp_path):
    """Two value columns and no word saying which is the year's: nothing is read from them."""
    text = ("某市人民政府2015年政府信息公开工作年度报告\n政府信息公开情况统计表\n指标名称 | 计量单位 | 上年累计 | 历年累计 |\n"
            "主动公开政府信息数 | 条 | 326 | 10240 |\n收到申请数 | 件 | 5 | 85 |\n申请办结数 | 件 | 7 | 84 |\n"
            "行政复议数量 | 件 | 0 | 3 |\n举报投诉数量 | 件 | 1 | 2 |\n")
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    result = extract_tables(read_file(tmp_path / "r.txt", tmp_path), CB)
    assert result.template == "pre2019_table" and result.values == [] and result.status == "partial"
    assert any("which is the year's" in n for n in result.notes)


@pytest.mark.parametrize("with_header", [False, True])
def test_blank_padding_on_both_sides(tmp_path, with_header):
    """`规章 | | 5 | 6 | |` with one empty cell of padding: blank, 5, 6 or 5, 6, blank? Only a row of
    the same table that shows where its columns are (its header) can tell."""
    header = "信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 | |\n" if with_header else ""
    body = "第二十条第(一)项\n" + header + "规章 | | 5 | 6 | |\n"
    doc, result = read_text(tmp_path, body)
    got = cells_of(doc, result)
    if with_header:
        assert [got[i] for i in ("regulations_issued", "regulations_disclosed", "regulations_public_total")] \
            == [(None, ""), (5, "5"), (6, "6")]
    else:
        assert not got and refused(result, "规章")


@pytest.mark.parametrize("layout", ["pipes", "cell_lines", "spaces"])
def test_header_printed_again_inside_the_table(tmp_path, layout):
    """A page break repeats the request table's header (…其他 | 总计): its 总计 is a column's word,
    not the row (七)总计 printed without cells."""
    text = TEXT_LAYOUTS_2019[layout][0](MODEL_2019)
    at = text.rindex("\n", 0, text.index("1.属于国家秘密")) + 1
    header = {"pipes": " | ".join(REQ_HEADER) + " |", "cell_lines": "\n".join(REQ_HEADER),
              "spaces": " ".join(REQ_HEADER)}[layout]
    (tmp_path / "r.txt").write_text(text[:at] + header + "\n" + text[at:], encoding="utf-8")
    doc = read_file(tmp_path / "r.txt", tmp_path)
    result = extract_tables(doc, CB)
    assert result.status == "parsed", result.notes
    check_every_cell(doc, result, EXPECTED_2019)


def test_table_cut_after_its_header_is_the_2019_form_with_nothing_read(tmp_path):
    doc, result = read_text(tmp_path, "第二十条第(一)项 |\n信息内容 |\n本年新 制作数量 |\n本年新 公", cut=True)
    assert result.template == "format_2019" and result.values == [] and result.status == "partial"


def test_prose_citing_article_20_is_no_table(tmp_path):
    body = "第二十条第(一)项:本年度新制作规章0件,规范性文件3件。\n行政许可\n办理行政许可事项120件。\n"
    _, result = read_text(tmp_path, body)
    assert result.template == "narrative" and result.values == []


@pytest.mark.parametrize("fmt", ["html", "docx", "xlsx"])
def test_a_value_spanning_rows_is_not_each_rows_value(tmp_path, fmt):
    """A cell merged down over two rows shows its number once: the row below does not get it
    (labels spanning rows are found all the same, their place kept by an empty cell)."""
    rows = [["第二十条第(一)项", "", "", ""], ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
            ["规章", "1", "2", "9"], ["规范性文件", "4", "5", ""]]
    if fmt == "html":
        body = ("<table><tr><td colspan=4>第二十条第(一)项</td></tr><tr>" + "".join(f"<td>{c}</td>" for c in rows[1])
                + "</tr><tr><td>规章</td><td>1</td><td>2</td><td rowspan=2>9</td></tr>"
                "<tr><td>规范性文件</td><td>4</td><td>5</td></tr></table>")
        data = f"<html><body><h1>{TITLE}</h1><p>二、主动公开政府信息情况</p>{body}</body></html>".encode("utf-8")
    elif fmt == "docx":
        import docx

        d = docx.Document()
        d.add_paragraph(TITLE)
        t = d.add_table(rows=4, cols=4)
        grid = [r.cells for r in t.rows]
        for i, r in enumerate(rows):
            for j, c in enumerate(r):
                if c:
                    grid[i][j].text = c
        grid[0][0].merge(grid[0][3]).text = rows[0][0]
        grid[2][3].merge(grid[3][3]).text = "9"
        buf = io.BytesIO()
        d.save(buf)
        data = buf.getvalue()
    else:
        import xlsxwriter

        buf = io.BytesIO()
        wb = xlsxwriter.Workbook(buf, {"in_memory": True})
        ws = wb.add_worksheet()
        for i, r in enumerate(rows):
            for j, c in enumerate(r):
                if c and (i, j) != (2, 3):
                    ws.write(i, j, int(c) if c.isdigit() else c)
        ws.merge_range(0, 0, 0, 3, rows[0][0])
        ws.merge_range(2, 3, 3, 3, 9)
        wb.close()
        data = buf.getvalue()
    (tmp_path / f"r.{fmt}").write_bytes(data)
    doc = read_file(tmp_path / f"r.{fmt}", tmp_path)
    got = cells_of(doc, extract_tables(doc, CB))
    assert got["regulations_public_total"] == (9, "9")
    assert got["normative_docs_issued"] == (4, "4") and got["proactive_normative_docs"] == (5, "5")
    assert got.get("normative_docs_public_total", (None,))[0] is None


def test_header_note_broken_over_lines_gives_no_value(tmp_path):
    """The header's example (减用负值表示,如-8) broken so that -8 stands on a line of its own,
    in a table flattened one cell per line: a number with no row label is nobody's value."""
    body = ("第二十条第(五)项\n信息内容\n上一年项目数量\n(指2018年事项数)\n本年增/减\n(指2019年增加或减少的事项数,减用负值表示,如\n"
            "-8\n)\n处理决定数量\n行政许可\n71\n-11\n0\n其他对外管理服务事项\n3\n+2\n12\n")
    doc, result = read_text(tmp_path, body)
    got = cells_of(doc, result)
    assert got["licensing_items_change"] == (-11, "-11") and got["other_services_items_change"] == (2, "+2")
    assert Decimal(-8) not in {v.value for v in result.values}
    assert not any("not read" in n for n in result.notes), result.notes
