"""checks.csv says what could and could not be checked: every identity of a report's template is a
row (passed, failed or not_evaluable with the parts that have no number), and so is every
indicator a sentence and the table both state."""
from __future__ import annotations

import csv
from collections import defaultdict

from ogi import model
from ogi.codebook import load
from ogi.identities import applicable, check_rows
from ogi.publish.write import schema

from .conftest import ROOT, SEEDS


def _read(name: str) -> list[dict]:
    with (ROOT / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _by_seed() -> dict[str, dict]:
    reports = {r["raw_path"]: r for r in _read("reports")}
    return {key: reports[path] for key, path in SEEDS.items()}


def _checks(report_id: str) -> dict[str, dict]:
    return {c["check_id"]: c for c in _read("checks") if c["report_id"] == report_id}


def test_every_identity_of_the_template_has_a_row_for_every_published_report():
    checks = defaultdict(set)
    for c in _read("checks"):
        checks[c["report_id"]].add(c["check_id"])
    published = [r for r in _read("reports") if r["status"] in ("parsed", "partial")]
    assert len(published) == 5
    for r in published:
        expected = {i["identity_id"] for i in applicable(load(), r["template"])}
        assert expected, r["template"]
        assert expected <= checks[r["report_id"]], (r["raw_path"], expected - checks[r["report_id"]])
        assert checks[r["report_id"]] - expected <= {c for c in checks[r["report_id"]]
                                                     if c.startswith("narrative_vs_table:")}


def test_the_pre2019_report_has_its_checks_and_says_which_cells_are_blank():
    """Seed 000 (官渡区 2016, pre-2019 table): before, no check at all because cells are blank."""
    rep = _by_seed()["000"]
    assert rep["template"] == "pre2019_table"
    c = _checks(rep["report_id"])
    assert len([k for k in c if not k.startswith("narrative")]) == 7
    staff = c["staff_eq_full_plus_part"]  # 从事…人员数 2, 专职 blank, 兼职 2
    assert (staff["result"], staff["passed"], staff["expected"], staff["observed"]) == ("not_evaluable", "", "", "")
    assert staff["parts_without_value"] == "staff_full_time:blank"
    assert staff["kind"] == "identity"
    received = c["received_eq_channels"]  # the request section of the table is left blank
    assert received["result"] == "not_evaluable"
    assert received["parts_without_value"].split() == [
        "requests_received:blank", "requests_received_in_person:blank", "requests_received_fax:blank",
        "requests_received_online:blank", "requests_received_mail:blank"]


def test_the_2019_report_passes_its_printed_identities_and_names_derived_totals():
    rep = _by_seed()["001"]  # 高坪区 2019, the 2019 format
    c = _checks(rep["report_id"])
    total = c["completed_eq_outcomes__total"]
    assert (total["result"], total["passed"], total["expected"], total["observed"]) == ("passed", "true", "8", "8")
    handled = c["received_plus_carried_in_eq_completed_plus_carried_out__total"]
    assert handled["result"] == "passed" and handled["observed"] == "8"
    denied = c["denied_eq_reasons_2019__total"]  # the form prints no 不予公开 subtotal
    assert (denied["result"], denied["parts_without_value"]) == ("not_evaluable", "requests_denied:derived")
    narrative = c["narrative_vs_table:requests_received"]  # 收到…申请8件 in the prose and 8 in the table
    assert (narrative["kind"], narrative["result"], narrative["expected"], narrative["observed"]) == \
        ("narrative_vs_table", "passed", "8", "8")
    assert {x["result"] for x in c.values()} == {"passed", "not_evaluable"}


def test_prose_only_reports_say_what_the_prose_leaves_out():
    """Seed 002 (汤原县, prose only): 没有收到信息公开申请 states the requests (zero) but no channel."""
    c = _checks(_by_seed()["002"]["report_id"])
    received = c["received_eq_channels"]
    assert received["result"] == "not_evaluable"
    parts = received["parts_without_value"].split()
    assert "requests_received_online:missing" in parts
    assert not any(p.startswith("requests_received:") for p in parts)  # stated, in words


def test_not_evaluable_parts_agree_with_the_observations():
    obs = {(o["report_id"], o["indicator_id"]): o for o in _read("observations")}
    identities = {i["identity_id"]: i for i in load().identities}
    n = 0
    for c in _read("checks"):
        assert c["result"] in model.CHECK_RESULTS and c["kind"] in model.CHECK_KINDS
        assert c["passed"] == {"passed": "true", "failed": "false", "not_evaluable": ""}[c["result"]]
        if c["result"] != "not_evaluable":
            assert c["expected"] != "" and c["observed"] != "", c
            continue
        n += 1
        ident = identities[c["check_id"]]
        operands = ident["left_ids"].split() + ident["right_ids"].split()
        parts = dict(p.split(":") for p in c["parts_without_value"].split())
        assert parts and set(parts) <= set(operands)
        for iid in operands:
            o = obs.get((c["report_id"], iid))
            state = ("missing" if o is None else "derived" if o["method"] == "derived"
                     else "blank" if o["value_status"] == "blank" else None)
            assert parts.get(iid) == state, (c["report_id"], c["check_id"], iid)
    assert n >= 40


def test_a_failed_identity_and_a_blank_table_cell_against_a_sentence():
    cb = load()
    obs = [{"indicator_id": "staff_total", "value": 5, "method": "table_pipe_rows"},
           {"indicator_id": "staff_full_time", "value": 1, "method": "table_pipe_rows"},
           {"indicator_id": "staff_part_time", "value": 2, "method": "table_pipe_rows"},
           {"indicator_id": "requests_received", "value": None, "method": "table_pipe_rows"}]
    assembled = [
        {"check_id": "staff_eq_full_plus_part", "description": "Staff", "expected": "3", "observed": "5", "passed": False},
        {"check_id": "narrative_vs_table:requests_received", "description": "x", "expected": "blank",
         "observed": "3", "passed": False},
    ]
    rows = {r["check_id"]: r for r in check_rows(assembled, obs, "pre2019_table", cb)}
    assert (rows["staff_eq_full_plus_part"]["result"], rows["staff_eq_full_plus_part"]["expected"]) == ("failed", "3")
    blank = rows["narrative_vs_table:requests_received"]
    assert (blank["result"], blank["kind"], blank["expected"], blank["parts_without_value"]) == \
        ("failed", "narrative_vs_table", None, "requests_received:blank")
    assert rows["received_eq_channels"]["parts_without_value"].split()[0] == "requests_received:blank"
    assert len(rows) == 2 + 6  # the six other identities of the pre-2019 table, not evaluable
    assert list(rows) == sorted(rows)
    assert check_rows([], [], None, cb) == []  # a file not read as a report: nothing to check


def test_schema_vocabularies_of_checks_match_the_code():
    fields = {f["name"]: f for r in schema()["resources"] if r["name"] == "checks" for f in r["fields"]}
    assert tuple(fields["result"]["enum"]) == model.CHECK_RESULTS
    assert tuple(fields["kind"]["enum"]) == model.CHECK_KINDS
    assert not fields["passed"].get("required")
    assert fields["expected"]["type"] == fields["observed"]["type"] == "number"
