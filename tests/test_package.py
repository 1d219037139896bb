"""The package as a whole: rebuild reproduces the committed files, it validates, it is citable."""
from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from ogi import __version__, model
from ogi.manifest import ManifestError
from ogi.pipeline import build
from ogi.publish.write import schema

from .conftest import ROOT

GENERATED = ["observations", "reports", "agencies", "agency_names", "indicators", "checks", "mentions"]


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> Path:
    """A fresh build of the repository's raw folder into a temporary copy of the layout."""
    out = tmp_path_factory.mktemp("rebuild")
    shutil.copytree(ROOT / "data" / "raw", out / "data" / "raw")
    build(out / "data" / "raw", out, progress=False)
    return out


@pytest.mark.parametrize("name", GENERATED)
def test_rebuild_reproduces_committed_tables(rebuilt, name):
    committed = (ROOT / "data" / f"{name}.csv").read_bytes()
    assert (rebuilt / "data" / f"{name}.csv").read_bytes() == committed, (
        f"data/{name}.csv differs from a fresh build: run `make data` and commit the result")


def test_rebuild_reproduces_committed_descriptor(rebuilt):
    assert (rebuilt / "datapackage.json").read_bytes() == (ROOT / "datapackage.json").read_bytes()


def test_committed_package_validates():
    from ogi.publish.validate import validate_package

    assert validate_package(ROOT / "datapackage.json") == []


def test_descriptor_metadata_and_resources():
    pkg = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    assert pkg["version"] == __version__
    for key in ("name", "title", "description", "licenses", "sources", "contributors", "keywords"):
        assert pkg[key], key
    assert {lic["name"] for lic in pkg["licenses"]} == {"CC-BY-4.0", "MIT"}
    assert [r["name"] for r in pkg["resources"]] == GENERATED
    for res in pkg["resources"]:
        data = (ROOT / res["path"]).read_bytes()
        assert res["path"] == f"data/{res['name']}.csv"
        assert res["bytes"] == len(data)
        assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert res["schema"]["primaryKey"]
        for field in res["schema"]["fields"]:
            assert field["description"].strip(), (res["name"], field["name"])


def test_fixed_columns_are_present():
    """The public interface of the tables (issue 2): these columns, in this order, at least."""
    required = {
        "observations": "report_id agency_id year indicator_id value value_status qualifier method evidence char_start char_end",
        "reports": "report_id agency_id year title scope template tables_available report_date page_date source_url raw_path sha256 status status_note",
        "agencies": "agency_id name_zh level agency_type adcode province prefecture county",
        "indicators": "indicator_id concept breakdown section label_zh label_en unit templates parent_id comparability definition",
        "checks": "report_id check_id description expected observed passed",
    }
    for name, cols in required.items():
        with (ROOT / "data" / f"{name}.csv").open(encoding="utf-8") as f:
            header = next(csv.reader(f))
        assert header[: len(cols.split())] == cols.split(), name


def test_every_vocabulary_word_the_code_writes_is_in_the_schema():
    """The schema defines the vocabularies (model takes its enums from it): a method, template or
    status written in the code but missing from the schema would fail validation on some corpus."""
    import ast

    fields = {(r["name"], f["name"]): f for r in schema()["resources"] for f in r["fields"]}
    assert model.METHODS == tuple(fields[("observations", "method")]["enum"])
    literals = set()
    for path in (ROOT / "scripts" / "ogi").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
    methods = {s for s in literals if re.fullmatch(r"table_(?:pipe|cell|text|html|spread|docx|section)[a-z_]*", s)}
    templates = {s for s in literals if re.fullmatch(r"pre2019_table|format_20[0-9]{2}", s)}
    assert methods and methods <= set(model.METHODS), methods - set(model.METHODS)
    assert templates and templates <= set(model.TEMPLATES), templates - set(model.TEMPLATES)
    # every status a report row can get is one the schema allows
    assembled = {s for s in literals if s in {"parsed", "partial", "duplicate", "rejected", "error", "failed"}}
    assert assembled - {"failed"} <= set(model.STATUSES)
    assert fields[("observations", "value")]["minimum"] == 0  # counts are non-negative


def test_every_field_is_described_whole():
    """An unquoted comma in a YAML flow mapping silently cuts a description into extra keys."""
    known = {"name", "type", "description", "required", "unique", "minimum", "maximum", "enum", "pattern"}
    for res in schema()["resources"]:
        for f in res["fields"]:
            assert set(f) <= known, (res["name"], f["name"], set(f) - known)
            assert isinstance(f["description"], str) and f["description"].strip(), (res["name"], f["name"])


def test_changed_raw_file_stops_the_build(tmp_path):
    raw = tmp_path / "data" / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    victim = sorted(p for p in raw.iterdir() if p.suffix == ".txt")[0]
    victim.write_bytes(victim.read_bytes() + b"\n")
    with pytest.raises(ManifestError, match=victim.name):
        build(raw, tmp_path, progress=False, validate=False)


def test_cli_reports_a_changed_file_clearly(tmp_path, capsys):
    from ogi.cli import main

    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    (raw / sorted(p.name for p in raw.iterdir() if p.suffix == ".txt")[1]).write_text("x")
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 2
    assert "sha256" in capsys.readouterr().err


def test_file_not_in_manifest_is_read_and_reported(tmp_path):
    raw = tmp_path / "data" / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    extra = raw / "extra_copy_of_a_report.txt"
    extra.write_bytes((ROOT / "data" / "raw" / "2019_sichuan_nanchong_gaoping_district-government-office.txt")
                      .read_bytes().replace(b"2019", b"2018"))
    summary = build(raw, tmp_path, progress=False, validate=False)
    assert summary.not_in_manifest == ["extra_copy_of_a_report.txt"]
    assert "not listed in sources.csv" in summary.text()
    with (tmp_path / "data" / "reports.csv").open(encoding="utf-8") as f:
        rows = {r["raw_path"]: r for r in csv.DictReader(f)}
    assert rows["extra_copy_of_a_report.txt"]["year"] == "2018"  # metadata from its own text


def test_manifest_lists_every_raw_file_with_its_hash():
    raw = ROOT / "data" / "raw"
    with (raw / "sources.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    files = sorted(p.name for p in raw.iterdir() if p.name != "sources.csv")
    assert sorted(r["file"] for r in rows) == files
    for r in rows:
        data = (raw / r["file"]).read_bytes()
        assert r["sha256"] == hashlib.sha256(data).hexdigest()
        assert int(r["bytes"]) == len(data)
        assert r["agency_zh"]


def test_citation_matches_package_version():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert str(cff["version"]) == __version__
    for key in ("title", "authors", "message", "license"):
        assert cff[key]
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{__version__}"' in pyproject
    assert f"## [{__version__}]" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_release_archive_checksums(tmp_path):
    from ogi.publish.release import make_release

    target = make_release(ROOT, tmp_path)
    assert target.name == f"ogi-annual-reports-{__version__}.zip"
    with zipfile.ZipFile(target) as zf:
        names = zf.namelist()
        prefix = target.stem + "/"
        for required in ("datapackage.json", "README.md", "LICENSE", "CITATION.cff", "SHA256SUMS",
                         ".zenodo.json", "data/observations.csv"):
            assert prefix + required in names
        sums = zf.read(prefix + "SHA256SUMS").decode().splitlines()
        assert len(sums) == len(names) - 1
        for line in sums:
            digest, arc = line.split("  ", 1)
            assert hashlib.sha256(zf.read(prefix + arc)).hexdigest() == digest
        zenodo = json.loads(zf.read(prefix + ".zenodo.json"))
        assert zenodo["version"] == __version__ and zenodo["upload_type"] == "dataset"
    again = make_release(ROOT, tmp_path / "again")
    assert again.read_bytes() == target.read_bytes()  # no build time inside


def test_readme_generated_sections_are_current(tmp_path):
    from ogi.publish.docs import update_readme

    copy = tmp_path / "README.md"
    shutil.copy(ROOT / "README.md", copy)
    written = update_readme(copy, ROOT / "datapackage.json")
    assert copy.read_text(encoding="utf-8") == (ROOT / "README.md").read_text(encoding="utf-8")
    for page in written[1:]:  # the generated pages under docs/, which the README links
        assert page.read_bytes() == (ROOT / "docs" / page.name).read_bytes(), page.name
        assert f"(docs/{page.name})" in copy.read_text(encoding="utf-8")
    text = copy.read_text(encoding="utf-8")
    assert text.index("make data") < text.index("make test") < text.index("## What the data is")
    assert "## How to cite" in text and "## Errata" in text and "count Unicode characters" in text
    assert "`value_status`" in (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")


def test_build_summary_names_every_file_set_aside_and_why(tmp_path, capsys):
    from ogi.cli import main

    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    (raw / "minutes.txt").write_text("会议纪要\n今天下雨。\n", encoding="utf-8")
    (raw / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (raw / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    with (tmp_path / "out" / "data" / "reports.csv").open(encoding="utf-8") as f:
        set_aside = [r for r in csv.DictReader(f) if r["status"] in ("rejected", "error")]
    assert sorted(r["raw_path"] for r in set_aside) == ["minutes.txt", "old.doc", "scan.png"]
    assert "3 file(s) set aside" in out
    for r in set_aside:
        line = next(l for l in out.splitlines() if f" {r['raw_path']}: " in l)
        assert line.strip().startswith(r["status"] + ":")
        assert r["status_note"][:40] in line  # and why
