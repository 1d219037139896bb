"""Bad input and other formats: every file is accounted for, nothing read is lost.

Fixtures are written by the tests from the seeds' bytes (never retyped) into tmp_path.
"""
from __future__ import annotations

import csv
import io
import shutil
import struct
from collections import Counter
import zlib
from pathlib import Path

import opencc
import pytest

from ogi.pipeline import build
from ogi.read import read_file

from .conftest import RAW, SEEDS

SEED001 = (RAW / SEEDS["001"]).read_text(encoding="utf-8")
SEED004 = (RAW / SEEDS["004"]).read_text(encoding="utf-8")
SEED000 = (RAW / SEEDS["000"]).read_text(encoding="utf-8")  # encodable in GBK (001 has U+2002)


def reports(out: Path) -> dict[str, dict]:
    with (out / "data" / "reports.csv").open(encoding="utf-8") as f:
        return {r["raw_path"]: r for r in csv.DictReader(f)}


def observations(out: Path) -> list[dict]:
    with (out / "data" / "observations.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def value_of(out: Path, report_id: str, indicator: str) -> str | None:
    rows = [o for o in observations(out) if o["report_id"] == report_id and o["indicator_id"] == indicator]
    return rows[0]["value"] if rows else None


@pytest.mark.parametrize("encoding, expected", [
    ("gbk", "gb18030"), ("gb18030", "gb18030"), ("utf-16", "utf-16"), ("utf-8-sig", "utf-8-sig"),
])
def test_encodings_are_detected_and_offsets_stay_valid(tmp_path, encoding, expected):
    (tmp_path / "r.txt").write_bytes(SEED000.encode(encoding))
    doc = read_file(tmp_path / "r.txt", tmp_path)
    assert doc.encoding == expected and doc.read_status == "parsed"
    assert doc.text == SEED000 and len(doc.norm) == len(doc.text)


def test_big5_traditional_mirror_copy(tmp_path):
    traditional = opencc.OpenCC("s2t").convert(SEED004)
    (tmp_path / "r.txt").write_bytes(traditional.encode("big5", errors="replace"))
    doc = read_file(tmp_path / "r.txt", tmp_path)
    assert doc.encoding == "big5" and doc.script == "traditional"
    assert len(doc.norm) == len(doc.text)
    from ogi.codebook import load
    from ogi.extract.narrative import extract_narrative

    values = {v.indicator_id: v for v in extract_narrative(doc, load())[0]}
    v = values["requests_received"]  # seed 004 line 124: 共收到政府信息公开申请27件
    assert v.value == 27 and doc.text[v.char_start:v.char_end] == "27"
    assert "申請" in doc.text[v.evidence_start:v.evidence_end]  # evidence keeps the original


def test_crlf_line_ends(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "r.txt").write_bytes(SEED001.replace("\n", "\r\n").encode("utf-8"))
    out = tmp_path / "out"
    build(raw, out, progress=False)
    rid = next(iter(reports(out).values()))["report_id"]
    rows = [o for o in observations(out) if o["indicator_id"] == "requests_received"]
    doc = read_file(raw / "r.txt", raw)
    assert rows and rows[0]["value"] == "8" and rows[0]["report_id"] == rid
    assert doc.text[int(rows[0]["char_start"]):int(rows[0]["char_end"])] == "8"


def _png() -> bytes:
    raw = b"\x00\xff\xff\xff"
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _pdf(with_text: bool) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure()
    if with_text:
        fig.text(0.1, 0.5, "Requests received 27, completed 27, fees 0 (text layer test)")
    else:
        fig.figimage([[0.0, 1.0], [1.0, 0.0]])
    buf = io.BytesIO()
    fig.savefig(buf, format="pdf")
    plt.close(fig)
    return buf.getvalue()


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    """A raw folder with every kind of bad input, and a build of it."""
    raw = tmp_path_factory.mktemp("messy")
    shutil.copy(RAW / SEEDS["001"], raw / "good.txt")
    (raw / "exact_copy.txt").write_bytes((RAW / SEEDS["001"]).read_bytes())
    (raw / "gbk_copy.txt").write_bytes(SEED001.encode("gb18030"))               # same text, other bytes
    (raw / "mirror_traditional.html").write_text(
        "<html><body><div class='nav'>首頁</div><div>" + opencc.OpenCC("s2t").convert(SEED004).replace("\n", "<br>")
        + "</div></body></html>", encoding="utf-8")
    shutil.copy(RAW / SEEDS["004"], raw / "original.txt")
    (raw / "second_same_year.txt").write_text(SEED004.replace("区长信箱", "区长邮箱"), encoding="utf-8")
    (raw / "empty.txt").write_bytes(b"")
    (raw / "junk.bin").write_bytes(bytes(range(256)) * 8)
    (raw / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    (raw / "scan.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 100)
    (raw / "table.png").write_bytes(_png())
    (raw / "scan.pdf").write_bytes(_pdf(with_text=False))
    (raw / "text.pdf").write_bytes(_pdf(with_text=True))
    (raw / "notice.html").write_text("<html><body><nav>首页</nav><p>关于开展春季植树活动的通知。</p>"
                                     "<p>请各单位于3月12日前报名。</p></body></html>", encoding="utf-8")
    seed000 = (RAW / SEEDS["000"]).read_bytes()
    cut = seed000[: seed000.index("5.不属于本行政机关公开数".encode())]  # the download stops mid-table
    (raw / "truncated.txt").write_bytes(cut)
    out = tmp_path_factory.mktemp("messy_out")
    summary = build(raw, out, progress=False)
    return raw, out, summary


def test_every_file_has_a_reports_row(messy):
    raw, out, summary = messy
    rows = reports(out)
    assert set(rows) == {p.name for p in raw.iterdir()}
    assert summary.n_files == len(rows)
    assert sum(summary.by_status.values()) == len(rows)
    # the summary counts every status the rows have, as the rows have them
    status_line = next(line for line in summary.text().splitlines() if line.strip().startswith("status:"))
    counts = Counter(r["status"] for r in rows.values())
    assert status_line.strip() == "status: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))


@pytest.mark.parametrize("name, fmt, words", [
    ("empty.txt", "empty", "empty file"),
    ("junk.bin", "binary", "binary"),
    ("old.doc", "doc", ".docx"),
    ("scan.jpg", "image", "OCR"),
    ("table.png", "image", "OCR"),
    ("scan.pdf", "pdf", "OCR"),
    ("notice.html", "html", "not an annual report"),
])
def test_rejected_files_say_why(messy, name, fmt, words):
    _, out, _ = messy
    row = reports(out)[name]
    assert row["status"] == "rejected" and row["format"] == fmt
    assert words in row["status_note"]
    assert not [o for o in observations(out) if o["report_id"] == row["report_id"]]


def test_file_cut_mid_character_is_partial(tmp_path):
    data = SEED001.encode("utf-8")
    (tmp_path / "r.txt").write_bytes(data[: data.index("扫一扫".encode()) + 1])  # 1 of 扫's 3 bytes
    doc = read_file(tmp_path / "r.txt", tmp_path)
    assert doc.read_status == "partial" and "truncated" in doc.read_note
    assert "高坪区人民政府办公室" in doc.text


def test_pdf_text_layer_is_read(tmp_path):
    (tmp_path / "t.pdf").write_bytes(_pdf(with_text=True))
    doc = read_file(tmp_path / "t.pdf", tmp_path)
    assert doc.format == "pdf" and "Requests received 27" in doc.text


def test_duplicates_point_at_the_report_kept(messy):
    _, out, _ = messy
    rows = reports(out)
    copies = [rows[n] for n in ("good.txt", "exact_copy.txt", "gbk_copy.txt")]
    (kept,) = [r for r in copies if r["status"] == "parsed"]
    for r in copies:
        if r is not kept:
            assert r["status"] == "duplicate" and r["duplicate_of"] == kept["report_id"]
            assert "same text" in r["status_note"]
    assert len({r["report_id"] for r in copies}) == 3  # byte-identical files still get their own id
    # a traditional-character mirror and a second report of 七星关区 2018: one kept, others point at it
    group = [rows[n] for n in ("mirror_traditional.html", "original.txt", "second_same_year.txt")]
    kept_ids = {r["report_id"] for r in group if r["status"] == "parsed"}
    assert len(kept_ids) == 1
    for r in group:
        if r["status"] != "parsed":
            assert r["status"] == "duplicate" and r["duplicate_of"] in kept_ids
    # the kept report's values are published once
    (kid,) = kept_ids
    assert value_of(out, kid, "requests_received") == "27"


def test_truncated_report_is_partial_and_keeps_what_was_read(messy):
    _, out, _ = messy
    row = reports(out)["truncated.txt"]
    assert row["status"] == "partial"
    assert row["status_note"]
    assert "rows of the pre-2019 table not found" in row["status_note"]
    assert value_of(out, row["report_id"], "proactive_website") == "26"  # seed 000 line 29, before the cut


def test_strict_makes_a_rejection_an_error(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / SEEDS["000"], raw / "a.txt")
    (raw / "b.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    with pytest.raises(SystemExit):
        build(raw, tmp_path / "out", strict=True, progress=False)
    summary = build(raw, tmp_path / "out2", progress=False)
    assert summary.by_status["rejected"] == 1 and summary.by_status["parsed"] == 1


def test_parallel_build_gives_the_same_bytes(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    build(raw, tmp_path / "one", jobs=1, progress=False)
    build(raw, tmp_path / "two", jobs=2, progress=False, formats=("csv", "parquet"))
    for name in ("observations", "reports", "agencies", "checks", "mentions"):
        a = (tmp_path / "one" / "data" / f"{name}.csv").read_bytes()
        assert a == (tmp_path / "two" / "data" / f"{name}.csv").read_bytes()
    import polars as pl

    frame = pl.read_parquet(tmp_path / "two" / "data" / "observations.parquet")
    assert frame.height == len(observations(tmp_path / "one"))
    assert frame.schema["year"] == pl.Int64 and frame.schema["value"] == pl.Float64


def test_same_name_without_a_place_is_flagged_as_possibly_another_agency():
    from ogi.dedupe import DedupeItem, mark_duplicates

    items = [DedupeItem("r_a", "000000_abcdef12", 2017, "fp1", 30, "parsed"),
             DedupeItem("r_b", "000000_abcdef12", 2017, "fp2", 10, "parsed"),
             DedupeItem("r_c", "530111_abcdef12", 2017, "fp3", 30, "parsed"),
             DedupeItem("r_d", "530111_abcdef12", 2017, "fp4", 10, "parsed")]
    out = mark_duplicates(items)
    assert set(out) == {"r_b", "r_d"}
    assert out["r_b"][0] == "r_a" and "another agency of the same name" in out["r_b"][1]
    assert out["r_d"][0] == "r_c" and "another agency" not in out["r_d"][1]


@pytest.mark.parametrize("nested", [True, False])
def test_page_laid_out_with_tables_and_a_sidebar_of_other_reports(tmp_path, nested):
    """Older government sites lay pages out with nested tables and list the other years'
    reports in a sidebar: the prose must not become one table row, nor a sidebar link the title."""
    from ogi.pipeline import parse_file

    lines = [ln for ln in SEED004.split("\n") if ln.strip()]
    title_at = next(i for i, ln in enumerate(lines) if "2018年政府信息公开年度报告" in ln)
    body = "".join(f"<p>{ln}</p>" for ln in lines[title_at:])
    sidebar = "".join(f"<li><a href='/{y}'>{y}年政府信息公开年度报告</a></li>" for y in (2017, 2016, 2015))
    if nested:
        page = ("<html><body><table><tr><td><table><tr><td><a href='/'>首页</a></td><td><a href='/x'>概况</a>"
                f"</td></tr></table></td></tr><tr><td><ul>{sidebar}</ul></td><td>{body}</td></tr></table>"
                "</body></html>")
    else:  # one table: a row of menu cells, then the sidebar and the report side by side
        menu = "".join(f"<td><a href='/{i}'>栏目{i}</a></td>" for i in range(8))
        page = (f"<html><body><table><tr>{menu}</tr><tr><td colspan='2'><ul>{sidebar}</ul></td>"
                f"<td colspan='6'>{body}</td></tr></table></body></html>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    doc = read_file(tmp_path / "page.html", tmp_path)
    assert "2017年政府信息公开年度报告" not in doc.text
    assert doc.text.split("\n")[0] == lines[title_at].strip()  # the menu row is gone too
    assert not doc.table_blocks  # layout, not data
    p = parse_file(tmp_path / "page.html", tmp_path)
    assert (p.report["year"], p.report["status"]) == (2018, "parsed")
    got = {o["indicator_id"]: o["value"] for o in p.observations}
    # seed 004 line 71: 共收到政府信息公开申请27件,其中信函申请20件,网上申请7件,办结27件
    assert (got["requests_received"], got["requests_received_mail"], got["requests_completed"]) == (27, 20, 27)
    for o in p.observations:
        assert str(o["value"]) in doc.text[o["char_start"]:o["char_end"]]


def test_sources_csv_can_name_the_place(tmp_path):
    """Two agencies of the same name whose text names no parent: without a place they would
    share an agency_id; an adcode column in sources.csv (hash optional) keeps them apart."""
    raw = tmp_path / "raw"
    raw.mkdir()
    text = "鼓楼区人民政府2017年政府信息公开工作年度报告\n本年度主动公开政府信息{n}条。\n"
    (raw / "a.txt").write_text(text.format(n=120), encoding="utf-8")
    (raw / "b.txt").write_text(text.format(n=340), encoding="utf-8")
    out = tmp_path / "out"
    build(raw, out, progress=False)
    rows = reports(out)
    assert {rows["a.txt"]["status"], rows["b.txt"]["status"]} == {"parsed", "duplicate"}
    assert "another agency of the same name" in rows["a.txt"]["status_note"] + rows["b.txt"]["status_note"]

    (raw / "sources.csv").write_text("file,adcode\na.txt,350102\nb.txt,320106\n", encoding="utf-8")
    build(raw, out, progress=False)
    rows = reports(out)
    assert rows["a.txt"]["status"] == rows["b.txt"]["status"] == "parsed"
    with (out / "data" / "agencies.csv").open(encoding="utf-8") as f:
        agencies = {a["agency_id"]: a for a in csv.DictReader(f)}
    a, b = agencies[rows["a.txt"]["agency_id"]], agencies[rows["b.txt"]["agency_id"]]
    assert (a["prefecture"], b["prefecture"]) == ("福州市", "南京市")
    assert "sources.csv" in a["place_note"]


def _chinese_pdf(text: str, width: int = 38) -> bytes:
    """The text as a PDF page layout would print it: every paragraph broken into lines of
    `width` characters (reportlab's built-in Chinese CID font: no font file needed)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    y = 800
    c.setFont("STSong-Light", 11)
    for para in text.split("\n"):
        para = para.strip()
        for line in [para[i:i + width] for i in range(0, len(para), width)] or [""]:
            if y < 60:
                c.showPage()
                c.setFont("STSong-Light", 11)
                y = 800
            c.drawString(40, y, line)
            y -= 16
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_seed_printed_as_a_pdf_gives_the_same_values(tmp_path, key):
    """A PDF breaks sentences at the end of every printed line (共收到政府信息 / 公开申请27件):
    the reader joins those breaks, keeps headings, cells and table rows apart."""
    from ogi.pipeline import parse_file

    text = (RAW / SEEDS[key]).read_text(encoding="utf-8")
    (tmp_path / "r.pdf").write_bytes(_chinese_pdf(text))
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    pdf, txt = parse_file(tmp_path / "r.pdf", tmp_path), parse_file(tmp_path / "r.txt", tmp_path)
    assert pdf.report["format"] == "pdf" and "\n" in read_file(tmp_path / "r.pdf", tmp_path).text
    assert (pdf.report["year"], pdf.report["agency_id"]) == (txt.report["year"], txt.report["agency_id"])
    values = lambda p: {o["indicator_id"]: (o["value"], o["value_status"]) for o in p.observations}
    assert values(pdf) == values(txt) and values(txt)


def test_unwrap_joins_only_lines_broken_by_the_page_width():
    from ogi.read.pdf import unwrap_lines

    full = "本年度我局认真贯彻落实政府信息公开条例,共收到政府信息"  # a full printed line, cut mid-sentence
    lines = [full, "公开申请27件,全部按期办结。", full[:-3] + "1234", "条。",
             full, "二、主动公开情况", "本年新收政府信息公开申请数量 5 0 0 0 3 0 8", full, "8", full + "。", "下一段"]
    got = unwrap_lines("\n".join(lines)).split("\n")
    assert got[0] == full + "公开申请27件,全部按期办结。"   # a sentence broken by the line end
    assert got[1] == full[:-3] + "1234条。"                  # a number and its counter word
    assert got[2:4] == [full, "二、主动公开情况"]           # a heading starts a line of its own
    assert "本年新收政府信息公开申请数量 5 0 0 0 3 0 8" in got  # a table row is not joined
    assert got[-4:] == [full, "8", full + "。", "下一段"]   # a cell on its own line, a sentence's end


def test_an_internal_error_is_its_own_outcome(tmp_path, monkeypatch, capsys):
    """A fault of ogi is not a verdict on the file: status error, listed in the summary, and an
    error under --strict; the other files are built."""
    import ogi.extract.narrative as narrative

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / SEEDS["002"], raw / "a.txt")
    shutil.copy(RAW / SEEDS["004"], raw / "b.txt")
    real = narrative.extract_narrative

    def broken(doc, *args, **kwargs):
        if doc.path == "a.txt":
            raise ZeroDivisionError("a bug")
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(narrative, "extract_narrative", broken)
    summary = build(raw, tmp_path / "out")
    rows = {r["raw_path"]: r for r in csv.DictReader((tmp_path / "out" / "data" / "reports.csv").open(encoding="utf-8"))}
    assert rows["a.txt"]["status"] == "error" and "ZeroDivisionError" in rows["a.txt"]["status_note"]
    assert rows["b.txt"]["status"] == "parsed"
    assert summary.errors == ["a.txt"] and "internal error" in summary.text()
    with pytest.raises(SystemExit, match="1 internal error"):
        build(raw, tmp_path / "out2", strict=True)


def test_a_zero_in_words_beside_a_table_value_is_a_check_not_a_crash(tmp_path):
    text = ("某县人民政府2019年政府信息公开工作年度报告\n本报告中所列数据的统计期限自2019年1月1日起至2019年12月31日止。\n"
            "三、收到和处理政府信息公开申请情况\n2019年,我县没有收到政府信息公开申请。\n"
            "本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n")
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(text, encoding="utf-8")
    build(raw, tmp_path / "out")
    report, = csv.DictReader((tmp_path / "out" / "data" / "reports.csv").open(encoding="utf-8"))
    checks = {c["check_id"]: c for c in csv.DictReader((tmp_path / "out" / "data" / "checks.csv").open(encoding="utf-8"))}
    assert report["status"] in ("parsed", "partial")
    assert checks["narrative_vs_table:requests_received"]["passed"] == "false"
    assert (checks["narrative_vs_table:requests_received"]["expected"],
            checks["narrative_vs_table:requests_received"]["observed"]) == ("1", "0")


def test_good_reports_are_published_unchanged_beside_every_hostile_file_to_read(tmp_path, monkeypatch):
    """Issue 12: the files the reader meets that are hostile or odd (nesting beyond the parser's
    depth, a <pre> page with a paragraph in another encoding, encrypted PDFs, zip bombs, a file
    larger than any report, damaged files) beside good reports: the good ones are published as
    when built alone, the readable ones give their seed's values, every other one is a row that
    says what to do, and none is an internal error."""
    import zipfile

    from ogi.pipeline import parse_file

    from .test_read_hostile import _docx, _encrypted, _lie_about_sizes

    def raw_with_good(name):
        raw = tmp_path / name
        raw.mkdir()
        for key in ("000", "002"):
            shutil.copy(RAW / SEEDS[key], raw / f"good_{key}.txt")
        return raw

    alone = tmp_path / "alone"
    build(raw_with_good("raw_alone"), alone, progress=False)

    raw = raw_with_good("raw_mixed")
    seed = {k: (RAW / SEEDS[k]).read_text(encoding="utf-8") for k in ("001", "003", "004")}
    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;")
    value = lambda v: "" if v is None else str(v).removesuffix(".0")
    (raw / "owner_only.pdf").write_bytes(_encrypted(_chinese_pdf(seed["001"]), "", "AES-256"))
    (raw / "deep.html").write_bytes(("<html><body>" + "<font>" * 3000 + esc(seed["003"]).replace("\n", "<br>\n")
                                     + "</body></html>").encode("utf-8"))
    lines = esc(seed["004"]).split("\n")
    (raw / "pre_mixed.html").write_bytes(b"<html><body><pre>" + b"\n".join(
        ln.encode("gb18030" if 40 <= i < 50 else "utf-8") for i, ln in enumerate(lines)) + b"</pre></body></html>")
    (raw / "password.pdf").write_bytes(_encrypted(_chinese_pdf(seed["001"]), "user-secret", "AES-128"))
    (raw / "bomb.docx").write_bytes(_docx(b"<w:document>" + b" " * 20_000_000 + b"</w:document>"))
    (raw / "claims_3gb.xlsx").write_bytes(_lie_about_sizes(_docx(b"<x/>", "xl/workbook.xml"), 3_000_000_000))
    (raw / "huge.txt").write_bytes(seed["001"].encode("utf-8") * 20)
    monkeypatch.setattr("ogi.read.READ_FILE_MAX_BYTES", 100_000)
    (raw / "damaged.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF")
    (raw / "damaged.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    (raw / "notes.zip").write_bytes(_docx(b"x", "notes.txt"))
    assert zipfile.is_zipfile(raw / "notes.zip")
    mixed = tmp_path / "mixed"
    build(raw, mixed, progress=False)

    a, m = reports(alone), reports(mixed)
    for name in ("good_000.txt", "good_002.txt"):
        assert m[name] == a[name]
        want = [o for o in observations(alone) if o["report_id"] == a[name]["report_id"]]
        assert [o for o in observations(mixed) if o["report_id"] == m[name]["report_id"]] == want
    assert set(m) == {p.name for p in raw.iterdir()}
    assert not [r for r in m.values() if r["status"] == "error"]

    for name, key in (("owner_only.pdf", "001"), ("deep.html", "003"), ("pre_mixed.html", "004")):
        assert m[name]["status"] == "parsed", (name, m[name]["status_note"])
        (tmp_path / f"{key}.txt").write_text(seed[key], encoding="utf-8")
        want = {o["indicator_id"]: value(o["value"]) for o in parse_file(tmp_path / f"{key}.txt", tmp_path).observations}
        got = {o["indicator_id"]: value(o["value"]) for o in observations(mixed) if o["report_id"] == m[name]["report_id"]}
        assert want and got == want, name
    assert "mixed encodings" in m["pre_mixed.html"]["status_note"]
    for name, words in (("password.pdf", "password"), ("bomb.docx", "zip bomb"), ("claims_3gb.xlsx", "zip bomb"),
                        ("huge.txt", "larger than any report"), ("damaged.pdf", "could not be read"),
                        ("damaged.xls", "could not be read"), ("notes.zip", "unpack it")):
        assert m[name]["status"] == "rejected" and words in m[name]["status_note"], (name, m[name]["status_note"])


def test_unnamed_agencies_on_one_portal_are_published_apart_with_their_place(tmp_path):
    """Two townships' reports on one city's portal, neither naming itself (我镇): each is filed
    under an unidentified agency of that city, one id per report, and keeps its values."""
    raw = tmp_path / "raw"
    raw.mkdir()
    body = ("根据《中华人民共和国政府信息公开条例》规定,现将本单位政府信息公开工作情况报告如下。"
            "本报告中所列数据的统计期限自2016年1月1日起至2016年12月31日止。\n一、概述\n"
            "2016年,我镇主动公开政府信息{n}条。\n二、主动公开政府信息情况\n三、依申请公开政府信息情况\n")
    (raw / "a.txt").write_text(body.format(n=568), encoding="utf-8")
    (raw / "b.txt").write_text(body.format(n=75), encoding="utf-8")
    (raw / "sources.csv").write_text("file,source_url\na.txt,http://www.bengbu.gov.cn/public/1/1.html\n"
                                     "b.txt,http://www.bengbu.gov.cn/public/1/2.html\n", encoding="utf-8")
    out = tmp_path / "out"
    build(raw, out, jobs=1)
    rows = reports(out)
    with (out / "data" / "agencies.csv").open(encoding="utf-8") as f:
        agencies = {a["agency_id"]: a for a in csv.DictReader(f)}
    ids = {rows[p]["agency_id"] for p in ("a.txt", "b.txt")}
    assert len(ids) == 2 and all(i.startswith("340300_") for i in ids)
    for i in ids:
        a = agencies[i]
        assert (a["agency_type"], a["prefecture"], a["county"], a["level"]) == ("unidentified", "蚌埠市", "", "")
        assert a["name_zh"] == "蚌埠市（单位未识别）" and "not named" in a["place_note"]
    for p, n in (("a.txt", "568"), ("b.txt", "75")):
        assert rows[p]["status"] == "partial" and "unidentified agency of 蚌埠市" in rows[p]["status_note"]
        assert value_of(out, rows[p]["report_id"], "proactive_total") == n
        assert {o["agency_id"] for o in observations(out) if o["report_id"] == rows[p]["report_id"]} \
            == {rows[p]["agency_id"]}
