"""Hostile or careless input and use (issue 12): nothing crashes, nothing the user had is lost,
only the raw folder is read, every entry gets a row, ids are unique. Fixtures are generated."""
from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pytest

from ogi.manifest import ManifestError
from ogi.pipeline import build
from ogi.publish.outdir import STAGING_PREFIX, OutputError

from .conftest import RAW, SEEDS


def _reports(out: Path) -> dict[str, dict]:
    with (out / "data" / "reports.csv").open(encoding="utf-8") as f:
        return {r["raw_path"]: r for r in csv.DictReader(f)}


def _raw(tmp_path: Path, *seeds: str) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    for key in seeds:
        shutil.copy(RAW / SEEDS[key], raw / f"{key}.txt")
    return raw


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# --- what the user had ----------------------------------------------------------------------

def test_a_mistyped_raw_folder_writes_nothing(tmp_path):
    out = tmp_path / "pkg"
    build(_raw(tmp_path, "000"), out)
    before = _snapshot(out)
    with pytest.raises(OutputError, match="does not exist"):
        build(tmp_path / "rwa", out)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(OutputError, match="holds no files"):
        build(empty, out)
    assert _snapshot(out) == before


def test_out_may_not_be_or_lie_inside_raw(tmp_path):
    raw = _raw(tmp_path, "000")
    for out in (raw, raw / "package"):
        with pytest.raises(OutputError, match="raw folder"):
            build(raw, out)
    assert sorted(p.name for p in raw.iterdir()) == ["000.txt"]
    # reports kept in the package's own data folder: the tables would land among them
    data = tmp_path / "pkg" / "data"
    data.mkdir(parents=True)
    shutil.copy(RAW / SEEDS["000"], data / "000.txt")
    with pytest.raises(OutputError, match="own data folder"):
        build(data, tmp_path / "pkg")


def test_a_folder_of_other_files_is_refused_unless_forced(tmp_path):
    raw = _raw(tmp_path, "000")
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.docx").write_bytes(b"mine")
    with pytest.raises(OutputError, match="--force"):
        build(raw, out)
    build(raw, out, force=True)
    assert (out / "chapter1.docx").read_bytes() == b"mine" and (out / "datapackage.json").exists()


def test_an_interrupted_build_leaves_the_earlier_package_whole(tmp_path, monkeypatch):
    raw = _raw(tmp_path, "000", "002")
    out = tmp_path / "pkg"
    build(raw, out)
    before = _snapshot(out)
    import ogi.publish.validate as validate

    monkeypatch.setattr(validate, "validate_package", lambda *a, **k: ["a deliberate failure"])
    shutil.copy(RAW / SEEDS["004"], raw / "004.txt")
    with pytest.raises(RuntimeError, match="nothing was replaced"):
        build(raw, out)
    assert _snapshot(out) == before
    assert not list(out.glob(STAGING_PREFIX + "*"))


def test_leftovers_of_killed_builds_and_stale_files_are_removed(tmp_path):
    raw = _raw(tmp_path, "000")
    out = tmp_path / "pkg"
    build(raw, out, formats=("csv", "parquet"))
    assert (out / "data" / "observations.parquet").exists()
    dead = out / f"{STAGING_PREFIX}999999999-abc"  # a pid no process has
    (dead / "data").mkdir(parents=True)
    (dead / "data" / "observations.csv").write_text("half", encoding="utf-8")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    build(raw, out)
    assert not dead.exists() and not (out / "data" / "observations.parquet").exists()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_the_default_output_is_never_filled_from_another_folder(tmp_path, capsys):
    from ogi.cli import main

    raw = _raw(tmp_path, "000")
    assert main(["build", "--raw", str(raw)]) == 2
    assert "Give --out" in capsys.readouterr().err


# --- only the folder is read ------------------------------------------------------------------

def test_hidden_folders_and_links_that_leave_are_reported_not_read(tmp_path):
    raw = _raw(tmp_path, "000")
    (raw / ".git").mkdir()
    (raw / ".git" / "config").write_text("[core]", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text((RAW / SEEDS["002"]).read_text(encoding="utf-8"), encoding="utf-8")
    (raw / "outside.txt").symlink_to(secret)
    (raw / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    (raw / ".DS_Store").write_bytes(b"\x00\x00")
    out = tmp_path / "out"
    build(raw, out)
    rows = _reports(out)
    assert rows["000.txt"]["status"] == "parsed", rows["000.txt"]["status_note"]
    assert rows[".git/"]["status"] == "rejected" and "version-control" in rows[".git/"]["status_note"]
    assert rows["outside.txt"]["status"] == "rejected" and "outside the raw folder" in rows["outside.txt"]["status_note"]
    assert rows["broken.txt"]["status"] == "rejected" and rows[".DS_Store"]["status"] == "rejected"
    assert ".git/config" not in rows
    published = "".join(p.read_text(encoding="utf-8") for p in (out / "data").glob("*.csv"))
    assert "汤原" not in published  # the linked file's text was never read


@pytest.mark.parametrize("name", ["../../etc/hostname", "/etc/hostname", "sub/../../x.txt"])
def test_manifest_paths_may_not_leave_the_folder(tmp_path, name):
    raw = _raw(tmp_path, "000")
    (raw / "sources.csv").write_text(f"file,sha256\n{name},{'0' * 64}\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="not a path inside the raw folder") as err:
        build(raw, tmp_path / "out")
    assert name in str(err.value) and "sha256 is" not in str(err.value)


# --- every entry a row, whatever its name or bytes ------------------------------------------------

def test_odd_file_names_and_unreadable_files_get_rows(tmp_path, monkeypatch):
    raw = _raw(tmp_path, "000")
    odd = os.fsencode(str(raw)) + b"/bad\xff\rname.txt"
    with open(odd, "wb") as f:
        f.write((RAW / SEEDS["002"]).read_bytes())
    (raw / "locked.txt").write_text("x", encoding="utf-8")
    real = Path.read_bytes

    def locked(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", locked)
    out = tmp_path / "out"
    build(raw, out)
    rows = _reports(out)
    odd_row = next(r for k, r in rows.items() if k.startswith("bad"))
    assert odd_row["raw_path"] == "bad\\xff\\rname.txt" and "escaped" in odd_row["status_note"]
    assert odd_row["status"] in ("parsed", "partial")
    assert rows["locked.txt"]["status"] == "rejected" and "permissions" in rows["locked.txt"]["status_note"]


def test_report_ids_are_unique_for_thousands_of_identical_pages(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    page = "<html><body><h1>404 Not Found</h1></body></html>"
    for i in range(300):
        (raw / f"p{i:04d}.html").write_text(page, encoding="utf-8")
    out = tmp_path / "out"
    build(raw, out)
    rows = _reports(out)
    ids = [r["report_id"] for r in rows.values()]
    assert len(set(ids)) == 300
    first = rows["p0000.html"]["report_id"]
    assert rows["p0001.html"]["report_id"] == first + "_2" and rows["p0299.html"]["report_id"] == first + "_300"


def test_values_that_would_break_the_schema_are_set_aside(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    text = ("某县人民政府2019年政府信息公开工作年度报告\n本报告所列数据的统计期限自2019年1月1日起至2019年12月31日止。\n"
            "三、收到和处理政府信息公开申请情况\n本年新收政府信息公开申请数量 | -1 | 0 | 0 | 0 | 0 | 0 | -1 |\n"
            "全年主动公开政府信息12345678901234567890123456789条。\n")
    (raw / "a.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    build(raw, out)  # validates: nothing that breaks the schema was published
    row = _reports(out)["a.txt"]
    assert row["status"] in ("parsed", "partial")
    with (out / "data" / "observations.csv").open(encoding="utf-8") as f:
        assert not any(o["value"].startswith("-") or len(o["value"]) > 15 for o in csv.DictReader(f))
    # a value a reader let through is set aside with a note all the same
    from decimal import Decimal

    from ogi.assemble import plausible
    from ogi.codebook import load
    from ogi.model import Value

    kept, notes = plausible([Value("requests_received", Decimal(-3), "printed", "exact", "narrative", 0, 1),
                             Value("licensing_items_change", Decimal(-3), "printed", "exact", "table_pipe_rows", 0, 1),
                             Value("proactive_total", Decimal(10) ** 20, "printed", "exact", "narrative", 0, 1)],
                            load())
    assert [v.indicator_id for v in kept] == ["licensing_items_change"] and len(notes) == 2


# --- bounded time, dead workers -------------------------------------------------------------

def test_a_file_that_runs_too_long_becomes_a_row(tmp_path, monkeypatch):
    import time

    import ogi.extract.tables as tables
    import ogi.pipeline as pipeline

    raw = _raw(tmp_path, "000", "002")
    real = tables.extract_tables

    def slow(doc, codebook):
        if doc.path == "002.txt":
            time.sleep(15)
        return real(doc, codebook)

    monkeypatch.setattr(tables, "extract_tables", slow)
    monkeypatch.setattr(pipeline, "FILE_SECONDS_MAX", 5)  # the first file also loads the tables
    out = tmp_path / "out"
    build(raw, out, jobs=1)
    rows = _reports(out)
    assert rows["002.txt"]["status"] == "rejected" and "longer than 5 s" in rows["002.txt"]["status_note"]
    assert rows["000.txt"]["status"] == "parsed", rows["000.txt"]["status_note"]


def test_a_worker_that_dies_costs_only_its_file(tmp_path, monkeypatch):
    import ogi.read as read

    raw = _raw(tmp_path, "000", "001", "002", "003")
    real = read.read_file

    def deadly(path, root):
        if Path(path).name == "001.txt":
            os._exit(9)  # as the kernel's out-of-memory killer would end it
        return real(path, root)

    monkeypatch.setattr(read, "read_file", deadly)
    out = tmp_path / "out"
    build(raw, out, jobs=2)
    rows = _reports(out)
    assert rows["001.txt"]["status"] == "rejected" and "died" in rows["001.txt"]["status_note"]
    assert {rows[k]["status"] for k in ("000.txt", "002.txt", "003.txt")} <= {"parsed", "partial"}
    json.loads((out / "datapackage.json").read_text(encoding="utf-8"))


def test_the_time_limit_is_not_taken_for_a_damaged_file_when_it_fires_while_reading(tmp_path, monkeypatch):
    import time

    import ogi.pipeline as pipeline
    import ogi.read as read

    raw = _raw(tmp_path, "000", "002")
    real = read._read

    def slow(data, suffix, base):
        if base["path"] == "002.txt":
            time.sleep(15)  # inside the readers' own `except Exception`
        return real(data, suffix, base)

    monkeypatch.setattr(read, "_read", slow)
    monkeypatch.setattr(pipeline, "FILE_SECONDS_MAX", 5)  # the first file also loads the tables
    out = tmp_path / "out"
    build(raw, out, jobs=1)
    rows = _reports(out)
    assert rows["002.txt"]["status"] == "rejected" and "longer than 5 s" in rows["002.txt"]["status_note"]
    assert rows["000.txt"]["status"] == "parsed", rows["000.txt"]["status_note"]
