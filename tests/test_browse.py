"""`ogi browse` serves the package in Datasette: started on a loopback port, its pages show the
descriptor's titles and column descriptions, the codebook joined to observations and the facets."""
from __future__ import annotations

import csv
import html
import json
import subprocess
import sys
import urllib.request

import pytest

from ogi.publish.browse import FACETS, datasette_metadata, free_port, wait_until_up
from ogi.publish.formats import VIEW

from .conftest import ROOT, SEEDS

PACKAGE = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
DB = PACKAGE["name"]


def _csv(name: str) -> list[dict]:
    with (ROOT / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_metadata_comes_from_the_descriptor():
    meta = datasette_metadata(PACKAGE)
    assert meta["title"] == PACKAGE["title"] and meta["license"] == "CC-BY-4.0"
    tables = meta["databases"][DB]["tables"]
    for res in PACKAGE["resources"]:
        t = tables[res["name"]]
        assert t["title"] == res["title"] and t["description"] == res["description"]
        assert t["columns"] == {f["name"]: f["description"] for f in res["schema"]["fields"]}
    assert tables[VIEW]["facets"] == ["year", "province", "indicator_id", "method"]
    assert tables[VIEW]["columns"]["province"] == tables["agencies"]["columns"]["province"]
    assert tables[VIEW]["columns"]["label_en"] == tables["indicators"]["columns"]["label_en"]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as r:
        assert r.status == 200
        return r.read().decode("utf-8")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = free_port()
    out = tmp_path_factory.mktemp("browse")
    proc = subprocess.Popen([sys.executable, "-m", "ogi.cli", "browse", "--package", str(ROOT / "datapackage.json"),
                             "--out", str(out), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/-/versions.json", proc, timeout=90)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()


def test_observations_page_shows_titles_descriptions_facets_and_rows(server):
    page = html.unescape(_get(f"{server}/{DB}/observations"))
    res = next(r for r in PACKAGE["resources"] if r["name"] == "observations")
    assert res["title"] in page
    value_status = next(f for f in res["schema"]["fields"] if f["name"] == "value_status")
    assert value_status["description"] in page  # a column description
    for facet in FACETS["observations"]:
        assert f'data-column="{facet}"' in page and f'id="facet-{facet}"' in page, facet
    assert f"{len(_csv('observations'))} rows" in page
    assert "requests_received" in page and "table_cell_lines" in page
    assert "高坪区人民政府办公室" in page  # agency_id labelled by the agency's name


def test_the_view_joins_the_codebook_and_has_the_facets(server):
    page = html.unescape(_get(f"{server}/{DB}/{VIEW}?_facet_size=10"))
    assert "Indicator values with the codebook, report and agency" in page
    for facet in ("year", "province", "indicator_id", "method"):
        assert f'id="facet-{facet}"' in page, facet
    assert "黑龙江省" in page and "四川省" in page  # provinces as facet values
    gaoping = next(r for r in _csv("reports") if r["raw_path"] == SEEDS["001"])["report_id"]
    rows = json.loads(_get(f"{server}/{DB}/{VIEW}.json?_shape=array&report_id={gaoping}"
                           "&indicator_id=requests_received"))
    assert len(rows) == 1
    row = rows[0]
    assert (row["value"], row["label_en"], row["label_zh"].startswith("收到申请数"), row["province"],
            row["county"], row["year"], row["method"]) == \
        (8, "Requests received", True, "四川省", "高坪区", 2019, "table_cell_lines")


def test_checks_say_what_could_not_be_checked(server):
    rows = json.loads(_get(f"{server}/{DB}/checks.json?_shape=array&result=not_evaluable&_size=max"))
    assert len(rows) == sum(1 for c in _csv("checks") if c["result"] == "not_evaluable")
    assert any(r["parts_without_value"] == "staff_full_time:blank" for r in rows)
