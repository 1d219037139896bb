"""Every hostile kind at once beside good reports: the good ones are published exactly as when
they are built alone, and every hostile entry has its own row saying what happened (issue 12)."""
from __future__ import annotations

import csv
import io
import os
import shutil
import zipfile
from pathlib import Path

from ogi.pipeline import build

from .conftest import RAW, SEEDS

GOOD = ["000", "001", "003"]


def _rows(out: Path, table: str) -> list[dict]:
    with (out / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _good_raw(folder: Path) -> Path:
    folder.mkdir()
    for key in GOOD:
        shutil.copy(RAW / SEEDS[key], folder / f"{key}.txt")
    return folder


def _hostile(raw: Path, outside: Path) -> list[str]:
    """Write one entry of every hostile kind into `raw`; returns the entries that must get a row."""
    seed = (RAW / SEEDS["002"]).read_text(encoding="utf-8")
    names = []

    def put(name: str, data: bytes) -> None:
        (raw / name).write_bytes(data)
        names.append(name)

    put("empty.txt", b"")
    put("binary.bin", bytes(range(256)) * 64)
    put("undecodable.txt", b"\xff\xfe\xfa" * 3000)
    put("cut_mid_character.txt", seed.encode("utf-8")[:1001])
    put("gbk_page.txt", seed.encode("gbk", errors="ignore"))
    put("long_line_with_at.txt", ("联系邮箱 a@" + "b" * 300_000 + "\n").encode("utf-8") + seed.encode("utf-8"))
    put("huge_number.txt", ("全年主动公开政府信息" + "9" * 40 + "条。\n" + seed).encode("utf-8"))
    put("formula_title.txt", ("=HYPERLINK(\"http://x\")2018年政府信息公开工作年度报告\n" + seed).encode("utf-8"))
    put("deep_html.html", ("<html><body>" + "<font>" * 3000 + seed.replace("\n", "<br>") + "</body></html>").encode("utf-8"))
    put("pre_page.html", ("<html><body><pre>" + seed + "</pre></body></html>").encode("utf-8"))
    put("personal_data.txt", (seed + "\n联系人:张三 手机:13912345678 身份证号110101199003071234\n").encode("utf-8"))
    put("look_alike.txt", "某县2018年政务公开工作要点\n一、加强组织领导\n".encode("utf-8"))
    put("duplicate_of_000.txt", (RAW / SEEDS["000"]).read_bytes())
    put("odd\rname .txt", seed.encode("utf-8"))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w:document>" + b" " * 30_000_000 + b"</w:document>")
    put("bomb.docx", bomb.getvalue())
    put("damaged.docx", b"PK\x03\x04" + b"\x00" * 200)
    put("damaged.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF")
    (outside / "secret.txt").write_text("2018年政府信息公开工作年度报告 主动公开政府信息999条", encoding="utf-8")
    os.symlink(outside / "secret.txt", raw / "link_outside.txt")
    names.append("link_outside.txt")
    os.symlink(raw / "missing.txt", raw / "broken_link.txt")
    names.append("broken_link.txt")
    (raw / ".git").mkdir()
    (raw / ".git" / "config").write_text("[core]", encoding="utf-8")
    names.append(".git")
    return names


def test_good_reports_are_published_unchanged_beside_every_hostile_kind(tmp_path):
    alone = tmp_path / "alone"
    build(_good_raw(tmp_path / "raw_alone"), alone)

    outside = tmp_path / "outside"
    outside.mkdir()
    raw = _good_raw(tmp_path / "raw_mixed")
    hostile = _hostile(raw, outside)
    before = {p.name: (p.read_bytes() if p.is_file() and not p.is_symlink() else None) for p in raw.iterdir()}
    mixed = tmp_path / "mixed"
    summary = build(raw, mixed)  # validates; never raises on bad input

    good = {f"{k}.txt" for k in GOOD}
    alone_reports = {r["raw_path"]: r for r in _rows(alone, "reports")}
    mixed_reports = {r["raw_path"]: r for r in _rows(mixed, "reports")}
    ids = {alone_reports[g]["report_id"] for g in good}
    for g in good:
        assert mixed_reports[g] == alone_reports[g]
    for table in ("observations", "mentions", "checks"):
        want = [r for r in _rows(alone, table) if r["report_id"] in ids]
        got = [r for r in _rows(mixed, table) if r["report_id"] in ids]
        assert got == want, table

    # every hostile entry has a row that says what happened
    for name in hostile:
        row = next((r for p, r in mixed_reports.items() if p == name or p.startswith(name.split("\r")[0][:3])), None)
        assert row is not None, name
        if row["status"] in ("rejected", "error", "duplicate"):
            assert row["status_note"] or row["duplicate_of"], name
    assert mixed_reports["duplicate_of_000.txt"]["status"] == "duplicate"
    assert mixed_reports["look_alike.txt"]["status"] == "rejected"
    assert mixed_reports["link_outside.txt"]["status"] == "rejected"
    assert not any(r["status"] == "error" for r in mixed_reports.values())  # bad input is no fault of ogi's
    assert summary is not None

    # nothing leaked and nothing read from outside the folder
    published = "".join((mixed / "data" / f"{t}.csv").read_text(encoding="utf-8")
                        for t in ("observations", "mentions", "reports", "agencies"))
    assert "13912345678" not in published and "110101199003071234" not in published and "张三" not in published
    assert "999" not in "".join(r["value"] for r in _rows(mixed, "observations")
                                 if r["report_id"] == mixed_reports["link_outside.txt"]["report_id"])
    assert not any(line.startswith(("=", "+", "-", "@")) for line in published.splitlines())
    # and the inputs are as they were
    after = {p.name: (p.read_bytes() if p.is_file() and not p.is_symlink() else None) for p in raw.iterdir()}
    assert after == before
