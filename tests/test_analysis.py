"""Helpers shared by the notebooks keep blank, missing and not-available apart."""
from __future__ import annotations

import polars as pl

from ogi import analysis as oa

from .conftest import ROOT


def tables():
    return oa.load_package(ROOT / "datapackage.json")


def test_load_package_types_come_from_the_descriptor():
    t = tables()
    assert t["observations"].schema["year"] == pl.Int64
    assert t["observations"].schema["value"] == pl.Float64
    assert t["checks"].schema["passed"] == pl.Boolean
    assert t["observations"].height == len((ROOT / "data/observations.csv").read_text().splitlines()) - 1


def test_completeness_keeps_blank_missing_and_not_available_apart():
    t = tables()
    comp = oa.completeness(t, ["requests_received", "staff_total"])
    state = {(r["report_id"], r["indicator_id"]): r["state"] for r in comp.iter_rows(named=True)}
    guandu = t["reports"].filter(pl.col("raw_path").str.contains("guandu"))["report_id"][0]
    bijie = t["reports"].filter(pl.col("raw_path").str.contains("bijie"))["report_id"][0]
    tangyuan = t["reports"].filter(pl.col("raw_path").str.contains("tangyuan"))["report_id"][0]
    assert state[(guandu, "requests_received")] == "blank"            # seed 000 line 44
    assert state[(bijie, "staff_total")] == "table not in text"       # seed 004: .xls attachment
    assert state[(tangyuan, "staff_total")] == "not stated"
    assert state[(tangyuan, "requests_received")] == "in_words"       # 没有收到信息公开申请


def test_completeness_shares_sum_to_100_per_indicator():
    comp = pl.DataFrame({"report_id": ["a", "b", "c", "d", "a", "b", "c", "d"],
                         "year": [2017] * 8,
                         "indicator_id": ["x"] * 4 + ["y"] * 4,
                         "state": ["printed", "printed", "blank", "not stated",
                                   "table not in text", "not stated", "not stated", "not stated"]})
    shares = {r["indicator_id"]: r for r in oa.completeness_shares(comp).iter_rows(named=True)}
    assert (shares["x"]["printed"], shares["x"]["blank"], shares["x"]["not stated"]) == (50.0, 25.0, 25.0)
    assert (shares["y"]["table not in text"], shares["y"]["not stated"], shares["y"]["printed"]) == (25.0, 75.0, 0.0)
    assert all(abs(sum(r[s] for s in oa.STATES) - 100) < 1e-9 for r in shares.values())


def test_mean_shares_by_year_skip_what_a_report_does_not_state():
    f = pl.DataFrame({"report_id": ["a", "b", "c", "d"], "year": [2017, 2017, 2017, 2018],
                      "x": [1.0, 3.0, None, 2.0], "y": [3.0, None, 5.0, 2.0], "t": [4.0, 4.0, 5.0, 0.0]})
    got = {r["year"]: r for r in oa.mean_shares_by_year(f, ["x", "y"], "t").iter_rows(named=True)}
    assert got[2017]["x"] == 50.0      # (25 + 75) / 2: c does not state x
    assert got[2017]["y"] == 87.5      # (75 + 100) / 2: b does not state y
    assert got[2017]["n_reports"] == 3 and 2018 not in got  # a total of zero shares nothing
    by_parts = {r["year"]: r for r in oa.mean_shares_by_year(f, ["x", "y"]).iter_rows(named=True)}
    assert by_parts[2018]["x"] == 50.0


def test_pooled_per_100_by_year():
    f = pl.DataFrame({"report_id": ["a", "b", "c"], "year": [2017, 2017, 2017],
                      "n": [1.0, 3.0, 9.0], "d": [100.0, 300.0, None]})
    got = oa.pooled_per_100_by_year(f, "n", "d").row(0, named=True)
    assert (got["per_100"], got["n_reports"]) == (1.0, 2)


def test_per_100_refuses_missing_blank_and_zero_denominators():
    f = pl.DataFrame({"a": [1.0, 2.0, 3.0, None], "b": [4.0, 0.0, None, 5.0]})
    got = f.select(oa.per_100("a", "b").alias("r"))["r"].to_list()
    assert got == [25.0, None, None, None]


def test_wide_has_one_row_per_published_report():
    t = tables()
    w = oa.wide(t, ["requests_received", "proactive_total"])
    assert w.height == oa.published_reports(t).height
    assert set(w["requests_received"].drop_nulls().to_list()) >= {8.0, 27.0, 22.0}


def test_save_figure_is_deterministic(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    a = oa.save_figure(fig, "x", tmp_path / "a").read_bytes()
    b = oa.save_figure(fig, "x", tmp_path / "b").read_bytes()
    assert a == b
