"""`ogi diff OLD NEW`: what changed between two builds, by primary key, with report and evidence."""
from __future__ import annotations

import csv
import shutil

from ogi.cli import main
from ogi.pipeline import build
from ogi.publish.diff import diff_packages

from .conftest import RAW, SEEDS


def _builds(tmp_path):
    old_raw, new_raw = tmp_path / "old_raw", tmp_path / "new_raw"
    old_raw.mkdir()
    new_raw.mkdir()
    for key in ("000", "003"):
        shutil.copy(RAW / SEEDS[key], old_raw / f"{key}.txt")
    shutil.copy(RAW / SEEDS["000"], new_raw / "000.txt")  # 003 is gone from the new build
    shutil.copy(RAW / SEEDS["001"], new_raw / "001.txt")  # and 001 is new
    build(old_raw, tmp_path / "old")
    build(new_raw, tmp_path / "new")
    return tmp_path / "old", tmp_path / "new"


def _rows(folder, table):
    with (folder / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_reports_and_values_added_and_removed_are_listed_with_their_evidence(tmp_path):
    old, new = _builds(tmp_path)
    result = diff_packages(old, new, tmp_path / "changes.csv")
    by_table = {t.name: t for t in result.tables}
    old_obs, new_obs = _rows(old, "observations"), _rows(new, "observations")
    gone = {r["report_id"] for r in _rows(old, "reports")} - {r["report_id"] for r in _rows(new, "reports")}
    came = {r["report_id"] for r in _rows(new, "reports")} - {r["report_id"] for r in _rows(old, "reports")}
    assert len(gone) == 1 and len(came) == 1
    assert by_table["observations"].removed == sum(r["report_id"] in gone for r in old_obs)
    assert by_table["observations"].added == sum(r["report_id"] in came for r in new_obs)
    assert by_table["observations"].changed == 0
    assert by_table["reports"].added == 1 and by_table["reports"].removed == 1
    statuses = {s["report_id"]: (s["old"], s["new"]) for s in result.status_changes}
    assert statuses == {next(iter(gone)): ("parsed", ""), next(iter(came)): ("", "parsed")}
    assert all(v["evidence"] for v in result.value_changes)
    with (tmp_path / "changes.csv").open(encoding="utf-8", newline="") as f:
        changes = list(csv.DictReader(f))
    assert sum(c["table"] == "observations" for c in changes) == by_table["observations"].added + by_table[
        "observations"].removed


def test_a_changed_value_is_shown_field_by_field(tmp_path, capsys):
    old, new = _builds(tmp_path)
    shutil.rmtree(new)
    shutil.copytree(old, new)
    path = new / "data" / "observations.csv"
    rows = _rows(new, "observations")
    common = {r["report_id"] for r in _rows(old, "reports")}
    k = next(i for i, r in enumerate(rows) if r["value"] and r["report_id"] in common)
    rows.insert(0, rows.pop(k))
    rows[0]["value"] = str(int(float(rows[0]["value"])) + 7)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    result = diff_packages(old, new)
    obs = next(t for t in result.tables if t.name == "observations")
    assert obs.changed == 1
    changed = [v for v in result.value_changes if v["old"] and v["new"]]
    assert changed == [{"report_id": rows[0]["report_id"], "indicator_id": rows[0]["indicator_id"],
                        "old": str(int(float(rows[0]["value"])) - 7), "new": rows[0]["value"],
                        "evidence": rows[0]["evidence"]}]
    assert main(["diff", str(old), str(new)]) == 0
    assert f"{rows[0]['indicator_id']}: " in capsys.readouterr().out


def test_identical_packages_differ_in_nothing_and_a_folder_without_a_package_is_an_error(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / SEEDS["002"], raw / "002.txt")
    build(raw, tmp_path / "a")
    build(raw, tmp_path / "b")
    result = diff_packages(tmp_path / "a", tmp_path / "b")
    assert not any(t.added or t.removed or t.changed for t in result.tables)
    assert "No row was added, removed or changed." in result.markdown()
    assert main(["diff", str(tmp_path / "a"), str(raw)]) == 2
    assert "no datapackage.json" in capsys.readouterr().err
