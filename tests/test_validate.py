"""Both validators read the same descriptor and catch the same kinds of error."""
from __future__ import annotations

import json
import shutil

import pytest

from ogi.publish.validate import validate_package
from ogi.publish.write import write_descriptor

from .conftest import ROOT

NAMES = [r["name"] for r in json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))["resources"]]


@pytest.fixture
def package(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data", ignore=shutil.ignore_patterns("raw"))
    shutil.copy(ROOT / "datapackage.json", tmp_path / "datapackage.json")
    return tmp_path


def corrupt(package, name, old, new):
    path = package / "data" / f"{name}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    write_descriptor(package, NAMES, None)  # fresh bytes/hash: only the content is wrong


@pytest.mark.parametrize("fast", [True, False])
def test_committed_package_is_valid(package, fast):
    assert validate_package(package / "datapackage.json", fast=fast) == []


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("name, old, new, field, kind", [
    ("observations", ",printed,", ",typed_by_hand,", "value_status", "enum"),      # outside the enum
    ("observations", ",table_pipe_rows,", ",guessed,", "method", "enum"),
    ("reports", ",parsed,", ",,", "status", "required"),                          # a required field left empty
    ("agencies", "530111_", "999999_", "agency_id", "foreign"),                   # a foreign key without its row
    ("reports", ",2020-01-30,", ",2020-02-30,", "page_date", "date"),             # not a date
    ("checks", ",not_evaluable,", ",unknowable,", "result", "enum"),              # a check's result outside the enum
    ("checks", "staff_full_time:blank", "staff_full_time blank", "parts_without_value", "pattern"),
])
def test_both_validators_catch_errors(package, fast, name, old, new, field, kind):
    assert validate_package(package / "datapackage.json", fast=fast) == []
    corrupt(package, name, old, new)
    errors = validate_package(package / "datapackage.json", fast=fast)
    # the error names the column and what is wrong with it, and nothing else is reported
    assert errors and all(field in e for e in errors), errors
    assert any(kind in e.replace("foreign-key", "foreign").replace("not in agencies", "foreign")
               .replace("are not date", "date").replace("type is \"date", "date")
               .replace("empty value(s) in a required", "required")
               .replace("match the pattern", "pattern") for e in errors), errors


def test_fast_validator_checks_minimum_and_hash(package):
    obs = package / "data" / "observations.csv"
    lines = obs.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    row = next(i for i, l in enumerate(lines[1:], 1) if ",26,printed," in l)
    lines[row] = lines[row].replace(",26,printed,", ",-26,printed,")
    obs.write_text("\n".join(lines), encoding="utf-8")
    errors = validate_package(package / "datapackage.json", fast=True)
    assert any("sha256" in e for e in errors)
    write_descriptor(package, NAMES, None)
    errors = validate_package(package / "datapackage.json", fast=True)
    assert any("minimum" in e for e in errors) and "value" in header


def test_csv_blocks_cut_only_between_records(tmp_path):
    import csv
    import io

    from ogi.publish.validate import csv_blocks

    rows = [["id", "evidence"]] + [[str(i), f"行{i}\n第二行 \"引号\", 逗号"] for i in range(200)]
    path = tmp_path / "t.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    blocks = list(csv_blocks(path, size=97))  # smaller than one record: blocks must read on
    assert len(blocks) > 10
    back = [r for header, body in blocks
            for r in list(csv.reader(io.StringIO((header + body).decode("utf-8"))))[1:]]
    assert back == rows[1:]


def test_fast_validator_finds_duplicate_keys_across_blocks(package, monkeypatch):
    import ogi.publish.validate as v

    obs = package / "data" / "observations.csv"
    lines = obs.read_text(encoding="utf-8").splitlines(keepends=True)
    obs.write_text("".join(lines + [lines[1]]), encoding="utf-8")  # the first record again, at the end
    write_descriptor(package, NAMES, None)
    monkeypatch.setattr(v, "BLOCK_BYTES", 4096)
    errors = validate_package(package / "datapackage.json", fast=True)
    assert any("duplicate primary key" in e for e in errors)
    obs.write_text("".join(lines), encoding="utf-8")
    write_descriptor(package, NAMES, None)
    assert validate_package(package / "datapackage.json", fast=True) == []
