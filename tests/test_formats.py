"""The formats researchers use, written from the same tables: Parquet, SQLite and .xlsx typed from
the schema, and readers for polars and pandas that keep codes as text and blanks as missing."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import polars as pl
import pytest
from python_calamine import CalamineWorkbook

from ogi.analysis import load_package
from ogi.publish import formats
from ogi.publish.write import write_descriptor

from .conftest import ROOT, SEEDS

DESCRIPTOR = ROOT / "datapackage.json"
PACKAGE = json.loads(DESCRIPTOR.read_text(encoding="utf-8"))
NAMES = [r["name"] for r in PACKAGE["resources"]]
STEM = PACKAGE["name"]


def _csv(name: str, base: Path = ROOT) -> list[dict]:
    with (base / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("formats")
    formats.write_all(DESCRIPTOR, out, STEM)
    return out


def test_same_tables_same_bytes(written, tmp_path):
    formats.write_all(DESCRIPTOR, tmp_path, STEM)
    files = sorted(p.relative_to(written) for p in written.rglob("*") if p.is_file())
    assert {p.suffix for p in files} == {".parquet", ".sqlite", ".xlsx"}
    assert len([p for p in files if p.suffix == ".parquet"]) == len(NAMES)
    for rel in files:
        assert (written / rel).read_bytes() == (tmp_path / rel).read_bytes(), rel


def test_parquet_is_typed_from_the_schema_and_holds_the_csv_rows(written):
    tables = load_package(DESCRIPTOR)
    for name in NAMES:
        frame = pl.read_parquet(written / "parquet" / f"{name}.parquet")
        assert frame.equals(tables[name]), name
    agencies = pl.read_parquet(written / "parquet" / "agencies.parquet")
    assert agencies.schema["adcode"] == pl.String and "530111" in agencies["adcode"].to_list()
    obs = pl.read_parquet(written / "parquet" / "observations.parquet")
    assert (obs.schema["year"], obs.schema["value"], obs.schema["char_start"]) == (pl.Int64, pl.Float64, pl.Int64)
    reports = pl.read_parquet(written / "parquet" / "reports.parquet")
    assert reports.schema["page_date"] == reports.schema["report_date"] == pl.Date
    gaoping = reports.filter(pl.col("raw_path") == SEEDS["001"])
    assert gaoping["page_date"][0] == dt.date(2020, 1, 30)
    assert pl.read_parquet(written / "parquet" / "checks.parquet").schema["passed"] == pl.Boolean


def test_sqlite_types_keys_and_the_codebook_view(written):
    con = sqlite3.connect(written / f"{STEM}.sqlite")
    declared = {(t, c[1]): c[2] for t in NAMES for c in con.execute(f'PRAGMA table_info("{t}")')}
    assert declared[("agencies", "adcode")] == "TEXT"
    assert declared[("observations", "year")] == "INTEGER"
    assert declared[("observations", "value")] == "NUMERIC"
    assert declared[("reports", "page_date")] == declared[("reports", "report_date")] == "DATE"
    assert con.execute("SELECT DISTINCT typeof(adcode) FROM agencies WHERE adcode IS NOT NULL").fetchall() == [("text",)]
    assert con.execute("SELECT DISTINCT typeof(year) FROM observations WHERE year IS NOT NULL").fetchall() == [("integer",)]
    assert con.execute("SELECT page_date FROM reports WHERE raw_path = ?", (SEEDS["001"],)).fetchone() == ("2020-01-30",)
    for name in NAMES:
        assert con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == len(_csv(name)), name
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    pk = [c[1] for c in sorted(con.execute('PRAGMA table_info("observations")'), key=lambda c: c[5]) if c[5]]
    assert pk == ["report_id", "indicator_id"]
    # a blank cell is NULL, not 0
    guandu = next(r for r in _csv("reports") if r["raw_path"] == SEEDS["000"])["report_id"]
    assert con.execute("SELECT value, value_status FROM observations WHERE report_id = ? AND indicator_id = "
                       "'requests_received'", (guandu,)).fetchone() == (None, "blank")
    # the view: every observation with its label, unit, report and place
    assert con.execute(f"SELECT count(*) FROM {formats.VIEW}").fetchone()[0] == len(_csv("observations"))
    gaoping = next(r for r in _csv("reports") if r["raw_path"] == SEEDS["001"])["report_id"]
    row = con.execute(f"SELECT province, county, label_en, indicator_unit, value, template FROM {formats.VIEW} "
                      "WHERE report_id = ? AND indicator_id = 'requests_received'", (gaoping,)).fetchone()
    assert row == ("四川省", "高坪区", "Requests received", "件", 8, "format_2019")
    n = con.execute("SELECT count(*) FROM identities").fetchone()[0]
    assert n == len(formats.identities()[1]) and n > 60


def test_xlsx_has_a_typed_sheet_per_table_the_dictionary_and_identities(written):
    wb = CalamineWorkbook.from_path(str(written / f"{STEM}.xlsx"))
    assert wb.sheet_names == ["about", *NAMES, "columns", "identities"]
    for name in NAMES:
        sheet = wb.get_sheet_by_name(name).to_python()
        rows = _csv(name)
        assert sheet[0] == list(rows[0]) if rows else True
        assert len(sheet) == len(rows) + 1, name
    agencies = wb.get_sheet_by_name("agencies").to_python()
    col = agencies[0].index("adcode")
    assert {type(r[col]) for r in agencies[1:]} == {str} and "530111" in [r[col] for r in agencies[1:]]
    reports = wb.get_sheet_by_name("reports").to_python()
    head = reports[0]
    gaoping = next(r for r in reports[1:] if r[head.index("raw_path")] == SEEDS["001"])
    assert gaoping[head.index("page_date")] in (dt.date(2020, 1, 30), dt.datetime(2020, 1, 30))
    assert gaoping[head.index("year")] == 2019
    columns = wb.get_sheet_by_name("columns").to_python()
    assert ["checks", "result", "string"] == columns[[r[:2] for r in columns].index(["checks", "result"])][:3]
    assert sum(len(r["schema"]["fields"]) for r in PACKAGE["resources"]) == len(columns) - 1


def test_xlsx_text_is_never_a_formula(tmp_path):
    """Cells are copied from the CSVs, which carry the leading ' of ogi.publish.write.safe_text."""
    pkg = tmp_path / "pkg"
    shutil.copytree(ROOT / "data", pkg / "data", ignore=shutil.ignore_patterns("raw"))
    path = pkg / "data" / "mentions.csv"
    rows = _csv("mentions")
    rows[0]["label"] = "'=HYPERLINK(\"http://x\",\"点击\")"   # as write.safe_text writes =HYPERLINK(...)
    rows[1]["evidence"] = "'+SUM(A1:A2)"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    write_descriptor(pkg, NAMES, None)
    target = formats.write_xlsx(pkg / "datapackage.json", tmp_path / "x.xlsx")
    with zipfile.ZipFile(target) as zf:
        for member in zf.namelist():
            if member.startswith("xl/worksheets/"):
                assert b"<f>" not in zf.read(member), member
    sheet = CalamineWorkbook.from_path(str(target)).get_sheet_by_name("mentions").to_python()
    assert sheet[1][sheet[0].index("label")] == "'=HYPERLINK(\"http://x\",\"点击\")"
    assert sheet[2][sheet[0].index("evidence")] == "'+SUM(A1:A2)"


def test_a_table_longer_than_a_sheet_goes_on_in_the_next(tmp_path, monkeypatch):
    monkeypatch.setattr(formats, "XLSX_ROWS", 101)  # 100 rows under the header
    target = formats.write_xlsx(DESCRIPTOR, tmp_path / "x.xlsx")
    wb = CalamineWorkbook.from_path(str(target))
    parts = [s for s in wb.sheet_names if s == "observations" or s.startswith("observations_")]
    n = len(_csv("observations"))
    assert len(parts) == -(-n // 100)
    assert sum(len(wb.get_sheet_by_name(s).to_python()) - 1 for s in parts) == n


def test_polars_and_pandas_read_codes_as_text_and_decimals_after_row_100(tmp_path):
    """A decimal fee after 100 whole numbers: polars reads it with the descriptor's schema."""
    pkg = tmp_path / "pkg"
    shutil.copytree(ROOT / "data", pkg / "data", ignore=shutil.ignore_patterns("raw"))
    rows = _csv("observations")
    assert len(rows) > 101
    fee = dict(rows[-1], report_id="r_ffffffffffff", indicator_id="fees_collected", value="0.05",
               value_status="printed", unit="元")
    with (pkg / "data" / "observations.csv").open("a", encoding="utf-8", newline="") as f:
        csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n").writerow(fee)
    write_descriptor(pkg, NAMES, None)
    obs = pl.read_csv(pkg / "data" / "observations.csv",
                      schema_overrides=formats.polars_schema("observations", pkg))
    assert obs["value"].dtype == pl.Float64 and obs["value"][-1] == 0.05
    agencies = pl.read_csv(pkg / "data" / "agencies.csv", schema_overrides=formats.polars_schema("agencies", pkg))
    assert agencies["adcode"].dtype == pl.String

    tables = formats.load_pandas(pkg)
    assert set(tables) == set(NAMES)
    o = tables["observations"]
    assert str(o["year"].dtype) == "Int64" and o["value"].iloc[-1] == 0.05
    ag = tables["agencies"]
    assert ag["adcode"].map(type).eq(str).all() and "530111" in set(ag["adcode"])
    rep = tables["reports"]
    assert str(rep["page_date"].dtype).startswith("datetime64")
    assert rep.loc[rep["raw_path"] == SEEDS["001"], "page_date"].iloc[0] == dt.datetime(2020, 1, 30)
    guandu = rep.loc[rep["raw_path"] == SEEDS["000"], "report_id"].iloc[0]
    blank = o[(o["report_id"] == guandu) & (o["indicator_id"] == "requests_received")]
    assert blank["value"].isna().all() and (blank["value_status"] == "blank").all()  # not 0
    checks = tables["checks"]
    assert str(checks["passed"].dtype) == "boolean" and checks["passed"].isna().any()


def test_release_holds_the_formats_beside_the_csvs(tmp_path):
    from ogi.publish.release import make_release

    target = make_release(ROOT, tmp_path)
    prefix = target.stem + "/"
    with zipfile.ZipFile(target) as zf:
        names = set(zf.namelist())
        for name in NAMES:
            assert prefix + f"data/{name}.parquet" in names and prefix + f"data/{name}.csv" in names
        for extra in (f"{STEM}.sqlite", f"{STEM}.xlsx", "datasette-metadata.json"):
            assert prefix + extra in names
        data = zf.read(prefix + "data/observations.parquet")
    assert pl.read_parquet(io.BytesIO(data)).height == len(_csv("observations"))
    unpacked = tmp_path / target.stem
    assert (unpacked / f"{STEM}.sqlite").is_file() and (unpacked / "parquet" / "checks.parquet").is_file()
