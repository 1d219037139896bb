"""Reading hostile and unusual files: text of any depth, <pre> lines, mixed encodings, encrypted
PDFs, zip bombs, files larger than any report; every failure a row with a note (issue 12).

Fixtures are made by the tests from the seeds' text (never retyped) into tmp_path.
"""
from __future__ import annotations

import hashlib
import html
import io
import struct
import time
import tracemalloc
import zipfile

import pytest

import ogi.settings as settings
from ogi.pipeline import parse_file
from ogi.read import read_file
from ogi.read.decode import decode

from .conftest import RAW, SEEDS


def _seed(key: str) -> str:
    return (RAW / SEEDS[key]).read_text(encoding="utf-8")


def _values(parsed) -> dict:
    return {o["indicator_id"]: (o["value"], o["value_status"]) for o in parsed.observations}


def _same_as_text(tmp_path, name: str, key: str):
    """The file parses to the values of the seed as plain text; returns its parse."""
    (tmp_path / "seed.txt").write_text(_seed(key), encoding="utf-8")
    want = parse_file(tmp_path / "seed.txt", tmp_path)
    got = parse_file(tmp_path / name, tmp_path)
    assert _values(want) and _values(got) == _values(want)
    return got


# --- HTML of any depth ---------------------------------------------------------------------------

@pytest.mark.parametrize("depth", [300, 10_000])
def test_unclosed_tags_beyond_the_parsers_depth_lose_no_text(tmp_path, depth):
    """libxml2 stops at 256 open elements: a page that never closes its <font> lost everything
    after that point and was published as parsed with no values."""
    seed = _seed("001")
    page = "<html><body>" + "<font size=3>" * depth + html.escape(seed).replace("\n", "<br>\n") + "</body></html>"
    (tmp_path / "deep.html").write_text(page, encoding="utf-8")
    start = time.perf_counter()
    doc = read_file(tmp_path / "deep.html", tmp_path)
    assert time.perf_counter() - start < 20
    lines = [ln.strip() for ln in seed.split("\n") if ln.strip()]
    assert [ln.strip() for ln in doc.text.split("\n") if ln.strip()] == [" ".join(ln.split()) for ln in lines]
    got = _same_as_text(tmp_path, "deep.html", "001")
    assert got.report["status"] == "parsed"


def test_a_megabyte_page_nested_ten_thousand_deep_is_read_in_order(tmp_path):
    n = 10_000
    page = "<html><body>" + "".join(f"<div><font>第{i}段" + "政府信息公开" * 14 + "\n" for i in range(n)) + "</body></html>"
    assert len(page.encode("utf-8")) > 2**20
    (tmp_path / "big.html").write_text(page, encoding="utf-8")
    start = time.perf_counter()
    doc = read_file(tmp_path / "big.html", tmp_path)
    assert time.perf_counter() - start < 30
    import re

    assert [int(m) for m in re.findall(r"第([0-9]+)段", doc.text)] == list(range(n))


@pytest.mark.parametrize("body", [
    "<table><tr><td>x" * 5000,            # tables in cells, never closed
    "<ul><li><div>x" * 5000,              # list items holding blocks
    "<span><a href='/a'>x</a>" * 5000,    # links in spans (a list of links: dropped as a menu)
    "<font>x" * 5000 + "</p></div></td>" * 5000,  # stray end tags under a deep stack
])
def test_hostile_nesting_is_read_in_bounded_time(tmp_path, body):
    page = "<html><body><p>开头</p>" + body + "<p>结尾</p></body></html>"
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    start = time.perf_counter()
    doc = read_file(tmp_path / "p.html", tmp_path)
    assert time.perf_counter() - start < 20
    assert doc.text.startswith("开头") and doc.read_status != "rejected"


def test_deep_tree_reads_pages_as_libxml2_does():
    """The fallback parser, given pages libxml2 reads whole, renders the same text and table
    blocks: a page reads the same way whichever parser had to read it."""
    from ogi.read import html as reader
    from ogi.read.builder import TextBuilder

    seed = html.escape(_seed("000"))
    pages = [
        "<html><head><title>标题</title></head><body><div class='nav'><a href='/'>首页</a><a href='/b'>概况</a></div>"
        f"<p>{seed.replace(chr(10), '</p><p>')}</p></body></html>",
        "<html><body><table><tr><td>项目<td>数量<tr><td>主动公开<td>26<tr><td>依申请<td>3<tr><td>总计<td>29</table>"
        "<ul><li><a href='/1'>2017年报告</a><li><a href='/2'>2016年报告</a></ul><p>完<!-- c -->毕</body></html>",
        "<div><p>一<p>二<table><tr><th rowspan=2>甲<th colspan=2>乙</tr><tr><td>1<td>2</table></div>",
    ]
    for page in pages:
        want = reader.html_to_text(page)
        root = reader._deep_tree(page)
        nodes = list(root.iter())
        reader._drop_furniture(root, nodes)
        out = TextBuilder()
        reader._walk(root, out)
        assert (out.text(), out.blocks) == want


# --- <pre> ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["000", "001"])
def test_pre_pages_keep_their_lines(tmp_path, key):
    seed = _seed(key)
    (tmp_path / "pre.html").write_text(f"<html><body><h1>公开</h1><pre>\n{html.escape(seed)}</pre></body></html>",
                                       encoding="utf-8")
    doc = read_file(tmp_path / "pre.html", tmp_path)
    assert doc.text == "公开\n" + seed.rstrip("\n") + "\n"
    _same_as_text(tmp_path, "pre.html", key)


# --- encodings -------------------------------------------------------------------------------------

def _mixed(seed: str, main: str, other: str, lines=slice(40, 50)) -> bytes:
    parts = seed.split("\n")
    return b"\n".join(ln.encode(other if i in range(*lines.indices(len(parts))) else main)
                      for i, ln in enumerate(parts))


@pytest.mark.parametrize("main, other", [("utf-8", "gbk"), ("gbk", "utf-8")])
def test_mixed_encodings_are_decoded_line_by_line(tmp_path, main, other):
    seed = _seed("000")  # encodable in GBK
    (tmp_path / "r.txt").write_bytes(_mixed(seed, main, other))
    doc = read_file(tmp_path / "r.txt", tmp_path)
    assert doc.text == seed and doc.read_status == "parsed"
    other_name = "gb18030" if other == "gbk" else other
    n = sum(1 for ln in seed.split("\n")[40:50] if not ln.isascii())
    assert f"{n} line(s) in {other_name}" in doc.read_note
    p = _same_as_text(tmp_path, "r.txt", "000")
    assert "mixed encodings" in p.report["status_note"]


def test_a_utf8_file_with_a_byte_order_mark_and_a_gbk_part(tmp_path):
    seed = _seed("000")
    (tmp_path / "r.txt").write_bytes(b"\xef\xbb\xbf" + _mixed(seed, "utf-8", "gbk"))
    doc = read_file(tmp_path / "r.txt", tmp_path)
    assert doc.text == seed and "gb18030" in doc.read_note


def test_lines_no_encoding_decodes_are_replaced_and_counted(tmp_path):
    seed = _seed("000")
    lines = seed.encode("utf-8").split(b"\n")
    lines[45] = lines[45] + b"\xff\xff"  # bytes no encoding has
    (tmp_path / "r.txt").write_bytes(b"\n".join(lines) + _mixed(seed, "utf-8", "gbk")[-200:])
    doc = read_file(tmp_path / "r.txt", tmp_path)
    assert doc.read_status == "partial" and "undecodable" in doc.read_note
    assert doc.text.split("\n")[:45] == seed.split("\n")[:45]


@pytest.mark.parametrize("encoding, expected", [
    ("gbk", "gb18030"), ("gb18030", "gb18030"), ("utf-16", "utf-16"), ("utf-8-sig", "utf-8-sig"), ("utf-8", "utf-8"),
])
def test_single_encodings_are_unchanged(encoding, expected):
    seed = _seed("000")
    text, enc, note, complete = decode(seed.encode(encoding))
    assert (text, enc, note, complete) == (seed, expected, "", True)


def test_binary_is_still_binary(tmp_path):
    import random

    rng = random.Random(12)
    (tmp_path / "x.txt").write_bytes(bytes(rng.randrange(1, 256) for _ in range(50_000)))
    doc = read_file(tmp_path / "x.txt", tmp_path)
    assert doc.read_status == "rejected" and doc.format == "binary"


# --- encrypted PDFs --------------------------------------------------------------------------------

def _encrypted(pdf: bytes, user: str, algorithm: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user, owner_password="owner-only-secret", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256"])
def test_a_pdf_encrypted_with_an_owner_password_only_is_read(tmp_path, algorithm):
    from .test_robustness import _chinese_pdf

    data = _encrypted(_chinese_pdf(_seed("004")), "", algorithm)
    assert b"/Encrypt" in data and "年度报告".encode("utf-16-be") not in data
    (tmp_path / "r.pdf").write_bytes(data)
    doc = read_file(tmp_path / "r.pdf", tmp_path)
    assert doc.format == "pdf" and doc.read_status == "parsed"
    assert "七星关区" in doc.text and "政府信息公开" in doc.text
    _same_as_text(tmp_path, "r.pdf", "004")


def test_a_pdf_that_needs_a_password_is_a_row_that_says_so(tmp_path):
    from .test_robustness import _chinese_pdf

    (tmp_path / "r.pdf").write_bytes(_encrypted(_chinese_pdf(_seed("004")), "user-secret", "AES-128"))
    p = parse_file(tmp_path / "r.pdf", tmp_path)
    assert p.report["status"] == "rejected" and p.report["format"] == "pdf"
    assert "password" in p.report["status_note"] and "qpdf" in p.report["status_note"]


def test_a_pdf_past_the_page_cap_is_read_in_part(tmp_path, monkeypatch):
    from .test_robustness import _chinese_pdf

    data = _chinese_pdf(_seed("001"))
    (tmp_path / "r.pdf").write_bytes(data)
    monkeypatch.setattr(settings, "PDF_MAX_PAGES", 1)
    doc = read_file(tmp_path / "r.pdf", tmp_path)
    assert doc.read_status == "partial" and "only the first 1 of" in doc.read_note


# --- zip bombs and files larger than any report ----------------------------------------------------

def _docx(member: bytes, name: str = "word/document.xml") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr(name, member)
    return buf.getvalue()


def _lie_about_sizes(data: bytes, size: int) -> bytes:
    """The same zip with every member's unpacked size in its headers replaced by `size`."""
    out = bytearray(data)
    for sig, at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        i = out.find(sig)
        while i >= 0:
            out[i + at:i + at + 4] = struct.pack("<I", size)
            i = out.find(sig, i + 4)
    return bytes(out)


def _read_bomb(tmp_path, data: bytes, name: str = "bomb.docx"):
    (tmp_path / name).write_bytes(data)
    tracemalloc.start()
    try:
        doc = read_file(tmp_path / name, tmp_path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert doc.read_status == "rejected" and "zip bomb" in doc.read_note
    assert peak < 16 * 2**20  # never inflated into memory
    return doc


def test_a_zip_whose_members_unpack_past_the_ratio_is_a_row(tmp_path):
    data = _docx(b"<w:document>" + b"\x20" * 20_000_000 + b"</w:document>")
    assert len(data) < 100_000
    doc = _read_bomb(tmp_path, data)
    assert doc.format == "docx" and "ZIP_MAX_RATIO" in doc.read_note


def test_a_zip_whose_headers_claim_more_than_the_cap_is_a_row(tmp_path):
    data = _lie_about_sizes(_docx(b"<w:document/>"), 3_000_000_000)
    doc = _read_bomb(tmp_path, data)
    assert "ZIP_MAX_BYTES" in doc.read_note


def test_a_zip_whose_headers_understate_its_size_is_measured(tmp_path, monkeypatch):
    """Headers that say a member is small do not get it past the cap: it is measured inflating."""
    monkeypatch.setattr(settings, "ZIP_MAX_BYTES", 5_000_000)
    monkeypatch.setattr(settings, "ZIP_MAX_RATIO", 10_000)
    data = _lie_about_sizes(_docx(b"<w:document>" + b"\x20" * 8_000_000 + b"</w:document>"), 1000)
    doc = _read_bomb(tmp_path, data)
    assert "more than their headers say" in doc.read_note


def test_a_spreadsheet_bomb_is_a_row(tmp_path):
    data = _docx(b"<worksheet>" + b"<row/>" * 3_000_000 + b"</worksheet>", "xl/worksheets/sheet1.xml")
    doc = _read_bomb(tmp_path, data, "bomb.xlsx")
    assert doc.format == "xlsx"


def test_a_real_docx_passes_the_guard(tmp_path):
    import docx

    d = docx.Document()
    for line in _seed("002").split("\n"):
        d.add_paragraph(line)
    d.save(tmp_path / "r.docx")
    doc = read_file(tmp_path / "r.docx", tmp_path)
    assert doc.format == "docx" and doc.read_status == "parsed" and "汤原县" in doc.text


def test_a_file_larger_than_any_report_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr("ogi.read.READ_FILE_MAX_BYTES", 1000)
    data = _seed("001").encode("utf-8")
    (tmp_path / "big.txt").write_bytes(data)
    doc = read_file(tmp_path / "big.txt", tmp_path)
    assert doc.read_status == "rejected" and "larger than any report" in doc.read_note
    assert doc.sha256 == hashlib.sha256(data).hexdigest() and doc.bytes == len(data)


# --- every failure a row -----------------------------------------------------------------------------

@pytest.mark.parametrize("error", [RecursionError("deep"), MemoryError(), ValueError("odd bytes")])
def test_any_failure_of_a_reader_is_a_row_with_a_note(tmp_path, monkeypatch, error):
    import ogi.read as read

    def broken(_):
        raise error

    monkeypatch.setattr(read, "html_to_text", broken)
    (tmp_path / "p.html").write_text("<html><body><p>2018年政府信息公开工作年度报告</p></body></html>", encoding="utf-8")
    p = parse_file(tmp_path / "p.html", tmp_path)
    assert p.report["status"] == "rejected" and type(error).__name__ in p.report["status_note"]
    assert "report it with the file" in p.report["status_note"]


@pytest.mark.parametrize("name, data, words", [
    ("damaged.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF", "could not be read"),
    ("damaged.docx", b"PK\x03\x04" + b"\x00" * 200, "could not be read"),
    ("damaged.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "could not be read"),
    ("junk_then.pdf", b"\r\n\r\n%PDF-1.4\n%%EOF", "could not be read"),
])
def test_damaged_files_are_rows_with_a_note(tmp_path, name, data, words):
    (tmp_path / name).write_bytes(data)
    doc = read_file(tmp_path / name, tmp_path)
    assert doc.read_status == "rejected" and words in doc.read_note
    assert doc.format == name.rsplit(".", 1)[1]
