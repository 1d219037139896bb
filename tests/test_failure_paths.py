"""The paths a build takes when something fails: archives, an adcode no table knows, a package
that does not validate, an internal error. Each ends in a row or a message, never a crash and
never a lost package."""
from __future__ import annotations

import csv
import io
import shutil
import tarfile
import zipfile
from pathlib import Path

import pytest

from ogi.pipeline import build

from .conftest import RAW, SEEDS


def _reports(out: Path) -> dict[str, dict]:
    with (out / "data" / "reports.csv").open(encoding="utf-8", newline="") as f:
        return {r["raw_path"]: r for r in csv.DictReader(f)}


def _seed_raw(tmp_path: Path, key: str = "000") -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / SEEDS[key], raw / f"{key}.txt")
    return raw


def test_archives_are_rows_that_say_unpack_them(tmp_path):
    raw = _seed_raw(tmp_path)
    page = (RAW / SEEDS["003"]).read_bytes()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("report.txt", page)
    (raw / "reports.zip").write_bytes(buf.getvalue())
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as t:
        info = tarfile.TarInfo("report.txt")
        info.size = len(page)
        t.addfile(info, io.BytesIO(page))
    (raw / "reports.tar.gz").write_bytes(buf.getvalue())
    out = tmp_path / "out"
    build(raw, out)
    rows = _reports(out)
    for name in ("reports.zip", "reports.tar.gz"):
        assert rows[name]["status"] == "rejected" and rows[name]["format"] == "archive"
        assert "unpack" in rows[name]["status_note"]
    assert rows["000.txt"]["status"] == "parsed"


def test_an_adcode_no_table_knows_is_noted_and_the_text_places_the_agency(tmp_path):
    raw = _seed_raw(tmp_path, "003")
    (raw / "sources.csv").write_text("file,adcode\n003.txt,990000\n", encoding="utf-8")
    out = tmp_path / "out"
    build(raw, out)
    row = _reports(out)["003.txt"]
    with (out / "data" / "agencies.csv").open(encoding="utf-8", newline="") as f:
        agency = next(a for a in csv.DictReader(f) if a["agency_id"] == row["agency_id"])
    assert agency["adcode"] != "990000" and agency["prefecture"] == "玉溪市"
    assert "990000" in agency["place_note"] and "GB/T 2260" in agency["place_note"]


def test_a_package_that_does_not_validate_replaces_nothing(tmp_path, monkeypatch):
    import ogi.assemble as assemble

    raw = _seed_raw(tmp_path)
    out = tmp_path / "out"
    build(raw, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    real = assemble.report_row

    def broken(*args, **kwargs):
        row = real(*args, **kwargs)
        row["status"] = "typed_by_hand"  # outside the schema's enum
        return row

    monkeypatch.setattr(assemble, "report_row", broken)
    with pytest.raises(RuntimeError, match="does not validate"):
        build(raw, out)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    from ogi.publish.outdir import STAGING_PREFIX

    assert not [p for p in tmp_path.iterdir() if p.name.startswith(STAGING_PREFIX)]  # no staging folder left
